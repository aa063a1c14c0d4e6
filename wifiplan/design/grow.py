"""Grow an existing deployment: keep its APs where they are, fill its spare positions first, then new ones.

:func:`grow_layout` is the planner's incremental mode (``wifiplan plan --existing``). The
existing APs and the existing plan's spare positions become the first candidates of each
floor of the :class:`~wifiplan.design.workspace.Workspace` (their exact positions, not the
nearest lattice point); the existing APs stay in the set whatever happens (unless
``allow_removal``), keep their design-band power, and only their channels may change.
While the fast evaluation finds coverage or capacity short, one AP is added at a time:

1. the **spare position** that lowers the shortfall most (coverage deficit, then each
   cell's own airtime and client excess, then channel utilisation over the cap), if any
   lowers it;
2. otherwise a **new position**: the split of the busiest cell (as the planner splits), or
   the greedy coverage choice where coverage is short.

After each addition the design-band channels are re-planned from the current ones (new
APs take the free colours). When the requirements hold, each AP on a new position is moved
onto a free spare of its floor where they still hold (:func:`_onto_spares`), and added APs
the requirements do not need are dropped (:func:`_drop_added`). The final design-band plan
prefers the existing APs' channels (:data:`KEEP_COSTS`); the existing APs keep their radios
on the other bands (``keep_radios``; the caller re-plans them when ``check`` finds them short).
Nothing is added when the existing plan already meets every requirement as ``check``
evaluates it: the caller (:mod:`wifiplan.workflow.grow`) returns it unchanged, so a re-plan
against its own plan is the same plan.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np

from wifiplan.design.channels import assign_channels, design_channels
from wifiplan.design.fasteval import Criteria, Evaluation, evaluate, evaluate_added
from wifiplan.design.growpasses import (
    KEEP_CHANNEL_COST,
    KEEP_COSTS,
    SWAP_TRIALS,
    _drop_added,
    _fit_added_channels,
    _keep_channels,
    _onto_spares,
    _prune,
    _recolour_kept,
    keep_cost,
)
from wifiplan.design.placement import COVERAGE_MARGIN, _greedy_cover, _split_target
from wifiplan.design.planner import (
    CHANNEL_KICKS,
    SEARCH_MARGIN,
    LayoutResult,
    _criteria,
    _design_power,
    _other_bands,
    _r,
    _tpc_pass,
    _write_primary,
    band_widths,
    design_inputs,
    design_lower_bound,
    min_eirp_dbm,
    set_band_load,
)
from wifiplan.design.workspace import Progress, Workspace
from wifiplan.errors import ConfigError
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, CableRun, Radio, Spare

__all__ = ["Existing", "grow_layout", "next_names", "origins_note", "keep_cost", "MAX_GROW_APS", "KEEP_CHANNEL_COST", "KEEP_COSTS",
           "SWAP_TRIALS"]

#: Most APs one step may add (a guard; a step that needs more is not a growth step).
MAX_GROW_APS = 400


@dataclass
class Existing:
    """An existing deployment: APs on the ceiling, pre-cabled spare positions, their cable runs."""

    aps: list[AccessPoint]
    spares: list[Spare] = field(default_factory=list)
    cabling: list[CableRun] = field(default_factory=list)
    source: str = ""


_NUM = re.compile(r"^(?P<floor>.+)-(?:AP|SP)(?P<n>\d+)$")


def next_names(floor: str, taken: set[str], count: int) -> list[str]:
    """``count`` new AP names on ``floor``: ``FLOOR-APnn`` after the highest number in use there.

    Numbers of removed or renamed APs are never reused within a plan's names; kept APs are
    never renumbered.

    >>> next_names("1F", {"1F-AP01", "1F-AP07", "2F-AP09", "1F-SP02"}, 2)
    ['1F-AP08', '1F-AP09']
    """
    top = 0
    for name in taken:
        m = _NUM.match(name)
        if m and m.group("floor") == floor and "-AP" in name[len(floor):len(floor) + 3]:
            top = max(top, int(m.group("n")))
    out = []
    n = top
    while len(out) < count:
        n += 1
        name = f"{floor}-AP{n:02d}"
        if name not in taken:
            out.append(name)
    return out


def origins_note(aps: list[AccessPoint], existing: Existing) -> str:
    """The step in one note: existing APs kept, added on spares and on new positions, removed and
    moved (with ``--allow-removal`` / ``--allow-moves``), counted from ``aps`` against ``existing``."""
    n = {k: sum(a.origin == k for a in aps) for k in ("existing", "spare", "new")}
    was = {a.name: (a.floor, tuple(a.at)) for a in existing.aps}
    moved = sum(1 for a in aps if a.origin == "existing" and a.name in was and was[a.name] != (a.floor, tuple(a.at)))
    removed = len(existing.aps) - n["existing"]
    return (f"growth: {n['existing']} existing AP(s) kept, {n['spare']} added on spare positions, {n['new']} on new "
            "positions" + (f", {removed} removed (--allow-removal)" if removed > 0 else "")
            + (f", {moved} moved (--allow-moves)" if moved else ""))


def _colour_of(chans, band: str, radio: Radio | None, width: int) -> int:
    from wifiplan.rf.channels import primary_channel

    if radio is None or not radio.enabled:
        return -1
    want = primary_channel(band, radio.channel, radio.width_mhz)
    for k, ch in enumerate(chans):
        if primary_channel(band, ch.number, width) == want and radio.width_mhz == width:
            return k
    return -1


#: A cell split whose target lies this close to a free spare position goes onto the spare, m:
#: half of the smallest office cell (15–30 m across, see :mod:`wifiplan.design.workspace`).
#: Estimate, unsourced: the spare was cabled for exactly this split.
SPARE_SNAP_M = 7.5


def _snap_to_spare(ws: Workspace, target: int, free: list[int]) -> int:
    """The free spare candidate on ``target``'s floor nearest it, if within :data:`SPARE_SNAP_M`; else ``target``."""
    same = [k for k in free if ws.cand_floor[k] == ws.cand_floor[target]]
    if not same:
        return target
    d = np.hypot(*(ws.cand_xy[np.asarray(same)] - ws.cand_xy[target]).T)
    j = int(np.argmin(d))
    return int(same[j]) if d[j] <= SPARE_SNAP_M else target


