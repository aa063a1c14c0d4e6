"""Capacity on every band: devices split over 6/5/2.4 GHz by client mix, airtime, associated clients, contention.

The evaluation of a plan made with the new model (or whose building asks for it): each
zone's devices use the highest band they support that covers the point; every radio's
airtime, utilisation (co-channel APs *and* clients counted, :mod:`capacity.contention`) and
associated clients are computed per band. Legacy plans keep :func:`evaluate.evaluate_plan`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from wifiplan.capacity.airtime import overlap_matrix
from wifiplan.capacity.contention import (
    ClientLevels,
    cca_threshold_dbm,
    client_heard_levels_dbm,
    client_levels,
    contention_utilisation,
)
from wifiplan.capacity.demand import demand_points
from wifiplan.capacity.evaluate import CapacityEvaluation, FloorFigures, ap_hearing_dbm, point_rate_mbps
from wifiplan.model.building import Building, Requirements
from wifiplan.model.plan import AccessPoint, Settings
from wifiplan.model.resolve import resolve_profile

if TYPE_CHECKING:
    from wifiplan.rf.maps import Maps

__all__ = ["BAND_ORDER", "BandMaps", "BandSplit", "band_maps", "band_split", "evaluate_bands"]

#: Bands from the most preferred (a device uses the highest band it supports that covers it).
BAND_ORDER: tuple[str, ...] = ("6", "5", "2.4")


@dataclass(frozen=True)
class BandSplit:
    """Which band each device type uses at each point of one floor.

    ``share[p, d]``: share of point p's devices that are of type ``clients[d]``;
    ``band[p, d]``: index into :data:`BAND_ORDER` of the band they use, −1 = none served.
    """

    clients: tuple[str, ...]
    share: np.ndarray
    band: np.ndarray

    def fraction(self, band: str) -> np.ndarray:
        """Share of each point's devices on ``band``, shape (n,)."""
        b = BAND_ORDER.index(band)
        return (self.share * (self.band == b)).sum(axis=1)


@dataclass(frozen=True)
class BandMaps:
    """What :func:`evaluate_bands` reads of one floor's coverage maps on one band (:func:`band_maps`).

    ``grid``, ``best_rssi_dbm`` and ``serving`` as in :class:`~wifiplan.rf.maps.Maps`;
    ``levels``: the levels a client can make count at an AP's CCA threshold, sparse
    (:func:`~wifiplan.capacity.contention.client_levels`; None when the band has no AP or the
    building no client), instead of the (APs × points) float64 grid.
    """

    grid: object
    best_rssi_dbm: np.ndarray
    serving: np.ndarray
    levels: ClientLevels | None


def _loudest_client_eirp_dbm(building: Building, names: list[str]) -> float:
    from wifiplan.library import load_library

    presets = load_library().client_presets
    return max((presets[c].tx_power_dbm + presets[c].antenna_gain_dbi for c in names), default=-np.inf)


def _reduce(maps: Maps, eirp: np.ndarray, widths: np.ndarray, rx_gain_dbi: np.ndarray, loudest: float) -> BandMaps:
    levels = None
    if len(eirp) and np.isfinite(loudest):
        levels = client_levels(maps.rssi_dbm, eirp, loudest_client_eirp_dbm=loudest,
                               cca_dbm=cca_threshold_dbm(widths), rx_gain_dbi=rx_gain_dbi)
    return BandMaps(maps.grid, maps.best_rssi_dbm, maps.serving, levels)


def band_maps(building: Building, settings: Settings, aps: list[AccessPoint], maps: Maps) -> BandMaps:
    """The part of ``maps`` (of ``aps`` on one floor and band) that :func:`evaluate_bands` reads.

    A cache of coverage maps for :func:`evaluate_bands` (its ``maps_of``) can keep these
    instead: the same evaluation bit for bit, without the (APs × points) float64 grid
    (60 MB per floor and band for 940 APs on 8,000 points).
    """
    from wifiplan.rf.engine import antenna_gain_dbi, band_aps, eirp_dbm

    bap = band_aps(aps, maps.band)
    eirp = np.array([eirp_dbm(building, settings, a, maps.band) for a in bap])
    gain = np.array([antenna_gain_dbi(building, settings, a, maps.band) for a in bap])
    widths = np.array([a.radios[maps.band].width_mhz for a in bap], dtype=int)
    loudest = _loudest_client_eirp_dbm(building, _mix_names(building))
    return _reduce(maps, eirp, widths, gain - settings.client_antenna_gain_dbi, loudest)


