"""The cabling result as the plan file's ``cabling:`` list and a JSON-able summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wifiplan.cabling.models import CablingResult, CablingViolation
from wifiplan.model.plan import CableRun

__all__ = ["cable_runs", "cabling_summary", "apply_plan_cabling", "NO_ROOM"]

#: ``to`` of a run that reaches no telecom room.
NO_ROOM = "none"


def cable_runs(result: CablingResult) -> list[CableRun]:
    """The plan file's ``cabling:`` list: one :class:`CableRun` per outlet, sorted by name.

    ``route`` is the 2-D polyline outlet → room (points on other floors are the riser).
    """
    return [
        CableRun.model_validate({
            "from": r.name, "to": r.to or NO_ROOM, "length_m": r.length_m, "drops": r.drops,
            "route": r.route, "violation": r.violation,
        })
        for r in sorted(result.runs, key=lambda r: r.name)
    ]


def apply_plan_cabling(result: CablingResult, cabling: Sequence[CableRun]) -> CablingResult:
    """Take run lengths and drop counts from a plan's ``cabling:`` (edited by hand) where given.

    Runs the plan does not list keep the router's figures; the pathway, riser and room
    figures stay the router's.
    """
    given = {c.from_: c for c in cabling}
    runs = []
    violations = list(result.violations)
    for r in result.runs:
        c = given.get(r.name)
        if c is None:
            runs.append(r)
            continue
        update: dict[str, Any] = {"length_m": round(float(c.length_m), 2), "drops": c.drops}
        if c.length_m > result.options.max_link_m + 1e-9 and r.violation is None:
            update["violation"] = f"permanent link {c.length_m:.1f} m exceeds {result.options.max_link_m:g} m (TIA-568 [S71])"
        elif r.to is not None and c.length_m < r.straight_m - 0.01:
            update["violation"] = (f"given length {c.length_m:.1f} m is shorter than the straight 3-D distance "
                                   f"{r.straight_m:.1f} m to {r.to}")
        if "violation" in update:
            violations.append(CablingViolation(code="plan_length", subject=r.name, floor=r.floor,
                                               message=f"{r.name}: {update['violation']}"))
        runs.append(r.model_copy(update=update))
    violations.sort(key=lambda v: (v.code, v.floor or "", v.subject))
    return result.model_copy(update={"runs": runs, "violations": violations})


def cabling_summary(result: CablingResult) -> dict[str, Any]:
    """Figures for the plan's ``summary.cabling``: totals, per floor and per room (JSON-able).

    >>> from wifiplan.cabling.options import CablingOptions
    >>> empty = CablingResult(options=CablingOptions(), runs=[], segments=[], risers=[], backbone=[],
    ...                       rooms=[], violations=[], suggested_rooms=[], fallback_floors=[])
    >>> cabling_summary(empty)["copper_m"]
    0.0
    """
    floors: dict[str, dict[str, Any]] = {}
    for r in result.runs:
        f = floors.setdefault(r.floor, {"outlets": 0, "drops": 0, "copper_m": 0.0, "longest_link_m": 0.0, "violations": 0})
        f["outlets"] += 1
        f["drops"] += r.drops
        f["copper_m"] += r.length_m * r.drops
        f["longest_link_m"] = max(f["longest_link_m"], r.length_m)
        f["violations"] += r.violation is not None
    for f in floors.values():
        f["copper_m"] = round(f["copper_m"], 1)
    pathway_m: dict[str, float] = {}
    for s in result.segments:
        pathway_m[s.kind] = pathway_m.get(s.kind, 0.0) + s.length_m
    return {
        "outlets": len(result.runs),
        "drops": sum(r.drops for r in result.runs),
        "copper_m": round(sum((r.length_m * r.drops for r in result.runs), 0.0), 1),
        "longest_link_m": round(max((r.length_m for r in result.runs), default=0.0), 2),
        "max_link_m": result.options.max_link_m,
        "pathway_m": {k: round(v, 1) for k, v in sorted(pathway_m.items())},
        "fiber_m": round(sum(b.length_m for b in result.backbone), 1),
        "fiber_links": [
            {"idf": b.idf, "mdf": b.mdf, "length_m": b.length_m, "type": b.fiber_type, "strands": b.strands}
            for b in result.backbone
        ],
        "core_drills": sum(c.core_drills for c in result.risers),
        "fallback_floors": list(result.fallback_floors),
        "rooms": {
            r.name: {"floor": r.floor, "aps": r.aps, "spares": r.spares, "ports": r.ports_needed,
                     "switches": r.switches, "poe_budget_needed_w": r.poe_budget_needed_w}
            for r in result.rooms
        },
        "floors": {k: floors[k] for k in sorted(floors)},
        "violations": [v.message for v in result.violations],
        "suggested_rooms": [{"floor": s.floor, "at": s.at, "serves": s.serves} for s in result.suggested_rooms],
    }