#: Spares tried (nearest the split target first) with a channel re-plan when a cell over the
#: cap has no spare at its split: each trial re-plans the channels, so only a few.
SPARE_TRIALS = 12


def _best_spare_with_channels(ws: Workspace, target: int, free: list[int], shortfall_with, now: float) -> int | None:
    """Of the :data:`SPARE_TRIALS` free spares on ``target``'s floor nearest it, the one whose
    addition (channels re-planned) lowers the shortfall most; None if none lowers it."""
    same = [k for k in free if ws.cand_floor[k] == ws.cand_floor[target]]
    if not same:
        return None
    d = np.hypot(*(ws.cand_xy[np.asarray(same)] - ws.cand_xy[target]).T)
    best = None
    for j in np.argsort(d, kind="stable")[:SPARE_TRIALS]:
        s = shortfall_with(int(same[j]))
        if s < now - 1e-6 and (best is None or s < best[0] - 1e-12):
            best = (s, int(same[j]))
    return None if best is None else best[1]


def _relieving_spare(ws: Workspace, ev: Evaluation, c: Criteria, i: int, target: int, free: list[int],
                     eirp_of) -> int:
    """The free spare on AP ``i``'s floor that lowers its own load (airtime over the cap, clients over
    the limit) most, if by at least :data:`SPARE_MIN_SHARE` of what the split point ``target``
    would; else ``target``. Channel-free figures (:func:`~wifiplan.design.fasteval.evaluate_added`);
    ``eirp_of(candidate)``: the EIRP an AP added there would use, dBm."""
    fi = ws.cand_floor[ev.aps[i]]
    same = [k for k in free if ws.cand_floor[k] == fi]
    if not same:
        return target

    def own_after(k: int) -> float:
        tr = evaluate_added(ws, ev, np.array([k]), np.array([eirp_of(k)]), c, np.append(ev.colour, 0))
        return float(max(tr.airtime[i] / c.max_utilization, tr.clients[i] / c.max_clients))

    now = float(max(ev.airtime[i] / c.max_utilization, ev.clients[i] / c.max_clients))
    split = now - own_after(target)
    relief = [(now - own_after(k), -j, k) for j, k in enumerate(same)]
    best = max(relief)
    return int(best[2]) if best[0] > 1e-9 and best[0] >= SPARE_MIN_SHARE * split else target


#: Additions in a row that may fail to lower the shortfall before the search stops: a failed
#: candidate is set aside and the next best tried (adding an AP can raise co-channel
#: utilisation until a later addition and channel re-plan spreads the load). Estimate.
GROW_RETRIES = 4


