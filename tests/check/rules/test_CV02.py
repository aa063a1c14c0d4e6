"""CV02 coverage.secondary: share of each floor hearing a second AP (when asked)."""

from __future__ import annotations

import pytest

from tests.check.helpers import ONE_FLOOR, codes_at, edit_building, needs, run, write_project

OPEN = edit_building(ONE_FLOOR, "material: concrete, path: [[15, 0], [15, 20]]", "material: glass, path: [[15, 0], [15, 20]]")


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def _secondary(text: str, dbm: int) -> str:
    return edit_building(text, "  band: 5\n", f"  band: 5\n  secondary_rssi_dbm: {dbm}\n")


def test_not_asked_passes(tmp_path):
    assert run(write_project(tmp_path), "CV02").findings == []


def test_concrete_wall_blocks_the_second_ap(tmp_path):
    report = run(write_project(tmp_path, building=_secondary(ONE_FLOOR, -67)), "CV02")
    assert [(c, floor) for c, _, floor in codes_at(report, "CV02")] == [("CV02", "1F")]
    f = report.findings[0]
    assert f.value < 0.5 and f.limit == 0.85


def test_glass_partition_lets_both_aps_through(tmp_path):
    assert run(write_project(tmp_path, building=_secondary(OPEN, -75)), "CV02").findings == []
