"""PL10 plan.spares: enough pre-cabled spare mount positions, and some on every floor with APs."""

from __future__ import annotations

import math

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule

__all__ = ["RULE"]

RULE = Rule("PL10", "plan.spares", "warning", scope="floor", stage="plan")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """Too few spare positions for later capacity (requirements.spare_positions × APs, rounded up).

    Fails: 10 APs, ``spare_positions: 0.2`` and one spare (2 needed); or a floor with APs
    and no spare. Passes: 2 spares for 10 APs, at least one on each floor with APs.
    """
    share = ctx.building.requirements.spare_positions
    if share <= 0 or not ctx.aps:
        return []
    floors = {f.name for f in ctx.building.floors}
    spares = [s for s in ctx.plan.spares if s.floor in floors]
    need = math.ceil(share * len(ctx.aps) - 1e-9)
    out: list[Finding] = []
    if len(spares) < need:
        where = ctx.in_plan("spares", key=True) if "spares" in ctx.plan.model_fields_set else ctx.in_plan("aps", key=True)
        out.append(RULE.finding(
            f"{len(spares)} spare position(s) for {len(ctx.aps)} APs; {need} needed "
            f"(spare_positions {share:g} × APs, rounded up)",
            where=where, value=len(spares), limit=need, unit="positions",
            hint="add pre-cabled spares (cheap now, a ceiling opening later)",
        ))
    for floor in ctx.floors:
        n_aps = len(ctx.aps_on(floor.name))
        if n_aps and not any(s.floor == floor.name for s in spares):
            ap = ctx.aps_on(floor.name)[0]
            out.append(RULE.finding(
                f"floor {floor.name} has {n_aps} AP(s) and no spare position",
                where=ctx.at_ap(ap, "floor"), floor=floor.name, x_m=ap.at[0], y_m=ap.at[1],
                value=0, limit=1, unit="positions", hint="add at least one spare on this floor",
            ))
    return out
