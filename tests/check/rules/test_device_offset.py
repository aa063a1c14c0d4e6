"""CV01-CV03 apply the design device's signal offset recorded in a plan (issue 12, new plans only)."""

from __future__ import annotations

import copy

import pytest

from tests.check.helpers import GOOD_APS, needs, run, write_project


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.devices")


def _quiet_aps(tx_dbm: float) -> list[dict]:
    aps = copy.deepcopy(GOOD_APS)
    for ap in aps:
        ap["radios"]["5"]["tx_power_dbm"] = tx_dbm
    return aps


def test_legacy_plan_without_offset_passes(tmp_path):
    # two APs at -4 dBm + 5 dBi cover the 30 x 20 m office at -67 dBm for the reference receiver
    assert run(write_project(tmp_path, aps=_quiet_aps(-4.0)), "CV01").findings == []


def test_a_phone_design_device_fails_the_same_layout(tmp_path):
    # the same APs, the plan recording a phone (-5 dB): the share at -67 dBm is that of -62 dBm raw
    settings = {"params": {"client_signal_offset_db": -5.0, "design_client": "phone"}}
    report = run(write_project(tmp_path, aps=_quiet_aps(-4.0), settings=settings), "CV01", "CV03")
    by_rule = {f.id: f for f in report.findings}
    assert set(by_rule) == {"CV01", "CV03"}  # SNR moves with the signal too
    assert by_rule["CV01"].value < 0.95
    assert "phone offset -5 dB applied" in by_rule["CV01"].message


def test_a_bad_recorded_offset_is_reported_not_a_crash(tmp_path):
    settings = {"params": {"client_signal_offset_db": "loud"}}
    report = run(write_project(tmp_path, settings=settings), "CV01")
    assert report.files[0].status == "error"
    assert "settings.params.client_signal_offset_db: must be a number in dB (got 'loud')" in report.files[0].error
