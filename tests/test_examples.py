"""The plans kept in examples/ pass `wifiplan check` — the CI workflow the project recommends."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
import yaml

from tests.reliability.test_corpus import run_inproc

REPO = Path(__file__).resolve().parents[1]
PLANS = sorted((REPO / "examples").glob("*.plan.yaml"))


def test_there_is_an_example_plan() -> None:
    assert PLANS


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_example_plan_passes_check(plan: Path) -> None:
    with contextlib.chdir(REPO):
        code, out, err = run_inproc(["check", str(plan.relative_to(REPO)), "--format", "json"])
    assert code == 0, out + err


def test_pre_commit_hooks_are_well_formed() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"wifiplan-validate", "wifiplan-check"}
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["entry"].startswith("wifiplan ")
