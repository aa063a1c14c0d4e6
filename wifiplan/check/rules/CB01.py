"""CB01 cabling.length: every AP and spare reaches a telecom room within the 90 m permanent link."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule

__all__ = ["RULE"]

RULE = Rule("CB01", "cabling.length", "error", scope="floor", stage="cabling")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """An AP or spare has no route to a telecom room within the permanent-link limit (90 m, TIA-568 [S71]).

    The length is re-routed by ``wifiplan.cabling.route_plan`` over the building's pathways
    (route + vertical drops + service loops); lengths stored in the plan are ignored.
    Fails: an AP 80 m down a corridor from the only telecom room (route + drops > 90 m).
    Passes: the same AP 30 m away. Spares give a warning: they are cabled for later.
    """
    result = ctx.cabling()
    limit = result.options.max_link_m
    index = {ap.name: ("aps", ctx.ap_index(ap), ap) for ap in ctx.aps}
    for i, s in enumerate(ctx.plan.spares):
        if s in ctx.spares:
            index.setdefault(s.name, ("spares", i, s))
    out: list[Finding] = []
    for run in result.runs:
        if run.name not in index:
            continue
        kind, i, item = index[run.name]
        too_long = run.length_m > limit + 1e-9
        if run.to is not None and not too_long:
            continue
        what = "AP" if kind == "aps" else "spare"
        if run.to is None:
            msg = f"{what} {run.name}: no telecom room within {limit:g} m by the pathways"
        else:
            msg = (f"{what} {run.name}: permanent link to {run.to} is {run.length_m:.1f} m "
                   f"(route {run.horizontal_m:.1f} m), over the {limit:g} m limit")
        suggest = [r for r in result.suggested_rooms if run.name in r.serves]
        hint = (f"a telecom room near ({suggest[0].at[0]:.1f}, {suggest[0].at[1]:.1f}) on {suggest[0].floor} would serve it"
                if suggest else "move it closer to a telecom room or add one")
        out.append(RULE.finding(
            msg, where=ctx.in_plan(kind, i, "at"), floor=item.floor, x_m=item.at[0], y_m=item.at[1],
            severity="warning" if kind == "spares" else None, value=run.length_m if run.to else None,
            limit=limit, unit="m", hint=hint,
        ))
    return out
