"""`wifiplan diff`: formats and exit codes."""

from __future__ import annotations

import json

import pytest

from tests.check.helpers import GOOD_APS, needs, write_project
from tests.cli.test_check import cli


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_json_and_markdown(tmp_path, capsys):
    old = write_project(tmp_path, name="old.plan.yaml")
    new = write_project(tmp_path, name="new.plan.yaml", aps=GOOD_APS[:1])
    code, out, err = cli(capsys, "diff", str(old), str(new), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [a["name"] for a in data["aps"]["removed"]] == ["AP2"]
    code, out, _ = cli(capsys, "diff", str(old), str(new), "--format", "markdown")
    assert code == 0 and "| removed | AP2 |" in out


def test_output_file(tmp_path, capsys):
    old = write_project(tmp_path, name="old.plan.yaml")
    out_file = tmp_path / "diff.md"
    code, out, _ = cli(capsys, "diff", str(old), str(old), "-f", "markdown", "-o", str(out_file))
    assert code == 0 and out == "" and out_file.read_text().startswith("### Wi-Fi plan diff")


def test_unreadable_plan_exits_2(tmp_path, capsys):
    old = write_project(tmp_path, name="old.plan.yaml")
    bad = tmp_path / "bad.plan.yaml"
    bad.write_text("aps: [\n")
    code, _, err = cli(capsys, "diff", str(old), str(bad))
    assert code == 2 and "bad.plan.yaml" in err


def test_bad_format(tmp_path, capsys):
    old = write_project(tmp_path, name="old.plan.yaml")
    assert cli(capsys, "diff", str(old), str(old), "--format", "xml")[0] == 2
