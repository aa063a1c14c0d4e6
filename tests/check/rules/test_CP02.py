"""CP02 capacity.clients: active clients per radio ≤ the design limit."""

from __future__ import annotations

import pytest

from tests.check.helpers import ONE_FLOOR, codes_at, edit_building, needs, run, write_project

WEST = "{name: West, use: desk, headcount: 8,"


@pytest.fixture(autouse=True)
def _capacity():
    needs("wifiplan.capacity.evaluate")


def test_few_clients_pass(tmp_path):
    assert run(write_project(tmp_path), "CP02").findings == []


def test_hundred_people_on_one_ap_warn(tmp_path):
    building = edit_building(ONE_FLOOR, WEST, "{name: West, use: desk, headcount: 100,")
    report = run(write_project(tmp_path, building=building), "CP02")
    assert codes_at(report, "CP02") == [("CP02", 4, "1F")]
    f = report.findings[0]
    assert f.severity == "warning" and f.limit == 50 and f.value > 50  # preset limit
    assert "preset wifi6e-2x2" in f.message


def test_requirement_overrides_the_preset_limit(tmp_path):
    building = edit_building(ONE_FLOOR, "  band: 5\n", "  band: 5\n  max_clients_per_radio: 10\n")
    report = run(write_project(tmp_path, building=building), "CP02")
    # 8 people × 1.3 × 2 devices × 0.65 ≈ 13.5 active clients per AP > 10
    assert sorted(codes_at(report, "CP02")) == [("CP02", 4, "1F"), ("CP02", 5, "1F")]
    assert all(f.limit == 10 for f in report.findings)
