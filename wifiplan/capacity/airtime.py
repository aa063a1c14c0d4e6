"""Airtime per AP from served demand and PHY rate; channel utilisation over the hearing graph."""

from __future__ import annotations

import numpy as np

from wifiplan.rf.channels import channel_span_mhz

__all__ = [
    "CCA_THRESHOLD_DBM",
    "ap_airtime",
    "overlap_matrix",
    "channel_utilisation",
]

#: Two APs on overlapping channels share the medium when one hears the other at or above
#: this level: −82 dBm, the OBSS-PD / CCA reference = MCS0 20 MHz sensitivity ([S9], [S26]).
CCA_THRESHOLD_DBM = -82.0


def ap_airtime(
    serving: np.ndarray,
    rate_mbps: np.ndarray,
    demand_mbps: np.ndarray,
    devices: np.ndarray,
    n_aps: int,
    *,
    mac_efficiency: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Airtime fraction, active clients and demand per AP from the points each serves.

    A point's airtime is ``demand ÷ (PHY rate × MAC efficiency)`` ([S38]); an AP's
    airtime is the sum over the points it serves (clients associate with the strongest AP).

    Parameters
    ----------
    serving : (n,) int — serving AP index per point, -1 for none.
    rate_mbps : (n,) — PHY rate at the point, Mbit/s (0 when below MCS 0).
    demand_mbps : (n,) — down + up demand carried by the point, Mbit/s.
    devices : (n,) — active devices at the point.

    Returns
    -------
    airtime_frac (n_aps,), clients (n_aps,), demand_mbps (n_aps,), unserved_mbps (float):
    demand at points with no AP or no usable rate. Devices at points below MCS 0 cannot
    associate and are not counted as clients.

    >>> a, c, d, u = ap_airtime(np.array([0, 0, 1, -1]), np.array([100., 50., 100., 0.]),
    ...                         np.array([10., 10., 20., 5.]), np.ones(4), 2, mac_efficiency=0.5)
    >>> a.round(2).tolist(), c.tolist(), u
    ([0.6, 0.4], [2.0, 1.0], 5.0)
    """
    if not 0 < mac_efficiency <= 1:
        raise ValueError(f"mac_efficiency must be in (0, 1] (got {mac_efficiency})")
    serving = np.asarray(serving, dtype=int)
    rate = np.asarray(rate_mbps, dtype=float)
    demand = np.asarray(demand_mbps, dtype=float)
    ok = (serving >= 0) & (rate > 0)
    per_point = np.zeros_like(demand)
    per_point[ok] = demand[ok] / (rate[ok] * mac_efficiency)
    idx = np.where(serving >= 0, serving, 0)
    airtime = np.bincount(idx[ok], weights=per_point[ok], minlength=n_aps)[:n_aps]
    clients = np.bincount(idx[ok], weights=np.asarray(devices, float)[ok], minlength=n_aps)[:n_aps]
    dem = np.bincount(idx[ok], weights=demand[ok], minlength=n_aps)[:n_aps]
    unserved = float(demand[~ok].sum())
    return airtime, clients, dem, unserved


def overlap_matrix(band: str, channels: list[tuple[int, int]]) -> np.ndarray:
    """Boolean matrix ``(n, n)``: radio i and j are on overlapping channels ``(number, width_mhz)``.

    Overlap = occupied bands intersect (:func:`wifiplan.rf.channels.channels_overlap`).

    >>> overlap_matrix("5", [(36, 20), (42, 80), (52, 20)]).astype(int).tolist()
    [[1, 1, 0], [1, 1, 0], [0, 0, 1]]
    """
    edges = np.array([channel_span_mhz(band, c, w) for c, w in channels], dtype=float).reshape(-1, 2)
    lo = np.maximum(edges[:, None, 0], edges[None, :, 0])
    hi = np.minimum(edges[:, None, 1], edges[None, :, 1])
    return (hi - lo) > 1e-6


def channel_utilisation(
    airtime_frac: np.ndarray,
    hear_dbm: np.ndarray,
    overlap: np.ndarray,
    *,
    threshold_dbm: float = CCA_THRESHOLD_DBM,
) -> np.ndarray:
    """Channel utilisation seen by each AP: its own airtime plus that of every AP it hears.

    ``hear_dbm[i, j]`` is the power AP i receives from AP j, dBm. AP i counts j's airtime
    when they are on overlapping channels and ``hear_dbm[i, j] >= threshold_dbm``: it
    defers to j (carrier sense), so j's transmissions occupy i's channel too.

    >>> air = np.array([0.2, 0.3, 0.1])
    >>> hear = np.array([[0, -70, -90], [-70, 0, -60], [-90, -60, 0.]])
    >>> channel_utilisation(air, hear, np.ones((3, 3), bool)).round(2).tolist()
    [0.5, 0.6, 0.4]
    """
    air = np.asarray(airtime_frac, dtype=float)
    n = air.size
    hear = np.asarray(hear_dbm, dtype=float)
    if hear.shape != (n, n) or np.asarray(overlap).shape != (n, n):
        raise ValueError(f"hear_dbm and overlap must have shape ({n}, {n})")
    shares = (hear >= threshold_dbm) & np.asarray(overlap, bool)
    np.fill_diagonal(shares, True)
    return shares.astype(float) @ air
