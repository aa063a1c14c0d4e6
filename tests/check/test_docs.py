"""docs/check.md documents every rule with an anchor, and the JSON fields of findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from wifiplan.check.findings import Finding, FindingLocation
from wifiplan.check.rules import default_registry

DOC = (Path(__file__).resolve().parents[2] / "docs" / "check.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", list(default_registry()), ids=lambda r: r.code)
def test_every_rule_is_documented(rule):
    assert f'<a id="{rule.code.lower()}"></a>' in DOC
    assert f"### {rule.code} `{rule.name}`" in DOC
    row = next(line for line in DOC.splitlines() if line.startswith(f"| [{rule.code}]"))
    assert f"`{rule.name}`" in row and f"| {rule.severity} |" in row and f"| {rule.scope} |" in row
    for code in rule.emits:
        assert code in DOC


@pytest.mark.parametrize("field", list(Finding.model_fields) + list(FindingLocation.model_fields))
def test_json_fields_documented(field):
    assert f"`{field}`" in DOC or f"{field}," in DOC or f", {field}" in DOC
