"""Precomputed path loss from candidate AP positions to grid points and to each other.

The placement search evaluates thousands of AP sets; recomputing walls for each would be
far too slow. A :class:`Workspace` calls :func:`wifiplan.rf.engine.path_loss_db` once per
(transmit floor, receive floor) pair that can matter, stores the losses as float32, and
evaluates coverage, association, rates, airtime and hearing for any AP set with array
arithmetic only.

Memory is bounded per floor, not per building: a large floor is planned on a coarser grid
(:data:`MAX_PLAN_POINTS`) and candidate lattice
(:data:`~wifiplan.design.candidates.MAX_CANDIDATES`), and the candidate × candidate
hearing losses are stored only for floor pairs that couple. The final evaluation of the
written plan (``capacity.evaluate_plan``) still uses ``settings.grid_m``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from wifiplan.capacity.demand import DemandPoints, demand_points
from wifiplan.design.candidates import DEFAULT_LATTICE_M, MAX_CANDIDATES, adaptive_spacing_m, candidate_layout
from wifiplan.design.radio import ApSpec, ClientSpec, client_spec
from wifiplan.model.building import Building
from wifiplan.model.geometry import coverage_area
from wifiplan.model.plan import Settings

__all__ = ["FloorSpace", "Workspace", "Progress", "COUPLING_FLOOR_DBM", "MAX_PLAN_POINTS", "band_fractions",
           "realtime_zone_points"]

#: Signals weaker than this are not computed (culled to −inf): below the noise floor, they
#: neither cover nor carry traffic (MCS 0 needs SNR ≥ 2 dB over ≥ −95 dBm noise) nor
#: make a co-channel AP defer (−82 dBm).
CULL_DBM = -100.0

#: A floor pair is modelled when an AP at full power could still be received at or above
#: this level through the slabs between them (10 dB under the −82 dBm CCA level).
COUPLING_FLOOR_DBM = -92.0

#: Most planning grid points per floor. A floor whose coverage area exceeds
#: MAX_PLAN_POINTS × settings.grid_m² (8,000 m² at 1 m) is planned on a grid of
#: sqrt(area / MAX_PLAN_POINTS) m instead (a 52,000 m² mall floor: 2.6 m, not 61,000
#: points at 1 m). Why 8,000: the coverage losses of a floor are (candidates of the
#: coupled floors) × points float32, ~2,100 × 8,000 × 4 B = 67 MB, and the search
#: re-evaluates them thousands of times; a 2–3 m grid still samples an AP cell (15–30 m
#: across) with ~100 points, so coverage fractions move by well under 1 %. Each zone's
#: demand is spread over the points inside it, so demand is conserved at any spacing.
#: Every shipped building (≤ 2,300 m² per floor) keeps settings.grid_m.
MAX_PLAN_POINTS = 8_000

#: On a floor planned on a coarser grid than settings.grid_m, the search counts this
#: share less coverage than its points show: the final evaluation samples the floor at
#: settings.grid_m, whose coverage fraction differs from the coarse one by a few tenths of
#: a percent (the mall site2 plan fell 0.1 % short with no slack; with the multiwall-office
#: model and 40 MHz SNR the 16,250 m² floor of tests/workflow/test_coarse.py fell 0.04 %
#: short with 0.3 %, so 0.4 %; 0.5 % and more tip the mall's F8 over the client limit).
#: Estimate, unsourced.
COARSE_COVERAGE_SLACK = 0.004

Progress = Callable[[str, float], None]

#: Candidates per block when the losses on their own floor are computed (coverage rows, then
#: hearing rows, of one block at a time; see rf.crossing.INDEX_CACHE_BYTES).
_SOURCE_BLOCK = 12

#: Bands from the most preferred: a device associates on the highest band it and the AP share
#: (as ``capacity.bands`` splits them).
_BAND_ORDER = ("6", "5", "2.4")


def realtime_zone_points(building: Building, floor, xy: np.ndarray, *, flag: str = "realtime") -> np.ndarray:
    """Zone index (file order) of each point inside a zone whose use is ``realtime`` (or ``flag``), −1 elsewhere.

    A point belongs to the first zone (file order) that contains it, as check's zone points do.
    """
    import shapely

    from wifiplan.model.geometry import polygon
    from wifiplan.model.resolve import resolve_profile

    out = np.full(len(xy), -1, dtype=int)
    taken = np.zeros(len(xy), bool)
    for k, zone in enumerate(floor.zones):
        geom = polygon(zone.polygon)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        inside = shapely.contains_xy(geom, xy[:, 0], xy[:, 1]) & ~taken if len(xy) else np.zeros(0, bool)
        taken |= inside
        if getattr(resolve_profile(building, zone.use), flag):
            out[inside] = k
    return out


def band_fractions(building: Building, dem: DemandPoints, ap_bands) -> np.ndarray:
    """Share of each point's devices on 6, 5 and 2.4 GHz (columns in that order), shape (n, 3).

    Each device of the zone's client mix associates on the highest band it and the AP
    support (as ``capacity.bands`` splits them where every band covers the point).
    """
    from wifiplan.library import load_library
    from wifiplan.model.resolve import resolve_profile

    presets = load_library().client_presets
    zones = building.floor(dem.floor).zones
    table = np.zeros((len(zones), len(_BAND_ORDER)))
    for k, zone in enumerate(zones):
        for client, share in resolve_profile(building, zone.use).mix(building.ap.client).items():
            preset = presets.get(client)
            bands = [b for b in _BAND_ORDER if b in ap_bands and (preset is None or b in preset.bands)]
            if bands:
                table[k, _BAND_ORDER.index(bands[0])] += float(share)
    zone = dem.demand_zone if dem.demand_zone is not None else dem.zone
    out = np.zeros((len(zone), len(_BAND_ORDER)))
    if len(zones):
        out[zone >= 0] = table[zone[zone >= 0]]
    return out


@dataclass
class FloorSpace:
    """One floor of the workspace: grid, demand and candidate positions."""

    name: str
    index: int
    elevation_m: float
    ap_height_m: float
    xy: np.ndarray                 # (n, 2) grid cell centres
    cell_area_m2: float            # planning cell, grid_m²
    demand: DemandPoints
    total_mbps: np.ndarray         # (n,)
    devices: np.ndarray            # (n,)
    client: np.ndarray             # (n,) index into Workspace.clients (-1 none)
    cand_start: int
    cand_xy: np.ndarray            # (m, 2)
    rel: np.ndarray = field(default_factory=lambda: np.zeros(0, int))   # global candidates coupled here
    loss: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))  # (len(rel), n)
    relpos: np.ndarray = field(default_factory=lambda: np.zeros(0, int))  # (M,) row in loss or -1
    grid_m: float = 1.0            # planning grid spacing on this floor
    lattice_m: float = DEFAULT_LATTICE_M   # candidate lattice step on this floor
    coverage_slack: float = 0.0    # coverage share the search discounts (coarse grid only)
    rt_zone: np.ndarray | None = None  # (n,) zone index of points in real-time zones, -1 elsewhere
    critical: np.ndarray | None = None  # (n,) bool: points in zones whose use is critical (non-DFS wanted)
    band_frac: np.ndarray | None = None  # (n, 3) share of each point's devices on 6, 5, 2.4 GHz (new model)

    @property
    def n(self) -> int:
        return len(self.xy)


class Workspace:
    """Candidates, grids, demand and path-loss matrices of a building for one design band.

    Parameters
    ----------
    building, settings : the building and the model settings (``make_settings``).
    band : design band ``"2.4"``, ``"5"`` or ``"6"``.
    spec : the AP radio (:func:`wifiplan.design.radio.ap_spec`).
    cover_freq_mhz : frequency for the coverage matrices (the highest channel centre of
        the plan: conservative, since loss grows with frequency).
    hear_freq_mhz : frequency for AP-to-AP hearing (the lowest: conservative).
    max_eirp_dbm : the highest EIRP any AP may use (decides which floor pairs matter).
    lattice_m : candidate lattice step, m (coarser on floors that would exceed
        ``max_candidates`` positions).
    max_points, max_candidates : per-floor caps (:data:`MAX_PLAN_POINTS`,
        :data:`~wifiplan.design.candidates.MAX_CANDIDATES`).
    extra_candidates : per floor name, positions (k, 2) put first among that floor's
        candidates (an existing deployment's APs and spares, :mod:`wifiplan.design.grow`):
        the floor's candidate ``j < k`` is ``extra_candidates[name][j]``.

    Notes
    -----
    Memory: Σ over floors of (coupled candidates × points) + Σ over coupled floor pairs of
    (candidates × candidates), float32 — bounded by the caps times the floors each floor
    couples with, whatever the floor area.
    """

    def __init__(
        self,
        building: Building,
        settings: Settings,
        *,
        band: str,
        spec: ApSpec,
        cover_freq_mhz: float,
        hear_freq_mhz: float,
        max_eirp_dbm: float,
        lattice_m: float = DEFAULT_LATTICE_M,
        progress: Progress | None = None,
        max_points: int = MAX_PLAN_POINTS,
        max_candidates: int = MAX_CANDIDATES,
        extra_candidates: dict[str, np.ndarray] | None = None,
    ) -> None:
        from wifiplan.rf.engine import path_loss_db
        from wifiplan.rf.grid import floor_grid

        self.building = building
        self.settings = settings
        self.band = band
        self.lattice_m = float(lattice_m)
        self.spec = spec
        self.cover_freq_mhz = float(cover_freq_mhz)
        self.hear_freq_mhz = float(hear_freq_mhz)
        from wifiplan.rf.devices import device_offset_db

        # the design device's offset (weakest expected client; 0 for legacy plans): coverage
        # requirements apply to RSSI + offset, as rf.coverage does
        self.client_gain_dbi = float(settings.client_antenna_gain_dbi) + device_offset_db(settings)
        eff = building.requirements.effective(settings.model)
        count_associated = bool(eff.check_associated_clients)
        association_share = float(eff.association_share)
        realtime = eff.realtime_secondary_rssi_dbm is not None
        non_dfs_critical = bool(eff.non_dfs_critical)
        self.eirp_offset_db = float(settings.eirp_offset_db.get(band, 0.0))
        report = progress or (lambda _s, _f: None)
        ordered = sorted(building.floors, key=lambda f: (f.elevation_m, building.floor_index(f.name)))
        self.floors: list[FloorSpace] = []
        clients: list[str] = []
        start = 0
        for i, floor in enumerate(ordered):
            area_m2 = float(coverage_area(floor).area)
            grid_m = adaptive_spacing_m(area_m2, float(settings.grid_m), max_points)
            grid = floor_grid(building, floor.name, grid_m)
            xy = np.asarray(grid.xy, dtype=float).reshape(-1, 2)
            dem = demand_points(building, floor.name, xy)
            for c in dem.clients:
                if c not in clients:
                    clients.append(c)
            cl = np.array([clients.index(dem.clients[k]) if k >= 0 else -1 for k in dem.client], dtype=int)
            devices = dem.devices
            total_mbps = dem.total_mbps
            band_frac = None
            if count_associated:
                band_frac = band_fractions(building, dem, spec.bands)
                worst = band_frac.max(axis=1)
                present = dem.present if dem.present is not None else dem.devices
                # each radio carries the devices of its band: the search loads the design band
                # with the busiest band's share at each point (active devices, associated, demand)
                devices = np.maximum(dem.devices, present * association_share) * worst
                total_mbps = dem.total_mbps * worst
            rt_zone = realtime_zone_points(building, floor, xy) if realtime else None
            critical = realtime_zone_points(building, floor, xy, flag="critical") >= 0 if non_dfs_critical else None
            cand, step = candidate_layout(floor, lattice_m=lattice_m, max_candidates=max_candidates)
            extra = (extra_candidates or {}).get(floor.name)
            if extra is not None and len(extra):
                cand = np.vstack([np.asarray(extra, float).reshape(-1, 2), cand])
            self.floors.append(
                FloorSpace(
                    name=floor.name, index=i, elevation_m=float(floor.elevation_m), ap_height_m=float(floor.ap_height_m),
                    xy=xy, cell_area_m2=float(grid.cell_area_m2), demand=dem, total_mbps=total_mbps,
                    devices=devices, client=cl, cand_start=start, cand_xy=cand, grid_m=float(grid.grid_m),
                    lattice_m=step,
                    coverage_slack=COARSE_COVERAGE_SLACK if grid.grid_m > float(settings.grid_m) + 1e-12 else 0.0,
                    rt_zone=rt_zone, critical=critical, band_frac=band_frac,
                )
            )
            start += len(cand)
        self.clients: list[ClientSpec] = [client_spec(c) for c in (clients or [building.ap.client])]
        self.M = start
        self.cand_floor = np.concatenate([np.full(len(f.cand_xy), f.index) for f in self.floors]).astype(int)
        self.cand_xy = np.vstack([f.cand_xy for f in self.floors]) if self.M else np.zeros((0, 2))
        # which floor pairs couple
        gain = spec.antenna_gain_dbi.get(band, 0.0)
        losses = settings.materials
        slab = [float(losses.get(building.floor(f.name).slab, {}).get(band, 0.0)) for f in self.floors]
        nf = len(self.floors)
        self.coupled = np.zeros((nf, nf), bool)
        fspl1 = 20 * np.log10(self.hear_freq_mhz) - 27.55
        for a in range(nf):
            for b in range(nf):
                lo, hi = min(a, b), max(a, b)
                slabs = sum(slab[lo + 1 : hi + 1])
                dz = max(abs(self.floors[a].elevation_m - self.floors[b].elevation_m), 1.0)
                best = max_eirp_dbm + gain + self.eirp_offset_db - (fspl1 + 20 * np.log10(dz) + slabs)
                self.coupled[a, b] = a == b or best >= COUPLING_FLOOR_DBM
        pairs = [(g, f) for f in range(nf) for g in range(nf) if self.coupled[g, f]]
        total = max(len(pairs) * 2, 1)
        done = 0
        #: (tx floor, rx floor) -> (candidates of tx, candidates of rx) loss, dB, coupled pairs only
        self.hear_blocks: dict[tuple[int, int], np.ndarray] = {}
        for f in self.floors:
            rel_floors = [g for g in range(nf) if self.coupled[g, f.index]]
            f.rel = np.concatenate([np.arange(self.floors[g].cand_start, self.floors[g].cand_start + len(self.floors[g].cand_xy))
                                    for g in rel_floors]).astype(int) if rel_floors else np.zeros(0, int)
            f.relpos = np.full(self.M, -1, dtype=int)
            f.relpos[f.rel] = np.arange(len(f.rel))
            # the floor's coverage matrix is filled in place, floor pair by floor pair (stacking
            # per-pair blocks held every block and the stacked copy at once: twice the matrix)
            f.loss = np.zeros((len(f.rel), f.n), np.float32)
            at = 0
            for g in rel_floors:
                src = self.floors[g]
                m = len(src.cand_xy)
                cover = f.loss[at:at + m]
                at += m
                hear = np.zeros((m, len(f.cand_xy)), np.float32)
                # candidates in blocks, each block's coverage rows then its hearing rows: rows are
                # independent, and a candidate's wall geometry (rf.crossing's slab index, kept for
                # the last few sources) then serves both
                step = m if g != f.index else _SOURCE_BLOCK
                for i in range(0, m, max(step, 1)):
                    rows = slice(i, i + step)
                    if f.n:
                        cover[rows] = path_loss_db(
                            building, settings, tx_floor=src.name, tx_xy=src.cand_xy[rows],
                            tx_height_m=src.ap_height_m, rx_floor=f.name, rx_xy=f.xy, band=band,
                            freq_mhz=self.cover_freq_mhz,
                            max_loss_db=max_eirp_dbm + self.eirp_offset_db + self.client_gain_dbi - CULL_DBM)
                    if len(f.cand_xy):
                        hear[rows] = path_loss_db(
                            building, settings, tx_floor=src.name, tx_xy=src.cand_xy[rows],
                            tx_height_m=src.ap_height_m, rx_floor=f.name, rx_xy=f.cand_xy, band=band,
                            freq_mhz=self.hear_freq_mhz,
                            max_loss_db=max_eirp_dbm + self.eirp_offset_db + gain - CULL_DBM)
                    report("path loss", (done + 2 * min(i + step, m) / max(m, 1)) / total)
                if m and len(f.cand_xy):
                    self.hear_blocks[(src.index, f.index)] = hear
                done += 2
                report("path loss", done / total)

    # -- helpers ---------------------------------------------------------------------------

    def rssi(self, f: FloorSpace, aps: np.ndarray, eirp_dbm: np.ndarray,
             cols: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """RSSI (k, n) on floor ``f`` from the APs of ``aps`` coupled to it, and their indices in ``aps``.

        ``cols`` restricts the grid points (columns) computed.
        """
        aps = np.asarray(aps, dtype=int)
        rows = f.relpos[aps] if len(aps) else np.zeros(0, int)
        keep = np.flatnonzero(rows >= 0)
        loss = f.loss[rows[keep]] if cols is None else f.loss[np.ix_(rows[keep], np.asarray(cols, int))]
        r = (np.asarray(eirp_dbm, np.float32)[keep, None] + np.float32(self.eirp_offset_db + self.client_gain_dbi)
             - loss)
        return r, keep

    def freq_offsets_db(self, freqs_mhz: np.ndarray) -> np.ndarray:
        """Extra path loss at each frequency over the coverage reference frequency, dB (≤ 0 below it).

        Computed with the building's own model on one path (the multi-wall model's frequency
        term is 20·log10(f), so this is exact for it). Subtracting it from an AP's EIRP makes
        the coverage matrices exact for that AP's channel.
        """
        from wifiplan.rf.engine import path_loss_db

        freqs = np.asarray(freqs_mhz, dtype=float)
        f = next((f for f in self.floors if len(f.cand_xy)), None)
        if f is None or not len(freqs):
            return np.zeros(len(freqs))
        src = f.cand_xy[:1]
        rx = src + np.array([[5.0, 0.0]])
        ref = path_loss_db(self.building, self.settings, tx_floor=f.name, tx_xy=src, tx_height_m=f.ap_height_m,
                           rx_floor=f.name, rx_xy=rx, band=self.band, freq_mhz=self.cover_freq_mhz)[0, 0]
        out = np.array([path_loss_db(self.building, self.settings, tx_floor=f.name, tx_xy=src,
                                     tx_height_m=f.ap_height_m, rx_floor=f.name, rx_xy=rx, band=self.band,
                                     freq_mhz=float(x))[0, 0] for x in freqs])
        return out - ref

    def hear_loss_db(self, tx: np.ndarray, rx: np.ndarray) -> np.ndarray:
        """Path loss (dB, float32) from candidates ``tx`` to candidates ``rx``, shape (len(tx), len(rx)); inf if uncoupled."""
        tx = np.asarray(tx, dtype=int)
        rx = np.asarray(rx, dtype=int)
        out = np.full((len(tx), len(rx)), np.inf, dtype=np.float32)
        if not len(tx) or not len(rx):
            return out
        tf, rf = self.cand_floor[tx], self.cand_floor[rx]
        rx_groups = [(int(g), np.flatnonzero(rf == g)) for g in np.unique(rf)]
        for a in np.unique(tf):
            ti = np.flatnonzero(tf == a)
            tl = tx[ti] - self.floors[int(a)].cand_start
            for b, ri in rx_groups:
                blk = self.hear_blocks.get((int(a), b))
                if blk is not None:
                    out[np.ix_(ti, ri)] = blk[np.ix_(tl, rx[ri] - self.floors[b].cand_start)]
        return out

    def hear_dbm_added(self, hear: np.ndarray, aps: np.ndarray, eirp_dbm: np.ndarray) -> np.ndarray:
        """:meth:`hear_dbm` of ``aps`` when ``hear`` is already that of its first ``len(hear)`` APs.

        Only the new rows and columns are computed (same values: every entry is its own sum).
        """
        aps = np.asarray(aps, dtype=int)
        k0, k = len(hear), len(aps)
        if k0 == 0 or k0 == k:
            return self.hear_dbm(aps, eirp_dbm) if k0 == 0 else np.array(hear, dtype=float, copy=True)
        gain = self.spec.antenna_gain_dbi.get(self.band, 0.0)
        eirp = np.asarray(eirp_dbm, float)
        new = aps[k0:]
        h = np.empty((k, k))
        h[:k0, :k0] = hear
        # [i, j] = power AP i receives from AP j: EIRP_j + offset + gain - loss(j -> i)
        to_new = self.hear_loss_db(aps, new).astype(float)           # (k, k_new): loss aps -> new
        from_new = self.hear_loss_db(new, aps[:k0]).astype(float)     # (k_new, k0): loss new -> old
        h[k0:, :] = eirp[None, :] + self.eirp_offset_db + gain - to_new.T
        h[:k0, k0:] = eirp[None, k0:] + self.eirp_offset_db + gain - from_new.T
        h[~np.isfinite(h)] = -np.inf
        np.fill_diagonal(h, -np.inf)
        return h

    def hear_dbm(self, aps: np.ndarray, eirp_dbm: np.ndarray) -> np.ndarray:
        """``h[i, j]``: power AP i receives from AP j, dBm (AP antenna gain on receive); -inf if uncoupled."""
        aps = np.asarray(aps, dtype=int)
        gain = self.spec.antenna_gain_dbi.get(self.band, 0.0)
        loss = self.hear_loss_db(aps, aps).T.astype(float)  # [i, j] = loss j -> i
        h = np.asarray(eirp_dbm, float)[None, :] + self.eirp_offset_db + gain - loss
        h[~np.isfinite(h)] = -np.inf
        np.fill_diagonal(h, -np.inf)
        return h
