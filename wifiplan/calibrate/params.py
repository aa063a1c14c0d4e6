"""The calibration model: per-path features (PathSet), parameter values (ModelParams), prediction."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from wifiplan.rf.models_nl import effective_counts

__all__ = ["PathSet", "ModelParams", "predict_rssi_dbm"]


@dataclass
class PathSet:
    """Per-path features of survey readings on one band (one row per AP → point reading).

    Attributes
    ----------
    band : str
    ap_names : list of str
        Names indexed by ``ap_index``.
    ap_index : ndarray of int, shape (n,)
    base_db : ndarray, shape (n,)
        EIRP without any calibration offset + client gain − FSPL(1 m, f), dB.
    log_d : ndarray, shape (n,)
        10·log10(max(d3, 1 m)), dB per unit exponent.
    materials : list of str
        Names of the columns of the count matrices.
    wall_counts, slab_counts : ndarray of int, shape (n, M)
        Walls crossed on the AP's floor and slabs between floors, per material.
    rss_dbm : ndarray, shape (n,)
        Measured RSS (NaN when unknown, e.g. for predictions only).
    floor : list of str, xy_m : ndarray (n, 2), line : ndarray of int (n,)
        Where each reading was taken and its line in the survey file.
    """

    band: str
    ap_names: list[str]
    ap_index: np.ndarray
    base_db: np.ndarray
    log_d: np.ndarray
    materials: list[str]
    wall_counts: np.ndarray
    slab_counts: np.ndarray
    rss_dbm: np.ndarray
    floor: list[str] = field(default_factory=list)
    xy_m: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    line: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))

    def __len__(self) -> int:
        return int(self.base_db.shape[0])

    def subset(self, index: np.ndarray) -> PathSet:
        """The readings selected by a boolean mask or an index array."""
        idx = np.asarray(index)
        if idx.dtype == bool:
            idx = np.flatnonzero(idx)
        return replace(
            self,
            ap_index=self.ap_index[idx],
            base_db=self.base_db[idx],
            log_d=self.log_d[idx],
            wall_counts=self.wall_counts[idx],
            slab_counts=self.slab_counts[idx],
            rss_dbm=self.rss_dbm[idx],
            floor=[self.floor[i] for i in idx] if self.floor else [],
            xy_m=self.xy_m[idx] if len(self.xy_m) else self.xy_m,
            line=self.line[idx] if len(self.line) else self.line,
        )

    def crossings(self) -> np.ndarray:
        """Walls + slabs crossed per reading, shape (n,)."""
        return (self.wall_counts.sum(axis=1) + self.slab_counts.sum(axis=1)).astype(int)


@dataclass
class ModelParams:
    """Model values for one band: what calibrate fits and writes back into plan settings.

    ``offset_db`` is the global EIRP offset of the band; ``ap_offset_db`` holds per-AP
    offsets added on top of it (settings.params["eirp_offset_db_per_ap"]).
    ``wall_weight`` is None for multiwall, w for multiwall-nl.
    """

    exponent: float
    materials_db: dict[str, float]
    offset_db: float = 0.0
    ap_offset_db: dict[str, float] = field(default_factory=dict)
    wall_weight: float | None = None

    def ap_total_offsets(self, ap_names: list[str]) -> np.ndarray:
        """Global + per-AP offset for each name, dB."""
        return np.array([self.offset_db + self.ap_offset_db.get(a, 0.0) for a in ap_names], dtype=float)


def predict_rssi_dbm(paths: PathSet, params: ModelParams) -> np.ndarray:
    """Predicted RSSI of every reading under ``params``, dBm, shape (n,).

    RSSI = base + offset(ap) − n·10·log10(d) − Σ walls − Σ slabs (see :class:`PathSet`).
    """
    loss = np.array([params.materials_db[m] for m in paths.materials], dtype=float)
    walls = effective_counts(paths.wall_counts, loss, params.wall_weight) @ loss if loss.size else 0.0
    slabs = effective_counts(paths.slab_counts, loss, params.wall_weight) @ loss if loss.size else 0.0
    offsets = params.ap_total_offsets(paths.ap_names)[paths.ap_index] if len(paths) else np.zeros(0)
    return paths.base_db + offsets - params.exponent * paths.log_d - walls - slabs
