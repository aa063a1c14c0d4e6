"""Prune with power: the incremental evaluation equals a full one; a pruned design still meets its caps."""

from __future__ import annotations

import numpy as np
import pytest

from wifiplan.design.fasteval import evaluate
from wifiplan.design.prune import PRUNE_CLIENT_SHARE, _TopTwo, prune_with_power

from .test_bounds import _random_layout


@pytest.fixture(scope="module")
def dense():
    return _random_layout(floors=2, n_aps=14, seed=3)


def _same(a, b):
    for name in ("coverage", "airtime", "clients", "demand_mbps", "utilisation", "rt_share", "own_share"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-9, atol=1e-12, err_msg=name)
    for fa, fb in zip(a.serving, b.serving, strict=True):
        assert np.array_equal(fa, fb)


def test_trial_equals_a_full_evaluation(dense):
    """Remove one AP, lower three others and add a candidate: only the points whose two strongest APs
    change are recomputed, and every figure equals the full evaluation of the new set."""
    ws, c, eirp, aps = dense
    colour = np.arange(len(aps)) % 5
    e = np.full(len(aps), eirp)
    state = _TopTwo(ws, c, aps, e, colour)
    _same(state.evaluation(), evaluate(ws, aps, e, c, colour=colour, repair=False))
    k = 4
    kept = np.delete(e, k)
    kept[[0, 5, 9]] -= [2.0, 4.0, 6.0]
    new = np.setdiff1d(np.arange(ws.M), aps)[7]
    tr = state.trial([k], kept, np.array([new]), np.array([eirp - 1.0]), np.array([2]))
    full = evaluate(ws, np.append(np.delete(aps, k), new), np.append(kept, eirp - 1.0), c,
                    colour=np.append(np.delete(colour, k), 2), repair=False)
    _same(tr, full)
    state.commit()                       # the committed state is the base of the next trial
    tr2 = state.trial([0], np.delete(np.append(kept, eirp - 1.0), 0))
    full2 = evaluate(ws, np.delete(np.append(np.delete(aps, k), new), 0), np.delete(np.append(kept, eirp - 1.0), 0), c,
                     colour=np.delete(np.append(np.delete(colour, k), 2), 0), repair=False)
    _same(tr2, full2)
    base_aps = np.append(np.delete(aps, k), new)
    base_e = np.append(kept, eirp - 1.0)
    base_col = np.append(np.delete(colour, k), 2)
    lowered = np.delete(base_e, 3)
    lowered[[1, 6]] -= 3.0                # a removal whose neighbours are lowered (the hearing matrix shifts)
    tr3 = state.trial([3], lowered)
    _same(tr3, evaluate(ws, np.delete(base_aps, 3), lowered, c, colour=np.delete(base_col, 3), repair=False))


def test_pruned_design_meets_every_requirement(dense):
    """From a generous design (every candidate), the prune removes APs and the result, evaluated
    in full, still meets coverage, real-time secondary and own-floor service, the airtime cap and
    the client limit (held to PRUNE_CLIENT_SHARE of it), with powers within [floor, design]."""
    ws, c, eirp, _aps = dense
    aps = list(range(ws.M))
    colour = np.arange(len(aps))             # a channel each: utilisation = own airtime
    e = np.full(len(aps), eirp)
    offsets = np.zeros(len(aps))
    start = evaluate(ws, np.array(aps), e, c, colour=colour, repair=False)
    assert start.ok(c)
    out, reasons, e2, col2, ev, removed = prune_with_power(ws, c, aps, ["coverage"] * len(aps), e, colour, offsets,
                                                           floor_dbm=eirp - 8.0)
    assert removed > 0 and len(out) == len(aps) - removed == len(reasons)
    full = evaluate(ws, np.array(out), e2, c, colour=col2, repair=False)
    _same(ev, full)
    assert full.coverage_ok(c)
    assert full.airtime.max() <= c.max_utilization + 1e-9
    assert full.clients.max() <= PRUNE_CLIENT_SHARE * c.max_clients + 1e-9
    assert np.all((e2 >= eirp - 8.0 - 1e-9) & (e2 <= eirp + 1e-9))


def test_a_design_short_of_coverage_is_returned_unchanged(dense):
    ws, c, eirp, _aps = dense
    aps = [0, 1]
    out, _r, e2, _c, _ev, removed = prune_with_power(ws, c, aps, ["coverage"] * 2, np.full(2, eirp),
                                                     np.zeros(2, int), np.zeros(1), floor_dbm=9.0)
    assert removed == 0 and out == aps and np.all(e2 == eirp)


def test_over_cap_finds_the_aps_check_counts_over_a_limit():
    """The planner's verification reads check's every-band evaluation: an AP over the utilisation cap on
    one band, or over the client limit (active or associated) on another, is reported at its position."""
    from types import SimpleNamespace

    from wifiplan.capacity.evaluate import CapacityEvaluation
    from wifiplan.design.planner import _over_cap

    ws = SimpleNamespace(cand_floor=np.array([0, 0, 1, 1]), cand_xy=np.array([[1., 2.], [3., 4.], [5., 6.], [7., 8.]]))
    crit = SimpleNamespace(max_utilization=0.5, max_clients=50.0)
    placement = SimpleNamespace(aps=np.array([2, 0, 3]))       # placement order
    order = [1, 0, 2]                                           # written order -> placement index
    aps = [SimpleNamespace(name=n) for n in ("1F-AP01", "2F-AP01", "2F-AP02")]
    z = np.zeros(3)
    five = CapacityEvaluation("5", ["1F-AP01", "2F-AP01", "2F-AP02"], z, np.array([10., 20., 30.]), z,
                              np.array([0.2, 0.51, 0.3]), np.zeros((3, 3)), associated=np.array([40., 45., 49.]))
    six = CapacityEvaluation("6", ["1F-AP01", "2F-AP01", "2F-AP02"], z, np.array([10., 20., 30.]), z,
                             np.array([0.1, 0.1, 0.1]), np.zeros((3, 3)), associated=np.array([50.5, 45., 49.]))
    got = _over_cap({"5": five, "6": six}, aps, ws, crit, placement, order)
    # 1F-AP01 (associated 50.5 > 50 on 6 GHz): placement index 1 -> candidate 0 on floor 0 at (1, 2);
    # 2F-AP01 (utilisation 0.51 > 0.5 on 5 GHz): placement index 0 -> candidate 2 on floor 1 at (5, 6)
    assert got == [(0, 1.0, 2.0), (1, 5.0, 6.0)]
    assert _over_cap({"5": five.__class__("5", five.ap_names, z, z, z, z, np.zeros((3, 3)))}, aps, ws, crit,
                     placement, order) == []
