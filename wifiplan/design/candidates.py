"""Candidate AP mount positions: a lattice inside each floor's coverage area plus zone centroids."""

from __future__ import annotations

import numpy as np
import shapely

from wifiplan.model.building import Floor
from wifiplan.model.geometry import coverage_area, polygon

__all__ = ["candidate_positions", "DEFAULT_LATTICE_M"]

#: Spacing of the candidate lattice, m: fine enough that moving an AP by half a step
#: changes its cell by well under a dB at the cell edge, coarse enough to keep the
#: path-loss matrices small (the issue suggests 2–3 m).
DEFAULT_LATTICE_M = 2.5


def candidate_positions(floor: Floor, *, lattice_m: float = DEFAULT_LATTICE_M, inset_m: float = 0.5) -> np.ndarray:
    """Candidate AP positions on ``floor``, shape ``(m, 2)`` in metres, sorted by (y, x).

    Lattice points (offset half a step from the bounding box) inside the coverage area
    (outline minus exclude areas) shrunk by ``inset_m`` (an AP is not mounted on a wall),
    plus the representative point of each zone that lies in the coverage area. Duplicates
    closer than 0.1 m are removed. Deterministic.

    Raises
    ------
    ValueError
        If ``lattice_m`` is not positive.
    """
    if not lattice_m > 0:
        raise ValueError(f"lattice_m must be > 0 (got {lattice_m})")
    area = coverage_area(floor)
    if area.is_empty or area.area <= 0:
        return np.zeros((0, 2))
    inner = area.buffer(-inset_m) if inset_m > 0 else area
    if inner.is_empty:
        inner = area
    x0, y0, x1, y1 = area.bounds
    xs = np.arange(x0 + lattice_m / 2, x1, lattice_m)
    ys = np.arange(y0 + lattice_m / 2, y1, lattice_m)
    gx, gy = np.meshgrid(xs, ys)
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    keep = shapely.contains_xy(inner, pts[:, 0], pts[:, 1]) if len(pts) else np.zeros(0, bool)
    pts = pts[keep]
    extra = []
    for zone in floor.zones:
        geom = polygon(zone.polygon)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        part = geom.intersection(inner)
        if part.is_empty:
            continue
        c = geom.centroid
        p = c if shapely.contains_xy(part, c.x, c.y) else part.representative_point()
        extra.append([p.x, p.y])
    if not len(pts) and not extra:
        p = area.representative_point()
        extra.append([p.x, p.y])
    if extra:
        pts = np.vstack([pts, np.asarray(extra)]) if len(pts) else np.asarray(extra)
    pts = np.round(pts, 2)
    order = np.lexsort((pts[:, 0], pts[:, 1]))
    pts = pts[order]
    keep = np.ones(len(pts), bool)
    for i in range(1, len(pts)):
        d = np.hypot(*(pts[:i][keep[:i]] - pts[i]).T) if keep[:i].any() else np.array([np.inf])
        if d.min() < 0.1:
            keep[i] = False
    return pts[keep]