#: A spare is taken unless a new position (the split of the busiest cell) lowers the
#: channel-free shortfall more than 1 / SPARE_MIN_SHARE times as much: a spare costs no
#: cable, so it may be less effective, but a spare that barely helps only adds an AP.
#: Estimate, unsourced.
SPARE_MIN_SHARE = 0.5


def _busiest_split(ws: Workspace, ev: Evaluation, c: Criteria, aps: list[int], order: np.ndarray,
                   tried: set[int] = frozenset()) -> int | None:
    """The split target of the cell with the largest own load over the cap (None when none is over);
    never a candidate in ``tried``."""
    own = np.maximum(ev.airtime / c.max_utilization, ev.clients / c.max_clients)
    for i in np.lexsort((order[ev.aps], -own)):
        if own[i] <= 1.0 + 1e-9:
            return None
        t = _split_target(ws, ev, int(i), set(aps) | set(tried))
        if t is not None:
            return t
    return None


def _util_excess(ev: Evaluation, c: Criteria) -> float:
    return float(np.maximum(ev.utilisation / c.max_utilization - 1, 0).sum()) if len(ev.aps) else 0.0


def _shortfall(ev: Evaluation, c: Criteria, *, channels: bool = True) -> float:
    """Coverage deficit (weighted 100 per unit share), own airtime/client excess, and (``channels``)
    the utilisation excess of co-channel sharing."""
    cov = float(np.maximum(c.coverage_target + COVERAGE_MARGIN - ev.coverage, 0).sum())
    if c.secondary_rssi_dbm is not None:
        cov += float(np.nan_to_num(np.maximum(c.secondary_target + COVERAGE_MARGIN - ev.secondary, 0)).sum())
    if c.rt_secondary_dbm is not None and ev.rt_share is not None:
        cov += float(np.nan_to_num(np.maximum(c.rt_target + COVERAGE_MARGIN - ev.rt_share, 0)).sum())
    if not len(ev.aps):
        return 100.0 * cov
    own = np.maximum(ev.airtime / c.max_utilization, ev.clients / c.max_clients)
    return 100.0 * cov + float(np.maximum(own - 1, 0).sum()) + (_util_excess(ev, c) if channels else 0.0)


def _calibrate_clients(ws: Workspace, ev: Evaluation, check: list[float]):
    """Scale each floor's devices up where ``check`` counts more clients on an AP than ``ev`` (the search).

    ``check[k]``: check's count for AP ``k`` of ``ev`` (the existing APs, in order). The points
    AP ``k`` serves get devices × ``check[k] / ev.clients[k]`` where that ratio is above 1.
    Returns (the floors' previous device arrays, to put back; the ratios applied) or None
    when no AP is under-counted. ``ws`` is changed in place.
    """
    n = min(len(check), len(ev.aps))
    want = np.asarray(check[:n], float)
    have = np.asarray(ev.clients[:n], float)
    ratio = np.divide(want, have, out=np.ones(n), where=have > 0)
    over = np.flatnonzero(ratio > 1.0 + 1e-9)
    if not len(over):
        return None
    mult = np.ones(len(ev.aps))
    mult[over] = ratio[over]
    saved = []
    for f in ws.floors:
        saved.append((f, f.devices))
        serving = ev.serving[f.index]
        if not f.n:
            continue
        scale = np.where(serving >= 0, mult[np.maximum(serving, 0)], 1.0)
        f.devices = f.devices * scale
    return saved, [float(r) for r in ratio[over]]


