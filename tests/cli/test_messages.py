"""Messages a new user meets: said once, about the right file or flag."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import cli
from tests.conftest import REPO

EXAMPLE_PLAN = REPO / "examples" / "small-office.plan.yaml"
EXAMPLE_BUILDING = REPO / "floorplans" / "small-office.yaml"


@pytest.fixture
def lone_plan(tmp_path: Path) -> Path:
    """The example plan copied alone: its `building:` points nowhere."""
    path = tmp_path / "small-office.plan.yaml"
    shutil.copy(EXAMPLE_PLAN, path)
    return path


def test_check_missing_building_said_once(capsys, monkeypatch, lone_plan: Path):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)    # report and errors on one terminal
    code, out, err = cli(capsys, "check", str(lone_plan))
    assert code == 2
    both = re.sub(r"\x1b\[[0-9;]*m", "", out + err)          # the report is coloured on a terminal
    assert both.count("not found") == 1, both                 # was three times
    assert "floorplans/small-office.yaml" in re.sub(r"\s+", "", both)   # the table may wrap it


def test_check_report_piped_keeps_the_error_on_stderr(capsys, lone_plan: Path):
    code, out, err = cli(capsys, "check", str(lone_plan))      # stdout is not a terminal here
    assert code == 2 and err.count("not found") == 1 and out.count("not found") == 1


def test_check_missing_building_json_keeps_stderr_line(capsys, lone_plan: Path):
    code, out, err = cli(capsys, "check", str(lone_plan), "-f", "json")
    assert code == 2
    assert json.loads(out)["files"][0]["status"] == "error"
    assert err.count("not found") == 1


def test_stale_plan_names_the_building_checked(capsys, lone_plan: Path, tmp_path: Path):
    other = tmp_path / "renamed-office.yaml"
    other.write_text(EXAMPLE_BUILDING.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code, out, err = cli(capsys, "check", str(lone_plan), "-b", str(other), "-f", "json", "--select", "PL02")
    (finding,) = [f for f in json.loads(out)["findings"] if f["id"] == "PL02"]
    assert "renamed-office.yaml" in finding["message"]
    assert "floorplans/small-office.yaml" not in finding["message"]   # the plan's own `building:`


def test_unknown_cost_book_blames_the_flag(capsys, lone_plan: Path):
    code, out, err = cli(capsys, "cost", str(lone_plan), "-b", str(EXAMPLE_BUILDING), "--book", "eu")
    assert code == 2
    assert "--book" in err and "unknown cost book 'eu'" in err and "jp, us" in err
    assert "small-office.yaml:" not in err                     # not "small-office.yaml:13:1 costs.book"
