"""Building/plan YAML writer: deterministic, readable, rounded to 0.01 m, loads back to the same model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL_BUILDING
from wifiplan.io.load import load_building, load_plan
from wifiplan.io.writer import building_yaml, flow, fmt_number, plan_yaml
from wifiplan.model.building import Building
from wifiplan.model.plan import Plan


@pytest.mark.parametrize("value, text", [
    (3.0, "3"), (-0.004, "0"), (12.345, "12.35"), (1234.5, "1234.5"), (0.1 + 0.2, "0.3"), (7, "7"), (True, "true"),
])
def test_fmt_number(value, text: str) -> None:
    assert fmt_number(value) == text


def test_fmt_number_refuses_nan() -> None:
    with pytest.raises(ValueError):
        fmt_number(float("nan"))


@pytest.mark.parametrize("value, text", [
    ({"material": "drywall", "path": [[0.004, 1.005], [2, 3]]}, "{material: drywall, path: [[0, 1], [2, 3]]}"),
    ({"name": "Office 1"}, '{name: "Office 1"}'),
    ({"name": "1F"}, '{name: "1F"}'),
    ({"name": "yes"}, '{name: "yes"}'),
    ({"name": "会議室"}, '{name: "会議室"}'),
    ({"2.4": 3}, '{"2.4": 3}'),
])
def test_flow(value, text: str) -> None:
    assert flow(value) == text


def test_building_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "in.yaml"
    src.write_text(SMALL_BUILDING)
    model = load_building(src).model
    text = building_yaml(model, comments={("floors", 0, "telecom_rooms", 0): "TODO: check"}, header="made by a test")
    assert text.startswith("# made by a test\nformat: 1\n")
    assert "- {name: MDF, kind: mdf, at: [1, 1]}  # TODO: check" in text
    out = tmp_path / "out.yaml"
    out.write_text(text)
    again = load_building(out).model
    assert again == model
    assert building_yaml(again, comments={("floors", 0, "telecom_rooms", 0): "TODO: check"}, header="made by a test") == text


def test_rounding_to_centimetres() -> None:
    b = Building.model_validate({"floors": [{"name": "G", "elevation_m": 0.004, "outline": [[0, 0], [10.123, 0], [10.126, 5.5]],
                                             "walls": [{"material": "drywall", "path": [[0.001, 0], [3.14159, 2.71828]]}]}],
                                 "materials": {"x": {"2.4": 1, "5": 2}}})
    text = building_yaml(b)
    assert "outline: [[0, 0], [10.12, 0], [10.13, 5.5]]" in text
    assert "path: [[0, 0], [3.14, 2.72]]" in text
    assert "elevation_m: 0\n" in text
    assert 'x: {loss_db: {"2.4": 1, "5": 2}}' in text


def test_plan_yaml_loads_back(tmp_path: Path) -> None:
    plan = Plan.model_validate({"building": "b.yaml", "aps": [
        {"name": "AP1", "floor": "1F", "at": [1.234, 5], "height_m": 3,
         "radios": {"5": {"channel": 36, "tx_power_dbm": 17}, "2.4": {"channel": 1}}}]})
    text = plan_yaml(plan)
    assert '    radios:\n      "2.4": {channel: 1' in text  # bands in order, a radio per line
    p = tmp_path / "p.yaml"
    p.write_text(text)
    again = load_plan(p).model
    assert again.aps[0].at == [1.23, 5.0]
    assert again.aps[0].radios == plan.aps[0].radios
    assert again.building == "b.yaml"


def test_plan_yaml_one_ap_per_block_with_stable_key_order() -> None:
    # keys given in a scrambled order come out in ITEM_KEYS / RADIO_KEYS order
    plan = Plan.model_validate({"aps": [
        {"reason": "coverage", "radios": {"5": {"tx_power_dbm": 17, "width_mhz": 40, "channel": 36}},
         "height_m": 3, "at": [1, 2], "floor": "1F", "name": "AP1"},
        {"name": "AP2", "floor": "1F", "at": [5, 2], "radios": {"5": {"channel": 44}}}]})
    text = plan_yaml(plan)
    block = text[text.index("aps:"):text.index("spares:")].splitlines()
    assert block[:7] == [
        "aps:",
        '  - name: AP1',
        '    floor: "1F"',
        "    at: [1, 2]",
        "    height_m: 3",
        "    radios:",
        '      "5": {channel: 36, width_mhz: 40, tx_power_dbm: 17, enabled: true}',
    ]
    assert block[7] == "    reason: coverage" and block[8] == "  - name: AP2"
    assert max(len(line) for line in block) < 100


def test_old_one_line_layout_still_reads(tmp_path: Path) -> None:
    old = tmp_path / "old.plan.yaml"
    old.write_text('format: 1\nbuilding: b.yaml\naps:\n  - {name: AP1, floor: "1F", at: [1, 2], height_m: 3, '
                   'radios: {"5": {channel: 36, width_mhz: 20, tx_power_dbm: 17}}}\n', encoding="utf-8")
    new = tmp_path / "new.plan.yaml"
    new.write_text(plan_yaml(load_plan(old).model), encoding="utf-8")
    assert load_plan(new).model.aps == load_plan(old).model.aps
    assert "radios:\n" in new.read_text(encoding="utf-8")
