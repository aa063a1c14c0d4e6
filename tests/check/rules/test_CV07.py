"""CV07 coverage.legacy_24: 2.4 GHz kept where 2.4 GHz-only devices are expected."""

from __future__ import annotations

import pytest

from tests.check.helpers import codes_at, needs, run, write_project
from tests.check.issue12 import NEW_MODEL, hall


def _ap(name, x, on_24=True):
    return {"name": name, "floor": "1F", "at": [x, 5], "idf": "MDF", "antenna_gain_dbi": {"5": 5, "2.4": 4},
            "radios": {"5": {"channel": 36, "tx_power_dbm": 14},
                       "2.4": {"channel": 1, "tx_power_dbm": 10, "enabled": on_24}}}


# one 2.4 GHz radio mid-hall: 10 dBm + 4 dBi - 40.1 (FSPL 1 m at 2412 MHz) - 29.7 (30.5 m)
# = -55.8 dBm >= -67 at the farthest point, so it covers the whole warehouse
@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_warehouse_without_24_fails(tmp_path):
    building = hall(use="warehouse", requirements="legacy_24_coverage: true\n")
    aps = [_ap("A", 20, on_24=False), _ap("B", 40, on_24=False)]
    report = run(write_project(tmp_path, building=building, aps=aps, spares=[]), "CV07")
    assert codes_at(report, "CV07") == [("CV07", 11, "1F")]
    assert report.findings[0].value == 0.0


def test_one_24_radio_left_on_passes(tmp_path):
    building = hall(use="warehouse", requirements="legacy_24_coverage: true\n")
    aps = [_ap("A", 30, on_24=True), _ap("B", 40, on_24=False)]
    assert run(write_project(tmp_path, building=building, aps=aps, spares=[]), "CV07").findings == []


def test_office_without_legacy_devices_needs_no_24(tmp_path):
    building = hall(use="office", requirements="legacy_24_coverage: true\n")
    aps = [_ap("A", 20, on_24=False), _ap("B", 40, on_24=False)]
    assert run(write_project(tmp_path, building=building, aps=aps, spares=[]), "CV07").findings == []


def test_new_model_default_and_legacy(tmp_path):
    aps = [_ap("A", 20, on_24=False), _ap("B", 40, on_24=False)]
    report = run(write_project(tmp_path, building=hall(use="warehouse"), aps=aps, spares=[], settings=NEW_MODEL), "CV07")
    assert [f.id for f in report.findings] == ["CV07"]
    (tmp_path / "legacy").mkdir()
    assert run(write_project(tmp_path / "legacy", building=hall(use="warehouse"), aps=aps, spares=[]), "CV07").findings == []
