"""The runner: skipped stages, crashing rules, file errors, ordering, plan attribution."""

from __future__ import annotations

import pytest

from tests.check.helpers import GOOD_APS, needs, write_project
from wifiplan.check import CheckOptions, Registry, Rule, StageUnavailable, run_checks
from wifiplan.check.context import stage
from wifiplan.errors import ConfigError


def _registry(func, code="CV90", name="coverage.test") -> Registry:
    rule = Rule(code, name, "error", stage="rf")
    rule.implementation(func)
    return Registry([rule])


def test_missing_stage_skips_the_rule(tmp_path):
    def needs_future(ctx, options):
        """Needs a stage that does not exist."""
        stage("wifiplan.no_such_stage", "thing")
        return []

    report = run_checks([write_project(tmp_path)], registry=_registry(needs_future))
    assert report.files[0].rules == []
    assert [s.code for s in report.files[0].skipped] == ["CV90"]
    assert "wifiplan.no_such_stage" in report.files[0].skipped[0].reason
    assert report.exit_code() == 0


def test_missing_attribute_is_unavailable_too():
    with pytest.raises(StageUnavailable, match="no_such_function"):
        stage("wifiplan.errors", "no_such_function")


def test_stage_error_means_could_not_run(tmp_path):
    def raises(ctx, options):
        """Raises a located input error."""
        raise ConfigError("settings.model: unknown model 'foo'")

    report = run_checks([write_project(tmp_path)], registry=_registry(raises))
    assert report.files[0].status == "error" and report.exit_code() == 2
    assert "unknown model" in report.files[0].error


def test_internal_error_propagates(tmp_path):
    def crashes(ctx, options):
        """A bug."""
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        run_checks([write_project(tmp_path)], registry=_registry(crashes))


def test_findings_carry_their_plan_and_are_sorted(tmp_path):
    needs("wifiplan.rf.maps")
    a = write_project(tmp_path, name="a.plan.yaml", aps=GOOD_APS[:1])
    b = write_project(tmp_path, name="b.plan.yaml", aps=GOOD_APS[:1])
    report = run_checks([b, a], options=CheckOptions(select=("CV01",)))
    # in the order the plans were given, sorted within each plan
    assert [f.plan.rsplit("/", 1)[-1] for f in report.findings] == ["b.plan.yaml", "a.plan.yaml"]
    assert len(report.findings) == 2
    again = run_checks([b, a], options=CheckOptions(select=("CV01",)))
    assert again.dump() == report.dump()


def test_building_override(tmp_path):
    plan = write_project(tmp_path, building="not: a building\n")
    other = tmp_path / "real.yaml"
    from tests.check.helpers import ONE_FLOOR

    other.write_text(ONE_FLOOR)
    assert run_checks([plan], options=CheckOptions(select=("PL00",))).exit_code() == 2
    report = run_checks([plan], building=other, options=CheckOptions(select=("PL00",)))
    assert report.exit_code() == 0 and report.files[0].building.endswith("real.yaml")


def test_plan_without_building(tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text("aps: []\n")
    report = run_checks([plan])
    assert report.files[0].status == "error" and "names no building" in report.files[0].error
