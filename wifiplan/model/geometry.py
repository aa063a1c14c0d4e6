"""Shapely views of model geometry (built at stage edges, never stored in models)."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from wifiplan.model.building import Floor

__all__ = ["polygon", "floor_area", "coverage_area", "wall_segments"]


def polygon(points: list[list[float]]) -> Polygon:
    """A shapely polygon from a ring given open or closed."""
    coords = [tuple(p) for p in points]
    if len(coords) > 1 and coords[0] == coords[-1]:
        coords = coords[:-1]
    return Polygon(coords)


def floor_area(floor: Floor) -> BaseGeometry:
    """The floor's outline as a valid polygon (repaired with make_valid when needed)."""
    geom = polygon(floor.outline)
    return geom if geom.is_valid else shapely.make_valid(geom)


def coverage_area(floor: Floor) -> BaseGeometry:
    """Where coverage is asked and APs may be mounted: the outline minus exclude areas, m²."""
    area = floor_area(floor)
    if floor.exclude:
        holes = shapely.union_all([shapely.make_valid(polygon(p)) for p in floor.exclude])
        area = area.difference(holes)
    return area


def wall_segments(floor: Floor) -> tuple[np.ndarray, list[str]]:
    """All wall pieces of a floor as an array of shape (n, 2, 2) [m] and their materials.

    Zero-length pieces are dropped.
    """
    segs: list[np.ndarray] = []
    mats: list[str] = []
    for wall in floor.walls:
        pts = np.asarray(wall.path, dtype=float)
        pieces = np.stack([pts[:-1], pts[1:]], axis=1)
        keep = np.any(pieces[:, 0] != pieces[:, 1], axis=1)
        segs.append(pieces[keep])
        mats.extend([wall.material] * int(keep.sum()))
    if not segs:
        return np.zeros((0, 2, 2)), []
    return np.concatenate(segs, axis=0), mats


