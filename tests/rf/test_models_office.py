"""multiwall-office: TGax published figures, hand calculations (walls, slabs, oblique incidence), errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.rf.helpers import ap, building, settings
from wifiplan.errors import ConfigError
from wifiplan.model.plan import Settings
from wifiplan.rf.engine import path_loss_db, rssi_dbm
from wifiplan.rf.models import MODELS, default_params, get_model
from wifiplan.rf.models_office import OFFICE_DEFAULT_PARAMS, multiwall_office, oblique_factor, office_distance_loss_db
from wifiplan.rf.context import PathContext

#: TGax enterprise parameters (breakpoint 10 m) for the published-figure and hand-value tests.
TGAX = {**OFFICE_DEFAULT_PARAMS, "breakpoint_m": 10.0}
OFFICE = {"model": "multiwall-office", "params": TGAX}


def ctx(freq_mhz: float, d_m: float, *, floors: int = 0, slab_db: float = 0.0, dh: float | None = None, **params) -> PathContext:
    s = settings(model="multiwall-office", params={**TGAX, **params})
    dz = None if dh is None else np.array([[dh]])
    return PathContext("5", s, np.array([[freq_mhz]]), np.array([[d_m]]), floors, slab_db, height_diff_m=dz)


def test_registered_with_its_parameters_recorded():
    assert get_model("multiwall-office") is multiwall_office and "multiwall-office" in MODELS
    # TGax enterprise slope [S9] 35 dB/decade beyond a 20 m breakpoint (chosen on measured data) and
    # the oblique cap, argued in docs/propagation.md
    assert default_params("multiwall-office") == {"breakpoint_m": 20.0, "exponent_beyond_breakpoint": 3.5,
                                                   "slab_oblique_cap": 1.3}


# standards.md §1.6 (derived from the TGax enterprise formula, no walls, 5.5 GHz):
# 61.2 dB at 5 m, 67.3 at 10 m, 77.8 at 20 m, 84.0 at 30 m.
@pytest.mark.parametrize(("d", "published"), [(5.0, 61.2), (10.0, 67.3), (20.0, 77.8), (30.0, 84.0)])
def test_tgax_enterprise_published_figures_at_5_5_ghz(d, published):
    assert_allclose(float(multiwall_office(ctx(5500.0, d))[0, 0]), published, atol=0.05)


def test_tgax_formula_at_2_4_ghz_matches_its_own_constant():
    # TGax: 40.05 + 20 log10(fc/2.4) + 20 log10(min(d,10)) + 35 log10(d/10); at 2.4 GHz and 25 m:
    # 40.05 + 0 + 20 + 35*log10(2.5) = 40.05 + 20 + 13.928 = 73.98 dB.
    # Ours: FSPL(1 m, 2400 MHz) = 20 log10(2400) - 27.55 = 67.604 - 27.55 = 40.054 dB -> 73.98 dB.
    assert_allclose(float(multiwall_office(ctx(2400.0, 25.0))[0, 0]), 40.05 + 20 + 35 * math.log10(2.5), atol=0.01)


def test_below_breakpoint_is_free_space():
    # 5180 MHz, 4 m: FSPL = 20 log10(5180) - 27.55 + 20 log10(4) = 74.2866 - 27.55 + 12.0412 = 58.778 dB
    assert_allclose(float(multiwall_office(ctx(5180.0, 4.0))[0, 0]), 58.778, atol=1e-3)


def test_distance_term_hand_values():
    # 2 * 10 log10(10) = 20; + 3.5 * 10 log10(40/10) = 35 * 0.60206 = 21.072 -> 41.072
    got = office_distance_loss_db(np.array([1.0, 10.0, 40.0]), 2.0, 10.0, 3.5)
    assert_allclose(got, [0.0, 20.0, 41.072], atol=1e-3)
    # a shorter breakpoint (5 m, TGax residential) with the same slope: 20*log10(5) + 35*log10(8) = 13.979 + 31.609
    assert_allclose(office_distance_loss_db(np.array([40.0]), 2.0, 5.0, 3.5), [45.588], atol=1e-3)


def test_walls_are_added_once_on_top_of_the_distance_term():
    # 1F, AP at (1, 5) 2.7 m high, receiver at (19, 5) 1.0 m high, two drywalls (4 dB at 5 GHz)
    # d = sqrt(18^2 + 1.7^2) = 18.080 m; FSPL(1 m, 5180) = 46.7366;
    # 20 + 35*log10(1.8080) = 20 + 9.0020 = 29.0020; walls 2 * 4 = 8 -> 83.739 dB
    b = building([{"walls": [{"material": "drywall", "path": [[5, 0], [5, 10]]},
                             {"material": "drywall", "path": [[12, 0], [12, 10]]}]}])
    s = settings(**OFFICE)
    loss = path_loss_db(b, s, tx_floor="1F", tx_xy=np.array([[1.0, 5.0]]), tx_height_m=2.7, rx_floor="1F",
                        rx_xy=np.array([[19.0, 5.0]]), band="5", freq_mhz=5180.0)
    d = math.hypot(18.0, 1.7)
    expected = 20 * math.log10(5180) - 27.55 + 20 + 35 * math.log10(d / 10) + 8.0
    assert_allclose(float(loss[0, 0]), expected, atol=1e-6)
    assert_allclose(expected, 83.739, atol=1e-3)


def test_oblique_factor_hand_values():
    # |dh| = 1.8 m: vertical -> 1; d = 2.0591 (1 m across) -> 1.1440; far -> cap 1.3; dh = 0 -> cap
    got = oblique_factor(np.array([[-1.8], [0.0]]), np.array([[1.8, math.hypot(1.0, 1.8), 9.0], [5.0, 5.0, 5.0]]), 1.3)
    assert_allclose(got, [[1.0, math.hypot(1.0, 1.8) / 1.8, 1.3], [1.3, 1.3, 1.3]], atol=1e-12)
    assert_allclose(got[0, 1], 1.1440, atol=1e-4)


def _two_floors():
    # 1F at 0 m, 2F at 3.5 m (helpers), slab under 2F = concrete-slab (24 dB at 5 GHz in the test settings)
    return building([{}, {}])


@pytest.mark.parametrize(("dx", "factor"), [(0.0, 1.0), (1.0, math.hypot(1.0, 1.8) / 1.8), (6.0, 1.3)])
def test_slab_loss_grows_with_the_path_through_it(dx, factor):
    # AP on 1F at 2.7 m (2.7 m above 0 m), receiver on 2F at 3.5 + 1.0 = 4.5 m: dh = 1.8 m.
    # dx = 0: d = 1.8 -> FSPL(1 m) + 20 log10(1.8) + 24 * 1     = 46.7366 + 5.1055 + 24    = 75.842
    # dx = 1: d = 2.0591 -> 46.7366 + 6.2742 + 24 * 1.14396         = 80.466
    # dx = 6: d = 6.2642 (1/cos = 3.48, capped at 1.3) -> 46.7366 + 15.9374 + 31.2 = 93.874
    b = _two_floors()
    s = settings(**OFFICE)
    loss = path_loss_db(b, s, tx_floor="1F", tx_xy=np.array([[5.0, 5.0]]), tx_height_m=2.7, rx_floor="2F",
                        rx_xy=np.array([[5.0 + dx, 5.0]]), band="5", freq_mhz=5180.0)
    d = math.hypot(dx, 1.8)
    expected = 20 * math.log10(5180) - 27.55 + 20 * math.log10(d) + 24.0 * factor
    assert_allclose(float(loss[0, 0]), expected, atol=1e-6)


def test_hand_numbers_of_the_slab_cases():
    # the arithmetic written in the comments above
    f1 = 20 * math.log10(5180) - 27.55
    assert_allclose(f1 + 20 * math.log10(1.8) + 24.0, 75.842, atol=1e-3)
    assert_allclose(f1 + 20 * math.log10(math.hypot(1, 1.8)) + 24.0 * math.hypot(1, 1.8) / 1.8, 80.466, atol=1e-3)
    assert_allclose(f1 + 20 * math.log10(math.hypot(6, 1.8)) + 24.0 * 1.3, 93.874, atol=1e-3)


def test_two_slabs_and_the_far_slope_together():
    # 3 floors (0, 3.5, 7 m); AP on 1F at 2.7 m, receiver on 3F at 8.0 m: dh = 5.3 m, 20 m across:
    # d = sqrt(400 + 28.09) = 20.690 m; 1/cos = 3.904 -> cap 1.3; slabs 2 * 24 * 1.3 = 62.4
    # PL = 46.7366 + 20 + 35*log10(2.0690) + 62.4 = 46.7366 + 20 + 11.0515 + 62.4 = 140.188 dB
    b = building([{}, {}, {}])
    s = settings(**OFFICE)
    loss = path_loss_db(b, s, tx_floor="1F", tx_xy=np.array([[0.0, 5.0]]), tx_height_m=2.7, rx_floor="3F",
                        rx_xy=np.array([[20.0, 5.0]]), band="5", freq_mhz=5180.0)
    assert_allclose(float(loss[0, 0]), 140.188, atol=1e-3)


def test_walls_are_not_counted_across_floors():
    walls = [{"material": "concrete", "path": [[10, 0], [10, 10]]}]
    with_walls = building([{"walls": walls}, {"walls": walls}])
    without = _two_floors()
    s = settings(**OFFICE)
    kw = dict(tx_floor="1F", tx_xy=np.array([[2.0, 5.0]]), tx_height_m=2.7, rx_floor="2F",
              rx_xy=np.array([[18.0, 5.0]]), band="5", freq_mhz=5180.0)
    assert_allclose(path_loss_db(with_walls, s, **kw), path_loss_db(without, s, **kw), atol=1e-12)


def test_rssi_through_the_engine_with_culling_matches_the_model():
    # culling must not change values above the cull level: AP 17 dBm, 0 dBi, 30 m away on the same floor
    # PL = 46.7366 + 20 + 35*log10(sqrt(900 + 2.89)/10) = 46.7366 + 20 + 16.7236 = 83.460 -> RSSI -66.460
    b = building([{"outline": [[0, 0], [40, 0], [40, 10], [0, 10]]}])
    s = settings(**OFFICE)
    got = rssi_dbm(b, s, [ap("A", [1.0, 5.0], height=2.7)], "5", "1F", np.array([[31.0, 5.0]]))
    assert_allclose(float(got[0, 0]), 17.0 - 83.460, atol=1e-3)


@pytest.mark.parametrize(("key", "value", "match"), [
    ("breakpoint_m", 0.0, "breakpoint_m: must be in 1..100"),
    ("exponent_beyond_breakpoint", "steep", "exponent_beyond_breakpoint: must be a number"),
    ("slab_oblique_cap", 0.5, "slab_oblique_cap: must be in 1..10"),
])
def test_bad_parameters_are_located_config_errors(key, value, match):
    with pytest.raises(ConfigError, match=match):
        multiwall_office(ctx(5180.0, 12.0, **{key: value}))


def test_missing_parameters_take_the_defaults():
    # breakpoint 20 m: free space to 20 m (73.3 dB at 5.5 GHz, standards.md §1.6 FSPL column), then
    # 35 dB/decade: 40 m -> 47.255 + 20 log10(20) + 35 log10(2) = 47.255 + 26.021 + 10.536 = 83.81 dB
    bare = PathContext("5", Settings(model="multiwall-office"), np.array([[5500.0]]), np.array([[20.0, 40.0]]), 0, 0.0)
    assert_allclose(multiwall_office(bare)[0], [73.3, 83.81], atol=0.05)
