"""Per-path features for calibration and non-linear models: wall and slab crossings per material."""

from __future__ import annotations

import numpy as np

from wifiplan.rf.crossing import wall_loss_db
from wifiplan.rf.walls import WallSet

__all__ = ["wall_crossings", "wall_crossings_many"]

#: Base of the per-material digit code; a path crossing more pieces of one material raises.
_BASE = 256
#: Materials decoded per call (digits), plus one overflow digit: 256**5 · 8192 < 2**53.
_DIGITS = 5


def wall_crossings(
    walls: WallSet, piece_loss_db: np.ndarray, src_xy: np.ndarray, rx_xy: np.ndarray, materials: list[str]
) -> np.ndarray:
    """Walls crossed per material on the straight paths from ``src_xy`` (2,) to ``rx_xy`` (n, 2).

    Counts follow :func:`wifiplan.rf.crossing.wall_loss_db` exactly (it does the geometry):
    a proper crossing counts its piece's material; a crossing through a vertex counts once,
    for the material whose loss rf charges there (rf.walls rules, decided by ``piece_loss_db``;
    ties by name), so ``counts @ loss`` equals the wall loss of the same call.

    Parameters
    ----------
    walls : WallSet
    piece_loss_db : ndarray, shape (k,)
        Loss per crossing of each piece, dB (decides which material a vertex crossing counts as).
    src_xy : ndarray, shape (2,)
    rx_xy : ndarray, shape (n, 2)
    materials : list of str
        Column order of the result; every piece's material must be listed.

    Returns
    -------
    ndarray of int, shape (n, len(materials))

    Raises
    ------
    ValueError
        If a piece's material is not in ``materials`` or a path crosses ≥ 256 pieces of one material.

    Notes
    -----
    Each material gets a code ``256**r`` by its rank r in (loss, name) order. The code is a
    non-decreasing function of the loss, so whatever rf does at a vertex with max and min of
    losses (today: the smaller of the largest loss on each side) picks the code of the same
    material; and the summed codes along a path are a base-256 number whose digits are the counts. Materials are decoded five at a
    time; pieces ranked above the current five carry an overflow code that is discarded,
    pieces ranked below carry 0. Integer sums in float64 stay exact below 2**53.
    """
    rx = np.asarray(rx_xy, dtype=float).reshape(-1, 2)
    out = np.zeros((rx.shape[0], len(materials)), dtype=np.int64)
    if len(walls) == 0 or rx.shape[0] == 0:
        return out
    column = {m: j for j, m in enumerate(materials)}
    missing = sorted(set(walls.material) - set(column))
    if missing:
        raise ValueError(f"piece material(s) {missing} not in materials")
    loss = np.asarray(piece_loss_db, dtype=float).reshape(len(walls))
    mat_loss: dict[str, float] = {}
    for m, v in zip(walls.material, loss, strict=True):
        mat_loss[m] = max(mat_loss.get(m, -np.inf), float(v))
    used = sorted(mat_loss, key=lambda m: (mat_loss[m], m))
    rank = {m: r for r, m in enumerate(used)}
    piece_rank = np.array([rank[m] for m in walls.material], dtype=np.int64)
    for g0 in range(0, len(used), _DIGITS):
        group = used[g0 : g0 + _DIGITS]
        digit = piece_rank - g0
        code = np.where(digit < 0, 0.0, np.where(digit >= len(group), float(_BASE) ** len(group), float(_BASE) ** np.clip(digit, 0, None)))
        total = wall_loss_db(walls, code, src_xy, rx)
        value = np.rint(total).astype(np.int64)
        for d, name in enumerate(group):
            out[:, column[name]] = (value // (_BASE**d)) % _BASE
        check = sum(out[:, column[name]] * (_BASE**d) for d, name in enumerate(group))
        if np.any(value % (_BASE ** len(group)) != check) or np.any(out[:, [column[g] for g in group]] >= _BASE - 1):
            raise ValueError(f"a path crosses too many walls of one material (limit {_BASE - 2})")
    return out


def wall_crossings_many(
    walls: WallSet, piece_loss_db: np.ndarray, src_xy: np.ndarray, rx_xy: np.ndarray, *, active: np.ndarray | None = None
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Walls crossed per material from each of ``src_xy`` (m, 2) to each of ``rx_xy`` (n, 2).

    Returns the materials (M,) sorted by name, counts of shape (m, n, M) (0 for pairs not in
    ``active``), and each material's loss per crossing (M,) from ``piece_loss_db``.
    """
    src = np.asarray(src_xy, dtype=float).reshape(-1, 2)
    rx = np.asarray(rx_xy, dtype=float).reshape(-1, 2)
    names = sorted(set(walls.material))
    loss = np.zeros(len(names))
    col = {m: j for j, m in enumerate(names)}
    for m, v in zip(walls.material, np.asarray(piece_loss_db, dtype=float).reshape(len(walls)), strict=True):
        loss[col[m]] = max(loss[col[m]], float(v))
    out = np.zeros((src.shape[0], rx.shape[0], len(names)), dtype=np.int64)
    for k in range(src.shape[0]):
        idx = np.arange(rx.shape[0]) if active is None else np.flatnonzero(active[k])
        if idx.size:
            out[k, idx] = wall_crossings(walls, piece_loss_db, src[k], rx[idx], names)
    return names, out, loss
