"""CV01 coverage.min_rssi: share of each floor at min_rssi_dbm vs coverage_target."""

from __future__ import annotations

import pytest

from tests.check.helpers import GOOD_APS, ONE_FLOOR, codes_at, edit_building, needs, run, write_project


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_two_aps_cover_both_rooms(tmp_path):
    report = run(write_project(tmp_path), "CV01")
    assert report.files[0].rules == ["CV01"]
    assert report.findings == []


def test_deleting_the_east_ap_fails_in_the_east_zone(tmp_path):
    report = run(write_project(tmp_path, aps=GOOD_APS[:1]), "CV01")
    # the largest gap is behind the concrete wall: zone 'East', line 14 of the building
    assert codes_at(report, "CV01") == [("CV01", 14, "1F")]
    f = report.findings[0]
    assert f.location.path == "floors[0].zones[1].polygon" and f.location.file.endswith("building.yaml")
    assert 15 < f.location.x_m < 30
    # about half the floor (the east room, 300 of 600 m²) misses −67 dBm
    assert 0.4 < f.value < 0.65 and f.limit == 0.95 and f.unit == "fraction"
    assert "floor 1F" in f.message and "zone 'East'" in f.message


def test_lower_target_passes_with_one_ap(tmp_path):
    building = edit_building(ONE_FLOOR, "  band: 5\n", "  band: 5\n  coverage_target: 0.4\n")
    assert run(write_project(tmp_path, building=building, aps=GOOD_APS[:1]), "CV01").findings == []


def test_no_ap_at_all_fails_with_zero_share(tmp_path):
    report = run(write_project(tmp_path, aps=[], spares=[]), "CV01")
    assert [f.value for f in report.findings] == [0.0]
