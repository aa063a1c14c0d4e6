"""Zone demand and its spread over grid points (hand calculations)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.capacity.demand import demand_points, zone_demands
from wifiplan.library import load_library
from wifiplan.model.building import Building


def _building(**extra) -> Building:
    data = {
        "country": "JP",
        "floors": [{
            "name": "1F", "elevation_m": 0, "outline": [[0, 0], [10, 0], [10, 4], [0, 4]],
            "zones": [
                {"name": "A", "use": "office", "headcount": 10, "polygon": [[0, 0], [5, 0], [5, 4], [0, 4]]},
                {"name": "B", "use": "meeting-room", "headcount": 4, "polygon": [[5, 0], [10, 0], [10, 4], [5, 4]]},
                {"name": "Tiny", "use": "office", "headcount": 1,
                 "polygon": [[9.6, 3.6], [9.9, 3.6], [9.9, 3.9], [9.6, 3.9]]},
            ],
        }],
        "requirements": {"growth": 0.3},
    }
    data.update(extra)
    return Building.model_validate(data)


def test_zone_demand_matches_hand_calculation():
    # fixed profile numbers (the shipped ones may be re-tuned): 2 devices, 50 % active, 1.5/0.5 Mbit/s
    desk = {"devices_per_person": 2, "concurrency": 0.5, "down_mbps": 1.5, "up_mbps": 0.5}
    b = _building(profiles={"desk": desk})
    b.floors[0].zones[0].use = "desk"
    a = zone_demands(b)[0]
    # 10 people × 1.3 growth = 13; × 2 devices × 0.5 = 13 active; × 1.5 = 19.5 down, × 0.5 = 6.5 up
    assert_allclose([a.people, a.active_devices, a.down_mbps, a.up_mbps], [13.0, 13.0, 19.5, 6.5], rtol=1e-12)
    assert a.area_m2 == pytest.approx(20.0)  # 5 m × 4 m


def test_library_profile_is_used_by_name():
    # the zone's use resolves to the shipped profile: demand scales with its numbers, whatever they are
    p = load_library().profiles["office"]
    a = zone_demands(_building(), growth=0.0)[0]
    assert a.active_devices == pytest.approx(10 * p.devices_per_person * p.concurrency)
    assert a.down_mbps / a.active_devices == pytest.approx(p.down_mbps)


def test_growth_override_and_negative_growth():
    assert zone_demands(_building(), growth=0.0)[0].people == pytest.approx(10.0)
    with pytest.raises(ValueError):
        zone_demands(_building(), growth=-0.1)


def test_custom_profile_wins_over_library():
    b = _building(profiles={"office": {"devices_per_person": 1, "concurrency": 1, "down_mbps": 2, "up_mbps": 1}})
    z = zone_demands(b, growth=0.0)[0]
    assert (z.down_mbps, z.up_mbps) == pytest.approx((20.0, 10.0))


def test_points_carry_the_whole_zone_demand_evenly():
    b = _building()
    xs, ys = np.meshgrid(np.arange(0.5, 10), np.arange(0.5, 4))
    xy = np.column_stack([xs.ravel(), ys.ravel()])
    pts = demand_points(b, "1F", xy)
    zones = zone_demands(b)
    assert_allclose(pts.down_mbps.sum(), sum(z.down_mbps for z in zones), rtol=1e-12)
    assert_allclose(pts.devices.sum(), sum(z.active_devices for z in zones), rtol=1e-12)
    in_a = pts.zone == 0
    assert in_a.sum() == 20  # 5 x 4 cells
    assert_allclose(pts.down_mbps[in_a], zones[0].down_mbps / 20)
    # the tiny zone has no cell centre inside: its demand sits on the nearest cell (9.5, 3.5)
    k = int(np.flatnonzero((xy[:, 0] == 9.5) & (xy[:, 1] == 3.5))[0])
    assert pts.down_mbps[k] == pytest.approx(zones[1].down_mbps / 20 + zones[2].down_mbps)
    assert pts.clients[pts.client[in_a][0]] == "laptop"


def test_bad_points_shape():
    with pytest.raises(ValueError):
        demand_points(_building(), "1F", np.zeros((3, 3)))
    with pytest.raises(KeyError):
        demand_points(_building(), "9F", np.zeros((0, 2)))
