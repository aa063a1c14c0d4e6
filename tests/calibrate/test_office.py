"""Calibrating with the multiwall-office model: exact features, a known truth recovered, settings rf honours."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.calibrate import synth
from wifiplan.calibrate.params import predict_rssi_dbm
from wifiplan.calibrate.paths import build_paths, prior_params
from wifiplan.calibrate.run import CalibrationOptions, calibrate
from wifiplan.calibrate.survey import read_survey_csv
from wifiplan.rf.engine import rssi_dbm
from wifiplan.rf.models import default_params

OFFICE = {"model": "multiwall-office", "params": {**default_params("multiwall-office"), "breakpoint_m": 12.0}}


def _rf(b, s, floor, xy, ap):
    aps = synth.aps()
    names = [a.name for a in aps]
    return np.array([rssi_dbm(b, s, aps, "5", f, xy[i : i + 1], cull_rssi_dbm=None)[names.index(ap[i]), 0]
                     for i, f in enumerate(floor)])


def test_office_features_reproduce_rf_on_both_floors() -> None:
    # log_d up to the breakpoint, the far slope in base_db, slabs counted min(1/cos, cap) times
    b = synth.building()
    s = synth.truth_settings(b, **OFFICE)
    rng = np.random.default_rng(3)
    n = 150
    floor = ["1F" if i % 2 else "2F" for i in range(n)]
    xy = rng.uniform(0.5, 59.5, (n, 2)) * [1, 39 / 59]
    ap = [synth.aps()[i % 8].name for i in range(n)]
    paths = build_paths(b, s, synth.aps(), "5", floor=floor, xy_m=xy, ap=ap, model="multiwall-office")
    prior, _ = prior_params(b, s, "5")
    assert_allclose(predict_rssi_dbm(paths, prior), _rf(b, s, floor, xy, ap), atol=1e-9)
    slab = paths.slab_counts[:, paths.materials.index("concrete-slab")]
    cross = slab > 0
    assert cross.any() and np.all((slab[cross] >= 1.0) & (slab[cross] <= 1.3 + 1e-12))
    assert np.all(paths.log_d <= 10 * np.log10(12.0) + 1e-12)


@pytest.fixture(scope="module")
def office_run(tmp_path_factory):
    tmp: Path = tmp_path_factory.mktemp("office")
    b = synth.building()
    truth = synth.truth_settings(b, **OFFICE)
    rows = synth.survey_rows(500, noise_db=4.0, seed=1, truth=truth)
    survey = read_survey_csv(synth.write_survey(tmp / "survey.csv", rows))
    start = synth.settings(b).model_copy(update=OFFICE)
    return b, calibrate(b, start, synth.aps(), survey, CalibrationOptions(model="multiwall-office"))


def test_office_calibration_recovers_the_truth(office_run) -> None:
    _b, cal = office_run
    rows = {r.name: r for r in cal.bands[0].fit.table}
    # near-field exponent 2.6 (the truth), materials within 1.5 dB, offset -3 dB
    assert abs(rows["path-loss exponent"].after - synth.TRUTH_EXPONENT) <= 0.2
    for name, value in synth.TRUTH_MATERIALS.items():
        assert abs(rows[name].after - value) <= 1.5, (name, rows[name].after)
    assert abs(rows["EIRP offset"].after - synth.TRUTH_OFFSET_DB) <= 1.5
    assert 3.5 < cal.bands[0].cv.rmse_db < 4.5  # the noise level, held out


def test_office_calibration_writes_settings_rf_honours(office_run) -> None:
    b, cal = office_run
    s = cal.settings
    assert s.model == "multiwall-office" and s.params["breakpoint_m"] == 12.0  # kept, not fitted
    band = cal.bands[0]
    paths = band.paths
    idx = np.arange(0, len(paths), 89)
    rf = _rf(b, s, [paths.floor[i] for i in idx], paths.xy_m[idx], [paths.ap_names[paths.ap_index[i]] for i in idx])
    assert_allclose(rf, (paths.rss_dbm - band.fit.residual_db)[idx], atol=1e-9)


def test_a_legacy_plan_calibrated_as_office_records_the_model_parameters(tmp_path) -> None:
    b = synth.building()
    survey = read_survey_csv(synth.write_survey(tmp_path / "s.csv", synth.survey_rows(120, noise_db=4.0, seed=2)))
    cal = calibrate(b, synth.settings(b), synth.aps(), survey, CalibrationOptions(model="multiwall-office", folds=2))
    assert cal.settings.model == "multiwall-office"
    assert {k: cal.settings.params[k] for k in default_params("multiwall-office")} == default_params("multiwall-office")
