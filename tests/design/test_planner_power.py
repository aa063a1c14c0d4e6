"""``planner._lower_design_power``: which lower design powers are tried, and which placement is kept."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from wifiplan.design import planner
from wifiplan.design.placement import Placement


class _Ev:
    """An evaluation with one AP whose own airtime is ``over`` × the cap (excess = over − 1)."""

    def __init__(self, over: float, covered: bool = True):
        self.airtime = np.array([0.5 * over])
        self.clients = np.array([1.0])
        self.utilisation = np.array([0.5 * over])
        self.covered = covered

    def coverage_ok(self, _c, _margin=0.0):
        return self.covered


def _placement(over: float, feasible: bool = False, covered: bool = True) -> Placement:
    return Placement(np.array([0]), np.array([20.0]), ["coverage"], _Ev(over, covered), feasible, [])


def _run(monkeypatch, results: dict[float, Placement], eirp=20.0, floor=9.0):
    """Run the search with placements by EIRP; returns (kept placement, its EIRP, EIRPs tried)."""
    tried = []

    def place(_ws, _c, *, eirp_dbm, **_kw):
        tried.append(eirp_dbm)
        return results[eirp_dbm]

    monkeypatch.setattr(planner, "place_aps", place)
    crit = SimpleNamespace(max_utilization=0.5, max_clients=50.0, tightened=lambda _m: crit)
    spec = SimpleNamespace(antenna_gain_dbi={"5": 0.0})
    first = _placement(2.0)                                  # excess 1.0 at uplink balance
    p, e, notes = planner._lower_design_power(None, crit, first, eirp, 20, {20: [0] * 19}, spec, "5", 0,
                                              lambda _s, _f: None, floor)
    return p, e, tried, first, notes


def test_a_step_that_does_not_lower_the_excess_ends_the_search(monkeypatch):
    # −6 dB: excess 1.5 > 1.0 -> the −12 and −18 dB placements are not made; the first design is kept
    p, e, tried, first, notes = _run(monkeypatch, {14.0: _placement(2.5), 8.0: _placement(1.0, True)})
    assert tried == [14.0]
    assert p is first and e == 20.0 and notes == []


def test_steps_go_on_while_the_excess_falls_and_stop_at_a_feasible_one(monkeypatch):
    # excess 1.0 -> 0.5 (−6 dB, kept for now) -> feasible at −12 dB: that one is returned
    ok = _placement(0.5, feasible=True)
    p, e, tried, _first, notes = _run(monkeypatch, {14.0: _placement(1.5), 8.0: ok}, floor=5.0)
    assert tried == [14.0, 8.0]
    assert p is ok and e == 8.0
    assert "designed at 8 dBm" in notes[0]


@pytest.mark.parametrize("covered", [True, False])
def test_the_best_lower_step_is_kept_when_none_is_feasible(monkeypatch, covered):
    # −6 dB lowers the excess (1.0 -> 0.2); −12 dB raises it again (0.8) or loses coverage: stop, keep −6 dB
    better = _placement(1.2)
    p, e, tried, _first, _notes = _run(monkeypatch, {14.0: better, 8.0: _placement(1.8, covered=covered),
                                                     2.0: _placement(1.0, True)}, floor=0.0)
    assert tried == [14.0, 8.0]
    assert p is better and e == 14.0
