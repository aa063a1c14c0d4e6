"""CV03 coverage.snr: share of each floor at min_snr_db vs coverage_target."""

from __future__ import annotations

import pytest

from tests.check.helpers import GOOD_APS, ONE_FLOOR, codes_at, edit_building, needs, run, write_project


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_default_snr_met(tmp_path):
    assert run(write_project(tmp_path), "CV03").findings == []


def test_very_high_snr_target_fails(tmp_path):
    # −95 dBm noise at 20 MHz: 55 dB SNR needs −40 dBm, only met right under an AP
    building = edit_building(ONE_FLOOR, "  band: 5\n", "  band: 5\n  min_snr_db: 55\n")
    report = run(write_project(tmp_path, building=building), "CV03")
    assert [(c, floor) for c, _, floor in codes_at(report, "CV03")] == [("CV03", "1F")]
    assert report.findings[0].value < 0.5


def test_missing_ap_fails_snr_too(tmp_path):
    report = run(write_project(tmp_path, aps=GOOD_APS[:1]), "CV03")
    assert codes_at(report, "CV03") == [("CV03", 14, "1F")]
