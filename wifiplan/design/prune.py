"""Prune APs the design does not need: remove one, lower its loaded neighbours' power so the load spreads."""

from __future__ import annotations

import numpy as np

from wifiplan.design.fasteval import Criteria, Evaluation, evaluate
from wifiplan.design.workspace import Progress, Workspace

__all__ = ["prune_with_power", "PRUNE_POWER_STEP_DB", "PRUNE_POWER_ROUNDS"]

#: A removal's overloaded neighbours are lowered in steps of this size, dB ...
PRUNE_POWER_STEP_DB = 2.0
#: ... at most this many times (so a neighbour loses at most 8 dB to one removal).
PRUNE_POWER_ROUNDS = 4
#: Passes over the APs (a later pass retries with the powers the earlier removals set).
PRUNE_PASSES = 2


def prune_with_power(ws: Workspace, c: Criteria, aps: list[int], reasons: list[str], eirp: np.ndarray,
                     colour: np.ndarray, offsets_db: np.ndarray, *, floor_dbm: float,
                     report: Progress | None = None) -> tuple[list[int], list[str], np.ndarray, np.ndarray, Evaluation, int]:
    """Remove APs one at a time (least demand first) while the design still meets every requirement.

    A removal moves the AP's clients to its neighbours; when some neighbour's own airtime
    or client count then goes over the cap, those neighbours are lowered by
    :data:`PRUNE_POWER_STEP_DB` (at most :data:`PRUNE_POWER_ROUNDS` times, never under
    ``floor_dbm``), so their cells shrink and the clients at their edges go to APs with
    room: the per-AP power of a vendor's RRM, where dense zones end at lower power. The
    removal is kept only if coverage (primary, secondary, real-time, own floor), the
    utilisation cap and the client limit all hold on the evaluation at each AP's channel
    frequency (``offsets_db[colour]``) with the channels unchanged.

    Returns (aps, reasons, eirp, colour, evaluation, removed).
    """
    report = report or (lambda _s, _f: None)
    aps, reasons = list(aps), list(reasons)
    eirp = np.asarray(eirp, float).copy()
    colour = np.asarray(colour, int).copy()
    offsets_db = np.asarray(offsets_db, float)

    def exact(a, e, col):
        return evaluate(ws, np.asarray(a, int), e - offsets_db[col], c, colour=col, repair=False)

    ev = exact(aps, eirp, colour)
    if not ev.ok(c) or len(aps) < 2:
        return aps, reasons, eirp, colour, ev, 0
    removed = 0
    for _pass in range(PRUNE_PASSES):
        before = removed
        order = [int(ev.aps[i]) for i in np.argsort(ev.demand_mbps, kind="stable")]
        for step, ap in enumerate(order):
            report("pruning with power", (_pass + step / max(len(order), 1)) / PRUNE_PASSES)
            if len(aps) < 2:
                break
            aps, reasons, eirp, colour, ev, ok = _try_remove(exact, c, floor_dbm, aps.index(ap), aps, reasons, eirp, colour, ev)
            removed += ok
        if removed == before:
            break
    return aps, reasons, eirp, colour, ev, removed


def _try_remove(exact, c, floor_dbm, k, aps, reasons, eirp, colour, ev):
    """One removal with its neighbours' power steps: the new state and 1, or the old state and 0."""
    t_aps = aps[:k] + aps[k + 1:]
    t_reasons = reasons[:k] + reasons[k + 1:]
    t_eirp = np.delete(eirp, k)
    t_col = np.delete(colour, k)
    tr = exact(t_aps, t_eirp, t_col)
    for _round in range(PRUNE_POWER_ROUNDS):
        if not tr.coverage_ok(c) or tr.capacity_ok(c):
            break
        own = np.maximum(tr.airtime / c.max_utilization, tr.clients / c.max_clients)
        over = (own > 1.0 + 1e-9) | (tr.utilisation > c.max_utilization + 1e-9)
        lower = over & (t_eirp > floor_dbm + 1e-9)
        if not lower.any():
            break
        t_eirp = np.where(lower, np.maximum(t_eirp - PRUNE_POWER_STEP_DB, floor_dbm), t_eirp)
        tr = exact(t_aps, t_eirp, t_col)
    if tr.ok(c):
        return t_aps, t_reasons, t_eirp, t_col, tr, 1
    return aps, reasons, eirp, colour, ev, 0
