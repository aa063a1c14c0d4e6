"""CH07 channels.dfs_critical: APs serving critical zones off DFS channels."""

from __future__ import annotations

import pytest

from tests.check.helpers import codes_at, needs, run, write_project
from tests.check.issue12 import NEW_MODEL, ap5, hall


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_counter_hall_on_w53_warns(tmp_path):
    building = hall(use="counter-service", requirements="non_dfs_critical: true\n")
    report = run(write_project(tmp_path, building=building, aps=[ap5("A", 30, channel=52)], spares=[]), "CH07")
    assert codes_at(report, "CH07") == [("CH07", 4, "1F")]
    f = report.findings[0]
    assert f.severity == "warning" and "W53" in f.message and "Hall" in f.message
    assert report.exit_code() == 0


def test_counter_hall_on_w52_passes(tmp_path):
    building = hall(use="counter-service", requirements="non_dfs_critical: true\n")
    assert run(write_project(tmp_path, building=building, aps=[ap5("A", 30, channel=36)], spares=[]), "CH07").findings == []


def test_office_on_dfs_is_fine(tmp_path):
    building = hall(use="office", requirements="non_dfs_critical: true\n")
    assert run(write_project(tmp_path, building=building, aps=[ap5("A", 30, channel=52)], spares=[]), "CH07").findings == []


def test_new_model_default_on_legacy_off(tmp_path):
    aps = [ap5("A", 30, channel=100)]          # W56 (DFS) in JP
    report = run(write_project(tmp_path, building=hall(use="meeting-room"), aps=aps, spares=[], settings=NEW_MODEL), "CH07")
    assert [f.id for f in report.findings] == ["CH07"]
    (tmp_path / "legacy").mkdir()
    assert run(write_project(tmp_path / "legacy", building=hall(use="meeting-room"), aps=aps, spares=[]), "CH07").findings == []
