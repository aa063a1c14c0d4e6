"""Sample grids: cell centres inside the outline, outside exclude areas."""

from __future__ import annotations

import numpy as np
import pytest

from tests.rf.helpers import building
from wifiplan.errors import InputError, LimitError
from wifiplan.rf.grid import floor_grid


def test_rectangle_grid_centres_and_shape():
    g = floor_grid(building([{}]), "1F", 1.0)
    assert g.shape == (10, 20) and g.n == 200
    assert g.xy[:3].tolist() == [[0.5, 0.5], [1.5, 0.5], [2.5, 0.5]]
    assert g.cell_area_m2 == 1.0 and g.extent == (0.0, 20.0, 0.0, 10.0)
    assert np.all(g.xy[:, 0] == g.x0 + (g.ix + 0.5) * g.grid_m)


def test_exclude_areas_and_l_shaped_outline():
    b = building([{"outline": [[0, 0], [10, 0], [10, 4], [4, 4], [4, 10], [0, 10]],
                   "exclude": [[[0, 0], [2, 0], [2, 2], [0, 2]]]}])
    g = floor_grid(b, "1F", 1.0)
    # L-shape area 64 m², minus 4 m² excluded
    assert g.n == 60
    assert not np.any((g.xy[:, 0] < 2) & (g.xy[:, 1] < 2))
    assert not np.any((g.xy[:, 0] > 4) & (g.xy[:, 1] > 4))


def test_to_image_round_trip():
    g = floor_grid(building([{}]), "1F", 2.0)
    img = g.to_image(np.arange(g.n))
    assert img.shape == g.shape and img[g.iy, g.ix].tolist() == list(range(g.n))


def test_unknown_floor_lists_floors():
    with pytest.raises(InputError, match="1F"):
        floor_grid(building([{}]), "B1", 1.0)


def test_bad_spacing_and_limit():
    with pytest.raises(InputError):
        floor_grid(building([{}]), "1F", 0.0)
    with pytest.raises(LimitError):
        floor_grid(building([{"outline": [[0, 0], [5000, 0], [5000, 5000], [0, 5000]]}]), "1F", 0.5)
