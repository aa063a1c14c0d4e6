"""Passes of the incremental planner (:mod:`wifiplan.design.grow`): keep channels, move onto spares, drop, prune.

Each works on the search's state (candidate indices, EIRPs, channel indices, origins) or,
for the channel relabelling, on the finished access points.
"""

from __future__ import annotations

import numpy as np

from wifiplan.design.channels import CCA_THRESHOLD_DBM, design_channels
from wifiplan.design.fasteval import evaluate_removed
from wifiplan.design.planner import _r
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint

__all__ = ["KEEP_CHANNEL_COST", "KEEP_COSTS", "SWAP_TRIALS", "keep_cost"]


#: Cost, in the colouring's units (excess airtime share over the cap), of moving an existing AP
#: off its channel: above the raw co-channel pair weights that only break ties (~0.002 per
#: pair heard, :func:`~wifiplan.design.channels.assign_channels`), below most real utilisation
#: excess (an AP's airtime, 0.05–0.5). So an existing AP changes channel only when that
#: relieves utilisation over the cap or a strong co-channel pair, not for a tie.
#: Estimate, unsourced: a re-tune visits the AP's configuration, not the ceiling.
KEEP_CHANNEL_COST = 0.01

#: Keep costs tried in turn for the design band's final channel plan: the first whose plan
#: meets every requirement on the search's evaluation is used, else the plan without any
#: (so keeping channels never costs an AP). Estimates: each a tenth of the one before.
KEEP_COSTS = (KEEP_CHANNEL_COST, KEEP_CHANNEL_COST / 10, KEEP_CHANNEL_COST / 100)


def keep_cost(n: int, first: np.ndarray, n_channels: int, *, cost: float = KEEP_CHANNEL_COST) -> np.ndarray:
    """Channel cost ``(n, n_channels)``: ``cost`` for an existing AP on any channel but its own.

    ``first``: the existing APs' channel indices (the first ``len(first)`` of the ``n``; -1 = none).

    >>> keep_cost(3, np.array([1, -1]), 2).tolist()
    [[0.01, 0.0], [0.0, 0.0], [0.0, 0.0]]
    """
    cc = np.zeros((n, n_channels))
    k = min(n, len(first))
    own = np.asarray(first[:k], int)
    rows = np.flatnonzero(own >= 0)
    cc[rows] = cost
    cc[rows, own[rows]] = 0.0
    return cc


def _keep_channels(aps: list[AccessPoint], before: dict[str, AccessPoint], domain, *,
                   skip: str | None = None) -> list[AccessPoint]:
    """Relabel the re-planned channels of each band (but ``skip``) so existing APs keep theirs where possible.

    The colouring fixes which APs share a channel, not which channel each group gets; among
    channels of equal width, legal EIRP and DFS status the labels are interchangeable, so a
    permutation that maximises the existing APs keeping their channel changes nothing the
    evaluation sees and leaves fewer radios re-tuned.
    """
    from collections import Counter

    from wifiplan.rf.channels import primary_channel

    out = list(aps)
    for b in ("2.4", "5", "6"):
        if b == skip:
            continue
        widths = {r.width_mhz for a in out for bb, r in a.radios.items() if bb == b}
        for w in sorted(widths):
            kind: dict[int, tuple] = {}
            for ch in design_channels(domain, b, w):
                kind[primary_channel(b, ch.number, w)] = (round(ch.max_eirp_dbm, 1), bool(ch.dfs))
            pairs = Counter()
            for a in out:
                old = before.get(a.name)
                r = a.radios.get(b)
                o = old.radios.get(b) if old is not None else None
                if r is None or o is None or r.width_mhz != w or o.width_mhz != w:
                    continue
                if r.channel in kind and o.channel in kind and kind[r.channel] == kind[o.channel]:
                    pairs[(r.channel, o.channel)] += 1
            perm: dict[int, int] = {}
            used: set[int] = set()
            for (new, old), _n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
                if new not in perm and old not in used:
                    perm[new] = old
                    used.add(old)
            if not perm or all(k == v for k, v in perm.items()):
                continue
            # complete to a permutation within each kind: displaced channels take the freed labels
            for k in sorted(kind):
                if k in perm:
                    continue
                if k not in used:
                    perm[k] = k
                    used.add(k)
            for k in sorted(kind):
                if k in perm:
                    continue
                free = sorted(x for x in kind if x not in used and kind[x] == kind[k])
                perm[k] = free[0] if free else k
                used.add(perm[k])
            if len(set(perm.values())) != len(perm):
                continue  # not a permutation (should not happen): keep the re-planned channels
            out = [a.model_copy(update={"radios": {bb: (r.model_copy(update={"channel": perm.get(r.channel, r.channel)})
                                                         if bb == b and r.width_mhz == w else r)
                                                   for bb, r in a.radios.items()}}) for a in out]
    return out


