"""Grid points of a floor by zone property (realtime, critical, people) for the issue-12 rules."""

from __future__ import annotations

import numpy as np

from wifiplan.check.context import CheckContext

__all__ = ["zone_points", "zone_profile"]


def zone_profile(ctx: CheckContext, use: str):
    """The resolved usage profile of ``use`` (None when unknown: BD11 reports it)."""
    from wifiplan.model.resolve import resolve_profile

    try:
        return resolve_profile(ctx.building, use)
    except Exception:  # noqa: BLE001 - unknown use is BD11's finding
        return None


def zone_points(ctx: CheckContext, floor: str) -> np.ndarray:
    """Index of the zone (file order) holding each grid point of ``floor``, −1 for none; first zone wins."""
    import shapely

    from wifiplan.model.geometry import polygon

    def make():
        grid = ctx.grid(floor)
        xy = np.asarray(grid.xy, dtype=float)
        out = np.full(len(xy), -1, dtype=int)
        for k, zone in enumerate(ctx.building.floor(floor).zones):
            geom = polygon(zone.polygon)
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            inside = shapely.contains_xy(geom, xy[:, 0], xy[:, 1]) & (out < 0) if len(xy) else np.zeros(0, bool)
            out[inside] = k
        return out

    return ctx.cache(("zone_points", floor), make)
