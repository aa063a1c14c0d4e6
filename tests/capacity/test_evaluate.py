"""Independent re-evaluation of an AP list against hand calculations."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.capacity.evaluate import ap_hearing_dbm, evaluate_plan
from wifiplan.library import load_library
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Radio
from wifiplan.rf.settings import make_settings


def _room() -> Building:
    return Building.model_validate({
        "country": "JP",
        "floors": [{"name": "1F", "elevation_m": 0, "ap_height_m": 2.7, "outline": [[0, 0], [10, 0], [10, 10], [0, 10]],
                    "zones": [{"name": "Room", "use": "office-web-meetings", "headcount": 10,
                               "polygon": [[0, 0], [10, 0], [10, 10], [0, 10]]}]}],
        "requirements": {"growth": 0.3},
    })


def _profile() -> tuple[float, float]:
    """Active devices per person and down + up Mbit/s per active device of the room's profile."""
    p = load_library().profiles["office-web-meetings"]
    return p.devices_per_person * p.concurrency, p.down_mbps + p.up_mbps


def _ap(name: str, x: float, y: float, channel: int = 36) -> AccessPoint:
    return AccessPoint(name=name, floor="1F", at=[x, y], model="wifi6e-2x2",
                       radios={"5": Radio(channel=channel, width_mhz=20, tx_power_dbm=18.0)})


def test_single_ap_airtime_by_hand():
    b = _room()
    ev = evaluate_plan(b, make_settings(b), [_ap("A", 5, 5)])
    # 13 people x devices x concurrency x (down + up) Mbit/s; every point is within 7 m of the
    # AP: RSSI >= -41 dBm, SNR >= 54 dB -> MCS 11, 2 streams, 20 MHz = 286.8 Mbit/s; MAC 50 %.
    active, per_device = _profile()
    demand = 13 * active * per_device
    assert ev.floors[0].coverage == 1.0
    assert_allclose(ev.demand_mbps, [demand], rtol=1e-9)
    assert_allclose(ev.airtime, [demand / (234 * 10 * 5 / 6 * 2 / 13.6 * 0.5)], rtol=1e-6)
    assert_allclose(ev.clients, [13 * active], rtol=1e-9)
    assert_allclose(ev.utilization, ev.airtime)
    assert ev.floors[0].aps == 1


def test_cochannel_neighbours_share_airtime_other_channels_do_not():
    b = _room()
    s = make_settings(b)
    same = evaluate_plan(b, s, [_ap("A", 2.5, 5), _ap("B", 7.5, 5)])
    assert_allclose(same.airtime[0], same.airtime[1], rtol=1e-9)   # symmetric halves
    assert_allclose(same.utilization, [same.airtime.sum()] * 2, rtol=1e-9)
    apart = evaluate_plan(b, s, [_ap("A", 2.5, 5), _ap("B", 7.5, 5, channel=40)])
    assert_allclose(apart.utilization, apart.airtime, rtol=1e-9)
    assert same.floors[0].worst_utilization > apart.floors[0].worst_utilization


def test_hearing_by_hand():
    b = _room()
    s = make_settings(b)
    h = ap_hearing_dbm(b, s, [_ap("A", 2.0, 5), _ap("B", 8.0, 5)], "5")
    # EIRP 23 dBm - FSPL(1 m, 5180 MHz) - 20 log10(d) + 5 dBi; d = sqrt(6^2 + 1.7^2) (AP at 2.7 m, receiver 1 m)
    d = np.hypot(6.0, 1.7)
    expect = 23 - (20 * np.log10(5180) - 27.55) - 20 * np.log10(d) + 5
    assert h[0, 1] == pytest.approx(expect, abs=1e-6)
    assert h[1, 0] == pytest.approx(expect, abs=1e-6)
    assert h[0, 0] == -np.inf


def test_no_aps_leaves_everything_unserved():
    b = _room()
    ev = evaluate_plan(b, make_settings(b), [])
    assert ev.floors[0].coverage == 0.0
    active, per_device = _profile()
    assert ev.floors[0].unserved_mbps == pytest.approx(13 * active * per_device)
    assert len(ev.airtime) == 0
