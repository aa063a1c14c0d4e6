"""CV06 coverage.uplink: the weakest expected client reaches its AP at the required level."""

from __future__ import annotations

import numpy as np

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import gap_location, largest_gap
from wifiplan.check.rules._zones import zone_points, zone_profile

__all__ = ["RULE"]

RULE = Rule("CV06", "coverage.uplink", "error", scope="floor", stage="rf")


def _weakest_eirp(ctx: CheckContext, use: str, band: str) -> float | None:
    """EIRP (tx + antenna gain) of the weakest device of the use's client mix that works on ``band``."""
    from wifiplan.library import load_library

    presets = load_library().client_presets
    profile = zone_profile(ctx, use)
    if profile is None:
        return None
    eirps = [presets[c].tx_power_dbm + presets[c].antenna_gain_dbi
             for c in profile.mix(ctx.building.ap.client) if c in presets and band in presets[c].bands]
    return min(eirps) if eirps else None


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """Too little of a floor's occupied zones lets the weakest expected client reach its AP at requirements.min_uplink_rssi_dbm.

    Uplink at the serving AP = client EIRP − path loss + AP antenna gain, the path loss
    taken from the downlink (reciprocal): uplink = RSSI − AP conducted power − calibration
    offset + client EIRP − client gain of the settings. The client is the weakest device of
    each zone's client mix on the design band (phones 12 dBm [S31]). Cisco asks −67 dBm at
    the AP as well as at the client ([S29]); by default the level is ``min_rssi_dbm``, for
    plans of the new model, on ``coverage_target`` of the zones with people. Fails: an AP at
    20 dBm whose −67 dBm edge is 8 dB past where a 12 dBm phone is heard at −67 dBm. Passes:
    the same room with a 10 dBm AP.
    """
    req = ctx.requirements
    if req.min_uplink_rssi_dbm is None:
        return []
    band = ctx.building.requirements.band
    from wifiplan.rf.engine import antenna_gain_dbi, eirp_dbm

    by_name = {ap.name: ap for ap in ctx.aps}
    out: list[Finding] = []
    for floor in ctx.floors:
        grid = ctx.grid(floor.name)
        zones = floor.zones
        weakest = np.array([(_weakest_eirp(ctx, z.use, band) if z.headcount > 0 else None) or np.nan for z in zones]
                           + [np.nan])
        if len(grid.xy) == 0 or not np.isfinite(weakest).any():
            continue
        zp = zone_points(ctx, floor.name)
        client = weakest[np.where(zp >= 0, zp, len(zones))]
        asked = np.isfinite(client)
        maps = ctx.coverage(floor.name, band)
        serving = np.asarray(maps.serving, dtype=int)
        tx = np.array([eirp_dbm(ctx.building, ctx.settings, by_name[n], band)
                       - antenna_gain_dbi(ctx.building, ctx.settings, by_name[n], band) for n in maps.ap_names] + [np.inf])
        best = np.nan_to_num(np.asarray(maps.best_rssi_dbm, dtype=float), nan=-np.inf)
        uplink = best - tx[np.where(serving >= 0, serving, len(maps.ap_names))] + client \
            - ctx.settings.client_antenna_gain_dbi
        ok = np.nan_to_num(uplink, nan=-np.inf) >= req.min_uplink_rssi_dbm - 1e-9
        share = float(ok[asked].mean())
        if share + 1e-9 >= req.coverage_target:
            continue
        gap = largest_gap(ok | ~asked, grid)
        where, x, y, txt = ctx.at_floor(floor.name, "outline"), None, None, ""
        if gap is not None:
            x, y, cells = gap
            where, label = gap_location(ctx, floor.name, x, y)
            txt = f"; largest gap {cells * grid.cell_area_m2:.0f} m² around ({x:.1f}, {y:.1f}) in {label}"
        out.append(RULE.finding(
            f"floor {floor.name}: the weakest expected client reaches its AP at ≥ {req.min_uplink_rssi_dbm:g} dBm "
            f"on {share:.1%} of the occupied area at {band} GHz, target {req.coverage_target:.0%}{txt}",
            where=where, floor=floor.name, x_m=x, y_m=y, value=share, limit=req.coverage_target, unit="fraction",
            hint="add an AP near the gap; raising AP power does not help the uplink (lower it to balance the link)",
        ))
    return out
