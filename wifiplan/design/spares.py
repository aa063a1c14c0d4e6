"""Spare pre-cabled mount positions: where the next capacity or coverage AP would go."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wifiplan.design.fasteval import Evaluation
from wifiplan.design.placement import _split_target
from wifiplan.design.workspace import Workspace

__all__ = ["SparePosition", "place_spares", "SPARE_MIN_DISTANCE_M"]

#: A spare is at least this far from every AP and other spare, m (not "on top of an AP").
SPARE_MIN_DISTANCE_M = 3.0


@dataclass(frozen=True)
class SparePosition:
    """A spare mount position: candidate index, floor index, and why it is there."""

    candidate: int
    floor: int
    reason: str


def _far_enough(ws: Workspace, cand: int, taken: list[int]) -> bool:
    same = [t for t in taken if ws.cand_floor[t] == ws.cand_floor[cand]]
    if not same:
        return True
    d = np.hypot(*(ws.cand_xy[np.asarray(same)] - ws.cand_xy[cand]).T)
    return bool(d.min() >= SPARE_MIN_DISTANCE_M)


def _weakest(ws: Workspace, ev: Evaluation, fi: int, taken: list[int]) -> tuple[int, float] | None:
    """Candidate on floor ``fi`` nearest the weakest-signal grid point, and that signal."""
    f = ws.floors[fi]
    if not f.n or not len(f.cand_xy):
        return None
    best = ev.best_dbm[fi]
    order = np.argsort(best, kind="stable")
    cands = np.arange(f.cand_start, f.cand_start + len(f.cand_xy))
    for p in order[:50]:
        d = np.hypot(*(ws.cand_xy[cands] - f.xy[p]).T)
        for k in np.argsort(d, kind="stable")[:10]:
            c = int(cands[k])
            if c not in taken and _far_enough(ws, c, taken):
                return c, float(best[p])
    # A floor too small for the 3 m spacing (e.g. 8 x 6 m with the exterior setback) still
    # gets its spare: the free candidate farthest from every AP and spare on the floor.
    free = np.array([int(c) for c in cands if int(c) not in taken], dtype=int)
    same = [t for t in taken if ws.cand_floor[t] == fi]
    if not len(free):
        return None
    if same:
        gap = np.hypot(*(ws.cand_xy[free][:, None, :] - ws.cand_xy[np.asarray(same)][None, :, :]).transpose(2, 0, 1)).min(axis=1)
        c = int(free[int(np.argmax(gap))])
        if gap.max() <= 0:
            return None
    else:
        c = int(free[0])
    return c, float(best[order[0]])


def place_spares(ws: Workspace, ev: Evaluation, share: float, names: dict[int, str]) -> list[SparePosition]:
    """``ceil(share × APs)`` spares (at least one per floor with APs), busiest cells first.

    Each floor with APs first gets one spare: the split point of its busiest cell (the
    centre of the busier half of that AP's demand), or, on a floor with no demand, the
    candidate nearest its weakest signal. The remaining spares go to the next busiest cells
    of the building, then the weakest coverage. Spares keep ≥ 3 m from APs and each other.
    ``names`` maps AP index (in ``ev.aps``) to its plan name for the reasons.
    """
    n_aps = len(ev.aps)
    if n_aps == 0:
        return []
    floors_with_aps = sorted({int(ws.cand_floor[a]) for a in ev.aps})
    total = max(math.ceil(share * n_aps - 1e-9), len(floors_with_aps)) if share > 0 else len(floors_with_aps)
    taken = [int(a) for a in ev.aps]
    out: list[SparePosition] = []
    load = ev.utilisation
    busiest = np.lexsort((np.arange(n_aps), -load))

    def add_split(i: int) -> bool:
        t = _split_target(ws, ev, int(i), set(taken))
        if t is None or not _far_enough(ws, t, taken):
            return False
        taken.append(t)
        out.append(SparePosition(t, int(ws.cand_floor[t]),
                                 f"capacity: next split of {names[int(i)]} (utilisation {load[i]:.2f}, "
                                 f"{ev.clients[i]:.0f} clients)"))
        return True

    def add_weak(fi: int) -> bool:
        w = _weakest(ws, ev, fi, taken)
        if w is None:
            return False
        taken.append(w[0])
        out.append(SparePosition(w[0], fi, f"coverage: nearest the weakest signal ({w[1]:.1f} dBm)"))
        return True

    used: set[int] = set()
    for fi in floors_with_aps:
        mine = [i for i in busiest if int(ws.cand_floor[ev.aps[i]]) == fi]
        done = False
        if ws.floors[fi].total_mbps.sum() > 0:
            for i in mine:
                if add_split(i):
                    used.add(int(i))
                    done = True
                    break
        if not done:
            add_weak(fi)
    for i in busiest:
        if len(out) >= total:
            break
        if int(i) in used:
            continue
        if add_split(i):
            used.add(int(i))
    k = 0
    while len(out) < total and k < 4 * len(ws.floors):
        if not add_weak(floors_with_aps[k % len(floors_with_aps)]):
            pass
        k += 1
    return out
