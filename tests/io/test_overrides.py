"""``--set KEY=VALUE``: parsing, applying to a building's data, and errors located at the flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from wifiplan.errors import BuildingFileError, ConfigError
from wifiplan.io.load import load_building
from wifiplan.io.overrides import parse_overrides, using_overrides


@pytest.mark.parametrize(("text", "path", "value"), [
    ("requirements.growth=0.5", ("requirements", "growth"), 0.5),
    ("requirements.band=6", ("requirements", "band"), 6),
    ("floors[1].zones[0].headcount=30", ("floors", 1, "zones", 0, "headcount"), 30),
    ("materials.glass.2.4=4", ("materials", "glass", "2.4"), 4),
    ("ap.widths_mhz=[40, 80]", ("ap", "widths_mhz"), [40, 80]),
    ("name=Head office", ("name",), "Head office"),
])
def test_parse(text, path, value):
    (o,) = parse_overrides([text])
    assert o.path == path and o.value == value


@pytest.mark.parametrize("text", ["requirements.growth", "=3", "requirements..growth=1", "a=[1,"])
def test_parse_errors_name_the_flag(text):
    with pytest.raises(ConfigError, match=r"^--set "):
        parse_overrides([text])


def test_override_changes_the_loaded_building_not_the_file(small_building: Path):
    before = small_building.read_bytes()
    with using_overrides(parse_overrides(["requirements.growth=0.5", "floors[0].zones[1].headcount=20"])):
        b = load_building(small_building).model
    assert b.requirements.growth == 0.5
    assert b.floors[0].zones[1].headcount == 20
    assert load_building(small_building).model.requirements.growth == 0.3   # outside the block: as written
    assert small_building.read_bytes() == before


def test_override_creates_a_missing_section(small_building: Path):
    with using_overrides(parse_overrides(["ap.preset=wifi6-2x2"])):   # no `ap:` in the file
        assert load_building(small_building).model.ap.preset == "wifi6-2x2"


@pytest.mark.parametrize(("text", "message"), [
    ("requirements.growth=lots", "--set requirements.growth: must be a number (got 'lots')"),
    ("requirements.grwth=1", "--set requirements.grwth: unknown key 'grwth' — did you mean 'growth'?"),
    ("requirements.band=7", "--set requirements.band: must be one of"),
    ("requirements.coverage_target=1.5", "--set requirements.coverage_target:"),
])
def test_bad_value_is_located_at_the_flag_not_the_file(small_building: Path, text, message):
    with using_overrides(parse_overrides([text])), pytest.raises(BuildingFileError) as info:
        load_building(small_building)
    assert str(info.value).startswith(message)
    assert "office.yaml" not in str(info.value)


def test_missing_list_item(small_building: Path):
    with using_overrides(parse_overrides(["floors[5].name=x"])), pytest.raises(ConfigError, match=r"no such item \(the file has 2\)"):
        load_building(small_building)


def test_semantic_problems_of_an_override_are_located_at_the_flag(small_building: Path):
    from wifiplan.io.project import load_valid_building

    with using_overrides(parse_overrides(["requirements.growth=5"])):
        _loaded, warnings = load_valid_building(small_building)
    (bd19,) = [w for w in warnings if w.code == "BD19"]
    assert str(bd19.location) == "--set requirements.growth"
