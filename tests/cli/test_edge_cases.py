"""Edge cases a new user hits: prediction without telecom rooms or shipped country rules,
coverage on a grid coarser than the building, points far outside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import cli
from tests.conftest import REPO

EXAMPLE_PLAN = REPO / "examples" / "small-office.plan.yaml"
EXAMPLE_BUILDING = REPO / "floorplans" / "small-office.yaml"
ROOM = "    telecom_rooms:\n      - {name: MDF, kind: mdf, at: [23.5, 12.5]}   # IT closet x 22-25, y 11-14 (9 m2)\n"


def _project(tmp_path: Path, building_text: str) -> Path:
    (tmp_path / "office.yaml").write_text(building_text, encoding="utf-8")
    plan = EXAMPLE_PLAN.read_text(encoding="utf-8").replace('"../floorplans/small-office.yaml"', "office.yaml")
    path = tmp_path / "office.plan.yaml"
    path.write_text(plan, encoding="utf-8")
    return path


@pytest.fixture(params=["no telecom room", "country CN"])
def odd_project(request, tmp_path: Path) -> tuple[Path, str]:
    text = EXAMPLE_BUILDING.read_text(encoding="utf-8")
    if request.param == "no telecom room":
        assert ROOM in text
        return _project(tmp_path, text.replace(ROOM, "")), "BD13"
    assert "country: US" in text
    return _project(tmp_path, text.replace("country: US", "country: CN")), "BD14"


def test_predict_runs_with_a_warning(capsys, odd_project, tmp_path: Path):
    plan, code = odd_project
    points = tmp_path / "p.csv"
    points.write_text("floor,x_m,y_m\n1F,5,5\n", encoding="utf-8")
    rc, out, err = cli(capsys, "predict", str(plan), "--at", str(points))
    assert rc == 0, err
    assert out.splitlines()[0] == "floor,x_m,y_m,ap,rssi_dbm" and len(out.splitlines()) > 1
    assert f"warning {code}" in err and "planning and cabling only" in err


def test_coverage_runs_with_a_warning(capsys, odd_project):
    plan, code = odd_project
    rc, out, err = cli(capsys, "coverage", str(plan), "-f", "json")
    assert rc == 0, err
    assert json.loads(out)["floors"][0]["points"] > 0
    assert f"warning {code}" in err


def test_heatmap_runs_with_a_warning(capsys, odd_project, tmp_path: Path):
    plan, code = odd_project
    rc, out, err = cli(capsys, "heatmap", str(plan), "--floor", "1F", "-o", str(tmp_path / "1F.csv"))
    assert rc == 0, err
    assert (tmp_path / "1F.csv").read_text(encoding="utf-8").startswith("floor,x_m,y_m,value")
    assert f"warning {code}" in err


def test_calibrate_runs_with_a_warning(capsys, odd_project, tmp_path: Path):
    plan, code = odd_project
    survey = tmp_path / "s.csv"
    rows = [f"1F,{x},{y},1F-AP01,{-40 - 0.8 * (x + y):.1f}" for x in range(2, 30, 3) for y in range(2, 20, 3)]
    survey.write_text("floor,x_m,y_m,ap,rss_dbm\n" + "\n".join(rows) + "\n", encoding="utf-8")
    rc, out, err = cli(capsys, "calibrate", str(plan), str(survey), "-o", str(tmp_path / "cal.plan.yaml"), "-f", "json")
    assert rc == 0, err
    assert f"warning {code}" in err


def test_plan_still_refuses_them(capsys, odd_project, tmp_path: Path):
    plan, code = odd_project
    rc, out, err = cli(capsys, "plan", str(tmp_path / "office.yaml"), "-o", str(tmp_path / "new.plan.yaml"))
    assert rc == 2
    assert ("no telecom room" if code == "BD13" else "country 'CN'") in err


def test_coverage_floor_without_samples_does_not_pass(capsys, tmp_path: Path):
    plan = _project(tmp_path, EXAMPLE_BUILDING.read_text(encoding="utf-8"))
    rc, out, err = cli(capsys, "coverage", str(plan), "--grid", "100", "-f", "json")
    doc = json.loads(out)
    assert doc["floors"][0]["points"] == 0
    assert doc["floors"][0]["passed"] is False and doc["passed"] is False    # was "Area 0 … pass"
    assert "finer --grid" in err
    rc, out, err = cli(capsys, "coverage", str(plan), "--grid", "100")
    assert "no samples" in out and "pass " not in out.replace("passed", "")


def test_predict_warns_for_points_far_outside(capsys, tmp_path: Path):
    plan = _project(tmp_path, EXAMPLE_BUILDING.read_text(encoding="utf-8"))
    points = tmp_path / "p.csv"
    points.write_text("floor,x_m,y_m\n1F,5,5\n1F,540,5\n", encoding="utf-8")
    rc, out, err = cli(capsys, "predict", str(plan), "--at", str(points))
    assert rc == 0
    assert "1 point(s) on 1F lie outside the floor outline" in err and "lines 3" in err
    points.write_text("floor,x_m,y_m\n1F,5,5\n", encoding="utf-8")
    rc, out, err = cli(capsys, "predict", str(plan), "--at", str(points))
    assert "outside" not in err
