"""Fast evaluation: incremental add/remove equal a full evaluation, with secondary and real-time levels too."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from wifiplan.design.fasteval import Criteria, _second_largest, evaluate, evaluate_added, evaluate_removed

from .conftest import make_workspace


@pytest.fixture(scope="module")
def ws():
    return make_workspace(floors=3)


BASE = Criteria(width_mhz=20, rssi_dbm=-67.0, secondary_rssi_dbm=None, coverage_target=0.95,
                secondary_target=0.95, max_utilization=0.5, max_clients=50.0, mac_efficiency=0.6)
CRITERIA = {
    "plain": BASE,
    "secondary": replace(BASE, secondary_rssi_dbm=-75.0),
    "realtime": replace(BASE, rt_secondary_dbm=-72.0),
    "both": replace(BASE, secondary_rssi_dbm=-80.0, rt_secondary_dbm=-70.0),
}


def _same(a, b):
    """Every figure of two evaluations equal, bit for bit (the plan must not change)."""
    for name in ("aps", "coverage", "secondary", "airtime", "clients", "demand_mbps", "utilisation", "colour", "hear",
                 "eirp", "own_share"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name
    assert a.unserved_mbps == b.unserved_mbps
    for fa, fb in zip(a.serving, b.serving, strict=True):
        assert np.array_equal(fa, fb)
    for fa, fb in zip(a.best_dbm, b.best_dbm, strict=True):
        assert np.array_equal(fa, fb)
    for fa, fb in zip(a.rate_mbps, b.rate_mbps, strict=True):
        assert np.array_equal(fa, fb)
    if a.second_dbm is not None or b.second_dbm is not None:
        for fa, fb in zip(a.second_dbm, b.second_dbm, strict=True):
            assert np.array_equal(fa, fb)
        assert np.array_equal(a.rt_share, b.rt_share)


def _pick(ws, seed, k):
    return np.sort(np.random.default_rng(seed).choice(ws.M, size=k, replace=False))


@pytest.mark.parametrize("name", sorted(CRITERIA))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_added_equals_full(ws, name, seed):
    c = CRITERIA[name]
    aps = _pick(ws, seed, 7)
    eirp = np.full(7, 20.0) - np.arange(7)  # unequal powers: the second AP is not the nearest
    start = evaluate(ws, aps[:4], eirp[:4], c, colour=np.zeros(4, int))
    colour = np.array([0, 1, 0, 1, 1, 0, 0])
    got = evaluate_added(ws, start, aps[4:], eirp[4:], c, colour)
    _same(got, evaluate(ws, aps, eirp, c, colour=colour))


@pytest.mark.parametrize("name", sorted(CRITERIA))
@pytest.mark.parametrize("k", [0, 3, 5])
def test_removed_equals_full(ws, name, k):
    c = CRITERIA[name]
    aps = _pick(ws, 7, 6)
    eirp = np.full(6, 18.0)
    colour = np.array([0, 1, 2, 0, 1, 2])
    full = evaluate(ws, aps, eirp, c, colour=colour)
    got = evaluate_removed(ws, full, k, c)
    _same(got, evaluate(ws, np.delete(aps, k), np.delete(eirp, k), c, colour=np.delete(colour, k)))
    # and again, from an incremental evaluation (second-strongest APs re-indexed)
    again = evaluate_removed(ws, got, 0, c)
    _same(again, evaluate(ws, np.delete(np.delete(aps, k), 0), np.full(4, 18.0), c,
                          colour=np.delete(np.delete(colour, k), 0)))


def test_secondary_needs_second_levels(ws):
    aps = _pick(ws, 3, 3)
    plain = evaluate(ws, aps, np.full(3, 20.0), BASE, colour=np.zeros(3, int))
    with pytest.raises(ValueError, match="second-strongest"):
        evaluate_removed(ws, plain, 0, CRITERIA["secondary"])


def test_second_largest_matches_partition_with_ties():
    r = np.array([[-60.0, -70, -np.inf], [-60, -65, -np.inf], [-80, -65, -90]], dtype=np.float32)
    val, row = _second_largest(r, np.argmax(r, axis=0))
    assert val.tolist() == [-60.0, -65.0, -np.inf]           # a tie for the best is also the second
    assert np.array_equal(val, np.partition(r, 1, axis=0)[1])
    assert r[row, np.arange(3)].tolist() == val.tolist()
