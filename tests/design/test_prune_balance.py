"""Why the prune's verdict and check's agree: the planner lowers radios that check finds over a cap.

The prune prices design-band (5 GHz) cells; check counts every band at each radio's own channel.
``_balance_clients`` lowers, in 1 dB steps, the radios check's every-band evaluation puts over
the client limit or the utilisation cap, so their edge devices join a neighbour.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from wifiplan.design.planner import BALANCE_STEP_DB, _balance_clients, _exact_evaluator, design_inputs
from wifiplan.model.plan import AccessPoint, Radio

from .conftest import make_building

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lopsided():
    """Two APs 8 m apart in one open office; A's 6 GHz radio 6 dB louder than B's, so it takes most 6 GHz devices."""
    b = make_building(floors=1, max_clients_per_radio=45)
    settings, _req, band, spec, _code, _dom = design_inputs(b, 0)

    def ap(name, x, tx6, ch6):
        g = spec.antenna_gain_dbi
        return AccessPoint(name=name, floor="1F", at=[x, 8.0], height_m=2.7, model=spec.preset,
                           antenna_gain_dbi={"5": g["5"], "6": g["6"]},
                           radios={"5": Radio(channel=36, width_mhz=20, tx_power_dbm=10.0),
                                   "6": Radio(channel=ch6, width_mhz=40, tx_power_dbm=tx6)})

    aps = [ap("A", 3.0, 14.0, 5), ap("B", 11.0, 8.0, 37)]
    evaluate = _exact_evaluator(b, settings, band)
    return b, settings, band, aps, evaluate


def test_a_radio_over_the_client_limit_is_lowered_until_within(lopsided):
    b, settings, band, aps, evaluate = lopsided
    before = evaluate(aps)
    a6, b6 = before["6"].associated
    assert a6 > 45 > b6                          # the setup: A over the limit (~61), B well under (~18)
    crit = SimpleNamespace(max_clients=45.0, max_utilization=0.5)
    out, after, lowered = _balance_clients(b, settings, aps, band, crit, before, evaluate)
    assert lowered == {("A", "6")}
    tx = {a.name: a.radios for a in out}
    # A lowered in whole steps, B and every 5 GHz radio (the design band: no design_ok given) untouched
    steps = (14.0 - tx["A"]["6"].tx_power_dbm) / BALANCE_STEP_DB
    assert steps >= 1 and steps == pytest.approx(round(steps))
    assert tx["B"]["6"].tx_power_dbm == 8.0
    assert tx["A"]["5"].tx_power_dbm == tx["B"]["5"].tx_power_dbm == 10.0
    for ev in after.values():
        assert ev.associated.max() <= 45 + 1e-9
    # the devices moved to B, none vanished (the 6 GHz radios still cover the whole office)
    np.testing.assert_allclose(after["6"].associated.sum(), before["6"].associated.sum(), rtol=1e-6)
    assert after["6"].associated[1] > b6
    # what the function returns is the evaluation of the APs it returns
    again = evaluate(out)
    np.testing.assert_allclose(again["6"].associated, after["6"].associated)


def test_design_band_radios_move_only_where_coverage_allows(lopsided):
    """A 5 GHz radio over the cap is lowered only if ``design_ok`` (coverage on the search's evaluation) agrees."""
    b, settings, band, aps, evaluate = lopsided
    before = evaluate(aps)
    crit = SimpleNamespace(max_clients=45.0, max_utilization=0.2)     # both 5 GHz radios over (0.27 each)
    assert (before["5"].utilization > 0.2).all()
    asked = []

    def refuse(trial):
        asked.append({a.name: a.radios["5"].tx_power_dbm for a in trial})
        return False

    out, _after, lowered = _balance_clients(b, settings, aps, band, crit, before, evaluate, refuse)
    # asked first with both 5 GHz radios a step lower, then each alone
    assert asked[:3] == [{"A": 9.0, "B": 9.0}, {"A": 9.0, "B": 10.0}, {"A": 10.0, "B": 9.0}]
    assert all(a.radios["5"].tx_power_dbm == 10.0 for a in out)
    assert all(bd != "5" for _n, bd in lowered)


def test_nothing_over_a_cap_changes_nothing(lopsided):
    b, settings, band, aps, evaluate = lopsided
    before = evaluate(aps)
    crit = SimpleNamespace(max_clients=100.0, max_utilization=0.9)
    out, after, lowered = _balance_clients(b, settings, aps, band, crit, before, evaluate, lambda _t: True)
    assert out == aps and after is before and not lowered


@pytest.mark.slow
def test_tower5_plans_with_every_requirement_met():
    """The synthetic 5-storey tower (benchmarks/plan.py): before the balancing, check found one 6 GHz radio
    on 4F with 52 > 50 associated clients and the planner fell back to the unpruned 42 APs."""
    from wifiplan.capacity.bands import evaluate_bands
    from wifiplan.design.planner import design_layout

    spec = importlib.util.spec_from_file_location("bench_plan", REPO / "benchmarks" / "plan.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    b = bench.tower(5)
    lay = design_layout(b, seed=0)
    per = evaluate_bands(b, lay.settings, lay.aps, requirements=b.requirements.effective(lay.settings.model))
    for ev in per.values():
        assert ev.associated.max() <= lay.criteria.max_clients + 1e-9
        assert ev.clients.max() <= lay.criteria.max_clients + 1e-9
        assert ev.utilization.max() <= lay.criteria.max_utilization + 1e-9
    assert not [n for n in lay.notes if "found APs over a cap" in n]    # the first prune kept
    assert len(lay.aps) < 42                    # pruned (the fallback kept 42)
    assert len(lay.aps) <= 1.5 * lay.lower_bound.aps
