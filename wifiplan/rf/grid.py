"""Sample grids over a floor: cell centres inside the outline and outside exclude areas."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from wifiplan.errors import InputError, LimitError
from wifiplan.model.building import Building
from wifiplan.model.geometry import coverage_area, floor_area

__all__ = ["MAX_GRID_POINTS", "Grid", "floor_grid"]

#: Largest number of grid cells (inside and outside) per floor map.
MAX_GRID_POINTS = 4_000_000


@dataclass(frozen=True)
class Grid:
    """Cell centres of a regular grid kept inside a floor's coverage area.

    Attributes
    ----------
    floor : str
        Floor name.
    grid_m : float
        Cell size, m.
    x0, y0 : float
        Lower-left corner of the grid (the outline's bounds), m; cell (iy, ix) has its
        centre at ``(x0 + (ix + 0.5)·grid_m, y0 + (iy + 0.5)·grid_m)``.
    shape : (ny, nx)
        Size of the full rectangular grid.
    ix, iy : ndarray of int, shape (n,)
        Column and row of each kept cell (row-major order: by iy, then ix).
    xy : ndarray, shape (n, 2)
        Kept cell centres, m.
    """

    floor: str
    grid_m: float
    x0: float
    y0: float
    shape: tuple[int, int]
    ix: np.ndarray
    iy: np.ndarray
    xy: np.ndarray

    @property
    def cell_area_m2(self) -> float:
        """Area of one cell, m²."""
        return self.grid_m * self.grid_m

    @property
    def n(self) -> int:
        """Number of kept cells."""
        return int(self.xy.shape[0])

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """``(xmin, xmax, ymin, ymax)`` of the full grid, m (for images)."""
        ny, nx = self.shape
        return (self.x0, self.x0 + nx * self.grid_m, self.y0, self.y0 + ny * self.grid_m)

    def to_image(self, values: np.ndarray, fill: float = np.nan) -> np.ndarray:
        """Scatter per-cell ``values`` (n,) into a (ny, nx) array, ``fill`` elsewhere."""
        image = np.full(self.shape, fill, dtype=float)
        image[self.iy, self.ix] = np.asarray(values, dtype=float)
        return image


def floor_grid(building: Building, floor_name: str, grid_m: float) -> Grid:
    """Grid of cell centres on ``floor_name`` every ``grid_m`` metres, inside its coverage area.

    A cell is kept when its centre lies in the outline (boundary included) and not inside
    an exclude area.

    >>> from wifiplan.model.building import Building
    >>> b = Building.model_validate({"floors": [{"name": "1F", "elevation_m": 0,
    ...     "outline": [[0, 0], [4, 0], [4, 2], [0, 2]]}]})
    >>> g = floor_grid(b, "1F", 1.0)
    >>> g.shape, g.n, g.xy[0].tolist()
    ((2, 4), 8, [0.5, 0.5])

    Raises
    ------
    InputError
        If the floor is unknown or ``grid_m`` is not positive.
    LimitError
        If the grid would have more than :data:`MAX_GRID_POINTS` cells.
    """
    try:
        floor = building.floor(floor_name)
    except KeyError:
        names = ", ".join(f.name for f in building.floors)
        raise InputError(f"unknown floor '{floor_name}'; the building has floors: {names}") from None
    if not (isinstance(grid_m, (int, float)) and math.isfinite(grid_m) and grid_m > 0):
        raise InputError(f"grid spacing must be a positive number of metres (got {grid_m})")
    xmin, ymin, xmax, ymax = floor_area(floor).bounds
    nx = max(1, int(math.ceil((xmax - xmin) / grid_m - 1e-9)))
    ny = max(1, int(math.ceil((ymax - ymin) / grid_m - 1e-9)))
    if nx * ny > MAX_GRID_POINTS:
        raise LimitError(
            f"floor {floor_name}: a {grid_m} m grid has {nx * ny:,} cells, more than {MAX_GRID_POINTS:,}; "
            "use a coarser grid (settings.grid_m)"
        )
    iy, ix = np.divmod(np.arange(nx * ny), nx)
    x = xmin + (ix + 0.5) * grid_m
    y = ymin + (iy + 0.5) * grid_m
    area = coverage_area(floor)
    shapely.prepare(area)
    inside = shapely.intersects_xy(area, x, y)
    xy = np.stack([x[inside], y[inside]], axis=1)
    return Grid(floor_name, float(grid_m), float(xmin), float(ymin), (ny, nx), ix[inside], iy[inside], xy)
