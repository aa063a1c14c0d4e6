"""Routing: permanent-link lengths by hand, nearest room, limits, risers, backbone, fill, rooms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.cabling.fixtures import building, corridor, tower
from wifiplan.cabling import CablingOptions, route_plan
from wifiplan.errors import PlanFileError
from wifiplan.model.plan import AccessPoint, Spare


def ap(name, floor, x, y, **kw):
    return AccessPoint(name=name, floor=floor, at=[x, y], **kw)


def test_single_run_length_by_hand():
    # floor 4.0 m, AP at 2.7 m, pathways 0.3 m under the slab (3.7 m), rack at 1.5 m
    # route: drop 4 m + tray 25 m; vertical 1.0 + 2.2; service loops 3 + 3
    res = route_plan(building(corridor()), [ap("A", "1F", 30, 14)])
    run = res.run("A")
    assert run.to == "MDF"
    assert_allclose([run.horizontal_m, run.vertical_m, run.service_loop_m], [29.0, 3.2, 6.0], atol=0.01)
    assert_allclose(run.length_m, 38.2, atol=0.01)
    assert_allclose(run.straight_m, math.sqrt(25**2 + 4**2 + 1.2**2), atol=0.01)
    assert run.violation is None
    assert run.route[0] == [30.0, 14.0] and run.route[-1] == [5.0, 10.0]


def test_drops_per_ap_default_two_and_configurable():
    b = building(corridor())
    assert route_plan(b, [ap("A", "1F", 30, 14)]).run("A").drops == 2
    assert route_plan(b, [ap("A", "1F", 30, 14)], options=CablingOptions(drops_per_ap=1)).run("A").drops == 1


def test_run_over_90_m_is_a_violation_with_a_suggested_room():
    res = route_plan(building(corridor(150.0)), [ap("far", "1F", 140, 10), ap("near", "1F", 20, 10)])
    far = res.run("far")
    assert far.length_m > 90 and far.violation is not None and "90" in far.violation
    assert [v.code for v in res.violations] == ["link_too_long"]
    assert res.run("near").violation is None
    (room,) = res.suggested_rooms
    assert room.serves == ["far"] and room.floor == "1F"
    assert_allclose(room.at, [140.0, 10.0], atol=0.01)  # centroid snapped onto the tray


def test_nearest_room_within_limit_wins_and_idf_is_respected():
    rooms = [{"name": "MDF", "kind": "mdf", "at": [5, 10]}, {"name": "IDF-E", "kind": "idf", "at": [100, 10]}]
    b = building(corridor(120.0, rooms=rooms))
    res = route_plan(b, [ap("A", "1F", 90, 12)])
    assert res.run("A").to == "IDF-E"
    pinned = route_plan(b, [ap("A", "1F", 90, 12, idf="MDF")])
    assert pinned.run("A").to == "MDF" and pinned.run("A").violation is not None
    free = route_plan(b, [ap("A", "1F", 90, 12, idf="MDF")], options=CablingOptions(respect_idf=False))
    assert free.run("A").to == "IDF-E"


def test_unknown_idf_is_reported_and_routed_to_the_nearest():
    res = route_plan(building(corridor()), [ap("A", "1F", 30, 14, idf="IDF-9")])
    assert res.run("A").to == "MDF"
    assert [v.code for v in res.violations] == ["unknown_idf"]


def test_floor_without_room_goes_over_the_riser():
    # 2F of the tower: no pathways, no room. AP (20, 4) -> trunk y = 15.5 through riser (14.5, 15.5):
    # (11.5 + 5.5) × 1.1 = 18.7; riser 3.6 down to 1F; 1.5 m drop to the MDF at (13, 15.5)
    res = route_plan(building(tower()), [ap("A", "2F", 20, 4)])
    run = res.run("A")
    assert run.to == "MDF" and run.to_floor == "1F"
    assert_allclose(run.riser_m, 3.6, atol=0.01)
    assert_allclose(run.horizontal_m, 18.7 + 1.5, atol=0.01)
    assert_allclose(run.vertical_m, (6.9 - 6.1) + (3.3 - 1.5), atol=0.01)
    assert_allclose(run.length_m, 18.7 + 1.5 + 3.6 + 0.8 + 1.8 + 6.0, atol=0.02)
    assert run.risers == ["R1:1F-2F"]
    assert run.metres_by_kind["fallback"] == pytest.approx(18.7, abs=0.01)


def test_no_route_when_no_riser_reaches_a_room():
    data = tower()
    data["floors"][5]["risers"] = []  # 6F cut off
    res = route_plan(building(data), [ap("A", "6F", 20, 4)])
    run = res.run("A")
    assert run.to is None and run.violation is not None
    assert [v.code for v in res.violations] == ["no_route"]
    assert res.suggested_rooms[0].floor == "6F"


def _random_outlets(b, n, seed):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        f = b.floors[int(rng.integers(len(b.floors)))]
        xs = [p[0] for p in f.outline]
        ys = [p[1] for p in f.outline]
        out.append(ap(f"AP{i:03d}", f.name, float(rng.uniform(min(xs), max(xs))), float(rng.uniform(min(ys), max(ys)))))
    return out


@pytest.mark.parametrize("make,seed", [(tower, 1), (tower, 2), (lambda: corridor(200.0), 3), (lambda: corridor(60.0), 4)])
def test_every_run_is_at_least_straight_and_at_most_90_or_a_violation(make, seed):
    b = building(make())
    res = route_plan(b, _random_outlets(b, 60, seed))
    assert len(res.runs) == 60
    for run in res.runs:
        if run.to is None:
            assert run.violation is not None
            continue
        assert run.length_m >= run.straight_m - 0.01, run
        assert run.length_m <= 90.0 or run.violation is not None, run
        parts = run.horizontal_m + run.riser_m + run.vertical_m + run.service_loop_m
        assert_allclose(run.length_m, parts, atol=0.03)


def test_backbone_length_strands_and_type():
    # IDF-4F -> MDF: 1.5 m drop + 3 × 3.6 m riser + 1.5 m drop = 13.8 m; vertical 1.8 m at both ends;
    # (13.8 + 3.6 + 2 × 3 m loops) × 1.10 = 25.74 m
    b = building(tower())
    res = route_plan(b, [ap("A", "4F", 20, 4)])
    (link,) = res.backbone
    assert (link.idf, link.mdf) == ("IDF-4F", "MDF")
    assert_allclose(link.route_m, 13.8, atol=0.01)
    assert_allclose(link.length_m, 25.74, atol=0.01)
    assert (link.strands, link.active_strands, link.spare_strands) == (12, 4, 8)
    assert link.fiber_type == "os2"  # a riser link: OS2 between floors ([S90])
    assert link.risers == ["R1:1F-2F", "R1:2F-3F", "R1:3F-4F"]


@pytest.mark.parametrize("speed", ["10G", "25G", "40G"])
def test_riser_backbone_is_single_mode_whatever_the_speed(speed):
    # 25.74 m would be within every OM4 reach, but the link crosses floors
    res = route_plan(building(tower()), [ap("A", "8F", 20, 4)], options=CablingOptions(uplink_speed=speed))
    assert res.backbone[0].fiber_type == "os2"


def test_same_floor_backbone_within_reach_stays_multimode():
    rooms = [{"name": "MDF", "kind": "mdf", "at": [5, 10]}, {"name": "IDF", "kind": "idf", "at": [55, 10]}]
    res = route_plan(building(corridor(60.0, rooms=rooms)), [ap("A", "1F", 57, 14)])
    (link,) = [l for l in res.backbone if l.mdf is not None]
    assert not link.risers and link.fiber_type == "om4"


def test_long_backbone_switches_to_single_mode():
    # 25G multimode reach is 100 m: stretch the floors so the riser alone exceeds it
    data = tower()
    for i, f in enumerate(data["floors"]):
        f["height_m"] = 12.0
        f["elevation_m"] = 12.0 * i
    res = route_plan(building(data), [ap("A", "8F", 13, 16)], options=CablingOptions(uplink_speed="25G"))
    link = res.backbone[0]
    assert link.length_m > 100 and link.fiber_type == "os2"


@pytest.mark.parametrize("active,per6,expected", [(4, 2, 12), (10, 2, 18), (4, 0, 12), (12, 2, 18)])
def test_strand_count_keeps_two_spare_per_six(active, per6, expected):
    opts = CablingOptions(fiber_active_strands=active, fiber_spare_per_6=per6)
    res = route_plan(building(tower()), [ap("A", "4F", 20, 4)], options=opts)
    link = res.backbone[0]
    assert link.strands == expected
    assert link.spare_strands >= per6 * math.ceil(link.strands / 6)


def test_pathway_fill_now_growth_and_conduit_size():
    data = corridor()
    data["floors"][0]["pathways"] = [{"kind": "conduit", "path": [[0, 10], [60, 10]]}]
    aps = [ap("A1", "1F", 20, 12), ap("A2", "1F", 30, 12), ap("A3", "1F", 40, 12)]
    res = route_plan(building(data), aps, [Spare(name="S1", floor="1F", at=[50, 12])])
    seg = next(s for s in res.segments if s.a == [5.0, 10.0] and s.b == [20.0, 10.0])
    # 3 APs × 2 drops now; + the spare's 2 at growth; × 1.25 spare share -> 10 cables of 7.5 mm
    assert (seg.cables_now, seg.cables_growth, seg.cables_design) == (6, 8, 10)
    # 10 × 44.18 mm² = 441.8 mm²: 1-1/4" (965 mm² × 40 % = 386) is too small, 1-1/2" (1314 × 40 % = 525) fits
    assert seg.conduit_trade_size == '1-1/2"' and seg.conduit_count == 1
    assert seg.fill_frac <= 0.40
    last = next(s for s in res.segments if s.b == [50.0, 10.0])
    assert (last.cables_now, last.cables_growth) == (0, 2)


def test_riser_crossings_and_core_drills():
    res = route_plan(building(tower()), [ap("A", "10F", 20, 4), ap("B", "2F", 20, 4)])
    ids = [c.id for c in res.risers]
    # 10F goes down to IDF-8F (2 slabs), 2F down to the MDF; IDF-8F's fiber goes down to 1F
    assert "R1:9F-10F" in ids and "R1:8F-9F" in ids and "R1:1F-2F" in ids
    top = next(c for c in res.risers if c.id == "R1:9F-10F")
    assert (top.copper_now, top.fiber_cables, top.core_drills) == (2, 0, 1)
    low = next(c for c in res.risers if c.id == "R1:1F-2F")
    assert low.copper_now == 2 and low.fiber_cables == 1
    assert all(c.core_drills == c.slabs * c.sleeves_per_slab for c in res.risers)


def test_room_ports_and_poe():
    rooms = [{"name": "MDF", "kind": "mdf", "at": [5, 10], "switch_ports": 8, "poe_budget_w": 200}]
    b = building(corridor(rooms=rooms))
    aps = [ap(f"A{i}", "1F", 10 + 10 * i, 12) for i in range(3)]
    res = route_plan(b, aps, [Spare(name="S1", floor="1F", at=[50, 12])])
    (room,) = res.rooms
    # ports: (3 × 2 drops + 1 spare) × 1.2 = 8.4 -> 9; PoE wifi6e-2x2: 45 W PSE per AP ([S84])
    assert room.ports_needed == 9 and room.switches == 1
    assert_allclose([room.poe_load_now_w, room.poe_load_growth_w], [135.0, 180.0])
    assert_allclose(room.poe_budget_needed_w, 180.0 / 0.7, atol=0.1)
    assert room.violation is not None and "ports" in room.violation and "PoE" in room.violation
    ok = route_plan(b, aps, [Spare(name="S1", floor="1F", at=[50, 12])], options=CablingOptions(ap_pse_power_w=30.0))
    assert_allclose(ok.rooms[0].poe_load_growth_w, 120.0)


def test_unknown_floor_and_duplicate_names_raise():
    b = building(corridor())
    with pytest.raises(PlanFileError, match="unknown floor"):
        route_plan(b, [ap("A", "9F", 1, 1)])
    with pytest.raises(PlanFileError, match="duplicate"):
        route_plan(b, [ap("A", "1F", 1, 1)], [Spare(name="A", floor="1F", at=[2, 2])])


def test_deterministic():
    b = building(tower())
    aps = _random_outlets(b, 40, 7)
    one = route_plan(b, aps).model_dump()
    two = route_plan(b, list(reversed(aps))).model_dump()
    assert one == two
