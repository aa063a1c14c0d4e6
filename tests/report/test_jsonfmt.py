"""JSON output: the documented stable fields, sorted keys, deterministic."""

from __future__ import annotations

import json

from wifiplan.report.jsonfmt import format_json

FINDING_KEYS = {"id", "name", "plan", "severity", "message", "hint", "location", "value", "limit", "unit"}
LOCATION_KEYS = {"file", "line", "column", "path", "floor", "x_m", "y_m"}
TOP_KEYS = {"format", "tool", "fail_on", "rules", "files", "findings", "summary"}


def test_stable_fields(failing_dump):
    data = json.loads(format_json(failing_dump))
    assert set(data) == TOP_KEYS and data["format"] == 1
    for f in data["findings"]:
        assert set(f) == FINDING_KEYS and set(f["location"]) == LOCATION_KEYS
    assert set(data["summary"]) == {"error", "warning", "info", "files", "exit_code"}
    assert set(data["files"][0]) == {"plan", "building", "status", "error", "floors", "rules", "skipped"}
    assert set(data["rules"][0]) == {"code", "name", "severity", "summary", "scope", "stage", "emits"}


def test_deterministic(failing_dump):
    assert format_json(failing_dump) == format_json(json.loads(format_json(failing_dump)))
