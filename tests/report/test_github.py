"""GitHub workflow-command annotations."""

from __future__ import annotations

from wifiplan.report.github import escape_data, escape_property, format_github


def test_one_command_per_finding(failing_dump):
    lines = format_github(failing_dump).splitlines()
    assert len(lines) == len(failing_dump["findings"]) + 1
    cv = next(l for l in lines if "title=CV01" in l)
    assert cv.startswith("::error file=building.yaml,line=14,col=") and "floor 1F" in cv
    assert any(l.startswith("::warning file=office.plan.yaml,line=3,") for l in lines)
    assert lines[-1].startswith("::notice title=wifiplan check::")


def test_escaping():
    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("x:y,z") == "x%3Ay%2Cz"


def test_unreadable_plan_is_an_error_annotation(two_plan_dump):
    text = format_github(two_plan_dump)
    assert "::error file=c.plan.yaml,title=wifiplan check::could not check" in text
