"""CB02 cabling.room_capacity: switch ports and PoE budget of the telecom rooms."""

from __future__ import annotations

import pytest

from tests.check.helpers import ONE_FLOOR, codes_at, edit_building, needs, run, write_project

ROOM = "      - {name: MDF, kind: mdf, at: [15, 10]}"


@pytest.fixture(autouse=True)
def _cabling():
    needs("wifiplan.cabling")


def _with(extra: str) -> str:
    return edit_building(ONE_FLOOR, ROOM, ROOM[:-1] + ", " + extra + "}")


def test_rooms_without_limits_pass(tmp_path):
    assert run(write_project(tmp_path), "CB02").findings == []


def test_enough_ports_and_poe_pass(tmp_path):
    assert run(write_project(tmp_path, building=_with("switch_ports: 48, poe_budget_w: 740")), "CB02").findings == []


def test_too_few_ports_fail_at_the_room(tmp_path):
    report = run(write_project(tmp_path, building=_with("switch_ports: 4")), "CB02")
    assert codes_at(report, "CB02") == [("CB02", 16, "1F")]
    f = report.findings[0]
    assert f.location.path == "floors[0].telecom_rooms[0].switch_ports"
    assert f.value > 4 and f.limit == 4 and f.unit == "ports"


def test_small_poe_budget_fails(tmp_path):
    report = run(write_project(tmp_path, building=_with("poe_budget_w: 60")), "CB02")
    assert [(f.id, f.unit) for f in report.findings] == [("CB02", "W")]
    assert report.findings[0].value > 60
