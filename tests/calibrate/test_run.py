"""End to end on a synthetic building: recover a known truth, write settings rf honours, honest accuracy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.calibrate import synth
from wifiplan.calibrate.crossval import spatial_folds
from wifiplan.calibrate.params import predict_rssi_dbm
from wifiplan.calibrate.paths import prior_params, rf_rssi_dbm
from wifiplan.calibrate.run import CalibrationOptions, calibrate
from wifiplan.calibrate.survey import read_survey_csv
from wifiplan.errors import ConfigError
from wifiplan.rf.engine import rssi_dbm


def _survey(tmp: Path, rows, extra: str = ""):
    return read_survey_csv(synth.write_survey(tmp / "survey.csv", rows, extra=extra))


@pytest.fixture(scope="module")
def main_run(tmp_path_factory):
    """500 points, 6 dB Gaussian noise (seed 0), plus rows the plan does not know."""
    tmp = tmp_path_factory.mktemp("cal")
    extra = "9F,1,1,1F-AP01,-60\n1F,1,1,GHOST,-60\n1F,2,2,GHOST,-61\n"
    survey = _survey(tmp, synth.survey_rows(500, noise_db=6.0, seed=0), extra)
    b = synth.building()
    return b, survey, calibrate(b, synth.settings(b), synth.aps(), survey)


def test_recovers_materials_and_exponent(main_run) -> None:
    _b, _s, cal = main_run
    (band,) = cal.bands
    rows = {r.name: r for r in band.fit.table}
    fitted = [r for r in band.fit.table if r.kind == "material" and r.n_paths >= 50]
    assert {r.name for r in fitted} == set(synth.TRUTH_MATERIALS)  # every material is informative here
    for r in fitted:
        assert r.fitted
        assert abs(r.after - synth.TRUTH_MATERIALS[r.name]) <= 1.5, (r.name, r.after)
    assert abs(rows["path-loss exponent"].after - synth.TRUTH_EXPONENT) <= 0.15
    assert abs(rows["EIRP offset"].after - synth.TRUTH_OFFSET_DB) <= 1.5
    # accuracy: from the library's ≈ 16 dB to the noise level, held out
    assert band.before_rmse_db > 10.0
    assert 5.5 < band.cv.rmse_db < 6.5
    assert band.fit.rmse_db <= band.cv.rmse_db + 0.05


def test_unknown_rows_are_reported_not_dropped(main_run) -> None:
    _b, survey, cal = main_run
    got = [(s.reason, s.value, s.count) for s in cal.skipped]
    assert got == [("unknown floor", "9F", 1), ("unknown AP", "GHOST", 2)]
    assert cal.n_used == cal.n_rows - 3 == len(survey) - 3


def test_written_settings_are_what_rf_predicts(main_run) -> None:
    b, survey, cal = main_run
    s = cal.settings
    band = cal.bands[0]
    p = band.fit.params
    assert s.model == "multiwall"
    assert s.path_loss_exponent == p.exponent
    assert s.eirp_offset_db["5"] == p.offset_db
    for name, value in synth.TRUTH_MATERIALS.items():
        assert s.materials[name]["5"] == p.materials_db[name]
        assert s.materials[name]["2.4"] == synth.settings(b).materials[name]["2.4"]  # other bands untouched
    rec = s.params["calibration"]
    assert rec["survey_sha256"] == survey.sha256 and rec["n_readings"] == cal.n_used and rec["n_points"] == 500
    assert rec["bands"]["5"]["rmse_heldout_db"] == round(band.cv.rmse_db, 2)
    # the rf engine with the new settings gives the in-sample predictions
    paths = band.paths
    aps = synth.aps()
    names = [a.name for a in aps]
    idx = np.arange(0, len(paths), 97)
    rf = [rssi_dbm(b, s, aps, "5", paths.floor[i], paths.xy_m[i : i + 1], cull_rssi_dbm=None)[names.index(paths.ap_names[paths.ap_index[i]]), 0] for i in idx]
    assert_allclose(rf, (paths.rss_dbm - band.fit.residual_db)[idx], atol=1e-9)


def test_per_ap_offsets_written_and_honoured(tmp_path: Path) -> None:
    b = synth.building()
    truth = synth.truth_settings(b, params={"eirp_offset_db_per_ap": {"5": {"1F-AP02": 4.0, "2F-AP07": -4.0}}})
    survey = _survey(tmp_path, synth.survey_rows(400, noise_db=3.0, seed=1, truth=truth))
    cal = calibrate(b, synth.settings(b), synth.aps(), survey, CalibrationOptions(eirp="per-ap"))
    s = cal.settings
    per_ap = s.params["eirp_offset_db_per_ap"]["5"]
    total = {a: s.eirp_offset_db["5"] + per_ap.get(a, 0.0) for a in per_ap}
    assert abs(total["1F-AP02"] - (synth.TRUTH_OFFSET_DB + 4.0)) < 1.0
    assert abs(total["2F-AP07"] - (synth.TRUTH_OFFSET_DB - 4.0)) < 1.0
    assert abs(total["1F-AP01"] - synth.TRUTH_OFFSET_DB) < 1.0
    paths = cal.bands[0].paths
    prior, _ = prior_params(b, s, "5")
    assert_allclose(predict_rssi_dbm(paths, prior), paths.rss_dbm - cal.bands[0].fit.residual_db, atol=1e-9)


def test_min_paths_keeps_library_values(tmp_path: Path) -> None:
    b = synth.building()
    survey = _survey(tmp_path, synth.survey_rows(150, noise_db=6.0, seed=2))
    cal = calibrate(b, synth.settings(b), synth.aps(), survey, CalibrationOptions(min_paths=400))
    lib = synth.settings(b).materials
    for r in cal.bands[0].fit.table:
        if r.kind == "material" and r.n_paths < 400:
            assert not r.fitted and "kept library value" in r.note
            assert cal.settings.materials[r.name]["5"] == lib[r.name]["5"]
    assert any(r.kind == "material" and not r.fitted for r in cal.bands[0].fit.table)


def test_heldout_rmse_uses_points_not_fitted(tmp_path: Path) -> None:
    # readings in the cells of fold 0 are 15 dB too strong: a fit on all points absorbs
    # part of that (in-sample), while the held-out error on those readings stays ≈ 15 dB
    b = synth.building()
    rows = synth.survey_rows(500, noise_db=1.0, seed=3)
    folds = spatial_folds([r[0] for r in rows], np.array([[r[1], r[2]] for r in rows]), folds=5, seed=0)
    rows = [(f, x, y, a, rss + (15.0 if k == 0 else 0.0)) for (f, x, y, a, rss), k in zip(rows, folds)]
    cal = calibrate(b, synth.settings(b), synth.aps(), _survey(tmp_path, rows), CalibrationOptions(folds=5, seed=0))
    band = cal.bands[0]
    assert np.array_equal(band.cv.folds, folds)
    bad = folds == 0
    assert np.sqrt(np.mean(band.cv.residual_db[bad] ** 2)) > 13.0
    assert np.sqrt(np.mean(band.fit.residual_db[bad] ** 2)) < np.sqrt(np.mean(band.cv.residual_db[bad] ** 2))
    assert band.cv.rmse_db > band.fit.rmse_db + 0.5


def test_nonlinear_truth_is_detected_and_fitted(tmp_path: Path) -> None:
    b = synth.building()
    truth = synth.truth_settings(b, model="multiwall-nl", params={"wall_weight": {"5": 0.6}})
    survey = _survey(tmp_path, synth.survey_rows(500, noise_db=4.0, seed=4, truth=truth))
    lin = calibrate(b, synth.settings(b), synth.aps(), survey)
    assert lin.bands[0].nl_check.suggest_nl
    nl = calibrate(b, synth.settings(b), synth.aps(), survey, CalibrationOptions(model="multiwall-nl"))
    assert nl.settings.model == "multiwall-nl"
    w = nl.settings.params["wall_weight"]["5"]
    assert abs(w - 0.6) < 0.1
    assert nl.bands[0].cv.rmse_db < lin.bands[0].cv.rmse_db


def test_linear_truth_does_not_suggest_nl(main_run) -> None:
    assert not main_run[2].bands[0].nl_check.suggest_nl


def test_nothing_matches_is_an_error(tmp_path: Path) -> None:
    b = synth.building()
    survey = _survey(tmp_path, [("9F", 1.0, 1.0, "X", -50.0)])
    with pytest.raises(ConfigError, match="no survey row matches"):
        calibrate(b, synth.settings(b), synth.aps(), survey)


def test_deterministic(tmp_path: Path) -> None:
    b = synth.building()
    survey = _survey(tmp_path, synth.survey_rows(120, seed=5))
    a = calibrate(b, synth.settings(b), synth.aps(), survey, CalibrationOptions(min_paths=20))
    c = calibrate(b, synth.settings(b), synth.aps(), survey, CalibrationOptions(min_paths=20))
    assert a.settings.model_dump() == c.settings.model_dump()


def test_two_bands_fitted_separately(tmp_path: Path) -> None:
    b = synth.building()
    aps = [a.model_copy(update={"radios": {**a.radios, "2.4": synth.Radio(channel=1 + 5 * (i % 3), tx_power_dbm=15.0)}})
           for i, a in enumerate(synth.aps())]
    truth = synth.truth_settings(b, params={"path_loss_exponent_per_band": {"2.4": 2.2}})
    rng = np.random.default_rng(8)
    lines = ["floor,x_m,y_m,ap,rss_dbm,band"]
    for floor in ("1F", "2F"):
        xy = np.round(rng.uniform([0.5, 0.5], [59.5, 39.5], (120, 2)), 2)
        for band in ("2.4", "5"):
            rssi = rssi_dbm(b, truth, aps, band, floor, xy, cull_rssi_dbm=None) + rng.normal(0, 2.0, (8, 120))
            for a, ap in enumerate(aps):
                lines += [f"{floor},{x},{y},{ap.name},{v:.2f},{band}" for (x, y), v in zip(xy, rssi[a]) if v > -92]
    path = tmp_path / "two.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cal = calibrate(b, synth.settings(b), aps, read_survey_csv(path), CalibrationOptions(min_paths=30))
    assert [r.band for r in cal.bands] == ["2.4", "5"]
    s = cal.settings
    assert abs(s.path_loss_exponent - synth.TRUTH_EXPONENT) < 0.1  # the design band (5 GHz)
    assert abs(s.params["path_loss_exponent_per_band"]["2.4"] - 2.2) < 0.1
    assert abs(s.materials["drywall"]["5"] - synth.TRUTH_MATERIALS["drywall"]) < 1.0
    assert abs(s.materials["drywall"]["2.4"] - synth.settings(b).materials["drywall"]["2.4"]) < 1.0  # truth = library at 2.4
    for r in cal.bands:  # rf with the written settings reproduces each band's in-sample predictions
        i = 5
        got = rssi_dbm(b, s, aps, r.band, r.paths.floor[i], r.paths.xy_m[i : i + 1], cull_rssi_dbm=None)
        names = [a.name for a in aps]
        assert got[names.index(r.paths.ap_names[r.paths.ap_index[i]]), 0] == pytest.approx(r.paths.rss_dbm[i] - r.fit.residual_db[i], abs=1e-9)


def test_points_outside_the_outline_are_reported(tmp_path: Path) -> None:
    b = synth.building()
    rows = synth.survey_rows(60, seed=9)
    extra = "1F,600,300,1F-AP01,-70\n1F,60.5,20,1F-AP01,-70\n"  # far outside (pixels?) / within 1 m of the wall
    survey = _survey(tmp_path, rows, extra)
    cal = calibrate(b, synth.settings(b), synth.aps(), survey, CalibrationOptions(min_paths=20))
    (out,) = [k for k in cal.skipped if "outside" in k.reason]
    assert out.value == "1F" and out.count == 1 and out.lines == (len(rows) + 2,)
    assert cal.n_used == len(rows) + 1


def test_before_figures_use_the_plans_own_model(main_run, tmp_path: Path) -> None:
    b, survey, cal = main_run
    nl = calibrate(b, synth.settings(b), synth.aps(), survey, CalibrationOptions(model="multiwall-nl"))
    assert nl.bands[0].before_rmse_db == pytest.approx(cal.bands[0].before_rmse_db, abs=1e-12)
    p1238 = synth.settings(b).model_copy(update={"model": "p1238"})
    other = calibrate(b, p1238, synth.aps(), survey, CalibrationOptions(min_paths=50))
    aps = synth.aps()
    names = [a.name for a in aps]
    paths = other.bands[0].paths
    i = 3
    rf = rssi_dbm(b, p1238, aps, "5", paths.floor[i], paths.xy_m[i : i + 1], cull_rssi_dbm=None)[names.index(paths.ap_names[paths.ap_index[i]]), 0]
    ap_of = [paths.ap_names[k] for k in paths.ap_index]
    pred = rf_rssi_dbm(b, p1238, aps, "5", floor=paths.floor, xy_m=paths.xy_m, ap=ap_of)
    assert pred[i] == pytest.approx(rf, abs=1e-9)
    assert other.bands[0].before_rmse_db == pytest.approx(float(np.sqrt(np.mean((paths.rss_dbm - pred) ** 2))), abs=1e-9)
    assert other.bands[0].before_rmse_db != pytest.approx(cal.bands[0].before_rmse_db)
    assert other.settings.model == "multiwall"


def test_junction_crossings_follow_the_fitted_order(tmp_path: Path) -> None:
    # An L corner at (42, 33): drywall to the west, glass to the north. A path from 1F-AP03
    # (45, 30) through the corner has one material on each side and counts once, as the
    # weaker of the two (rf.walls rules). The library has glass (3.3) < drywall (4); the
    # truth glass (9) > drywall (3): after the fit the attribution flips, and the written
    # plan's rf predictions must still equal the reported in-sample predictions there.
    b = synth.building()
    floors = [f.model_dump() for f in b.floors]
    floors[0]["walls"] += [{"material": "drywall", "path": [[37, 33], [42, 33]]}, {"material": "glass", "path": [[42, 33], [42, 38]]}]
    b = b.model_copy(update={"floors": [type(b.floors[0]).model_validate(f) for f in floors]})
    truth = synth.truth_settings(b)
    mats = {k: dict(v) for k, v in truth.materials.items()}
    mats["glass"]["5"], mats["drywall"]["5"] = 9.0, 3.0
    truth = truth.model_copy(update={"materials": mats})
    aps = synth.aps()
    rng = np.random.default_rng(10)
    lines = ["floor,x_m,y_m,ap,rss_dbm"]
    for floor in ("1F", "2F"):
        xy = np.round(rng.uniform([0.5, 0.5], [59.5, 39.5], (150, 2)), 2)
        rssi = rssi_dbm(b, truth, aps, "5", floor, xy, cull_rssi_dbm=None) + rng.normal(0, 1.0, (8, 150))
        lines += [f"{floor},{x},{y},{ap.name},{v:.2f}" for a, ap in enumerate(aps) for (x, y), v in zip(xy, rssi[a]) if v > -92]
    ray = np.array([[42 - s_, 33 + s_] for s_ in (0.3, 0.6, 0.9, 1.2, 1.5)])
    ray_rssi = rssi_dbm(b, truth, aps, "5", "1F", ray, cull_rssi_dbm=None)[2]
    first = len(lines) + 1
    lines += [f"1F,{x:.1f},{y:.1f},1F-AP03,{v:.2f}" for (x, y), v in zip(ray, ray_rssi)]
    path = tmp_path / "junction.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    s0 = synth.settings(b)
    before = [rssi_dbm(b, s0.model_copy(update={"materials": {**s0.materials, "glass": {**s0.materials["glass"], "5": 0.0}}}),
                       aps, "5", "1F", ray, cull_rssi_dbm=None)[2], rssi_dbm(b, s0, aps, "5", "1F", ray, cull_rssi_dbm=None)[2]]
    assert np.all(before[0] > before[1])  # under the library the corner counts as glass
    cal = calibrate(b, s0, aps, read_survey_csv(path), CalibrationOptions(min_paths=30))
    s = cal.settings
    assert s.materials["glass"]["5"] > s.materials["drywall"]["5"] + 3
    band = cal.bands[0]
    idx = np.flatnonzero(np.isin(band.paths.line, np.arange(first, first + 5)))
    assert idx.size == 5
    assert np.all(band.paths.wall_counts[idx, band.paths.materials.index("drywall")] == 1)  # recounted: now drywall
    got = rssi_dbm(b, s, aps, "5", "1F", band.paths.xy_m[idx], cull_rssi_dbm=None)[2]
    assert_allclose(got, (band.paths.rss_dbm - band.fit.residual_db)[idx], atol=1e-9)
