"""The calibration model's prediction is the multi-wall sum; PathSet subsets keep rows aligned."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from tests.calibrate.test_fit import MATS, TRUTH, synthetic
from wifiplan.calibrate.params import ModelParams, predict_rssi_dbm


def test_prediction_is_the_multiwall_sum() -> None:
    ps = synthetic(5, noise_db=0.0)
    p = ModelParams(2.5, TRUTH, 1.5, {"b": 2.0})
    loss = np.array([TRUTH[m] for m in MATS])
    off = np.array([1.5, 3.5, 1.5, 1.5])[ps.ap_index]
    expect = ps.base_db + off - 2.5 * ps.log_d - ps.wall_counts @ loss
    assert_allclose(predict_rssi_dbm(ps, p), expect, atol=1e-12)


def test_subset_keeps_rows_aligned() -> None:
    ps = synthetic(50)
    sub = ps.subset(np.array([3, 7, 11]))
    assert sub.line.tolist() == [3, 7, 11] and len(sub) == 3
    assert_allclose(predict_rssi_dbm(sub, ModelParams(2.5, TRUTH, 1.0)), predict_rssi_dbm(ps, ModelParams(2.5, TRUTH, 1.0))[[3, 7, 11]])
    mask = np.zeros(50, dtype=bool)
    mask[[1, 2]] = True
    assert ps.subset(mask).line.tolist() == [1, 2]
