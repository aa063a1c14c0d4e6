"""PL00 plan.valid: the APs and spares of the plan fit the building (wifiplan.model.validate_plan)."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import problem_findings

__all__ = ["RULE"]

#: Codes of wifiplan.model.validate_plan reported by this rule (PL08, illegal channels, is CH01's).
EMITS = {
    "PL03": "AP or spare name used twice",
    "PL04": "AP or spare on an unknown floor",
    "PL05": "AP or spare outside the floor outline",
    "PL06": "unknown telecom room",
    "PL07": "mount height above the floor height",
}

RULE = Rule("PL00", "plan.valid", "error", scope="building", stage="file", emits=EMITS)


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """The plan's APs and spares must have unique names, known floors and rooms, and stand inside.

    Fails: ``{name: AP1, floor: 3F, ...}`` in a two-floor building (PL04), an AP at
    ``[45, 5]`` on a 30 m wide floor (PL05). Passes: every AP on a named floor, inside it.
    """
    from wifiplan.model.validate_plan import validate_plan

    problems = validate_plan(ctx.plan, ctx.building, locate=ctx.plan_file.source_map.locate)
    problems = [p for p in problems if p.code != "PL08"]
    floors = {f.name for f in ctx.building.floors}

    def floor_of(path: str | None) -> str | None:
        import re

        m = re.match(r"^(aps|spares)\[(\d+)\]", path or "")
        if not m:
            return None
        items = ctx.plan.aps if m.group(1) == "aps" else ctx.plan.spares
        name = items[int(m.group(2))].floor
        return name if name in floors else None

    return problem_findings(RULE, problems, floor_of=floor_of)