def band_split(
    mix_per_point: np.ndarray,
    clients: tuple[str, ...],
    client_bands: dict[str, list[str]],
    covered: dict[str, np.ndarray],
    served: dict[str, np.ndarray],
) -> BandSplit:
    """Band of each device type at each point: the highest band it supports that covers the point.

    Parameters
    ----------
    mix_per_point : (n, m) — share of each point's devices per type ``clients``.
    client_bands : bands each client type supports.
    covered : band → (n,) bool — the band's best AP meets the coverage level there.
    served : band → (n,) bool — some AP serves the band there at all (fallback when no
        supported band covers the point: the highest served one).

    >>> s = band_split(np.array([[0.5, 0.5]]), ("laptop", "tablet"),
    ...                {"laptop": ["2.4", "5", "6"], "tablet": ["2.4", "5"]},
    ...                {"6": np.array([True]), "5": np.array([True]), "2.4": np.array([True])},
    ...                {"6": np.array([True]), "5": np.array([True]), "2.4": np.array([True])})
    >>> s.fraction("6").tolist(), s.fraction("5").tolist()
    ([0.5], [0.5])
    """
    share = np.asarray(mix_per_point, dtype=float)
    n, m = share.shape
    band = np.full((n, m), -1, dtype=int)
    for d, name in enumerate(clients):
        supported = [b for b in BAND_ORDER if b in client_bands[name]]
        for table in (served, covered):  # covered last: it wins over the plain fallback
            for b in reversed(supported):
                ok = np.asarray(table.get(b, np.zeros(n, bool)), bool)
                band[ok, d] = BAND_ORDER.index(b)
    return BandSplit(tuple(clients), share, band)


def _zone_table(building: Building, floor: str, names: list[str]):
    """Per zone of ``floor``: mix over ``names``, uplink share, and the loudest client EIRP."""
    from wifiplan.library import load_library

    presets = load_library().client_presets
    zones = building.floor(floor).zones
    mixes = np.zeros((len(zones), len(names)))
    uplink = np.zeros(len(zones))
    for k, zone in enumerate(zones):
        profile = resolve_profile(building, zone.use)
        for client, share in profile.mix(building.ap.client).items():
            mixes[k, names.index(client)] += share
        uplink[k] = profile.uplink_share
    eirp = np.array([presets[c].tx_power_dbm + presets[c].antenna_gain_dbi for c in names])
    return mixes, uplink, eirp


def _mix_names(building: Building) -> list[str]:
    names: set[str] = set()
    for floor in building.floors:
        for zone in floor.zones:
            names |= set(resolve_profile(building, zone.use).mix(building.ap.client))
    return sorted(names)


