"""Vectorised wall-crossing losses from one source to many receivers (see rf.walls for the rules)."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from wifiplan.rf.walls import TOL_M, WallSet

__all__ = ["CHUNK_PAIRS", "ROW_CACHE_BYTES", "clear_row_cache", "wall_loss_db", "wall_loss_many_db"]

#: Largest number of (receiver, piece) candidate pairs processed at once (bounds memory:
#: about 200 bytes per pair).
CHUNK_PAIRS = 1_000_000

#: Angular margin (rad) added to each piece's shadow wedge so boundary rays are tested exactly.
_ANGLE_MARGIN = 1e-9

#: Pieces whose line passes closer than this to the source get exact tests only, m.
_NEAR_LINE_M = 1e-3

#: Receivers this close to the pieces where the slab search stopped get exact tests, m.
_SUSPECT_M = 1e-2


#: Most bytes of wall-loss rows kept between calls (least recently used dropped first). A plan
#: evaluates the same AP positions on the same grids many times (placement candidates, then
#: the final maps per band, the channel polish, the co-channel check); a row is a pure
#: function of the walls, their losses, the source and the receivers, so a kept row is the
#: row the computation would give. 0 disables the cache (``WIFIPLAN_WALL_CACHE_MB``).
ROW_CACHE_BYTES = int(float(os.environ.get("WIFIPLAN_WALL_CACHE_MB", "128")) * 2**20)


class _RowCache:
    """Wall-loss rows by (walls, piece losses, receivers, source), least recently used dropped first."""

    def __init__(self) -> None:
        self.rows: OrderedDict[tuple, tuple[WallSet, np.ndarray, np.ndarray | None]] = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key: tuple, idx: np.ndarray | None) -> np.ndarray | None:
        with self.lock:
            hit = self.rows.get(key)
            if hit is None:
                return None
            _walls, values, done = hit
            if done is not None and (idx is None or not done[idx].all()):
                return None
            self.rows.move_to_end(key)
            return values.astype(float) if values.dtype != np.float64 else values

    def put(self, key: tuple, walls: WallSet, values: np.ndarray, done: np.ndarray | None) -> None:
        small = values.astype(np.float32)
        if np.array_equal(small.astype(float), values):  # kept as float32 only when that is lossless
            values = small
        size = values.nbytes + (done.nbytes if done is not None else 0)
        if size > ROW_CACHE_BYTES:
            return
        with self.lock:
            old = self.rows.pop(key, None)
            if old is not None:
                self.bytes -= old[1].nbytes + (old[2].nbytes if old[2] is not None else 0)
            # the WallSet is kept with its rows, so its id() cannot be reused while they live
            self.rows[key] = (walls, values, done)
            self.bytes += size
            while self.bytes > ROW_CACHE_BYTES and self.rows:
                _k, (_w, v, d) = self.rows.popitem(last=False)
                self.bytes -= v.nbytes + (d.nbytes if d is not None else 0)

    def clear(self) -> None:
        with self.lock:
            self.rows.clear()
            self.bytes = 0


_ROWS = _RowCache()


class _IndexCache:
    """The last few sources' slab indexes (the coverage and hearing rows of one source reuse it)."""

    def __init__(self, max_bytes: int) -> None:
        self.items: OrderedDict[tuple, tuple[WallSet, tuple | None]] = OrderedDict()
        self.bytes = 0
        self.max_bytes = max_bytes
        self.lock = threading.Lock()

    @staticmethod
    def _size(index: tuple | None) -> int:
        return 0 if index is None else sum(x.nbytes for x in index if isinstance(x, np.ndarray))

    def get(self, key: tuple) -> tuple | None:
        with self.lock:
            hit = self.items.get(key)
            if hit is None:
                return None
            self.items.move_to_end(key)
            return hit[1]

    def put(self, key: tuple, walls: WallSet, index: tuple | None) -> None:
        size = self._size(index)
        if index is None or size > self.max_bytes:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = (walls, index)
            self.bytes += size
            while self.bytes > self.max_bytes and self.items:
                _k, (_w, old) = self.items.popitem(last=False)
                self.bytes -= self._size(old)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.bytes = 0


