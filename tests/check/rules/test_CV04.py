"""CV04 coverage.own_floor: each floor served by its own APs."""

from __future__ import annotations

import pytest

from tests.check.helpers import needs, run, write_project
from tests.check.issue12 import NEW_MODEL, TWO_FLOORS, ap5, edit

BOTH_ON_1F = [ap5("A", 5), ap5("B", 15)]
ONE_PER_FLOOR = [ap5("A", 10), ap5("B", 10, floor="2F", idf="IDF2")]
EXPLICIT = edit(TWO_FLOORS, "  band: 5\n", "  band: 5\n  min_own_floor_share: 0.9\n")


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_floor_served_through_the_slab_fails(tmp_path):
    report = run(write_project(tmp_path, building=EXPLICIT, aps=BOTH_ON_1F, spares=[]), "CV04")
    assert [(f.id, f.location.floor, f.value) for f in report.findings] == [("CV04", "2F", 0.0)]
    assert "served from 1F" in report.findings[0].message


def test_one_ap_per_floor_passes(tmp_path):
    assert run(write_project(tmp_path, building=EXPLICIT, aps=ONE_PER_FLOOR, spares=[]), "CV04").findings == []


def test_new_model_default_and_legacy(tmp_path):
    report = run(write_project(tmp_path, building=TWO_FLOORS, aps=BOTH_ON_1F, spares=[], settings=NEW_MODEL), "CV04")
    assert [(f.location.floor, f.limit) for f in report.findings] == [("2F", 0.9)]
    (tmp_path / "legacy").mkdir()
    assert run(write_project(tmp_path / "legacy", building=TWO_FLOORS, aps=BOTH_ON_1F, spares=[]), "CV04").findings == []
