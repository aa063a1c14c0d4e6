"""Multi-wall path loss and RSSI against hand calculations (0.01 dB)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.rf.helpers import ap, building, settings
from wifiplan.errors import ConfigError, InputError
from wifiplan.model.plan import AccessPoint, Radio
from wifiplan.rf.engine import band_aps, eirp_dbm, floor_order, path_loss_db, rssi_dbm


def fspl1(f_mhz: float) -> float:
    return 20 * math.log10(f_mhz) - 27.55


def test_one_drywall_at_10m_5180mhz_by_hand():
    # AP 2.7 m above the floor, receiver at 1.0 m, 10 m apart horizontally, one drywall (4 dB at 5 GHz)
    b = building([{"walls": [{"material": "drywall", "path": [[7, 0], [7, 10]]}]}])
    d = math.sqrt(10**2 + (2.7 - 1.0) ** 2)
    expected = 20 * math.log10(5180) - 27.55 + 10 * 2.0 * math.log10(d) + 4.0
    loss = path_loss_db(b, settings(), tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="1F",
                        rx_xy=[[12, 5]], band="5", freq_mhz=5180.0)
    assert loss.shape == (1, 1)
    assert_allclose(loss[0, 0], expected, atol=0.01)
    assert_allclose(loss[0, 0], 70.86, atol=0.01)  # 46.74 + 20.12 + 4.00 (worked by hand)


def test_exponent_and_receiver_height_come_from_settings():
    b = building([{}])
    s = settings(path_loss_exponent=3.0, receiver_height_m=1.5)
    d = math.sqrt(8**2 + (2.5 - 1.5) ** 2)
    loss = path_loss_db(b, s, tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.5, rx_floor="1F",
                        rx_xy=[[10, 5]], band="2.4", freq_mhz=2437.0)
    assert_allclose(loss[0, 0], fspl1(2437) + 30 * math.log10(d), atol=1e-9)


def test_distance_is_at_least_one_metre():
    b = building([{}])
    s = settings(receiver_height_m=2.7)
    loss = path_loss_db(b, s, tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="1F",
                        rx_xy=[[2, 5], [2.5, 5]], band="5", freq_mhz=5180.0)
    assert_allclose(loss[0], [fspl1(5180), fspl1(5180)], atol=1e-9)


def test_materials_from_settings_win_over_the_library():
    b = building([{"walls": [{"material": "drywall", "path": [[7, 0], [7, 10]]}]}])
    s = settings()
    s.materials = {**s.materials, "drywall": {"2.4": 3.0, "5": 9.5, "6": 5.0}}
    free = path_loss_db(b, s, tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="1F",
                        rx_xy=[[6, 5]], band="5", freq_mhz=5180.0)[0, 0]
    walled = path_loss_db(b, s, tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="1F",
                          rx_xy=[[8, 5]], band="5", freq_mhz=5180.0)[0, 0]
    d6, d8 = math.hypot(4, 1.7), math.hypot(6, 1.7)
    assert_allclose(walled - free, 9.5 + 20 * math.log10(d8 / d6), atol=1e-9)


def test_empty_settings_materials_resolve_from_the_library():
    from wifiplan.library import load_library
    from wifiplan.model.plan import Settings

    b = building([{"walls": [{"material": "concrete", "path": [[7, 0], [7, 10]]}]}])
    lib_db = load_library().materials["concrete"].loss_db["5"]
    loss = path_loss_db(b, Settings(), tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="1F",
                        rx_xy=[[12, 5]], band="5", freq_mhz=5180.0)[0, 0]
    assert_allclose(loss, fspl1(5180) + 20 * math.log10(math.hypot(10, 1.7)) + lib_db, atol=1e-9)


def test_building_materials_override_the_library():
    from wifiplan.model.plan import Settings

    b = building([{"walls": [{"material": "drywall", "path": [[7, 0], [7, 10]]}]}],
                 materials={"drywall": {"5": 7.25}})
    loss = path_loss_db(b, Settings(), tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="1F",
                        rx_xy=[[12, 5]], band="5", freq_mhz=5180.0)[0, 0]
    assert_allclose(loss, fspl1(5180) + 20 * math.log10(math.hypot(10, 1.7)) + 7.25, atol=1e-9)


def slab_building():
    # listed out of order on purpose: floors are ordered by elevation
    return building([
        {"name": "2F", "elevation_m": 4.0, "slab": "concrete-slab",
         "walls": [{"material": "concrete", "path": [[7, 0], [7, 10]]}]},
        {"name": "1F", "elevation_m": 0.0, "slab": "concrete",
         "walls": [{"material": "concrete", "path": [[7, 0], [7, 10]]}]},
        {"name": "3F", "elevation_m": 8.0, "slab": "glass"},
    ])


def test_floor_order_by_elevation():
    assert floor_order(slab_building()) == ["1F", "2F", "3F"]


def test_one_slab_between_two_floors_and_no_walls():
    b = slab_building()
    # AP on 1F at 2.7 m, receiver on 2F at 4 + 1 m: 2F's slab (concrete-slab, 24 dB), walls not counted
    d = math.sqrt(10**2 + (5.0 - 2.7) ** 2)
    loss = path_loss_db(b, settings(), tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="2F",
                        rx_xy=[[12, 5]], band="5", freq_mhz=5180.0)
    assert_allclose(loss[0, 0], fspl1(5180) + 20 * math.log10(d) + 24.0, atol=0.01)


def test_slabs_add_up_across_two_floors_both_directions():
    b = slab_building()
    d = math.sqrt(10**2 + (9.0 - 2.7) ** 2)
    up = path_loss_db(b, settings(), tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="3F",
                      rx_xy=[[12, 5]], band="5", freq_mhz=5180.0)[0, 0]
    assert_allclose(up, fspl1(5180) + 20 * math.log10(d) + 24.0 + 3.0, atol=0.01)  # 2F slab + 3F slab (glass)
    d_down = math.sqrt(10**2 + (8.0 + 2.7 - 1.0) ** 2)
    down = path_loss_db(b, settings(), tx_floor="3F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="1F",
                        rx_xy=[[12, 5]], band="5", freq_mhz=5180.0)[0, 0]
    assert_allclose(down, fspl1(5180) + 20 * math.log10(d_down) + 27.0, atol=0.01)


def test_same_floor_counts_walls_and_no_slab():
    b = slab_building()
    loss = path_loss_db(b, settings(), tx_floor="2F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="2F",
                        rx_xy=[[12, 5]], band="5", freq_mhz=5180.0)[0, 0]
    assert_allclose(loss, fspl1(5180) + 20 * math.log10(math.hypot(10, 1.7)) + 15.0, atol=0.01)


def test_many_transmitters_with_own_heights_and_frequencies():
    b = building([{}])
    loss = path_loss_db(b, settings(), tx_floor="1F", tx_xy=[[0, 0], [3, 4]], tx_height_m=[2.0, 3.0],
                        rx_floor="1F", rx_xy=[[0, 0], [6, 8], [3, 0]], band="5", freq_mhz=[5180.0, 5500.0])
    assert loss.shape == (2, 3)
    d = math.sqrt(5**2 + 2.0**2)
    assert_allclose(loss[1, 1], fspl1(5500) + 20 * math.log10(d), atol=1e-9)
    assert_allclose(loss[0, 0], fspl1(5180) + 20 * math.log10(1.0), atol=1e-9)


def test_culling_marks_far_pairs_infinite():
    b = building([{"outline": [[0, 0], [500, 0], [500, 10], [0, 10]]}])
    loss = path_loss_db(b, settings(), tx_floor="1F", tx_xy=[[0, 5]], tx_height_m=2.7, rx_floor="1F",
                        rx_xy=[[10, 5], [400, 5]], band="5", freq_mhz=5180.0, max_loss_db=90.0)
    assert np.isfinite(loss[0, 0]) and np.isinf(loss[0, 1])


def test_unknown_floor_names_the_floors():
    with pytest.raises(InputError, match="1F"):
        path_loss_db(building([{}]), settings(), tx_floor="9F", tx_xy=[[0, 0]], tx_height_m=2.7,
                     rx_floor="1F", rx_xy=[[1, 1]], band="5", freq_mhz=5180.0)


def test_bad_shapes_and_nan_raise_value_error():
    b = building([{}])
    with pytest.raises(ValueError):
        path_loss_db(b, settings(), tx_floor="1F", tx_xy=[0, 0], tx_height_m=2.7, rx_floor="1F",
                     rx_xy=[[1, 1]], band="5", freq_mhz=5180.0)
    with pytest.raises(ValueError):
        path_loss_db(b, settings(), tx_floor="1F", tx_xy=[[np.nan, 0]], tx_height_m=2.7, rx_floor="1F",
                     rx_xy=[[1, 1]], band="5", freq_mhz=5180.0)


def test_unknown_material_is_a_config_error():
    from wifiplan.model.plan import Settings

    b = building([{"walls": [{"material": "unobtainium", "path": [[7, 0], [7, 10]]}]}])
    with pytest.raises(ConfigError, match="unobtainium"):
        path_loss_db(b, Settings(), tx_floor="1F", tx_xy=[[2, 5]], tx_height_m=2.7, rx_floor="1F",
                     rx_xy=[[12, 5]], band="5", freq_mhz=5180.0)


def test_rssi_by_hand_with_eirp_offset_and_client_gain():
    b = building([{"walls": [{"material": "drywall", "path": [[7, 0], [7, 10]]}]}])
    s = settings(eirp_offset_db={"5": -2.0}, client_antenna_gain_dbi=1.5)
    a = ap("A", [2, 5], tx=17.0, gain=5.0)
    rssi = rssi_dbm(b, s, [a], "5", "1F", np.array([[12.0, 5.0]]))
    pl = fspl1(5180) + 20 * math.log10(math.hypot(10, 1.7)) + 4.0
    assert_allclose(rssi[0, 0], 17 + 5 - 2 - pl + 1.5, atol=0.01)


def test_band_aps_skips_aps_without_an_enabled_radio():
    a = ap("A", [1, 1])
    b = AccessPoint(name="B", floor="1F", at=[2, 2], radios={"2.4": Radio(channel=1)})
    c = AccessPoint(name="C", floor="1F", at=[3, 3], radios={"5": Radio(channel=36, enabled=False)})
    assert [x.name for x in band_aps([a, b, c], "5")] == ["A"]
    assert [x.name for x in band_aps([a, b, c], 2.4)] == ["B"]


def test_hand_written_radio_defaults_and_preset_gain():
    from wifiplan.library import load_library

    b = building([{}])
    a = AccessPoint(name="H", floor="1F", at=[1, 1], radios={"5": {"channel": 36}})
    preset_gain = load_library().ap_presets[b.ap.preset].antenna_gain_dbi["5"]
    assert a.radios["5"].width_mhz == 20 and a.radios["5"].tx_power_dbm == 17.0
    assert eirp_dbm(b, settings(), a, "5") == 17.0 + preset_gain


def test_aps_on_other_floors_are_rows_too():
    b = slab_building()
    aps = [ap("A", [2, 5], floor="1F"), ap("B", [2, 5], floor="3F")]
    rssi = rssi_dbm(b, settings(), aps, "5", "2F", np.array([[2.0, 5.0]]))
    assert rssi.shape == (2, 1)
    # from 1F: 2F slab only; from 3F: 3F slab (glass 3 dB)
    d_a = (4.0 + 1.0) - 2.7
    d_b = (8.0 + 2.7) - (4.0 + 1.0)
    assert_allclose(rssi[:, 0], [17 - fspl1(5180) - 20 * math.log10(d_a) - 24.0,
                                 17 - fspl1(5180) - 20 * math.log10(d_b) - 3.0], atol=0.01)


def test_large_requests_are_chunked_and_identical(monkeypatch) -> None:
    """Splitting receivers into blocks (bounded memory) gives the same numbers."""
    import numpy as np
    import yaml

    from tests.conftest import SMALL_BUILDING
    from wifiplan.model.building import Building
    from wifiplan.rf import engine
    from wifiplan.rf.settings import make_settings

    building = Building.model_validate(yaml.safe_load(SMALL_BUILDING))
    settings = make_settings(building)
    rng = np.random.default_rng(1)
    tx = rng.uniform([1, 1], [29, 19], (7, 2))
    rx = rng.uniform([0, 0], [30, 20], (501, 2))
    args = dict(tx_floor="1F", tx_xy=tx, tx_height_m=2.7, rx_floor="1F", rx_xy=rx, band="5", freq_mhz=5180.0)
    whole = engine.path_loss_db(building, settings, **args)
    monkeypatch.setattr(engine, "CHUNK_PAIRS", 100)
    chunked = engine.path_loss_db(building, settings, **args)
    assert chunked.shape == (7, 501)
    np.testing.assert_allclose(chunked, whole, atol=1e-9)


@pytest.mark.parametrize("model", ["multiwall", "multiwall-office", "multiwall-nl", "p1238", "p1238-site"])
@pytest.mark.parametrize("rx_floor", ["1F", "2F", "4F", "6F"])
def test_cross_floor_culling_equals_the_full_computation(model, rx_floor):
    """Whole transmitter rows culled from their nearest possible path (issue 16) give what the full
    computation gives: the same model wrapped in a callable (not known to be monotone) is computed in full."""
    from wifiplan.rf.models import MODELS, default_params

    floors = [{"slab": "concrete-slab", "walls": [{"material": "drywall", "path": [[5, 0], [5, 10]]}]}
              for _ in range(6)]
    b = building(floors)
    s = settings(model=model, params=default_params(model))
    rng = np.random.default_rng(3)
    tx = rng.uniform([0.5, 0.5], [19.5, 9.5], (7, 2))
    rx = rng.uniform([0.5, 0.5], [19.5, 9.5], (50, 2))
    limit = rng.uniform(80.0, 140.0, 7)            # some rows reach the far floors, some do not
    args = dict(tx_floor="1F", tx_xy=tx, tx_height_m=2.7, rx_floor=rx_floor, rx_xy=rx, band="5",
                freq_mhz=5500.0, max_loss_db=limit)
    fast = path_loss_db(b, s, **args)
    full = path_loss_db(b, s, **args, model=lambda ctx: MODELS[model](ctx))
    assert np.array_equal(fast, full)
