"""CV05 coverage.realtime_secondary: a second AP in real-time zones."""

from __future__ import annotations

import pytest

from tests.check.helpers import codes_at, needs, run, write_project
from tests.check.issue12 import NEW_MODEL, ap5, hall

# two APs 10 m apart: the farther one is at most 35.1 m (3-D) from any point of the hall,
# 14 dBm + 5 dBi - 46.7 - 30.9 = -58.6 dBm >= -75 dBm everywhere
TWO = [ap5("A", 25, channel=36), ap5("B", 35, channel=44)]


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_meeting_hall_with_one_ap_fails_at_the_zone(tmp_path):
    building = hall(use="meeting-room", requirements="realtime_secondary_rssi_dbm: -75\n")
    report = run(write_project(tmp_path, building=building, aps=[ap5("A", 30)], spares=[]), "CV05")
    assert codes_at(report, "CV05") == [("CV05", 11, "1F")]
    assert report.findings[0].value == 0.0 and "meeting-room" in report.findings[0].message


def test_two_aps_pass(tmp_path):
    building = hall(use="meeting-room", requirements="realtime_secondary_rssi_dbm: -75\n")
    assert run(write_project(tmp_path, building=building, aps=TWO, spares=[]), "CV05").findings == []


def test_non_realtime_zone_is_not_asked(tmp_path):
    building = hall(use="office", requirements="realtime_secondary_rssi_dbm: -75\n")
    assert run(write_project(tmp_path, building=building, aps=[ap5("A", 30)], spares=[]), "CV05").findings == []


def test_new_model_default_and_legacy(tmp_path):
    b = hall(use="office-web-meetings")
    report = run(write_project(tmp_path, building=b, aps=[ap5("A", 30)], spares=[], settings=NEW_MODEL), "CV05")
    assert [(f.id, f.limit) for f in report.findings] == [("CV05", 0.85)]
    (tmp_path / "legacy").mkdir()
    assert run(write_project(tmp_path / "legacy", building=b, aps=[ap5("A", 30)], spares=[]), "CV05").findings == []
