"""CH02 channels.dfs: no DFS channel on any radio when the building asks to avoid DFS."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import domain

__all__ = ["RULE"]

RULE = Rule("CH02", "channels.dfs", "error", scope="floor", stage="library")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """A radio uses a DFS channel although requirements.avoid_dfs is true.

    Fails: ``avoid_dfs: true`` and an AP on 5 GHz channel 52 (W53 in JP, UNII-2 in the US:
    radar detection, the channel may be vacated for a minute). Passes: channel 36, or
    channel 52 with ``avoid_dfs: false``. Illegal channels are CH01's.
    """
    if not ctx.building.requirements.avoid_dfs:
        return []
    dom = domain(ctx)
    if dom is None:
        return []
    out: list[Finding] = []
    for ap in ctx.aps:
        for band, radio in sorted(ap.radios.items()):
            if not radio.enabled:
                continue
            channel = dom.find(band, radio.channel, radio.width_mhz) if band in dom.band_keys else None
            if channel is not None and channel.dfs:
                free = [c.number for c in dom.channels(band, radio.width_mhz, avoid_dfs=True)]
                out.append(RULE.finding(
                    f"{ap.name}: channel {radio.channel} ({radio.width_mhz} MHz, {channel.group}) needs DFS "
                    "but the building sets avoid_dfs",
                    where=ctx.at_ap(ap, "radios", band, "channel"), floor=ap.floor, x_m=ap.at[0], y_m=ap.at[1],
                    hint=(f"non-DFS channels at {radio.width_mhz} MHz: {', '.join(map(str, free))}" if free
                          else f"no non-DFS channel at {radio.width_mhz} MHz; use a narrower width"),
                ))
    return out
