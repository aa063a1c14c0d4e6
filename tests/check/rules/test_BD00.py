"""BD00 building.valid: validation problems of the building, with their own codes."""

from __future__ import annotations

from tests.check.helpers import ONE_FLOOR, codes_at, edit_building, run, write_project


def test_valid_building_passes(tmp_path):
    report = run(write_project(tmp_path), "BD00")
    assert [f.id for f in report.findings if f.id.startswith("BD")] == []


def test_unknown_use_is_bd11_at_its_line(tmp_path):
    building = edit_building(ONE_FLOOR, "use: desk, headcount: 8, polygon: [[15, 0]", "use: offfice, headcount: 8, polygon: [[15, 0]")
    report = run(write_project(tmp_path, building=building), "BD00")
    assert codes_at(report, "BD11") == [("BD11", 14, "1F")]
    f = next(f for f in report.findings if f.id == "BD11")
    assert f.location.file.endswith("building.yaml") and f.location.path == "floors[0].zones[1].use"
    assert "office" in (f.hint or "")
    assert f.name == "building.valid.bd11"


def test_building_errors_skip_evaluation_rules(tmp_path):
    building = edit_building(ONE_FLOOR, "material: concrete", "material: concret")
    report = run(write_project(tmp_path, building=building), "BD", "CH01", "PL10")
    assert codes_at(report, "BD10") == [("BD10", 11, "1F")]
    skipped = {s.code: s.reason for s in report.files[0].skipped}
    assert set(skipped) == {"CH01", "PL10"} and "BD10" in skipped["CH01"]
    assert report.exit_code() == 1


def test_ignore_one_emitted_code(tmp_path):
    building = edit_building(ONE_FLOOR, "material: concrete", "material: concret")
    report = run(write_project(tmp_path, building=building), "BD00")
    assert codes_at(report, "BD10")
    from wifiplan.check import CheckOptions, run_checks

    report = run_checks([tmp_path / "office.plan.yaml"], options=CheckOptions(select=("BD00",), ignore=("BD10",)))
    assert codes_at(report, "BD10") == []
