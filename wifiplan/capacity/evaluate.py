"""Re-evaluate an AP list from scratch: coverage, association, airtime, utilisation, clients per radio.

This is the independent evaluation of a plan (by ``check`` and the tests): it trusts no
number stored in the plan, only the building, the settings and the APs with their radios.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from wifiplan.capacity.airtime import CCA_THRESHOLD_DBM, ap_airtime, channel_utilisation, overlap_matrix
from wifiplan.capacity.demand import demand_points
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Settings

if TYPE_CHECKING:
    from wifiplan.rf.maps import Maps

__all__ = ["FloorFigures", "CapacityEvaluation", "evaluate_plan", "ap_hearing_dbm", "point_rate_mbps"]


@dataclass
class FloorFigures:
    """Per-floor figures of an evaluation (fractions 0..1, Mbit/s, counts)."""

    floor: str
    points: int
    coverage: float
    secondary: float | None
    demand_down_mbps: float
    demand_up_mbps: float
    active_devices: float
    unserved_mbps: float
    aps: int
    worst_utilization: float
    max_clients_per_radio: float


@dataclass
class CapacityEvaluation:
    """Everything ``evaluate_plan`` computes. Per-AP arrays follow ``ap_names`` (band APs, plan order)."""

    band: str
    ap_names: list[str]
    airtime: np.ndarray
    clients: np.ndarray
    demand_mbps: np.ndarray
    utilization: np.ndarray
    hear_dbm: np.ndarray
    floors: list[FloorFigures] = field(default_factory=list)
    #: associated clients per radio (``capacity.bands.evaluate_bands``; None from ``evaluate_plan``)
    associated: np.ndarray | None = None
    #: share of each radio's airtime its clients transmit (``evaluate_bands`` only)
    uplink_share: np.ndarray | None = None

    def floor(self, name: str) -> FloorFigures:
        return next(f for f in self.floors if f.floor == name)


def _client(name: str):
    from wifiplan.library import load_library

    return load_library().client_presets[name]


def point_rate_mbps(settings: Settings, band: str, best_rssi_dbm: np.ndarray, width_mhz: np.ndarray,
                    client: str, ap_streams: int, ap_generation: str) -> np.ndarray:
    """PHY rate per point for one client type: SNR at min(AP width, client width), min streams/generation."""
    from wifiplan.library import load_library
    from wifiplan.rf.noise import noise_floor_dbm
    from wifiplan.rf.rate import phy_rate_mbps

    c = _client(client)
    gens = load_library().mcs.max_mcs
    gen = c.generation if gens[c.generation] <= gens[ap_generation] else ap_generation
    streams = min(int(c.streams), int(ap_streams))
    out = np.zeros(len(best_rssi_dbm))
    width = np.minimum(np.asarray(width_mhz, dtype=int), int(c.max_width_mhz))
    for w in np.unique(width):
        m = width == w
        snr = best_rssi_dbm[m] - noise_floor_dbm(settings, band, int(w))
        out[m] = phy_rate_mbps(snr, int(w), streams, gen)
    return out


def ap_hearing_dbm(building: Building, settings: Settings, aps: list[AccessPoint], band: str) -> np.ndarray:
    """``h[i, j]``: power AP i receives from AP j on ``band``, dBm (−inf on the diagonal).

    EIRP of j (tx + antenna gain + calibration offset) − path loss from j's mount point to
    i's position (at the receiver height of i's floor: the engine's receiver) + i's antenna
    gain; each at j's channel centre frequency. Rows/columns follow ``band_aps(aps, band)``.
    """
    from wifiplan.rf.channels import centre_mhz
    from wifiplan.rf.engine import antenna_gain_dbi, ap_height_m, band_aps, eirp_dbm, path_loss_db

    bap = band_aps(aps, band)
    n = len(bap)
    h = np.full((n, n), -np.inf)
    if n == 0:
        return h
    eirp = np.array([eirp_dbm(building, settings, a, band) for a in bap])
    gain = np.array([antenna_gain_dbi(building, settings, a, band) for a in bap])
    freq = np.array([centre_mhz(band, a.radios[band].channel, a.radios[band].width_mhz) for a in bap])
    height = np.array([ap_height_m(building, a) for a in bap])
    xy = np.array([a.at for a in bap], dtype=float)
    floors = sorted({a.floor for a in bap})
    idx = {f: np.array([i for i, a in enumerate(bap) if a.floor == f]) for f in floors}
    for tf in floors:
        t = idx[tf]
        for rf in floors:
            r = idx[rf]
            pl = path_loss_db(building, settings, tx_floor=tf, tx_xy=xy[t], tx_height_m=height[t], rx_floor=rf,
                              rx_xy=xy[r], band=band, freq_mhz=freq[t])
            h[np.ix_(r, t)] = eirp[t][None, :] - pl.T + gain[r][:, None]
    np.fill_diagonal(h, -np.inf)
    return h


def evaluate_plan(
    building: Building,
    settings: Settings,
    aps: list[AccessPoint],
    *,
    band: str | None = None,
    growth: float | None = None,
    threshold_dbm: float = CCA_THRESHOLD_DBM,
    maps_of: Callable[[str], Maps] | None = None,
) -> CapacityEvaluation:
    """Coverage, demand, association, airtime, utilisation and clients per radio of an AP list.

    Coverage per floor is the share of grid points (``rf.maps.coverage_maps``) where the best
    AP on ``band`` meets ``min_rssi_dbm`` and ``min_snr_db`` (and the second-best meets
    ``secondary_rssi_dbm`` for the secondary share). Each demand point associates with its
    strongest AP; its airtime is demand ÷ (PHY rate × MAC efficiency); an AP's utilisation is
    its airtime plus that of every AP on an overlapping channel it hears at or above
    ``threshold_dbm`` (−82 dBm). ``maps_of(floor)``, when given, returns the coverage maps
    of these APs on that floor and band (e.g. a cache shared with other checks), so they are
    not computed twice.

    Raises
    ------
    InputError
        If an AP names an unknown floor.
    """
    from wifiplan.library import load_library
    from wifiplan.rf.engine import _preset, band_aps
    from wifiplan.rf.grid import floor_grid
    from wifiplan.rf.maps import coverage_maps

    req = building.requirements
    key = band or req.band
    bap = band_aps(aps, key)
    n_ap = len(bap)
    mac = load_library().mcs.mac_efficiency
    airtime = np.zeros(n_ap)
    clients = np.zeros(n_ap)
    demand = np.zeros(n_ap)
    widths = np.array([a.radios[key].width_mhz for a in bap], dtype=int)
    streams, gens = [], []
    for a in bap:
        p = _preset(building, settings, a)
        streams.append(int(building.ap.streams or (p.streams if p else 2)))
        gens.append(p.generation if p else "wifi6")
    floor_rows = []
    for floor in sorted(building.floors, key=lambda f: (f.elevation_m, building.floor_index(f.name))):
        if maps_of is not None:  # the caller's (cached) maps of these APs on ``key``
            maps = maps_of(floor.name)
            grid = maps.grid
        else:
            grid = floor_grid(building, floor.name, settings.grid_m)
            maps = coverage_maps(building, settings, aps, floor.name, key, grid=grid)
        best = np.asarray(maps.best_rssi_dbm, dtype=float)
        second = np.asarray(maps.second_rssi_dbm, dtype=float)
        snr = np.asarray(maps.snr_db, dtype=float)
        serving = np.asarray(maps.serving, dtype=int)
        npts = len(best)
        ok = (best >= req.min_rssi_dbm) & (snr >= req.min_snr_db)
        cov = float(ok.mean()) if npts else 1.0
        sec = None
        if req.secondary_rssi_dbm is not None:
            sec = float((second >= req.secondary_rssi_dbm).mean()) if npts else 1.0
        dem = demand_points(building, floor.name, grid.xy, growth=growth)
        rate = np.zeros(npts)
        w_point = np.where(serving >= 0, widths[np.maximum(serving, 0)] if n_ap else 20, 20)
        for ci, cname in enumerate(dem.clients):
            for s_i in sorted(set(zip(streams, gens, strict=True))):
                m = (dem.client == ci)
                if n_ap:
                    same = np.array([(streams[k], gens[k]) == s_i for k in range(n_ap)])
                    m = m & (serving >= 0) & same[np.maximum(serving, 0)]
                if m.any():
                    rate[m] = point_rate_mbps(settings, key, best[m], w_point[m], cname, s_i[0], s_i[1])
        a, c, d, u = ap_airtime(serving, rate, dem.total_mbps, dem.devices, n_ap, mac_efficiency=mac)
        airtime += a
        clients += c
        demand += d
        floor_rows.append((floor.name, npts, cov, sec, float(dem.down_mbps.sum()), float(dem.up_mbps.sum()),
                           float(dem.devices.sum()), u))
        del maps   # let this floor's (APs × points) levels go before the next floor's are made
    hear = ap_hearing_dbm(building, settings, aps, key)
    chans = [(a.radios[key].channel, a.radios[key].width_mhz) for a in bap]
    util = channel_utilisation(airtime, hear, overlap_matrix(key, chans), threshold_dbm=threshold_dbm) if n_ap else np.zeros(0)
    floors = []
    for name, npts, cov, sec, down, up, dev, u in floor_rows:
        mine = np.array([a.floor == name for a in bap], dtype=bool)
        floors.append(FloorFigures(
            floor=name, points=npts, coverage=cov, secondary=sec, demand_down_mbps=down, demand_up_mbps=up,
            active_devices=dev, unserved_mbps=u, aps=int(mine.sum()),
            worst_utilization=float(util[mine].max()) if mine.any() else 0.0,
            max_clients_per_radio=float(clients[mine].max()) if mine.any() else 0.0,
        ))
    return CapacityEvaluation(key, [a.name for a in bap], airtime, clients, demand, util, hear, floors)
