"""Path-loss models: the name table, P.1238 classic and site-general published numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.rf.helpers import building, settings
from wifiplan.errors import ConfigError
from wifiplan.rf.engine import path_loss_db
from wifiplan.rf.models import MODELS, PathContext, get_model, p1238, p1238_coefficients, p1238_site


def ctx(freq_mhz: float, d_m: float, *, floors: int = 0, slab_db: float = 0.0, **params) -> PathContext:
    return PathContext("5", settings(params=params), np.array([[freq_mhz]]), np.array([[d_m]]), floors, slab_db)


def test_p1238_published_example_2114mhz_residential_two_floors():
    # ns-3 buildings-pathloss-test #6 "ITUP1238": 2114 MHz, residential, 2 floors, HeNB at
    # (0, 0, 10) and UE at (30, 0, 1): d = sqrt(981) = 31.32 m -> 88.3855 dB, i.e.
    # 20 log10(2114) + 28 log10(31.32) + 4*2 - 28 with N = 28, Lf(n) = 4n (1.8-2 GHz residential)
    d = math.sqrt(981.0)
    expected = 20 * math.log10(2114) + 28 * math.log10(d) + 8 - 28
    assert round(expected, 4) == 88.3855
    value = float(p1238(ctx(2114.0, d, floors=2, environment="residential"))[0, 0])
    assert_allclose(value, expected, atol=1e-9)
    assert round(value, 4) == 88.3855


@pytest.mark.parametrize(
    ("freq", "env", "floors", "n_coef", "lf"),
    [(1900.0, "office", 1, 30.0, 15.0), (1900.0, "office", 3, 30.0, 23.0), (1900.0, "commercial", 2, 22.0, 9.0),
     (2437.0, "office", 1, 30.0, 14.0), (5180.0, "office", 1, 31.0, 16.0), (5180.0, "office", 0, 31.0, 0.0),
     (2437.0, "commercial", 1, 22.0, 6.0)],
)
def test_p1238_table_rows(freq, env, floors, n_coef, lf):
    assert p1238_coefficients(freq, env, floors) == (n_coef, lf)


def test_p1238_office_2_4ghz_derived_examples():
    # standards.md §1.2: office, 2.4 GHz, N = 30 -> 69.6 dB at 10 m, 78.6 dB at 20 m (f = 2400 MHz)
    assert_allclose(float(p1238(ctx(2400.0, 10.0, environment="office"))[0, 0]), 69.6, atol=0.05)
    assert_allclose(float(p1238(ctx(2400.0, 20.0, environment="office"))[0, 0]), 78.6, atol=0.05)


def test_p1238_unknown_environment_lists_valid_ones():
    with pytest.raises(ConfigError, match="commercial, office, residential"):
        p1238(ctx(2400.0, 10.0, environment="warehouse"))


# standards.md §1.3 derived table: (f GHz, d m) -> office LoS, office NLoS, corridor NLoS
SITE_TABLE = [
    (2.45, 10, 57.1, 63.4, 66.6), (2.45, 20, 61.5, 70.8, 75.0),
    (5.5, 10, 64.2, 71.8, 75.3), (5.5, 20, 68.6, 79.2, 83.7),
    (6.2, 10, 65.3, 73.0, 76.6), (6.2, 20, 69.7, 80.4, 85.0),
]


@pytest.mark.parametrize(("f_ghz", "d", "los", "nlos", "corridor"), SITE_TABLE)
def test_p1238_site_reproduces_the_derived_table(f_ghz, d, los, nlos, corridor):
    for env, expected in (("office-los", los), ("office-nlos", nlos), ("corridor-nlos", corridor)):
        value = float(p1238_site(ctx(f_ghz * 1000.0, float(d), environment=env))[0, 0])
        assert_allclose(value, expected, atol=0.05, err_msg=env)


def test_p1238_site_hand_value_and_slabs():
    # office NLoS: 10*2.46*log10(10) + 29.53 + 10*2.38*log10(2.45) = 63.39
    expected = 24.6 + 29.53 + 23.8 * math.log10(2.45)
    assert_allclose(float(p1238_site(ctx(2450.0, 10.0))[0, 0]), expected, atol=1e-9)
    assert_allclose(float(p1238_site(ctx(2450.0, 10.0, slab_db=24.0))[0, 0]), expected + 24.0, atol=1e-9)


def test_p1238_site_unknown_environment():
    with pytest.raises(ConfigError, match="office-nlos"):
        p1238_site(ctx(2450.0, 10.0, environment="office"))


def test_unknown_model_name_lists_the_valid_ones():
    with pytest.raises(ConfigError) as err:
        get_model("cost231")
    assert all(name in str(err.value) for name in MODELS)


def test_a_callable_model_is_accepted_by_the_engine():
    b = building([{"walls": [{"material": "drywall", "path": [[5, 0], [5, 10]]}]}])

    def flat(c: PathContext) -> np.ndarray:
        return np.full_like(c.distance_m, 50.0) + c.wall_loss_db()

    assert get_model(flat) is flat
    loss = path_loss_db(b, settings(), tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="1F",
                        rx_xy=[[8, 5.5], [3, 5]], band="5", freq_mhz=5180.0, model=flat)
    assert_allclose(loss, [[54.0, 50.0]])


def test_engine_uses_settings_model_p1238_across_floors():
    # the same published case through the engine: AP on 3F (elevation 6 m) mounted 4 m up
    # (z = 10 m), receiver on 1F at 1 m, 30 m apart horizontally, 2 floors crossed
    b = building([{"elevation_m": 0}, {"elevation_m": 3.0}, {"elevation_m": 6.0}])
    s = settings(model="p1238", params={"environment": "residential"})
    loss = path_loss_db(b, s, tx_floor="3F", tx_xy=[[1, 5]], tx_height_m=4.0, rx_floor="1F",
                        rx_xy=[[31, 5]], band="2.4", freq_mhz=2114.0)
    assert round(float(loss[0, 0]), 4) == 88.3855
