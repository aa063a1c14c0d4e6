"""Wall crossings per material agree exactly with rf's wall-loss sums (vertices included)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from wifiplan.rf.crossing import wall_loss_db
from wifiplan.rf.features import wall_crossings
from wifiplan.rf.walls import build_wallset

NAMES = ["a", "b", "c", "d", "e", "f", "g"]
LOSS = {"a": 3.0, "b": 12.0, "c": 2.0, "d": 8.0, "e": 30.0, "f": 5.0, "g": 12.0}


def _walls(seed: int = 0):
    rng = np.random.default_rng(seed)
    segs, mats = [], []
    for i in range(40):
        p = rng.uniform(0, 50, 2)
        segs.append([p, p + rng.normal(0, 8, 2)])
        mats.append(NAMES[i % 7])
    for x in range(0, 50, 10):  # a grid: many shared vertices (X- and T-junctions)
        segs.append([[x, 0], [x, 50]])
        mats.append(NAMES[x // 10])
        segs.append([[0, x], [50, x]])
        mats.append(NAMES[(x // 10 + 2) % 7])
    return build_wallset(np.asarray(segs, float), mats)


@pytest.mark.parametrize("src", [(5.0, 5.0), (20.0, 20.0), (33.3, 17.1)])
def test_counts_times_loss_equal_rf_wall_loss(src: tuple[float, float]) -> None:
    walls = _walls()
    piece = walls.losses_db({m: {"5": v} for m, v in LOSS.items()}, "5")
    rng = np.random.default_rng(1)
    grid = np.array([[x, y] for x in range(0, 51, 5) for y in range(0, 51, 5)], float)  # through vertices
    rx = np.vstack([rng.uniform(0, 50, (1500, 2)), grid])
    counts = wall_crossings(walls, piece, np.array(src), rx, NAMES)
    assert counts.shape == (len(rx), 7) and counts.dtype.kind == "i"
    assert_allclose(counts @ np.array([LOSS[m] for m in NAMES]), wall_loss_db(walls, piece, np.array(src), rx), atol=1e-9)
    assert counts.sum() > 1000


def test_hand_counted_path() -> None:
    walls = build_wallset(np.array([[[1, -1], [1, 1]], [[2, -1], [2, 1]], [[3, -1], [3, 1]]], float), ["x", "y", "x"])
    counts = wall_crossings(walls, np.array([3.0, 9.0, 3.0]), np.array([0.0, 0.0]), np.array([[4.0, 0.0], [1.5, 0.0], [0.5, 0.0]]), ["x", "y"])
    assert_array_equal(counts, [[2, 1], [1, 0], [0, 0]])


def test_unknown_material_raises() -> None:
    walls = build_wallset(np.array([[[1, -1], [1, 1]]], float), ["x"])
    with pytest.raises(ValueError, match="not in materials"):
        wall_crossings(walls, np.array([3.0]), np.zeros(2), np.ones((1, 2)), ["y"])
