"""Spare pre-cabled mount positions: where the next capacity or coverage AP would go."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wifiplan.capacity.airtime import CCA_THRESHOLD_DBM
from wifiplan.design.channels import assign_channels, utilisation_for
from wifiplan.design.fasteval import Criteria, Evaluation, evaluate, evaluate_added
from wifiplan.design.placement import _split_target
from wifiplan.design.workspace import Workspace

__all__ = ["SparePosition", "place_spares", "predicted_splits", "check_clients", "check_load_ratio", "probes_up_to",
           "spare_count", "SPARE_MIN_DISTANCE_M", "GROWTH_PROBES", "MAX_SPARE_SHARE"]

#: A spare is at least this far from every AP and other spare, m (not "on top of an AP").
SPARE_MIN_DISTANCE_M = 3.0

#: Headcount factors over the design load at which :func:`predicted_splits` looks for the
#: cells that would split (each cell's load grows with the headcount): the design load itself
#: (where ``check``'s client counts, which the search is scaled to, already exceed the
#: search's 5 % margin on some cells: a step to the design headcount adds APs there), then
#: +5 % to +100 % in steps of 5 %. Estimate, unsourced: growth steps are a few tens of percent
#: (the issue's expansion path is +15 %, +30 %, +50 %); 5 % steps keep the order in which
#: cells go over close to the order a step meets them.
GROWTH_PROBES = tuple(round(1.0 + 0.05 * k, 2) for k in range(0, 21))

#: Most channel re-plans one :func:`predicted_splits` call makes (a cost guard: each is a
#: channel local search over every AP, about 0.1 s for 368 APs); later ones are skipped (the
#: channels stay as they are). Estimate, unsourced.
MAX_REPLANS = 12

#: The power re-tune the prediction makes before splitting, as the planner's ``_balance_clients``
#: (which the growth step runs first) re-tunes: dB per round and at most this many rounds. The
#: planner's ``BALANCE_STEP_DB`` and ``BALANCE_ROUNDS`` are these (a vendor RRM's 1 dB steps;
#: an estimate, like the planner's).
RETUNE_STEP_DB = 1.0
RETUNE_ROUNDS = 6

#: Most spares a ``spare_growth`` rule places, as a multiple of the APs (a guard: the model
#: caps ``spare_positions`` at 5 × APs too).
MAX_SPARE_SHARE = 5.0


def probes_up_to(factor: float) -> tuple[float, ...]:
    """The :data:`GROWTH_PROBES` up to ``factor`` (headcount over the design load), and ``factor``.

    >>> probes_up_to(1.12)
    (1.0, 1.05, 1.1, 1.12)
    >>> probes_up_to(0.9)
    (1.0,)
    """
    f = max(1.0, round(float(factor), 4))
    return tuple(p for p in GROWTH_PROBES if p < f - 1e-9) + (f,)


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


def _own_load(ev: Evaluation, c: Criteria, ratio: np.ndarray | float = 1.0) -> np.ndarray:
    """Each cell's own airtime and clients (× ``ratio``) over the search's cap and limit (the larger), per AP."""
    return np.maximum(ev.airtime / c.max_utilization, ev.clients * ratio / c.max_clients)


def check_clients(building, settings, aps, names: dict[int, str], n: int, *, maps_of=None,
                  per_band=None) -> np.ndarray | None:
    """Most clients (active or associated) on any radio of each AP as ``check`` counts them, per AP index.

    ``aps``: the plan's access points; ``names``: AP index (as in the search's evaluation) → name;
    ``n``: the number of APs; ``maps_of``: cached coverage maps (as
    :func:`~wifiplan.capacity.bands.evaluate_bands` takes them; the planner passes its planning
    grids); ``per_band``: that every-band evaluation of ``aps`` when the caller has it already
    (the planner's balancing made it), so it is not made twice. None for legacy plans (``check``
    counts the design band only, as the search does).
    """
    eff = building.requirements.effective(settings.model)
    if eff is building.requirements and not building.requirements.check_associated_clients:
        return None
    if per_band is None or eff is building.requirements:   # a legacy evaluation has the design band only
        from wifiplan.capacity.bands import evaluate_bands

        per_band = evaluate_bands(building, settings, aps, requirements=eff, maps_of=maps_of)
    most: dict[str, float] = {}
    for ev in per_band.values():
        assoc = ev.associated if ev.associated is not None else np.zeros(len(ev.ap_names))
        for name, cl, asc in zip(ev.ap_names, ev.clients, assoc, strict=True):
            most[name] = max(most.get(name, 0.0), float(cl), float(asc))
    return np.array([most.get(names.get(i, ""), 0.0) for i in range(n)])


def _local_eirp(ws: Workspace, aps: list[int], eirps: np.ndarray, cand: int, top: float) -> float:
    """EIRP of an AP added at ``cand``, as the growth step sets it: that of the nearest AP on its
    floor (the planner's power control set it for the local density), at most ``top``."""
    same = [j for j, a in enumerate(aps) if ws.cand_floor[a] == ws.cand_floor[cand]]
    if not same:
        return top
    d = np.hypot(*(ws.cand_xy[np.asarray([aps[j] for j in same])] - ws.cand_xy[cand]).T)
    return float(min(eirps[same[int(np.argmin(d))]], top))


def _quiet_channel(ev: Evaluation, n_channels: int) -> int:
    """The channel (index) of the last AP of ``ev`` with the least airtime of APs it hears above CCA
    (they would share airtime with it); the lowest index among equals."""
    k = len(ev.aps) - 1
    heard = (ev.hear[k, :k] >= CCA_THRESHOLD_DBM) | (ev.hear[:k, k] >= CCA_THRESHOLD_DBM)
    load = np.bincount(ev.colour[:k][heard], weights=ev.airtime[:k][heard], minlength=n_channels)[:n_channels]
    return int(np.argmin(load))


def _loads(ev: Evaluation, c: Criteria, co_channel: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per AP: own load (:func:`_own_load`) and, with ``co_channel``, channel utilisation over the cap
    (own airtime plus that of the co-channel APs heard above CCA; zeros without)."""
    return _own_load(ev, c), (ev.utilisation / c.max_utilization if co_channel else np.zeros(len(ev.aps)))


def _excess(loads: tuple[np.ndarray, np.ndarray], *, own_only: bool = False) -> float:
    """The growth step's capacity shortfall: own excess plus (unless ``own_only``) utilisation excess,
    summed over the APs."""
    own = float(np.maximum(loads[0] - 1.0, 0.0).sum())
    return own if own_only else own + float(np.maximum(loads[1] - 1.0, 0.0).sum())


def _retune(ws: Workspace, cur: Evaluation, aps: list[int], eirps: np.ndarray, c: Criteria, n_ch: int, co: bool,
            floor_eirp_dbm: float) -> tuple[Evaluation, np.ndarray]:
    """``cur`` with the cells over the cap turned down as the growth step re-tunes power first.

    As the planner's balancing (``design/planner.py`` ``_balance_clients``) does on ``check``'s
    evaluation: each cell over the cap (own airtime or clients, or channel utilisation) is
    lowered :data:`RETUNE_STEP_DB` per round, never under ``floor_eirp_dbm``, so the devices at
    its edge join a neighbour; a cell whose own load grows keeps its power; the rounds stop when
    the summed excess grows or coverage would be lost (at most :data:`RETUNE_ROUNDS`). Returns the
    evaluation and the EIRPs, dBm.
    """
    now = _excess(_loads(cur, c, co))
    cov_ok = cur.coverage_ok(c)
    for _round in range(RETUNE_ROUNDS):
        if now <= 0:
            break
        loads = _loads(cur, c, co)
        lower = (np.maximum(*loads) > 1.0 + 1e-9) & (eirps > floor_eirp_dbm + 1e-9)
        if not lower.any():
            break
        new = np.where(lower, np.maximum(eirps - RETUNE_STEP_DB, floor_eirp_dbm), eirps)
        trial = evaluate(ws, np.asarray(aps, int), new, c, colour=cur.colour, n_channels=n_ch, repair=False)
        worse = lower & (_own_load(trial, c) > loads[0] + 1e-9)
        if worse.any():   # its remaining devices at a lower rate: that cell keeps its power
            new = np.where(worse, eirps, new)
            if not (new < eirps - 1e-9).any():
                break
            trial = evaluate(ws, np.asarray(aps, int), new, c, colour=cur.colour, n_channels=n_ch, repair=False)
        after = _excess(_loads(trial, c, co))
        if after > now + 1e-9 or (cov_ok and not trial.coverage_ok(c)):
            break
        cur, eirps, now = trial, new, after
    return cur, eirps


def predicted_splits(ws: Workspace, ev: Evaluation, budget: int, *, criteria: Criteria | None = None,
                     clients: np.ndarray | None = None, probes: tuple[float, ...] = GROWTH_PROBES,
                     n_channels: int | None = None,
                     floor_eirp_dbm: float | None = None,
                     load_ratio: np.ndarray | None = None) -> list[tuple[int, float, int]]:
    """Where the growth would put its capacity APs: up to ``budget`` cell splits, first needed first.

    The headcount is raised by each factor of ``probes`` in turn (every point's demand and
    devices × factor, on a copy of the workspace's floors: ``ws`` is left as it was); at each
    factor, while a cell's load is over the search's cap (``criteria``, default ``ev.criteria``:
    its own airtime over the utilisation cap, its clients over the client limit and, with
    ``n_channels``, its channel utilisation — its own airtime plus that of the co-channel APs it
    hears above the CCA threshold), the busiest such cell is split as the growth step splits it
    (:func:`~wifiplan.design.placement._split_target`, ≥ 3 m from every AP and earlier split) and
    the split counted as an AP for the next one: at the power of the nearest AP on its floor (as
    the step adds it), on the channel least loaded among the APs it hears. A split that lowers
    neither the summed excess (own and utilisation, with the channels re-planned, as the step
    re-plans them) nor the cells' own excess is not made (it would only add channel sharing)
    and that cell is passed over at this factor, as the step sets aside an addition that does
    not help. ``clients`` (per AP of ``ev``, :func:`check_clients`): where ``check``
    counts more clients on a radio than the search (its every-band association), the search's
    client count of that AP is scaled up by the same ratio (never down), so the cells check
    finds crowded split first (the devices of the points that AP serves are scaled, as the step
    calibrates its search, so the AP that splits the cell carries its share of the count).

    ``n_channels``: the design band's channel count (``ev.colour`` indexes them); None leaves
    channel sharing out (each cell's own load only).

    ``load_ratio`` (per AP of ``ev``, :func:`check_load_ratio`): each point's demand and devices
    × the ratio of the AP serving it at the design load (replaces ``clients``), so the cells go
    over where ``check``'s evaluation, re-tuned as the step re-tunes, finds them over (a ratio
    under 1 where ``check`` spreads a cell's devices over its bands). ``floor_eirp_dbm``: at each
    factor, before any split, the cells over the cap are turned down as the step re-tunes power
    first (:func:`_retune`, never under this EIRP); None: no re-tune. With ``spare_growth`` the
    planner passes both and ``check``'s limits as ``criteria``.

    Returns
    -------
    list of (candidate, factor, AP index in ``ev.aps`` whose cell was split), in the order found;
    empty without criteria or EIRPs in ``ev``.

    Notes
    -----
    The channels are those of the design (``ev.colour``), re-planned
    (:func:`~wifiplan.design.channels.assign_channels`, no kicks) at each factor where a cell
    is over the cap, and after a split that relieves no cell's own load: the growth step
    re-plans the grown set's channels the same way (at most :data:`MAX_REPLANS` re-plans per
    call). Cost: one evaluation per factor, one incremental evaluation per split tried.
    """
    c = criteria if criteria is not None else ev.criteria
    if c is None or ev.eirp is None or not len(ev.aps) or budget <= 0:
        return []
    co = n_channels is not None and n_channels >= 1
    n_ch = int(n_channels) if co else 1
    top = float(np.max(ev.eirp))
    saved = [(f, f.total_mbps, f.devices) for f in ws.floors]
    out: list[tuple[int, float, int]] = []
    aps = [int(a) for a in ev.aps]
    eirps = np.asarray(ev.eirp, float).copy()
    colour = np.asarray(ev.colour, int).copy() if co else np.zeros(len(aps), int)
    colour = np.where(colour < 0, 0, colour)
    n0 = len(aps)
    ratio = np.ones(n0)
    if clients is not None and len(clients) == n0:
        ratio = np.maximum(1.0, np.divide(clients, ev.clients, out=np.ones(n0), where=ev.clients > 0))
    # as the step calibrates its search (grow._calibrate_clients): the devices of the points each AP
    # serves × that AP's ratio, so the AP that splits a crowded cell carries its share of check's count
    scale = [np.where(ev.serving[f.index] >= 0, ratio[np.maximum(ev.serving[f.index], 0)], 1.0) if f.n else 1.0
             for f in ws.floors]
    lscale = [1.0] * len(ws.floors)
    if load_ratio is not None and len(load_ratio) == n0:
        lr = np.asarray(load_ratio, float)
        lscale = [np.where(ev.serving[f.index] >= 0, lr[np.maximum(ev.serving[f.index], 0)], 1.0) if f.n else 1.0
                  for f in ws.floors]
        scale = lscale

    replans = [0]

    def replan(cur: Evaluation) -> Evaluation:
        """``cur`` with its channels re-planned: only the utilisation changes (the prediction's
        powers do not depend on the channel)."""
        replans[0] += 1
        cur.colour = assign_channels(cur.hear, n_ch, airtime=cur.airtime, max_utilization=c.max_utilization, seed=0,
                                     initial=cur.colour)
        cur.utilisation = utilisation_for(cur.colour, cur.hear, cur.airtime)
        return cur

    try:
        for factor in probes:
            for (f, mbps, dev), sc, ls in zip(saved, scale, lscale, strict=True):
                f.total_mbps = mbps * ls * factor
                f.devices = dev * sc * factor
            cur = evaluate(ws, np.asarray(aps, int), eirps, c, colour=colour, n_channels=n_ch, repair=False)
            if co and _excess(_loads(cur, c, True)) > 0 and replans[0] < MAX_REPLANS:
                cur = replan(cur)   # the step re-tunes first
            if floor_eirp_dbm is not None:   # then turns loaded cells down
                cur, eirps = _retune(ws, cur, aps, eirps, c, n_ch, co, floor_eirp_dbm)
            skip: set[int] = set()
            while len(out) < budget:
                loads = _loads(cur, c, co)
                load = np.maximum(*loads)
                load[list(skip)] = 0.0
                i = int(np.argmax(load))
                if load[i] <= 1.0 + 1e-9:
                    break
                t = _split_target(ws, cur, i, set(aps))
                if t is None:
                    skip.add(i)
                    continue
                e = _local_eirp(ws, aps, eirps, t, top)
                now = _excess(loads)
                aps.append(int(t))
                eirps = np.append(eirps, e)
                trial = evaluate_added(ws, cur, np.array([t]), np.array([e]), c, np.append(cur.colour, 0))
                if co:
                    trial.colour[-1] = _quiet_channel(trial, n_ch)
                    trial.utilisation = utilisation_for(trial.colour, trial.hear, trial.airtime)
                after = _loads(trial, c, co)
                # kept when it relieves the cells' own load (the step's rounds split the cells check finds
                # crowded) or lowers the shortfall, with the channels re-planned if need be; not made (the
                # cell passed over at this factor) when it would only add channel sharing
                relieves = _excess(after, own_only=True) < _excess(loads, own_only=True) - 1e-9
                if not relieves and co and _excess(after) >= now - 1e-9 and replans[0] < MAX_REPLANS:
                    trial = replan(trial)
                    after = _loads(trial, c, co)
                if not relieves and _excess(after) >= now - 1e-9:
                    aps.pop()
                    eirps = eirps[:-1]
                    skip.add(i)
                    continue
                cur = trial
                out.append((int(t), float(factor), i if i < n0 else int(out[i - n0][2])))
            colour = cur.colour
            if len(out) >= budget:
                break
    finally:
        for f, mbps, dev in saved:
            f.total_mbps = mbps
            f.devices = dev
    return out


def check_load_ratio(ws: Workspace, ev: Evaluation, check_load: np.ndarray, factor: float, *, criteria: Criteria,
                     n_channels: int | None = None) -> np.ndarray:
    """Per AP of ``ev``: ``check``'s load over the search's, both at headcount × ``factor`` over the design load.

    ``check_load``: per AP, the largest of its radios' clients (active or associated) over the
    client limit and utilisation over the cap, as ``check`` counts them at that headcount after
    the step's power re-tune (``design/planner.py`` ``_check_load_at``); the search's load: the
    largest of the cell's clients, own airtime and channel utilisation over ``criteria``'s limits
    on ``ev``'s APs, EIRPs and channels (``ws``'s floors are left as they were). 1 where the
    search sees no load. :func:`predicted_splits` scales each point's demand and devices by the
    ratio of the AP that serves it (``load_ratio``), so that its cells go over where ``check``'s do.
    """
    n = len(ev.aps)
    saved = [(f, f.total_mbps, f.devices) for f in ws.floors]
    try:
        for f, mbps, dev in saved:
            f.total_mbps = mbps * factor
            f.devices = dev * factor
        co = n_channels is not None and n_channels >= 1
        cur = evaluate(ws, np.asarray(ev.aps, int), np.asarray(ev.eirp, float), criteria,
                       colour=np.where(np.asarray(ev.colour, int) < 0, 0, ev.colour) if co else np.zeros(n, int),
                       n_channels=int(n_channels) if co else 1, repair=False)
    finally:
        for f, mbps, dev in saved:
            f.total_mbps = mbps
            f.devices = dev
    fast = np.maximum.reduce([cur.clients / criteria.max_clients, cur.airtime / criteria.max_utilization,
                              cur.utilisation / criteria.max_utilization if co else np.zeros(n)])
    return np.divide(np.asarray(check_load, float), fast, out=np.ones(n), where=fast > 1e-9)


def spare_count(share: float, n_aps: int, n_floors: int, n_predicted: int | None = None) -> int:
    """How many spares a plan gets: ``ceil(share × APs)``, at least one per floor with APs and, with a
    ``spare_growth`` rule, at least every predicted split up to that growth (``n_predicted``).

    >>> spare_count(0.2, 94, 7), spare_count(0.2, 94, 7, 46), spare_count(0.0, 10, 3)
    (19, 46, 3)
    """
    total = max(math.ceil(share * n_aps - 1e-9), n_floors) if share > 0 else n_floors
    if n_predicted is not None:
        total = max(total, min(int(n_predicted), math.ceil(MAX_SPARE_SHARE * n_aps)))
    return total


def place_spares(ws: Workspace, ev: Evaluation, share: float, names: dict[int, str], *,
                 criteria: Criteria | None = None, clients: np.ndarray | None = None,
                 n_channels: int | None = None, growth_factor: float | None = None,
                 load_ratio: np.ndarray | None = None, floor_eirp_dbm: float | None = None,
                 growth_criteria: Criteria | None = None) -> list[SparePosition]:
    """``ceil(share × APs)`` spares (at least one per floor with APs), where growth will split cells first.

    The spares go where a rising headcount would put its capacity APs
    (:func:`predicted_splits`: the busiest cells' split points at the design load, +5 %,
    +10 %, … over it, in the order the cells would go over the cap), so that a later growth
    step (``plan --existing``) finds them where it needs them. Each floor with APs gets one
    spare first: the first predicted split on it, else the split point of its busiest cell
    (the centre of the busier half of that AP's demand), or, on a floor with no demand, the
    candidate nearest its weakest signal. The remaining spares follow the predicted splits,
    then the next busiest cells of the building, then the weakest coverage. Spares keep ≥ 3 m
    from APs and each other. ``names`` maps AP index (in ``ev.aps``) to its plan name for the reasons;
    ``criteria``: the search's (cap and client limit of the predicted splits; default ``ev.criteria``);
    ``clients``: check's client counts per AP (:func:`check_clients`), see :func:`predicted_splits`;
    ``n_channels``: the design band's channel count (the prediction sees channel sharing).
    ``growth_factor`` (headcount over the design load, e.g. 1.5 / 1.3 for ``spare_growth: 0.5``
    on a design at ``growth: 0.3``): at least as many spares as the splits predicted up to that
    headcount (:func:`spare_count`), one on each. That prediction takes ``growth_criteria``
    (default ``criteria``; the planner passes ``check``'s limits), ``load_ratio`` and
    ``floor_eirp_dbm`` (see :func:`predicted_splits`); the share's spares without
    ``growth_factor`` follow the prediction on ``criteria`` and ``clients`` alone.
    """
    n_aps = len(ev.aps)
    if n_aps == 0:
        return []
    floors_with_aps = sorted({int(ws.cand_floor[a]) for a in ev.aps})
    total = spare_count(share, n_aps, len(floors_with_aps))
    predicted = None
    if growth_factor is not None:
        upto = probes_up_to(growth_factor)
        grow = dict(criteria=growth_criteria or criteria, clients=clients, n_channels=n_channels,
                    load_ratio=load_ratio, floor_eirp_dbm=floor_eirp_dbm)
        predicted = predicted_splits(ws, ev, math.ceil(MAX_SPARE_SHARE * n_aps), probes=upto, **grow)
        total = spare_count(share, n_aps, len(floors_with_aps), len(predicted))
        if total > len(predicted):  # the share asks more: the same splits, then those of higher headcounts
            higher = tuple(p for p in GROWTH_PROBES if p > upto[-1] + 1e-9)
            predicted = predicted_splits(ws, ev, total, probes=upto + higher, **grow)
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

    if predicted is None:
        predicted = predicted_splits(ws, ev, total, criteria=criteria, clients=clients, n_channels=n_channels)
    placed: set[int] = set()

    def add_predicted(k: int) -> bool:
        t, factor, i = predicted[k]
        if k in placed or t in taken or not _far_enough(ws, t, taken):
            return False
        placed.add(k)
        taken.append(t)
        again = any(predicted[j][2] == i for j in range(k))   # a split of a cell split before
        out.append(SparePosition(t, int(ws.cand_floor[t]),
                                 f"capacity: where the cell of {names[int(i)]} splits {'again ' if again else ''}at "
                                 + (f"+{factor - 1:.0%} over the design headcount " if factor > 1 + 1e-9
                                    else "the design headcount ")
                                 + f"(utilisation {load[i]:.2f}, {ev.clients[i]:.0f} clients at the design load)"))
        return True

    used: set[int] = set()
    for fi in floors_with_aps:
        mine = [i for i in busiest if int(ws.cand_floor[ev.aps[i]]) == fi]
        done = any(add_predicted(k) for k in range(len(predicted)) if int(ws.cand_floor[predicted[k][0]]) == fi)
        if not done and ws.floors[fi].total_mbps.sum() > 0:
            for i in mine:
                if add_split(i):
                    used.add(int(i))
                    done = True
                    break
        if not done:
            add_weak(fi)
    for k in range(len(predicted)):
        if len(out) >= total:
            break
        add_predicted(k)
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
