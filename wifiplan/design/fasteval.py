"""Evaluate an AP set on a :class:`~wifiplan.design.workspace.Workspace`: coverage, rates, airtime, utilisation."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np

from wifiplan.capacity.airtime import ap_airtime
from wifiplan.design.channels import assign_channels, utilisation_for
from wifiplan.design.workspace import Workspace
from wifiplan.library import load_library
from wifiplan.rf.noise import noise_floor_dbm

__all__ = ["Criteria", "Evaluation", "evaluate", "evaluate_added", "evaluate_removed", "point_rates", "generation_of",
           "realtime_share"]


@dataclass(frozen=True)
class Criteria:
    """What a design must meet (from ``requirements``) at a channel width."""

    width_mhz: int
    rssi_dbm: float                 # effective threshold: max(min_rssi, min_snr + noise)
    secondary_rssi_dbm: float | None
    coverage_target: float
    secondary_target: float
    max_utilization: float
    max_clients: float
    mac_efficiency: float
    rt_secondary_dbm: float | None = None  # second AP level asked in real-time zones
    rt_target: float = 0.85                # share of each real-time zone that must meet it
    own_floor_share: float | None = None   # share of each floor served by an AP on that floor

    def tightened(self, share: float) -> Criteria:
        """The same criteria with the utilisation cap and client limit lowered by ``share`` (search margin)."""
        return replace(self, max_utilization=self.max_utilization * (1 - share),
                       max_clients=self.max_clients * (1 - share))


@dataclass
class Evaluation:
    """Figures of one AP set. Per-AP arrays follow the order of ``aps``."""

    aps: np.ndarray
    coverage: np.ndarray            # (n_floors,) fraction of grid points meeting the threshold
    secondary: np.ndarray           # (n_floors,) fraction meeting the secondary level (nan if unset)
    airtime: np.ndarray
    clients: np.ndarray
    demand_mbps: np.ndarray
    utilisation: np.ndarray
    colour: np.ndarray
    hear: np.ndarray
    unserved_mbps: float
    serving: list[np.ndarray]       # per floor: index into aps per point (-1 none)
    best_dbm: list[np.ndarray]
    rate_mbps: list[np.ndarray] | None = None
    eirp: np.ndarray | None = None
    rt_share: np.ndarray | None = None  # (n_floors,) worst real-time zone's share with a second AP
    own_share: np.ndarray | None = None  # (n_floors,) share of points served by an AP on the floor
    #: per floor: second-strongest level per point and the index into aps it comes from (-1 none);
    #: kept when a secondary or real-time level is asked, so that adding or removing APs
    #: updates only the points whose two strongest APs change
    second_dbm: list[np.ndarray] | None = None
    second_ap: list[np.ndarray] | None = None
    #: per floor: (airtime, clients, demand, unserved) of its points per AP, and the criteria
    #: they were computed with; an incremental step reuses the floors it does not touch
    parts: list[tuple] | None = None
    criteria: Criteria | None = None

    def coverage_ok(self, c: Criteria, margin: float = 0.0) -> bool:
        ok = bool(np.all(self.coverage >= c.coverage_target + margin))
        if c.secondary_rssi_dbm is not None:
            ok = ok and bool(np.all(self.secondary >= c.secondary_target + margin))
        if c.rt_secondary_dbm is not None and self.rt_share is not None:
            ok = ok and bool(np.all(self.rt_share >= c.rt_target + margin))
        if c.own_floor_share is not None and self.own_share is not None:
            ok = ok and bool(np.all(self.own_share >= c.own_floor_share + margin))
        return ok

    def capacity_ok(self, c: Criteria) -> bool:
        if not len(self.aps):
            return False
        return bool(self.utilisation.max() <= c.max_utilization + 1e-9 and self.clients.max() <= c.max_clients + 1e-9)

    def ok(self, c: Criteria, margin: float = 0.0) -> bool:
        return self.coverage_ok(c, margin) and self.capacity_ok(c)


def generation_of(a: str, b: str) -> str:
    """The less capable of two Wi-Fi generations (lower maximum MCS)."""
    gens = load_library().mcs.max_mcs
    return a if gens.get(a, 0) <= gens.get(b, 0) else b


@functools.lru_cache(maxsize=256)
def _rate_table(width_mhz: int, streams: int, generation: str) -> tuple[np.ndarray, np.ndarray]:
    """SNR floors (n_mcs,) and PHY rates (n_mcs,) usable for a width, streams and generation."""
    table = load_library().mcs
    top = table.max_mcs[generation]
    floors = np.asarray(table.min_snr_db(width_mhz))[: top + 1]
    rates = np.asarray(table.rates_mbps(width_mhz, streams))[: top + 1]
    return floors, rates


def point_rates(ws: Workspace, f_index: int, best_dbm: np.ndarray, width_mhz: int) -> np.ndarray:
    """PHY rate (Mbit/s) per grid point of a floor for its client type, from the best RSSI.

    Client width = min(AP width, client's widest); SNR = RSSI − noise(client width);
    streams = min(client, AP); MCS capped by the less capable generation. Same numbers as
    :func:`wifiplan.rf.rate.phy_rate_mbps`, from a cached table.
    """
    f = ws.floors[f_index]
    rate = np.zeros(f.n)
    for ci, client in enumerate(ws.clients):
        mask = f.client == ci
        if not mask.any():
            continue
        w = min(width_mhz, client.max_width_mhz)
        snr = best_dbm[mask] - noise_floor_dbm(ws.settings, ws.band, w)
        gen = generation_of(client.generation, ws.spec.generation)
        floors, rates = _rate_table(w, min(client.streams, ws.spec.streams), gen)
        k = np.searchsorted(floors, np.nan_to_num(snr, nan=-np.inf), side="right") - 1
        rate[mask] = np.where(k >= 0, rates[np.maximum(k, 0)], 0.0)
    return rate


def evaluate(
    ws: Workspace,
    aps: np.ndarray,
    eirp_dbm: np.ndarray,
    c: Criteria,
    *,
    colour: np.ndarray | None = None,
    n_channels: int = 1,
    seed: int = 0,
    repair: bool = True,
    kicks: int = 0,
) -> Evaluation:
    """Coverage per floor, association, airtime, clients and utilisation of an AP set.

    ``colour`` (channel index per AP) is computed with
    :func:`wifiplan.design.channels.assign_channels` when not given.
    """
    aps = np.asarray(aps, dtype=int)
    eirp = np.asarray(eirp_dbm, dtype=float)
    k = len(aps)
    nf = len(ws.floors)
    cov = np.zeros(nf)
    sec = np.full(nf, np.nan)
    rt = np.ones(nf)
    airtime = np.zeros(k)
    clients = np.zeros(k)
    demand = np.zeros(k)
    unserved = 0.0
    servings, bests, rates, parts = [], [], [], []
    want_second = c.secondary_rssi_dbm is not None or c.rt_secondary_dbm is not None
    seconds, second_aps = [], []
    for f in ws.floors:
        r, idx = ws.rssi(f, aps, eirp)
        second_ap = np.full(f.n, -1)
        if r.shape[0] == 0 or f.n == 0:
            best = np.full(f.n, -np.inf)
            second = np.full(f.n, -np.inf)
            serving = np.full(f.n, -1)
        else:
            arg = np.argmax(r, axis=0)
            best = r[arg, np.arange(f.n)].astype(float)
            serving = idx[arg]
            if r.shape[0] > 1 and want_second:
                second, arg2 = _second_largest(r, arg)
                second = second.astype(float)
                second_ap = idx[arg2]
            else:
                second = np.full(f.n, -np.inf)
        seconds.append(second)
        second_aps.append(second_ap)
        cov[f.index] = float(np.mean(best >= c.rssi_dbm)) - f.coverage_slack if f.n else 1.0
        if c.secondary_rssi_dbm is not None:
            sec[f.index] = float(np.mean(second >= c.secondary_rssi_dbm)) - f.coverage_slack if f.n else 1.0
        if c.rt_secondary_dbm is not None:
            rt[f.index] = realtime_share(f.rt_zone, second, c.rt_secondary_dbm) - f.coverage_slack
        rate = point_rates(ws, f.index, best, c.width_mhz)
        a, cl, d, u = ap_airtime(serving, rate, f.total_mbps, f.devices, k, mac_efficiency=c.mac_efficiency)
        parts.append((a, cl, d, u))
        airtime += a
        clients += cl
        demand += d
        unserved += u
        servings.append(serving)
        bests.append(best)
        rates.append(rate)
    hear = ws.hear_dbm(aps, eirp) if k else np.zeros((0, 0))
    if colour is None:
        colour = assign_channels(hear, n_channels, airtime=airtime, max_utilization=c.max_utilization if repair else None,
                                 seed=seed, kicks=kicks if repair else 0)
    util = utilisation_for(colour, hear, airtime) if k else np.zeros(0)
    out = Evaluation(aps, cov, sec, airtime, clients, demand, util, np.asarray(colour, int), hear, unserved,
                     servings, bests, rates)
    out.eirp = eirp
    out.rt_share = rt
    out.own_share = own_floor_shares(ws, aps, servings)
    if want_second:
        out.second_dbm, out.second_ap = seconds, second_aps
    out.parts, out.criteria = parts, c
    return out


def _second_largest(r: np.ndarray, arg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column of ``r`` (k ≥ 2, n), the second-largest value (the largest again when it occurs twice) and its row.

    ``arg`` is each column's argmax. The same values as ``np.partition(r, k - 2, axis=0)[k - 2]``
    (a selection, no arithmetic), but a row-wise max over a copy with the best entry masked
    runs along memory instead of one strided selection per column.
    """
    rest = r.copy()
    rest[arg, np.arange(r.shape[1])] = -np.inf
    row = np.argmax(rest, axis=0)
    return rest[row, np.arange(r.shape[1])], row


def _second_of_union(best: np.ndarray, best_ap: np.ndarray, second: np.ndarray, second_ap: np.ndarray,
                     new_best: np.ndarray, new_best_ap: np.ndarray, new_second: np.ndarray,
                     new_second_ap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Second-largest level (and its AP) of two AP sets whose top two per point are known.

    The old set's top two are (``best``, ``second``), the new set's (``new_best``, ``new_second``);
    the union's second is max(min(best, new_best), second, new_second) — a selection, so the
    same value a full evaluation finds (ties may name another AP of the same level).
    """
    lo_is_new = new_best <= best
    val = np.where(lo_is_new, new_best, best)
    ap = np.where(lo_is_new, new_best_ap, best_ap)
    for v, a in ((second, second_ap), (new_second, new_second_ap)):
        take = v > val
        val = np.where(take, v, val)
        ap = np.where(take, a, ap)
    return val, ap


def _secondary_figures(ws: Workspace, c: Criteria, seconds: list[np.ndarray], *, only=None) -> tuple[np.ndarray, np.ndarray]:
    """Secondary coverage and worst real-time share per floor from the second-strongest levels, as :func:`evaluate`."""
    nf = len(ws.floors)
    sec = np.full(nf, np.nan)
    rt = np.ones(nf)
    for f in (ws.floors if only is None else [only]):
        second = seconds[f.index]
        if c.secondary_rssi_dbm is not None:
            sec[f.index] = float(np.mean(second >= c.secondary_rssi_dbm)) - f.coverage_slack if f.n else 1.0
        if c.rt_secondary_dbm is not None:
            rt[f.index] = realtime_share(f.rt_zone, second, c.rt_secondary_dbm) - f.coverage_slack
    return sec, rt


def own_floor_shares(ws: Workspace, aps: np.ndarray, servings: list[np.ndarray]) -> np.ndarray:
    """Per floor, the share of its points whose serving AP is on that floor (1 for a floor without points)."""
    out = np.ones(len(ws.floors))
    for f in ws.floors:
        out[f.index] = _own_share(ws, aps, servings, f)
    return out


def _own_share(ws: Workspace, aps, servings: list[np.ndarray], f) -> float:
    aps = np.asarray(aps, int)
    srv = servings[f.index]
    if not f.n:
        return 1.0
    ap_floor = ws.cand_floor[aps] if len(aps) else np.zeros(0, int)
    own = (srv >= 0) & (ap_floor[np.maximum(srv, 0)] == f.index) if len(aps) else np.zeros(f.n, bool)
    return float(own.mean()) - f.coverage_slack


def realtime_share(rt_zone: np.ndarray | None, second_dbm: np.ndarray, threshold_dbm: float) -> float:
    """The worst real-time zone's share of points whose second-strongest AP is ≥ ``threshold_dbm`` (1 if none).

    >>> realtime_share(np.array([0, 0, 2, 2, -1]), np.array([-70., -80, -60, -60, -99]), -75.0)
    0.5
    """
    if rt_zone is None or not len(rt_zone) or not (rt_zone >= 0).any():
        return 1.0
    z = rt_zone[rt_zone >= 0]
    ok = (second_dbm[rt_zone >= 0] >= threshold_dbm).astype(float)
    counts = np.bincount(z)
    shares = np.bincount(z, weights=ok)[counts > 0] / counts[counts > 0]
    return float(shares.min())


def sum_floor_parts(parts, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(airtime, clients, demand per AP, unserved) summed over per-floor ``(a, cl, d, u)`` in floor
    order: a step that reuses some floors' figures sums them as a full evaluation does."""
    airtime, clients, demand = np.zeros(k), np.zeros(k), np.zeros(k)
    unserved = 0.0
    for a, cl, d, u in parts:
        airtime += a
        clients += cl
        demand += d
        unserved += u
    return airtime, clients, demand, unserved


def _finish(ws: Workspace, aps, eirp, c: Criteria, servings, bests, rates, colour, hear,
            seconds=None, second_aps=None, *, prev: Evaluation | None = None, changed=None, remap=None) -> Evaluation:
    """The figures of an incremental step. ``prev`` (with ``changed`` floor flags and ``remap``,
    old per-AP array -> new) lets the floors whose points did not change keep ``prev``'s
    per-floor figures: the same numbers, summed in the same floor order."""
    k = len(aps)
    nf = len(ws.floors)
    cov = np.zeros(nf)
    reuse = prev is not None and prev.parts is not None and prev.criteria == c and changed is not None
    parts = []
    for f in ws.floors:
        if reuse and not changed[f.index]:
            cov[f.index] = prev.coverage[f.index]
            a, cl, d = (remap(x) for x in prev.parts[f.index][:3])
            u = prev.parts[f.index][3]
        else:
            cov[f.index] = float(np.mean(bests[f.index] >= c.rssi_dbm)) - f.coverage_slack if f.n else 1.0
            a, cl, d, u = ap_airtime(servings[f.index], rates[f.index], f.total_mbps, f.devices, k,
                                     mac_efficiency=c.mac_efficiency)
        parts.append((a, cl, d, u))
    airtime, clients, demand, unserved = sum_floor_parts(parts, k)
    util = utilisation_for(colour, hear, airtime) if k else np.zeros(0)
    out = Evaluation(np.asarray(aps, int), cov, np.full(nf, np.nan), airtime, clients, demand, util,
                     np.asarray(colour, int), hear, unserved, servings, bests, rates)
    if reuse and prev.own_share is not None:
        out.own_share = prev.own_share.copy()
        for f in ws.floors:
            if changed[f.index]:
                out.own_share[f.index] = _own_share(ws, aps, servings, f)
    else:
        out.own_share = own_floor_shares(ws, aps, servings)
    if seconds is not None:
        if reuse and prev.secondary is not None and prev.rt_share is not None:
            out.secondary, out.rt_share = prev.secondary.copy(), prev.rt_share.copy()
            for f in ws.floors:
                if changed[f.index]:
                    sec, rt = _secondary_figures(ws, c, seconds, only=f)
                    out.secondary[f.index], out.rt_share[f.index] = sec[f.index], rt[f.index]
        else:
            out.secondary, out.rt_share = _secondary_figures(ws, c, seconds)
        out.second_dbm, out.second_ap = seconds, second_aps
    out.parts, out.criteria = parts, c
    return out


def _wants_second(c: Criteria, ev: Evaluation) -> bool:
    if c.secondary_rssi_dbm is None and c.rt_secondary_dbm is None:
        return False
    if ev.second_dbm is None:
        raise ValueError("the evaluation has no second-strongest levels: evaluate it with the same criteria first")
    return True


def evaluate_removed(ws: Workspace, ev: Evaluation, k: int, c: Criteria) -> Evaluation:
    """``ev`` without its AP ``k`` (same colours for the others), recomputing only the points it served.

    With a secondary or real-time level in ``c``, the points where it was the second-strongest
    AP are recomputed too (``ev`` must come from :func:`evaluate` or these functions with the
    same criteria). The figures equal those of :func:`evaluate` on the smaller set with the
    same colours.
    """
    aps = np.delete(ev.aps, k)
    eirp = np.delete(ev.eirp, k)
    want_second = _wants_second(c, ev)
    servings, bests, rates, seconds, second_aps = [], [], [], [], []
    changed = []
    for f in ws.floors:
        serving = ev.serving[f.index].copy()
        best = ev.best_dbm[f.index].copy()
        rate = ev.rate_mbps[f.index].copy()
        lost = serving == k
        hit = np.flatnonzero(lost)
        serving[serving > k] -= 1
        if want_second:
            second = ev.second_dbm[f.index].copy()
            second_ap = ev.second_ap[f.index].copy()
            redo = np.flatnonzero(lost | (second_ap == k))
            second_ap[second_ap > k] -= 1
        else:
            redo = hit
        changed.append(bool(len(redo)))
        if len(redo):
            sub, idx = ws.rssi(f, aps, ev.eirp[np.arange(len(ev.aps)) != k], cols=redo)
            at = np.flatnonzero(lost[redo]) if want_second else np.arange(len(redo))
            if sub.shape[0]:
                arg = np.argmax(sub, axis=0)
                best[hit] = sub[arg[at], at]
                serving[hit] = idx[arg[at]]
            else:
                best[hit] = -np.inf
                serving[hit] = -1
            if want_second:
                if sub.shape[0] > 1:
                    val, row = _second_largest(sub, arg)
                    second[redo] = val
                    second_ap[redo] = idx[row]
                else:
                    second[redo] = -np.inf
                    second_ap[redo] = -1
            if len(hit):
                rate[hit] = point_rates_at(ws, f.index, hit, best[hit], c.width_mhz)
        servings.append(serving)
        bests.append(best)
        rates.append(rate)
        if want_second:
            seconds.append(second)
            second_aps.append(second_ap)
    keep = np.arange(len(ev.aps)) != k
    hear = np.delete(np.delete(ev.hear, k, axis=0), k, axis=1)   # = ev.hear[np.ix_(keep, keep)], two block copies
    out = _finish(ws, aps, eirp, c, servings, bests, rates, ev.colour[keep], hear,
                  *((seconds, second_aps) if want_second else ()), prev=ev, changed=changed,
                  remap=lambda x: np.delete(x, k))
    out.eirp = ev.eirp[keep]
    return out


def point_rates_at(ws: Workspace, f_index: int, idx: np.ndarray, best_dbm: np.ndarray, width_mhz: int) -> np.ndarray:
    """:func:`point_rates` for the points ``idx`` of a floor only."""
    f = ws.floors[f_index]
    rate = np.zeros(len(idx))
    cl = f.client[idx]
    for ci, client in enumerate(ws.clients):
        mask = cl == ci
        if not mask.any():
            continue
        w = min(width_mhz, client.max_width_mhz)
        snr = best_dbm[mask] - noise_floor_dbm(ws.settings, ws.band, w)
        gen = generation_of(client.generation, ws.spec.generation)
        floors, rates = _rate_table(w, min(client.streams, ws.spec.streams), gen)
        kk = np.searchsorted(floors, np.nan_to_num(snr, nan=-np.inf), side="right") - 1
        rate[mask] = np.where(kk >= 0, rates[np.maximum(kk, 0)], 0.0)
    return rate


def evaluate_added(ws: Workspace, ev: Evaluation, new: np.ndarray, new_eirp: np.ndarray, c: Criteria,
                   colour: np.ndarray) -> Evaluation:
    """``ev`` with the candidates ``new`` appended (colours given for all), updating only improved points.

    With a secondary or real-time level in ``c``, the second-strongest level is updated from
    the two strongest of the old and the new APs. The figures equal those of :func:`evaluate`
    on the larger set with these colours.
    """
    new = np.asarray(new, int)
    aps = np.concatenate([ev.aps, new])
    eirp = np.concatenate([ev.eirp, np.asarray(new_eirp, float)])
    k0 = len(ev.aps)
    want_second = _wants_second(c, ev)
    servings, bests, rates, seconds, second_aps = [], [], [], [], []
    changed = []
    for f in ws.floors:
        serving = ev.serving[f.index].copy()
        best = ev.best_dbm[f.index].copy()
        rate = ev.rate_mbps[f.index].copy()
        r, idx = ws.rssi(f, new, np.asarray(new_eirp, float))
        touched = False
        second = ev.second_dbm[f.index] if want_second else None
        second_ap = ev.second_ap[f.index] if want_second else None
        if r.shape[0] and f.n:
            arg = np.argmax(r, axis=0)
            rb = r[arg, np.arange(f.n)]
            if want_second:
                if r.shape[0] > 1:
                    s2, row2 = _second_largest(r, arg)
                    a2 = k0 + idx[row2]
                else:
                    s2, a2 = np.full(f.n, -np.inf, np.float32), np.full(f.n, -1)
                old_second = second
                second, second_ap = _second_of_union(best, serving, second, second_ap, rb, k0 + idx[arg], s2, a2)
                second = second.astype(float)
                touched = touched or not np.array_equal(second, old_second)
            hit = np.flatnonzero(rb > best)
            touched = touched or bool(len(hit))
            if len(hit):
                best[hit] = rb[hit]
                serving[hit] = k0 + idx[arg[hit]]
                rate[hit] = point_rates_at(ws, f.index, hit, best[hit], c.width_mhz)
        servings.append(serving)
        bests.append(best)
        rates.append(rate)
        if want_second:
            seconds.append(second)
            second_aps.append(second_ap)
        changed.append(touched)
    hear = ws.hear_dbm_added(ev.hear, aps, eirp) if ev.hear.shape == (k0, k0) else ws.hear_dbm(aps, eirp)
    pad = len(new)
    out = _finish(ws, aps, eirp, c, servings, bests, rates, colour, hear,
                  *((seconds, second_aps) if want_second else ()), prev=ev, changed=changed,
                  remap=lambda x: np.concatenate([x, np.zeros(pad)]))
    out.eirp = eirp
    return out
