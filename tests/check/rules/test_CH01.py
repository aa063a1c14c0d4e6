"""CH01 channels.legal: channel, width and EIRP legal for the building's country."""

from __future__ import annotations

import copy

import pytest

from tests.check.helpers import GOOD_APS, codes_at, edit_building, ONE_FLOOR, run, write_project


def _aps(**radio):
    aps = copy.deepcopy(GOOD_APS)
    aps[1]["radios"]["5"].update(radio)
    return aps


def test_legal_channels_pass(tmp_path):
    report = run(write_project(tmp_path), "CH01")
    assert report.files[0].rules == ["CH01"]
    assert codes_at(report, "CH01") == []


@pytest.mark.parametrize(
    ("radio", "words"),
    [
        ({"channel": 34}, "not a legal 5 GHz channel in JP"),
        ({"channel": 155, "width_mhz": 80}, "not a legal 5 GHz channel in JP"),  # US-only UNII-3
        ({"channel": 44, "width_mhz": 320}, "320 MHz channels are not allowed"),
        ({"tx_power_dbm": 20}, "EIRP 25.0 dBm"),  # 20 dBm + 5 dBi preset gain > 23 dBm (W52)
    ],
)
def test_illegal_radio_fails_at_the_ap_line(tmp_path, radio, words):
    report = run(write_project(tmp_path, aps=_aps(**radio)), "CH01")
    found = [f for f in report.findings if f.id == "CH01"]
    assert len(found) == 1
    f = found[0]
    assert words in f.message
    # AP2 is on line 5 of the plan (format, building, aps:, AP1, AP2)
    assert (f.id, f.location.line, f.location.floor) == ("CH01", 5, "1F")
    assert f.location.file.endswith("office.plan.yaml")
    assert f.location.path.startswith("aps[1].radios")
    # an illegal radio fails the run (exit 1) by default: an error, not a warning (the plan
    # loader's own channel check does not cover EIRP, so CH01 alone must fail it)
    assert f.severity == "error"
    assert report.exit_code() == 1


def test_same_channel_legal_in_us(tmp_path):
    building = edit_building(ONE_FLOOR, "country: JP", "country: US")
    report = run(write_project(tmp_path, building=building, aps=_aps(channel=155, width_mhz=80)), "CH01")
    assert codes_at(report, "CH01") == []


def test_disabled_radio_is_not_checked(tmp_path):
    report = run(write_project(tmp_path, aps=_aps(channel=34, enabled=False)), "CH01")
    assert codes_at(report, "CH01") == []
