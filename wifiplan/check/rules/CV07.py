"""CV07 coverage.legacy_24: zones expecting 2.4 GHz-only devices keep 2.4 GHz coverage."""

from __future__ import annotations

import numpy as np

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._zones import zone_points, zone_profile

__all__ = ["RULE"]

RULE = Rule("CV07", "coverage.legacy_24", "error", scope="floor", stage="rf")


def _needs_24(ctx: CheckContext, use: str) -> bool:
    from wifiplan.library import load_library

    presets = load_library().client_presets
    profile = zone_profile(ctx, use)
    if profile is None:
        return False
    return any(c in presets and list(presets[c].bands) == ["2.4"] for c in profile.mix(ctx.building.ap.client))


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """A zone whose client mix has 2.4 GHz-only devices lacks 2.4 GHz coverage (requirements.legacy_24_coverage).

    Switching surplus 2.4 GHz radios off (issue 12) must keep the band where legacy devices
    (``legacy-2g4``: scanners, IoT) are expected: the best 2.4 GHz AP must meet
    ``min_rssi_dbm`` on ``coverage_target`` of each such zone with people. On by default for
    plans of the new model. Fails: a warehouse (mix phone + legacy-2g4) whose APs have
    their 2.4 GHz radios off. Passes: one 2.4 GHz radio left on over it.
    """
    req = ctx.requirements
    if not req.legacy_24_coverage:
        return []
    out: list[Finding] = []
    for floor in ctx.floors:
        zones = floor.zones
        wanted = [k for k, z in enumerate(zones) if z.headcount > 0 and _needs_24(ctx, z.use)]
        if not wanted or len(ctx.grid(floor.name).xy) == 0:
            continue
        best = np.nan_to_num(np.asarray(ctx.coverage(floor.name, "2.4").best_rssi_dbm, dtype=float), nan=-np.inf)
        zp = zone_points(ctx, floor.name)
        xy = np.asarray(ctx.grid(floor.name).xy)
        for k in wanted:
            mine = zp == k
            if not mine.any():
                continue
            share = float((best[mine] >= req.min_rssi_dbm - 1e-9).mean())
            if share + 1e-9 >= req.coverage_target:
                continue
            worst = np.flatnonzero(mine)[int(np.argmin(best[mine]))]
            out.append(RULE.finding(
                f"zone '{zones[k].name}' ({zones[k].use}, 2.4 GHz-only devices expected) on {floor.name}: "
                f"{share:.1%} of its area has 2.4 GHz at ≥ {req.min_rssi_dbm:g} dBm, target {req.coverage_target:.0%}",
                where=ctx.at_floor(floor.name, "zones", k, "polygon"), floor=floor.name,
                x_m=float(xy[worst, 0]), y_m=float(xy[worst, 1]), value=share, limit=req.coverage_target,
                unit="fraction", hint="switch a nearby AP's 2.4 GHz radio back on (enabled: true)",
            ))
    return out
