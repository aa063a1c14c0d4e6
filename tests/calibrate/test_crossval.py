"""Spatially blocked k-fold: folds by cell, held-out points never fitted, honest RMSE."""

from __future__ import annotations

import numpy as np
import pytest

from tests.calibrate.test_fit import PRIOR, TRUTH, synthetic
from wifiplan.calibrate.crossval import cross_validate, spatial_folds
from wifiplan.calibrate.fit import fit_paths
from wifiplan.calibrate.params import ModelParams


def test_folds_keep_cells_together_and_are_seeded() -> None:
    rng = np.random.default_rng(0)
    xy = rng.uniform(0, 50, (400, 2))
    floors = ["1F"] * 200 + ["2F"] * 200
    f = spatial_folds(floors, xy, folds=5, seed=3)
    assert set(f.tolist()) == {0, 1, 2, 3, 4}
    cells = {}
    for fl, (x, y), k in zip(floors, xy, f):
        cells.setdefault((fl, int(x // 5), int(y // 5)), set()).add(int(k))
    assert all(len(v) == 1 for v in cells.values())
    assert np.array_equal(f, spatial_folds(floors, xy, folds=5, seed=3))
    assert not np.array_equal(f, spatial_folds(floors, xy, folds=5, seed=4))
    # cells are dealt round-robin: fold sizes in cells differ by at most one
    per_fold = np.bincount([next(iter(v)) for v in cells.values()], minlength=5)
    assert per_fold.max() - per_fold.min() <= 1


@pytest.mark.parametrize(("kw", "msg"), [({"folds": 1}, "folds must be"), ({"block_m": 0.0}, "block_m must be")])
def test_fold_errors(kw: dict, msg: str) -> None:
    with pytest.raises(ValueError, match=msg):
        spatial_folds(["1F"], np.zeros((1, 2)), **kw)


def test_heldout_points_are_never_in_the_training_set() -> None:
    ps = synthetic(600, noise_db=3.0)
    seen: list[set[int]] = []

    def spy(train, prior):
        seen.append(set(train.line.tolist()))
        return fit_paths(train, prior, min_paths=50)

    cv = cross_validate(ps, PRIOR, folds=4, seed=1, fit=spy)
    assert len(seen) == 4
    for k in range(4):
        test_lines = set(ps.line[cv.folds == k].tolist())
        assert any(not (test_lines & s) and len(s | test_lines) == len(ps) for s in seen)
    assert np.all(np.isfinite(cv.heldout_pred_dbm))


def test_corrupted_heldout_fold_shows_in_heldout_rmse_only() -> None:
    # a clean survey (1 dB noise) whose fold-0 readings are all off by +12 dB: a fit that
    # sees fold 0 absorbs part of it; the held-out error of those points stays ≈ 12 dB.
    ps = synthetic(1000, noise_db=1.0)
    folds = spatial_folds(ps.floor, ps.xy_m, folds=5, seed=0)
    ps.rss_dbm[folds == 0] += 12.0
    cv = cross_validate(ps, PRIOR, fold_index=folds, min_paths=50)
    insample = fit_paths(ps, PRIOR, min_paths=50)
    bad = folds == 0
    assert np.sqrt(np.mean(cv.residual_db[bad] ** 2)) > 11.0
    assert np.sqrt(np.mean(cv.residual_db[~bad] ** 2)) < 3.0
    assert cv.rmse_db > insample.rmse_db


def test_pure_noise_survey_is_not_flattered() -> None:
    # readings unrelated to geometry: in-sample error is lower than held-out error
    ps = synthetic(300, noise_db=0.0)
    ps.rss_dbm = np.random.default_rng(5).normal(-60, 8, len(ps))
    free = fit_paths(ps, PRIOR, min_paths=10, eirp="per-ap")
    cv = cross_validate(ps, PRIOR, folds=5, seed=0, min_paths=10, eirp="per-ap")
    assert cv.rmse_db > free.rmse_db


def test_clean_survey_heldout_close_to_noise() -> None:
    ps = synthetic(1500, noise_db=4.0, truth=ModelParams(3.0, TRUTH, 2.0))
    cv = cross_validate(ps, PRIOR, folds=5, seed=0, min_paths=50)
    assert 3.6 < cv.rmse_db < 4.8