#: Bytes of slab indexes kept (a 2,900-piece mall floor: ~7 MB per source).
INDEX_CACHE_BYTES = 128 * 2**20
_INDEX = _IndexCache(INDEX_CACHE_BYTES)


def clear_row_cache() -> None:
    """Drop every kept wall-loss row and slab index (tests; a long-lived process done with a building)."""
    _ROWS.clear()
    _INDEX.clear()


def _digest(a: np.ndarray) -> bytes:
    a = np.ascontiguousarray(a)
    return hashlib.blake2b(a.tobytes(), digest_size=16, person=str(a.shape).encode()[:16]).digest()


def wall_loss_many_db(
    walls: WallSet, piece_loss_db: np.ndarray, src_xy: np.ndarray, rx_xy: np.ndarray, *, active: np.ndarray | None = None
) -> np.ndarray:
    """Wall loss in dB from each of ``src_xy`` (m, 2) to each of ``rx_xy`` (n, 2), shape (m, n).

    ``active`` (m, n) bool, optional: only these pairs are computed (others get 0), for
    range culling.
    """
    src = np.asarray(src_xy, dtype=float).reshape(-1, 2)
    rx = np.asarray(rx_xy, dtype=float).reshape(-1, 2)
    out = np.zeros((src.shape[0], rx.shape[0]))
    cached = ROW_CACHE_BYTES > 0 and rx.shape[0] > 0
    group = (id(walls), _digest(np.asarray(piece_loss_db, dtype=float)), _digest(rx)) if cached else None

    def row(k: int) -> None:
        idx = None if active is None else np.nonzero(active[k])[0]
        if idx is not None and not idx.size:
            return
        key = (*group, float(src[k, 0]), float(src[k, 1])) if cached else None
        values = _ROWS.get(key, idx) if cached else None
        if values is None:
            if idx is None:
                values = wall_loss_db(walls, piece_loss_db, src[k], rx)
                done = None
            else:
                # a row computed for some receivers is kept with the mask of those it holds
                values = np.zeros(rx.shape[0])
                values[idx] = wall_loss_db(walls, piece_loss_db, src[k], rx[idx])
                done = np.zeros(rx.shape[0], bool)
                done[idx] = True
            if cached:
                _ROWS.put(key, walls, values, done)
        if idx is None:
            out[k] = values
        else:
            out[k, idx] = values[idx]

    workers = _workers(src.shape[0], rx.shape[0])
    if workers <= 1:
        for k in range(src.shape[0]):
            row(k)
    else:
        # Rows are independent (each thread writes its own row), so the result does not
        # depend on scheduling; numpy releases the GIL in the array kernels.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(row, range(src.shape[0])))
    return out


def _workers(m: int, n: int) -> int:
    """Threads for m sources × n receivers: up to the CPU count (WIFIPLAN_THREADS caps it)."""
    if m < 2 or m * n < 20_000:
        return 1
    limit = os.environ.get("WIFIPLAN_THREADS")
    cpus = os.cpu_count() or 1
    try:
        cap = int(limit) if limit else cpus
    except ValueError:
        cap = cpus
    return max(1, min(cap, cpus, m, 8))


