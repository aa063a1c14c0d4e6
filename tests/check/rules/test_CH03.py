"""CH03 channels.co_channel: APs on overlapping 5/6 GHz channels hearing each other > −67 dBm."""

from __future__ import annotations

import copy

import pytest

from tests.check.helpers import GOOD_APS, ONE_FLOOR, codes_at, edit_building, needs, run, write_project

OPEN = edit_building(ONE_FLOOR, "material: concrete, path: [[15, 0], [15, 20]]", "material: drywall, path: [[15, 0], [15, 20]]")


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.engine")


def _aps(ch1: int, ch2: int, width2: int = 20):
    aps = copy.deepcopy(GOOD_APS)
    aps[0]["radios"]["5"]["channel"] = ch1
    aps[1]["radios"]["5"].update(channel=ch2, width_mhz=width2)
    return aps


def test_different_channels_pass(tmp_path):
    assert run(write_project(tmp_path, building=OPEN), "CH03").findings == []


def test_same_channel_through_drywall_warns_at_the_later_ap(tmp_path):
    report = run(write_project(tmp_path, building=OPEN, aps=_aps(36, 36)), "CH03")
    assert codes_at(report, "CH03") == [("CH03", 5, "1F")]
    f = report.findings[0]
    assert f.severity == "warning" and f.value > -67 and "AP1" in f.message
    assert report.exit_code() == 0


def test_bonded_channel_overlaps_its_member(tmp_path):
    report = run(write_project(tmp_path, building=OPEN, aps=_aps(36, 42, 80)), "CH03")
    assert codes_at(report, "CH03") == [("CH03", 5, "1F")]


def test_concrete_wall_separates_same_channel(tmp_path):
    # 14 m + 20 dB of concrete: about −71 dBm, below the −67 dBm threshold
    assert run(write_project(tmp_path, aps=_aps(36, 36)), "CH03").findings == []
