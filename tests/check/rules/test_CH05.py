"""CH05 channels.overlap_24: co-channel 2.4 GHz APs heard per location."""

from __future__ import annotations

import pytest

from tests.check.helpers import codes_at, needs, run, write_project
from tests.check.issue12 import NEW_MODEL, hall


def _ap(name, x, channel):
    return {"name": name, "floor": "1F", "at": [x, 5], "idf": "MDF", "antenna_gain_dbi": {"2.4": 4},
            "radios": {"2.4": {"channel": channel, "width_mhz": 20, "tx_power_dbm": 10}}}


# four APs 15 m apart on channel 1: 10 dBm + 4 dBi at 45 m in free space (2412 MHz:
# FSPL(1 m) 40.1 dB + 33.1 dB) = -59 dBm >> -82 dBm, so every location hears 4
ONE_CHANNEL = [_ap(f"A{i}", 7.5 + 15 * i, 1) for i in range(4)]
FOUR_CHANNELS = [_ap(f"A{i}", 7.5 + 15 * i, ch) for i, ch in enumerate((1, 5, 9, 13))]


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_four_on_channel_1_fail(tmp_path):
    building = hall(requirements="max_co_channel_aps: {2.4: 3}\n")
    report = run(write_project(tmp_path, building=building, aps=ONE_CHANNEL, spares=[]), "CH05")
    assert codes_at(report, "CH05") == [("CH05", 11, "1F")]
    assert report.findings[0].value == 4 and "2.4 GHz" in report.findings[0].message


def test_1_5_9_13_pass(tmp_path):
    building = hall(requirements="max_co_channel_aps: {2.4: 3}\n")
    assert run(write_project(tmp_path, building=building, aps=FOUR_CHANNELS, spares=[]), "CH05").findings == []


def test_switching_a_radio_off_passes(tmp_path):
    aps = [dict(a) for a in ONE_CHANNEL]
    aps[1] = {**aps[1], "radios": {"2.4": {**aps[1]["radios"]["2.4"], "enabled": False}}}
    building = hall(requirements="max_co_channel_aps: {2.4: 3}\n")
    assert run(write_project(tmp_path, building=building, aps=aps, spares=[]), "CH05").findings == []


def test_new_model_default_three_and_legacy_untouched(tmp_path):
    report = run(write_project(tmp_path, building=hall(), aps=ONE_CHANNEL, spares=[], settings=NEW_MODEL), "CH05")
    assert [(f.id, f.limit) for f in report.findings] == [("CH05", 3)]
    (tmp_path / "legacy").mkdir()
    legacy = write_project(tmp_path / "legacy", building=hall(), aps=ONE_CHANNEL, spares=[])
    assert run(legacy, "CH05").findings == []
