"""The plan file's cabling list and the summary dict."""

from __future__ import annotations

import json

import yaml

from tests.cabling.fixtures import building, tower
from wifiplan.cabling import cable_runs, cabling_summary, route_plan
from wifiplan.cabling.export import NO_ROOM, apply_plan_cabling
from wifiplan.model.plan import AccessPoint, CableRun, Plan, Spare


def _result():
    b = building(tower())
    aps = [AccessPoint(name=n, floor=f, at=xy) for n, f, xy in
           [("B", "2F", [20, 4]), ("A", "1F", [30, 20]), ("C", "9F", [5, 21])]]
    return route_plan(b, aps, [Spare(name="S", floor="3F", at=[30, 12])])


def test_cable_runs_round_trip_through_the_plan_model():
    res = _result()
    runs = cable_runs(res)
    assert [r.from_ for r in runs] == ["A", "B", "C", "S"]
    plan = Plan(aps=[], cabling=runs)
    dumped = yaml.safe_dump(plan.model_dump(mode="json", by_alias=True, exclude_none=True))
    again = Plan.model_validate(yaml.safe_load(dumped))
    assert again.cabling == runs
    assert runs[1].to == "MDF" and runs[1].length_m == res.run("B").length_m


def test_unrouted_run_names_no_room():
    data = tower()
    data["floors"][5]["risers"] = []
    res = route_plan(building(data), [AccessPoint(name="X", floor="6F", at=[20, 4])])
    (run,) = cable_runs(res)
    assert run.to == NO_ROOM and run.violation


def test_summary_is_json_and_adds_up():
    res = _result()
    s = cabling_summary(res)
    json.dumps(s)
    assert s["outlets"] == 4 and s["drops"] == 8
    assert abs(s["copper_m"] - sum(r.length_m * r.drops for r in res.runs)) < 0.1
    assert sum(f["outlets"] for f in s["floors"].values()) == 4
    assert s["core_drills"] == sum(c.core_drills for c in res.risers)
    assert list(s["floors"]) == sorted(s["floors"])


def test_plan_cabling_lengths_override_the_router():
    res = _result()
    edited = apply_plan_cabling(res, [CableRun.model_validate({"from": "A", "to": "MDF", "length_m": 95.0, "drops": 3})])
    assert edited.run("A").length_m == 95.0 and edited.run("A").drops == 3
    assert edited.run("A").violation is not None
    assert edited.run("B") == res.run("B")


def test_plan_cabling_shorter_than_straight_line_is_flagged():
    res = _result()
    edited = apply_plan_cabling(res, [CableRun.model_validate({"from": "A", "to": "MDF", "length_m": 1.0})])
    assert "straight" in edited.run("A").violation
    assert [v.code for v in edited.violations] == ["plan_length"]