#: Free spares tried per AP on a new position by :func:`_onto_spares` (nearest first): each
#: trial is one evaluation (and a channel re-plan when capacity is short).
SWAP_TRIALS = 12


def _onto_spares(ws, c, aps, eirps, origin, ev, colour, spare_cand, exact, notes):
    """Move each AP added on a new position onto a free spare when the requirements still hold.

    For every AP with ``origin`` new (in the order added), the :data:`SWAP_TRIALS` free spares
    of its floor nearest it are tried: the first with which the search's evaluation still
    meets every requirement (channels re-planned when capacity is short) takes the AP. A
    spare needs no new cable run, so a spare that does the job is always the cheaper AP.
    """
    if not spare_cand:
        return aps, origin, ev, colour
    aps, origin = list(aps), list(origin)
    swapped = 0
    for i in range(len(aps)):
        if origin[i] != "new" or not ev.ok(c):
            continue
        free = [k for k in spare_cand if k not in aps and ws.cand_floor[k] == ws.cand_floor[aps[i]]]
        if not free:
            continue
        d = np.hypot(*(ws.cand_xy[np.asarray(free)] - ws.cand_xy[aps[i]]).T)
        for j in np.argsort(d, kind="stable")[:SWAP_TRIALS]:
            trial = list(aps)
            trial[i] = int(free[j])
            col = np.asarray(colour, int).copy()
            col[i] = -1
            ev_t, col_t = exact(trial, eirps, col, replan=False)
            if not ev_t.capacity_ok(c):
                ev_t, col_t = exact(trial, eirps, col_t, replan=True)
            if ev_t.ok(c):
                aps, ev, colour = trial, ev_t, col_t
                origin[i] = "spare"
                swapped += 1
                break
    if swapped:
        notes.append(f"growth: {swapped} AP(s) moved from a new position onto a spare (requirements still met)")
    return aps, origin, ev, colour


def _drop_added(ws, c, aps, eirps, origin, src, reasons, ev, colour, n_existing, exact):
    """Drop added APs (new positions first, the last added first) without which every requirement still holds."""
    aps, eirps, origin, src, reasons = list(aps), list(eirps), list(origin), list(src), list(reasons)
    if not ev.ok(c):
        return aps, eirps, origin, src, reasons, ev, colour
    order = sorted(range(n_existing, len(aps)), key=lambda i: (origin[i] != "new", -i))
    dropped: list[int] = []
    for i in order:
        j = i - sum(1 for x in dropped if x < i)  # index after the earlier drops
        trial = aps[:j] + aps[j + 1:]
        col = np.delete(np.asarray(colour, int), j)
        ev_t, col_t = exact(trial, eirps[:j] + eirps[j + 1:], col, replan=False)
        if not ev_t.capacity_ok(c):
            ev_t, col_t = exact(trial, eirps[:j] + eirps[j + 1:], col_t, replan=True)
        if ev_t.ok(c):
            del aps[j], eirps[j], origin[j], src[j], reasons[j]
            ev, colour = ev_t, col_t
            dropped.append(i)
    return aps, eirps, origin, src, reasons, ev, colour


def _fit_added_channels(building: Building, settings, aps: list[AccessPoint], domain, *,
                        skip: str) -> list[AccessPoint]:
    """Channels of the added APs (``origin`` spare or new) on every band but ``skip``, the existing radios fixed.

    Each added AP in turn takes the channel of its width shared with the fewest APs it hears
    or that hear it above the CCA threshold (those share airtime), then the least summed
    power (mW) heard either way.
    """
    from wifiplan.capacity.evaluate import ap_hearing_dbm
    from wifiplan.rf.channels import primary_channel

    out = list(aps)
    for b in ("2.4", "5", "6"):
        if b == skip:
            continue
        on = [i for i, a in enumerate(out) if b in a.radios and a.radios[b].enabled]
        added = [k for k, i in enumerate(on) if out[i].origin in ("spare", "new")]
        if not added:
            continue
        hear = ap_hearing_dbm(building, settings, [out[i] for i in on], b)
        mw = np.nan_to_num(10.0 ** (hear / 10.0), nan=0.0)
        mw = mw + mw.T
        heard = ((hear >= CCA_THRESHOLD_DBM) | (hear.T >= CCA_THRESHOLD_DBM)).astype(float)
        np.fill_diagonal(heard, 0.0)
        scale = 1.0 / max(float(mw.sum()), 1e-300)  # summed mW below one shared-airtime neighbour
        for k in added:
            i = on[k]
            r = out[i].radios[b]
            options = [ch for ch in design_channels(domain, b, r.width_mhz)]
            if not options:
                continue
            prim = [primary_channel(b, out[j].radios[b].channel, out[j].radios[b].width_mhz) for j in on]
            prim_arr = np.asarray(prim)
            cost = []
            for ch in options:
                same = prim_arr == primary_channel(b, ch.number, r.width_mhz)
                same[k] = False
                cost.append(float(heard[k, same].sum()) + scale * float(mw[k, same].sum()))
            best = options[int(np.argmin(cost))]
            best_primary = primary_channel(b, best.number, r.width_mhz)  # written as the primary, as plans are
            if best_primary != primary_channel(b, r.channel, r.width_mhz):
                g = out[i].antenna_gain_dbi.get(b, 0.0)
                tx = _r(min(r.tx_power_dbm, best.max_eirp_dbm - g), 1)
                radios = dict(out[i].radios)
                radios[b] = r.model_copy(update={"channel": best_primary, "tx_power_dbm": tx})
                out[i] = out[i].model_copy(update={"radios": radios})
    return out


