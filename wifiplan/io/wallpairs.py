"""Double-line walls (both faces drawn, as CAD plans do) merged into centre lines, so each wall counts once."""

from __future__ import annotations

import numpy as np
import shapely

__all__ = ["merge_double_walls", "MAX_WALL_THICKNESS_M", "MIN_OVERLAP_M"]

#: Two parallel lines of one material at most this far apart are the faces of one wall, m
#: (thick concrete walls are 0.3–0.6 m; corridors are wider than 0.9 m).
MAX_WALL_THICKNESS_M = 0.6
#: Faces must run side by side for at least this length to pair, m (column chords don't).
MIN_OVERLAP_M = 0.2
#: Parallel within this angle, degrees.
_MAX_ANGLE_DEG = 3.0


def _subtract(intervals: list[tuple[float, float]], cut: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = list(intervals)
    for c0, c1 in cut:
        nxt = []
        for a, b in out:
            if c1 <= a or c0 >= b:
                nxt.append((a, b))
                continue
            if c0 > a:
                nxt.append((a, c0))
            if c1 < b:
                nxt.append((c1, b))
        out = nxt
    return out


def merge_double_walls(
    walls: list[tuple[str, np.ndarray]],
    *,
    max_thickness_m: float = MAX_WALL_THICKNESS_M,
    min_overlap_m: float = MIN_OVERLAP_M,
) -> tuple[list[tuple[str, np.ndarray]], int]:
    """Replace pairs of parallel face lines by their centre line; return (walls, pairs merged).

    Parameters
    ----------
    walls
        ``(material, points (k, 2) in m)`` polylines.
    max_thickness_m
        Largest distance between two faces of one wall, m.

    Notes
    -----
    Each polyline is split into straight pieces; pieces of the same material that are
    parallel (within 3°), at most ``max_thickness_m`` apart and side by side for at least
    ``min_overlap_m`` pair up, closest first. Where they run side by side both are
    replaced by the line half-way between them; the rest of each piece stays (wall ends,
    door jambs). Pieces are then joined again into polylines per material.
    """
    mats, a_list, b_list = [], [], []
    for material, pts in walls:
        p = np.asarray(pts, float)
        if len(p) < 2:
            continue
        a_list.append(p[:-1])
        b_list.append(p[1:])
        mats.extend([material] * (len(p) - 1))
    if not mats:
        return walls, 0
    A, B = np.concatenate(a_list), np.concatenate(b_list)
    mats_arr = np.array(mats, dtype=object)
    d = B - A
    length = np.hypot(d[:, 0], d[:, 1])
    ok = length > 1e-9
    A, B, d, length, mats_arr = A[ok], B[ok], d[ok], length[ok], mats_arr[ok]
    u = d / length[:, None]
    n = len(A)
    lines = shapely.linestrings(np.stack([A, B], axis=1))
    tree = shapely.STRtree(lines)
    i_idx, j_idx = tree.query(lines, predicate="dwithin", distance=max_thickness_m)
    keep = (i_idx < j_idx) & (mats_arr[i_idx] == mats_arr[j_idx])
    i_idx, j_idx = i_idx[keep], j_idx[keep]
    cross = u[i_idx, 0] * u[j_idx, 1] - u[i_idx, 1] * u[j_idx, 0]
    par = np.abs(cross) < np.sin(np.radians(_MAX_ANGLE_DEG))
    i_idx, j_idx = i_idx[par], j_idx[par]
    mid_j = (A[j_idx] + B[j_idx]) / 2
    rel = mid_j - A[i_idx]
    offset = u[i_idx, 0] * rel[:, 1] - u[i_idx, 1] * rel[:, 0]  # signed, left of i positive
    tj0 = np.einsum("ij,ij->i", A[j_idx] - A[i_idx], u[i_idx])
    tj1 = np.einsum("ij,ij->i", B[j_idx] - A[i_idx], u[i_idx])
    s0 = np.maximum(0.0, np.minimum(tj0, tj1))
    s1 = np.minimum(length[i_idx], np.maximum(tj0, tj1))
    # offset 0: one line drawn twice (overlapping duplicates) — merged as well
    good = (np.abs(offset) <= max_thickness_m) & (s1 - s0 >= min_overlap_m)
    order = np.argsort(np.abs(offset[good]), kind="stable")
    cand = [(int(i), int(j), float(o)) for i, j, o in zip(i_idx[good][order], j_idx[good][order], offset[good][order])]
    consumed: list[list[tuple[float, float]]] = [[] for _ in range(n)]
    centres: list[tuple[str, np.ndarray]] = []
    pairs = 0
    for i, j, off in cand:
        t0 = float(np.dot(A[j] - A[i], u[i]))
        t1 = float(np.dot(B[j] - A[i], u[i]))
        span = [(max(0.0, min(t0, t1)), min(float(length[i]), max(t0, t1)))]
        # j's consumed parts, seen in i's parameter
        mapped = []
        for c0, c1 in consumed[j]:
            p0, p1 = A[j] + u[j] * c0, A[j] + u[j] * c1
            q0, q1 = float(np.dot(p0 - A[i], u[i])), float(np.dot(p1 - A[i], u[i]))
            mapped.append((min(q0, q1), max(q0, q1)))
        free = _subtract(_subtract(span, consumed[i]), mapped)
        normal = np.array([-u[i, 1], u[i, 0]])
        for a, b in free:
            if b - a < min_overlap_m:
                continue
            p0 = A[i] + u[i] * a + normal * (off / 2)
            p1 = A[i] + u[i] * b + normal * (off / 2)
            centres.append((str(mats_arr[i]), np.array([p0, p1])))
            consumed[i].append((a, b))
            q0 = float(np.dot(A[i] + u[i] * a - A[j], u[j]))
            q1 = float(np.dot(A[i] + u[i] * b - A[j], u[j]))
            consumed[j].append((min(q0, q1), max(q0, q1)))
            pairs += 1
    pieces: dict[str, list[np.ndarray]] = {}
    for k in range(n):
        for a, b in _subtract([(0.0, float(length[k]))], consumed[k]):
            if b - a > 0.01:
                pieces.setdefault(str(mats_arr[k]), []).append(np.array([A[k] + u[k] * a, A[k] + u[k] * b]))
    for material, seg in centres:
        pieces.setdefault(material, []).append(seg)
    out: list[tuple[str, np.ndarray]] = []
    for material in sorted(pieces):
        merged = shapely.line_merge(shapely.multilinestrings(pieces[material]))
        for line in shapely.get_parts(merged):
            out.append((material, np.asarray(line.coords)[:, :2]))
    return out, pairs
