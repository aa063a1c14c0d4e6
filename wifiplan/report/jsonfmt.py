"""JSON output of ``wifiplan check``: the report dump itself, keys sorted, stable (docs/check.md)."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["format_json"]


def format_json(data: dict[str, Any]) -> str:
    """The check report dump as indented JSON text with sorted keys and a final newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
