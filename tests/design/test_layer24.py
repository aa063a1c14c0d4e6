"""The 2.4 GHz layer: co-channel APs heard per point and switching surplus radios off."""

from __future__ import annotations

import numpy as np
import pytest

from tests.design.conftest import make_building
from wifiplan.design.layer24 import co_channel_heard, thin_24_layer
from wifiplan.model.plan import AccessPoint, Radio, Settings


def test_co_channel_heard_by_hand():
    # point 0: served by AP0 (−50); AP2 on the same channel at −81 ≥ −82 counts, AP1 is on another channel -> 2
    # point 1: served by AP1 (−60), alone on its channel -> 1; point 2: nobody heard -> 0
    r = np.array([[-50.0, -90.0, -np.inf], [-80.0, -60.0, -np.inf], [-81.0, -85.0, -np.inf]])
    assert co_channel_heard(r, np.array([0, 1, 0])).tolist() == [2, 1, 0]
    # at −83 dBm AP2 is under the −82 dBm CCA level: 1
    r[2, 0] = -83.0
    assert co_channel_heard(r, np.array([0, 1, 0])).tolist() == [1, 1, 0]


def _dense_aps(n_side: int = 4) -> list[AccessPoint]:
    """A 4 x 4 lattice of 2.4 GHz radios 6 m apart on a 24 x 16 m floor: far more than 2.4 GHz needs."""
    out = []
    for i in range(n_side):
        for j in range(n_side):
            out.append(AccessPoint(name=f"A{i}{j}", floor="1F", at=[3.0 + 6 * i, 2.0 + 4 * j], height_m=2.7,
                                   radios={"2.4": Radio(channel=1, width_mhz=20, tx_power_dbm=10.0)}))
    return out


def test_surplus_radios_switched_off_coverage_kept():
    b = make_building(country="JP", floors=1)
    settings = Settings()
    aps = _dense_aps()
    layer = thin_24_layer(b, settings, aps, 4, threshold_dbm=-67.0, coverage_target=0.95)
    off = np.flatnonzero(~layer.enabled)
    assert 0 < len(off) < len(aps)
    assert set(layer.reasons) == set(off.tolist())
    assert all("2.4 GHz" in layer.reasons[k] for k in off)
    assert layer.share_ok["1F"] >= 0.95           # ≤ 3 co-channel APs heard on 95 % of the floor
    assert layer.coverage["1F"] >= 0.95           # 2.4 GHz coverage kept at the target
    # all on, the same lattice breaks the limit (else nothing would have been switched off)
    from wifiplan.capacity.evaluate import ap_hearing_dbm
    from wifiplan.design.channels import assign_channels
    from wifiplan.rf.engine import rssi_dbm
    from wifiplan.rf.grid import floor_grid

    g = floor_grid(b, "1F", settings.grid_m)
    r = rssi_dbm(b, settings, aps, "2.4", "1F", g.xy)
    colour = assign_channels(ap_hearing_dbm(b, settings, aps, "2.4"), 4, strong_dbm=None)
    assert np.mean(co_channel_heard(r, colour) <= 3) < 0.95


def test_nothing_switched_off_when_sparse():
    b = make_building(country="JP", floors=1)
    aps = [AccessPoint(name="A", floor="1F", at=[6.0, 8.0], height_m=2.7,
                       radios={"2.4": Radio(channel=1, width_mhz=20, tx_power_dbm=10.0)}),
           AccessPoint(name="B", floor="1F", at=[18.0, 8.0], height_m=2.7,
                       radios={"2.4": Radio(channel=1, width_mhz=20, tx_power_dbm=10.0)})]
    layer = thin_24_layer(b, Settings(), aps, 4, threshold_dbm=-67.0, coverage_target=0.95)
    assert layer.enabled.all() and not layer.reasons


def _rssi_all(b, settings, aps, floor):
    from wifiplan.rf.engine import rssi_dbm
    from wifiplan.rf.grid import floor_grid

    return rssi_dbm(b, settings, aps, "2.4", floor, floor_grid(b, floor, settings.grid_m).xy)


def _two_floor_aps() -> list[AccessPoint]:
    out = _dense_aps()
    return out + [a.model_copy(update={"name": a.name + "u", "floor": "2F"}) for a in out[::2]]


@pytest.mark.parametrize("batch", [None, 4])
def test_share_and_coverage_match_a_full_recount(monkeypatch, batch):
    # the thinning keeps only levels >= CCA and re-selects the serving AP incrementally; its
    # figures must equal co_channel_heard / max over the full (APs x points) RSSI of the radios left on
    import wifiplan.design.layer24 as layer24

    if batch is not None:  # several radios per channel plan (malls): figures still those of the result
        monkeypatch.setattr(layer24, "THIN_BATCH_APS", batch)
    b = make_building(country="JP", floors=2)
    settings = Settings()
    aps = _two_floor_aps()
    layer = thin_24_layer(b, settings, aps, 3, threshold_dbm=-67.0, coverage_target=0.95, fallback_dbm=-75.0)
    on = np.flatnonzero(layer.enabled)
    assert 0 < len(on) < len(aps)
    for floor in ("1F", "2F"):
        r = _rssi_all(b, settings, aps, floor)[on]
        count = co_channel_heard(r, layer.colour[on])
        assert layer.share_ok[floor] == pytest.approx(np.mean(count <= 3), abs=1e-12)
        # no zone of the synthetic office expects 2.4-only devices: coverage is the fallback level
        assert layer.coverage[floor] == pytest.approx(np.mean(r.max(axis=0) >= -75.0), abs=1e-12)
        assert layer.coverage[floor] >= 0.95 - 1e-12


def test_floor_levels_reselect_like_argmax():
    # ties: two APs at the same level serve the point they tie on with the lower index, as argmax does
    from wifiplan.design.layer24 import _FloorLevels

    b = make_building(country="JP", floors=1)
    settings = Settings()
    aps = _dense_aps()
    aps[5] = aps[5].model_copy(update={"at": list(aps[4].at)})  # AP 5 on top of AP 4: equal levels everywhere
    lv = _FloorLevels.build(b, settings, aps, "1F", -82.0)
    r = _rssi_all(b, settings, aps, "1F")
    r = np.where(r >= -82.0, r, -np.inf)
    assert np.array_equal(lv.best, r.max(axis=0))
    top = np.isfinite(r.max(axis=0))
    assert np.array_equal(lv.best_row[top], np.argmax(r, axis=0)[top])
    assert 4 in lv.best_row and 5 not in lv.best_row
    for k in (4, 0):
        best, row = lv.without(k)
        r2 = r.copy()
        r2[k] = -np.inf
        assert np.array_equal(best, r2.max(axis=0))
        assert np.array_equal(row[np.isfinite(best)], np.argmax(r2, axis=0)[np.isfinite(best)])
        lv.switch_off(k, best, row)
        r = r2
    assert not lv.hears(4) and np.all(lv.rows != 4)


def test_max_heard_below_one_rejected():
    b = make_building(country="JP", floors=1)
    with pytest.raises(ValueError, match="max_heard"):
        thin_24_layer(b, Settings(), _dense_aps(), 3, threshold_dbm=-67.0, coverage_target=0.95, max_heard=0)
