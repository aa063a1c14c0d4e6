"""Candidate AP mount positions: a lattice inside each floor's coverage area plus zone centroids."""

from __future__ import annotations

import math

import numpy as np
import shapely

from wifiplan.model.building import Floor
from wifiplan.model.geometry import coverage_area, polygon

__all__ = ["candidate_positions", "candidate_layout", "adaptive_spacing_m", "DEFAULT_LATTICE_M", "MAX_CANDIDATES",
           "EXTERIOR_SETBACK_M"]

#: Spacing of the candidate lattice, m: fine enough that moving an AP by half a step
#: changes its cell by well under a dB at the cell edge, coarse enough to keep the
#: path-loss matrices small (the issue suggests 2–3 m).
DEFAULT_LATTICE_M = 2.5

#: Lattice candidates keep this far from the floor's outline (exterior walls): an AP at the
#: facade spends half its cell outdoors and on the neighbours' windows. Issue 12's practice
#: ("about 2 m from exterior walls unless the room is smaller"); estimate, unsourced. Zone
#: points (one per zone) are kept wherever they fall, so a room shallower than 4 m along
#: the facade still gets a candidate.
EXTERIOR_SETBACK_M = 2.0

#: Most candidate positions per floor (lattice plus zone points). A floor whose coverage
#: area needs more at :data:`DEFAULT_LATTICE_M` (over ~4,400 m², e.g. a 52,000 m² mall
#: floor: 9,900 candidates) gets a coarser lattice, sqrt(area / MAX_CANDIDATES). Why 700:
#: the search stores candidate × planning-point losses for every coupled floor pair and
#: candidate × candidate hearing losses; at 700 per floor a 9-storey building has
#: 6,300 candidates (hearing blocks of coupled floor pairs ≤ 6,300² float32 = 160 MB) and
#: a floor with its two neighbours 2,100 × 8,000 points × 4 B = 67 MB of coverage losses.
#: An AP cell in open space spans 15–30 m, so even a 9 m lattice keeps several candidates
#: per cell; every shipped building (≤ 2,300 m² per floor) keeps the 2.5 m lattice.
MAX_CANDIDATES = 700


def adaptive_spacing_m(area_m2: float, base_m: float, max_points: int) -> float:
    """Spacing (m) of a regular lattice with at most ~``max_points`` points over ``area_m2``.

    ``max(base_m, sqrt(area_m2 / max_points))``, rounded up to the centimetre when coarser
    than ``base_m`` (so the same area always gives the same spacing).

    >>> adaptive_spacing_m(2000.0, 2.5, 700), adaptive_spacing_m(52000.0, 2.5, 700)
    (2.5, 8.62)
    """
    if not base_m > 0 or max_points < 1:
        raise ValueError(f"base_m must be > 0 and max_points >= 1 (got {base_m}, {max_points})")
    need = math.sqrt(max(float(area_m2), 0.0) / max_points)
    if need <= base_m:
        return float(base_m)
    return math.ceil(need * 100 - 1e-6) / 100


def _lattice(inner, bounds, step: float) -> np.ndarray:
    x0, y0, x1, y1 = bounds
    xs = np.arange(x0 + step / 2, x1, step)
    ys = np.arange(y0 + step / 2, y1, step)
    gx, gy = np.meshgrid(xs, ys)
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    keep = shapely.contains_xy(inner, pts[:, 0], pts[:, 1]) if len(pts) else np.zeros(0, bool)
    return pts[keep]


def _thin(extra: np.ndarray, lattice: np.ndarray, min_dist_m: float) -> np.ndarray:
    """Zone points at least ``min_dist_m`` from every lattice point and every earlier kept zone point."""
    if not len(extra):
        return extra
    keep = np.ones(len(extra), bool)
    if len(lattice):
        d2 = np.full(len(extra), np.inf)
        for i in range(0, len(extra), 256):  # bounded temporaries
            blk = extra[i:i + 256]
            d2[i:i + 256] = ((blk[:, None, :] - lattice[None, :, :]) ** 2).sum(-1).min(axis=1)
        keep &= d2 >= min_dist_m ** 2
    idx = np.flatnonzero(keep)
    kept: list[int] = []
    for i in idx:
        if kept and (((extra[kept] - extra[i]) ** 2).sum(1) < min_dist_m ** 2).any():
            continue
        kept.append(int(i))
    return extra[np.asarray(kept, int)] if kept else extra[:0]


