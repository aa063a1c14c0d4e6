"""A large imported building (two floors of a real mall, ~22,000 m² each) plans within bounded memory.

The planner coarsens its grid and candidate lattice on floors above
``MAX_PLAN_POINTS`` / ``MAX_CANDIDATES``; this checks that the whole workflow still
produces a plan with APs on every floor, and that the caps hold. Skips when the shared
data folder (``<repo>/../shared/data`` or ``$WIFIPLAN_SHARED_DATA``) is absent. When it is
there, every floor must meet every requirement when the written plan is re-evaluated at full
resolution: the coarse planning grid may not cost coverage (commit b0acce5; without its slack
F2 of the mall ended at 94.93 % against 95 %). tests/workflow/test_coarse.py is the
repository-local version of that regression.
"""

from __future__ import annotations

import numpy as np
import pytest

from wifiplan.capacity.demand import zone_demands
from wifiplan.design.candidates import MAX_CANDIDATES
from wifiplan.design.workspace import MAX_PLAN_POINTS
from wifiplan.model.geometry import coverage_area
from tests.conftest import SHARED_DATA

SITE = SHARED_DATA / "geojson-malls" / "site2"
FLOORS = ["F7", "F8"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mall():
    if not SITE.is_dir():
        pytest.skip("needs the real mall map site2 (GeoJSON, in the team's shared data beside the repository)")
    from wifiplan.io.geojson import import_mall

    # the mall is in China (no shipped rules): plan it under JP rules, as a stand-in regulatory domain
    building = import_mall(SITE, floors=FLOORS, country="JP").building
    return building


@pytest.fixture(scope="module")
def planned(mall):
    from wifiplan.workflow.plan import plan_building

    return plan_building(mall, seed=0, with_cost=False)


def test_mall_floors_are_large(mall):
    areas = [coverage_area(f).area for f in mall.floors]
    assert len(areas) == len(FLOORS)
    assert min(areas) > MAX_PLAN_POINTS * 1.0 ** 2  # so the planning grid really is coarsened


def test_every_floor_with_coverage_area_has_aps(mall, planned):
    per_floor = {f.name: 0 for f in mall.floors}
    for a in planned.plan.aps:
        per_floor[a.floor] += 1
    for f in mall.floors:
        if coverage_area(f).area > 0:
            assert per_floor[f.name] > 0, f"{f.name}: no AP"
    assert planned.plan.summary["aps"] == len(planned.plan.aps)
    assert planned.layout.lower_bound.aps >= 1


def test_every_requirement_met_on_every_floor(mall, planned):
    from wifiplan.capacity.evaluate import evaluate_plan
    from wifiplan.rf.coverage import coverage_summary

    plan = planned.plan
    req = mall.requirements
    # the imported mall's telecom rooms are placeholders, so the 90 m cabling limit is unmet;
    # coverage and capacity must not be. Co-channel overlap (CH04: on F8 three 6 GHz APs are
    # heard at the 95 % point against a limit of 2) is a channel-plan finding that `plan`
    # reports as unmet; this test is about what the coarse planning grid may cost.
    assert not [u for u in planned.unmet if "90 m" not in u and "co-channel" not in u], planned.unmet
    summary = coverage_summary(mall, plan.settings, plan.aps)
    assert [f.floor for f in summary] == FLOORS
    for floor in summary:
        assert floor.requirements, floor.floor
        for r in floor.requirements:
            assert r.share >= r.target, (floor.floor, r.name, r.share, r.target)
    ev = evaluate_plan(mall, plan.settings, plan.aps)
    assert float(ev.utilization.max()) <= req.max_utilization + 1e-9
    for f in ev.floors:
        assert f.coverage >= req.coverage_target, (f.floor, f.coverage)


def test_final_evaluation_at_full_resolution(mall, planned):
    # the written plan is re-evaluated on settings.grid_m (1 m): far more points than the planning grid
    for f in planned.evaluation.floors:
        assert f.points > 2 * MAX_PLAN_POINTS
    # demand is conserved: the evaluation carries every zone's demand
    down = sum(z.down_mbps for z in zone_demands(mall))
    assert np.isclose(sum(f.demand_down_mbps for f in planned.evaluation.floors), down, rtol=1e-9)


def test_planning_grid_and_candidates_capped(mall):
    from wifiplan.capacity.demand import demand_points
    from wifiplan.design.candidates import adaptive_spacing_m, candidate_layout
    from wifiplan.rf.grid import floor_grid
    from wifiplan.rf.settings import make_settings

    settings = make_settings(mall)
    for f in mall.floors:
        area = coverage_area(f).area
        grid_m = adaptive_spacing_m(area, settings.grid_m, MAX_PLAN_POINTS)
        assert grid_m > settings.grid_m
        grid = floor_grid(mall, f.name, grid_m)
        assert 0.9 * MAX_PLAN_POINTS <= grid.n <= 1.05 * MAX_PLAN_POINTS
        cand, step = candidate_layout(f, max_candidates=MAX_CANDIDATES)
        assert 0 < len(cand) <= MAX_CANDIDATES and step > 2.5
        # each zone's demand is carried by the planning points (conserved at the coarse spacing)
        dem = demand_points(mall, f.name, grid.xy)
        want = sum(z.total_mbps for z in zone_demands(mall) if z.floor == f.name)
        assert np.isclose(dem.total_mbps.sum(), want, rtol=1e-9)