def wall_loss_db(
    walls: WallSet, piece_loss_db: np.ndarray, src_xy: np.ndarray, rx_xy: np.ndarray, *, method: str = "slabs"
) -> np.ndarray:
    """Sum of wall losses in dB along the straight paths from ``src_xy`` (2,) to ``rx_xy`` (n, 2).

    Parameters
    ----------
    walls : WallSet
        The floor's prepared wall pieces (:func:`wifiplan.rf.walls.prepare_walls`).
    piece_loss_db : ndarray, shape (k,)
        Loss per crossing of each piece, dB.
    src_xy : ndarray, shape (2,)
        Source position (the AP seen from above), m.
    rx_xy : ndarray, shape (n, 2)
        Receiver positions, m.
    method : {"slabs", "candidates"}
        Algorithm for receivers strictly inside a piece's wedge (both give the same
        result; "candidates" is the simpler reference).

    Returns
    -------
    ndarray, shape (n,)
        Wall loss per receiver, dB.

    Raises
    ------
    ValueError
        If ``method`` is unknown.

    Notes
    -----
    Receivers are sorted by angle around the source; a piece can only be crossed by paths
    inside its angular "shadow wedge". Strictly inside a wedge (more than 8 µm/r rad from
    its edges) the piece's end points are off the path, so one test is left: is the
    receiver beyond the piece's line (by more than ``TOL_M``)?

    * "candidates": every (receiver, piece) pair of each wedge — a contiguous run of the
      angular order found with ``searchsorted`` — gets that test: about n × (walls a ray
      meets) tests, expanded in chunks of at most :data:`CHUNK_PAIRS`.
    * "slabs" (default): the wedges cut the circle into slabs in which the pieces are
      ordered by distance (pieces only meet at end points), so each receiver needs a
      binary search: about n × log2(walls a ray meets) tests (see ``_slab_losses``).

    Receivers near a wedge edge (and every receiver of a piece whose line passes within
    1 mm of the source) get the full exact tests; their vertex events (a path through a
    piece's end point) are grouped per (receiver, vertex) and counted once when pieces lie
    on both sides of the path (rules in :mod:`wifiplan.rf.walls`).
    """
    if method not in ("slabs", "candidates"):
        raise ValueError(f"unknown method {method!r}; use slabs or candidates")
    src = np.asarray(src_xy, dtype=float).reshape(2)
    rx = np.asarray(rx_xy, dtype=float).reshape(-1, 2)
    n = rx.shape[0]
    k = len(walls)
    if n == 0 or k == 0:
        return np.zeros(n)
    loss = np.asarray(piece_loss_db, dtype=float).reshape(k)
    a = walls.start - src  # (k, 2) piece ends relative to the source
    b = walls.end - src
    e = walls.end - walls.start
    seglen = np.hypot(e[:, 0], e[:, 1])
    cross_ab = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    # Signed distance of the source from each piece's line: cross(e, S - A) / |e|.
    side_src = (e[:, 1] * a[:, 0] - e[:, 0] * a[:, 1]) / seglen
    pieces = np.nonzero(np.abs(side_src) > TOL_M)[0]  # a source on a piece's line never crosses it
    if pieces.size == 0:
        return np.zeros(n)
    rel = rx - src
    ang = np.arctan2(rel[:, 1], rel[:, 0])
    order = np.argsort(ang, kind="stable")
    sorted_ang = ang[order]
    sorted_x = rx[order, 0]
    sorted_y = rx[order, 1]
    a, b, e, cross_ab, side_src, seglen, loss_p = (
        a[pieces], b[pieces], e[pieces], cross_ab[pieces], side_src[pieces], seglen[pieces], loss[pieces])
    ccw = cross_ab > 0
    first = np.where(ccw[:, None], a, b)  # end point where the ccw wedge starts
    last = np.where(ccw[:, None], b, a)
    theta0 = np.arctan2(first[:, 1], first[:, 0])
    span = np.arctan2(np.abs(cross_ab), a[:, 0] * b[:, 0] + a[:, 1] * b[:, 1])
    # Angular half-width of the zone near each wedge edge where exact tests are needed.
    r0 = np.hypot(first[:, 0], first[:, 1])
    r1 = np.hypot(last[:, 0], last[:, 1])
    d0 = 8.0 * TOL_M / np.maximum(r0, TOL_M) + _ANGLE_MARGIN
    d1 = 8.0 * TOL_M / np.maximum(r1, TOL_M) + _ANGLE_MARGIN
    z1 = d0.copy()
    z2 = span - d1
    narrow = (z1 >= z2) | (np.abs(side_src) <= _NEAR_LINE_M)
    mid = np.where(narrow, 0.5 * (z1 + z2), 0.0)
    z1 = np.where(narrow, np.minimum(mid, span + d1), z1)
    z2 = np.where(narrow, z1, z2)
    # A source within a few µm of a piece's end: one exact run over the whole circle (no overlaps).
    full = d0 + span + d1 >= 2 * np.pi - 1e-9
    d0 = np.where(full, np.pi, d0)
    z1 = np.where(full, np.pi, z1)
    z2 = np.where(full, np.pi, z2)
    d1 = np.where(full, 0.0, d1)
    span = np.where(full, np.pi, span)
    theta0 = np.where(full, 0.0, theta0)
    base = (theta0 + np.pi) % (2 * np.pi) - np.pi
    # Fast zone: strictly inside the wedge; only "is the receiver beyond the piece?" is left.
    # Unit normal pointing away from the source, and its offset: beyond <=> nx*x + ny*y - c > TOL.
    sgn = -np.sign(side_src)
    nx = sgn * (-e[:, 1]) / seglen
    ny = sgn * e[:, 0] / seglen
    c = nx * (a[:, 0] + src[0]) + ny * (a[:, 1] + src[1])
    edges = [_runs(sorted_ang, base - d0, d0 + z1), _runs(sorted_ang, base + z2, (span + d1) - z2)]
    runs, starts, counts = (np.concatenate(parts) for parts in zip(*edges, strict=True))
    if method == "slabs":
        out = np.zeros(n)
        mark = np.zeros(n + 1, dtype=np.int64)
        np.add.at(mark, starts, 1)
        np.add.at(mark, starts + counts, -1)
        near_edge = np.cumsum(mark[:n]) > 0  # sorted positions in some piece's edge zone
        fast_pos = np.nonzero(~near_edge)[0]
        key = (id(walls), _digest(loss), float(src[0]), float(src[1]))
        index = _INDEX.get(key)
        if index is None:
            index = _slab_index(base + z1, z2 - z1, a, e, nx, ny, c, loss_p)
            _INDEX.put(key, walls, index)
        values, suspect = _slab_query(index, sorted_ang, sorted_x, sorted_y, fast_pos)
        out[order[fast_pos]] = values
        redo = order[np.concatenate([np.nonzero(near_edge)[0], fast_pos[suspect]])]
        if redo.size:
            out[redo] = wall_loss_db(walls, loss, src, rx[redo], method="candidates")
        return out
    acc = np.zeros(n)
    for idx, run in _expand(*_runs(sorted_ang, base + z1, z2 - z1)):
        beyond = nx[run] * sorted_x[idx] + ny[run] * sorted_y[idx] - c[run] > TOL_M
        if beyond.any():
            acc += np.bincount(idx[beyond], weights=loss_p[run[beyond]], minlength=n)
    out = np.zeros(n)
    out[order] = acc
    # Edge zones (and narrow wedges, sources near a piece's line): exact tests.
    events: list[tuple[np.ndarray, ...]] = []
    for idx, run in _expand(runs, starts, counts):
        out += _exact_losses(walls, loss, src, rx, order[idx], pieces[run], n, events)
    if events:
        ev = [np.concatenate(parts) for parts in zip(*events, strict=True)]
        out += _vertex_losses(*ev, n, walls.n_vertices)
    return out


