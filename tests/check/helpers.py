"""Small buildings and hand-made plans for the check tests (written to tmp_path)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import yaml

#: One 30 × 20 m floor: a concrete wall splitting it in two, two office zones, the MDF in the middle, a tray.
ONE_FLOOR = textwrap.dedent(
    """\
    format: 1
    name: Rule test office
    country: JP
    floors:
      - name: 1F
        elevation_m: 0
        height_m: 3.5
        ap_height_m: 2.7
        outline: [[0, 0], [30, 0], [30, 20], [0, 20]]
        walls:
          - {material: concrete, path: [[15, 0], [15, 20]]}
        zones:
          - {name: West, use: desk, headcount: 8, polygon: [[0, 0], [15, 0], [15, 20], [0, 20]]}
          - {name: East, use: desk, headcount: 8, polygon: [[15, 0], [30, 0], [30, 20], [15, 20]]}
        telecom_rooms:
          - {name: MDF, kind: mdf, at: [15, 10]}
        pathways:
          - {kind: tray, path: [[1, 10], [29, 10]]}
    requirements:
      band: 5
    profiles:
      # fixed numbers (the shipped profiles may be re-tuned): 2 devices, 65 % active, 3.5/1 Mbit/s
      desk: {devices_per_person: 2, concurrency: 0.65, down_mbps: 3.5, up_mbps: 1.0, client: laptop}
    """
)

#: Two APs that cover the floor above, 14 m apart on non-overlapping channels, and a spare.
GOOD_APS = [
    {"name": "AP1", "floor": "1F", "at": [8, 10], "idf": "MDF",
     "radios": {"5": {"channel": 36, "width_mhz": 20, "tx_power_dbm": 14}}},
    {"name": "AP2", "floor": "1F", "at": [22, 10], "idf": "MDF",
     "radios": {"5": {"channel": 44, "width_mhz": 20, "tx_power_dbm": 14}}},
]
GOOD_SPARES = [{"name": "SP1", "floor": "1F", "at": [15, 15], "idf": "MDF"}]


def plan_text(aps: list[dict], *, spares: list[dict] | None = None, building: str = "building.yaml", **extra) -> str:
    """A plan file with one AP per line (so each AP has its own line number)."""
    lines = ["format: 1", f"building: {building}"]
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value)}")
    lines.append("aps:" if aps else "aps: []")
    for ap in aps:
        lines.append("  - " + yaml.safe_dump(ap, default_flow_style=True, sort_keys=False, width=10_000).strip())
    spares = GOOD_SPARES if spares is None else spares
    lines.append("spares:" if spares else "spares: []")
    for sp in spares:
        lines.append("  - " + yaml.safe_dump(sp, default_flow_style=True, sort_keys=False, width=10_000).strip())
    return "\n".join(lines) + "\n"


def write_project(tmp_path: Path, *, building: str = ONE_FLOOR, aps: list[dict] | None = None,
                  spares: list[dict] | None = None, name: str = "office.plan.yaml", **extra) -> Path:
    """Write ``building.yaml`` and a plan into ``tmp_path``; return the plan path."""
    (tmp_path / "building.yaml").write_text(building, encoding="utf-8")
    plan = tmp_path / name
    plan.write_text(plan_text(GOOD_APS if aps is None else aps, spares=spares, **extra), encoding="utf-8")
    return plan


def edit_building(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced once (asserting it is there)."""
    assert old in text, old
    return text.replace(old, new, 1)


def codes_at(report, code: str) -> list[tuple[str, int | None, str | None]]:
    """(code, line, floor) of every finding of ``code`` in a CheckReport."""
    return [(f.id, f.location.line, f.location.floor) for f in report.findings if f.id == code]


def run(plan: Path, *codes: str, **kw):
    """Check ``plan`` with only ``codes`` selected; return the CheckReport."""
    from wifiplan.check import CheckOptions, run_checks

    return run_checks([plan], options=CheckOptions(select=tuple(codes)), **kw)


def needs(module: str) -> None:
    """Import a pipeline stage the calling test relies on.

    A missing or renamed module fails the test with its ImportError: it never turns into a
    skip, so a rename cannot silently switch off the check and report tests.
    """
    import importlib

    importlib.import_module(module)
