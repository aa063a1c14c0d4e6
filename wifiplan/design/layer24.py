"""The 2.4 GHz layer: switch surplus 2.4 GHz radios off until few co-channel APs are heard anywhere."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wifiplan.design.channels import assign_channels
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Settings

__all__ = ["MAX_CO_CHANNEL_24", "THIN_BATCH_APS", "CO_CHANNEL_PERCENTILE", "CCA_24_DBM", "FALLBACK_24_MARGIN_DB", "Layer24", "co_channel_heard",
           "legacy_points", "thin_24_layer"]

#: At most this many APs (the serving one included) on the serving channel heard at or
#: above CCA at a location on 2.4 GHz: three non-overlapping channels (1/6/11) cannot do
#: better in a dense building (the Hamina/Ekahau "channel overlap" view; an estimate of
#: practice).
MAX_CO_CHANNEL_24 = 3

#: Share of a floor's coverage area where the limit must hold (shared definition 5).
CO_CHANNEL_PERCENTILE = 0.95

#: Radios on per radio switched off in one round of the 2.4 GHz thinning. Each round
#: re-plans the channels of every radio still on (O(radios²)), so one radio per round costs
#: O(radios³): 620 rounds and 200 CPU s of colouring for the 968 radios of mall site1.
#: With more than 2 × this many radios on, a round switches off up to (radios on) / this
#: many, in the order of the one-at-a-time search, each checked against the coverage floors
#: after the previous ones, and none heard at ≥ CCA by another switched off in the same
#: round (so their failing points are apart and a round does not overshoot one area).
#: Below that (every shipped building) the search is one at a time, as before. A speed
#: setting, not a radio figure.
THIN_BATCH_APS = 100

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

    With more than 2 × :data:`THIN_BATCH_APS` radios on, up to one radio per
    :data:`THIN_BATCH_APS` on goes off per channel plan (a speed setting for malls).

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

    Raises
    ------
    ValueError
        If ``max_heard`` < 1 (the serving AP itself counts, so 0 could never hold).

    Notes
    -----
    Only the signals that can change a figure are kept: levels at or above the lowest of the
    CCA level, ``threshold_dbm`` and ``fallback_dbm`` (one sparse list of (AP, point, level)
    per floor, sorted by point). A weaker level is under every threshold and can decide
    nothing but which AP serves a point where no AP reaches CCA, and there the count is at
    most 1 whatever serves it. Each point keeps its serving AP (strongest, lowest index on a
    tie, as ``argmax``); switching a radio off re-selects only the points it served. A round
    is then one channel colouring plus O(kept levels) counting, and a coverage trial is
    O(levels of the points the radio serves): the same figures as counting every AP at
    every point each round (``co_channel_heard``), without the (APs × points) arrays.
    """
    if max_heard < 1:
        raise ValueError(f"max_heard must be >= 1 (got {max_heard})")
    from wifiplan.capacity.evaluate import ap_hearing_dbm

    n = len(aps)
    fallback = threshold_dbm if fallback_dbm is None else float(fallback_dbm)
    floor_dbm = min(CCA_24_DBM, threshold_dbm, fallback)
    floor_lv: dict[str, _FloorLevels] = {}
    for floor in building.floors:
        lv = _FloorLevels.build(building, settings, aps, floor.name, floor_dbm)
        if lv is not None:
            floor_lv[floor.name] = lv
    hear = ap_hearing_dbm(building, settings, aps, "2.4") if n > 1 else np.full((n, n), -np.inf)
    enabled = np.ones(n, bool)
    reasons: dict[int, str] = {}
    for f, lv in floor_lv.items():
        lv.legacy = legacy_points(building, building.floor(f), lv.xy)
        lv.n_legacy = int(lv.legacy.sum())

    def floor_parts(lv: _FloorLevels, best: np.ndarray) -> dict[str, float]:
        out = {"all": int(np.count_nonzero(best >= fallback)) / lv.n}
        if lv.n_legacy:
            out["legacy"] = int(np.count_nonzero(best[lv.legacy] >= threshold_dbm)) / lv.n_legacy
        return out

    def coverage_parts() -> dict[tuple[str, str], float]:
        return {(f, key): v for f, lv in floor_lv.items() for key, v in floor_parts(lv, lv.best).items()}

    part_min = {k: min(coverage_target, v) for k, v in coverage_parts().items()}
    now = coverage_parts()
    colour = np.zeros(n, int)
    share_ok: dict[str, float] = {}
    for _round in range(n):
        on = np.flatnonzero(enabled)
        colour = np.zeros(n, int)
        colour[on] = assign_channels(hear[np.ix_(on, on)], n_channels, seed=seed, strong_dbm=None)
        # one radio per colouring up to 2 × THIN_BATCH_APS radios on (every shipped building:
        # the one-at-a-time search); beyond, up to one per THIN_BATCH_APS radios on, the counts
        # redone after each with the round's channels (see THIN_BATCH_APS)
        budget = max(1, len(on) // THIN_BATCH_APS)
        picked = 0
        while True:
            share_ok, failing, tally = _co_channel_tally(floor_lv, colour, n, max_heard, share)
            if not failing:
                break
            chosen = None
            for k in np.argsort(-tally, kind="stable"):
                if tally[k] <= 0:
                    break
                k = int(k)
                trial = {f: lv.without(k) for f, lv in floor_lv.items() if lv.hears(k)}
                cov = dict(now)
                for f, (best, _row) in trial.items():
                    cov.update({(f, key): v for key, v in floor_parts(floor_lv[f], best).items()})
                if all(cov[key] + 1e-12 >= part_min[key] for key in cov):
                    chosen, now = k, cov
                    break
            if chosen is None:
                break
            enabled[chosen] = False
            for f, lv in floor_lv.items():
                lv.switch_off(chosen, *trial.get(f, (None, None)))
            reasons[chosen] = (f"surplus 2.4 GHz radio: with it on, more than {max_heard} co-channel APs are heard "
                               f"at ≥ {CCA_24_DBM:g} dBm on {100 * (1 - share_ok[failing[0]]):.0f} % of {failing[0]}; "
                               "its neighbours keep 2.4 GHz coverage")
            picked += 1
            if picked >= budget:
                break
        # stop when the limit holds, or when no radio can go with freshly planned channels
        if not failing or not picked:
            break
    on = np.flatnonzero(enabled)
    coverage = {f: min(v for (g, _), v in now.items() if g == f) for f in floor_lv}
    return Layer24(enabled, colour, share_ok, coverage if on.size else {}, reasons)


def _co_channel_tally(floor_lv: dict, colour: np.ndarray, n: int, max_heard: int,
                      share: float) -> tuple[dict[str, float], list[str], np.ndarray]:
    """Per floor the share of points with ≤ ``max_heard`` co-channel APs at ≥ CCA, the failing floors,
    and per radio the failing points where it is one of the co-channel APs heard (:func:`co_channel_heard`)."""
    tally = np.zeros(n)
    share_ok: dict[str, float] = {}
    failing = []
    for f, lv in floor_lv.items():
        # co-channel levels at >= CCA per point: the serving AP's channel, every radio on; a point
        # where no kept level is on is served (or not) by a level under CCA: count <= 1 <= max_heard
        served = lv.best_row >= 0
        same = lv.cca & (colour[lv.rows] == colour[np.maximum(lv.best_row, 0)][lv.cols])
        count = np.bincount(lv.cols[same], minlength=lv.n)
        count = np.where(served, np.maximum(count, 1), 0)
        share_ok[f] = float(np.mean(count <= max_heard))
        if share_ok[f] + 1e-12 >= share:
            continue
        failing.append(f)
        bad = count > max_heard
        tally += np.bincount(lv.rows[same & bad[lv.cols]], minlength=n)
    return share_ok, failing, tally


#: APs per block when the 2.4 GHz levels of a floor are computed: bounds the dense
#: (block × points) float64 array (64 × 240,000 points = 123 MB on a 1 m mall floor).
_LEVEL_BLOCK = 64


class _FloorLevels:
    """The 2.4 GHz levels of a floor at or above a floor level, sparse, and each point's serving AP among the radios on.

    ``rows``, ``cols``, ``vals``: AP index, grid point and level (dBm) of each kept level,
    sorted by point then AP; ``cca``: level ≥ CCA. ``best``/``best_row``: the strongest
    kept level per point among the radios on and its AP (lowest index on a tie), −inf/−1 where
    none is kept.
    """

    def __init__(self, xy, n, rows, cols, vals):
        self.xy, self.n = xy, n
        self.rows, self.cols, self.vals = rows, cols, vals
        self._index()
        self.best, self.best_row = self._best_of(np.arange(n))
        self.legacy = np.zeros(n, bool)
        self.n_legacy = 0

    @classmethod
    def build(cls, building, settings, aps, floor_name: str, floor_dbm: float) -> _FloorLevels | None:
        from wifiplan.rf.engine import rssi_dbm
        from wifiplan.rf.grid import floor_grid

        grid = floor_grid(building, floor_name, settings.grid_m)
        if not grid.n:
            return None
        rows, cols, vals = [], [], []
        # rssi_dbm computes each AP's row on its own (one path-loss call per transmitting floor,
        # rows independent), so blocks of APs of one floor give the values of the all-AP call
        by_floor: dict[str, list[int]] = {}
        for i, ap in enumerate(aps):
            by_floor.setdefault(ap.floor, []).append(i)
        for name in sorted(by_floor):
            idx = by_floor[name]
            for s in range(0, len(idx), _LEVEL_BLOCK):
                block = np.asarray(idx[s:s + _LEVEL_BLOCK])
                r = np.asarray(rssi_dbm(building, settings, [aps[i] for i in block], "2.4", floor_name, grid.xy),
                               dtype=float)
                i, j = np.nonzero(r >= floor_dbm)
                rows.append(block[i])
                cols.append(j)
                vals.append(r[i, j])
                del r
        rows = np.concatenate(rows).astype(np.int32) if rows else np.zeros(0, np.int32)
        cols = np.concatenate(cols).astype(np.int32) if cols else np.zeros(0, np.int32)
        vals = np.concatenate(vals) if vals else np.zeros(0)
        order = np.lexsort((rows, cols))
        return cls(np.asarray(grid.xy, float).reshape(-1, 2), grid.n, rows[order], cols[order], vals[order])

    def _index(self) -> None:
        self.cca = self.vals >= CCA_24_DBM
        self.start = np.searchsorted(self.cols, np.arange(self.n + 1)).astype(np.int64)
        self.heard = np.unique(self.rows)

    def hears(self, k: int) -> bool:
        """Whether radio ``k`` has a kept level on this floor (else switching it off changes nothing here)."""
        i = np.searchsorted(self.heard, k)
        return bool(i < len(self.heard) and self.heard[i] == k)

    def _best_of(self, points: np.ndarray, *, skip: int = -1) -> tuple[np.ndarray, np.ndarray]:
        """Strongest kept level (and its AP, lowest index on a tie) at ``points``, radio ``skip`` left out."""
        lo, hi = self.start[points], self.start[points + 1]
        length = hi - lo
        best = np.full(len(points), -np.inf)
        row = np.full(len(points), -1, dtype=np.int64)
        if not length.sum():
            return best, row
        seg = np.repeat(np.arange(len(points)), length)
        at = np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length) + np.repeat(lo, length)
        v = np.where(self.rows[at] == skip, -np.inf, self.vals[at])
        has = length > 0
        first = (np.cumsum(length) - length)[has]
        seg_best = np.maximum.reduceat(v, first)
        best[has] = seg_best
        top = (v == seg_best[np.searchsorted(np.flatnonzero(has), seg)]) & np.isfinite(v)
        cand = np.where(top, self.rows[at].astype(np.int64), np.iinfo(np.int64).max)
        seg_row = np.minimum.reduceat(cand, first)
        row[has] = np.where(np.isfinite(seg_best), seg_row, -1)
        return best, row

    def without(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Serving level and AP per point with radio ``k`` off too (the points it serves re-selected)."""
        pts = np.flatnonzero(self.best_row == k)
        best, row = self.best.copy(), self.best_row.copy()
        best[pts], row[pts] = self._best_of(pts, skip=k)
        return best, row

    def switch_off(self, k: int, best: np.ndarray | None, row: np.ndarray | None) -> None:
        """Drop radio ``k``'s levels; ``best``/``row`` from :meth:`without` (None: it serves nothing here)."""
        if not self.hears(k):
            return
        if best is None:
            best, row = self.without(k)
        keep = self.rows != k
        gone = np.bincount(self.cols[~keep], minlength=self.n)
        self.rows, self.cols, self.vals, self.cca = self.rows[keep], self.cols[keep], self.vals[keep], self.cca[keep]
        self.start[1:] -= np.cumsum(gone)
        self.heard = self.heard[self.heard != k]
        self.best, self.best_row = best, row
