"""CV03 coverage.snr: enough of each floor has the minimum signal-to-noise ratio."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._coverage import share_findings

__all__ = ["RULE"]

RULE = Rule("CV03", "coverage.snr", "error", scope="floor", stage="rf")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """Too little of a floor meets requirements.min_snr_db (share of area below coverage_target).

    SNR is the best AP's RSSI over the noise floor of its channel width (settings.noise_floor_dbm
    + 10·log10(width/20)). Fails: ``min_snr_db: 45`` with APs at the edge of −67 dBm coverage.
    Passes: the default 25 dB where −67 dBm is met (noise −95 dBm at 20 MHz: 28 dB).
    """
    req = ctx.building.requirements
    return share_findings(RULE, ctx, values=lambda m: m.snr_db, threshold=req.min_snr_db,
                          target=req.coverage_target, what="SNR", unit="dB")
