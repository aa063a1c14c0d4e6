"""CV01 coverage.min_rssi: enough of each floor gets the minimum signal from its best AP."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._coverage import share_findings

__all__ = ["RULE"]

RULE = Rule("CV01", "coverage.min_rssi", "error", scope="floor", stage="rf")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """Too little of a floor meets requirements.min_rssi_dbm (share of area below coverage_target).

    Fails: a 30 × 20 m floor behind concrete with its only AP removed (0 % ≥ −67 dBm).
    Passes: two APs at 17 dBm + 5 dBi in a 30 × 20 m open office (> 95 % ≥ −67 dBm).
    Evaluated on the design band over the floor's grid (outline minus exclude areas),
    from every AP of the plan, on this floor and through slabs.
    """
    req = ctx.building.requirements
    return share_findings(RULE, ctx, values=lambda m: m.best_rssi_dbm, threshold=req.min_rssi_dbm,
                          target=req.coverage_target, what="RSSI", unit="dBm")
