"""CV04 coverage.own_floor: each floor is served by its own APs."""

from __future__ import annotations

import numpy as np

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import gap_location, largest_gap

__all__ = ["RULE"]

RULE = Rule("CV04", "coverage.own_floor", "error", scope="floor", stage="rf")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """Too little of a floor is served by an AP on that floor (requirements.min_own_floor_share).

    The serving AP of a location is the strongest on the design band; a location with no
    AP heard counts as not served by the floor. Default 90 % of the coverage area for plans
    of the new model (a floor served through the slab loses its service when the other
    floor's APs are moved, and its clients roam across floors). Fails: a two-storey
    building with every AP on 1F. Passes: one AP per floor over its own area.
    """
    req = ctx.requirements
    if req.min_own_floor_share is None:
        return []
    band = ctx.building.requirements.band
    out: list[Finding] = []
    by_name = {ap.name: ap for ap in ctx.aps}
    for floor in ctx.floors:
        grid = ctx.grid(floor.name)
        if len(grid.xy) == 0:
            continue
        maps = ctx.coverage(floor.name, band)
        serving = np.asarray(maps.serving, dtype=int)
        own = np.array([by_name[n].floor == floor.name for n in maps.ap_names] + [False], dtype=bool)
        ok = own[np.where(serving >= 0, serving, len(maps.ap_names))]
        share = float(ok.mean())
        if share + 1e-9 >= req.min_own_floor_share:
            continue
        others = sorted({by_name[maps.ap_names[i]].floor for i in np.unique(serving[(serving >= 0) & ~ok])})
        gap = largest_gap(ok, grid)
        where, x, y, txt = ctx.at_floor(floor.name, "outline"), None, None, ""
        if gap is not None:
            x, y, cells = gap
            where, label = gap_location(ctx, floor.name, x, y)
            txt = f"; largest patch {cells * grid.cell_area_m2:.0f} m² around ({x:.1f}, {y:.1f}) in {label}"
        frm = f" (served from {', '.join(others)})" if others else ""
        out.append(RULE.finding(
            f"floor {floor.name}: {share:.1%} of the area is served by an AP on the floor at {band} GHz, "
            f"target {req.min_own_floor_share:.0%}{frm}{txt}",
            where=where, floor=floor.name, x_m=x, y_m=y, value=share, limit=req.min_own_floor_share,
            unit="fraction", hint="add an AP on this floor near the patch, or lower the power of the APs heard through the slab",
        ))
    return out