def grow_layout(
    building: Building,
    existing: Existing,
    *,
    seed: int = 0,
    allow_moves: bool = False,
    allow_removal: bool = False,
    needs_growth: bool = True,
    margin: float = SEARCH_MARGIN,
    max_added: int | None = None,
    extra_splits: list[tuple[str, float, float]] = (),
    progress: Progress | None = None,
    cache: dict | None = None,
    keep_radios: bool | str = True,
    band_load: bool = True,
    check_clients: dict[str, float] | None = None,
    channels: bool = True,
) -> LayoutResult:
    """Layout of ``building`` grown from ``existing``: every AP carries ``origin``.

    Existing APs keep name, floor, position, height, telecom room and design-band power;
    their channels (all bands) may be re-planned. Used spares leave ``spares``; the rest
    stay, with their names. ``allow_removal`` lets the pruning pass drop existing APs whose
    removal makes no requirement worse; ``allow_moves`` lets the planner's move pass shift
    existing APs to a neighbouring candidate (both off by default). ``needs_growth=False``
    (the existing plan already meets every requirement as ``check`` evaluates it) keeps
    every AP and radio as it is. ``margin``: the search aims this share under the
    utilisation cap and client limit. ``max_added=0``: re-tune only (channels re-planned, nothing added).
    ``cache``: a dict kept between calls on the same building and deployment (the workspace is reused).
    ``extra_splits``: (floor, x, y) of APs whose cells are split first (``check`` found too many
    clients associated there), onto a spare within :data:`SPARE_SNAP_M` of the split when there is one.
    ``band_load``: price the design band's load as the planner does (:func:`~wifiplan.design.planner.set_band_load`);
    False prices every point's busiest band's share at the design band's rate (conservative; use a
    fresh ``cache``). ``keep_radios``: existing APs keep their radios on the other bands (the added APs take the
    channels least heard there); ``"soft"`` keeps their power, width and on/off but re-plans
    the channels of those bands with a cost for moving an existing AP (:data:`KEEP_CHANNEL_COST`);
    False re-plans the other bands for the whole set (the caller's fallbacks, in this order,
    when ``check`` finds the kept radios short). ``check_clients``: per existing AP name, the most
    clients on any of its radios as ``check`` counts them at this headcount (every band, associated
    clients); where that is more than the search's count for the AP, the devices of the points the
    AP serves are scaled up by the same ratio for the search (:func:`_calibrate_clients`), so the
    cells check finds crowded are relieved by the search itself (onto spares first).
    ``channels=False`` (with ``max_added=0``): the design-band channels are kept as they are
    (the caller's power-only re-tune, :func:`~wifiplan.design.growcheck.balance_on_check`).

    Raises
    ------
    ConfigError
        An existing AP or spare on a floor the building does not have; the AP preset lacks
        the design band.
    """
    t0 = time.perf_counter()
    report = progress or (lambda _s, _f: None)
    settings, req, band, spec, code, domain = design_inputs(building, seed)
    floors = {f.name for f in building.floors}
    for kind, items in (("AP", existing.aps), ("spare", existing.spares)):
        for it in items:
            if it.floor not in floors:
                raise ConfigError(f"existing {kind} {it.name}: floor '{it.floor}' is not in the building "
                                  f"(floors: {', '.join(sorted(floors))}); fix the floor name in {existing.source or 'the existing plan'}")
    if band not in spec.bands:
        raise ConfigError(f"requirements.band: the AP preset '{spec.preset}' has no {band} GHz radio")
    widths = band_widths(spec, domain, band, avoid_dfs=req.avoid_dfs)
    if not widths:
        raise ConfigError(f"no usable {band} GHz channel width for {code}")
    # the existing design-band width when it is one the planner may use, else the narrowest
    seen = [a.radios[band].width_mhz for a in existing.aps if band in a.radios and a.radios[band].enabled]
    width = max(set(seen), key=lambda w: (seen.count(w), -w)) if seen else min(widths)
    if width not in widths:
        width = min(widths)
    chans_by_w = {w: design_channels(domain, band, w, avoid_dfs=req.avoid_dfs) for w in widths}
    chans = chans_by_w[width]
    tx = _design_power(building, band, spec, {width: chans}, settings)
    gain = spec.antenna_gain_dbi[band]
    design_eirp = tx + gain
    extra: dict[str, list] = {}
    for a in existing.aps:
        extra.setdefault(a.floor, []).append(a.at)
    for s in existing.spares:
        extra.setdefault(s.floor, []).append(s.at)
    ws = cache.get("workspace") if cache is not None else None
    if ws is None:
        top = max([design_eirp] + [a.radios[band].tx_power_dbm + a.antenna_gain_dbi.get(band, gain)
                                   for a in existing.aps if band in a.radios])
        ws = Workspace(building, settings, band=band, spec=spec, cover_freq_mhz=max(ch.centre_mhz for ch in chans),
                       hear_freq_mhz=min(ch.centre_mhz for ch in chans), max_eirp_dbm=top, progress=report,
                       extra_candidates={k: np.asarray(v, float) for k, v in extra.items()})
    if cache is not None:
        cache["workspace"] = ws
    if band_load:  # the design band's load priced as the planner prices it (the 6 GHz share at its own rate)
        set_band_load(ws, building, settings, spec, domain, band, width)
    slot: dict[str, int] = {}
    pos: dict[int, int] = {}
    for a in existing.aps:
        f = next(f for f in ws.floors if f.name == a.floor)
        k = pos.get(f.index, 0)
        pos[f.index] = k + 1
        slot["ap:" + a.name] = f.cand_start + k
    spare_cand: dict[int, Spare] = {}
    for s in existing.spares:
        f = next(f for f in ws.floors if f.name == s.floor)
        k = pos.get(f.index, 0)
        pos[f.index] = k + 1
        spare_cand[f.cand_start + k] = s
    crit = _criteria(building, settings, band, width, spec, design_eirp)
    c = crit.tightened(margin)
    offsets = ws.freq_offsets_db(np.array([ch.centre_mhz for ch in chans]))
    aps = [slot["ap:" + a.name] for a in existing.aps]
    eirps = [float(a.radios[band].tx_power_dbm + a.antenna_gain_dbi.get(band, gain))
             if band in a.radios and a.radios[band].enabled else design_eirp for a in existing.aps]
    colour = np.array([_colour_of(chans, band, a.radios.get(band), width) for a in existing.aps], int)
    origin = ["existing"] * len(aps)
    src = list(range(len(aps)))  # index into existing.aps, -1 for an added AP
    reasons = [a.reason or "coverage" for a in existing.aps]
    n_ch = len(chans)
    notes: list[str] = [f"grown from {existing.source or 'an existing plan'}: {len(existing.aps)} existing AP(s), "
                        f"{len(existing.spares)} spare position(s)"]

    first = colour.copy()  # the existing APs' design-band channels, kept where the colouring allows

    def exact(a, e, col, *, replan: bool, keep: float = 0.0) -> tuple[Evaluation, np.ndarray]:
        a = np.asarray(a, int)
        e = np.asarray(e, float)
        col = np.asarray(col, int)
        if replan or (col < 0).any():
            tmp = evaluate(ws, a, e, c, colour=np.where(col < 0, 0, col), n_channels=n_ch, repair=False)
            col = assign_channels(tmp.hear, n_ch, airtime=tmp.airtime, max_utilization=c.max_utilization, seed=seed,
                                  initial=col, kicks=CHANNEL_KICKS if replan else 0,
                                  channel_cost=keep_cost(len(a), first, n_ch, cost=keep) if keep else None)
        ev = evaluate(ws, a, e - offsets[col], c, colour=col, n_channels=n_ch, repair=False)
        return ev, col

    def local_eirp(k: int) -> float:
        """EIRP of an AP added at candidate ``k``: that of the nearest AP on its floor (the planner's
        power control set it for the local density), else the design EIRP. An added AP at full power
        beside turned-down neighbours would draw their clients and overload itself."""
        same = [j for j, a in enumerate(aps) if ws.cand_floor[a] == ws.cand_floor[k]]
        if not same:
            return design_eirp
        d = np.hypot(*(ws.cand_xy[np.asarray([aps[j] for j in same])] - ws.cand_xy[k]).T)
        return float(min(eirps[same[int(np.argmin(d))]], design_eirp))

    def replan_keeping(a, e, col) -> tuple[Evaluation, np.ndarray]:
        """Design-band channels re-planned, existing APs kept on theirs where the plan still meets the requirements."""
        col0 = np.asarray(col, int).copy()
        k = min(len(first), len(col0))
        col0[:k] = np.where(first[:k] >= 0, first[:k], col0[:k])
        for cost in KEEP_COSTS:
            ev_k, col_k = exact(a, e, col0, replan=True, keep=cost)
            if ev_k.ok(c):
                return ev_k, col_k
        ev_p, col_p = exact(a, e, col, replan=True)
        if not ev_p.ok(c):
            return ev_p, col_p
        # back onto its own channel, one existing AP at a time, wherever every requirement still holds
        col_p = np.asarray(col_p, int).copy()
        for i in np.flatnonzero((first[:k] >= 0) & (col_p[:k] != first[:k])):
            trial = col_p.copy()
            trial[i] = first[i]
            ev_t, _ = exact(a, e, trial, replan=False)
            if ev_t.ok(c):
                ev_p, col_p = ev_t, trial
        return ev_p, col_p

    key = ("state", float(margin), max_added, tuple(map(tuple, extra_splits)), bool(needs_growth), bool(allow_moves),
           bool(allow_removal), int(seed), bool(channels),
           tuple(sorted(check_clients.items())) if needs_growth and check_clients else None)
    state = cache.get(key) if cache is not None else None
    if state is None:
        ev, colour = exact(aps, eirps, colour, replan=False)
        restore = None
        if needs_growth and check_clients:
            restore = _calibrate_clients(ws, ev, [check_clients.get(a.name, 0.0) for a in existing.aps])
            if restore is not None:
                ev, colour = exact(aps, eirps, colour, replan=False)
                notes.append("growth: clients scaled up where check counts more on a radio than the search "
                             f"({len(restore[1])} cell(s), up to × {max(restore[1]):.2f})")
        if needs_growth and channels and not ev.ok(c):
            ev, colour = replan_keeping(aps, eirps, colour)  # re-tune first: channels cost nothing
        rng = np.random.default_rng(seed)
        order = rng.permutation(ws.M)
        incremental = c.secondary_rssi_dbm is None and c.rt_secondary_dbm is None
        start = max(_shortfall(ev, c), 1e-9)
        limit = MAX_GROW_APS if max_added is None else max_added
        tried: set[int] = set()  # candidates whose addition did not lower the shortfall
        fails = 0
        tpc_done = False
        for floor, x, y in extra_splits if needs_growth else ():
            fl = next((f for f in ws.floors if f.name == floor), None)
            mine = [i for i, a in enumerate(aps) if fl is not None and ws.cand_floor[a] == fl.index]
            if not mine:
                continue
            d = [float(np.hypot(*(ws.cand_xy[aps[i]] - (x, y)))) for i in mine]
            i = mine[int(np.argmin(d))]
            t = _split_target(ws, ev, i, set(aps))
            if t is None:
                continue
            free = [k for k in spare_cand if k not in aps]
            pick = _snap_to_spare(ws, t, free)
            if pick == t:  # no spare at the split point: a free spare that relieves this cell about as well
                pick = _relieving_spare(ws, ev, c, i, t, free, lambda k: local_eirp(k) - offsets[0])
            e_new = local_eirp(pick)
            aps.append(int(pick))
            eirps.append(e_new)
            origin.append("spare" if pick in spare_cand else "new")
            src.append(-1)
            reasons.append("capacity")
            ev, colour = exact(aps, eirps, np.append(colour, -1), replan=False)
        while needs_growth and not ev.ok(c) and len(aps) - len(existing.aps) < limit:
            now = _shortfall(ev, c)
            report("growing", min(1.0, 1.0 - now / start))
            free = [k for k in spare_cand if k not in aps and k not in tried]
            now_free = _shortfall(ev, c, channels=False) + _util_excess(ev, c)
            best: tuple[float, int] | None = None
            for k in free:  # channel-free figures first (coverage, own load), as the planner's first step
                col = np.append(colour, 0)
                tr = (evaluate_added(ws, ev, np.array([k]), np.array([local_eirp(k) - offsets[0]]), c, col) if incremental
                      else evaluate(ws, np.append(ev.aps, k), np.append(ev.eirp, local_eirp(k)), c, colour=col, n_channels=n_ch,
                                    repair=False))
                s = _shortfall(tr, c, channels=False) + _util_excess(ev, c)
                if s < now_free - 1e-6 and (best is None or s < best[0] - 1e-12):
                    best = (s, k)
            if best is not None and not ev.coverage_ok(c, COVERAGE_MARGIN):
                pick, kind = best[1], "spare"
            elif best is not None:
                pick, kind = best[1], "spare"
                alt = _busiest_split(ws, ev, c, aps, order, tried)
                if alt is not None and alt not in spare_cand:  # a new position must do much better than the spare
                    col = np.append(colour, 0)
                    tr = evaluate_added(ws, ev, np.array([alt]), np.array([local_eirp(alt) - offsets[0]]), c, col) \
                        if incremental else evaluate(ws, np.append(ev.aps, alt), np.append(ev.eirp, local_eirp(alt)), c,
                                                     colour=col, n_channels=n_ch, repair=False)
                    s_new = _shortfall(tr, c, channels=False) + _util_excess(ev, c)
                    if now_free - best[0] < SPARE_MIN_SHARE * (now_free - s_new):
                        pick, kind = alt, "new"
            elif not ev.coverage_ok(c, COVERAGE_MARGIN):
                new = _greedy_cover(ws, c, list(aps), design_eirp, order, report, secondary=False)
                if not new and c.secondary_rssi_dbm is not None:
                    new = _greedy_cover(ws, c, list(aps), design_eirp, order, report, secondary=True)
                if not new:
                    notes.append("growth: coverage short and no candidate position improves it")
                    break
                pick, kind = int(new[0]), "new"
            else:
                own = np.maximum(ev.airtime / c.max_utilization, ev.clients / c.max_clients)
                load = np.maximum(own, ev.utilisation / c.max_utilization)
                pick = None
                for i in np.lexsort((order[ev.aps], -load)):
                    if load[i] <= 1.0 + 1e-9:
                        break
                    t = _split_target(ws, ev, int(i), set(aps) | tried)
                    if t is not None:
                        pick = _snap_to_spare(ws, t, free)
                        if pick == t:  # no spare at the split: the spare nearby that lowers the shortfall most
                            pick = _best_spare_with_channels(ws, t, free, lambda k: _shortfall(exact(
                                aps + [k], eirps + [local_eirp(k)], np.append(colour, -1), replan=False)[0], c), now) or t
                        break
                if pick is None:
                    notes.append("growth: no free candidate position left to split the busiest cells")
                    break
                kind = "spare" if pick in spare_cand else "new"
            e_new = design_eirp if not ev.coverage_ok(c, COVERAGE_MARGIN) else local_eirp(pick)
            aps.append(int(pick))
            eirps.append(e_new)
            origin.append(kind)
            src.append(-1)
            reasons.append("coverage" if not ev.coverage_ok(c, COVERAGE_MARGIN) else "capacity")
            before = (ev, colour)
            ev, colour = exact(aps, eirps, np.append(colour, -1), replan=False)
            if not ev.capacity_ok(c):
                ev, colour = exact(aps, eirps, colour, replan=True)
            if _shortfall(ev, c) >= now - 1e-9:  # an AP that does not help is not added: the next best is tried
                aps.pop(), eirps.pop(), origin.pop(), src.pop(), reasons.pop()
                ev, colour = before
                tried.add(int(pick))
                fails += 1
                if fails > GROW_RETRIES and not tpc_done and ev.coverage_ok(c):
                    # as the planner's TPC pass: lower the power of APs their neighbours hear loudly
                    # (existing ones too: a re-tune), wherever every requirement met stays met
                    tpc_done = True
                    e2, _tr, tpc_note = _tpc_pass(ws, c, np.asarray(aps, int), np.asarray(eirps, float), ev,
                                                  min(min_eirp_dbm(building, band), float(max(eirps))))
                    if tpc_note:
                        ev_t, col_t = exact(aps, list(e2), colour, replan=True)
                        if _shortfall(ev_t, c) < now - 1e-9:
                            eirps = [float(v) for v in e2]
                            ev, colour = ev_t, col_t
                            fails = 0
                            tried.clear()
                            notes.append("growth: " + tpc_note)
                            continue
                if fails > GROW_RETRIES:
                    notes.append("growth: no further spare or new position lowers the shortfall on the search's evaluation")
                    break
                continue
            fails = 0
        if needs_growth and len(aps) > len(existing.aps):
            aps, origin, ev, colour = _onto_spares(ws, c, aps, eirps, origin, ev, colour, spare_cand, exact, notes)
            aps, eirps, origin, src, reasons, ev, colour = _drop_added(ws, c, aps, eirps, origin, src, reasons, ev, colour,
                                                                       len(existing.aps), exact)
        added = len(aps) - len(existing.aps)
        if added:
            ev, colour = replan_keeping(aps, eirps, colour)
        if allow_removal:
            aps, eirps, colour, origin, reasons, src, ev = _prune(ws, c, aps, eirps, colour, origin, reasons, src, ev,
                                                                  order)
        moved: set[int] = set()
        if allow_moves:
            from wifiplan.design.placement import _move_pass

            before = list(aps)
            aps, reasons2, e2, colour, ev = _move_pass(ws, c, list(aps), list(range(len(aps))), np.asarray(eirps, float),
                                                       colour, ev, offsets, report)
            perm = [int(r) for r in reasons2]
            eirps, origin, reasons = list(e2), [origin[p] for p in perm], [reasons[p] for p in perm]
            moved = {i for i, p in enumerate(perm) if aps[i] != before[p]}
            src = [src[p] for p in perm]
        if restore is not None:
            for f, dev in restore[0]:
                f.devices = dev
        state = (list(aps), list(eirps), np.asarray(colour, int).copy(), list(origin), list(src), list(reasons),
                 set(moved), list(notes))
        if cache is not None:
            cache[key] = state
    else:  # the same search already run (the caller's fallback re-plans only the other bands' radios)
        aps, eirps, colour, origin, src, reasons, moved, notes = (list(state[0]), list(state[1]), state[2].copy(),
                                                                  list(state[3]), list(state[4]), list(state[5]),
                                                                  set(state[6]), list(state[7]))
        added = len(aps) - len(existing.aps)
    existing_order = [existing.aps[j] if j >= 0 else None for j in src]
    report("growing", 1.0)
    unchanged = not added and not moved and len(aps) == len(existing.aps) and not needs_growth
    # radios: design band from the colouring, other bands re-planned for the whole set
    chosen = {band: np.asarray(eirps, float)}
    band_notes: list[str] = []   # of the re-planned set: written only where that set is written
    other = _other_bands(building, settings, ws, spec, domain, band, np.asarray(eirps, float), np.asarray(aps, int),
                         seed, band_notes, chosen)
    taken = {a.name for a in existing.aps} | {s.name for s in existing.spares}
    out: list[AccessPoint] = []
    spares_used: set[str] = set()
    for i, cand in enumerate(aps):
        fi = int(ws.cand_floor[cand])
        f = ws.floors[fi]
        ch = chans[int(colour[i])]
        old = existing_order[i]
        g = old.antenna_gain_dbi.get(band, gain) if old is not None else gain
        tx_i = float(eirps[i]) - g
        radios = {band: Radio(channel=ch.number, width_mhz=width, tx_power_dbm=_r(min(tx_i, ch.max_eirp_dbm - g), 1))}
        for b, per_ap in other.items():
            radios[b] = per_ap[i]
        if old is not None and unchanged:
            out.append(old.model_copy(update={"origin": "existing"}))
            continue
        if old is not None:
            keep = set(old.radios) or set(radios)
            radios = {b: r for b, r in radios.items() if b in keep}
            if keep_radios and i not in moved:  # the other bands as they were: re-planned only if check needs it
                radios |= {b: r for b, r in old.radios.items() if b != band}
            xy = ws.cand_xy[cand]
            update = {"radios": {b: radios[b] for b in ("2.4", "5", "6") if b in radios}, "origin": "existing"}
            if i in moved:
                update |= {"at": [_r(xy[0]), _r(xy[1])], "idf": None}
            out.append(old.model_copy(update=update))
            continue
        if keep_radios is True and "2.4" in radios and radios["2.4"].enabled:
            # the existing 2.4 GHz radios are kept as they were (switched off where the first plan
            # found too many co-channel APs heard): an added AP's 2.4 GHz radio on would add to that
            # overlap (check CH05), so it stays off; the caller re-plans the bands when check needs it
            radios["2.4"] = radios["2.4"].model_copy(update={"enabled": False})
        sp = spare_cand.get(int(cand))
        if sp is not None:
            spares_used.add(sp.name)
        name = next_names(f.name, taken, 1)[0]
        taken.add(name)
        xy = ws.cand_xy[cand]
        out.append(AccessPoint(
            name=name, floor=f.name, at=[_r(xy[0]), _r(xy[1])],
            height_m=sp.height_m if sp is not None and sp.height_m is not None else _r(f.ap_height_m),
            idf=sp.idf if sp is not None else None, model=spec.preset,
            antenna_gain_dbi={b: _r(spec.antenna_gain_dbi[b], 2) for b in radios},
            radios={b: radios[b] for b in ("2.4", "5", "6") if b in radios}, reason=reasons[i],
            origin="spare" if sp is not None else "new"))
    rank = [src[i] if src[i] >= 0 else len(existing.aps) + i for i in range(len(out))]
    out = _write_primary([out[i] for i in sorted(range(len(out)), key=rank.__getitem__)])  # existing first, file order
    if not unchanged:
        out = _keep_channels(out, {a.name: a for a in existing.aps}, domain)
        if keep_radios == "soft":
            out = _recolour_kept(building, settings, out, domain, skip=band, seed=seed)
        elif keep_radios:
            out = _fit_added_channels(building, settings, out, domain, skip=band)
    if keep_radios is False and not unchanged:   # the count of radios off is the caller's, from the plan it writes
        notes.extend(n for n in band_notes if "radios switched off" not in n)
    spares = [s for s in existing.spares if s.name not in spares_used]
    notes.append(origins_note(out, existing))
    bound = design_lower_bound(ws, building, settings, crit, spec, domain, band, design_eirp)
    chosen_by_name = {a.name: {b: _r(float(v[i]), 2) for b, v in chosen.items()} for i, a in enumerate(out)}
    return LayoutResult(settings=settings, aps=out, spares=spares, band=band, width_mhz=width, country=code,
                        tx_power_dbm=float(max(eirps) - gain) if eirps else tx, criteria=crit, lower_bound=bound,
                        notes=notes, seconds=time.perf_counter() - t0, chosen_eirp_dbm=chosen_by_name)
