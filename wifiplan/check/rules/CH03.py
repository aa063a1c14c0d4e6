"""CH03 channels.co_channel: no two APs on overlapping 5/6 GHz channels hear each other strongly."""

from __future__ import annotations

import numpy as np

from wifiplan.check.context import CheckContext, CheckOptions, stage
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import members_20mhz

__all__ = ["RULE", "CO_CHANNEL_DBM"]

#: Two APs on one channel hearing each other above the −67 dBm cell edge ([S29]) have no
#: same-channel separation at all, where 19 dB is the design target ([S30], [S37]).
CO_CHANNEL_DBM = -67.0

RULE = Rule("CH03", "channels.co_channel", "warning", scope="floor", stage="rf")


def _pairs(ctx: CheckContext, band: str) -> list[tuple[float, object, object]]:
    """(RSSI dBm, AP a, AP b) for each pair on overlapping channels of ``band`` above the threshold."""
    rssi_dbm, band_aps = stage("wifiplan.rf.engine", "rssi_dbm", "band_aps")
    aps = band_aps(ctx.aps, band)
    if len(aps) < 2:
        return []
    n = len(aps)
    heard = np.full((n, n), -np.inf)
    for floor in ctx.floors:
        idx = [k for k, ap in enumerate(aps) if ap.floor == floor.name]
        if not idx:
            continue
        xy = np.asarray([aps[k].at for k in idx], dtype=float)
        key = ("ap_rssi", floor.name, band)
        r = ctx.cache(key, lambda: np.asarray(rssi_dbm(ctx.building, ctx.settings, ctx.aps, band, floor.name, xy)))
        heard[:, idx] = r
    members = [members_20mhz(ap.radios[band].channel, ap.radios[band].width_mhz, band) for ap in aps]
    out = []
    for a in range(n):
        for b in range(a + 1, n):
            if not members[a] & members[b]:
                continue
            level = max(heard[a, b], heard[b, a])
            if level > CO_CHANNEL_DBM:
                out.append((float(level), aps[a], aps[b]))
    return out


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """Two APs on overlapping 5/6 GHz channels hear each other above −67 dBm (co-channel interference).

    Fails: two APs 10 m apart in one open room, both on channel 36. Passes: the same two
    APs on channels 36 and 52, or on channel 36 with a concrete wall and 25 m between them.
    Overlap means sharing a 20 MHz member channel (36 at 20 MHz overlaps 42 at 80 MHz).
    Reported once per pair, at the AP listed later in the plan.
    """
    out: list[Finding] = []
    for band in ("5", "6"):
        for level, a, b in _pairs(ctx, band):
            ra, rb = a.radios[band], b.radios[band]
            out.append(RULE.finding(
                f"{b.name} (channel {rb.channel}/{rb.width_mhz} MHz) and {a.name} (channel {ra.channel}/"
                f"{ra.width_mhz} MHz) overlap at {band} GHz and hear each other at {level:.0f} dBm "
                f"(> {CO_CHANNEL_DBM:g} dBm)",
                where=ctx.at_ap(b, "radios", band, "channel"), floor=b.floor, x_m=b.at[0], y_m=b.at[1],
                value=level, limit=CO_CHANNEL_DBM, unit="dBm",
                hint="give one of them a non-overlapping channel or lower its power",
            ))
    return out
