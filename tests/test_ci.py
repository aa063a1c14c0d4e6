"""CI runs the README's test command, and that command collects the docstring examples."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _readme_test_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^python3 -m venv .*&& (python -m pytest[^\n]*)$", readme, flags=re.M)
    assert len(commands) == 1, commands
    return commands[0].strip()


def _ci_test_command() -> str:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip().startswith("python -m pytest")]
    assert len(commands) == 1, commands
    return commands[0]


def test_ci_runs_the_readme_test_command() -> None:
    assert _ci_test_command() == _readme_test_command()


def test_test_command_collects_the_package_doctests() -> None:
    assert "--doctest-modules" in _readme_test_command().split()
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    # without a path on the command line pytest collects testpaths: both must be there
    assert {"tests", "wifiplan"} <= set(config["testpaths"])
