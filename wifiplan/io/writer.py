"""Write building and plan models as readable, deterministic YAML (flow-style points, 0.01 m)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from wifiplan.model.building import Building, Floor
from wifiplan.model.plan import Plan

__all__ = ["building_yaml", "plan_yaml", "flow", "fmt_number", "rounded"]

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}


def fmt_number(value: float | int, *, digits: int = 2) -> str:
    """A number rounded to ``digits`` decimals without trailing zeros (``-0`` → ``0``).

    >>> fmt_number(3.0), fmt_number(-0.004), fmt_number(12.345), fmt_number(1234.5)
    ('3', '0', '12.35', '1234.5')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot write a non-finite number ({value})")
    text = f"{round(float(value), digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _str(text: str) -> str:
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any, *, digits: int = 2) -> str:
    """Render plain data as one line of flow-style YAML (dict order kept)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_str(str(k))}: {flow(v, digits=digits)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v, digits=digits) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool | int | float):
        return fmt_number(value, digits=digits)
    return _str(str(value))


def _comment(comments: dict[tuple, str] | None, path: tuple) -> str:
    text = (comments or {}).get(path)
    return f"  # {text}" if text else ""


def _floor_lines(floor: Floor, i: int, comments: dict[tuple, str] | None) -> list[str]:
    out = [f"  - name: {_str(floor.name)}{_comment(comments, ('floors', i))}"]
    for key in ("elevation_m", "height_m", "ap_height_m"):
        out.append(f"    {key}: {fmt_number(getattr(floor, key))}")
    out.append(f"    slab: {_str(floor.slab)}")
    out.append(f"    outline: {flow(floor.outline)}")

    def section(key: str, items: list[Any], render) -> None:
        if not items:
            return
        out.append(f"    {key}:")
        for j, item in enumerate(items):
            out.append(f"      - {render(item)}{_comment(comments, ('floors', i, key, j))}")

    section("walls", floor.walls, lambda w: flow({"material": w.material, "path": w.path}))
    section("zones", floor.zones, lambda z: flow({"name": z.name, "use": z.use, "headcount": z.headcount, "polygon": z.polygon}))
    section("exclude", floor.exclude, flow)
    section("telecom_rooms", floor.telecom_rooms, lambda t: flow(t.model_dump(exclude_none=True)))
    section("risers", floor.risers, lambda r: flow(r.model_dump()))
    section("pathways", floor.pathways, lambda p: flow(p.model_dump()))
    return out


def _block(key: str, data: Any) -> list[str]:
    import yaml

    text = yaml.safe_dump({key: data}, sort_keys=True, allow_unicode=True, default_flow_style=False, width=100)
    return text.rstrip("\n").split("\n")


def building_yaml(building: Building, *, comments: dict[tuple, str] | None = None, header: str | None = None) -> str:
    """The building as YAML text: fixed key order, one line per wall/zone, numbers to 0.01 m.

    ``comments`` maps field paths (``("floors", 0, "telecom_rooms", 0)``) to end-of-line
    comments; ``header`` lines are written as comments at the top. Same model, same text.
    """
    lines: list[str] = []
    if header:
        lines += [f"# {line}".rstrip() for line in header.splitlines()]
    lines += ["format: 1", f"name: {_str(building.name)}", f"country: {_str(building.country)}", "floors:"]
    for i, floor in enumerate(building.floors):
        lines += _floor_lines(floor, i, comments)
    for key in ("requirements", "ap"):
        data = getattr(building, key).model_dump(mode="json", exclude_defaults=True)
        if data:
            lines += _block(key, data)
    if building.materials:
        lines.append("materials:")
        for name in sorted(building.materials):
            m = building.materials[name].model_dump(mode="json", exclude_none=True)
            lines.append(f"  {_str(name)}: {flow(m)}")
    if building.profiles:
        lines.append("profiles:")
        for name in sorted(building.profiles):
            lines.append(f"  {_str(name)}: {flow(building.profiles[name].model_dump(mode='json', exclude_none=True))}")
    costs = building.costs
    if isinstance(costs, str):
        lines.append(f"costs: {_str(costs)}")
    else:
        data = costs.model_dump(mode="json", exclude_defaults=True)
        if data:
            lines += _block("costs", data)
    return "\n".join(lines) + "\n"


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


def _rounded_block(key: str, data: Any) -> list[str]:
    import yaml

    text = yaml.safe_dump({key: rounded(data)}, sort_keys=False, allow_unicode=True, default_flow_style=None, width=120)
    return text.rstrip("\n").split("\n")


#: Key order of an AP or spare block; keys not listed follow in the model's field order.
ITEM_KEYS = ("name", "floor", "at", "height_m", "idf", "model", "antenna_gain_dbi", "radios", "reason")
#: Key order of a radio line.
RADIO_KEYS = ("channel", "width_mhz", "tx_power_dbm", "enabled")


def _ordered(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: data[k] for k in keys if k in data} | {k: v for k, v in data.items() if k not in keys}


def _item_block(data: dict[str, Any]) -> list[str]:
    """One AP or spare as a block: a key per line, each radio on its own line, bands ascending.

    >>> print("\\n".join(_item_block({"name": "AP1", "floor": "1F", "at": [1, 2.5],
    ...     "radios": {"5": {"tx_power_dbm": 17, "channel": 36}, "2.4": {"channel": 1}}})))
      - name: AP1
        floor: "1F"
        at: [1, 2.5]
        radios:
          "2.4": {channel: 1}
          "5": {channel: 36, tx_power_dbm: 17}
    """
    if not data.get("antenna_gain_dbi"):
        data.pop("antenna_gain_dbi", None)
    out: list[str] = []
    for key, value in _ordered(data, ITEM_KEYS).items():
        lead = "  - " if not out else "    "
        if key == "radios" and isinstance(value, dict) and value:
            out.append(f"{lead}radios:")
            for band in sorted(value, key=float):
                out.append(f"      {_str(str(band))}: {flow(_ordered(value[band], RADIO_KEYS))}")
        else:
            out.append(f"{lead}{_str(key)}: {flow(value)}")
    return out


def plan_yaml(plan: Plan, *, header: str | None = None) -> str:
    """The plan as YAML text (format 1): same plan, same bytes.

    ``settings`` are written in full (every field, materials resolved) so the plan
    reproduces its numbers; each AP and spare a block with one key per line and each radio
    on its own line (:data:`ITEM_KEYS` order, so a moved AP or a changed channel is a
    one-line diff); ``cabling`` one flow-style line per run (coordinates to 0.01 m);
    ``summary`` as a block in the order it was built. Format 1 readers accept this and
    the older one-line-per-AP layout alike (both are plain YAML).
    """
    lines: list[str] = []
    if header:
        lines += [f"# {line}".rstrip() for line in header.splitlines()]
    lines.append("format: 1")
    if plan.building:
        lines.append(f"building: {flow(plan.building)}")
    if plan.building_sha256:
        lines.append(f'building_sha256: "{plan.building_sha256}"')
    lines += _rounded_block("settings", plan.settings.model_dump(mode="json"))
    for key, items in (("aps", plan.aps), ("spares", plan.spares)):
        if not items:
            lines.append(f"{key}: []")
            continue
        lines.append(f"{key}:")
        for item in items:
            lines += _item_block(item.model_dump(mode="json", exclude_none=True))
    if plan.cabling:
        lines.append("cabling:")
        for run in plan.cabling:
            lines.append(f"  - {flow(run.model_dump(mode='json', by_alias=True, exclude_none=True))}")
    if plan.summary:
        lines += _rounded_block("summary", plan.summary)
    return "\n".join(lines) + "\n"
