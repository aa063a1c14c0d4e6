"""CH04 channels.co_channel_aps: few enough co-channel APs heard per location on 5 and 6 GHz."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._cochannel import cochannel_findings

__all__ = ["RULE"]

RULE = Rule("CH04", "channels.co_channel_aps", "error", scope="floor", stage="rf")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """Too many co-channel APs are heard at ≥ CCA on 5/6 GHz (requirements.max_co_channel_aps at co_channel_percentile).

    At each location: the APs, the serving one included, whose channel shares a 20 MHz
    sub-channel with the serving AP's and whose signal is ≥ −82 dBm at 20 MHz (+3 dB per
    doubling of the serving width) — the "channel overlap" Hamina and Ekahau show. A floor
    fails when its 95th-percentile location hears more than the limit (default 2; applied
    to plans of the new model, or when the building sets it). Fails: three APs 12 m apart in
    one open hall, all on channel 36. Passes: the same APs on 36, 40 and 44.
    """
    return cochannel_findings(RULE, ctx, ("5", "6"))
