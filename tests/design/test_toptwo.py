"""The prune's trial state reuses what did not change: the reused numbers equal recomputed ones bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from wifiplan.design.prune import _TopTwo

from .test_bounds import _random_layout


@pytest.fixture(scope="module")
def three_floors():
    return _random_layout(floors=3, n_aps=18, seed=5)


def _recomputed(state, tr):
    """Every floor's figures computed from the trial's top two, as a trial on a changed floor computes them."""
    aps, _eirp, _colour, floors, _hear, parts, _keep, _loss = state.pending
    return parts, [state._floor_figures(f, fl, aps) for f, fl in zip(state.ws.floors, floors, strict=True)]


def _bitwise(parts, again):
    for p, q in zip(parts, again, strict=True):
        for x, y in zip(p, q, strict=True):
            assert np.array_equal(np.asarray(x), np.asarray(y), equal_nan=True)


def test_untouched_floors_reuse_the_same_numbers(three_floors):
    ws, c, eirp, aps = three_floors
    colour = np.arange(len(aps)) % 4
    state = _TopTwo(ws, c, aps, np.full(len(aps), eirp), colour)
    k = 2
    tr = state.trial([k], np.delete(np.full(len(aps), eirp), k))
    before = list(state.floors)
    parts, again = _recomputed(state, tr)
    _bitwise(parts, again)
    # both branches ran: an untouched floor keeps the state's best levels (not copied), a touched one not
    kept = [fl[1] is old[1] for fl, old in zip(state.pending[3], before, strict=True)]
    assert any(kept) and not all(kept)
    state.commit()
    tr2 = state.trial([0, 5], np.delete(np.full(len(aps) - 1, eirp), [0, 5]))
    _bitwise(*_recomputed(state, tr2))


def test_merge_hearing_equals_hear_dbm(three_floors):
    """A merge trial's hearing matrix (the state's losses and the new AP's rows and columns) is ``hear_dbm``'s."""
    ws, c, eirp, aps = three_floors
    colour = np.arange(len(aps)) % 4
    e = np.full(len(aps), eirp) - np.arange(len(aps)) * 0.5
    state = _TopTwo(ws, c, aps, e, colour)
    new = np.setdiff1d(np.arange(ws.M), aps)[[3, 40]]
    keep = np.ones(len(aps), bool)
    keep[[1, 7]] = False
    kept_e = e[keep] - 1.0
    tr = state.trial([1, 7], kept_e, new, np.array([eirp, eirp - 2.0]), np.array([0, 1]))
    want = ws.hear_dbm(np.append(aps[keep], new), np.append(kept_e, [eirp, eirp - 2.0]))
    assert np.array_equal(tr.hear, want)
    _bitwise(*_recomputed(state, tr))
    state.commit()                          # the committed losses are the next merge's base
    new2 = np.setdiff1d(np.arange(ws.M), state.aps)[[11]]
    tr2 = state.trial([0], state.eirp[1:], new2, np.array([eirp]), np.array([3]))
    assert np.array_equal(tr2.hear, ws.hear_dbm(np.append(state.aps[1:], new2), np.append(state.eirp[1:], eirp)))
