"""Prune APs the design does not need: remove one, lower its loaded neighbours' power so the load spreads."""

from __future__ import annotations

import numpy as np

from wifiplan.capacity.airtime import ap_airtime
from wifiplan.design.channels import utilisation_for
from wifiplan.design.fasteval import Criteria, Evaluation, _own_share, point_rates_at, realtime_share, sum_floor_parts
from wifiplan.design.workspace import Progress, Workspace

__all__ = ["prune_with_power", "PRUNE_POWER_STEP_DB", "PRUNE_POWER_ROUNDS", "PRUNE_PASSES"]

#: A removal's overloaded neighbours are lowered in steps of this size, dB ...
PRUNE_POWER_STEP_DB = 2.0
#: ... at most this many times (so a neighbour loses at most 8 dB to one removal; the
#: EIRP floor stops it earlier).
PRUNE_POWER_ROUNDS = 4
#: A removal may load an AP to at most this share of the search's caps (airtime, clients,
#: utilisation; APs already above keep their load). 1: the search's margin only; the
#: planner then verifies on ``check``'s every-band evaluation (co-channel clients counted,
#: 6 GHz cells) and redoes the prune around any AP it finds over a cap.
PRUNE_LOAD_SHARE = 1.0
#: The prune fills an AP's design-band cell up to this share of the search's client limit:
#: 1 / (1 − 0.05), i.e. the full client limit (the search's criteria sit
#: ``planner.SEARCH_MARGIN`` = 5 % under it). The cells ``check`` counts differ from the
#: ones the prune prices (6 GHz cells, channels changed by the polish, ±10 clients per AP
#: on the city hall); the planner's balancing step
#: (:func:`~wifiplan.design.planner._balance_clients`) lowers the radios that end over the
#: limit, and the prune is redone around any it cannot fix. Before that step this was
#: 0.92, a margin that cost the city hall 8 APs (102 for 94).
PRUNE_CLIENT_SHARE = 1.0 / 0.95
#: ... and on a floor planned on a coarser grid than ``settings.grid_m`` (large floors), this
#: share: the final evaluation at full resolution counts a cell's devices differently, and
#: at the full limit the mall site2 ended with radios over it that the balancing could not
#: bring back (159 APs without the prune instead of 147). The margin of before, measured
#: on the city hall (see above). Estimate.
PRUNE_COARSE_CLIENT_SHARE = 0.92
#: Passes over the APs (a later pass retries with the powers the earlier removals set).
PRUNE_PASSES = 1