def candidate_positions(floor: Floor, *, lattice_m: float = DEFAULT_LATTICE_M, inset_m: float = 0.5,
                        max_candidates: int | None = None) -> np.ndarray:
    """Candidate AP positions on ``floor``, shape ``(m, 2)`` in metres: :func:`candidate_layout` without the step."""
    return candidate_layout(floor, lattice_m=lattice_m, inset_m=inset_m, max_candidates=max_candidates)[0]


def candidate_layout(floor: Floor, *, lattice_m: float = DEFAULT_LATTICE_M, inset_m: float = 0.5,
                     max_candidates: int | None = None,
                     setback_m: float = EXTERIOR_SETBACK_M) -> tuple[np.ndarray, float]:
    """Candidate AP positions on ``floor``, shape ``(m, 2)`` in metres, sorted by (y, x), and the lattice step (m).

    Lattice points (offset half a step from the bounding box) inside the coverage area
    (outline minus exclude areas) shrunk by ``inset_m`` (an AP is not mounted on a wall)
    and kept ``setback_m`` from the outline (:data:`EXTERIOR_SETBACK_M`; ignored on a floor
    too narrow for it), plus the representative point of each zone that lies in the coverage area. Duplicates
    closer than 0.1 m are removed. Deterministic.

    With ``max_candidates``, a large floor gets a coarser lattice
    (:func:`adaptive_spacing_m`), zone points closer than half a step to a lattice point
    or to each other are dropped, and the step grows by 10 % until at most
    ``max_candidates`` positions remain (a floor under the cap is unchanged).

    Raises
    ------
    ValueError
        If ``lattice_m`` is not positive or ``max_candidates`` < 1.
    """
    if not lattice_m > 0:
        raise ValueError(f"lattice_m must be > 0 (got {lattice_m})")
    if max_candidates is not None and max_candidates < 1:
        raise ValueError(f"max_candidates must be >= 1 (got {max_candidates})")
    area = coverage_area(floor)
    if area.is_empty or area.area <= 0:
        return np.zeros((0, 2)), float(lattice_m)
    inner = area.buffer(-inset_m) if inset_m > 0 else area
    if inner.is_empty:
        inner = area
    zone_inner = inner
    if setback_m > 0:
        away = inner.intersection(polygon(floor.outline).buffer(-setback_m))
        if not away.is_empty and away.area > 0:
            inner = away
    extra = []
    for zone in floor.zones:
        geom = polygon(zone.polygon)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        part = geom.intersection(zone_inner)
        if part.is_empty:
            continue
        c = geom.centroid
        p = c if shapely.contains_xy(part, c.x, c.y) else part.representative_point()
        extra.append([p.x, p.y])
    extra_xy = np.asarray(extra, dtype=float).reshape(-1, 2)
    step = lattice_m if max_candidates is None else adaptive_spacing_m(area.area, lattice_m, max_candidates)
    shapely.prepare(inner)
    for _ in range(40):
        pts = _lattice(inner, area.bounds, step)
        zone_xy = extra_xy if step <= lattice_m else _thin(extra_xy, pts, step / 2)
        if max_candidates is None or len(pts) + len(zone_xy) <= max_candidates:
            break
        step = math.ceil(step * 110 - 1e-6) / 100
    if not len(pts) and not len(zone_xy):
        p = area.representative_point()
        zone_xy = np.array([[p.x, p.y]])
    pts = np.vstack([pts, zone_xy]) if len(zone_xy) else pts
    pts = np.round(pts, 2)
    order = np.lexsort((pts[:, 0], pts[:, 1]))
    pts = pts[order]
    keep = np.ones(len(pts), bool)
    for i in range(1, len(pts)):
        d = np.hypot(*(pts[:i][keep[:i]] - pts[i]).T) if keep[:i].any() else np.array([np.inf])
        if d.min() < 0.1:
            keep[i] = False
    return pts[keep], float(step)
