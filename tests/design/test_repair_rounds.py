"""``placement.repair_exact``: the split rounds end when they stop lowering the load over the cap."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from wifiplan.design import placement
from wifiplan.design.placement import EXACT_STALL_ROUNDS, repair_exact


def _run(monkeypatch, excess_by_round: list[float]):
    """Rounds whose evaluation has one AP over the cap by ``excess_by_round[r]`` (0: none); returns APs added."""
    calls = {"n": 0}

    def evaluate(_ws, aps, _eirp, _c, **_kw):
        r = min(calls["n"] // 2, len(excess_by_round) - 1)   # each round evaluates twice (before and after channels)
        calls["n"] += 1
        k = len(aps)
        air = np.full(k, 0.25)
        air[0] = 0.5 * (1.0 + excess_by_round[r])
        return SimpleNamespace(aps=np.asarray(aps), airtime=air, clients=np.zeros(k), hear=np.full((k, k), -np.inf))

    monkeypatch.setattr(placement, "evaluate", evaluate)
    monkeypatch.setattr(placement, "_split_target", lambda _ws, _ev, _i, taken: max(taken) + 1)
    monkeypatch.setattr(placement, "assign_channels", lambda h, n, **_kw: np.zeros(len(h), int))
    ws = SimpleNamespace(M=1000)
    c = SimpleNamespace(max_utilization=0.5, max_clients=50.0, secondary_rssi_dbm=-75.0, rt_secondary_dbm=None)
    aps, *_ = repair_exact(ws, c, [0, 1, 2], ["coverage"] * 3, np.full(3, 20.0), np.zeros(3, int), np.zeros(4), 4)
    return len(aps) - 3


def test_rounds_that_do_not_help_end_the_splits(monkeypatch):
    # the same cell stays over by 0.8 whatever is split: one round, then EXACT_STALL_ROUNDS more, then stop
    added = _run(monkeypatch, [0.8] * 20)
    assert EXACT_STALL_ROUNDS == 2
    assert added == 2          # rounds 1 (best so far) and 2 (first stalled) split; round 3 is the 2nd stall: stop


@pytest.mark.parametrize(("excess", "added"), [
    ([0.1, 0.4, 0.0], 2),            # a split first raises the excess, the next meets the cap (the towers)
    ([0.8, 0.6, 0.5, 0.4, 0.3, 0.0], 5),   # steady progress: every round runs until none is over
    ([0.8, 0.9, 0.7, 0.75, 0.72, 0.0], 4),  # two rounds without a new low in a row stop it
])
def test_rounds_go_on_while_they_help(monkeypatch, excess, added):
    assert _run(monkeypatch, excess) == added
