"""Building files typed with a Japanese IME: full-width digits and spaces get an exact half-width hint."""

from __future__ import annotations

import pytest

from tests.check.helpers import ONE_FLOOR, edit_building
from wifiplan.errors import BuildingFileError
from wifiplan.io.load import load_building


def test_full_width_digits_are_refused_with_the_half_width_value(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text(edit_building(ONE_FLOOR, "headcount: 8,", "headcount: ６０,"), encoding="utf-8")
    with pytest.raises(BuildingFileError) as info:
        load_building(path)
    text = str(info.value)
    assert "b.yaml:13:" in text and "floors[0].zones[0].headcount" in text
    assert "full-width characters: write 60 with half-width digits" in text


def test_full_width_decimal_and_minus(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text(edit_building(ONE_FLOOR, "elevation_m: 0", "elevation_m: －１．５"), encoding="utf-8")
    with pytest.raises(BuildingFileError, match=r"write -1\.5 with half-width digits"):
        load_building(path)


def test_full_width_space_after_colon(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text(edit_building(ONE_FLOOR, "headcount: 8,", "headcount:\u30008,"), encoding="utf-8")
    with pytest.raises(BuildingFileError) as info:
        load_building(path)
    assert "a full-width space after ':' is not a separator" in str(info.value)
    assert "headcount: 8" in str(info.value)


def test_japanese_names_stay_as_written(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text(edit_building(ONE_FLOOR, "name: West", "name: 市民課　窓口"), encoding="utf-8")
    b = load_building(path).model
    assert b.floors[0].zones[0].name == "市民課\u3000窓口"  # names are free text: not normalised
