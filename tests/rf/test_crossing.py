"""Wall crossings: counted once and only then (corners, T-junctions, collinear, doors)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from numpy.testing import assert_allclose

from tests.rf.helpers import LOSS, crossing_loss
from wifiplan.rf import crossing
from wifiplan.rf.crossing import wall_loss_db
from wifiplan.rf.walls import build_wallset


def one(walls, src, dst) -> float:
    return float(crossing_loss(walls, src, [dst])[0])


def test_plain_crossing_counts_the_wall():
    assert one([("a", [[0, -5], [0, 5]])], [-3, 0.3], [3, -0.7]) == LOSS["a"]


def test_path_ending_before_the_wall_counts_nothing():
    assert one([("a", [[0, -5], [0, 5]])], [-3, 0], [-0.5, 1]) == 0.0


def test_path_passing_beside_a_wall_counts_nothing():
    assert one([("a", [[0, 1], [0, 5]])], [-3, 0], [3, 0.5]) == 0.0


def test_two_walls_both_count():
    walls = [("a", [[0, -5], [0, 5]]), ("b", [[2, -5], [2, 5]])]
    assert one(walls, [-3, 0.2], [3, 0.1]) == LOSS["a"] + LOSS["b"]


@pytest.mark.parametrize("dst", [[3, 0.0], [3, 2.0], [3, -2.0]])
def test_straight_polyline_vertex_counts_once(dst):
    # the path from (-3, 0) to (3, 0) passes exactly through the vertex (0, 0)
    walls = [("a", [[0, -5], [0, 0], [0, 5]])]
    src = [-3.0, -dst[1]]
    assert one(walls, src, dst) == LOSS["a"]


def test_bent_polyline_crossed_at_its_bend_counts_once():
    # a "<" opening to the west: the path leaves it through the apex
    walls = [("a", [[-1, -1], [0, 0], [-1, 1]])]
    assert one(walls, [-0.5, 0], [3, 0]) == LOSS["a"]


def test_touching_a_bend_from_outside_counts_zero():
    # a "V" whose apex touches the path from below
    walls = [("a", [[-1, -1], [0, 0], [1, -1]])]
    assert one(walls, [-3, 0], [3, 0]) == 0.0


def test_touching_a_free_wall_end_counts_zero():
    walls = [("b", [[0, 0], [0, -5]])]
    assert one(walls, [-3, 0], [3, 0]) == 0.0
    assert one(walls, [-3, 1], [3, -1]) == 0.0  # diagonal through the end point (0, 0)


def test_l_corner_entered_through_the_corner_counts_once():
    # two separate walls meeting at (0, 0): arms east (a) and north (b)
    walls = [("a", [[0, 0], [5, 0]]), ("b", [[0, 0], [0, 5]])]
    # SW -> NE: moved to either side, the path crosses one arm: the better side (a) counts
    assert one(walls, [-2, -2], [2, 2]) == min(LOSS["a"], LOSS["b"])
    # NW -> SE touches the corner from outside: nothing
    assert one(walls, [-2, 2], [2, -2]) == 0.0


def test_polyline_corner_is_one_wall():
    walls = [("b", [[5, 0], [0, 0], [0, 5]])]
    assert one(walls, [-2, -2], [2, 2]) == LOSS["b"]
    assert one(walls, [-2, 2], [2, -2]) == 0.0


@pytest.mark.parametrize(
    ("src", "dst"),
    [([-3, 0], [3, 0]),        # along the stem after the junction
     ([-3, -3], [3, 3]),       # SW -> NE, ends north of the stem
     ([-3, 1], [3, -1])],      # NW -> SE, ends south of the stem
)
def test_t_junction_counts_the_through_wall_once(src, dst):
    # through wall x = 0 (a, 3 dB), stem along y = 0 east of it (b, 10 dB)
    walls = [("a", [[0, -5], [0, 5]]), ("b", [[0, 0], [5, 0]])]
    assert one(walls, src, dst) == LOSS["a"]


def test_t_junction_path_through_the_stem_counts_both():
    walls = [("a", [[0, -5], [0, 5]]), ("b", [[0, 0], [5, 0]])]
    assert one(walls, [-3, 3], [3, -1]) == LOSS["a"] + LOSS["b"]


def test_x_junction_counts_once():
    walls = [("a", [[-5, -5], [5, 5]]), ("b", [[-5, 5], [5, -5]])]
    # along x through the crossing point: moved either way it would cross both walls;
    # the point counts once, with the larger loss
    assert one(walls, [-3, 0], [3, 0]) == max(LOSS["a"], LOSS["b"])
    # a path missing the crossing point crosses both
    assert one(walls, [-3, 0.5], [3, 0.5]) == LOSS["a"] + LOSS["b"]


def test_collinear_path_along_a_wall_counts_zero():
    walls = [("a", [[0, 0], [10, 0]])]
    assert one(walls, [-2, 0], [5, 0]) == 0.0
    assert one(walls, [2, 0], [12, 0]) == 0.0
    assert one(walls, [-2, 0], [12, 0]) == 0.0


def test_collinear_path_through_a_crossing_wall_counts_it():
    # along wall a (collinear) then through wall b crossing at x = 5
    walls = [("a", [[0, 0], [10, 0]]), ("b", [[5, -5], [5, 5]])]
    assert one(walls, [-2, 0], [12, 0]) == LOSS["b"]


def test_door_drawn_on_top_of_a_wall_replaces_it():
    walls = [("b", [[0, 0], [10, 0]]), ("door", [[4, 0], [5, 0]])]
    assert one(walls, [4.5, -3], [4.5, 3]) == LOSS["door"]
    assert one(walls, [2.0, -3], [2.0, 3]) == LOSS["b"]
    assert one(walls, [7.0, -3], [7.5, 3]) == LOSS["b"]


def test_door_listed_before_the_wall_also_replaces_it():
    walls = [("door", [[4, 0], [5, 0]]), ("b", [[0, 0], [10, 0]])]
    assert one(walls, [4.5, -3], [4.2, 3]) == LOSS["door"]


def test_door_between_wall_pieces_counts_only_the_door():
    walls = [("b", [[0, 0], [4, 0]]), ("door", [[4, 0], [5, 0]]), ("b", [[5, 0], [10, 0]])]
    assert one(walls, [4.5, -3], [4.5, 3]) == LOSS["door"]


@pytest.mark.parametrize("drawn_on_top", [True, False])
def test_path_through_a_door_edge_counts_once(drawn_on_top):
    if drawn_on_top:
        walls = [("b", [[0, 0], [10, 0]]), ("door", [[4, 0], [5, 0]])]
    else:
        walls = [("b", [[0, 0], [4, 0]]), ("door", [[4, 0], [5, 0]]), ("b", [[5, 0], [10, 0]])]
    # exactly through the door jamb (4, 0): once, the better side (the door)
    assert one(walls, [4, -3], [4, 3]) == LOSS["door"]
    assert one(walls, [3, -3], [5, 3]) == LOSS["door"]


def test_duplicate_walls_count_once():
    walls = [("a", [[0, -5], [0, 5]]), ("b", [[0, -5], [0, 5]])]
    # equal length: the later one wins
    assert one(walls, [-3, 0.5], [3, 0.5]) == LOSS["b"]


def test_overlapping_collinear_walls_count_once():
    # equal lengths: the later one (b) wins the overlap 4..6
    walls = [("a", [[0, 0], [6, 0]]), ("b", [[4, 0], [10, 0]])]
    assert one(walls, [5, -3], [5, 3]) == LOSS["b"]
    assert one(walls, [1, -3], [1, 3]) == LOSS["a"]
    # different lengths: the shorter one (a) wins
    walls = [("a", [[0, 0], [6, 0]]), ("b", [[4, 0], [12, 0]])]
    assert one(walls, [5, -3], [5, 3]) == LOSS["a"]
    assert one(walls, [8, -3], [8, 3]) == LOSS["b"]


def test_receiver_on_a_wall_does_not_cross_it():
    walls = [("a", [[0, -5], [0, 5]])]
    assert one(walls, [-3, 0.3], [0, 1]) == 0.0


def test_ap_on_a_wall_line_does_not_cross_it():
    walls = [("a", [[0, -5], [0, 5]])]
    assert one(walls, [0, 0.3], [3, 1]) == 0.0
    assert one(walls, [0, 0.3], [-3, 1]) == 0.0


def test_receiver_at_the_source_is_zero():
    walls = [("a", [[0, -5], [0, 5]])]
    assert one(walls, [1, 1], [1, 1]) == 0.0


def test_many_receivers_in_one_call_match_single_calls():
    walls = [("a", [[0, -5], [0, 5]]), ("b", [[0, 0], [5, 0]]), ("door", [[2, 0], [3, 0]])]
    pts = np.array([[3, 3], [3, -3], [2.5, -2], [-3, 0], [4, 1], [6, -0.5]], dtype=float)
    many = crossing_loss(walls, [-2, 1], pts)
    single = [one(walls, [-2, 1], p) for p in pts]
    assert_allclose(many, single, atol=1e-12)


def _naive(walls, src, pts):
    """Reference: shapely LineString intersection, each wall piece separately."""
    out = np.zeros(len(pts))
    for i, p in enumerate(pts):
        path = shapely.LineString([src, p])
        for material, poly in walls:
            for q0, q1 in zip(poly[:-1], poly[1:], strict=False):
                if path.intersects(shapely.LineString([q0, q1])):
                    out[i] += LOSS[material]
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_walls_match_a_shapely_reference(seed):
    rng = np.random.default_rng(seed)
    walls = [(str(rng.choice(["a", "b", "c"])), rng.uniform(0, 30, size=(2, 2)).round(3).tolist()) for _ in range(40)]
    pts = rng.uniform(0, 30, size=(300, 2))
    src = rng.uniform(0, 30, size=2)
    # random walls cross each other; the arrangement splits them, which changes nothing
    # for paths away from junctions (random points never hit one exactly)
    assert_allclose(crossing_loss(walls, src, pts), _naive(walls, src, pts), atol=1e-9)


def test_chunking_gives_the_same_result(monkeypatch):
    rng = np.random.default_rng(5)
    walls = [("a", rng.uniform(0, 30, size=(2, 2)).tolist()) for _ in range(30)]
    walls += [("b", [[10, 0], [10, 10], [20, 10]]), ("door", [[10, 4], [10, 5]])]
    pts = np.vstack([rng.uniform(0, 30, size=(200, 2)), [[10, 7], [15, 10], [10, 4.5]]])
    src = np.array([5.0, 7.0])
    expected = crossing_loss(walls, src, pts)
    monkeypatch.setattr(crossing, "CHUNK_PAIRS", 7)
    assert_allclose(crossing_loss(walls, src, pts), expected, atol=1e-12)


def test_no_walls_or_no_receivers():
    ws = build_wallset(np.zeros((0, 2, 2)), [])
    assert wall_loss_db(ws, np.zeros(0), np.array([0.0, 0.0]), np.array([[1.0, 1.0]])).tolist() == [0.0]
    ws = build_wallset(np.array([[[0, 0], [1, 0]]], dtype=float), ["a"])
    assert wall_loss_db(ws, np.ones(1), np.array([0.0, 0.0]), np.zeros((0, 2))).shape == (0,)


@pytest.mark.parametrize("src", [[1.5e-6, -1.5e-6], [3e-6, 1e-6], [2e-5, -1e-5]])
def test_source_micrometres_from_a_corner_never_double_counts(src):
    # every path starts within µm of the corner (0, 0): the tolerance decides, but a wall is
    # never counted more often than shapely sees it touched, and far walls still count
    walls = [("b", [[0, 0], [0, 5]]), ("a", [[0, 5], [3, 5]]), ("c", [[0, 0], [-2, -1]])]
    pts = np.vstack([np.random.default_rng(0).uniform(-5, 5, size=(400, 2)), [[1, 7], [2, 6], [1.5, 9], [0.6, 8], [2.4, 5.6]]])
    ours = crossing_loss(walls, src, pts)
    ref = _naive(walls, src, pts)
    assert np.all(ours <= ref + 1e-9)
    beyond_a = (pts[:, 1] > 5.5) & (pts[:, 0] > 0.5) & (pts[:, 0] < 2.5)
    assert beyond_a.sum() >= 5
    assert_allclose(ours[beyond_a], LOSS["a"])
    far = crossing_loss(walls, [0.3, 0.2], pts)
    assert_allclose(far, _naive(walls, [0.3, 0.2], pts), atol=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_slab_sweep_equals_the_candidate_method(seed):
    # a room grid with doors (many shared vertices, T-junctions) plus random walls, and
    # receivers on a grid aligned with the walls (paths through vertices, receivers on walls)
    rng = np.random.default_rng(seed)
    segs, mats = [], []
    for x in range(0, 31, 5):
        segs += [[[x, 0], [x, 12]], [[x, 12], [x, 13]], [[x, 13], [x, 30]]]
        mats += ["a", "door", "a"]
        segs.append([[0, x], [30, x]])
        mats.append("b")
    for _ in range(30):
        p = rng.uniform(0, 30, 2)
        segs.append([p, p + rng.normal(0, 4, 2)])
        mats.append("c")
    ws = build_wallset(np.asarray(segs, dtype=float), mats)
    piece_loss = np.array([LOSS[m] for m in ws.material])
    gx, gy = np.meshgrid(np.arange(0.0, 30.01, 0.5), np.arange(0.0, 30.01, 0.5))
    pts = np.stack([gx.ravel(), gy.ravel()], axis=1)
    for src in (rng.uniform(0, 30, 2), np.array([12.5, 7.5]), np.array([10.0, 2.5])):
        slabs = wall_loss_db(ws, piece_loss, src, pts)
        cands = wall_loss_db(ws, piece_loss, src, pts, method="candidates")
        assert_allclose(slabs, cands, atol=1e-9)


def test_unknown_method():
    ws = build_wallset(np.array([[[0, 0], [1, 0]]], dtype=float), ["a"])
    with pytest.raises(ValueError, match="slabs"):
        wall_loss_db(ws, np.ones(1), np.array([0.0, 1.0]), np.array([[0.5, -1.0]]), method="fast")


def _room_walls():
    segs = np.array([[[0, 0], [20, 0]], [[20, 0], [20, 10]], [[20, 10], [0, 10]], [[0, 10], [0, 0]],
                     [[8, 0], [8, 6]], [[14, 4], [14, 10]]], float)
    return build_wallset(segs, ["concrete"] * 4 + ["drywall", "glass"])


def test_kept_rows_give_the_computed_rows(monkeypatch):
    """Row cache: a repeated call, a call on a subset of receivers (range culling) and a call after a
    partial one all return what the computation gives without the cache."""
    walls = _room_walls()
    db = {"concrete": 12.0, "drywall": 3.3, "glass": 2.1}  # 3.3 and 2.1: float32 would not hold the sums
    loss = np.array([db[m] for m in walls.material])
    src = np.array([[2.0, 2.0], [10.0, 8.0], [18.0, 5.0]])
    gx, gy = np.meshgrid(np.arange(0.5, 20, 1.0), np.arange(0.5, 10, 1.0))
    rx = np.column_stack([gx.ravel(), gy.ravel()])
    active = np.random.default_rng(0).random((3, len(rx))) < 0.5
    monkeypatch.setattr(crossing, "ROW_CACHE_BYTES", 0)
    want_full = crossing.wall_loss_many_db(walls, loss, src, rx)
    want_part = crossing.wall_loss_many_db(walls, loss, src, rx, active=active)
    monkeypatch.setattr(crossing, "ROW_CACHE_BYTES", 2**24)
    crossing.clear_row_cache()
    first_part = crossing.wall_loss_many_db(walls, loss, src, rx, active=active)   # partial rows kept
    full = crossing.wall_loss_many_db(walls, loss, src, rx)                         # not enough: computed
    again = crossing.wall_loss_many_db(walls, loss, src, rx)                        # from the cache
    part = crossing.wall_loss_many_db(walls, loss, src, rx, active=active)          # subset of kept rows
    assert crossing._ROWS.rows and crossing._ROWS.bytes > 0
    for got, want in ((first_part, want_part), (full, want_full), (again, want_full), (part, want_part)):
        assert np.array_equal(got, want)
    # other losses (another band) are other rows
    other = crossing.wall_loss_many_db(walls, loss * 2, src, rx)
    assert_allclose(other, 2 * want_full, atol=1e-9)
    crossing.clear_row_cache()
    assert crossing._ROWS.bytes == 0


def test_kept_slab_index_gives_the_computed_losses(monkeypatch):
    """A source's slab index, kept from an earlier call, gives the same losses as a fresh one
    (and the two stable sorts give lexsort's order)."""
    walls = _room_walls()
    loss = np.array([{"concrete": 12.0, "drywall": 3.3, "glass": 2.1}[m] for m in walls.material])
    rng = np.random.default_rng(5)
    rx = rng.uniform([0.2, 0.2], [19.8, 9.8], (400, 2))
    crossing.clear_row_cache()
    fresh = [wall_loss_db(walls, loss, s, rx) for s in ([3.0, 3.0], [11.0, 7.5])]
    assert crossing._INDEX.items                                  # the indexes were kept
    again = [wall_loss_db(walls, loss, s, rx[::-1]) for s in ([3.0, 3.0], [11.0, 7.5])]
    for a, b in zip(fresh, again, strict=True):
        assert np.array_equal(a, b[::-1])
    exact = [wall_loss_db(walls, loss, s, rx, method="candidates") for s in ([3.0, 3.0], [11.0, 7.5])]
    for a, b in zip(fresh, exact, strict=True):
        assert_allclose(a, b, atol=1e-9)
    crossing.clear_row_cache()
    assert not crossing._INDEX.items
