"""The plan file as deterministic YAML: settings and summary as blocks, one line per AP, spare and run."""

from __future__ import annotations

import math
from typing import Any

import yaml

from wifiplan.io.writer import flow
from wifiplan.model.plan import Plan

__all__ = ["plan_to_yaml", "rounded"]


def rounded(value: Any, digits: int = 4) -> Any:
    """``value`` with every float rounded to ``digits`` decimals (``-0.0`` → ``0.0``), recursively.

    >>> rounded({"a": [1.23456789, -0.00001], "b": "x"})
    {'a': [1.2346, 0.0], 'b': 'x'}
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        v = round(value, digits)
        return 0.0 if v == 0 else v
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v, digits) for v in value]
    return value


def _block(key: str, data: Any) -> list[str]:
    text = yaml.safe_dump({key: rounded(data)}, sort_keys=False, allow_unicode=True, default_flow_style=None, width=120)
    return text.rstrip("\n").split("\n")


def plan_to_yaml(plan: Plan, *, header: str | None = None) -> str:
    """The plan as YAML text (format 1): same plan, same bytes.

    ``settings`` are written in full (every field, materials resolved) so the plan
    reproduces its numbers; ``aps``, ``spares`` and ``cabling`` one flow-style line each
    (coordinates to 0.01 m); ``summary`` as a block in the order the planner built it.
    """
    lines: list[str] = []
    if header:
        lines += [f"# {line}".rstrip() for line in header.splitlines()]
    lines.append("format: 1")
    if plan.building:
        lines.append(f"building: {flow(plan.building)}")
    if plan.building_sha256:
        lines.append(f'building_sha256: "{plan.building_sha256}"')
    lines += _block("settings", plan.settings.model_dump(mode="json"))
    for key, items in (("aps", plan.aps), ("spares", plan.spares)):
        if not items:
            lines.append(f"{key}: []")
            continue
        lines.append(f"{key}:")
        for item in items:
            data = item.model_dump(mode="json", exclude_none=True)
            if not data.get("antenna_gain_dbi"):
                data.pop("antenna_gain_dbi", None)
            if "radios" in data:
                data["radios"] = {b: data["radios"][b] for b in sorted(data["radios"], key=float)}
            lines.append(f"  - {flow(data)}")
    if plan.cabling:
        lines.append("cabling:")
        for run in plan.cabling:
            lines.append(f"  - {flow(run.model_dump(mode='json', by_alias=True, exclude_none=True))}")
    if plan.summary:
        lines += _block("summary", plan.summary)
    return "\n".join(lines) + "\n"