def _prune(ws, c, aps, eirps, colour, origin, reasons, src, ev, order):
    """Drop existing APs whose removal makes no requirement worse (``--allow-removal``), least used first."""
    from wifiplan.design.placement import _no_worse, _status

    status = _status(ev, c)
    aps, eirps, origin, reasons, src = list(aps), list(eirps), list(origin), list(reasons), list(src)
    colour = np.asarray(colour, int)
    served = ev.demand_mbps + 1e-6 * order[ev.aps].astype(float)
    for ap in [int(ev.aps[i]) for i in np.argsort(served, kind="stable")]:
        k = aps.index(ap)
        if origin[k] != "existing" or len(aps) < 2:
            continue
        tr = evaluate_removed(ws, ev, k, c)
        st = _status(tr, c)
        if _no_worse(st, status) and tr.ok(c):
            del aps[k], eirps[k], origin[k], reasons[k], src[k]
            colour = np.delete(colour, k)
            ev, status = tr, st
    return aps, eirps, colour, origin, reasons, src, ev


def _recolour_kept(building: Building, settings, aps: list[AccessPoint], domain, *, skip: str,
                   seed: int = 0) -> list[AccessPoint]:
    """Channels of every band but ``skip`` re-planned for the whole set, existing APs kept on theirs where ties allow.

    Per band and width, the enabled radios are coloured
    (:func:`~wifiplan.design.channels.assign_channels`, strong co-channel pairs first, then
    co-channel pairs heard above CCA) from their current channels, with
    :data:`KEEP_CHANNEL_COST` for moving an existing AP off its channel. Power, width and
    on/off stay as they are.
    """
    from wifiplan.capacity.evaluate import ap_hearing_dbm
    from wifiplan.design.channels import STRONG_CO_CHANNEL_DBM, assign_channels
    from wifiplan.rf.channels import primary_channel

    out = list(aps)
    for b in ("2.4", "5", "6"):
        if b == skip:
            continue
        on = [i for i, a in enumerate(out) if b in a.radios and a.radios[b].enabled]
        if len(on) < 2:
            continue
        hear_all = ap_hearing_dbm(building, settings, [out[i] for i in on], b)
        for w in sorted({out[i].radios[b].width_mhz for i in on}):
            chans = design_channels(domain, b, w)
            if not chans:
                continue
            prim = [primary_channel(b, ch.number, w) for ch in chans]
            grp = [k for k, i in enumerate(on) if out[i].radios[b].width_mhz == w]
            idx = [prim.index(primary_channel(b, out[on[k]].radios[b].channel, w))
                   if primary_channel(b, out[on[k]].radios[b].channel, w) in prim else -1 for k in grp]
            first = np.array([j if out[on[k]].origin == "existing" else -1 for k, j in zip(grp, idx, strict=True)])
            cc = np.zeros((len(grp), len(chans)))
            rows = np.flatnonzero(first >= 0)
            cc[rows] = KEEP_CHANNEL_COST
            cc[rows, first[rows]] = 0.0
            col = assign_channels(hear_all[np.ix_(grp, grp)], len(chans), seed=seed, strong_dbm=STRONG_CO_CHANNEL_DBM,
                                  initial=np.array(idx), channel_cost=cc)
            for k, c in zip(grp, col, strict=True):
                i = on[k]
                r = out[i].radios[b]
                ch = chans[int(c)]
                if prim[int(c)] == primary_channel(b, r.channel, w):
                    continue
                g = out[i].antenna_gain_dbi.get(b, 0.0)
                radios = dict(out[i].radios)
                radios[b] = r.model_copy(update={"channel": prim[int(c)],  # written as the primary, as plans are
                                                 "tx_power_dbm": _r(min(r.tx_power_dbm, ch.max_eirp_dbm - g), 1)})
                out[i] = out[i].model_copy(update={"radios": radios})
    return out