def evaluate_bands(
    building: Building,
    settings: Settings,
    aps: list[AccessPoint],
    *,
    requirements: Requirements | None = None,
    growth: float | None = None,
    maps_of: Callable[[str, str], Maps] | None = None,
    bands: tuple[str, ...] | None = None,
) -> dict[str, CapacityEvaluation]:
    """Airtime, utilisation with clients counted, active and associated clients per radio, per band.

    Each zone's devices split by its profile's client mix; a device type uses the highest
    band it supports whose best AP meets ``min_rssi_dbm`` at the point (else the highest
    band served there). Per band: airtime per radio = Σ demand ÷ (PHY rate of that client
    type × MAC efficiency); utilisation = :func:`contention_utilisation` (co-channel APs
    heard at ≥ CCA of the receiving width count whole, cells whose loudest client is heard
    count their uplink share; clients are not counted when
    ``requirements.client_contention`` is false); associated clients = devices present ×
    ``association_share`` on the points the radio serves.

    ``maps_of(floor, band)`` returns cached coverage maps (every AP of the plan), as
    :class:`~wifiplan.rf.maps.Maps` or reduced to :class:`BandMaps` (:func:`band_maps`); ``bands``
    defaults to every band some AP serves. Returns band → :class:`CapacityEvaluation` with
    ``associated`` and ``uplink_share`` set.

    Raises
    ------
    InputError
        If an AP names an unknown floor.
    """
    from wifiplan.library import load_library
    from wifiplan.rf.engine import _preset, antenna_gain_dbi, band_aps, eirp_dbm
    from wifiplan.rf.grid import floor_grid
    from wifiplan.rf.maps import coverage_maps

    req = requirements or building.requirements
    lib = load_library()
    mac = lib.mcs.mac_efficiency
    if bands is None:
        bands = tuple(b for b in BAND_ORDER if band_aps(aps, b))
    names = _mix_names(building)
    client_bands = {c: list(lib.client_presets[c].bands) for c in names}
    grids: dict[str, object] = {}

    def maps(floor: str, band: str):
        if maps_of is not None:
            return maps_of(floor, band)
        if floor not in grids:
            grids[floor] = floor_grid(building, floor, settings.grid_m)
        return coverage_maps(building, settings, aps, floor, band, grid=grids[floor])

    state = {}
    for b in bands:
        bap = band_aps(aps, b)
        caps = []
        for a in bap:
            p = _preset(building, settings, a)
            caps.append((int(building.ap.streams or (p.streams if p else 2)), p.generation if p else "wifi6"))
        state[b] = dict(
            aps=bap, caps=caps, n=len(bap), widths=np.array([a.radios[b].width_mhz for a in bap], dtype=int),
            eirp=np.array([eirp_dbm(building, settings, a, b) for a in bap]),
            gain=np.array([antenna_gain_dbi(building, settings, a, b) for a in bap]),
            air=np.zeros(len(bap)), clients=np.zeros(len(bap)), demand=np.zeros(len(bap)),
            assoc=np.zeros(len(bap)), up_air=np.zeros(len(bap)),
            heard=np.full((len(bap), len(bap)), -np.inf), rows=[],
        )
    floor_list = sorted(building.floors, key=lambda f: (f.elevation_m, building.floor_index(f.name)))
    counts_clients = req.client_contention is not False
    loudest = _loudest_client_eirp_dbm(building, names)
    for floor in floor_list:
        mixes, uplink_zone, client_eirp = _zone_table(building, floor.name, names)
        # per band only what the figures read (BandMaps): the best level, the serving AP and
        # the levels a client can make count at CCA (sparse); the (APs × points) float64 grid
        # of one band is let go before the next band's is made (a mall floor: 0.44 GB per band)
        per_band: dict[str, BandMaps] = {}
        for b in bands:
            m = maps(floor.name, b)
            if not isinstance(m, BandMaps):
                st = state[b]
                m = _reduce(m, st["eirp"], st["widths"], st["gain"] - settings.client_antenna_gain_dbi, loudest)
            per_band[b] = m
            del m
        grid = next(iter(per_band.values())).grid if per_band else floor_grid(building, floor.name, settings.grid_m)
        dem = demand_points(building, floor.name, grid.xy, growth=growth)
        n = len(grid.xy)
        zone = dem.demand_zone if dem.demand_zone is not None else dem.zone
        has_zone = zone >= 0
        mix = np.zeros((n, len(names)))
        mix[has_zone] = mixes[zone[has_zone]]
        up_point = np.where(has_zone, uplink_zone[np.maximum(zone, 0)] if len(uplink_zone) else 0.0, 0.0)
        covered = {b: np.nan_to_num(m.best_rssi_dbm, nan=-np.inf) >= req.min_rssi_dbm for b, m in per_band.items()}
        served = {b: np.asarray(m.serving) >= 0 for b, m in per_band.items()}
        split = band_split(mix, tuple(names), client_bands, covered, served)
        present = dem.present if dem.present is not None else dem.devices
        for b, m in per_band.items():
            st = state[b]
            k = st["n"]
            serving = np.asarray(m.serving, dtype=int)
            srv = np.maximum(serving, 0)
            best = np.asarray(m.best_rssi_dbm, dtype=float)
            on_band = split.band == BAND_ORDER.index(b)         # (n, m)
            frac = (split.share * on_band).sum(axis=1)
            unserved = 0.0
            for d, cname in enumerate(names):
                w = split.share[:, d] * on_band[:, d]
                if not np.any(w > 0):
                    continue
                rate = np.zeros(n)
                for combo in sorted(set(st["caps"])):
                    same = np.array([c == combo for c in st["caps"]], dtype=bool)
                    sel = (w > 0) & (serving >= 0) & same[srv] if k else np.zeros(n, bool)
                    if sel.any():
                        width = st["widths"][srv[sel]]
                        rate[sel] = point_rate_mbps(settings, b, best[sel], width, cname, combo[0], combo[1])
                ok = (serving >= 0) & (rate > 0) & (w > 0)
                demand = dem.total_mbps * w
                air_p = np.zeros(n)
                air_p[ok] = demand[ok] / (rate[ok] * mac)
                st["air"] += np.bincount(srv[ok], weights=air_p[ok], minlength=k)[:k]
                st["up_air"] += np.bincount(srv[ok], weights=air_p[ok] * up_point[ok], minlength=k)[:k]
                st["clients"] += np.bincount(srv[ok], weights=dem.devices[ok] * w[ok], minlength=k)[:k]
                st["demand"] += np.bincount(srv[ok], weights=demand[ok], minlength=k)[:k]
                unserved += float(demand[~ok & (w > 0)].sum())
            assoc = (serving >= 0) & (frac > 0)
            st["assoc"] += np.bincount(srv[assoc], weights=present[assoc] * frac[assoc] * req.association_share,
                                       minlength=k)[:k]
            if k and counts_clients and m.levels is not None:
                eirp_p = np.where(on_band, client_eirp[None, :], -np.inf).max(axis=1) if names else np.full(n, -np.inf)
                st["heard"] = np.maximum(st["heard"], client_heard_levels_dbm(
                    m.levels, st["eirp"], serving, np.where(np.isfinite(eirp_p), eirp_p, -np.inf),
                    mask=frac > 0, rx_gain_dbi=st["gain"] - settings.client_antenna_gain_dbi))
            st["rows"].append((floor.name, n, float(dem.down_mbps.sum()), float(dem.up_mbps.sum()),
                               float(dem.devices.sum()), unserved))
    out: dict[str, CapacityEvaluation] = {}
    for b in bands:
        st = state[b]
        k = st["n"]
        hear = ap_hearing_dbm(building, settings, aps, b)
        if k:
            chans = [(a.radios[b].channel, a.radios[b].width_mhz) for a in st["aps"]]
            up_share = np.divide(st["up_air"], st["air"], out=np.zeros(k), where=st["air"] > 0)
            client_heard = st["heard"] if req.client_contention is not False else np.full((k, k), -np.inf)
            util = contention_utilisation(st["air"], hear, client_heard, overlap_matrix(b, chans), up_share,
                                          cca_dbm=cca_threshold_dbm(st["widths"]))
        else:
            up_share, util = np.zeros(0), np.zeros(0)
        floors = []
        for name, npts, down, up, dev, uns in st["rows"]:
            mine = np.array([a.floor == name for a in st["aps"]], dtype=bool)
            floors.append(FloorFigures(
                floor=name, points=npts, coverage=float("nan"), secondary=None, demand_down_mbps=down,
                demand_up_mbps=up, active_devices=dev, unserved_mbps=uns, aps=int(mine.sum()),
                worst_utilization=float(util[mine].max()) if mine.any() else 0.0,
                max_clients_per_radio=float(st["clients"][mine].max()) if mine.any() else 0.0,
            ))
        out[b] = CapacityEvaluation(b, [a.name for a in st["aps"]], st["air"], st["clients"], st["demand"], util,
                                    hear, floors, associated=st["assoc"], uplink_share=up_share)
    return out
