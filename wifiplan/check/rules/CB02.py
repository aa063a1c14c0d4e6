"""CB02 cabling.room_capacity: each telecom room has switch ports and PoE budget for its APs."""

from __future__ import annotations

from collections import defaultdict

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import ap_preset

__all__ = ["RULE"]

RULE = Rule("CB02", "cabling.room_capacity", "error", scope="floor", stage="library")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """A telecom room has fewer switch ports or less PoE budget than the APs it serves need.

    Fails: a room with ``switch_ports: 4`` serving 5 APs, or ``poe_budget_w: 100`` for three
    Wi-Fi 6E APs of 45 W each (802.3bt class 5 PSE allocation). Passes: 8 ports and 150 W.
    Spares that would not fit in the free ports give a warning. Only rooms that state
    ``switch_ports``/``poe_budget_w`` are checked; APs are counted in the room named by
    their ``idf``.
    """
    rooms = {t.name: (f, j, t) for f in ctx.building.floors for j, t in enumerate(f.telecom_rooms)}
    aps = defaultdict(list)
    for ap in ctx.aps:
        if ap.idf in rooms:
            aps[ap.idf].append(ap)
    spares = defaultdict(int)
    for s in ctx.plan.spares:
        if s.idf in rooms:
            spares[s.idf] += 1
    out: list[Finding] = []
    for name in sorted(rooms):
        floor, j, room = rooms[name]
        served = aps.get(name, [])
        common = dict(floor=floor.name, x_m=room.at[0], y_m=room.at[1])
        if room.switch_ports is not None:
            if len(served) > room.switch_ports:
                out.append(RULE.finding(
                    f"telecom room {name}: {len(served)} APs but {room.switch_ports} switch ports",
                    where=ctx.at_floor(floor.name, "telecom_rooms", j, "switch_ports"),
                    value=len(served), limit=room.switch_ports, unit="ports",
                    hint="add a switch or move APs to another room", **common))
            elif len(served) + spares[name] > room.switch_ports:
                out.append(RULE.finding(
                    f"telecom room {name}: {len(served)} APs + {spares[name]} spares need "
                    f"{len(served) + spares[name]} ports, {room.switch_ports} available",
                    where=ctx.at_floor(floor.name, "telecom_rooms", j, "switch_ports"), severity="warning",
                    value=len(served) + spares[name], limit=room.switch_ports, unit="ports",
                    hint="plan switch ports for the spare positions too", **common))
        if room.poe_budget_w is not None and served:
            need = 0.0
            for ap in served:
                preset = ap_preset(ctx, ap)
                need += preset.pse_power_w if preset is not None else 0.0
            if need > room.poe_budget_w + 1e-9:
                out.append(RULE.finding(
                    f"telecom room {name}: {len(served)} APs draw up to {need:.0f} W of PoE, budget {room.poe_budget_w:g} W",
                    where=ctx.at_floor(floor.name, "telecom_rooms", j, "poe_budget_w"),
                    value=need, limit=room.poe_budget_w, unit="W",
                    hint="a larger PoE budget or fewer APs on this room's switches", **common))
    return out
