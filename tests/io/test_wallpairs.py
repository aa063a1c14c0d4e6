"""Double-line walls: face pairs become centre lines; single lines, columns and other materials stay."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.io.wallpairs import merge_double_walls


def total(walls, material=None) -> float:
    return sum(float(np.hypot(*np.diff(p, axis=0).T).sum()) for m, p in walls if material in (None, m))


def test_faces_become_a_centre_line() -> None:
    walls = [("concrete", np.array([[0, 0], [10, 0], [10, 0.2], [0, 0.2], [0, 0]], float))]
    out, pairs = merge_double_walls(walls)
    assert pairs == 1
    centre = [p for _, p in out if np.allclose(p[:, 1], 0.1)]
    assert len(centre) == 1 and total([("c", centre[0])]) == pytest.approx(10)
    assert total(out) == pytest.approx(10 + 2 * 0.2)  # the two end caps stay


def test_door_gap_in_one_face() -> None:
    walls = [("drywall", np.array([[0, 0], [10, 0]], float)), ("drywall", np.array([[0, 0.1], [4, 0.1]], float)),
             ("drywall", np.array([[5, 0.1], [10, 0.1]], float))]
    out, pairs = merge_double_walls(walls)
    assert pairs == 2
    assert total(out) == pytest.approx(10)  # 9 m of centre line + 1 m of the single face at the gap
    ys = sorted({round(float(y), 3) for _, p in out for y in p[:, 1]})
    assert ys == [0.0, 0.05]


@pytest.mark.parametrize("walls", [
    [("drywall", np.array([[0, 0], [10, 0]], float)), ("drywall", np.array([[0, 1.5], [10, 1.5]], float))],  # corridor
    [("drywall", np.array([[0, 0], [10, 0]], float)), ("glass", np.array([[0, 0.1], [10, 0.1]], float))],  # materials differ
    [("drywall", np.array([[0, 0], [10, 0]], float)), ("drywall", np.array([[0, 0.1], [10, 1.0]], float))],  # 5° apart: not parallel
    [("drywall", np.array([[0, 0], [10, 0]], float)), ("drywall", np.array([[10.05, 0.1], [20, 0.1]], float))],  # no overlap
])
def test_kept_apart(walls) -> None:
    out, pairs = merge_double_walls(walls)
    assert pairs == 0
    assert total(out) == pytest.approx(total(walls))


def test_column_circle_is_not_merged() -> None:
    t = np.linspace(0, 2 * np.pi, 17)
    circle = np.column_stack([0.3 * np.cos(t), 0.3 * np.sin(t)])
    out, pairs = merge_double_walls([("concrete", circle)])
    assert pairs == 0
    assert total(out) == pytest.approx(total([("c", circle)]))


def test_line_drawn_twice_merges() -> None:
    line = np.array([[0, 0], [5, 0]], float)
    out, pairs = merge_double_walls([("drywall", line), ("drywall", line.copy())])
    assert pairs == 1 and total(out) == pytest.approx(5)


def test_thickness_limit() -> None:
    walls = [("concrete", np.array([[0, 0], [10, 0]], float)), ("concrete", np.array([[0, 0.5], [10, 0.5]], float))]
    assert merge_double_walls(walls, max_thickness_m=0.4)[1] == 0
    out, pairs = merge_double_walls(walls, max_thickness_m=0.6)
    assert pairs == 1
    assert_allclose(out[0][1][:, 1], 0.25)
