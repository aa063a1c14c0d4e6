"""Same input and seed → byte-identical outputs, whatever PYTHONHASHSEED; Ctrl-C leaves nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SMALL_BUILDING


def wifiplan(args: list[str], cwd: Path, hashseed: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    return subprocess.run([sys.executable, "-m", "wifiplan", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[Path, Path]:
    dirs = []
    for seed in ("0", "12345"):
        d = tmp_path_factory.mktemp(f"run{seed}")
        (d / "office.yaml").write_text(SMALL_BUILDING)
        res = wifiplan(["plan", "office.yaml", "-o", "office.plan.yaml", "--seed", "3"], d, seed)
        assert res.returncode == 0, res.stderr
        for args in (["heatmap", "office.plan.yaml", "--floor", "1F", "--metric", "rssi", "-o", "rssi.csv"],
                     ["heatmap", "office.plan.yaml", "--floor", "2F", "--metric", "sinr", "-o", "sinr.csv"],
                     ["cost", "office.plan.yaml", "--format", "csv"],
                     ["report", "office.plan.yaml", "-o", "report"],
                     ["check", "office.plan.yaml", "--format", "sarif", "--output", "check.sarif"]):
            res = wifiplan(args, d, seed)
            assert res.returncode == 0, (args, res.stderr)
            if args[0] == "cost":
                (d / "cost.csv").write_text(res.stdout)
        dirs.append(d)
    return dirs[0], dirs[1]


@pytest.mark.parametrize("name", ["office.plan.yaml", "rssi.csv", "sinr.csv", "cost.csv", "check.sarif",
                                  "report/index.html", "report/report.md"])
def test_outputs_are_byte_identical(two_runs: tuple[Path, Path], name: str) -> None:
    a, b = two_runs
    assert (a / name).read_bytes() == (b / name).read_bytes()


@pytest.mark.parametrize("point", ["planned", "atomic-write"])
def test_ctrl_c_leaves_no_partial_file(tmp_path: Path, point: str) -> None:
    """Ctrl-C at a known point (no sleeping): message, exit 130, nothing left behind.

    ``planned`` interrupts between placement and cabling; ``atomic-write`` interrupts with the
    plan file complete in its temporary file, just before the rename, the one moment a
    partial or stray file could be left.
    """
    (tmp_path / "office.yaml").write_text(SMALL_BUILDING)
    env = dict(os.environ, WIFIPLAN_TEST_INTERRUPT_AT=point)
    res = subprocess.run([sys.executable, "-m", "wifiplan", "plan", "office.yaml", "-o", "office.plan.yaml"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 130, res.stderr
    assert "Traceback" not in res.stderr
    assert "interrupted" in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.yaml"]


def test_interrupt_hook_is_inert_without_its_variable(tmp_path: Path) -> None:
    """The same run with the variable naming no checkpoint writes the plan (the hook is opt-in)."""
    (tmp_path / "office.yaml").write_text(SMALL_BUILDING)
    env = dict(os.environ, WIFIPLAN_TEST_INTERRUPT_AT="no-such-point")
    res = subprocess.run([sys.executable, "-m", "wifiplan", "plan", "office.yaml", "-o", "office.plan.yaml"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.plan.yaml", "office.yaml"]
