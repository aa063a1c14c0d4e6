"""A building with no zones (or no people) never yields "All requirements met" (issue 14)."""

from __future__ import annotations

from rich.console import Console

from tests.design.conftest import make_building
from wifiplan.report.terminal import print_plan_summary
from wifiplan.workflow.plan import plan_building


def _without_people(b):
    floors = [f.model_copy(update={"zones": []}) for f in b.floors]
    return b.model_copy(update={"floors": floors})


def test_plan_of_a_building_without_zones_says_capacity_was_not_evaluated() -> None:
    b = make_building()
    assert sum(z.headcount for f in b.floors for z in f.zones) > 0
    result = plan_building(_without_people(b), seed=0)
    summary = result.plan.summary
    assert summary["capacity_evaluated"] is False
    console = Console(record=True, width=200)
    print_plan_summary(console, summary)
    text = console.export_text()
    assert "capacity not evaluated" in text
    assert "All requirements met" not in text


def test_summary_with_people_is_evaluated() -> None:
    summary = {"requirements_met": True, "capacity_evaluated": True, "floors": []}
    console = Console(record=True, width=200)
    print_plan_summary(console, summary)
    assert "All requirements met" in console.export_text()
