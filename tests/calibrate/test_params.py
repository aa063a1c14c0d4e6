"""The calibration model's prediction is the multi-wall sum; PathSet subsets keep rows aligned."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from tests.calibrate.test_fit import TRUTH, synthetic
from wifiplan.calibrate.params import ModelParams, PathSet, predict_rssi_dbm


def _hand_paths() -> PathSet:
    """Three readings with known features (5 GHz, EIRP 20 dBm, client gain 0 dBi).

    base = EIRP − FSPL(1 m, 5180 MHz) = 20 − (20·log10 5180 − 27.55) = 20 − 46.74 = −26.74 dB.
    """
    return PathSet(
        band="5", ap_names=["A", "B"], ap_index=np.array([0, 1, 0]),
        base_db=np.full(3, -26.74),
        log_d=np.array([10.0, 13.0103, 0.0]),      # d = 10 m, 20 m (10·log10 20), ≤ 1 m
        materials=["drywall", "concrete-slab"],
        wall_counts=np.array([[1, 0], [2, 0], [0, 0]]),
        slab_counts=np.array([[0, 0], [0, 1], [0, 2]]),
        rss_dbm=np.full(3, np.nan),
    )


def test_prediction_matches_hand_numbers_with_walls_and_slabs() -> None:
    p = ModelParams(3.0, {"drywall": 4.0, "concrete-slab": 24.0}, 1.0, {"A": 2.0})
    # RSSI = base + offset (+ AP offset) − n·10·log10 d − Σ walls − Σ slabs
    # A, 10 m, one drywall:        −26.74 + 1 + 2 − 3·10      − 4     = −57.74
    # B, 20 m, 2 drywall, 1 slab:  −26.74 + 1     − 3·13.0103 − 2·4 − 24 = −96.7709
    # A, 1 m, two slabs (2 floors): −26.74 + 1 + 2 − 0         − 2·24  = −71.74
    assert_allclose(predict_rssi_dbm(_hand_paths(), p), [-57.74, -96.7709, -71.74], atol=1e-9)


def test_slab_loss_counts_once_per_slab() -> None:
    # one more slab dB on concrete-slab lowers reading 2 (two slabs) by exactly 2 dB, reading 1 by 1 dB
    lo = predict_rssi_dbm(_hand_paths(), ModelParams(3.0, {"drywall": 4.0, "concrete-slab": 24.0}))
    hi = predict_rssi_dbm(_hand_paths(), ModelParams(3.0, {"drywall": 4.0, "concrete-slab": 25.0}))
    assert_allclose(lo - hi, [0.0, 1.0, 2.0], atol=1e-12)


def test_subset_keeps_rows_aligned() -> None:
    ps = synthetic(50)
    sub = ps.subset(np.array([3, 7, 11]))
    assert sub.line.tolist() == [3, 7, 11] and len(sub) == 3
    assert_allclose(predict_rssi_dbm(sub, ModelParams(2.5, TRUTH, 1.0)), predict_rssi_dbm(ps, ModelParams(2.5, TRUTH, 1.0))[[3, 7, 11]])
    mask = np.zeros(50, dtype=bool)
    mask[[1, 2]] = True
    assert ps.subset(mask).line.tolist() == [1, 2]
