"""The per-location co-channel test shared by CH04 (5/6 GHz) and CH05 (2.4 GHz)."""

from __future__ import annotations

import numpy as np

from wifiplan.check.context import CheckContext, stage
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import gap_location, largest_gap

__all__ = ["cochannel_findings"]


def cochannel_findings(rule: Rule, ctx: CheckContext, bands: tuple[str, ...]) -> list[Finding]:
    """One finding per floor and band where co-channel APs heard at the requirement's percentile exceed the limit.

    The count at each grid point is ``rf.maps.cochannel_heard`` (serving AP included, signal
    ≥ the CCA threshold of the serving width); the percentile is over the floor's coverage
    area (``requirements.co_channel_percentile``). The finding points at the largest
    connected patch over the limit.
    """
    req = ctx.requirements
    limits = req.max_co_channel_aps or {}
    area_percentile = stage("wifiplan.rf.maps", "area_percentile")
    band_aps = stage("wifiplan.rf.engine", "band_aps")
    out: list[Finding] = []
    for band in bands:
        if band not in limits or not band_aps(ctx.aps, band):
            continue
        limit = int(limits[band])
        for floor in ctx.floors:
            grid = ctx.grid(floor.name)
            if len(grid.xy) == 0:
                continue
            counts = ctx.coverage(floor.name, band).metric("cochannel")
            value = area_percentile(counts, req.co_channel_percentile)
            if value <= limit:
                continue
            ok = counts <= limit
            gap = largest_gap(ok, grid)
            where, label, x, y = ctx.at_floor(floor.name, "outline"), f"floor {floor.name}", None, None
            txt = ""
            if gap is not None:
                x, y, cells = gap
                where, label = gap_location(ctx, floor.name, x, y)
                txt = f"; worst patch {cells * grid.cell_area_m2:.0f} m² around ({x:.1f}, {y:.1f}) in {label}"
            over = float(np.mean(~ok))
            out.append(rule.finding(
                f"floor {floor.name}: {value:.0f} co-channel APs heard at ≥ CCA on {band} GHz at the "
                f"{req.co_channel_percentile:.0%} point of the area (limit {limit}, serving AP included; "
                f"{over:.0%} of the area is over){txt}",
                where=where, floor=floor.name, x_m=x, y_m=y, value=value, limit=limit, unit="APs",
                hint="lower the power of the APs heard there, give them other channels, narrow the channels, "
                     "or switch surplus radios off",
            ))
    return out
