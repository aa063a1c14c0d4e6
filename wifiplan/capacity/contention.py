"""Contention that counts clients: CCA threshold by width, loudest client heard, utilisation per radio."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wifiplan.rf.maps import CCA_20MHZ_DBM, cca_dbm

__all__ = [
    "CCA_20MHZ_DBM",
    "CLIENT_LEVEL_MARGIN_DB",
    "ClientLevels",
    "cca_threshold_dbm",
    "client_heard_dbm",
    "client_heard_levels_dbm",
    "client_levels",
    "contention_utilisation",
]

#: :func:`client_levels` keeps every level from which some client could reach the AP at
#: ≥ its CCA threshold minus this margin, dB (a numerical safety margin only: a level under
#: it leaves the client heard ≥ this far under CCA, so no comparison with CCA can change).
CLIENT_LEVEL_MARGIN_DB = 1.0

#: Rows (APs) per block in :func:`client_levels` (bounds its temporaries).
_LEVEL_BLOCK = 64

def cca_threshold_dbm(width_mhz: int | np.ndarray) -> np.ndarray:
    """CCA threshold of a channel of ``width_mhz``, dBm: −82 at 20 MHz, +3 dB per doubling.

    −82 / −79 / −76 / −73 dBm at 20 / 40 / 80 / 160 MHz (the minimum sensitivity of the
    widest PPDU scales with the noise bandwidth, IEEE 802.11 OBSS-PD rules, [S9], [S26]).

    >>> cca_threshold_dbm(np.array([20, 40, 80, 160])).tolist()
    [-82.0, -79.0, -76.0, -73.0]

    Raises
    ------
    ValueError
        If a width is not positive.
    """
    w = np.asarray(width_mhz, dtype=float)
    if np.any(~(w > 0)):
        raise ValueError(f"width_mhz must be > 0 (got {width_mhz})")
    return cca_dbm(w)


def _cell_args(n_ap: int, n: int, eirp_dbm, serving, n_cells, client_eirp_dbm, mask):
    """Checked arrays of the client-heard functions: (eirp, serving, cells, client EIRP per point,
    points kept: served and in ``mask``)."""
    eirp = np.asarray(eirp_dbm, dtype=float)
    srv = np.asarray(serving, dtype=int)
    if eirp.shape != (n_ap,) or srv.shape != (n,):
        raise ValueError(f"eirp_dbm must have shape ({n_ap},) and serving ({n},)")
    k = n_ap if n_cells is None else int(n_cells)
    if srv.size and srv.max(initial=-1) >= k:
        raise ValueError(f"serving names cell {srv.max()} but n_cells is {k}")
    client = np.broadcast_to(np.asarray(client_eirp_dbm, dtype=float), (n,))
    keep = srv >= 0
    if mask is not None:
        keep &= np.asarray(mask, dtype=bool)
    return eirp, srv, k, client, keep


def client_heard_dbm(
    rssi_dbm: np.ndarray,
    eirp_dbm: np.ndarray,
    serving: np.ndarray,
    client_eirp_dbm: float | np.ndarray,
    *,
    n_cells: int | None = None,
    mask: np.ndarray | None = None,
    rx_gain_dbi: float | np.ndarray = 0.0,
) -> np.ndarray:
    """Loudest client of each cell as heard at each AP, dBm, shape ``(n_ap, n_cells)``.

    ``out[i, j]`` = max over points p served by cell j of ``client_eirp[p] − PL_i(p)``,
    where ``PL_i(p) = eirp_dbm[i] − rssi_dbm[i, p]`` is the path loss from AP i to p
    (reciprocal: the downlink RSSI grid of AP i gives the uplink loss from p to AP i).
    With one client EIRP for every point this is "the loudest expected client at the point
    of cell j nearest in path loss to AP i". Cells with no (unmasked) point get −inf.

    Several floors: call once per floor (points of that floor, ``rssi_dbm`` rows = every
    AP) and combine the results with ``np.maximum``.

    Parameters
    ----------
    rssi_dbm : (n_ap, n) — RSSI of every AP at every point, dBm (−inf = not heard).
    eirp_dbm : (n_ap,) — EIRP of each AP in the RSSI grid, dBm.
    serving : (n,) int — serving cell (AP index) per point, −1 for none.
    client_eirp_dbm : float or (n,) — loudest expected client EIRP at each point, dBm
        (tx power + antenna gain of the loudest device of the point's client mix).
    n_cells : int, optional — number of cells (default ``n_ap``).
    mask : (n,) bool, optional — points that count (e.g. those with demand or coverage).
    rx_gain_dbi : float or (n_ap,), optional — AP i's antenna gain, added to what it
        receives (``eirp − rssi`` is the path loss *between antennas*, so the power at
        AP i's receiver is client EIRP − PL + its gain; 0 gives the bare definition).

    Raises
    ------
    ValueError
        If shapes disagree or ``serving`` names a cell ≥ ``n_cells``.

    >>> rssi = np.array([[-50., -60., -90.], [-95., -80., -55.]])
    >>> client_heard_dbm(rssi, np.array([20., 20.]), np.array([0, 0, 1]), 18.0).tolist()
    [[-52.0, -92.0], [-82.0, -57.0]]
    """
    rssi = np.asarray(rssi_dbm, dtype=float)
    if rssi.ndim != 2:
        raise ValueError(f"rssi_dbm must have shape (n_ap, n) (got {rssi.shape})")
    n_ap, n = rssi.shape
    eirp, srv, k, client, keep = _cell_args(n_ap, n, eirp_dbm, serving, n_cells, client_eirp_dbm, mask)
    out = np.full((n_ap, k), -np.inf)
    if not keep.any() or n_ap == 0:
        return out
    idx = np.flatnonzero(keep)
    order = idx[np.argsort(srv[idx], kind="stable")]
    cells = srv[order]
    gain = np.broadcast_to(np.asarray(rx_gain_dbi, dtype=float), (n_ap,))
    heard = rssi[:, order] - eirp[:, None] + client[order][None, :] + gain[:, None]  # (n_ap, m)
    starts = np.flatnonzero(np.r_[True, cells[1:] != cells[:-1]])
    out[:, cells[starts]] = np.maximum.reduceat(heard, starts, axis=1)
    return out


@dataclass(frozen=True)
class ClientLevels:
    """The levels of one floor and band that can make a client heard at CCA: sparse (AP, point, dBm).

    ``ap[e]``, ``point[e]``, ``rssi_dbm[e]``: entry e, AP row ``ap[e]`` of the (``n_ap``, ``n``)
    RSSI grid it came from, sorted by AP then point; the other levels are left out.
    """

    n_ap: int
    n: int
    ap: np.ndarray
    point: np.ndarray
    rssi_dbm: np.ndarray


def client_levels(
    rssi_dbm: np.ndarray,
    eirp_dbm: np.ndarray,
    *,
    loudest_client_eirp_dbm: float,
    cca_dbm: np.ndarray | float = CCA_20MHZ_DBM,
    rx_gain_dbi: float | np.ndarray = 0.0,
) -> ClientLevels:
    """The levels of ``rssi_dbm`` that :func:`client_heard_dbm` can turn into a client heard at CCA, sparse.

    Keeps ``rssi[i, p]`` where ``rssi[i, p] − eirp[i] + loudest + gain[i] ≥ cca[i] −``
    :data:`CLIENT_LEVEL_MARGIN_DB`: no client of EIRP ≤ ``loudest`` at a point dropped can be
    heard at AP i within the margin of its CCA threshold. :func:`client_heard_levels_dbm` on
    the result equals :func:`client_heard_dbm` on the grid wherever either is ≥ ``cca −
    margin`` (−inf or lower elsewhere), so :func:`contention_utilisation` gives the same
    result; the levels take 16 bytes each instead of the (n_ap, n) float64 grid.

    Parameters
    ----------
    rssi_dbm : (n_ap, n) — RSSI of every AP at every point, dBm (−inf = not heard).
    eirp_dbm : (n_ap,) — EIRP of each AP, dBm.
    loudest_client_eirp_dbm : float — the loudest client EIRP any point can have, dBm.
    cca_dbm : float or (n_ap,) — CCA threshold of each AP as a receiver, dBm.
    rx_gain_dbi : float or (n_ap,) — as in :func:`client_heard_dbm`.

    Raises
    ------
    ValueError
        If the shapes disagree.

    >>> lv = client_levels(np.array([[-50., -95., -np.inf]]), np.array([20.]), loudest_client_eirp_dbm=18.0)
    >>> lv.point.tolist(), lv.rssi_dbm.tolist()   # keep rssi >= -82 - 1 - 18 + 20 = -81 dBm
    ([0], [-50.0])
    """
    rssi = np.asarray(rssi_dbm)
    if rssi.ndim != 2:
        raise ValueError(f"rssi_dbm must have shape (n_ap, n) (got {rssi.shape})")
    n_ap, n = rssi.shape
    eirp = np.asarray(eirp_dbm, dtype=float)
    if eirp.shape != (n_ap,):
        raise ValueError(f"eirp_dbm must have shape ({n_ap},) (got {eirp.shape})")
    gain = np.broadcast_to(np.asarray(rx_gain_dbi, dtype=float), (n_ap,))
    cca = np.broadcast_to(np.asarray(cca_dbm, dtype=float), (n_ap,))
    floor_dbm = cca - CLIENT_LEVEL_MARGIN_DB - float(loudest_client_eirp_dbm) + eirp - gain   # (n_ap,)
    aps, points, levels = [], [], []
    for s in range(0, n_ap, _LEVEL_BLOCK):
        block = rssi[s:s + _LEVEL_BLOCK]
        r, p = np.nonzero(block >= floor_dbm[s:s + _LEVEL_BLOCK, None])
        aps.append((r + s).astype(np.int32))
        points.append(p.astype(np.int32))
        levels.append(np.asarray(block[r, p], dtype=float))
    cat = (lambda parts, dtype: np.concatenate(parts) if parts else np.zeros(0, dtype))
    return ClientLevels(n_ap, n, cat(aps, np.int32), cat(points, np.int32), cat(levels, float))


def client_heard_levels_dbm(
    levels: ClientLevels,
    eirp_dbm: np.ndarray,
    serving: np.ndarray,
    client_eirp_dbm: float | np.ndarray,
    *,
    n_cells: int | None = None,
    mask: np.ndarray | None = None,
    rx_gain_dbi: float | np.ndarray = 0.0,
) -> np.ndarray:
    """:func:`client_heard_dbm` from the sparse levels of :func:`client_levels`, shape ``(n_ap, n_cells)``.

    The same value (the same float operations in the same order) wherever the dense result
    is ≥ each AP's CCA threshold minus :data:`CLIENT_LEVEL_MARGIN_DB`, provided
    ``client_eirp_dbm`` ≤ the ``loudest_client_eirp_dbm`` the levels were kept for; lower or
    −inf elsewhere.

    Raises
    ------
    ValueError
        If shapes disagree or ``serving`` names a cell ≥ ``n_cells``.

    >>> rssi = np.array([[-50., -60., -90.], [-95., -80., -55.]])
    >>> lv = client_levels(rssi, np.array([20., 20.]), loudest_client_eirp_dbm=18.0)
    >>> client_heard_levels_dbm(lv, np.array([20., 20.]), np.array([0, 0, 1]), 18.0).tolist()
    [[-52.0, -inf], [-82.0, -57.0]]
    """
    n_ap, n = levels.n_ap, levels.n
    eirp, srv, k, client, keep = _cell_args(n_ap, n, eirp_dbm, serving, n_cells, client_eirp_dbm, mask)
    out = np.full((n_ap, k), -np.inf)
    sel = keep[levels.point]
    if n_ap == 0 or not sel.any():
        return out
    ap, point = levels.ap[sel].astype(np.intp), levels.point[sel]
    gain = np.broadcast_to(np.asarray(rx_gain_dbi, dtype=float), (n_ap,))
    heard = levels.rssi_dbm[sel] - eirp[ap] + client[point] + gain[ap]   # as client_heard_dbm, entry by entry
    flat = ap * k + srv[point]
    order = np.argsort(flat, kind="stable")
    flat = flat[order]
    starts = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
    out.reshape(-1)[flat[starts]] = np.maximum.reduceat(heard[order], starts)
    return out


def contention_utilisation(
    airtime_frac: np.ndarray,
    ap_heard_dbm: np.ndarray,
    client_heard_dbm: np.ndarray,
    overlap: np.ndarray,
    uplink_share: np.ndarray | float,
    *,
    cca_dbm: np.ndarray | float = CCA_20MHZ_DBM,
) -> np.ndarray:
    """Channel utilisation of each radio counting co-channel cells' APs *and* clients, 0..(n).

    ``u[i] = air[i] + Σ_j≠i overlap[i, j] · air[j] · w[i, j]`` with
    ``w = 1`` when AP i and AP j hear each other at ≥ CCA in either direction
    (``ap_heard[i, j] ≥ cca[i]`` or ``ap_heard[j, i] ≥ cca[j]``), else
    ``w = uplink_share[j]`` when the loudest client of cell j is heard at AP i at
    ≥ ``cca[i]`` (only j's uplink airtime reaches i), else ``w = 0``.

    Parameters
    ----------
    airtime_frac : (n,) — own airtime of each radio (down + up), fraction of time.
    ap_heard_dbm : (n, n) — ``[i, j]`` power AP i receives from AP j, dBm.
    client_heard_dbm : (n, n) — ``[i, j]`` loudest client of cell j at AP i, dBm
        (:func:`client_heard_dbm`).
    overlap : (n, n) bool — radios i and j share a 20 MHz sub-channel.
    uplink_share : float or (n,) — share of cell j's airtime its clients transmit.
    cca_dbm : float or (n,) — CCA threshold of each receiving radio (its channel width,
        :func:`cca_threshold_dbm`).

    Raises
    ------
    ValueError
        If shapes disagree or a share is outside 0..1.

    Notes
    -----
    Pure matrix algebra, O(n²) memory; the planner calls it in its inner loop.

    >>> air = np.array([0.2, 0.3, 0.1])
    >>> ap = np.array([[0, -70, -95], [-70, 0, -95], [-95, -95, 0.]])
    >>> cl = np.array([[0, -60, -80], [-60, 0, -90], [-85, -90, 0.]])
    >>> contention_utilisation(air, ap, cl, np.ones((3, 3), bool), 0.5).round(3).tolist()
    [0.55, 0.5, 0.1]
    """
    air = np.asarray(airtime_frac, dtype=float)
    n = air.shape[0] if air.ndim == 1 else -1
    if air.ndim != 1:
        raise ValueError(f"airtime_frac must have shape (n,) (got {air.shape})")
    ap = np.asarray(ap_heard_dbm, dtype=float)
    cl = np.asarray(client_heard_dbm, dtype=float)
    ov = np.asarray(overlap, dtype=bool)
    for name, arr in (("ap_heard_dbm", ap), ("client_heard_dbm", cl), ("overlap", ov)):
        if arr.shape != (n, n):
            raise ValueError(f"{name} must have shape ({n}, {n}) (got {arr.shape})")
    up = np.broadcast_to(np.asarray(uplink_share, dtype=float), (n,))
    if np.any((up < 0) | (up > 1)):
        raise ValueError("uplink_share must be within 0..1")
    cca = np.broadcast_to(np.asarray(cca_dbm, dtype=float), (n,))
    hears = ap >= cca[:, None]
    mutual = hears | hears.T
    clients = cl >= cca[:, None]
    weight = np.where(mutual, 1.0, np.where(clients, up[None, :], 0.0)) * ov
    np.fill_diagonal(weight, 1.0)
    return weight @ air
