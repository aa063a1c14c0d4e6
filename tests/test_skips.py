"""Skip messages say what a test needs, never a path on the machine that ran it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
#: Names an f-string skip reason may interpolate (what is missing, not where it was looked for).
ALLOWED_NAMES = {"module"}


def _reasons(tree: ast.AST):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "skip" and node.args:
            yield node.lineno, node.args[0]
        elif name in ("skipif", "importorskip"):
            for kw in node.keywords:
                if kw.arg == "reason":
                    yield node.lineno, kw.value


FILES = sorted(p for p in TESTS.rglob("*.py") if p.name != "test_skips.py")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(TESTS)))
def test_skip_reasons_name_no_machine_path(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for line, reason in _reasons(tree):
        where = f"{path.relative_to(TESTS)}:{line}"
        if isinstance(reason, ast.JoinedStr):
            names = {n.id for n in ast.walk(reason) if isinstance(n, ast.Name)}
            assert names <= ALLOWED_NAMES, f"{where}: skip reason interpolates {sorted(names)} (a path?)"
            continue
        assert isinstance(reason, ast.Constant) and isinstance(reason.value, str), f"{where}: reason is not text"
        assert "/work/" not in reason.value and not reason.value.startswith("/"), where
        assert "absent" not in reason.value and "not found at" not in reason.value, f"{where}: say what is needed"
