"""Helpers shared by the command modules: consoles, loading with exit codes, output checks."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from wifiplan.errors import Problem

__all__ = ["out_console", "err_console", "print_problems", "FORMAT_HELP", "SET_HELP", "set_option", "building_overrides"]

FORMAT_HELP = "Output format: table (human) or json (machines)."
SET_HELP = ("Change a building field for this run only, e.g. requirements.growth=0.5 or "
            "floors[0].zones[1].headcount=40; repeatable. The file is not changed.")


def set_option() -> Any:
    """The ``--set KEY=VALUE`` option (repeatable) of commands that load a building."""
    import typer

    return typer.Option(None, "--set", metavar="KEY=VALUE", help=SET_HELP)


@contextlib.contextmanager
def building_overrides(items: list[str] | None) -> Iterator[list[Any]]:
    """Parse ``--set`` items and apply them to every building loaded inside the block."""
    from wifiplan.io.overrides import parse_overrides, using_overrides

    overrides = parse_overrides(items)
    with using_overrides(overrides):
        yield overrides


def out_console() -> Console:
    """Console for results on stdout (no colour when piped or NO_COLOR is set)."""
    return Console(file=sys.stdout, highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 120)


def err_console() -> Console:
    """Console for messages and progress on stderr."""
    return Console(file=sys.stderr, highlight=False, stderr=True)


def print_problems(problems: list[Problem], *, console: Console | None = None) -> None:
    """Print located problems one per line, errors in red and warnings in yellow."""
    con = console or err_console()
    for p in problems:
        style = "red" if p.severity == "error" else "yellow"
        con.print(f"[{style}]{p.severity}[/{style}] {p.code + ' ' if p.code else ''}{_escape(str(p))}", soft_wrap=True)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def rel(path: str | os.PathLike[str]) -> str:
    """A path shown relative to the working directory when below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
