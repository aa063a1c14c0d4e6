"""The share-of-area test shared by the coverage rules CV01, CV02 and CV03."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from wifiplan.check.context import CheckContext, stage
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import gap_location, largest_gap

__all__ = ["share_findings"]


def share_findings(
    rule: Rule,
    ctx: CheckContext,
    *,
    values: Callable[[object], np.ndarray],
    threshold: float,
    target: float,
    what: str,
    unit: str,
) -> list[Finding]:
    """One finding per floor where the share of grid points with ``values >= threshold`` is below ``target``.

    The finding points at the zone (or floor outline) holding the largest connected patch
    that misses the threshold, with that patch's centre as ``x_m``/``y_m``. ``values`` are
    shifted by the plan's design-device offset (``settings.params.client_signal_offset_db``,
    0 for legacy plans), as in ``wifiplan.rf.coverage``.
    """
    band = ctx.building.requirements.band
    offset_db = stage("wifiplan.rf.devices", "device_offset_db")(ctx.settings)
    device = ctx.settings.params.get("design_client") or "design device"
    shown = what if not offset_db else f"{what} ({device} offset {offset_db:+g} dB applied)"
    out: list[Finding] = []
    for floor in ctx.floors:
        grid = ctx.grid(floor.name)
        if len(grid.xy) == 0:
            continue
        maps = ctx.coverage(floor.name, band)
        vals = np.asarray(values(maps), dtype=float) + offset_db
        ok = np.nan_to_num(vals, nan=-np.inf) >= threshold - 1e-9
        share = float(ok.mean())
        if share + 1e-9 >= target:
            continue
        gap = largest_gap(ok, grid)
        x = y = None
        where, label = ctx.at_floor(floor.name, "outline"), f"floor {floor.name}"
        area_txt = ""
        if gap is not None:
            x, y, cells = gap
            where, label = gap_location(ctx, floor.name, x, y)
            area_txt = f"; largest gap {cells * grid.cell_area_m2:.0f} m² around ({x:.1f}, {y:.1f}) in {label}"
        n_aps = len(ctx.aps_on(floor.name))
        out.append(rule.finding(
            f"floor {floor.name}: {share:.1%} of the area has {shown} ≥ {threshold:g} {unit} at {band} GHz, "
            f"target {target:.0%} ({n_aps} AP(s) on the floor){area_txt}",
            where=where, floor=floor.name, x_m=x, y_m=y, value=share, limit=target, unit="fraction",
            hint="add or move an AP near the gap, or raise its power",
        ))
    return out