def prune_with_power(ws: Workspace, c: Criteria, aps: list[int], reasons: list[str], eirp: np.ndarray,
                     colour: np.ndarray, offsets_db: np.ndarray, *, floor_dbm: float,
                     report: Progress | None = None, protect=(), fallback=None,
                     fallback_below_dbm: float = -np.inf
                     ) -> tuple[list[int], list[str], np.ndarray, np.ndarray, Evaluation, int]:
    """Remove APs one at a time (least demand first) while the design still meets every requirement.

    A removal moves the AP's clients to its neighbours; when some neighbour's own airtime,
    client count or utilisation then goes over the cap, those neighbours are lowered by
    :data:`PRUNE_POWER_STEP_DB` (at most :data:`PRUNE_POWER_ROUNDS` times, never under
    ``floor_dbm``), so their cells shrink and the clients at their edges go to APs with
    room: per-AP power as a vendor's RRM sets it, lower where the APs are dense. A removal
    is kept only if coverage (primary, secondary, real-time, own floor), the utilisation
    cap and the client limit all hold on the evaluation at each AP's channel frequency
    (``offsets_db[colour]``), channels unchanged; a design that does not meet them to
    begin with is returned as it is.

    ``protect``: (floor index, x, y) points; APs within :data:`PROTECT_RADIUS_M` of one on
    its floor are neither removed nor merged (where ``check``'s every-band evaluation found
    an AP over a cap after an earlier prune).

    ``fallback``: per floor (demand weight, devices) at points whose best design-band level is
    under ``fallback_below_dbm`` (:func:`~wifiplan.design.bandload.fallback_load`: 6 GHz
    does not reach them, so 6 GHz devices load the design band); the search's weights elsewhere.

    Returns (aps, reasons, eirp, colour, evaluation, removed).

    Notes
    -----
    Each trial re-evaluates only the points whose strongest or second-strongest AP changed
    (removed or lowered): the others keep their serving AP, rate and second level, so the
    trial equals a full :func:`~wifiplan.design.fasteval.evaluate` at a fraction of its cost.
    """
    report = report or (lambda _s, _f: None)
    aps, reasons = list(aps), list(reasons)
    eirp = np.asarray(eirp, float).copy()
    colour = np.asarray(colour, int).copy()
    offsets_db = np.asarray(offsets_db, float)
    if len(aps) < 2:
        return aps, reasons, eirp, colour, _TopTwo(ws, c, np.asarray(aps, int), eirp - offsets_db[colour],
                                                   colour, fallback, fallback_below_dbm).evaluation(), 0
    state = _TopTwo(ws, c, np.asarray(aps, int), eirp - offsets_db[colour], colour, fallback, fallback_below_dbm)
    ev = state.evaluation()
    if not ev.coverage_ok(c):
        return aps, reasons, eirp, colour, ev, 0
    removed = 0
    for _pass in range(PRUNE_PASSES):
        before = removed
        order = [int(ev.aps[i]) for i in np.argsort(ev.demand_mbps, kind="stable")]
        for step, ap in enumerate(order):
            report("pruning with power", (_pass + step / max(len(order), 1)) / PRUNE_PASSES)
            if len(aps) < 2:
                break
            if _protected(ws, ap, protect):
                continue
            k = aps.index(ap)
            t_col = np.delete(colour, k)
            keep = np.arange(len(aps)) != k
            tr, t_eirp = _power_rounds(state, c, [k], np.delete(eirp, k), t_col, offsets_db, floor_dbm,
                                       _allowed(ev, c, keep, 0))
            if tr.coverage_ok(c) and np.all(_load(tr, c) <= _allowed(ev, c, keep, 0) + 1e-9):
                state.commit()
                aps, reasons = aps[:k] + aps[k + 1:], reasons[:k] + reasons[k + 1:]
                eirp, colour, ev = t_eirp, t_col, tr
                removed += 1
        if removed == before:
            break
    merged = 0
    for _pass in range(PRUNE_PASSES):
        before = merged
        for i_ap in [int(ev.aps[i]) for i in np.argsort(_load(ev, c), kind="stable")]:
            report("merging neighbours", _pass / PRUNE_PASSES)
            if i_ap not in aps or _protected(ws, i_ap, protect):
                continue
            i = aps.index(i_ap)
            for j in _merge_partners(ws, ev, c, aps, i):
                if _protected(ws, aps[j], protect):
                    continue
                t = _merge_target(ws, ev, aps, i, j)
                if t is None:
                    continue
                keep = np.ones(len(aps), bool)
                keep[[i, j]] = False
                t_col = np.append(colour[keep], colour[i])
                t_eirp_all = np.append(eirp[keep], max(eirp[i], eirp[j]))
                allowed = _allowed(ev, c, keep, 1)
                tr, t_eirp_all = _power_rounds(state, c, [i, j], t_eirp_all, t_col, offsets_db, floor_dbm,
                                               allowed, add=np.array([t]))
                if tr.coverage_ok(c) and np.all(_load(tr, c) <= allowed + 1e-9):
                    state.commit()
                    aps = [a for a, kk in zip(aps, keep, strict=True) if kk] + [t]
                    reasons = [r for r, kk in zip(reasons, keep, strict=True) if kk] + [reasons[i]]
                    eirp, colour, ev = t_eirp_all, t_col, tr
                    merged += 1
                    break
        if merged == before:
            break
    return aps, reasons, eirp, colour, ev, removed + merged


def _allowed(ev: Evaluation, c: Criteria, keep: np.ndarray, n_added: int) -> np.ndarray:
    """The most load (:func:`_load`) a trial may give each AP: :data:`PRUNE_LOAD_SHARE`, or the AP's load
    before if higher (it may not get busier); ``keep``: which APs of ``ev`` stay, then ``n_added`` new ones."""
    old = _load(ev, c)[keep]
    return np.concatenate([np.maximum(old, PRUNE_LOAD_SHARE), np.full(n_added, PRUNE_LOAD_SHARE)])


#: Radius around an AP ``check`` found over a cap in which a redone prune removes nothing, m.
PROTECT_RADIUS_M = 15.0


def _protected(ws, cand: int, protect) -> bool:
    fi = int(ws.cand_floor[cand])
    x, y = ws.cand_xy[cand]
    return any(pf == fi and (px - x) ** 2 + (py - y) ** 2 <= PROTECT_RADIUS_M ** 2 for pf, px, py in protect)


def _load(ev: Evaluation, c: Criteria) -> np.ndarray:
    """Per AP, the largest of own airtime, clients and utilisation over their caps (clients over
    :data:`PRUNE_CLIENT_SHARE` of the limit, :data:`PRUNE_COARSE_CLIENT_SHARE` on coarse floors)."""
    share = getattr(ev, "client_share", PRUNE_CLIENT_SHARE)
    return np.maximum.reduce([ev.airtime / c.max_utilization, ev.clients / (c.max_clients * share),
                              ev.utilisation / c.max_utilization])


