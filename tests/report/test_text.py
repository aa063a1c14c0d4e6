"""Human text output: grouped by plan and floor, no colour codes unless asked."""

from __future__ import annotations

from wifiplan.report.formats import CHECK_FORMATS, format_check
from wifiplan.report.text import format_text

import pytest

from wifiplan.errors import ConfigError


def test_grouped_by_file_and_floor(failing_dump):
    text = format_text(failing_dump)
    assert "\x1b[" not in text
    lines = text.splitlines()
    assert lines[0].startswith("office.plan.yaml (building building.yaml)")
    i_building = lines.index("  building")
    i_floor = lines.index("  1F")
    assert i_building < i_floor
    assert any("CV01 coverage.min_rssi" in l for l in lines[i_floor:])
    assert "failed" in lines[-1]


def test_colour_when_asked(failing_dump):
    assert "\x1b[" in format_text(failing_dump, color=True)


def test_format_table(failing_dump):
    assert set(CHECK_FORMATS) == {"text", "json", "junit", "sarif", "github"}
    assert format_check(failing_dump, "json").startswith("{")
    assert format_check(failing_dump, lambda d: "custom") == "custom"
    with pytest.raises(ConfigError, match="junit"):
        format_check(failing_dump, "xml")
