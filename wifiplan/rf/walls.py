"""Wall pieces of a floor prepared for crossing tests: overlaps resolved, junctions split.

Crossing rules (what "the straight path crosses a wall" means, exactly once)
------------------------------------------------------------------------------
The walls of a floor are first turned into an *arrangement* of pieces that meet only at
their end points:

1. **Inserts replace what they sit on.** Where two pieces are collinear (within
   :data:`COLLINEAR_TOL_M`) and overlap by more than :data:`TOL_M`, the *shorter* one
   wins the overlap and the longer one is cut there (a door or window drawn on top of a
   wall line replaces that part of the wall; only the door counts). Equal lengths: the one
   listed later in the file wins (drawn last, like paint). The cut wall ends exactly on the
   insert's end points, so they share vertices.
2. **Junctions become vertices.** A piece is split wherever another piece ends on it
   (T-junction) or crosses it (X-junction), so no two pieces touch except at end points.

A path from the AP (seen from above) to a receiver then adds losses as follows:

* **Proper crossing** of a piece's interior (the path strictly from one side to the
  other): the piece's loss, once.
* **Through a vertex** (a corner, a polyline bend, a T- or X-junction, the edge of a
  door): the pieces meeting there are counted *once* together, if and only if some of them
  lie strictly on the left of the path and some strictly on the right (the path really
  passes from one side of the wall to the other). The loss is what the path would meet if
  moved an infinitesimal distance to its better side, counted once: for each side the
  largest loss among the pieces on that side, then the smaller of the two. So a straight
  wall or a polyline bend counts its own loss; a path through a T-junction that does not
  enter the stem's side counts the through wall only; touching a corner or a free wall end
  from one side counts 0.
* **Along a wall** (collinear): a piece running along the path is not crossed (0); it
  does not decide the side test at its vertices either.
* **Ends on a wall**: an AP or receiver lying on a wall (within :data:`TOL_M`) does not
  cross it; a path must reach strictly beyond the wall.

Across floors no walls are counted (format 1); slabs are handled by the engine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import shapely

from wifiplan.model.building import Floor

__all__ = ["TOL_M", "COLLINEAR_TOL_M", "WallSet", "prepare_walls", "build_wallset"]

#: Geometric tolerance, m: points closer than this to a line are on it.
TOL_M = 1e-6
#: Two pieces closer than this to each other's lines count as collinear (door on a wall), m.
COLLINEAR_TOL_M = 1e-3
#: Coordinates are rounded to this many decimals (µm) before building the arrangement.
_DECIMALS = 6


@dataclass(frozen=True)
class WallSet:
    """The wall pieces of one floor, ready for vectorised crossing tests.

    Attributes
    ----------
    start, end : ndarray, shape (k, 2)
        End points of each piece, m.
    material : tuple of str
        Material name of each piece.
    vertex : ndarray of int, shape (k, 2)
        Vertex id of the start and end point; equal ids = the same point.
    n_vertices : int
        Number of distinct vertices.
    source : ndarray of int, shape (k,)
        Index of the raw segment (consecutive points of the walls, in file order) it came from.
    """

    start: np.ndarray
    end: np.ndarray
    material: tuple[str, ...]
    vertex: np.ndarray
    n_vertices: int
    source: np.ndarray

    def __len__(self) -> int:
        return int(self.start.shape[0])

    @property
    def length_m(self) -> np.ndarray:
        """Length of each piece, m, shape (k,)."""
        return np.hypot(*(self.end - self.start).T)

    def losses_db(self, losses: dict[str, dict[str, float]], band: str) -> np.ndarray:
        """Loss per crossing of each piece on ``band``, dB, shape (k,)."""
        table = {name: float(losses[name][band]) for name in set(self.material)}
        return np.array([table[m] for m in self.material], dtype=float)


def prepare_walls(floor: Floor) -> WallSet:
    """The :class:`WallSet` of ``floor`` (cached on the walls' geometry and materials)."""
    key = tuple((w.material, tuple(tuple(p) for p in w.path)) for w in floor.walls)
    return _prepare_cached(key)


@functools.lru_cache(maxsize=64)
def _prepare_cached(key: tuple) -> WallSet:
    segs: list[list[list[float]]] = []
    mats: list[str] = []
    for material, path in key:
        for a, b in zip(path[:-1], path[1:], strict=False):
            segs.append([list(a), list(b)])
            mats.append(material)
    array = np.asarray(segs, dtype=float).reshape(-1, 2, 2)
    return build_wallset(array, mats)


def build_wallset(segments: np.ndarray, materials: list[str]) -> WallSet:
    """Build the arrangement from raw pieces ``segments`` (k, 2, 2) m and their materials.

    See the module notes for the rules. Zero-length pieces are dropped.

    Raises
    ------
    ValueError
        If the shapes disagree or a coordinate is not finite.
    """
    segs = np.asarray(segments, dtype=float).reshape(-1, 2, 2)
    if len(materials) != segs.shape[0]:
        raise ValueError(f"{segs.shape[0]} segments but {len(materials)} materials")
    if not np.all(np.isfinite(segs)):
        raise ValueError("wall coordinates must be finite")
    segs = np.round(segs, _DECIMALS) + 0.0
    keep = np.any(np.abs(segs[:, 0] - segs[:, 1]) > TOL_M, axis=1)
    source = np.nonzero(keep)[0]
    segs = segs[keep]
    mats = [materials[i] for i in source]
    segs, mats, source = _resolve_overlaps(segs, mats, source)
    segs, mats, source = _split_junctions(segs, mats, source)
    if segs.shape[0] == 0:
        empty = np.zeros((0, 2))
        return WallSet(empty, empty.copy(), (), np.zeros((0, 2), dtype=int), 0, np.zeros(0, dtype=int))
    pts = segs.reshape(-1, 2)
    _, inverse = np.unique(np.round(pts, _DECIMALS), axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    vertex = inverse.reshape(-1, 2)
    start = np.ascontiguousarray(segs[:, 0])
    end = np.ascontiguousarray(segs[:, 1])
    return WallSet(start, end, tuple(mats), vertex, int(inverse.max()) + 1, np.asarray(source, dtype=int))


def _candidate_pairs(segs: np.ndarray, distance: float) -> np.ndarray:
    """Index pairs (p, 2) with i < j of pieces within ``distance`` of each other (STRtree)."""
    if segs.shape[0] < 2:
        return np.zeros((0, 2), dtype=int)
    lines = shapely.linestrings(segs)
    tree = shapely.STRtree(lines)
    pairs = tree.query(lines, predicate="dwithin", distance=distance)
    i, j = pairs
    mask = i < j
    return np.stack([i[mask], j[mask]], axis=1)


def _line_distance(seg_a: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Signed distance of ``pts`` (p, 2) from the infinite lines of ``seg_a`` (p, 2, 2)."""
    d = seg_a[:, 1] - seg_a[:, 0]
    length = np.hypot(d[:, 0], d[:, 1])
    rel = pts - seg_a[:, 0]
    return (d[:, 0] * rel[:, 1] - d[:, 1] * rel[:, 0]) / length


def _resolve_overlaps(segs: np.ndarray, mats: list[str], source: np.ndarray):
    """Cut every piece where a shorter collinear piece overlaps it (inserts replace walls)."""
    pairs = _candidate_pairs(segs, COLLINEAR_TOL_M)
    if pairs.shape[0] == 0:
        return segs, mats, source
    a, b = segs[pairs[:, 0]], segs[pairs[:, 1]]
    dist = np.stack([
        _line_distance(a, b[:, 0]), _line_distance(a, b[:, 1]),
        _line_distance(b, a[:, 0]), _line_distance(b, a[:, 1]),
    ])
    collinear = np.all(np.abs(dist) <= COLLINEAR_TOL_M, axis=0)
    pairs = pairs[collinear]
    if pairs.shape[0] == 0:
        return segs, mats, source
    length = np.hypot(*(segs[:, 1] - segs[:, 0]).T)
    cuts: dict[int, list[tuple[float, float, np.ndarray, np.ndarray]]] = {}
    for i, j in pairs.tolist():
        # winner: shorter piece; equal length (within TOL_M): the later one.
        if abs(length[i] - length[j]) <= TOL_M:
            win, lose = max(i, j), min(i, j)
        else:
            win, lose = (i, j) if length[i] < length[j] else (j, i)
        p0, p1 = segs[lose]
        direction = (p1 - p0) / length[lose]
        w0, w1 = segs[win]
        s0, s1 = float(np.dot(w0 - p0, direction)), float(np.dot(w1 - p0, direction))
        if s0 > s1:
            s0, s1, w0, w1 = s1, s0, w1, w0
        lo, hi = max(s0, 0.0), min(s1, float(length[lose]))
        if hi - lo <= TOL_M:
            continue  # end-to-end contact only
        lo_pt = w0 if s0 >= 0.0 else p0
        hi_pt = w1 if s1 <= length[lose] else p1
        cuts.setdefault(lose, []).append((lo, hi, lo_pt, hi_pt))
    if not cuts:
        return segs, mats, source
    out_segs: list[np.ndarray] = []
    out_mats: list[str] = []
    out_src: list[int] = []
    for k in range(segs.shape[0]):
        if k not in cuts:
            out_segs.append(segs[k])
            out_mats.append(mats[k])
            out_src.append(int(source[k]))
            continue
        p0, p1 = segs[k]
        cursor_s, cursor_pt = 0.0, p0
        for lo, hi, lo_pt, hi_pt in sorted(cuts[k], key=lambda c: (c[0], c[1])):
            if lo - cursor_s > TOL_M:
                out_segs.append(np.stack([cursor_pt, lo_pt]))
                out_mats.append(mats[k])
                out_src.append(int(source[k]))
            if hi > cursor_s:
                cursor_s, cursor_pt = hi, hi_pt
        if float(length[k]) - cursor_s > TOL_M:
            out_segs.append(np.stack([cursor_pt, p1]))
            out_mats.append(mats[k])
            out_src.append(int(source[k]))
    if not out_segs:
        return np.zeros((0, 2, 2)), [], np.zeros(0, dtype=int)
    return np.stack(out_segs), out_mats, np.asarray(out_src, dtype=int)


def _split_junctions(segs: np.ndarray, mats: list[str], source: np.ndarray):
    """Split pieces where another piece ends on them or crosses them."""
    pairs = _candidate_pairs(segs, TOL_M)
    if pairs.shape[0] == 0:
        return segs, mats, source
    i, j = pairs[:, 0], pairs[:, 1]
    a0, a1 = segs[i, 0], segs[i, 1]
    b0, b1 = segs[j, 0], segs[j, 1]
    da, db = a1 - a0, b1 - b0
    la, lb = np.hypot(*da.T), np.hypot(*db.T)
    denom = da[:, 0] * db[:, 1] - da[:, 1] * db[:, 0]
    rel = b0 - a0
    with np.errstate(divide="ignore", invalid="ignore"):
        ta = (rel[:, 0] * db[:, 1] - rel[:, 1] * db[:, 0]) / denom
        tb = (rel[:, 0] * da[:, 1] - rel[:, 1] * da[:, 0]) / denom
    parallel = np.abs(denom) <= TOL_M * la * lb
    point = a0 + ta[:, None] * da
    # Snap the junction to an existing end point when it is one (exact shared vertices).
    ends = np.stack([a0, a1, b0, b1], axis=1)  # (p, 4, 2)
    near = np.hypot(*(ends - point[:, None, :]).transpose(2, 0, 1)) <= 10 * TOL_M
    has_end = near.any(axis=1)
    first = near.argmax(axis=1)
    point = np.where(has_end[:, None], ends[np.arange(len(first)), first], point)
    on_a = (ta * la >= -10 * TOL_M) & (ta * la <= la + 10 * TOL_M)
    on_b = (tb * lb >= -10 * TOL_M) & (tb * lb <= lb + 10 * TOL_M)
    valid = ~parallel & on_a & on_b & np.isfinite(ta) & np.isfinite(tb)
    splits: dict[int, list[np.ndarray]] = {}
    for idx in np.nonzero(valid)[0].tolist():
        pt = np.round(point[idx], _DECIMALS) + 0.0
        for k in (int(i[idx]), int(j[idx])):
            p0, p1 = segs[k]
            if np.hypot(*(pt - p0)) > 10 * TOL_M and np.hypot(*(pt - p1)) > 10 * TOL_M:
                splits.setdefault(k, []).append(pt)
    if not splits:
        return segs, mats, source
    out_segs: list[np.ndarray] = []
    out_mats: list[str] = []
    out_src: list[int] = []
    for k in range(segs.shape[0]):
        if k not in splits:
            out_segs.append(segs[k])
            out_mats.append(mats[k])
            out_src.append(int(source[k]))
            continue
        p0, p1 = segs[k]
        d = p1 - p0
        pts = sorted(splits[k], key=lambda p: float(np.dot(p - p0, d)))
        chain = [p0]
        for p in pts:
            if np.hypot(*(p - chain[-1])) > 10 * TOL_M:
                chain.append(p)
        if np.hypot(*(p1 - chain[-1])) <= 10 * TOL_M:
            chain[-1] = p1
        else:
            chain.append(p1)
        for q0, q1 in zip(chain[:-1], chain[1:], strict=False):
            out_segs.append(np.stack([q0, q1]))
            out_mats.append(mats[k])
            out_src.append(int(source[k]))
    return np.stack(out_segs), out_mats, np.asarray(out_src, dtype=int)