def _power_rounds(state, c, remove, eirp, colour, offsets_db, floor_dbm, allowed, add=None):
    """Trial of a removal (and an optional added candidate, last in ``eirp``/``colour``); APs that end
    over their ``allowed`` load are lowered in steps while coverage holds. Returns (evaluation, EIRPs)."""
    n_add = 0 if add is None else len(add)

    def run(e):
        exact = e - offsets_db[colour]
        if not n_add:
            return state.trial(remove, exact)
        return state.trial(remove, exact[:-n_add], add, exact[-n_add:], colour[-n_add:])

    tr = run(eirp)
    for _round in range(PRUNE_POWER_ROUNDS):
        over = _load(tr, c) > allowed + 1e-9
        if not tr.coverage_ok(c) or not over.any():
            break
        lower = over & (eirp > floor_dbm + 1e-9)
        if not lower.any():
            break
        eirp = np.where(lower, np.maximum(eirp - PRUNE_POWER_STEP_DB, floor_dbm), eirp)
        tr = run(eirp)
    return tr, eirp


#: Two neighbours are merged into one AP only when their loads add up to at most this
#: (the merged cell is smaller than their union: its edges go to the APs around it).
MERGE_MAX_LOAD = 1.6
#: ... and only the nearest this many same-floor neighbours are tried.
MERGE_PARTNERS = 2


def _merge_partners(ws, ev, c, aps, i) -> list[int]:
    """Same-floor APs nearest to AP ``i`` whose load added to its own stays under :data:`MERGE_MAX_LOAD`."""
    load = _load(ev, c)
    fi = ws.cand_floor[aps[i]]
    idx = np.array([j for j in range(len(aps)) if j != i and ws.cand_floor[aps[j]] == fi], int)
    if not len(idx):
        return []
    d = np.hypot(*(ws.cand_xy[np.asarray(aps)[idx]] - ws.cand_xy[aps[i]]).T)
    near = idx[np.argsort(d, kind="stable")][:MERGE_PARTNERS]
    return [int(j) for j in near if load[i] + load[j] <= MERGE_MAX_LOAD]


def _merge_target(ws, ev, aps, i, j) -> int | None:
    """The free candidate nearest the demand-weighted centre of the points APs ``i`` and ``j`` serve on their
    floor, at least the minimum spacing from every other AP of that floor."""
    from wifiplan.design.placement import MIN_AP_SPACING_M

    fi = int(ws.cand_floor[aps[i]])
    f = ws.floors[fi]
    srv = ev.serving[fi]
    m = (srv == i) | (srv == j)
    if not m.any():
        return None
    w = f.total_mbps[m] + 1e-9
    centre = (f.xy[m] * w[:, None]).sum(axis=0) / w.sum()
    others = np.array([a for k, a in enumerate(aps) if k not in (i, j) and ws.cand_floor[a] == fi], int)
    cxy = f.cand_xy
    ok = np.ones(len(cxy), bool)
    if len(others):
        d2 = ((cxy[:, None, :] - ws.cand_xy[others][None, :, :]) ** 2).sum(-1).min(axis=1)
        ok &= d2 >= MIN_AP_SPACING_M ** 2
    if not ok.any():
        return None
    dist = ((cxy - centre) ** 2).sum(axis=1)
    dist[~ok] = np.inf
    return int(f.cand_start + int(np.argmin(dist)))


