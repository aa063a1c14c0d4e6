"""CH06 channels.min_eirp: every enabled radio transmits at or above the EIRP floor."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import ap_gain_dbi

__all__ = ["RULE"]

RULE = Rule("CH06", "channels.min_eirp", "error", scope="floor", stage="library")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """A radio's EIRP is below requirements.min_eirp_dbm for its band (a whispering AP).

    EIRP = tx_power_dbm + antenna gain. Default floor for plans of the new model: 9 dBm at
    5 and 6 GHz (ArubaOS ARM's default minimum EIRP, standards.md §2.7), 3 dBm at 2.4 GHz
    (about 6 dB lower). Radios with ``enabled: false`` are not checked. Fails: 5 GHz at
    1 dBm + 5 dBi = 6 dBm EIRP. Passes: 5 dBm + 5 dBi = 10 dBm.
    """
    floor_dbm = ctx.requirements.min_eirp_dbm or {}
    out: list[Finding] = []
    for ap in ctx.aps:
        for band, radio in sorted(ap.radios.items()):
            if not radio.enabled or band not in floor_dbm:
                continue
            gain = ap_gain_dbi(ctx, ap, band)
            eirp = radio.tx_power_dbm + gain
            limit = float(floor_dbm[band])
            if eirp + 1e-9 >= limit:
                continue
            out.append(RULE.finding(
                f"{ap.name}: {band} GHz EIRP {eirp:.1f} dBm ({radio.tx_power_dbm:g} dBm + {gain:g} dBi) is below "
                f"the {limit:g} dBm floor",
                where=ctx.at_ap(ap, "radios", band, "tx_power_dbm"), floor=ap.floor, x_m=ap.at[0], y_m=ap.at[1],
                value=eirp, limit=limit, unit="dBm",
                hint=f"raise tx_power_dbm to {limit - gain:g} or more, or switch the radio off "
                     "(enabled: false) if the cell is not needed",
            ))
    return out
