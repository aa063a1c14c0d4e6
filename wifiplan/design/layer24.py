"""The 2.4 GHz layer: switch surplus 2.4 GHz radios off until few co-channel APs are heard anywhere."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wifiplan.design.channels import assign_channels
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Settings

__all__ = ["MAX_CO_CHANNEL_24", "CO_CHANNEL_PERCENTILE", "CCA_24_DBM", "FALLBACK_24_MARGIN_DB", "Layer24", "co_channel_heard",
           "legacy_points", "thin_24_layer"]

#: At most this many APs (the serving one included) on the serving channel heard at or
#: above CCA at a location on 2.4 GHz: three non-overlapping channels (1/6/11) cannot do
#: better in a dense building (the Hamina/Ekahau "channel overlap" view; an estimate of
#: practice).
MAX_CO_CHANNEL_24 = 3

#: Share of a floor's coverage area where the limit must hold (shared definition 5).
CO_CHANNEL_PERCENTILE = 0.95

#: 20 MHz preamble-detect (CCA) level, dBm (IEEE 802.11 minimum sensitivity, [S9], [S26]).
CCA_24_DBM = -82.0

#: Where no 2.4-only device is expected, 2.4 GHz is a fallback: it must still reach this
#: much under the design level (−67 → −75 dBm, the usual secondary/roaming level) on
#: the coverage target. Estimate.
FALLBACK_24_MARGIN_DB = 8.0


@dataclass
class Layer24:
    """Which 2.4 GHz radios stay on, their channel index, and what the layer achieves per floor."""

    enabled: np.ndarray            # (n,) bool, in the order of the APs given
    colour: np.ndarray             # (n,) channel index (meaningful where enabled)
    share_ok: dict[str, float]     # floor -> share of coverage area with ≤ max co-channel APs heard
    coverage: dict[str, float]     # floor -> share of coverage area at ≥ the 2.4 GHz threshold
    reasons: dict[int, str]        # AP index -> why its radio is off


def co_channel_heard(rssi_dbm: np.ndarray, colour: np.ndarray, cca_dbm: float = CCA_24_DBM) -> np.ndarray:
    """Co-channel APs heard per point: APs (serving one included) on the serving AP's channel at ≥ CCA.

    ``rssi_dbm``: (k, n) signal of each AP at each point; ``colour``: (k,) channel index per
    AP (same index = same channel). Points no AP reaches get 0.

    >>> r = np.array([[-50., -90.], [-80., -60.], [-81., -85.]])
    >>> co_channel_heard(r, np.array([0, 1, 0])).tolist()
    [2, 1]
    """
    r = np.asarray(rssi_dbm, dtype=float)
    if r.shape[0] == 0 or r.shape[1] == 0:
        return np.zeros(r.shape[1], dtype=int)
    serving = np.argmax(r, axis=0)
    served = np.isfinite(r[serving, np.arange(r.shape[1])])
    same = np.asarray(colour)[:, None] == np.asarray(colour)[serving][None, :]
    count = np.count_nonzero(same & (r >= cca_dbm), axis=0)
    count = np.maximum(count, 1)
    return np.where(served, count, 0)


def legacy_points(building: Building, floor, xy: np.ndarray) -> np.ndarray:
    """Points (first zone wins, file order) of zones whose client mix has a device without 5 GHz."""
    import shapely

    from wifiplan.library import load_library
    from wifiplan.model.geometry import polygon
    from wifiplan.model.resolve import resolve_profile

    presets = load_library().client_presets
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    out = np.zeros(len(xy), bool)
    taken = np.zeros(len(xy), bool)
    for zone in floor.zones:
        geom = polygon(zone.polygon)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        inside = shapely.contains_xy(geom, xy[:, 0], xy[:, 1]) & ~taken if len(xy) else np.zeros(0, bool)
        taken |= inside
        mix = resolve_profile(building, zone.use).mix(building.ap.client)
        if any(share > 0 and c in presets and "5" not in presets[c].bands for c, share in mix.items()):
            out |= inside
    return out


def thin_24_layer(
    building: Building,
    settings: Settings,
    aps: list[AccessPoint],
    n_channels: int,
    *,
    threshold_dbm: float,
    coverage_target: float,
    max_heard: int = MAX_CO_CHANNEL_24,
    share: float = CO_CHANNEL_PERCENTILE,
    fallback_dbm: float | None = None,
    seed: int = 0,
) -> Layer24:
    """Switch 2.4 GHz radios off, one at a time, until every floor meets the co-channel limit.

    Every AP in ``aps`` must have an enabled 2.4 GHz radio. Each round re-plans the channels
    of the radios still on (:func:`~wifiplan.design.channels.assign_channels` on their
    hearing), counts the co-channel APs heard per point of every floor
    (:func:`co_channel_heard`), and on the floors where fewer than ``share`` of the points
    see at most ``max_heard`` switches off the radio that is heard at most of the failing
    points, provided each floor keeps its 2.4 GHz coverage at ``coverage_target`` or at what
    it had with every radio on, whichever is lower. Coverage counts the points at
    ≥ ``threshold_dbm`` in zones that expect 2.4-only devices (:func:`legacy_points`), and
    every point at ≥ ``fallback_dbm`` (default ``threshold_dbm``): where every device also
    has 5 GHz, 2.4 GHz is a fallback that need not reach the design level.

    Notes
    -----
    The RSSI of every radio on every floor is computed once; a round is array arithmetic
    (best and second-best signal, a bincount per floor) plus one channel colouring.
    """
    from wifiplan.capacity.evaluate import ap_hearing_dbm
    from wifiplan.rf.engine import rssi_dbm
    from wifiplan.rf.grid import floor_grid

    n = len(aps)
    floors = [f.name for f in building.floors]
    grids = {name: floor_grid(building, name, settings.grid_m) for name in floors}
    # per floor, only the radios heard somewhere on it (rows that are -inf everywhere change no
    # maximum, count or coverage below): a tall building keeps (APs of a few floors) × points
    # per floor, not (every AP) × points
    rssi: dict[str, np.ndarray] = {}
    live: dict[str, np.ndarray] = {}
    for name in floors:
        if grids[name].n:
            full = np.asarray(rssi_dbm(building, settings, aps, "2.4", name, grids[name].xy), dtype=float)
            live[name] = np.flatnonzero(np.isfinite(full).any(axis=1))
            rssi[name] = full[live[name]]
            del full
    hear = ap_hearing_dbm(building, settings, aps, "2.4") if n > 1 else np.full((n, n), -np.inf)
    enabled = np.ones(n, bool)
    reasons: dict[int, str] = {}

    fallback = threshold_dbm if fallback_dbm is None else float(fallback_dbm)
    legacy = {f: legacy_points(building, building.floor(f), grids[f].xy) for f in rssi}

    def floor_parts(f: str, on: np.ndarray) -> dict[tuple[str, str], float]:
        r = rssi[f]
        mine = on[live[f]]
        best = r[mine].max(axis=0) if mine.any() else np.full(r.shape[1], -np.inf)
        out = {(f, "all"): float(np.mean(best >= fallback))}
        if legacy[f].any():
            out[(f, "legacy")] = float(np.mean(best[legacy[f]] >= threshold_dbm))
        return out

    def coverage_parts(on: np.ndarray, *, only: int | None = None, base: dict | None = None) -> dict[tuple[str, str], float]:
        """Coverage shares with the radios ``on`` (bool); with ``only`` and ``base``, the floors where
        radio ``only`` is not heard keep their ``base`` shares (switching it off changes nothing there)."""
        out = {}
        for f in rssi:
            if only is not None and base is not None and not np.isin(only, live[f]):
                out.update({k: v for k, v in base.items() if k[0] == f})
            else:
                out.update(floor_parts(f, on))
        return out

    def coverage(on: np.ndarray) -> dict[str, float]:
        parts = coverage_parts(on)
        return {f: min(v for (g, _), v in parts.items() if g == f) for f in rssi}

    part_min = {k: min(coverage_target, v) for k, v in coverage_parts(enabled).items()}
    colour = np.zeros(n, int)
    share_ok: dict[str, float] = {}
    for _round in range(n):
        on = np.flatnonzero(enabled)
        colour = np.zeros(n, int)
        colour[on] = assign_channels(hear[np.ix_(on, on)], n_channels, seed=seed, strong_dbm=None)
        tally = np.zeros(n)
        share_ok = {}
        failing = []
        for f, r in rssi.items():
            mine = enabled[live[f]]
            rows = live[f][mine]
            rr = r[mine]
            count = co_channel_heard(rr, colour[rows])
            share_ok[f] = float(np.mean(count <= max_heard))
            if share_ok[f] + 1e-12 >= share:
                continue
            failing.append(f)
            bad = count > max_heard
            serving = np.argmax(rr[:, bad], axis=0)
            same = colour[rows][:, None] == colour[rows][serving][None, :]
            tally[rows] += np.count_nonzero(same & (rr[:, bad] >= CCA_24_DBM), axis=1)
        if not failing:
            break
        chosen = None
        now = None
        for k in np.argsort(-tally, kind="stable"):
            if tally[k] <= 0:
                break
            trial = enabled.copy()
            trial[k] = False
            now = now if now is not None else coverage_parts(enabled)
            cov = coverage_parts(trial, only=int(k), base=now)
            if all(cov[key] + 1e-12 >= part_min[key] for key in cov):
                chosen = int(k)
                break
        if chosen is None:
            break
        enabled[chosen] = False
        reasons[chosen] = (f"surplus 2.4 GHz radio: with it on, more than {max_heard} co-channel APs are heard "
                           f"at ≥ {CCA_24_DBM:g} dBm on {100 * (1 - share_ok[failing[0]]):.0f} % of {failing[0]}; "
                           "its neighbours keep 2.4 GHz coverage")
    on = np.flatnonzero(enabled)
    return Layer24(enabled, colour, share_ok, coverage(enabled) if on.size else {}, reasons)
