"""AP placement: greedy coverage, capacity splits, pruning and local moves over candidate positions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from wifiplan.design.channels import assign_channels, utilisation_for
from wifiplan.design.fasteval import Criteria, Evaluation, evaluate, evaluate_added, evaluate_removed
from wifiplan.design.workspace import Progress, Workspace

__all__ = ["Placement", "place_aps", "repair_exact", "COVERAGE_MARGIN", "MIN_AP_SPACING_M", "POWER_STEP_DB"]

#: The search aims this much above the coverage targets so that rounding (float32
#: matrices) and the final per-channel frequencies cannot tip a floor under its target.
COVERAGE_MARGIN = 0.002

#: At most 1/N of the APs are split per round of the own-load step (the rest wait for a
#: fresh evaluation: splitting neighbours at once overshoots).
SPLITS_PER_ROUND_DIV = 25

#: A new capacity AP is kept at least this far from every AP on its floor, m.
MIN_AP_SPACING_M = 3.0

#: Candidates tested for spacing at once when looking for a split position.
_SPLIT_BLOCK = 64


@dataclass
class Placement:
    """Chosen candidates (global indices), their EIRP, why each is there, and the last evaluation."""

    aps: np.ndarray
    eirp_dbm: np.ndarray
    reasons: list[str]
    evaluation: Evaluation
    feasible: bool
    notes: list[str] = field(default_factory=list)


def _first_max(values: np.ndarray, order: np.ndarray) -> int:
    """Index of the maximum of ``values``; ties go to the first in ``order`` (seeded)."""
    return int(order[int(np.argmax(values[order]))])


def _greedy_cover(ws: Workspace, c: Criteria, aps: list[int], eirp: float, order: np.ndarray,
                  report: Progress, *, secondary: bool) -> list[int]:
    """Add APs greedily (most uncovered area first) until every floor meets its target.

    Each floor is covered by APs on that floor: signal through a slab is real (the final
    evaluation counts it) but a design that serves one storey from the next is fragile
    (furniture, people, a door closing) and puts its clients on a foreign cell.
    """
    thr = c.secondary_rssi_dbm if secondary else c.rssi_dbm
    target = (c.secondary_target if secondary else c.coverage_target) + COVERAGE_MARGIN
    target = min(target, 1.0)
    need_count = 2 if secondary else 1
    masks = []
    counts = []
    for f in ws.floors:
        own = np.arange(f.cand_start, f.cand_start + len(f.cand_xy))
        m = (np.float32(eirp + ws.eirp_offset_db + ws.client_gain_dbi) - f.loss[f.relpos[own]]) >= np.float32(thr)
        masks.append(m)
        cnt = np.zeros(f.n, dtype=np.int32)
        mine = [a - f.cand_start for a in aps if f.cand_start <= a < f.cand_start + len(f.cand_xy)]
        if mine:
            cnt = m[np.asarray(mine)].sum(axis=0).astype(np.int32)
        counts.append(cnt)
    def weights(cnt):
        if secondary:
            return np.where(cnt == 1, 1.0, np.where(cnt == 0, 0.5, 0.0)).astype(np.float32)
        return (cnt == 0).astype(np.float32)

    # gain per candidate = mask @ weights, kept up to date from the points whose count changed
    # (the weights are 0, 0.5 or 1, so the float32 sums are exact whatever the order: the same
    # numbers as a fresh product, without a candidates × points product per added AP)
    gains: dict[int, np.ndarray] = {}
    added: list[int] = []
    start_missing = None
    while True:
        deficient = [f for f in ws.floors if f.n and len(f.cand_xy)
                     and np.mean(counts[f.index] >= need_count) < min(target + f.coverage_slack, 1.0)]
        if not deficient:
            break
        missing = sum(int(np.ceil(min(target + f.coverage_slack, 1.0) * f.n)) - int((counts[f.index] >= need_count).sum())
                      for f in deficient)
        start_missing = start_missing or max(missing, 1)
        report("secondary coverage" if secondary else "coverage", 1.0 - missing / start_missing)
        gain = np.full(ws.M, -1.0)
        for f in deficient:
            if f.index not in gains:
                gains[f.index] = masks[f.index].astype(np.float32) @ weights(counts[f.index])
            gain[f.cand_start:f.cand_start + len(f.cand_xy)] = gains[f.index] * f.cell_area_m2
        chosen = set(aps) | set(added)
        if chosen:
            gain[np.fromiter(chosen, int)] = -1.0
        best = _first_max(gain, order)
        if gain[best] <= 0:
            break
        added.append(best)
        f = ws.floors[int(ws.cand_floor[best])]
        hit = np.flatnonzero(masks[f.index][best - f.cand_start])
        before = weights(counts[f.index][hit])
        counts[f.index] += masks[f.index][best - f.cand_start]
        if f.index in gains and len(hit):
            delta = weights(counts[f.index][hit]) - before
            moved = np.flatnonzero(delta)
            if len(moved):
                gains[f.index] += masks[f.index][:, hit[moved]].astype(np.float32) @ delta[moved]
    return added


def _greedy_realtime(ws: Workspace, c: Criteria, aps: list[int], eirp: float, order: np.ndarray,
                     report: Progress) -> list[int]:
    """Add APs greedily until every real-time zone has a second AP at ``c.rt_secondary_dbm`` on its target share.

    Per zone (not per floor, as check's CV05 reads it): the gain of a candidate on the
    zone's floor is the area of deficient zones it brings from one AP heard to two (and,
    at half weight, from none to one).
    """
    thr = c.rt_secondary_dbm
    floors = [f for f in ws.floors if f.rt_zone is not None and (f.rt_zone >= 0).any() and len(f.cand_xy)]
    if thr is None or not floors:
        return []
    target = min(c.rt_target + COVERAGE_MARGIN, 1.0)
    masks, counts = {}, {}
    for f in floors:
        own = np.arange(f.cand_start, f.cand_start + len(f.cand_xy))
        m = (np.float32(eirp + ws.eirp_offset_db + ws.client_gain_dbi) - f.loss[f.relpos[own]]) >= np.float32(thr)
        masks[f.index] = m
        mine = [a - f.cand_start for a in aps if f.cand_start <= a < f.cand_start + len(f.cand_xy)]
        counts[f.index] = m[np.asarray(mine)].sum(axis=0).astype(np.int32) if mine else np.zeros(f.n, np.int32)
    added: list[int] = []
    for _ in range(ws.M):
        gain = np.full(ws.M, -1.0)
        missing = 0
        for f in floors:
            z = f.rt_zone
            inside = z >= 0
            cnt = counts[f.index]
            zn = np.bincount(z[inside])
            ok = np.bincount(z[inside], weights=(cnt[inside] >= 2).astype(float), minlength=len(zn))
            bad = np.flatnonzero((zn > 0) & (ok < (target + f.coverage_slack) * zn - 1e-9))
            if not len(bad):
                continue
            missing += len(bad)
            in_bad = inside & np.isin(z, bad)
            w = np.where(in_bad & (cnt == 1), 1.0, np.where(in_bad & (cnt == 0), 0.5, 0.0)).astype(np.float32)
            gain[f.cand_start:f.cand_start + len(f.cand_xy)] = (masks[f.index].astype(np.float32) @ w) * f.cell_area_m2
        if not missing:
            break
        report("real-time secondary coverage", 0.5)
        chosen = set(aps) | set(added)
        if chosen:
            gain[np.fromiter(chosen, int)] = -1.0
        best = _first_max(gain, order)
        if gain[best] <= 0:
            break
        added.append(best)
        f = ws.floors[int(ws.cand_floor[best])]
        counts[f.index] += masks[f.index][best - f.cand_start]
    return added


def _split_target(ws: Workspace, ev: Evaluation, i: int, taken: set[int]) -> int | None:
    """Candidate near the centre of the busier half of AP ``i``'s demand (a cell split).

    The centre of the half of the cell's demand away from the AP along the demand's main
    axis, on the AP's floor (or the floor where it serves most), at the nearest free
    candidate ≥ 3 m from every AP on that floor.
    """
    ap = int(ev.aps[i])
    fi = int(ws.cand_floor[ap])
    f = ws.floors[fi]
    mask = (ev.serving[fi] == i) & (f.total_mbps > 0)
    if mask.sum() < 1:
        loads = [float(ws.floors[g].total_mbps[ev.serving[g] == i].sum()) for g in range(len(ws.floors))]
        fi = int(np.argmax(loads))
        f = ws.floors[fi]
        mask = (ev.serving[fi] == i) & (f.total_mbps > 0)
        if mask.sum() < 1:
            return None
    # in the floor's own frame (outline's lower-left corner), so the split does not depend on
    # where the building sits in its coordinates (found by the translation property test)
    origin = np.asarray(ws.building.floor(f.name).outline, dtype=float).min(axis=0)
    pts = f.xy[mask] - origin
    w = f.total_mbps[mask]
    centre = (pts * w[:, None]).sum(0) / w.sum()
    ap_xy = ws.cand_xy[ap] - origin
    if len(pts) >= 2:
        d = pts - centre
        cov = (d * w[:, None]).T @ d / w.sum()
        _vals, vecs = np.linalg.eigh(cov)
        axis = vecs[:, -1]
        proj = d @ axis
        side = 1.0 if (ap_xy - centre) @ axis <= 0 else -1.0
        half = side * proj > 0
        if half.any():
            centre = (pts[half] * w[half, None]).sum(0) / w[half].sum()
    lo, hi = f.cand_start, f.cand_start + len(f.cand_xy)
    if hi == lo:
        return None
    cxy = f.cand_xy - origin
    existing = np.fromiter((a for a in taken if lo <= a < hi), dtype=int)
    dist = ((cxy - centre) ** 2).sum(1)
    if not len(existing):
        return int(lo + int(np.argmin(dist)))
    used = np.zeros(hi - lo, bool)
    used[existing - lo] = True
    ex = ws.cand_xy[existing] - origin
    # nearest to the centre among the free candidates ≥ MIN_AP_SPACING_M from every AP (ties:
    # the lowest index, as argmin): candidates in (distance, index) order, spacing tested a
    # block at a time, so a floor with hundreds of APs does not test every candidate against
    # every AP for each split
    # (taken positions are skipped first; only APs within the block's box ± the spacing can be
    # nearer than it, so the others are not measured)
    by_dist = np.argsort(dist, kind="stable")
    by_dist = by_dist[~used[by_dist]]
    for i in range(0, len(by_dist), _SPLIT_BLOCK):
        blk = by_dist[i:i + _SPLIT_BLOCK]
        pts = cxy[blk]
        (x0, y0), (x1, y1) = pts.min(axis=0) - MIN_AP_SPACING_M, pts.max(axis=0) + MIN_AP_SPACING_M
        near = ex[(ex[:, 0] >= x0) & (ex[:, 0] <= x1) & (ex[:, 1] >= y0) & (ex[:, 1] <= y1)]
        if not len(near):
            return int(lo + int(blk[0]))
        ok = ((pts[:, None, :] - near[None, :, :]) ** 2).sum(-1).min(axis=1) >= MIN_AP_SPACING_M ** 2
        if ok.any():
            return int(lo + int(blk[int(np.argmax(ok))]))
    return None


def _status(ev: Evaluation, c: Criteria) -> tuple[bool, float, int, float, float]:
    """(coverage ok, own-load excess, APs over the cap, worst utilisation, summed utilisation excess)."""
    if not len(ev.aps):
        return False, np.inf, 0, np.inf, np.inf
    own = np.maximum(ev.airtime / c.max_utilization, ev.clients / c.max_clients)
    over = int((ev.utilisation > c.max_utilization + 1e-9).sum())
    excess = float(np.maximum(ev.utilisation / c.max_utilization - 1, 0).sum())
    return (ev.coverage_ok(c, COVERAGE_MARGIN), float(np.maximum(own - 1, 0).sum()), over,
            float(ev.utilisation.max()), excess)


def _no_worse(new: tuple, old: tuple) -> bool:
    """True when no requirement got worse.

    Coverage must stay met and no cell's own load may grow over the cap. When every channel
    is within the cap it must stay so. When co-channel sharing already breaks the cap
    somewhere, it is not held against a removal: the airtime of a hearing neighbourhood is
    the same whichever of its APs carries it, so extra APs do not lower it (the power and
    channel passes work on it instead).
    """
    if not ((new[0] or not old[0]) and new[1] <= old[1] + 1e-9):
        return False
    if old[2] == 0:
        return new[2] == 0
    return True


def place_aps(
    ws: Workspace,
    c: Criteria,
    *,
    eirp_dbm: float,
    n_channels: int,
    seed: int = 0,
    max_aps: int | None = None,
    progress: Progress | None = None,
    keep_going: Callable[[Evaluation], bool] | None = None,
    min_eirp_dbm: float | None = None,
) -> Placement:
    """Place APs: greedy coverage (and secondary), capacity splits, prune.

    Every AP uses the EIRP ``eirp_dbm`` on the design band. Deterministic for a ``seed``
    (it orders ties between equally good candidates). ``keep_going(evaluation)`` is asked
    after the own-load splits; returning False stops early (the width is rejected).

    Notes
    -----
    Greedy set cover gives a ln(n)-approximation of the fewest APs for coverage. Capacity
    then works in two steps: (1) split the cells whose own airtime or client count is over
    the cap (centre of the busier half of the demand) until none is; (2) while co-channel
    APs that hear each other still push a channel over the cap, add splits where that
    lowers the total excess, keeping the best set seen. The pruning pass removes any AP
    whose removal makes no requirement worse.
    """
    report = progress or (lambda _s, _f: None)
    rng = np.random.default_rng(seed)
    order = rng.permutation(ws.M)
    max_aps = max_aps or max(4 * ws.M // 5, 1)
    aps: list[int] = []
    reasons: list[str] = []
    new = _greedy_cover(ws, c, aps, eirp_dbm, order, report, secondary=False)
    aps += new
    reasons += ["coverage"] * len(new)
    if c.secondary_rssi_dbm is not None:
        new = _greedy_cover(ws, c, aps, eirp_dbm, order, report, secondary=True)
        aps += new
        reasons += ["coverage"] * len(new)
    if c.rt_secondary_dbm is not None:
        new = _greedy_realtime(ws, c, aps, eirp_dbm, order, report)
        aps += new
        reasons += ["coverage"] * len(new)
    notes: list[str] = []
    # evaluate_added / evaluate_removed keep the second-strongest AP per point too, so every
    # design grows and prunes incrementally (same figures as a full evaluation; issue 16)
    incremental = True

    def full(a, colour=None, repair=False):
        return evaluate(ws, np.asarray(a, int), np.full(len(a), eirp_dbm), c, colour=colour,
                        n_channels=n_channels, seed=seed, repair=repair)

    def grow(ev: Evaluation, a: list[int], assign: bool = True) -> Evaluation:
        """Evaluation after appending ``a[len(ev.aps):]``, channels improved from the previous ones.

        Without ``assign`` the new APs take channel 0 and nothing is re-planned (own load
        and hearing do not depend on channels).
        """
        new = np.asarray(a[len(ev.aps):], int)
        if not incremental:
            e0 = full(a, colour=np.concatenate([ev.colour, np.zeros(len(new), int)]))
        else:
            e0 = evaluate_added(ws, ev, new, np.full(len(new), eirp_dbm), c,
                                np.concatenate([ev.colour, np.zeros(len(new), int)]))
        if not assign:
            return e0
        init = np.concatenate([ev.colour, np.full(len(new), -1)])
        colour = assign_channels(e0.hear, n_channels, airtime=e0.airtime, seed=seed, initial=init)
        e0.colour = colour
        e0.utilisation = utilisation_for(colour, e0.hear, e0.airtime)
        return e0

    ev = full(aps)

    def split_round(ev: Evaluation, load: np.ndarray, limit: int) -> bool:
        over = np.flatnonzero(load > 1.0 + 1e-9)
        over = over[np.lexsort((order[ev.aps[over]], -load[over]))]
        taken = set(aps)
        picked: list[int] = []
        for i in over:
            if len(picked) >= limit:
                break
            if any(ev.hear[i, j] >= -75 for j in picked):
                continue
            t = _split_target(ws, ev, int(i), taken)
            if t is None:
                continue
            aps.append(t)
            reasons.append("capacity")
            taken.add(t)
            picked.append(int(i))
        return bool(picked)

    # (1) own load: airtime of the cell itself and its clients
    start = None
    while len(aps) < max_aps:
        own = np.maximum(ev.airtime / c.max_utilization, ev.clients / c.max_clients)
        excess = float(np.maximum(own - 1, 0).sum())
        if excess <= 0:
            break
        start = start or excess
        report("capacity", min(1.0, 1.0 - excess / start))
        if keep_going is not None and not keep_going(ev):
            return Placement(np.asarray(aps, int), np.full(len(aps), float(eirp_dbm)), reasons, ev, False,
                             notes + ["stopped early"])
        if not split_round(ev, own, max(1, len(aps) // SPLITS_PER_ROUND_DIV)):
            notes.append("capacity: no free candidate position left to split the busiest cells")
            break
        ev = grow(ev, aps, assign=False)
    if keep_going is not None and not keep_going(ev):
        return Placement(np.asarray(aps, int), np.full(len(aps), float(eirp_dbm)), reasons, ev, False, notes + ["stopped early"])
    if len(ev.aps):  # channels for the shared-utilisation step
        colour = assign_channels(ev.hear, n_channels, airtime=ev.airtime, max_utilization=c.max_utilization, seed=seed)
        ev.colour = colour
        ev.utilisation = utilisation_for(colour, ev.hear, ev.airtime)
    # (2) shared channels: splits that lower the total excess utilisation
    best = (list(aps), list(reasons), ev, _status(ev, c))
    stall = 0
    while not ev.capacity_ok(c) and len(aps) < max_aps and stall < 4:
        report("channel sharing", 0.5)
        util = ev.utilisation / c.max_utilization
        if not split_round(ev, util, max(1, len(aps) // 20)):
            break
        ev = grow(ev, aps)
        st = _status(ev, c)
        if st[1] <= best[3][1] + 1e-9 and (st[2], st[3]) < (best[3][2], best[3][3]):
            best = (list(aps), list(reasons), ev, st)
            stall = 0
        else:
            stall += 1
    if stall:
        aps, reasons, ev = list(best[0]), list(best[1]), best[2]
        if not ev.capacity_ok(c):
            notes.append("search: more APs did not lower co-channel sharing further")
    # prune: drop APs whose removal makes no requirement worse
    status = _status(ev, c)
    served = ev.demand_mbps + 1e-6 * order[ev.aps].astype(float)
    for step, ap in enumerate([int(ev.aps[i]) for i in np.argsort(served, kind="stable")]):
        report("pruning", step / max(len(served), 1))
        k = aps.index(ap)
        trial = aps[:k] + aps[k + 1:]
        if not trial:
            continue
        if incremental:
            tr = evaluate_removed(ws, ev, k, c)
        else:
            tr = full(trial, colour=np.delete(ev.colour, k))
        st = _status(tr, c)
        if _no_worse(st, status):
            aps, reasons = trial, reasons[:k] + reasons[k + 1:]
            ev, status = tr, st
    eirp_arr = np.full(len(aps), float(eirp_dbm))
    if not ev.capacity_ok(c) and min_eirp_dbm is not None and len(aps):
        ev, eirp_arr, lowered = _lower_power(ws, c, ev, np.asarray(aps, int), eirp_arr, float(min_eirp_dbm),
                                             n_channels, seed, report)
        if lowered:
            notes.append(f"power: lowered by {lowered:g} dB below the uplink-balance level to cut co-channel sharing")
    feasible = ev.ok(c)
    report("placement", 1.0)
    return Placement(np.asarray(aps, int), eirp_arr, reasons, ev, feasible, notes)


#: Step of the transmit-power reduction, dB.
POWER_STEP_DB = 2.0


def _lower_power(ws, c, ev, aps, eirp, min_eirp, n_channels, seed, report):
    """Lower every AP's power in steps while that cuts co-channel sharing and keeps coverage and own load.

    Co-channel APs that hear each other share airtime; at lower power fewer hear each other
    above −82 dBm, while clients near their AP keep high rates ("extra AP power makes
    co-channel interference worse", [S31]). Stops at ``min_eirp`` or when a step breaks
    coverage, raises any cell's own load, or does not lower the excess utilisation.
    """
    status = _status(ev, c)
    lowered = 0.0
    while True:
        trial = np.maximum(eirp - POWER_STEP_DB, min_eirp)
        if np.all(trial >= eirp - 1e-9):
            break
        report("power", min(1.0, lowered / 20.0))
        tr = evaluate(ws, aps, trial, c, colour=ev.colour, n_channels=n_channels)
        colour = assign_channels(tr.hear, n_channels, airtime=tr.airtime, max_utilization=c.max_utilization,
                                 seed=seed, initial=ev.colour)
        tr.colour = colour
        tr.utilisation = utilisation_for(colour, tr.hear, tr.airtime)
        st = _status(tr, c)
        total_new = st[1] + float(np.maximum(tr.utilisation / c.max_utilization - 1, 0).sum())
        total_old = status[1] + float(np.maximum(ev.utilisation / c.max_utilization - 1, 0).sum())
        better = (st[0] or not status[0]) and total_new < total_old - 1e-9
        if not better:
            break
        lowered += float(np.max(eirp - trial))
        ev, eirp, status = tr, trial, st
        if ev.capacity_ok(c):
            break
    return ev, eirp, lowered


#: The exact check's split rounds end after this many rounds in a row that did not lower the
#: summed own load over the cap below its lowest so far. A split can raise it for a round (the
#: 5- and 40-storey towers: one round up, the next round meets the cap), but where a cell stays
#: over on a load no split moves, every further round only adds APs: on ``site1``'s first two
#: floors the same 7 cells stayed over for rounds 3–12 (own excess 2.13–2.34), 70 APs and ten
#: channel searches for nothing (issue 16).
EXACT_STALL_ROUNDS = 2


def repair_exact(ws: Workspace, c: Criteria, aps: list[int], reasons: list[str], eirp: np.ndarray,
                 colour: np.ndarray, offsets_db: np.ndarray, n_channels: int, *, seed: int = 0,
                 kicks: int = 0, rounds: int = 12, report: Progress | None = None):
    """Evaluate with each AP's own channel frequency and split cells that are then over the cap.

    The search prices every AP at the highest channel frequency; an AP on a lower channel
    reaches ~0.8 dB further and takes clients from its neighbours. Here the coverage EIRP
    of each AP is corrected by ``offsets_db[channel]`` (exact association); cells whose own
    airtime or clients exceed ``c`` are split and the channels re-planned, a few rounds
    (at most ``rounds``; fewer when :data:`EXACT_STALL_ROUNDS` rounds in a row do not help).

    Returns (aps, reasons, eirp, colour, evaluation) — the evaluation at exact frequencies.
    """
    report = report or (lambda _s, _f: None)
    aps, reasons = list(aps), list(reasons)
    eirp = np.asarray(eirp, float).copy()
    colour = np.asarray(colour, int).copy()
    order = np.random.default_rng(seed).permutation(ws.M)

    def exact(a, e, col):
        return evaluate(ws, np.asarray(a, int), e - offsets_db[col], c, colour=col, n_channels=n_channels)

    ev = exact(aps, eirp, colour)
    best_excess, stalled = np.inf, 0
    for r in range(rounds):
        own = np.maximum(ev.airtime / c.max_utilization, ev.clients / c.max_clients)
        over = np.flatnonzero(own > 1.0 + 1e-9)
        if not len(over):
            break
        excess = float(np.maximum(own - 1.0, 0.0).sum())
        if excess < best_excess - 1e-9:
            best_excess, stalled = excess, 0
        else:   # the splits stopped lowering the load over the cap: more rounds only add APs (issue 16)
            stalled += 1
            if stalled >= EXACT_STALL_ROUNDS:
                break
        report("exact check", r / rounds)
        taken = set(aps)
        added = 0
        for i in over[np.lexsort((order[ev.aps[over]], -own[over]))]:
            t = _split_target(ws, ev, int(i), taken)
            if t is None:
                continue
            aps.append(t)
            reasons.append("capacity")
            eirp = np.append(eirp, eirp[i])
            taken.add(t)
            added += 1
        if not added:
            break
        colour = np.append(colour, np.full(added, -1))
        tmp = exact(aps, eirp, np.where(colour < 0, 0, colour))
        colour = assign_channels(tmp.hear, n_channels, airtime=tmp.airtime, max_utilization=c.max_utilization,
                                 seed=seed, initial=colour, kicks=kicks)
        ev = exact(aps, eirp, colour)
    # prune again at exact frequencies: an AP whose removal makes nothing worse goes; then the
    # channels are re-planned for the smaller set, APs moved where that widens the margin,
    # and the prune repeated
    for _pass in range(3 if c.secondary_rssi_dbm is None and c.rt_secondary_dbm is None else 0):
        if _pass == 1:
            aps, reasons, eirp, colour, ev = _move_pass(ws, c, aps, reasons, eirp, colour, ev, offsets_db, report)
        if _pass:
            new_colour = assign_channels(ev.hear, n_channels, airtime=ev.airtime, max_utilization=c.max_utilization,
                                         seed=seed, initial=colour, kicks=kicks)
            trial = exact(aps, eirp, new_colour)
            if _status(trial, c)[4] > _status(ev, c)[4] + 1e-9:
                break
            colour, ev = new_colour, trial
        status = _status(ev, c)
        served = ev.demand_mbps + 1e-6 * order[ev.aps].astype(float)
        for step, ap in enumerate([int(ev.aps[i]) for i in np.argsort(served, kind="stable")]):
            report("exact pruning", step / max(len(served), 1))
            k = aps.index(ap)
            if len(aps) < 2:
                break
            tr = evaluate_removed(ws, ev, k, c)
            st = _status(tr, c)
            if _no_worse(st, status):
                aps, reasons = aps[:k] + aps[k + 1:], reasons[:k] + reasons[k + 1:]
                eirp, colour = np.delete(eirp, k), np.delete(colour, k)
                ev, status = tr, st
    return aps, reasons, eirp, colour, ev


def _margin(ev: Evaluation, c: Criteria) -> float:
    """How close the cells run to their caps: Σ over APs of (load ratio − 0.7)² above 0.7, where the
    load ratio is the largest of own airtime, clients and utilisation against their caps."""
    if not len(ev.aps):
        return np.inf
    ratio = np.maximum.reduce([ev.airtime / c.max_utilization, ev.clients / c.max_clients,
                               ev.utilisation / c.max_utilization])
    return float((np.maximum(ratio - 0.7, 0.0) ** 2).sum())


def _move_pass(ws, c, aps, reasons, eirp, colour, ev, offsets_db, report):
    """Move each AP to a neighbouring candidate (same floor, within 1.5 lattice steps) when that
    widens the margin (:func:`_margin`) without making any requirement worse (exact frequencies)."""
    status = _status(ev, c)
    margin = _margin(ev, c)
    fine = float(np.median(np.diff(np.unique(ws.cand_xy[:, 0])))) if ws.M > 1 else 2.5
    for n_done, ap in enumerate(list(aps)):
        report("moving", n_done / max(len(aps), 1))
        k = aps.index(ap)
        f = ws.floors[int(ws.cand_floor[ap])]
        step = f.lattice_m if f.lattice_m > ws.lattice_m else fine  # a floor with a coarser lattice: its own step
        lo = f.cand_start
        d = np.hypot(*(f.cand_xy - ws.cand_xy[ap]).T)
        near = [lo + int(j) for j in np.flatnonzero((d > 1e-6) & (d <= 1.5 * step + 1e-6)) if lo + int(j) not in aps]
        if not near:
            continue
        base = evaluate_removed(ws, ev, k, c)
        rest_aps = aps[:k] + aps[k + 1:]
        rest_colour = np.delete(colour, k)
        best = None
        for cand in near:
            others = np.asarray([a for a in rest_aps if ws.cand_floor[a] == ws.cand_floor[cand]], int)
            if len(others) and np.hypot(*(ws.cand_xy[others] - ws.cand_xy[cand]).T).min() < MIN_AP_SPACING_M:
                continue
            col = np.append(rest_colour, colour[k])
            tr = evaluate_added(ws, base, np.array([cand]), np.array([eirp[k] - offsets_db[colour[k]]]), c, col)
            st = _status(tr, c)
            m = _margin(tr, c)
            if _no_worse(st, status) and st[2] <= status[2] and m < margin - 1e-6 and (best is None or m < best[0]):
                best = (m, cand, tr, st)
        if best is not None:
            m, cand, tr, st = best
            aps = rest_aps + [cand]
            reasons = reasons[:k] + reasons[k + 1:] + [reasons[k]]
            eirp = np.append(np.delete(eirp, k), eirp[k])
            colour = np.append(rest_colour, colour[k])
            ev, status, margin = tr, st, m
    return aps, reasons, eirp, colour, ev
