"""Floor-slab materials against an independent ITU-R P.2040 single-slab computation."""

from __future__ import annotations

import cmath
import math

import pytest
from numpy.testing import assert_allclose

from wifiplan.library import load_library

# ITU-R P.2040-3 Table 3: eps' = a f^b, sigma = c f^d (f in GHz), as in Sionna [S21] (standards.md §1.8(c)).
CONCRETE = (5.24, 0.0, 0.0462, 0.7822)
WOOD = (1.99, 0.0, 0.0047, 1.0718)
PLASTERBOARD = (2.73, 0.0, 0.0085, 0.9395)
BANDS = {"2.4": 2.45, "5": 5.5, "6": 6.2}


def p2040_slab_loss_db(f_ghz: float, thickness_m: float, material, theta_deg: float = 0.0) -> float:
    """Transmission loss of a homogeneous slab (P.2040 slab with multiple internal reflections),
    mean of the TE and TM power transmission, dB. Written from the textbook equations, not the code."""
    a, b, c, d = material
    eps = a * f_ghz**b - 1j * 17.98 * c * f_ghz**d / f_ghz
    th = math.radians(theta_deg)
    cos_i, sin2 = math.cos(th), math.sin(th) ** 2
    root = cmath.sqrt(eps - sin2)
    q = 2 * math.pi * thickness_m * f_ghz / 0.299792458 * root
    powers = []
    for r in ((cos_i - root) / (cos_i + root), (eps * cos_i - root) / (eps * cos_i + root)):
        t = (1 - r * r) * cmath.exp(-1j * q) / (1 - r * r * cmath.exp(-2j * q))
        powers.append(abs(t) ** 2)
    return -10 * math.log10(sum(powers) / 2)


# standards.md §1.8(c), derived table (normal incidence, 2.45 / 5.5 / 6.2 GHz)
@pytest.mark.parametrize(("material", "mm", "published"), [
    (CONCRETE, 100, (8.1, 14.0, 15.3)), (CONCRETE, 150, (11.5, 20.2, 22.1)),
    (CONCRETE, 200, (14.8, 26.5, 28.9)), (CONCRETE, 300, (21.4, 39.0, 42.7)),
    (WOOD, 40, (0.6, 1.5, 1.9)), (PLASTERBOARD, 12.5, (1.1, 1.0, 0.8)),
])
def test_the_independent_slab_equations_reproduce_the_published_table(material, mm, published):
    got = [p2040_slab_loss_db(f, mm / 1000, material) for f in BANDS.values()]
    assert_allclose(got, published, atol=0.051)


@pytest.mark.parametrize(("name", "layers"), [
    ("rc-slab-150", [(CONCRETE, 0.15)]),
    ("rc-slab-200", [(CONCRETE, 0.2)]),
    ("rc-slab-250", [(CONCRETE, 0.25)]),
    ("hollow-core-slab", [(CONCRETE, 0.12)]),   # 200 mm plank, ~120 mm of solid concrete (estimate)
    ("clt-slab", [(WOOD, 0.2)]),
    ("timber-joist-floor", [(WOOD, 0.04), (PLASTERBOARD, 0.0125)]),
])
def test_shipped_slab_losses_follow_p2040(name, layers):
    material = load_library().materials[name]
    for band, f in BANDS.items():
        expected = sum(p2040_slab_loss_db(f, t, m) for m, t in layers)
        assert_allclose(material.loss_db[band], expected, atol=0.051, err_msg=f"{name} {band}")


def test_p2040_200mm_concrete_is_26_5_db_at_5_5_ghz():
    # the published figure (standards.md §2.7 "Concrete slabs")
    assert load_library().materials["rc-slab-200"].loss_db["5"] == 26.5


@pytest.mark.parametrize("f_ghz", [2.45, 5.5, 6.2])
def test_oblique_cap_bounds_the_p2040_oblique_slab_up_to_80_degrees(f_ghz):
    # multiwall-office caps 1/cos(theta) at 1.3. P.2040's own oblique slab (the ray bends towards
    # the normal inside the slab) grows far less than 1/cos: at 5.5 GHz 26.5 -> 31.7 dB at 80 deg (x1.20).
    normal = p2040_slab_loss_db(f_ghz, 0.2, CONCRETE)
    at80 = p2040_slab_loss_db(f_ghz, 0.2, CONCRETE, 80.0)
    assert 1.05 < at80 / normal <= 1.3
    assert at80 / normal < 1 / math.cos(math.radians(80.0)) / 4  # 1/cos 80 deg = 5.76


def test_legacy_concrete_slab_is_unchanged():
    # plans written before issue 12 resolve concrete-slab to P.1238's 14 / 16 dB [S7], [S1]
    assert load_library().materials["concrete-slab"].loss_db == {"2.4": 14.0, "5": 16.0, "6": 17.4}
