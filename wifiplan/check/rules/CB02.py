"""CB02 cabling.room_capacity: each telecom room has switch ports and PoE budget for what it serves."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule

__all__ = ["RULE"]

RULE = Rule("CB02", "cabling.room_capacity", "error", scope="floor", stage="cabling")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """A telecom room has fewer switch ports or less PoE budget than the outlets routed to it need.

    Outlets are routed by ``wifiplan.cabling.route_plan`` (nearest room by route within
    90 m, or the AP's ``idf``). Ports: every AP drop, one per spare, plus the router's
    spare-port share. PoE: the APs' PSE allocation with the spares activated must stay
    within the router's load share of the budget. Fails: ``switch_ports: 4`` for three
    APs with two drops each. Passes: ``switch_ports: 48``. Rooms that state neither
    ``switch_ports`` nor ``poe_budget_w`` are sized by the planner and never fail.
    """
    result = ctx.cabling()
    rooms = {t.name: (f, j, t) for f in ctx.building.floors for j, t in enumerate(f.telecom_rooms)}
    out: list[Finding] = []
    for load in result.rooms:
        if load.name not in rooms:
            continue
        floor, j, room = rooms[load.name]
        common = dict(floor=floor.name, x_m=room.at[0], y_m=room.at[1])
        if load.ports_available is not None and load.ports_needed > load.ports_available:
            out.append(RULE.finding(
                f"telecom room {load.name}: {load.aps} APs and {load.spares} spares need {load.ports_needed} "
                f"switch ports, {load.ports_available} available",
                where=ctx.at_floor(floor.name, "telecom_rooms", j, "switch_ports"),
                value=load.ports_needed, limit=load.ports_available, unit="ports",
                hint="add an access switch or serve some outlets from another room", **common))
        if load.poe_budget_w is not None and load.poe_budget_needed_w > load.poe_budget_w + 1e-9:
            out.append(RULE.finding(
                f"telecom room {load.name}: PoE for {load.aps} APs + {load.spares} spares needs a "
                f"{load.poe_budget_needed_w:.0f} W budget ({load.poe_load_growth_w:.0f} W load), "
                f"{load.poe_budget_w:g} W available",
                where=ctx.at_floor(floor.name, "telecom_rooms", j, "poe_budget_w"),
                value=load.poe_budget_needed_w, limit=load.poe_budget_w, unit="W",
                hint="a larger PoE budget (or power supply) for this room's switches", **common))
    return out
