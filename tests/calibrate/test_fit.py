"""Robust fit on synthetic design matrices: recovery, bounds, min-paths, uncertainties, nl model."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.calibrate.fit import (
    BOUNDS,
    DEFAULT_WALL_WEIGHT,
    effective_counts,
    fit_paths,
)
from wifiplan.calibrate.params import ModelParams, PathSet, predict_rssi_dbm

MATS = ["drywall", "concrete", "glass", "rare"]
TRUTH = {"drywall": 5.0, "concrete": 17.0, "glass": 3.0, "rare": 30.0}
PRIOR = ModelParams(2.0, {"drywall": 3.0, "concrete": 12.0, "glass": 2.0, "rare": 20.0}, 0.0)


def synthetic(n: int = 2000, *, seed: int = 2, noise_db: float = 6.0, truth: ModelParams | None = None) -> PathSet:
    rng = np.random.default_rng(seed)
    wc = rng.poisson([0.9, 0.5, 0.4, 0.0], size=(n, 4))
    wc[:10, 3] = 1  # "rare": 10 paths only
    sc = np.zeros_like(wc)
    d = rng.uniform(1, 40, n)
    ps = PathSet(
        "5", ["a", "b", "c", "d"], rng.integers(0, 4, n), np.full(n, -52.0), 10 * np.log10(d), MATS, wc, sc,
        np.zeros(n), ["1F"] * n, rng.uniform(0, 60, (n, 2)), np.arange(n),
    )
    t = truth or ModelParams(3.0, TRUTH, 2.0)
    ps.rss_dbm = predict_rssi_dbm(ps, t) + rng.normal(0, noise_db, n)
    return ps


def test_recovers_truth_within_tolerance() -> None:
    ps = synthetic()
    r = fit_paths(ps, PRIOR, min_paths=50)
    got = {row.name: row for row in r.table}
    for m in ("drywall", "concrete", "glass"):
        assert got[m].fitted
        assert abs(r.params.materials_db[m] - TRUTH[m]) < 1.0, (m, r.params.materials_db[m])
        assert got[m].sigma is not None and 0 < got[m].sigma < 1.0
    assert abs(r.params.exponent - 3.0) < 0.15
    assert abs(r.params.offset_db - 2.0) < 1.5
    assert 5.5 < r.rmse_db < 6.5


def test_rare_material_keeps_library_value_and_says_so() -> None:
    r = fit_paths(synthetic(), PRIOR, min_paths=50)
    row = next(x for x in r.table if x.name == "rare")
    assert not row.fitted and row.n_paths == 10
    assert r.params.materials_db["rare"] == 20.0
    assert "kept library value" in row.note and "10 paths < --min-paths 50" in row.note


def test_noise_free_fit_is_exact_and_sigma_small() -> None:
    r = fit_paths(synthetic(noise_db=0.0), PRIOR, min_paths=5)
    for m in MATS:
        assert_allclose(r.params.materials_db[m], TRUTH[m], atol=1e-4)
    assert_allclose(r.params.exponent, 3.0, atol=1e-5)
    assert r.rmse_db < 1e-4


def test_bounds_hold() -> None:
    # a truth outside the plausible range: exponent 7, drywall -5 dB
    t = ModelParams(7.0, {**TRUTH, "drywall": -5.0}, 0.0)
    r = fit_paths(synthetic(truth=t, noise_db=1.0), PRIOR, min_paths=50)
    assert BOUNDS["exponent"][0] <= r.params.exponent <= BOUNDS["exponent"][1]
    assert r.params.exponent == pytest.approx(5.0, abs=1e-6)
    assert r.params.materials_db["drywall"] == pytest.approx(0.0, abs=1e-6)


def test_robust_loss_resists_outliers() -> None:
    ps = synthetic(noise_db=2.0)
    ps.rss_dbm[::20] += 40.0  # 5 % gross outliers
    robust = fit_paths(ps, PRIOR, min_paths=50)
    plain = fit_paths(ps, PRIOR, min_paths=50, loss="linear")
    assert abs(robust.params.offset_db - 2.0) < abs(plain.params.offset_db - 2.0)
    assert abs(robust.params.offset_db - 2.0) < 0.6


def test_per_ap_offsets() -> None:
    t = ModelParams(3.0, TRUTH, 0.0, {"a": -4.0, "b": 0.0, "c": 2.0, "d": 6.0})
    r = fit_paths(synthetic(truth=t, noise_db=2.0), PRIOR, eirp="per-ap", min_paths=50)
    totals = r.params.ap_total_offsets(["a", "b", "c", "d"])
    assert_allclose(totals, [-4.0, 0.0, 2.0, 6.0], atol=0.5)
    # global = median of the per-AP totals; per-AP values are deltas on top
    assert_allclose(r.params.offset_db, np.median(totals), atol=1e-9)
    rows = [x for x in r.table if x.kind == "offset"]
    assert [x.name for x in rows] == [f"EIRP offset {a}" for a in "abcd"]


def test_too_few_readings_fits_nothing_but_reports() -> None:
    ps = synthetic(5)
    r = fit_paths(ps, PRIOR, min_paths=50)
    assert not any(row.fitted for row in r.table)
    assert r.params.exponent == PRIOR.exponent


def test_effective_counts_geometric() -> None:
    counts = np.array([[3, 0], [1, 2], [0, 0]])
    loss = np.array([4.0, 10.0])
    eff = effective_counts(counts, loss, 0.5)
    # row 0: three drywalls: 1 + .5 + .25; row 1: concrete twice (1 + .5), drywall third (.25)
    assert_allclose(eff, [[1.75, 0], [0.25, 1.5], [0, 0]])
    assert_allclose(effective_counts(counts, loss, 1.0), counts)
    assert_allclose(effective_counts(counts, loss, None), counts)


def test_nl_model_recovers_wall_weight() -> None:
    t = ModelParams(2.5, TRUTH, 0.0, {}, 0.7)
    ps = synthetic(truth=t, noise_db=3.0)
    r = fit_paths(ps, PRIOR, model="multiwall-nl", min_paths=50)
    assert abs(r.params.wall_weight - 0.7) < 0.08
    assert abs(r.params.materials_db["concrete"] - 17.0) < 1.5
    row = next(x for x in r.table if x.kind == "wall_weight")
    assert row.fitted and row.before == DEFAULT_WALL_WEIGHT and row.sigma > 0


@pytest.mark.parametrize(("kw", "msg"), [({"model": "foo"}, "unknown calibration model"), ({"eirp": "x"}, "unknown eirp")])
def test_bad_options(kw: dict, msg: str) -> None:
    with pytest.raises(ValueError, match=msg):
        fit_paths(synthetic(20), PRIOR, **kw)
