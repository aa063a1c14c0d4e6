"""CP01 capacity.utilisation: channel utilisation at the growth scenario ≤ max_utilization."""

from __future__ import annotations

import pytest

from tests.check.helpers import ONE_FLOOR, codes_at, edit_building, needs, run, write_project

WEST = "{name: West, use: desk, headcount: 8,"


@pytest.fixture(autouse=True)
def _capacity():
    needs("wifiplan.capacity.evaluate")


def test_eight_office_workers_per_ap_pass(tmp_path):
    report = run(write_project(tmp_path), "CP01")
    assert report.files[0].rules == ["CP01"] and report.findings == []


def test_crowded_web_meetings_fail_at_the_serving_ap(tmp_path):
    building = edit_building(ONE_FLOOR, WEST, "{name: West, use: office-web-meetings, headcount: 120,")
    report = run(write_project(tmp_path, building=building), "CP01")
    assert codes_at(report, "CP01") == [("CP01", 4, "1F")]  # AP1 serves the west room
    f = report.findings[0]
    assert f.value > 0.5 and f.limit == 0.5 and f.location.path == 'aps[0].radios["5"]'


def test_growth_tips_the_balance(tmp_path):
    # 8 people: 42 % at 30 % growth; with 100 % growth the same plan passes 50 %
    building = edit_building(ONE_FLOOR, "  band: 5\n", "  band: 5\n  growth: 1.0\n")
    report = run(write_project(tmp_path, building=building), "CP01")
    assert sorted(codes_at(report, "CP01")) == [("CP01", 4, "1F"), ("CP01", 5, "1F")]


def test_higher_cap_passes(tmp_path):
    building = edit_building(ONE_FLOOR, "  band: 5\n", "  band: 5\n  growth: 1.0\n  max_utilization: 0.8\n")
    assert run(write_project(tmp_path, building=building), "CP01").findings == []
