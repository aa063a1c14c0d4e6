"""CP03 capacity.associated_clients: associated clients per radio on every band."""

from __future__ import annotations

import pytest

from tests.check.helpers import codes_at, needs, run, write_project
from tests.check.issue12 import NEW_MODEL, ap5, hall


@pytest.fixture(autouse=True)
def _capacity():
    needs("wifiplan.capacity.bands")


def test_sixty_people_on_one_radio_fail(tmp_path):
    # 60 × 1.3 growth × 2 devices (office) × 0.95 associate = 148.2 > 50 (preset limit)
    building = hall(people=60, requirements="check_associated_clients: true\n")
    report = run(write_project(tmp_path, building=building, aps=[ap5("A", 30)], spares=[]), "CP03")
    assert codes_at(report, "CP03") == [("CP03", 4, "1F")]
    assert report.findings[0].value == pytest.approx(60 * 1.3 * 2 * 0.95) and report.findings[0].limit == 50


def test_fifteen_people_pass(tmp_path):
    # 15 × 1.3 × 2 × 0.95 = 37.05 <= 50
    building = hall(people=15, requirements="check_associated_clients: true\n")
    assert run(write_project(tmp_path, building=building, aps=[ap5("A", 30)], spares=[]), "CP03").findings == []


def test_explicit_limit_and_association_share(tmp_path):
    # 15 × 1.3 × 2 × 0.9 = 35.1 > 30
    building = hall(people=15, requirements="check_associated_clients: true\nmax_clients_per_radio: 30\n"
                    "association_share: 0.9\n")
    report = run(write_project(tmp_path, building=building, aps=[ap5("A", 30)], spares=[]), "CP03")
    assert [(f.value, f.limit) for f in report.findings] == [(pytest.approx(35.1), 30)]


def test_new_model_default_and_legacy(tmp_path):
    building = hall(people=60)
    report = run(write_project(tmp_path, building=building, aps=[ap5("A", 30)], spares=[], settings=NEW_MODEL), "CP03")
    assert [f.id for f in report.findings] == ["CP03"]
    (tmp_path / "legacy").mkdir()
    assert run(write_project(tmp_path / "legacy", building=building, aps=[ap5("A", 30)], spares=[]), "CP03").findings == []


def test_hint_names_a_zone_whose_headcount_is_only_the_default_density(tmp_path):
    # 600 m² ÷ 10 m² per person (office default) = 60 = the headcount: what an importer writes
    building = hall(people=60, requirements="check_associated_clients: true\n")
    hint = run(write_project(tmp_path, building=building, aps=[ap5("A", 30)], spares=[]), "CP03").findings[0].hint
    assert hint.startswith("it stands in zone 'Hall' (office, 600 m²), whose headcount 60 is its area ÷ 10 m² per "
                           "person (the use's default, what an importer guesses): give the zone its real headcount")
    assert hint.endswith("; or add an AP (a spare position) to split the cell, or lower this AP's power so "
                         "neighbours take clients")


def test_hint_is_unchanged_for_a_headcount_of_its_own(tmp_path):
    building = hall(people=61, requirements="check_associated_clients: true\n")
    hint = run(write_project(tmp_path, building=building, aps=[ap5("A", 30)], spares=[]), "CP03").findings[0].hint
    assert hint == "add an AP (a spare position) to split the cell, or lower this AP's power so neighbours take clients"
