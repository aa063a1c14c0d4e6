"""CV02 coverage.secondary: enough of each floor hears a second AP (roaming, voice)."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._coverage import share_findings

__all__ = ["RULE"]

RULE = Rule("CV02", "coverage.secondary", "error", scope="floor", stage="rf")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """Too little of a floor hears a second AP at requirements.secondary_rssi_dbm (below secondary_target).

    Only when ``secondary_rssi_dbm`` is set. Fails: one AP per floor (no second signal
    anywhere). Passes: two APs in a 30 × 20 m open office with ``secondary_rssi_dbm: -75``.
    """
    req = ctx.building.requirements
    if req.secondary_rssi_dbm is None:
        return []
    return share_findings(RULE, ctx, values=lambda m: m.second_rssi_dbm, threshold=req.secondary_rssi_dbm,
                          target=req.secondary_target, what="second-AP RSSI", unit="dBm")
