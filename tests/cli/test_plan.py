"""``wifiplan plan``: outputs, exit codes, JSON, overwrite rules, determinism."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.design.conftest import make_building
from wifiplan.cli.plan import default_output
from wifiplan.io.load import load_plan
from wifiplan.io.writer import building_yaml

PY = [sys.executable, "-m", "wifiplan"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*PY, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture
def building_file(tmp_path: Path) -> Path:
    path = tmp_path / "site" / "office.yaml"
    path.parent.mkdir()
    path.write_text(building_yaml(make_building(floors=2)), encoding="utf-8")
    return path


def test_default_output_name():
    assert default_output(Path("a/b/city-hall.yaml")) == Path("a/b/city-hall.plan.yaml")
    assert default_output(Path("x.JSON")) == Path("x.plan.yaml")
    assert default_output(Path("noext")) == Path("noext.plan.yaml")


def test_plan_writes_file_and_json_summary(building_file: Path, tmp_path: Path):
    out = tmp_path / "plans" / "office.plan.yaml"
    out.parent.mkdir()
    r = run("plan", str(building_file), "-o", str(out), "--format", "json", "--seed", "2", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["requirements_met"] is True
    assert summary["aps"] >= 2 and [f["floor"] for f in summary["floors"]] == ["1F", "2F"]
    plan = load_plan(out).model
    assert plan.building == "../site/office.yaml"            # relative to the plan file
    assert plan.building_sha256 == __import__("hashlib").sha256(building_file.read_bytes()).hexdigest()
    assert plan.settings.seed == 2
    assert plan.settings.materials["drywall"]["5"] > 0       # settings in full
    assert len(plan.aps) == summary["aps"]
    assert {a.reason for a in plan.aps} <= {"coverage", "capacity"}
    assert all(a.idf for a in plan.aps)
    raw = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert raw["format"] == 1 and raw["summary"]["lower_bound"]["aps"] >= 1


def test_default_output_beside_building_and_table(building_file: Path, tmp_path: Path):
    r = run("plan", str(building_file), "--no-progress", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (building_file.parent / "office.plan.yaml").exists()
    assert "Lower bound" in r.stdout and "1F" in r.stdout and "2F" in r.stdout


def test_no_overwrite_without_force_and_never_the_building(building_file: Path, tmp_path: Path):
    out = tmp_path / "p.yaml"
    out.write_text("keep me", encoding="utf-8")
    r = run("plan", str(building_file), "-o", str(out), cwd=tmp_path)
    assert r.returncode == 2
    assert "--force" in r.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    before = building_file.read_bytes()
    r = run("plan", str(building_file), "-o", str(building_file), "--force", cwd=tmp_path)
    assert r.returncode == 2
    assert building_file.read_bytes() == before
    r = run("plan", str(building_file), "-o", str(out), "--force", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("# wifiplan plan")


def test_two_runs_byte_identical(building_file: Path, tmp_path: Path):
    a, b = tmp_path / "a.plan.yaml", tmp_path / "b.plan.yaml"
    assert run("plan", str(building_file), "-o", str(a), cwd=tmp_path).returncode == 0
    assert run("plan", str(building_file), "-o", str(b), cwd=tmp_path).returncode == 0
    text_a = a.read_text(encoding="utf-8").replace("a.plan.yaml", "")
    text_b = b.read_text(encoding="utf-8").replace("b.plan.yaml", "")
    assert text_a == text_b


def test_bad_inputs_exit_2_without_traceback(tmp_path: Path):
    r = run("plan", str(tmp_path / "missing.yaml"), cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "missing.yaml" in r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(building_yaml(make_building()).replace("office-web-meetings", "offfice"), encoding="utf-8")
    r = run("plan", str(bad), cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert not (tmp_path / "bad.plan.yaml").exists()
    r = run("plan", str(bad), "--format", "xml", cwd=tmp_path)
    assert r.returncode == 2


def test_band_the_preset_lacks_is_a_config_error(tmp_path: Path):
    b = make_building(band="6")
    b.ap.preset = "wifi6-2x2"
    path = tmp_path / "b.yaml"
    path.write_text(building_yaml(b), encoding="utf-8")
    r = run("plan", str(path), cwd=tmp_path)
    assert r.returncode == 2
    assert "has no 6 GHz radio" in r.stderr


def test_unmet_requirements_exit_1_and_listed(tmp_path: Path):
    b = make_building(floors=1, max_clients_per_radio=1, coverage_target=0.9)
    b.floors[0].zones[0].headcount = 400   # far more clients than any layout can give 1 per radio
    path = tmp_path / "dense.yaml"
    path.write_text(building_yaml(b), encoding="utf-8")
    r = run("plan", str(path), "--format", "json", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    summary = json.loads(r.stdout)
    assert summary["requirements_met"] is False and summary["unmet"]
    assert "requirement not met" in r.stderr
    assert (tmp_path / "dense.plan.yaml").exists()
