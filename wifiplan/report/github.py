"""GitHub Actions workflow commands (``::error file=…,line=…::msg``) from a check report dump."""

from __future__ import annotations

from typing import Any

__all__ = ["format_github", "escape_data", "escape_property"]

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow-command message (``%``, CR, LF).

    >>> escape_data("50% done\\nnext")
    '50%25 done%0Anext'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (also ``:`` and ``,``).

    >>> escape_property("CV01 coverage.min_rssi: 1F, 2F")
    'CV01 coverage.min_rssi%3A 1F%2C 2F'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(data: dict[str, Any]) -> str:
    """One ``::error``/``::warning``/``::notice`` line per finding, then a summary ``::notice``.

    Findings without a line get ``file=`` only; a finding with no file gets no properties
    but its title.
    """
    lines = []
    for f in data.get("findings", []):
        loc = f.get("location") or {}
        props = []
        if loc.get("file"):
            props.append(f"file={escape_property(loc['file'])}")
            if loc.get("line"):
                props.append(f"line={loc['line']}")
                if loc.get("column"):
                    props.append(f"col={loc['column']}")
        props.append(f"title={escape_property(f['id'] + ' ' + f['name'])}")
        message = f["message"]
        if f.get("hint"):
            message += f" ({f['hint']})"
        if loc.get("floor") and loc.get("floor") not in message:
            message = f"[{loc['floor']}] {message}"
        lines.append(f"::{_LEVEL[f['severity']]} {','.join(props)}::{escape_data(message)}")
    for fr in data.get("files", []):
        if fr.get("status") == "error":
            lines.append(f"::error file={escape_property(fr['plan'])},title=wifiplan check::"
                         f"{escape_data('could not check: ' + (fr.get('error') or ''))}")
    s = data.get("summary", {})
    lines.append(f"::notice title=wifiplan check::{s.get('error', 0)} error(s), {s.get('warning', 0)} warning(s) "
                 f"in {s.get('files', 0)} plan file(s)")
    return "\n".join(lines) + "\n"
