"""CV05 coverage.realtime_secondary: real-time zones have a second AP strong enough to roam to."""

from __future__ import annotations

import numpy as np

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._zones import zone_points, zone_profile

__all__ = ["RULE"]

RULE = Rule("CV05", "coverage.realtime_secondary", "error", scope="floor", stage="rf")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """Too little of a real-time zone (web meetings, voice) has a second AP at requirements.realtime_secondary_rssi_dbm.

    Zones whose profile is ``realtime: true`` need the second-strongest AP on the design
    band at ≥ −75 dBm on 85 % of their area (peers.md: a second AP at −67 to −75 dBm where
    roaming matters; Hamina's secondary coverage on 85 %), by default for plans of the new
    model. One finding per zone. Fails: a meeting room heard by one AP only. Passes: two APs
    both heard at −60 dBm in the room.
    """
    req = ctx.requirements
    if req.realtime_secondary_rssi_dbm is None:
        return []
    band = ctx.building.requirements.band
    out: list[Finding] = []
    for floor in ctx.floors:
        zones = floor.zones
        rt = [k for k, z in enumerate(zones) if (p := zone_profile(ctx, z.use)) is not None and p.realtime]
        if not rt or len(ctx.grid(floor.name).xy) == 0:
            continue
        maps = ctx.coverage(floor.name, band)
        zp = zone_points(ctx, floor.name)
        second = np.nan_to_num(np.asarray(maps.second_rssi_dbm, dtype=float), nan=-np.inf)
        xy = np.asarray(ctx.grid(floor.name).xy)
        for k in rt:
            mine = zp == k
            if not mine.any():
                continue
            ok = second[mine] >= req.realtime_secondary_rssi_dbm - 1e-9
            share = float(ok.mean())
            if share + 1e-9 >= req.realtime_secondary_target:
                continue
            worst = np.flatnonzero(mine)[int(np.argmin(second[mine]))]
            out.append(RULE.finding(
                f"zone '{zones[k].name}' ({zones[k].use}) on {floor.name}: {share:.1%} of its area has a second AP "
                f"≥ {req.realtime_secondary_rssi_dbm:g} dBm at {band} GHz, target {req.realtime_secondary_target:.0%}",
                where=ctx.at_floor(floor.name, "zones", k, "polygon"), floor=floor.name,
                x_m=float(xy[worst, 0]), y_m=float(xy[worst, 1]), value=share, limit=req.realtime_secondary_target,
                unit="fraction", hint="add an AP so two cover the zone (or move a neighbouring AP closer)",
            ))
    return out
