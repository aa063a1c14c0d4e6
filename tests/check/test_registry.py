"""The rule registry: explicit registration, duplicates rejected, selectors."""

from __future__ import annotations

import pytest

from wifiplan.check.registry import DuplicateRuleError, Registry, Rule
from wifiplan.check.rules import RULES, default_registry
from wifiplan.errors import ConfigError


def _rule(code="CV90", name="coverage.test", **kw) -> Rule:
    rule = Rule(code, name, "error", **kw)

    @rule.implementation
    def check(ctx, options):
        """First line is the summary.

        More text.
        """
        return []

    return rule


def test_shipped_rules_are_unique_and_well_formed():
    reg = default_registry()
    assert len(reg) == len(RULES)
    codes = [r.code for r in reg]
    assert codes == sorted(codes)
    for rule in reg:
        assert rule.summary and not rule.summary.startswith(" ")
        assert rule.func is not None and rule.func.__module__.endswith("." + rule.code)


def test_summary_is_the_docstring_first_line():
    assert _rule().summary == "First line is the summary."


@pytest.mark.parametrize(
    ("second", "what"),
    [
        (dict(code="CV90", name="coverage.other"), "CV90"),
        (dict(code="CV91", name="coverage.test"), "coverage.test"),
        (dict(code="CV91", name="coverage.other", aliases=("CV90",)), "CV90"),
        (dict(code="CV91", name="coverage.other", emits={"CV90": "x"}), "CV90"),
    ],
)
def test_duplicates_are_rejected(second, what):
    reg = Registry([_rule()])
    with pytest.raises(DuplicateRuleError, match=what):
        reg.add(_rule(**second))


def test_registering_a_shipped_rule_twice_fails():
    reg = default_registry()
    with pytest.raises(DuplicateRuleError):
        reg.add(RULES[0])


@pytest.mark.parametrize(
    ("code", "name"),
    [("CV1", "coverage.x"), ("XX01", "coverage.x"), ("cv01", "coverage.x"), ("CV01", "Coverage"), ("CV01", "coverage")],
)
def test_bad_codes_and_names(code, name):
    with pytest.raises(ValueError):
        Rule(code, name, "error")


def test_rule_without_implementation_is_refused():
    with pytest.raises(ValueError, match="implementation"):
        Registry([Rule("CV90", "coverage.test", "error")])


def test_finding_codes_are_limited_to_the_rule():
    rule = _rule(emits={"CV95": "extra"})
    assert rule.finding("m", code="CV95").id == "CV95"
    with pytest.raises(ValueError):
        rule.finding("m", code="CV96")


@pytest.mark.parametrize(
    ("pattern", "code", "expected"),
    [
        ("CV01", "CV01", True),
        ("coverage.min_rssi", "CV01", True),
        ("coverage", "CV01", True),
        ("cov", "CV01", False),
        ("CV", "CV02", True),
        ("CV0", "CV03", True),
        ("CH", "CV01", False),
        ("BD00", "BD03", True),   # a rule selects the codes it reports
        ("BD03", "BD00", False),  # but one code does not select the whole rule
        ("building.valid", "BD11", True),
    ],
)
def test_selectors(pattern, code, expected):
    assert default_registry().matches(pattern, code) is expected


def test_select_and_ignore():
    reg = default_registry()
    assert reg.selected("CV01")
    assert not reg.selected("CV01", select=("CH",))
    assert not reg.selected("CV01", ignore=("coverage",))
    assert reg.selected("CV02", select=("CV",), ignore=("CV01",))


def test_unknown_selector_is_a_config_error():
    with pytest.raises(ConfigError, match="did you mean 'CV01'"):
        default_registry().check_selectors(["CV01x"], option="--select")


def test_every_rule_has_a_case_file():
    from pathlib import Path

    here = Path(__file__).resolve().parent / "rules"
    missing = [r.code for r in default_registry() if not (here / f"test_{r.code}.py").is_file()]
    assert not missing, f"add tests/check/rules/test_<CODE>.py for {missing}"
