"""`wifiplan calibrate`: writes a calibrated plan, prints before/after with held-out figures; exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.calibrate import synth
from tests.cli.test_predict import cli
from wifiplan.io.load import load_plan
from wifiplan.io.project import load_project


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    _b, plan = synth.write_project(tmp_path)
    extra = "9F,1,1,1F-AP01,-60\n1F,1,1,GHOST,-60\n"
    survey = synth.write_survey(tmp_path / "survey.csv", synth.survey_rows(200, noise_db=4.0, seed=7), extra=extra)
    return plan, survey


def test_calibrate_writes_plan_and_prints_table(tmp_path: Path, capsys, files) -> None:
    plan, survey = files
    out = tmp_path / "cal.plan.yaml"
    code, stdout, err = cli(capsys, "calibrate", str(plan), str(survey), "-o", str(out), "--min-paths", "30")
    assert code == 0, err
    for text in ("path-loss exponent", "drywall", "Before", "After", "held-out", "in-sample", "RMSE",
                 "unknown floor", "9F", "unknown AP", "GHOST", "Wrote"):
        assert text in stdout, text
    loaded = load_project(out)
    s = loaded.plan_model.settings
    assert s.model == "multiwall" and s.params["calibration"]["survey"] == "survey.csv"
    assert abs(s.path_loss_exponent - synth.TRUTH_EXPONENT) < 0.3
    assert loaded.building.path.resolve() == (tmp_path / "building.yaml").resolve()
    assert [a.name for a in loaded.plan_model.aps] == [a.name for a in synth.aps()]
    # the calibrated plan is a valid plan file
    code, _o, err = cli(capsys, "validate", str(out))
    assert code == 0, err


def test_json_report_and_heldout_figures(tmp_path: Path, capsys, files) -> None:
    plan, survey = files
    out = tmp_path / "cal.plan.yaml"
    code, stdout, err = cli(capsys, "calibrate", str(plan), str(survey), "-o", str(out), "--format", "json", "--min-paths", "30", "--eirp", "per-ap")
    assert code == 0, err
    data = json.loads(stdout)
    (band,) = data["bands"]
    assert band["rmse_before_db"] > band["rmse_heldout_db"] > 0
    assert band["rmse_insample_db"] <= band["rmse_heldout_db"] + 0.05
    assert data["skipped"] == [
        {"reason": "unknown floor", "value": "9F", "rows": 1, "lines": [len(synth.survey_rows(200, seed=7)) + 2]},
        {"reason": "unknown AP", "value": "GHOST", "rows": 1, "lines": [len(synth.survey_rows(200, seed=7)) + 3]},
    ]
    assert sum(1 for p in band["parameters"] if p["kind"] == "offset") == 8
    rec = load_plan(out).model.settings.params["calibration"]["bands"]["5"]
    assert rec["rmse_heldout_db"] == round(band["rmse_heldout_db"], 2)


def test_output_in_other_directory_keeps_building_reachable(tmp_path: Path, capsys, files) -> None:
    plan, survey = files
    sub = tmp_path / "out"
    sub.mkdir()
    out = sub / "cal.plan.yaml"
    code, _o, err = cli(capsys, "calibrate", str(plan), str(survey), "-o", str(out), "--format", "json")
    assert code == 0, err
    assert load_plan(out).model.building == "../building.yaml"
    assert load_project(out).building.path.resolve() == (tmp_path / "building.yaml").resolve()


def test_refuses_overwrite_and_inputs(tmp_path: Path, capsys, files) -> None:
    plan, survey = files
    out = tmp_path / "cal.plan.yaml"
    out.write_text("keep", encoding="utf-8")
    code, _o, err = cli(capsys, "calibrate", str(plan), str(survey), "-o", str(out))
    assert code == 2 and "already exists" in err and out.read_text(encoding="utf-8") == "keep"
    code, _o, err = cli(capsys, "calibrate", str(plan), str(survey), "-o", str(plan), "--force")
    assert code == 2 and "input" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("floor,x_m,y_m,ap,rss_dbm\n1F,abc,1,1F-AP01,-50\n", "survey.csv:2: column 'x_m': not a number 'abc'"),
        ("floor,x_m,y_m,ap\n1F,1,1,1F-AP01\n", "survey.csv:1: missing column 'rss_dbm'"),
        ("floor,x_m,y_m,ap,rss_dbm\n9F,1,1,X,-50\n", "no survey row matches the plan"),
    ],
)
def test_bad_survey_exit_2(tmp_path: Path, capsys, files, text: str, message: str) -> None:
    plan, survey = files
    survey.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "calibrate", str(plan), str(survey), "-o", str(tmp_path / "x.plan.yaml"))
    assert code == 2 and message in err.replace(str(tmp_path) + "/", "") and "Traceback" not in err
    assert not (tmp_path / "x.plan.yaml").exists()


@pytest.mark.parametrize(("opt", "value"), [("--eirp", "each"), ("--model", "foo"), ("--folds", "1"), ("--min-paths", "0")])
def test_bad_options_exit_2(tmp_path: Path, capsys, files, opt: str, value: str) -> None:
    plan, survey = files
    code, _o, _e = cli(capsys, "calibrate", str(plan), str(survey), "-o", str(tmp_path / "x.plan.yaml"), opt, value)
    assert code == 2


def test_calibrated_plan_predicts_with_new_settings(tmp_path: Path, capsys, files) -> None:
    plan, survey = files
    out = tmp_path / "cal.plan.yaml"
    assert cli(capsys, "calibrate", str(plan), str(survey), "-o", str(out), "--model", "multiwall-nl", "--format", "json")[0] == 0
    pts = tmp_path / "p.csv"
    pts.write_text("floor,x_m,y_m,ap\n1F,21,8,1F-AP01\n", encoding="utf-8")
    code, before, _e = cli(capsys, "predict", str(plan), "--at", str(pts))
    code2, after, err = cli(capsys, "predict", str(out), "--at", str(pts))
    assert code == code2 == 0, err
    assert before != after
    assert load_plan(out).model.settings.model == "multiwall-nl"


def test_same_input_and_seed_give_identical_bytes(tmp_path: Path, capsys, files) -> None:
    plan, survey = files
    a, b = tmp_path / "a.plan.yaml", tmp_path / "b.plan.yaml"
    for out in (a, b):
        assert cli(capsys, "calibrate", str(plan), str(survey), "-o", str(out), "--seed", "3", "--format", "json")[0] == 0
    assert a.read_bytes() == b.read_bytes()
