"""Calibrate the path-loss model from survey measurements: read, fit, cross-validate."""

from __future__ import annotations

from wifiplan.calibrate.crossval import BLOCK_M, CrossValidation, cross_validate, spatial_folds
from wifiplan.calibrate.diagnostics import NlCheck, Trend, check_nonlinear, wall_count_trend
from wifiplan.calibrate.fit import BOUNDS, DEFAULT_WALL_WEIGHT, FitResult, Parameter, effective_counts, fit_paths
from wifiplan.calibrate.params import ModelParams, PathSet, predict_rssi_dbm
from wifiplan.calibrate.survey import Points, Skipped, Survey, match_survey, read_points_csv, read_survey_csv

__all__ = [
    "BLOCK_M",
    "BOUNDS",
    "DEFAULT_WALL_WEIGHT",
    "CrossValidation",
    "FitResult",
    "ModelParams",
    "Parameter",
    "PathSet",
    "Points",
    "Skipped",
    "Survey",
    "NlCheck",
    "Trend",
    "check_nonlinear",
    "cross_validate",
    "effective_counts",
    "fit_paths",
    "match_survey",
    "predict_rssi_dbm",
    "read_points_csv",
    "read_survey_csv",
    "spatial_folds",
    "wall_count_trend",
]
