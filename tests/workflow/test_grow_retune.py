"""plan --existing re-tunes before it adds: a radio just over the limit is turned down, capacity goes on the spare."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from tests.conftest import SMALL_BUILDING
from wifiplan.design.growcheck import CheckEvaluator, check_excess
from wifiplan.model.building import Building
from wifiplan.workflow.grow import existing_from_plan, plan_grown
from wifiplan.workflow.plan import plan_building


def _with_headcount(zone: str, headcount: int) -> Building:
    """The small office with one zone's headcount changed and no growth allowance (a step's building)."""
    d = yaml.safe_load(SMALL_BUILDING)
    for f in d["floors"]:
        for z in f["zones"]:
            if z["name"] == zone:
                z["headcount"] = headcount
    d["requirements"]["growth"] = 0.0
    return Building.model_validate(d)


@pytest.fixture(scope="module")
def base():
    return plan_building(Building.model_validate(yaml.safe_load(SMALL_BUILDING)), seed=0)


def _most_associated(building: Building, plan, aps) -> dict[str, float]:
    """Most associated clients on one radio per AP name, over every band, as check counts them."""
    ev = CheckEvaluator(building, plan.settings, "5")
    most: dict[str, float] = {}
    for e in ev.per_band(aps).values():
        for name, v in zip(e.ap_names, e.associated, strict=True):
            most[name] = max(most.get(name, 0.0), float(v))
    return most


def test_a_radio_just_over_the_limit_is_re_tuned_and_nothing_added(base) -> None:
    # 2F's office from 50 to 80 people (growth 0): on the start plan check counts 51.3 associated
    # 6 GHz clients on 2F-AP01, over the limit of 50 by 1.3 -- lowering that radio 1 dB moves the
    # clients at its cell edge to a neighbour, so the step adds no AP
    grown = _with_headcount("Office 2", 80)
    before = _most_associated(grown, base.plan, base.plan.aps)
    limit = base.layout.criteria.max_clients
    over = {n: v for n, v in before.items() if v > limit}
    assert list(over) == ["2F-AP01"] and limit < over["2F-AP01"] <= limit + 2
    res = plan_grown(grown, existing_from_plan(base.plan), seed=0)
    assert res.requirements_met
    assert [a.origin for a in res.plan.aps] == ["existing"] * len(base.plan.aps)   # nothing added
    old = {a.name: a for a in base.plan.aps}
    changed = {a.name: a for a in res.plan.aps if a.radios != old[a.name].radios}
    assert list(changed) == ["2F-AP01"]
    for b, r in changed["2F-AP01"].radios.items():
        o = old["2F-AP01"].radios[b]
        assert (r.channel, r.width_mhz, r.enabled) == (o.channel, o.width_mhz, o.enabled)
        drop_db = o.tx_power_dbm - r.tx_power_dbm
        assert drop_db >= 0 and drop_db == pytest.approx(round(drop_db), abs=0.051)   # whole 1 dB steps (0.1 dB writing)
    assert changed["2F-AP01"].radios["6"].tx_power_dbm < old["2F-AP01"].radios["6"].tx_power_dbm
    after = _most_associated(grown, res.plan, res.plan.aps)
    assert max(after.values()) <= limit
    assert any(n.startswith("power: 1 radio(s) (6 GHz)") for n in res.notes)
    assert res.plan.spares == base.plan.spares and res.plan.cabling == base.plan.cabling


def test_a_step_that_needs_capacity_goes_on_the_spare_in_the_crowded_cell(base) -> None:
    # 1F's open office from 40 to 80 people: 1F-AP01 (6.25, 6.25) would carry 71 associated 6 GHz
    # clients, far over 50, more than a power re-tune can move; the spare 1F-SP01 (3.75, 13.75) lies
    # in the same open office, 8 m from it, and takes the one AP the step needs
    grown = _with_headcount("Open office", 80)
    before = _most_associated(grown, base.plan, base.plan.aps)
    assert before["1F-AP01"] > 1.3 * base.layout.criteria.max_clients
    res = plan_grown(grown, existing_from_plan(base.plan), seed=0)
    assert res.requirements_met
    added = [a for a in res.plan.aps if a.origin != "existing"]
    spare = next(s for s in base.plan.spares if s.floor == "1F")
    assert [(a.origin, a.floor, a.at) for a in added] == [("spare", "1F", spare.at)]
    assert spare.name not in {s.name for s in res.plan.spares}
    assert np.hypot(spare.at[0] - 6.25, spare.at[1] - 6.25) < 10.0
    assert res.cost.new_positions == 0 and res.cost.on_spares == 1


def test_the_refined_step_meets_check_without_excess(base) -> None:
    # whatever the step added or dropped, check's every-band evaluation of the written plan has no
    # radio over the client limit or the utilisation cap
    grown = _with_headcount("Open office", 80)
    res = plan_grown(grown, existing_from_plan(base.plan), seed=0)
    ev = CheckEvaluator(grown, res.plan.settings, res.layout.band)
    c = res.layout.criteria
    assert check_excess(ev.per_band(res.plan.aps), c.max_clients, c.max_utilization) == 0.0
    assert ev.coverage_ok(res.plan.aps)


def test_added_aps_are_renumbered_without_gaps_after_drops() -> None:
    # 1F-AP07 was dropped: the added APs after it move down, kept APs and spare names stay taken
    from wifiplan.design.grow import Existing
    from wifiplan.model.plan import AccessPoint, Spare
    from wifiplan.workflow.grow import _renumber_added

    def ap(name: str, origin: str, floor: str = "1F") -> AccessPoint:
        return AccessPoint(name=name, floor=floor, at=[0.0, 0.0], origin=origin)

    existing = Existing(aps=[ap("1F-AP01", None), ap("1F-AP05", None)], spares=[Spare(name="1F-SP01", floor="1F",
                                                                                       at=[1.0, 1.0])])
    out = _renumber_added([ap("1F-AP01", "existing"), ap("1F-AP05", "existing"), ap("1F-AP06", "spare"),
                           ap("1F-AP08", "new"), ap("2F-AP02", "new", "2F")], existing)
    assert [a.name for a in out] == ["1F-AP01", "1F-AP05", "1F-AP06", "1F-AP07", "2F-AP01"]
