"""CH07 channels.dfs_critical: APs serving critical zones stay on non-DFS 5 GHz channels."""

from __future__ import annotations

import numpy as np

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import domain
from wifiplan.check.rules._zones import zone_points, zone_profile

__all__ = ["RULE"]

RULE = Rule("CH07", "channels.dfs_critical", "warning", scope="floor", stage="rf")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """An AP serving a critical zone (counter, council chamber, meeting room) is on a DFS channel.

    A radar event moves a DFS channel's APs away for at least a minute and bars the channel
    for 30 minutes ([S60]); critical uses (``critical: true`` in their profile) are kept on
    non-DFS channels where possible (requirements.non_dfs_critical, on by default for plans
    of the new model; a warning). An AP serves a zone when it is the strongest 5 GHz AP at
    one of the zone's grid points. Fails: the AP over a counter hall on channel 52 (W53 in
    JP). Passes: the same AP on channel 36.
    """
    if not ctx.requirements.non_dfs_critical:
        return []
    dom = domain(ctx)
    if dom is None or "5" not in dom.band_keys:
        return []
    band = "5"
    out: list[Finding] = []
    by_name = {ap.name: ap for ap in ctx.aps}
    reported: set[str] = set()
    for floor in ctx.floors:
        zones = floor.zones
        critical = [k for k, z in enumerate(zones) if (p := zone_profile(ctx, z.use)) is not None and p.critical]
        if not critical or len(ctx.grid(floor.name).xy) == 0:
            continue
        maps = ctx.coverage(floor.name, band)
        zp = zone_points(ctx, floor.name)
        serving = np.asarray(maps.serving, dtype=int)
        for k in critical:
            for idx in np.unique(serving[(zp == k) & (serving >= 0)]):
                ap = by_name[maps.ap_names[int(idx)]]
                radio = ap.radios[band]
                found = dom.find(band, radio.channel, radio.width_mhz)
                if found is None or not found.dfs or ap.name in reported:
                    continue
                reported.add(ap.name)
                out.append(RULE.finding(
                    f"{ap.name}: serves critical zone '{zones[k].name}' ({zones[k].use}) on DFS channel "
                    f"{radio.channel} ({radio.width_mhz} MHz, {found.group})",
                    where=ctx.at_ap(ap, "radios", band, "channel"), floor=ap.floor, x_m=ap.at[0], y_m=ap.at[1],
                    hint="give it a non-DFS channel (JP W52, US UNII-1/UNII-3) and move a non-critical AP to DFS",
                ))
    return out
