"""Imports flow one way through the pipeline stages; stages never touch typer or rich."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "wifiplan"

#: Pipeline order (STYLE.md §1). A module may import its own stage and earlier ones only.
ORDER = ["errors", "bands", "library", "model", "io", "rf", "calibrate", "capacity", "design", "cabling", "cost",
         "workflow", "check", "report", "cli"]
#: The models resolve names against the library; the library's entries use only the band
#: type (``wifiplan.bands``), never ``model/``: one way, no circle.
RANK = {name: i for i, name in enumerate(ORDER)}
#: Stages that must stay free of terminal and CLI libraries.
PURE = {"bands", "model", "library", "rf", "calibrate", "capacity", "design", "cabling", "cost", "workflow", "check"}
#: io sits beside model: it reads and writes models; importers may use rf/report helpers to render
#: floor images (ESX export), so io is checked only against check/cli.
IO_MAY_NOT = {"check", "cli"}


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "wifiplan" or len(parts) < 2:
        return None
    return parts[1]


def imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


MODULES = sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_imports_flow_one_way(path: Path) -> None:
    rel = path.relative_to(PKG)
    own = rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.name != "__init__.py" else None
    if own in (None, "__main__") or own not in ORDER:
        return
    bad = []
    for name, line in imports(path):
        target = stage_of(name)
        if target is None or target == own or target not in ORDER:
            if own in PURE and name.split(".")[0] in ("typer", "rich", "click"):
                bad.append(f"line {line}: {name} (stage code must not use the terminal/CLI)")
            continue
        if own == "io":
            if target in IO_MAY_NOT:
                bad.append(f"line {line}: {name}")
            continue
        if target == "io" and own in ("model", "library"):
            bad.append(f"line {line}: {name}")
        elif target != "io" and RANK[target] > RANK[own]:
            bad.append(f"line {line}: {name} ({own} may not import the later stage {target})")
        if own in PURE and name.split(".")[0] in ("typer", "rich", "click"):
            bad.append(f"line {line}: {name}")
    assert not bad, f"{rel}: " + "; ".join(bad)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_module_has_docstring(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if path.name == "__init__.py" and not tree.body:
        return
    assert ast.get_docstring(tree), f"{path.relative_to(PKG)} needs a one-line module docstring"
