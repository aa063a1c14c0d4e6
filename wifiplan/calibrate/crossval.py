"""Held-out accuracy of a calibration: spatially blocked k-fold cross-validation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wifiplan.calibrate.fit import FitResult, fit_paths
from wifiplan.calibrate.params import ModelParams, PathSet, predict_rssi_dbm

__all__ = ["BLOCK_M", "spatial_folds", "CrossValidation", "cross_validate"]

#: Side of the square cells readings are grouped in before they are dealt to folds, m.
#: Readings closer than this share shadowing (decorrelation distances indoors are a few
#: metres), so holding out single points would flatter the model.
BLOCK_M = 5.0


def spatial_folds(floor: list[str], xy_m: np.ndarray, *, folds: int = 5, seed: int = 0, block_m: float = BLOCK_M) -> np.ndarray:
    """Fold number (0..folds−1) of every reading: whole ``block_m`` cells go to one fold.

    Cells are keyed by (floor, ⌊x/block⌋, ⌊y/block⌋), sorted, shuffled with a seeded
    generator and dealt round-robin, so the folds have nearly equal numbers of cells and the
    same inputs and seed give the same folds.

    >>> f = spatial_folds(["1F"] * 3, np.array([[0.5, 0.5], [1.0, 1.0], [7.0, 0.0]]), folds=2)
    >>> bool(f[0] == f[1] != f[2])   # first two share a 5 m cell; two cells, two folds
    True

    Raises
    ------
    ValueError
        ``folds`` < 2, ``block_m`` ≤ 0, or shapes disagree.
    """
    xy = np.asarray(xy_m, dtype=float).reshape(-1, 2)
    if folds < 2:
        raise ValueError(f"folds must be ≥ 2 (got {folds})")
    if not block_m > 0:
        raise ValueError(f"block_m must be > 0 (got {block_m})")
    if len(floor) != len(xy):
        raise ValueError("floor and xy_m must have the same length")
    if len(xy) == 0:
        return np.zeros(0, dtype=int)
    cells = np.floor(xy / block_m).astype(np.int64)
    keys = [(f, int(cx), int(cy)) for f, (cx, cy) in zip(floor, cells)]
    unique = sorted(set(keys))
    index = {k: i for i, k in enumerate(unique)}
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(unique))
    fold_of_cell = np.empty(len(unique), dtype=int)
    fold_of_cell[perm] = np.arange(len(unique)) % folds
    return fold_of_cell[np.array([index[k] for k in keys])]


@dataclass
class CrossValidation:
    """Held-out predictions: every reading predicted by a fit that did not see its cell."""

    folds: np.ndarray  # (n,) fold of each reading
    heldout_pred_dbm: np.ndarray  # (n,)
    residual_db: np.ndarray  # measured − held-out prediction, (n,)
    rmse_db: float
    median_abs_db: float
    n_folds: int


def cross_validate(
    paths: PathSet,
    prior: ModelParams,
    *,
    folds: int = 5,
    seed: int = 0,
    block_m: float = BLOCK_M,
    fold_index: np.ndarray | None = None,
    fit: Callable[[PathSet, ModelParams], FitResult] | None = None,
    **fit_options: object,
) -> CrossValidation:
    """Held-out RMSE and median |error| of :func:`fit_paths` by spatially blocked k-fold.

    For each fold, the parameters are fitted on the other folds' readings only and the
    fold's readings are predicted with them (an AP absent from the training readings gets
    the fitted global offset plus its prior per-AP offset).

    Parameters
    ----------
    fold_index
        Use these folds (shape (n,)) instead of :func:`spatial_folds`.
    fit
        Fitting function ``fit(train_paths, prior) -> FitResult`` (default: ``fit_paths``
        with ``fit_options``, e.g. model, eirp, min_paths, free_materials).
    """
    n = len(paths)
    fold = np.asarray(fold_index) if fold_index is not None else spatial_folds(paths.floor, paths.xy_m, folds=folds, seed=seed, block_m=block_m)
    if fold.shape != (n,):
        raise ValueError(f"fold_index must have shape ({n},)")
    fitter = fit or (lambda p, pr: fit_paths(p, pr, **fit_options))  # type: ignore[arg-type]
    pred = np.full(n, np.nan)
    for k in np.unique(fold):
        test = fold == k
        train = ~test
        if not train.any():
            continue
        result = fitter(paths.subset(train), prior)
        params = result.params
        pred[test] = predict_rssi_dbm(paths.subset(test), params)
    residual = paths.rss_dbm - pred
    ok = np.isfinite(residual)
    return CrossValidation(
        folds=fold,
        heldout_pred_dbm=pred,
        residual_db=residual,
        rmse_db=float(np.sqrt(np.mean(residual[ok] ** 2))) if ok.any() else float("nan"),
        median_abs_db=float(np.median(np.abs(residual[ok]))) if ok.any() else float("nan"),
        n_folds=int(np.unique(fold).size),
    )
