"""JUnit XML output: parses, one testcase per floor × rule, unique (classname, name) pairs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from wifiplan.report.junit import BUILDING_CLASS, format_junit


def _root(dump):
    return ET.fromstring(format_junit(dump).split("\n", 1)[1])


def _pairs(root):
    return [(tc.get("classname"), tc.get("name")) for tc in root.iter("testcase")]


def test_unique_pairs_and_floor_cases(failing_dump):
    root = _root(failing_dump)
    pairs = _pairs(root)
    assert len(pairs) == len(set(pairs))
    assert ("1F", "CV01 coverage.min_rssi") in pairs
    assert (BUILDING_CLASS, "PL02 plan.stale") in pairs
    failing = {(tc.get("classname"), tc.get("name")): tc.find("failure") for tc in root.iter("testcase")}
    cv = failing[("1F", "CV01 coverage.min_rssi")]
    assert cv is not None and "floor 1F" in cv.text and "building.yaml:14" in cv.text
    # a warning below --fail-on error does not fail; it is kept in system-out
    pl02 = next(tc for tc in root.iter("testcase") if tc.get("name") == "PL02 plan.stale")
    assert pl02.find("failure") is None and "changed" in pl02.find("system-out").text
    suite = root.find("testsuite")
    assert int(suite.get("tests")) == len(pairs) and int(suite.get("failures")) == sum(
        1 for tc in root.iter("testcase") if tc.find("failure") is not None)


def test_clean_report_has_no_failures(clean_dump):
    root = _root(clean_dump)
    assert root.get("failures") == "0" and int(root.get("tests")) > 10


def test_several_plans_stay_unique_and_errors_are_errors(two_plan_dump):
    root = _root(two_plan_dump)
    pairs = _pairs(root)
    assert len(pairs) == len(set(pairs))
    assert ("b.plan.yaml:1F", "CV01 coverage.min_rssi") in pairs
    assert [s.get("name") for s in root.iter("testsuite")] == ["a.plan.yaml", "b.plan.yaml", "c.plan.yaml"]
    errors = [tc for tc in root.iter("testcase") if tc.find("error") is not None]
    assert len(errors) == 1 and errors[0].get("classname") == "c.plan.yaml:building"
    assert root.get("errors") == "1"
