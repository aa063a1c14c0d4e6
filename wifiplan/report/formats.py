"""The table of ``wifiplan check`` output formats: name → function of the report dump."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wifiplan.errors import ConfigError
from wifiplan.report.github import format_github
from wifiplan.report.jsonfmt import format_json
from wifiplan.report.junit import format_junit
from wifiplan.report.sarif import format_sarif
from wifiplan.report.text import format_text

__all__ = ["CHECK_FORMATS", "MACHINE_FORMATS", "format_check"]

Formatter = Callable[[dict[str, Any]], str]

#: Output formats by name. ``text`` is for people (may use colour); the others are stable
#: machine contracts (docs/check.md) written uncoloured.
CHECK_FORMATS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "junit": format_junit,
    "sarif": format_sarif,
    "github": format_github,
}

MACHINE_FORMATS = frozenset({"json", "junit", "sarif", "github"})


def format_check(data: dict[str, Any], fmt: str | Formatter, *, color: bool = False) -> str:
    """Render a check report dump in format ``fmt`` (a name of :data:`CHECK_FORMATS` or a callable).

    Raises
    ------
    ConfigError
        If ``fmt`` is an unknown name (the message lists the valid ones).
    """
    if callable(fmt):
        return fmt(data)
    if fmt not in CHECK_FORMATS:
        raise ConfigError(f"unknown format '{fmt}'; use one of {', '.join(CHECK_FORMATS)}")
    if fmt == "text":
        return format_text(data, color=color)
    return CHECK_FORMATS[fmt](data)
