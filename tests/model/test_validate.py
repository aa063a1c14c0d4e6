"""Building validation: geometry and naming checks with codes and severities."""

from __future__ import annotations

import copy

import pytest
import yaml

from tests.conftest import SMALL_BUILDING
from wifiplan.model.building import Building
from wifiplan.model.validate import validate_building


@pytest.fixture
def data() -> dict:
    return yaml.safe_load(SMALL_BUILDING)


def codes(data: dict) -> dict[str, str]:
    return {p.code: p.severity for p in validate_building(Building.model_validate(data))}


def test_small_building_is_clean(data: dict) -> None:
    assert validate_building(Building.model_validate(data)) == []


def test_wall_slightly_outside_is_a_warning_far_outside_an_error(data: dict) -> None:
    d = copy.deepcopy(data)
    d["floors"][0]["walls"][1]["path"] = [[15, -0.3], [15, 8]]
    assert codes(d) == {"BD02": "warning"}
    d["floors"][0]["walls"][1]["path"] = [[15, -3], [15, 8]]
    assert codes(d) == {"BD02": "error"}


def test_within_tolerance_is_fine(data: dict) -> None:
    data["floors"][0]["walls"][1]["path"] = [[15, -0.04], [15, 8]]
    assert codes(data) == {}


def test_zone_outside_outline(data: dict) -> None:
    data["floors"][1]["zones"][0]["polygon"] = [[0, 0], [40, 0], [40, 20], [0, 20]]
    assert codes(data) == {"BD04": "error"}


def test_riser_outside_and_misaligned(data: dict) -> None:
    data["floors"][1]["risers"][0]["at"] = [12, 1]
    assert codes(data) == {"BD07": "warning"}
    data["floors"][1]["risers"][0]["at"] = [50, 1]
    assert set(codes(data)) == {"BD06", "BD07"}


def test_duplicate_telecom_room_names(data: dict) -> None:
    data["floors"][1]["telecom_rooms"] = [{"name": "MDF", "at": [3, 3]}]
    assert codes(data) == {"BD08": "error"}


def test_ap_height_above_ceiling(data: dict) -> None:
    data["floors"][0]["ap_height_m"] = 5.0
    assert codes(data) == {"BD15": "error"}


def test_coordinates_in_millimetres_are_caught(data: dict) -> None:
    data["floors"][0]["outline"] = [[0, 0], [30000, 0], [30000, 20000], [0, 20000]]
    problems = validate_building(Building.model_validate(data))
    assert problems[0].code == "BD16" and "units" in problems[0].hint


def test_unknown_country(data: dict) -> None:
    data["country"] = "XX"
    assert codes(data) == {"BD14": "error"}


def test_eu_member_is_accepted(data: dict) -> None:
    data["country"] = "DE"
    assert codes(data) == {}


def test_custom_material_resolves(data: dict) -> None:
    data["materials"] = {"paper": {"2.4": 1, "5": 2}}
    data["floors"][0]["walls"][1]["material"] = "paper"
    assert codes(data) == {}
    from wifiplan.model.resolve import resolve_materials

    mats = resolve_materials(Building.model_validate(data))
    assert mats["paper"] == {"2.4": 1.0, "5": 2.0, "6": 2.0}


def test_zone_without_headcount_warns_with_a_suggestion(data: dict) -> None:
    d = copy.deepcopy(data)
    del d["floors"][0]["zones"][0]["headcount"]          # Open office, 15 m × 20 m, use office
    (p,) = [p for p in validate_building(Building.model_validate(d)) if p.code == "BD18"]
    assert p.severity == "warning" and "Open office" in p.message and "0 people" in p.message
    # office occupancy 10 m²/person (profiles.yaml, an estimate): 300 m² / 10 = 30
    assert "about 30" in p.hint


def test_zone_with_explicit_zero_headcount_is_fine(data: dict) -> None:
    d = copy.deepcopy(data)
    d["floors"][0]["zones"][0]["headcount"] = 0
    assert "BD18" not in codes(d)


@pytest.mark.parametrize(("growth", "warned"), [(0.3, False), (1.0, False), (1.5, True), (5, True)])
def test_growth_above_one_warns(data: dict, growth, warned) -> None:
    d = copy.deepcopy(data)
    d["requirements"]["growth"] = growth
    assert ("BD19" in codes(d)) is warned
    if warned:
        assert codes(d)["BD19"] == "warning"
