"""The shipped example buildings, planned once each and re-evaluated from the plan's own APs.

Slow (about a minute together): the planner runs on the real 7- and 10-storey examples.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from wifiplan.capacity.evaluate import ap_hearing_dbm, evaluate_plan
from wifiplan.design.channels import band_channels
from wifiplan.io.load import load_building
from wifiplan.library import get_domain, load_library
from wifiplan.model.resolve import domain_code
from wifiplan.rf.coverage import coverage_summary
from wifiplan.rf.maps import co_channel_matrix
from wifiplan.workflow.plan import plan_building

FLOORPLANS = Path(__file__).resolve().parents[2] / "floorplans"
NAMES = ["small-office", "old-office-tower", "city-hall"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shipped():
    out = {}
    for name in NAMES:
        loaded = load_building(FLOORPLANS / f"{name}.yaml")
        out[name] = (loaded.model, plan_building(loaded.model, seed=0, building_ref=f"{name}.yaml",
                                                 building_sha256=loaded.sha256, with_cost=False))
    return out


@pytest.mark.parametrize("name", NAMES)
def test_coverage_and_clients_met_on_re_evaluation(shipped, name):
    b, result = shipped[name]
    plan = result.plan
    for floor in coverage_summary(b, plan.settings, plan.aps):
        for r in floor.requirements:
            assert r.share + 1e-12 >= r.target, (floor.floor, r.name, r.share)
    ev = evaluate_plan(b, plan.settings, plan.aps)
    limit = b.requirements.max_clients_per_radio or load_library().ap_presets[b.ap.preset].max_clients_per_radio
    assert ev.clients.max() <= limit + 1e-9
    floors_with_area = {f.floor for f in ev.floors if f.points}
    assert {a.floor for a in plan.aps} == floors_with_area      # every storey has its own APs


@pytest.mark.parametrize("name", NAMES)
def test_summary_tells_the_truth(shipped, name):
    """requirements_met and unmet match an independent re-evaluation, utilisation included."""
    b, result = shipped[name]
    plan = result.plan
    ev = evaluate_plan(b, plan.settings, plan.aps)
    over = [f.floor for f in ev.floors if f.aps and f.worst_utilization > b.requirements.max_utilization + 1e-9]
    reported = [u.split(":")[0] for u in plan.summary["unmet"] if "utilisation" in u]
    assert over == reported
    assert plan.summary["requirements_met"] == (not plan.summary["unmet"])
    for row, fig in zip(plan.summary["floors"], ev.floors, strict=True):
        assert row["worst_utilization"] == pytest.approx(fig.worst_utilization, abs=1e-3)


@pytest.mark.parametrize("name", NAMES)
def test_all_requirements_met(shipped, name):
    """Coverage, clients per radio and channel utilisation (the hard part: in the city hall
    every AP hears dozens of others above −82 dBm through 16 dB slabs) all met."""
    _b, result = shipped[name]
    assert result.requirements_met, result.unmet


@pytest.mark.parametrize("name", NAMES)
def test_channels_legal_and_separated(shipped, name):
    b, result = shipped[name]
    domain = get_domain(domain_code(b.country))
    for ap in result.plan.aps:
        for band, radio in ap.radios.items():
            ch = domain.find(band, radio.channel, radio.width_mhz)
            assert ch is not None and ch.indoor_only in (True, False)
            assert radio.tx_power_dbm + ap.antenna_gain_dbi[band] <= ch.max_eirp_dbm + 1e-9
    aps = result.plan.aps
    h = ap_hearing_dbm(b, result.plan.settings, aps, "5")
    strong = np.triu(co_channel_matrix(aps, "5") & (np.maximum(h, h.T) >= -67.0), 1)
    n_channels = len(band_channels(domain, "5", result.layout.width_mhz, avoid_dfs=b.requirements.avoid_dfs))
    # where the channel set allows: no pair unless some floor has more APs than channels
    most_on_a_floor = max(sum(a.floor == f.name for a in aps) for f in b.floors)
    if most_on_a_floor <= n_channels:
        assert not strong.any()


def test_city_hall_within_bound_ratio(shipped):
    _b, result = shipped["city-hall"]
    s = result.plan.summary
    assert s["aps"] >= s["lower_bound"]["aps"]
    assert s["lower_bound"]["ratio"] <= 1.5   # the target


@pytest.mark.parametrize("name", NAMES)
def test_spares_per_floor(shipped, name):
    b, result = shipped[name]
    plan = result.plan
    with_aps = {a.floor for a in plan.aps}
    assert len(plan.spares) == max(math.ceil(b.requirements.spare_positions * len(plan.aps)), len(with_aps))
    assert with_aps <= {s.floor for s in plan.spares}
