"""Format-1 contract: a legacy plan (settings.model multiwall) is not subject to the issue-12 defaults."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pytest

from wifiplan.check import CheckOptions, run_checks

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "small-office.plan.yaml"
NEW_CODES = ("CH04", "CH05", "CH06", "CH07", "CV04", "CV05", "CV06", "CV07", "CP03")


def _check(plan: Path, *codes: str):
    return run_checks([plan], options=CheckOptions(select=codes))


def test_example_plan_is_legacy_and_finds_nothing_new():
    with contextlib.chdir(REPO):
        report = _check(EXAMPLE.relative_to(REPO), *NEW_CODES, "CP01", "CP02")
    assert report.findings == []
    assert sorted(report.files[0].rules) == sorted((*NEW_CODES, "CP01", "CP02"))


def test_same_aps_under_a_new_model_are_checked(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "  model: multiwall\n" in text
    building = (EXAMPLE.parent / "../floorplans/small-office.yaml").resolve()
    text = text.replace("  model: multiwall\n", "  model: p1238\n", 1)
    lines = [f"building: {building.as_posix()}" if ln.startswith("building:") else ln for ln in text.splitlines()]
    plan = tmp_path / "new.plan.yaml"
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _check(plan, *NEW_CODES)
    # the shipped plan puts meeting rooms on DFS channels: CH07 warns under the new defaults
    assert "CH07" in {f.id for f in report.findings}


def test_legacy_capacity_numbers_are_those_of_evaluate_plan():
    from wifiplan.capacity.evaluate import evaluate_plan
    from wifiplan.check import load_context

    with contextlib.chdir(REPO):
        ctx = load_context(EXAMPLE.relative_to(REPO))
        assert not ctx.new_capacity
        cap = ctx.capacity()
        again = evaluate_plan(ctx.building, ctx.settings, ctx.aps, band=ctx.building.requirements.band)
    np.testing.assert_array_equal(cap.utilization, again.utilization)
    np.testing.assert_array_equal(cap.clients, again.clients)


@pytest.mark.parametrize("field,value,code", [("realtime_secondary_rssi_dbm", -40, "CV05"),
                                              ("min_eirp_dbm", {"5": 30}, "CH06")])
def test_explicit_requirement_applies_to_a_legacy_plan(tmp_path, field, value, code):
    import yaml

    building = yaml.safe_load((REPO / "floorplans" / "small-office.yaml").read_text(encoding="utf-8"))
    building.setdefault("requirements", {})[field] = value
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(building, sort_keys=False), encoding="utf-8")
    plan = tmp_path / "p.plan.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = ["building: b.yaml" if ln.startswith("building:") else ln for ln in text.splitlines()]
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _check(plan, code)
    assert {f.id for f in report.findings} == {code}