class _TopTwo:
    """The strongest and second-strongest AP per point of every floor, updated for one removal at a time."""

    def __init__(self, ws: Workspace, c: Criteria, aps: np.ndarray, eirp_dbm: np.ndarray, colour: np.ndarray,
                 fallback=None, fallback_below_dbm: float = -np.inf):
        self.ws, self.c = ws, c
        self.fallback, self.fallback_below = fallback, float(fallback_below_dbm)
        self.aps = np.asarray(aps, int)
        self.eirp = np.asarray(eirp_dbm, float)
        self.colour = np.asarray(colour, int)
        self.floors = [self._top_two(f, None, self.aps, self.eirp) for f in ws.floors]
        self.pending = None
        self.hear = ws.hear_dbm(self.aps, self.eirp) if len(self.aps) else np.zeros((0, 0))
        grid_m = float(ws.settings.grid_m)
        coarse = np.array([f.grid_m > grid_m + 1e-12 for f in ws.floors], bool)
        self.client_share = np.where(coarse[np.asarray(ws.cand_floor, int)], PRUNE_COARSE_CLIENT_SHARE,
                                     PRUNE_CLIENT_SHARE) if len(coarse) else np.zeros(0)
        # loss[i, j]: path loss j -> i (dB, float64) of the state's APs, for a merge's hearing matrix
        self.loss = ws.hear_loss_db(self.aps, self.aps).T.astype(float)
        self.parts = [self._floor_figures(f, fl, self.aps) for f, fl in zip(ws.floors, self.floors, strict=True)]

    def _top_two(self, f, cols, aps, eirp):
        """(i1, r1, i2, r2, rate) on floor ``f`` at the points ``cols`` (all when None) for ``aps`` at ``eirp``."""
        n = f.n if cols is None else len(cols)
        r, idx = self.ws.rssi(f, aps, eirp, cols=cols)
        i1 = np.full(n, -1)
        i2 = np.full(n, -1)
        r1 = np.full(n, -np.inf)
        r2 = np.full(n, -np.inf)
        if r.shape[0] and n:
            a1 = np.argmax(r, axis=0)
            cols_n = np.arange(n)
            r1 = r[a1, cols_n].astype(float)
            i1 = idx[a1]
            if r.shape[0] > 1:
                r_ = r.copy()
                r_[a1, cols_n] = -np.inf
                a2 = np.argmax(r_, axis=0)
                r2 = r_[a2, cols_n].astype(float)
                i2 = idx[a2]
        fi = f.index
        pts = np.arange(f.n) if cols is None else np.asarray(cols, int)
        rate = point_rates_at(self.ws, fi, pts, r1, self.c.width_mhz) if n else np.zeros(0)
        return i1, r1, i2, r2, rate

    def trial(self, remove, eirp_dbm: np.ndarray, add: np.ndarray | None = None,
              add_eirp_dbm: np.ndarray | None = None, add_colour: np.ndarray | None = None) -> Evaluation:
        """The evaluation without the APs ``remove`` (indices), the others at ``eirp_dbm`` (channel-exact EIRPs),
        and the candidates ``add`` appended at ``add_eirp_dbm`` on channels ``add_colour``."""
        add = np.zeros(0, int) if add is None else np.asarray(add, int)
        add_eirp = np.zeros(0) if add_eirp_dbm is None else np.asarray(add_eirp_dbm, float)
        keep = np.ones(len(self.aps), bool)
        keep[np.atleast_1d(np.asarray(remove, int))] = False
        kept_eirp = np.asarray(eirp_dbm, float)
        aps = np.concatenate([self.aps[keep], add])
        eirp = np.concatenate([kept_eirp, add_eirp])
        colour = np.concatenate([self.colour[keep], np.zeros(0, int) if add_colour is None else np.asarray(add_colour, int)])
        changed_new = np.flatnonzero(np.abs(kept_eirp - self.eirp[keep]) > 1e-9)
        old_to_new = np.full(len(self.aps) + 1, -1)
        old_to_new[:-1][keep] = np.arange(int(keep.sum()))   # index -1 maps to -1 (the extra slot)
        hit_old = np.zeros(len(self.aps) + 1, bool)
        hit_old[:-1] = ~keep
        hit_old[np.flatnonzero(keep)[changed_new]] = True
        floors, parts = [], []
        n_add = len(add)
        for f, (i1, r1, i2, r2, rate), old in zip(self.ws.floors, self.floors, self.parts, strict=True):
            touched = hit_old[i1] | hit_old[i2]
            if len(add) and f.n:
                r_add, _ = self.ws.rssi(f, add, add_eirp)
                if r_add.shape[0]:
                    touched |= r_add.max(axis=0) > r2
            hit = np.flatnonzero(touched)
            n1, n2 = old_to_new[i1], old_to_new[i2]
            if len(hit):
                r1, r2, rate = r1.copy(), r2.copy(), rate.copy()
                h1, hr1, h2, hr2, hrate = self._top_two(f, hit, aps, eirp)
                n1[hit], r1[hit], n2[hit], r2[hit], rate[hit] = h1, hr1, h2, hr2, hrate
                fl = (n1, r1, n2, r2, rate)
                parts.append(self._floor_figures(f, fl, aps))
            else:   # no point of the floor changed: its figures are the state's, per AP renumbered
                fl = (n1, r1, n2, r2, rate)
                cov, a, cl, d, u, own, sec, rt = old
                a, cl, d = a[keep], cl[keep], d[keep]
                if n_add:
                    a, cl, d = (np.concatenate([x, np.zeros(n_add)]) for x in (a, cl, d))
                parts.append((cov, a, cl, d, u, own, sec, rt))
            floors.append(fl)
        loss = None
        if len(add):
            hear, loss = self._hear_added(keep, aps, eirp, len(add))
        else:   # h[i, j] = EIRP of j + constants − loss j → i: shift the columns of lowered APs
            hear = self.hear[np.ix_(keep, keep)] + (kept_eirp - self.eirp[keep])[None, :]
        self.pending = (aps, eirp, colour, floors, hear, parts, keep, loss)
        return self._evaluation(aps, eirp, colour, floors, hear, parts)

    def _hear_added(self, keep: np.ndarray, aps: np.ndarray, eirp: np.ndarray, n_add: int):
        """(``ws.hear_dbm(aps, eirp)``, its loss matrix) for the state's APs ``keep`` then ``n_add`` new ones:
        the kept APs' losses are the state's, only the new rows and columns are looked up; every
        entry is its own sum (EIRP + offset + gain − loss), so the matrix equals ``hear_dbm``'s."""
        ws = self.ws
        k0, k = int(keep.sum()), len(aps)
        new = aps[k0:]
        loss = np.empty((k, k))
        loss[:k0, :k0] = self.loss[np.ix_(keep, keep)]
        loss[k0:, :] = ws.hear_loss_db(aps, new).T.astype(float)           # new receivers: loss aps -> new
        loss[:k0, k0:] = ws.hear_loss_db(new, aps[:k0]).T.astype(float)    # new transmitters: loss new -> kept
        gain = ws.spec.antenna_gain_dbi.get(ws.band, 0.0)
        h = np.asarray(eirp, float)[None, :] + ws.eirp_offset_db + gain - loss
        h[~np.isfinite(h)] = -np.inf
        np.fill_diagonal(h, -np.inf)
        return h, loss

    def commit(self) -> None:
        """Adopt the last trial."""
        self.aps, self.eirp, self.colour, self.floors, self.hear, self.parts, keep, loss = self.pending
        self.loss = self.loss[np.ix_(keep, keep)] if loss is None else loss
        self.pending = None

    def evaluation(self) -> Evaluation:
        return self._evaluation(self.aps, self.eirp, self.colour, self.floors, self.hear, self.parts)

    def _floor_figures(self, f, fl, aps) -> tuple:
        """(coverage, airtime, clients, demand per AP, unserved, own-floor share, secondary, real-time share) of
        floor ``f`` with its top two ``fl``: what a trial reuses for a floor none of whose points changed."""
        c = self.c
        k = len(aps)
        i1, best, _i2, second, rate = fl
        cov = float(np.mean(best >= c.rssi_dbm)) - f.coverage_slack if f.n else 1.0
        total, devices = f.total_mbps, f.devices
        if self.fallback is not None and f.n:
            low = best < self.fallback_below
            total = np.where(low, self.fallback[f.index][0], total)
            devices = np.where(low, self.fallback[f.index][1], devices)
        a, cl, d, u = ap_airtime(i1, rate, total, devices, k, mac_efficiency=c.mac_efficiency)
        servings = [None] * len(self.ws.floors)
        servings[f.index] = i1
        own = _own_share(self.ws, aps, servings, f)
        sec = np.nan
        if c.secondary_rssi_dbm is not None:
            sec = float(np.mean(second >= c.secondary_rssi_dbm)) - f.coverage_slack if f.n else 1.0
        rt = 1.0
        if c.rt_secondary_dbm is not None:
            rt = realtime_share(f.rt_zone, second, c.rt_secondary_dbm) - f.coverage_slack
        return cov, a, cl, d, u, own, sec, rt

    def _evaluation(self, aps, eirp, colour, floors, hear, parts) -> Evaluation:
        """The evaluation from the per-floor figures, summed in floor order (as a full evaluation sums them)."""
        ws = self.ws
        servings = [fl[0] for fl in floors]
        bests = [fl[1] for fl in floors]
        rates = [fl[4] for fl in floors]
        k = len(aps)
        nf = len(ws.floors)
        cov, own, sec, rt = (np.array([p[i] for p in parts], float) for i in (0, 5, 6, 7))
        airtime, clients, demand, unserved = sum_floor_parts((p[1:5] for p in parts), k)
        util = utilisation_for(colour, hear, airtime) if k else np.zeros(0)
        out = Evaluation(np.asarray(aps, int), cov, np.full(nf, np.nan), airtime, clients, demand, util,
                         np.asarray(colour, int), hear, unserved, servings, bests, rates)
        out.own_share = own
        out.eirp = eirp
        out.client_share = self.client_share[np.asarray(aps, int)] if k else np.zeros(0)
        out.secondary = sec
        out.rt_share = rt
        return out

