"""`wifiplan check`: exit codes 0/1/2, formats, selection, output files."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.check.helpers import GOOD_APS, needs, write_project
from tests.cli.helpers import cli



@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_clean_plan_exits_0(tmp_path, capsys):
    code, out, err = cli(capsys, "check", str(write_project(tmp_path)), "--format", "json")
    assert code == 0, out + err
    data = json.loads(out)
    assert data["findings"] == [] and data["summary"]["exit_code"] == 0
    assert data["files"][0]["status"] == "checked" and data["files"][0]["skipped"] == []
    assert {"CV01", "CV03", "CH01", "PL10"} <= set(data["files"][0]["rules"])


def test_deleting_an_ap_exits_1_naming_coverage_and_floor(tmp_path, capsys):
    plan = write_project(tmp_path, aps=GOOD_APS[:1])
    code, out, _ = cli(capsys, "check", str(plan), "--format", "json")
    assert code == 1
    data = json.loads(out)
    cv = [f for f in data["findings"] if f["id"] == "CV01"]
    assert len(cv) == 1 and cv[0]["location"]["floor"] == "1F" and cv[0]["name"] == "coverage.min_rssi"
    code, out, _ = cli(capsys, "check", str(plan))
    assert code == 1 and "CV01 coverage.min_rssi" in out and "1F" in out


@pytest.mark.parametrize(
    ("target", "old", "new", "fragment"),
    [
        ("office.plan.yaml", "aps:", "aps: [", "YAML syntax error"),
        ("office.plan.yaml", "format: 1", "format: 7", "format"),
        ("building.yaml", "floors:", "floors: {", "YAML syntax error"),
        ("building.yaml", "height_m: 3.5", "height_m: high", "height_m"),
    ],
)
def test_broken_file_exits_2_with_a_located_message(tmp_path, capsys, target, old, new, fragment):
    plan = write_project(tmp_path)
    path = tmp_path / target
    path.write_text(path.read_text().replace(old, new, 1))
    code, out, err = cli(capsys, "check", str(plan), "--format", "json")
    assert code == 2
    assert fragment in err and target in err
    data = json.loads(out)
    assert data["files"][0]["status"] == "error" and data["summary"]["exit_code"] == 2
    assert data["findings"][0]["location"]["line"] is not None


def test_missing_plan_exits_2(tmp_path, capsys):
    code, out, err = cli(capsys, "check", str(tmp_path / "nope.plan.yaml"))
    assert code == 2 and "no such plan file" in err


def test_one_broken_plan_among_good_ones_still_checks_the_others(tmp_path, capsys):
    good = write_project(tmp_path)
    bad = tmp_path / "bad.plan.yaml"
    bad.write_text("aps: [\n")
    code, out, _ = cli(capsys, "check", str(good), str(bad), "--format", "json")
    data = json.loads(out)
    assert code == 2 and [f["status"] for f in data["files"]] == ["checked", "error"]


def test_exit_zero_and_fail_on_warning(tmp_path, capsys):
    plan = write_project(tmp_path, aps=GOOD_APS[:1])
    assert cli(capsys, "check", str(plan), "--exit-zero")[0] == 0
    warn_only = write_project(tmp_path, building_sha256="0" * 64)
    assert cli(capsys, "check", str(warn_only))[0] == 0
    assert cli(capsys, "check", str(warn_only), "--fail-on", "warning")[0] == 1


def test_select_and_ignore(tmp_path, capsys):
    plan = write_project(tmp_path, aps=GOOD_APS[:1])
    code, out, _ = cli(capsys, "check", str(plan), "--ignore", "CV01,CV03", "--ignore", "capacity", "--format", "json")
    assert code == 0 and not json.loads(out)["findings"]
    code, out, _ = cli(capsys, "check", str(plan), "--select", "coverage.min_rssi", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["files"][0]["rules"] == ["CV01"]
    code, out, _ = cli(capsys, "check", str(plan), "--select", "CH", "--format", "json")
    assert json.loads(out)["files"][0]["rules"] == ["CH01", "CH02", "CH03", "CH04", "CH05", "CH06", "CH07"]


def test_unknown_selector_exits_2(tmp_path, capsys):
    code, _, err = cli(capsys, "check", str(write_project(tmp_path)), "--select", "CV99")
    assert code == 2 and "CV99" in err


def test_bad_format_is_a_usage_error(tmp_path, capsys):
    assert cli(capsys, "check", str(write_project(tmp_path)), "--format", "xml")[0] == 2


def test_output_file_and_force(tmp_path, capsys):
    plan = write_project(tmp_path, aps=GOOD_APS[:1])
    out_file = tmp_path / "check.sarif"
    code, out, _ = cli(capsys, "check", str(plan), "--format", "sarif", "-o", str(out_file))
    assert code == 1 and out == ""
    assert json.loads(out_file.read_text())["version"] == "2.1.0"
    code, _, err = cli(capsys, "check", str(plan), "--format", "sarif", "-o", str(out_file))
    assert code == 2 and "--force" in err
    assert cli(capsys, "check", str(plan), "--format", "sarif", "-o", str(out_file), "--force")[0] == 1
    code, _, err = cli(capsys, "check", str(plan), "-o", str(plan), "--force")
    assert code == 2 and "input" in err


def test_junit_output_parses_with_unique_cases(tmp_path, capsys):
    plan = write_project(tmp_path, aps=GOOD_APS[:1])
    code, out, _ = cli(capsys, "check", str(plan), "--format", "junit")
    root = ET.fromstring(out.split("\n", 1)[1])
    pairs = [(tc.get("classname"), tc.get("name")) for tc in root.iter("testcase")]
    assert len(pairs) == len(set(pairs))
    failed = [(tc.get("classname"), tc.get("name")) for tc in root.iter("testcase") if tc.find("failure") is not None]
    assert ("1F", "CV01 coverage.min_rssi") in failed


def test_github_annotations(tmp_path, capsys):
    plan = write_project(tmp_path, aps=GOOD_APS[:1])
    code, out, _ = cli(capsys, "check", str(plan), "--format", "github")
    line = next(l for l in out.splitlines() if "CV01" in l)
    assert line.startswith("::error file=") and ",line=14," in line and "title=CV01 coverage.min_rssi" in line


def test_list_rules(capsys):
    code, out, _ = cli(capsys, "check", "--list-rules")
    assert code == 0
    codes = [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")]
    assert {"CV01", "CV02", "CV03", "CH01", "CH02", "CH03", "CB01", "CB02", "PL02", "PL10", "BD00"} <= set(codes)


def test_subprocess_exit_code(tmp_path):
    plan = write_project(tmp_path, aps=GOOD_APS[:1])
    res = subprocess.run([sys.executable, "-m", "wifiplan", "check", str(plan), "--format", "github"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 1, res.stderr
    assert "::error" in res.stdout