def _slab_losses(
    sorted_ang: np.ndarray,
    sorted_x: np.ndarray,
    sorted_y: np.ndarray,
    pos: np.ndarray,
    lo: np.ndarray,
    width: np.ndarray,
    a: np.ndarray,
    e: np.ndarray,
    nx: np.ndarray,
    ny: np.ndarray,
    c: np.ndarray,
    loss: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Wall loss of receivers strictly inside fast zones, by an angular sweep.

    The fast-zone bounds of all pieces cut the circle into slabs. A piece covers whole
    slabs, and pieces only meet at end points (outside their fast zones), so inside a slab
    its pieces are ordered by distance from the source along every ray. A receiver's loss
    is then the summed loss of the pieces before it in that order: a vectorised binary
    search with the exact "beyond the line" test (about log2(pieces per slab) steps).
    Receivers within :data:`_SUSPECT_M` of the pieces where the search stopped are flagged
    for the exact candidate method (tolerance could make the order non-monotone there).

    The slab index depends on the source and the pieces only (:func:`_slab_index`, kept
    per source between calls); the search is :func:`_slab_query`.

    Returns the loss per ``pos`` (sorted positions) and the suspect flags.
    """
    if pos.size == 0:
        return np.zeros(0), np.zeros(0, dtype=bool)
    return _slab_query(_slab_index(lo, width, a, e, nx, ny, c, loss), sorted_ang, sorted_x, sorted_y, pos)


def _slab_index(lo: np.ndarray, width: np.ndarray, a: np.ndarray, e: np.ndarray, nx: np.ndarray, ny: np.ndarray,
                c: np.ndarray, loss: np.ndarray) -> tuple | None:
    """The slabs of one source: bounds, the pieces of each slab by distance, their lines and cumulated losses.

    None when no piece has a fast zone. A tuple ``(bounds, first, last, nxs, nys, cs, cum, steps)``.
    """
    fp = np.nonzero(width > 0)[0]
    if fp.size == 0:
        return None
    a_ang = (lo[fp] + np.pi) % (2 * np.pi) - np.pi
    b_raw = a_ang + width[fp]
    wrap = b_raw > np.pi
    b_ang = np.where(wrap, b_raw - 2 * np.pi, b_raw)
    bounds = np.unique(np.concatenate([[-np.pi, np.pi], a_ang, b_ang]))
    n_slabs = bounds.size - 1
    ia = np.searchsorted(bounds, a_ang, side="left")
    ib = np.searchsorted(bounds, b_ang, side="left")
    # Entries (slab, piece): [ia, ib) or, wrapping, [ia, n_slabs) and [0, ib).
    run_piece = np.concatenate([fp, fp[wrap]])
    run_start = np.concatenate([ia, np.zeros(int(wrap.sum()), dtype=np.int64)])
    run_count = np.concatenate([np.where(wrap, n_slabs - ia, ib - ia), ib[wrap]])
    keep = run_count > 0
    run_piece, run_start, run_count = run_piece[keep], run_start[keep], run_count[keep]
    total = int(run_count.sum())
    entry_piece = np.repeat(run_piece, run_count)
    entry_slab = np.repeat(run_start - (np.cumsum(run_count) - run_count), run_count) + np.arange(total)
    # Order inside each slab: distance along the slab's middle ray, t = (a x e) / (u x e).
    phi = 0.5 * (bounds[entry_slab] + bounds[entry_slab + 1])
    ea = e[entry_piece]
    aa = a[entry_piece]
    t = (aa[:, 0] * ea[:, 1] - aa[:, 1] * ea[:, 0]) / (np.cos(phi) * ea[:, 1] - np.sin(phi) * ea[:, 0])
    # by slab, then t, ties in entry order: the permutation of np.lexsort((t, entry_slab)), as two
    # stable sorts (the slab key, a small integer, sorts in linear time)
    by_t = np.argsort(t, kind="stable")
    slab_key = entry_slab[by_t]
    if n_slabs < 2**15:
        slab_key = slab_key.astype(np.int16)
    order = by_t[np.argsort(slab_key, kind="stable")]
    piece_sorted = entry_piece[order]
    slab_sorted = entry_slab[order]
    cum = np.concatenate([[0.0], np.cumsum(loss[piece_sorted])])
    # Coefficients in slab order, padded so that an index equal to the end is valid.
    nxs = np.append(nx[piece_sorted], 0.0)
    nys = np.append(ny[piece_sorted], 0.0)
    cs = np.append(c[piece_sorted], 0.0)
    slabs = np.arange(n_slabs)
    first = np.searchsorted(slab_sorted, slabs, side="left")
    last = np.searchsorted(slab_sorted, slabs, side="right")
    steps = int(np.ceil(np.log2(int((last - first).max()) + 1))) if n_slabs else 0
    return bounds, first, last, nxs, nys, cs, cum, steps


def _slab_query(index: tuple | None, sorted_ang: np.ndarray, sorted_x: np.ndarray, sorted_y: np.ndarray,
                pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Loss per receiver ``pos`` (sorted positions) and suspect flags, from a source's :func:`_slab_index`."""
    m = pos.size
    if m == 0:
        return np.zeros(0), np.zeros(0, dtype=bool)
    if index is None:
        return np.zeros(m), np.zeros(m, dtype=bool)
    bounds, first, last, nxs, nys, cs, cum, steps = index
    n_slabs = bounds.size - 1
    slab_of = np.clip(np.searchsorted(bounds, sorted_ang[pos], side="right") - 1, 0, n_slabs - 1)
    x, y = sorted_x[pos], sorted_y[pos]
    lo_i = first[slab_of]
    hi_i = last[slab_of]
    start_i = lo_i.copy()
    end_i = hi_i.copy()
    for _ in range(steps):
        mid = (lo_i + hi_i) >> 1
        open_ = lo_i < hi_i
        beyond = nxs[mid] * x + nys[mid] * y - cs[mid] > TOL_M
        lo_i = np.where(beyond & open_, mid + 1, lo_i)
        hi_i = np.where(~beyond & open_, mid, hi_i)
    values = cum[lo_i] - cum[start_i]
    suspect = np.zeros(m, dtype=bool)
    for probe, valid in ((lo_i - 1, lo_i > start_i), (lo_i, lo_i < end_i)):
        j = np.where(valid, probe, nxs.size - 1)
        dist = nxs[j] * x + nys[j] * y - cs[j]
        suspect |= valid & (np.abs(dist) < _SUSPECT_M)
    return values, suspect


def _runs(sorted_ang: np.ndarray, lo: np.ndarray, width: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs ``(run id, first sorted position, count)`` of the angles in ``[lo, lo + width)``.

    ``lo`` may be anywhere (normalised into [-π, π)); a range past π wraps to -π.
    """
    width = np.clip(width, 0.0, 2 * np.pi)
    lo = (lo + np.pi) % (2 * np.pi) - np.pi
    hi = lo + width
    i0 = np.searchsorted(sorted_ang, lo, side="left")
    i1 = np.searchsorted(sorted_ang, np.minimum(hi, np.pi), side="left")
    i1 = np.where(hi >= np.pi, np.searchsorted(sorted_ang, np.pi, side="right"), i1)
    wrap = hi > np.pi
    j1 = np.searchsorted(sorted_ang, hi[wrap] - 2 * np.pi, side="left")
    runs = np.concatenate([np.arange(lo.size), np.nonzero(wrap)[0]])
    starts = np.concatenate([i0, np.zeros(j1.size, dtype=np.int64)])
    counts = np.concatenate([np.maximum(i1 - i0, 0), j1])
    keep = counts > 0
    return runs[keep], starts[keep], counts[keep]


def _expand(runs: np.ndarray, starts: np.ndarray, counts: np.ndarray):
    """Yield ``(sorted positions, run ids)`` of the runs, at most about CHUNK_PAIRS at a time."""
    if runs.size == 0:
        return
    cum = np.cumsum(counts)
    first = 0
    while first < runs.size:
        done = cum[first - 1] if first > 0 else 0
        last = max(first + 1, int(np.searchsorted(cum, done + CHUNK_PAIRS, side="right")))
        r, st, ct = runs[first:last], starts[first:last], counts[first:last]
        total = int(ct.sum())
        run_of = np.repeat(r, ct)
        idx = np.repeat(st - (np.cumsum(ct) - ct), ct) + np.arange(total)
        yield idx, run_of
        first = last


def _exact_losses(
    walls: WallSet,
    loss: np.ndarray,
    src: np.ndarray,
    rx: np.ndarray,
    pt: np.ndarray,
    piece: np.ndarray,
    n: int,
    events: list[tuple[np.ndarray, ...]],
) -> np.ndarray:
    """Exact tests on candidate pairs (receiver ``pt``, ``piece``).

    Returns the proper-crossing losses per receiver (n,) and appends vertex events
    ``(receiver, vertex, side of the piece's other end, loss)`` to ``events`` (grouped by
    the caller once every chunk is done, so a vertex is never split across chunks).
    """
    out = np.zeros(n)
    d = rx[pt] - src  # path vector S -> P
    dl = np.hypot(d[:, 0], d[:, 1])
    dl_safe = np.where(dl > 0, dl, 1.0)
    ap = walls.start[piece] - src
    bp = walls.end[piece] - src
    ep = bp - ap
    el = np.hypot(ep[:, 0], ep[:, 1])
    side_a = (d[:, 0] * ap[:, 1] - d[:, 1] * ap[:, 0]) / dl_safe
    side_b = (d[:, 0] * bp[:, 1] - d[:, 1] * bp[:, 0]) / dl_safe
    side_s = (ep[:, 1] * ap[:, 0] - ep[:, 0] * ap[:, 1]) / el
    side_p = (ep[:, 0] * (d[:, 1] - ap[:, 1]) - ep[:, 1] * (d[:, 0] - ap[:, 0])) / el
    reach = (side_s * side_p < 0) & (np.abs(side_p) > TOL_M) & (np.abs(side_s) > TOL_M) & (dl > 0)
    off_a = np.abs(side_a) > TOL_M
    off_b = np.abs(side_b) > TOL_M
    proper = reach & off_a & off_b & (side_a * side_b < 0)
    if proper.any():
        out += np.bincount(pt[proper], weights=loss[piece[proper]], minlength=n)
    # Vertex events: exactly one end point on the path line, strictly inside the path.
    for on, other_side, ends, col in ((~off_a & off_b, side_b, ap, 0), (~off_b & off_a, side_a, bp, 1)):
        if not on.any():
            continue
        along = (d[on, 0] * ends[on, 0] + d[on, 1] * ends[on, 1]) / dl_safe[on]
        inside = (along > TOL_M) & (along < dl[on] - TOL_M)
        if not inside.any():
            continue
        sel = np.nonzero(on)[0][inside]
        events.append((pt[sel], walls.vertex[piece[sel], col], np.sign(other_side[sel]).astype(np.int8), loss[piece[sel]]))
    return out


def _vertex_losses(pt: np.ndarray, vx: np.ndarray, side: np.ndarray, loss: np.ndarray, n: int, n_vertices: int) -> np.ndarray:
    """Per receiver, the loss of every vertex passed with pieces on both sides of the path.

    Each such vertex counts once: for each side, the largest loss among the pieces on that
    side; the smaller of the two (the path moved an infinitesimal distance to its better side).
    """
    key = pt.astype(np.int64) * int(n_vertices) + vx.astype(np.int64)
    order = np.argsort(key, kind="stable")
    key, side, loss, pt = key[order], side[order], loss[order], pt[order]
    first = np.concatenate([[True], key[1:] != key[:-1]])
    starts = np.nonzero(first)[0]
    left = np.maximum.reduceat(np.where(side > 0, loss, -np.inf), starts)
    right = np.maximum.reduceat(np.where(side < 0, loss, -np.inf), starts)
    crossed = np.isfinite(left) & np.isfinite(right)
    worst = np.minimum(left, right)
    return np.bincount(pt[starts][crossed], weights=worst[crossed], minlength=n)
