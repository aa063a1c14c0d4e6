"""Diagnostics: residual trend against walls crossed; the nested multiwall-nl test."""

from __future__ import annotations

import numpy as np
import pytest

from tests.calibrate.test_fit import PRIOR, TRUTH, synthetic
from wifiplan.calibrate.diagnostics import check_nonlinear, wall_count_trend
from wifiplan.calibrate.params import ModelParams


def test_trend_of_residuals_against_wall_count() -> None:
    ps = synthetic(noise_db=0.0)
    k = ps.crossings()
    rising = wall_count_trend(ps, 1.5 * k + np.random.default_rng(0).normal(0, 2, len(ps)))
    assert rising.suggest_nl and rising.slope_db_per_wall == pytest.approx(1.5, abs=0.2)
    flat = wall_count_trend(ps, np.random.default_rng(0).normal(0, 2, len(ps)))
    assert not flat.suggest_nl


def test_nested_check_suggests_nl_only_when_walls_diminish() -> None:
    ps = synthetic(truth=ModelParams(2.5, TRUTH, 0.0, {}, 0.6), noise_db=3.0)
    yes = check_nonlinear(ps, PRIOR, min_paths=50)
    assert yes.suggest_nl and yes.rmse_nl_db < yes.rmse_multiwall_db
    ps2 = synthetic(truth=ModelParams(2.5, TRUTH, 0.0), noise_db=3.0)
    no = check_nonlinear(ps2, PRIOR, min_paths=50)
    assert not no.suggest_nl
