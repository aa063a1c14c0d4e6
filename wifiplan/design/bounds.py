"""Lower bound on the AP count: max(coverage bound, airtime bound, client bound)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wifiplan.design.fasteval import Criteria, generation_of
from wifiplan.design.workspace import Workspace
from wifiplan.library import load_library

__all__ = ["LowerBound", "lower_bound"]


@dataclass(frozen=True)
class LowerBound:
    """No plan at this width and power can meet the requirements with fewer APs than ``aps``.

    ``coverage``: Σ over floors of ⌈target × area ÷ the largest area one AP of that floor
    covers⌉; ``airtime``: ⌈total airtime at the best-case rate ÷ max utilisation⌉;
    ``clients``: ⌈active devices ÷ clients per radio⌉.
    """

    aps: int
    coverage: int
    airtime: int
    clients: int
    airtime_units: float

    def ratio(self, n_aps: int) -> float:
        return n_aps / self.aps if self.aps else float("inf") if n_aps else 1.0


def lower_bound(ws: Workspace, c: Criteria, *, eirp_dbm: float, own_floor_share: float | None = None,
                band_width_mhz: dict[str, int] | None = None) -> LowerBound:
    """The lower bound for a design of EIRP ``eirp_dbm`` and the criteria's channel width.

    Notes
    -----
    Coverage bound. With ``own_floor_share`` s (the requirement that a share s of each
    floor's coverage area be served by that floor's APs), at most (1 − s)·n points of a
    floor of n points can be covered from other floors, so its own APs must cover at
    least (target − (1 − s))·n points: Σ over floors of ⌈that ÷ the most points one of
    its candidates covers⌉. Without it, an AP may cover points on several floors (through
    the slabs), so the bound is ⌈Σ target·n ÷ the most points one candidate covers on
    all floors together⌉ (before, the per-floor bound also applied here and exceeded
    plans that cover one storey from the next: the duplex had bound 5, plan 2).
    The airtime bound gives every client the highest MCS its radio and the AP share, i.e. no
    co-channel sharing and best-case rates: any real layout needs at least as many radios.
    Each band is priced at its own width: the design band at the criteria's width, another
    band at ``band_width_mhz[band]`` (the widest the planner may give it; default the
    design width). Pricing 6 GHz at a 20 MHz design width when its radios run 40 or 80 MHz
    overstated its airtime: that bound was not a bound on what ``check`` accepts.

    Real-time secondary coverage. A real-time point that meets the requirement hears two
    APs at ≥ ``rt_secondary_dbm``; a covered point hears one at ≥ the coverage level,
    which is stricter. Counting (AP, point) pairs at the secondary level: Σ over APs of the
    points each hears at that level ≥ 2·|R| + |C \\ R| ≥ |C| + |R| (C: covered points the
    targets ask for, R: real-time points the zone targets ask for). So
    n ≥ ⌈(|C| + |R|) ÷ the most points one candidate hears at the secondary level⌉.
    """
    cov_total = 0
    per_cand = np.zeros(ws.M, dtype=np.int64)     # points each candidate covers, all floors
    target_points = 0.0
    for f in ws.floors:
        if not f.n:
            continue
        target_points += c.coverage_target * f.n
        rows_all = f.relpos[np.asarray(f.rel, int)] if len(getattr(f, "rel", [])) else np.zeros(0, int)
        if len(rows_all):
            r_all = np.float32(eirp_dbm + ws.eirp_offset_db + ws.client_gain_dbi) - f.loss[rows_all]
            per_cand[np.asarray(f.rel, int)] += (r_all >= np.float32(c.rssi_dbm)).sum(axis=1)
        if own_floor_share is None:
            continue
        lo, hi = f.cand_start, f.cand_start + len(f.cand_xy)
        rows = f.relpos[np.arange(lo, hi)]
        rows = rows[rows >= 0]
        if not len(rows):
            continue
        r = np.float32(eirp_dbm + ws.eirp_offset_db + ws.client_gain_dbi) - f.loss[rows]
        best = int((r >= np.float32(c.rssi_dbm)).sum(axis=1).max())
        need = (c.coverage_target - (1.0 - own_floor_share)) * f.n
        if best == 0 or need <= 0:
            continue
        cov_total += math.ceil(need / best - 1e-9)
    if own_floor_share is None:
        best_any = int(per_cand.max()) if len(per_cand) else 0
        cov_total = math.ceil(target_points / best_any - 1e-9) if best_any and target_points > 0 else 0
    cov_total = max(cov_total, _realtime_bound(ws, c, eirp_dbm))
    mcs = load_library().mcs
    widths = {"6": 0, "5": 1, "2.4": 2}
    band_w = {b: (c.width_mhz if b == ws.band else int((band_width_mhz or {}).get(b, c.width_mhz))) for b in widths}
    # per band (the workspace's band shares, new model) or all on the design band (legacy)
    n_bands = 3 if any(f.band_frac is not None for f in ws.floors) else 1
    air = np.zeros(n_bands)
    dev = np.zeros(n_bands)
    for f in ws.floors:
        if not f.n:
            continue
        if n_bands == 1:
            share = np.ones((f.n, 1))
            worst = np.ones(f.n)
        else:
            share = f.band_frac if f.band_frac is not None else np.ones((f.n, 3)) / 3
            worst = share.max(axis=1)
        scale = np.divide(share, worst[:, None], out=np.zeros_like(share), where=worst[:, None] > 0)
        dev += (f.devices[:, None] * scale).sum(axis=0)     # f.devices carry the busiest band's share
        # demand per band: the point's demand × its share there (f.total_mbps is the search's
        # weight, which the planner may scale; the bound reads the demand itself)
        demand = (f.demand.total_mbps[:, None] * share) if n_bands == 3 else f.total_mbps[:, None]
        for ci, client in enumerate(ws.clients):
            m = f.client == ci
            if not m.any():
                continue
            gen = generation_of(client.generation, ws.spec.generation)
            streams = min(client.streams, ws.spec.streams)
            if n_bands == 1:
                rate = mcs.rate_mbps(mcs.max_mcs[gen], min(c.width_mhz, client.max_width_mhz), streams)
            else:
                rate = np.array([mcs.rate_mbps(mcs.max_mcs[gen], min(band_w[b], client.max_width_mhz), streams)
                                 for b in widths])
            air += demand[m].sum(axis=0) / (rate * c.mac_efficiency)
    devices = float(dev.max())
    air = float(air.max())
    air_bound = math.ceil(air / c.max_utilization - 1e-9) if air > 0 else 0
    cl_bound = math.ceil(devices / c.max_clients - 1e-9) if devices > 0 else 0
    return LowerBound(max(cov_total, air_bound, cl_bound, 1), cov_total, air_bound, cl_bound, air)


def _realtime_bound(ws: Workspace, c: Criteria, eirp_dbm: float) -> int:
    """⌈(covered points asked + real-time points asked) ÷ the most points one candidate hears at the
    real-time secondary level⌉ (see :func:`lower_bound`); 0 without that requirement."""
    if c.rt_secondary_dbm is None:
        return 0
    level = np.float32(eirp_dbm + ws.eirp_offset_db + ws.client_gain_dbi)
    per_cand = np.zeros(ws.M, dtype=np.int64)
    asked = 0.0
    rt_asked = 0.0
    for f in ws.floors:
        if not f.n:
            continue
        asked += max(c.coverage_target - f.coverage_slack, 0.0) * f.n
        if f.rt_zone is not None and (f.rt_zone >= 0).any():
            counts = np.bincount(f.rt_zone[f.rt_zone >= 0])
            rt_asked += float(np.maximum(c.rt_target - f.coverage_slack, 0.0) * counts.sum())
        rel = np.asarray(getattr(f, "rel", []), int)
        if len(rel):
            per_cand[rel] += ((level - f.loss[f.relpos[rel]]) >= np.float32(c.rt_secondary_dbm)).sum(axis=1)
    most = int(per_cand.max()) if len(per_cand) else 0
    if not most or rt_asked <= 0:
        return 0
    return math.ceil((asked + rt_asked) / most - 1e-9)
