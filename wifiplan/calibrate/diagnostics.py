"""Diagnostics of a calibration: residual trend with walls crossed, nested multiwall-nl test."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from wifiplan.calibrate.fit import fit_paths
from wifiplan.calibrate.params import ModelParams, PathSet

__all__ = ["Trend", "wall_count_trend", "NlCheck", "check_nonlinear"]


@dataclass(frozen=True)
class Trend:
    """Linear trend of residual (measured − predicted) against walls+slabs crossed."""

    slope_db_per_wall: float
    p_value: float
    n_paths: int
    suggest_nl: bool


def wall_count_trend(paths: PathSet, residual_db: np.ndarray, *, alpha: float = 0.01, min_slope_db: float = 0.5) -> Trend:
    """Do residuals grow with the number of walls crossed (multiwall over-predicting loss)?

    Fits residual = a + slope·K by ordinary least squares (K = walls + slabs crossed) and
    suggests multiwall-nl when slope > ``min_slope_db`` dB per wall with p < ``alpha``
    (one-sided). Needs at least 10 readings and two different K.
    """
    k = paths.crossings().astype(float)
    n = len(paths)
    if n < 10 or np.unique(k).size < 2:
        return Trend(0.0, 1.0, n, False)
    res = stats.linregress(k, residual_db)
    p_one = float(res.pvalue / 2 if res.slope > 0 else 1 - res.pvalue / 2)
    return Trend(float(res.slope), p_one, n, bool(res.slope > min_slope_db and p_one < alpha))


@dataclass(frozen=True)
class NlCheck:
    """Is multiwall-nl better than multiwall on these readings? (nested model test on w)."""

    wall_weight: float | None
    sigma: float | None
    z: float  # (1 − w) / σ_w; large = diminishing wall loss supported by the data
    rmse_multiwall_db: float
    rmse_nl_db: float
    n_multi: int  # paths crossing ≥ 2 walls/slabs
    suggest_nl: bool


def check_nonlinear(paths: PathSet, prior: ModelParams, *, min_paths: int = 50, z_min: float = 3.0, **options: object) -> NlCheck:
    """Fit both models and test whether the wall weight w is significantly below 1.

    multiwall is multiwall-nl with w = 1, so the data support diminishing wall loss when the
    fitted w lies more than ``z_min`` standard errors below 1 (one-sided; 3σ because w is
    weakly identified against the material losses and its σ from the Jacobian is optimistic).
    A linear trend of residuals against the number of walls cannot show this after a free
    fit (the sum of the per-material counts is in the span of the fitted columns); this
    nested test can.
    """
    lin = fit_paths(paths, prior, model="multiwall", min_paths=min_paths, **options)  # type: ignore[arg-type]
    nl = fit_paths(paths, prior, model="multiwall-nl", min_paths=min_paths, **options)  # type: ignore[arg-type]
    row = next(r for r in nl.table if r.kind == "wall_weight")
    z = 0.0
    if row.fitted and row.sigma and row.sigma > 0 and nl.params.wall_weight is not None:
        z = (1.0 - nl.params.wall_weight) / row.sigma
    return NlCheck(
        nl.params.wall_weight if row.fitted else None,
        row.sigma,
        float(z),
        lin.rmse_db,
        nl.rmse_db,
        row.n_paths,
        bool(row.fitted and z > z_min),
    )
