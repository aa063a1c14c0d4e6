"""Cost of a growth step (plan --existing): kept free, spare = AP only, new = retrofit run, full switch, 90 m."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import SMALL_BUILDING
from wifiplan.cabling import route_plan
from wifiplan.cost.step import is_step, step_cost
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Plan


def _building(**tr) -> Building:
    d = yaml.safe_load(SMALL_BUILDING)
    d["floors"][0]["telecom_rooms"][0].update(tr)
    return Building.model_validate(d)


def _plan(*aps: tuple[str, tuple[float, float], str]) -> Plan:
    return Plan(aps=[AccessPoint(name=n, floor="1F", at=list(xy), origin=o) for n, xy, o in aps])


def _cost(b: Building, plan: Plan):
    return step_cost(b, plan, route_plan(b, plan.aps, plan.spares))


def _qty(sc, category: str, key: str | None = None) -> float:
    return sum(line.quantity for line in sc.lines if line.category == category and (key is None or line.key == key))


def test_kept_aps_cost_nothing() -> None:
    b = _building()
    sc = _cost(b, _plan(("1F-AP01", (5, 5), "existing"), ("1F-AP02", (20, 15), "existing")))
    assert sc.lines == [] and sc.total == 0 and sc.kept == 2
    assert sc.total_incl_tax == 0


def test_spare_is_ap_mount_and_labour_but_no_cable() -> None:
    b = _building()
    sc = _cost(b, _plan(("1F-AP01", (5, 5), "existing"), ("1F-AP02", (20, 15), "spare")))
    assert sc.on_spares == 1 and sc.new_positions == 0 and sc.new_runs == 0
    assert _qty(sc, "access-points", "ap_mount") == 1          # one mount: the spare's AP only
    assert _qty(sc, "copper") == 0                             # the spare's cable was paid when prepared
    assert _qty(sc, "labour") > 0 and sc.total > 0


def test_new_position_is_a_retrofit_run_and_costs_more_than_a_spare() -> None:
    b = _building()
    spare = _cost(b, _plan(("1F-AP01", (5, 5), "existing"), ("1F-AP02", (20, 15), "spare")))
    new = _cost(b, _plan(("1F-AP01", (5, 5), "existing"), ("1F-AP02", (20, 15), "new")))
    runs = {r.name: r for r in route_plan(b, [AccessPoint(name="1F-AP02", floor="1F", at=[20, 15])], []).runs}
    r = runs["1F-AP02"]
    # copper: the run's permanent link × its drops (2 per AP), metres as routed
    assert _qty(new, "copper", "cat6a_cable_m") == pytest.approx(r.length_m * r.drops, abs=0.01)
    assert _qty(new, "retrofit", "ceiling_opening") >= 1      # at least the outlet's opening
    assert new.new_runs == 1 and new.new_cable_m == pytest.approx(r.length_m * r.drops, abs=0.1)
    assert new.total > spare.total


def test_a_full_switch_is_a_line_item() -> None:
    # MDF has 5 ports: 1F-AP01 (2 drops) + 1F-AP02 on a spare (2) = 4 used; a new AP (2 more) makes 6 > 5
    b = _building(switch_ports=5)
    fits = _cost(b, _plan(("1F-AP01", (5, 5), "existing"), ("1F-AP02", (20, 15), "spare")))
    full = _cost(b, _plan(("1F-AP01", (5, 5), "existing"), ("1F-AP02", (20, 15), "spare"),
                          ("1F-AP03", (25, 5), "new")))
    assert _qty(fits, "switching") == 0
    room = next(r for r in full.rooms if r.name == "MDF")
    assert (room.ports_installed, room.ports_used, room.switches_added) == (5, 6, 1)
    # a whole 48-port switch (CablingOptions.switch_ports) priced as its ports
    assert _qty(full, "switching", "switch_port_poe") == 48
    assert "switch full" in next(line.note for line in full.lines if line.key == "switch_port_poe")


def test_poe_budget_of_a_room_is_respected() -> None:
    # stated 100 W budget, 70 % usable = 70 W: two 802.3bt APs (≥ 30 W each) fit only if ≤ 70 W in total
    b = _building(poe_budget_w=100)
    sc = _cost(b, _plan(("1F-AP01", (5, 5), "existing"), ("1F-AP02", (20, 15), "spare"), ("1F-AP03", (25, 5), "new")))
    room = next(r for r in sc.rooms if r.name == "MDF")
    assert room.poe_load_w > 70 and room.switches_added == 1 and "PoE" in room.note


def test_new_run_beyond_90_m_is_listed_not_priced() -> None:
    d = yaml.safe_load(SMALL_BUILDING)
    f = d["floors"][0]
    f["outline"] = [[0, 0], [140, 0], [140, 20], [0, 20]]
    f["walls"] = []
    f["zones"] = [{"name": "Hall", "use": "office", "headcount": 10, "polygon": [[0, 0], [140, 0], [140, 20], [0, 20]]}]
    f["exclude"] = []
    f["pathways"] = [{"kind": "tray", "path": [[1, 1], [1, 10], [139, 10]]}]
    b = Building.model_validate(d)
    sc = _cost(b, _plan(("1F-AP01", (5, 5), "existing"), ("1F-AP02", (135, 15), "new")))
    assert sc.new_runs == 0 and len(sc.over_limit) == 1 and "1F-AP02" in sc.over_limit[0]
    assert _qty(sc, "copper") == 0
    assert any("90 m" in a for a in sc.assumptions)


def test_is_step() -> None:
    assert is_step(_plan(("a", (1, 1), "existing")))
    assert not is_step(Plan(aps=[AccessPoint(name="a", floor="1F", at=[1, 1])]))


def test_a_switch_added_in_an_idf_gets_its_uplink() -> None:
    """Tower: IDF-4F stated at 12 ports; six existing APs on 4F use 12 (2 drops each), one new AP
    makes 14 > 12, so one more 48-port switch and its uplink to the MDF: two single-mode optics
    (OS2 between floors [S90]) on the backbone's spare strands (12 strands, 4 active: 8 spare ≥ 2,
    so no new fiber cable)."""
    from tests.cabling.fixtures import TOWER_APS, building, tower

    data = tower()
    data["floors"][3]["telecom_rooms"][0]["switch_ports"] = 12
    b = building(data)
    aps = [("4F-AP%02d" % (j + 1), xy, "existing") for j, xy in enumerate(TOWER_APS)] + [("4F-AP07", (30, 12), "new")]
    plan = Plan(aps=[AccessPoint(name=n, floor="4F", at=list(xy), origin=o) for n, xy, o in aps])
    sc = step_cost(b, plan, route_plan(b, plan.aps, plan.spares))
    room = next(r for r in sc.rooms if r.name == "IDF-4F")
    assert (room.ports_installed, room.ports_used, room.switches_added) == (12, 14, 1)
    assert _qty(sc, "switching", "switch_port_poe") == 48
    assert _qty(sc, "fiber", "uplink_optic_sm") == 2
    assert _qty(sc, "fiber", "fiber_cable_m") == 0


def test_a_new_run_on_a_stretch_the_deployment_never_used_builds_pathway() -> None:
    """Corridor: tray along y = 10 from the MDF at x = 5. An existing AP at x = 10 and a new one at
    x = 50: the tray beyond the existing AP's route carried no cable, so it was never built and
    the new run gets surface raceway there (the book's retrofit pathway). With a spare outlet at
    x = 52 in the existing deployment, its cables used that stretch: the tray is there and the new
    run is pulled in through ceiling openings, with no raceway."""
    from tests.cabling.fixtures import building, corridor
    from wifiplan.model.plan import Spare

    b = building(corridor())
    aps = [AccessPoint(name="1F-AP01", floor="1F", at=[10, 14], origin="existing"),
           AccessPoint(name="1F-AP02", floor="1F", at=[50, 14], origin="new")]
    bare = Plan(aps=aps)
    with_spare = Plan(aps=aps, spares=[Spare(name="1F-SP01", floor="1F", at=[52, 14])])
    never = step_cost(b, bare, route_plan(b, bare.aps, bare.spares))
    built = step_cost(b, with_spare, route_plan(b, with_spare.aps, with_spare.spares))
    assert _qty(never, "pathways", "surface_raceway_m") > 0
    assert _qty(built, "pathways") == 0 and _qty(built, "retrofit", "ceiling_opening") > 1
