"""CH05 channels.overlap_24: few enough co-channel 2.4 GHz APs heard per location."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._cochannel import cochannel_findings

__all__ = ["RULE"]

RULE = Rule("CH05", "channels.overlap_24", "error", scope="floor", stage="rf")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """Too many co-channel 2.4 GHz APs are heard at ≥ −82 dBm (requirements.max_co_channel_aps["2.4"]).

    Same metric as CH04 on the 2.4 GHz band (channels overlap when their 20 MHz spectra
    intersect: 1 and 3 do, 1 and 6 do not). Default limit 3 at the 95th percentile for plans
    of the new model. Fails: four APs 10 m apart in one hall, all on channel 1, at 2.4 GHz.
    Passes: the same APs on 1, 5, 9 and 13, or with the surplus radios switched off.
    """
    return cochannel_findings(RULE, ctx, ("2.4",))
