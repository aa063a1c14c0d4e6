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


def lower_bound(ws: Workspace, c: Criteria, *, eirp_dbm: float) -> LowerBound:
    """The lower bound for a design of EIRP ``eirp_dbm`` and the criteria's channel width.

    Notes
    -----
    The coverage bound assumes each floor is covered by APs on that floor (an AP on
    another floor covers less through the slab than the best one on the floor). The
    airtime bound gives every client the highest MCS its radio and the AP share, i.e. no
    co-channel sharing and best-case rates: any real layout needs at least as many radios.
    """
    cov_total = 0
    for f in ws.floors:
        if not f.n:
            continue
        lo, hi = f.cand_start, f.cand_start + len(f.cand_xy)
        rows = f.relpos[np.arange(lo, hi)]
        rows = rows[rows >= 0]
        if not len(rows):
            continue
        r = np.float32(eirp_dbm + ws.eirp_offset_db + ws.client_gain_dbi) - f.loss[rows]
        best = int((r >= np.float32(c.rssi_dbm)).sum(axis=1).max())
        if best == 0:
            continue
        cov_total += math.ceil(c.coverage_target * f.n / best - 1e-9)
    mcs = load_library().mcs
    air = 0.0
    devices = 0.0
    for f in ws.floors:
        devices += float(f.devices.sum())
        for ci, client in enumerate(ws.clients):
            m = f.client == ci
            if not m.any():
                continue
            gen = generation_of(client.generation, ws.spec.generation)
            w = min(c.width_mhz, client.max_width_mhz)
            rate = mcs.rate_mbps(mcs.max_mcs[gen], w, min(client.streams, ws.spec.streams))
            air += float(f.total_mbps[m].sum()) / (rate * c.mac_efficiency)
    air_bound = math.ceil(air / c.max_utilization - 1e-9) if air > 0 else 0
    cl_bound = math.ceil(devices / c.max_clients - 1e-9) if devices > 0 else 0
    return LowerBound(max(cov_total, air_bound, cl_bound, 1), cov_total, air_bound, cl_bound, air)
