"""CH04 channels.co_channel_aps: co-channel APs heard per location on 5/6 GHz."""

from __future__ import annotations

import pytest

from tests.check.helpers import codes_at, needs, run, write_project
from tests.check.issue12 import NEW_MODEL, ap5, hall

# three APs 20 m apart in one open hall, all on channel 36: 14 dBm + 5 dBi, free space
# (legacy multiwall, n = 2) at 20 m: 19 - 46.7 - 26.0 = -53.7 dBm, at 40 m -59.8: every AP
# hears the other two far above -82 dBm, so every location hears 3 co-channel APs
SAME = [ap5("A", 10), ap5("B", 30), ap5("C", 50)]
SPREAD = [ap5("A", 10, channel=36), ap5("B", 30, channel=40), ap5("C", 50, channel=44)]


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_three_on_one_channel_fail_when_the_building_asks(tmp_path):
    building = hall(requirements="max_co_channel_aps: {5: 2}\n")
    report = run(write_project(tmp_path, building=building, aps=SAME, spares=[]), "CH04")
    assert codes_at(report, "CH04") == [("CH04", 11, "1F")]          # the hall zone's line
    f = report.findings[0]
    assert f.value == 3 and f.limit == 2 and f.location.file.endswith("building.yaml")


def test_three_channels_pass(tmp_path):
    building = hall(requirements="max_co_channel_aps: {5: 2}\n")
    assert run(write_project(tmp_path, building=building, aps=SPREAD, spares=[]), "CH04").findings == []


def test_limit_three_passes_three(tmp_path):
    building = hall(requirements="max_co_channel_aps: {5: 3}\n")
    assert run(write_project(tmp_path, building=building, aps=SAME, spares=[]), "CH04").findings == []


def test_new_model_default_is_two(tmp_path):
    report = run(write_project(tmp_path, building=hall(), aps=SAME, spares=[], settings=NEW_MODEL), "CH04")
    assert [(f.id, f.value, f.limit) for f in report.findings] == [("CH04", 3, 2)]


def test_legacy_plan_without_the_requirement_passes(tmp_path):
    assert run(write_project(tmp_path, building=hall(), aps=SAME, spares=[]), "CH04").findings == []
