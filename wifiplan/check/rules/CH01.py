"""CH01 channels.legal: every radio uses a legal channel, width and EIRP for the building's country."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import ap_gain_dbi, domain

__all__ = ["RULE"]

RULE = Rule("CH01", "channels.legal", "error", scope="floor", stage="library")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """A radio's channel, width or EIRP is not allowed in the building's country.

    Fails: channel 144 at 20 MHz in JP (not a Japanese channel), 6 GHz in a country
    whose domain has no 6 GHz, channel 36 at 20 MHz with 20 dBm + 5 dBi = 25 dBm EIRP
    where JP allows 23 dBm (W52). Passes: 36 at 20 MHz, 17 dBm + 5 dBi in JP.
    EIRP is conducted power plus antenna gain (the AP's, else ``ap:`` of the building,
    else the preset's), limits from the shipped regulatory library.
    """
    dom = domain(ctx)
    if dom is None:
        return []
    out: list[Finding] = []
    country = ctx.building.country
    for ap in ctx.aps:
        for band, radio in sorted(ap.radios.items()):
            if not radio.enabled:
                continue
            where = ctx.at_ap(ap, "radios", band, "channel")
            common = dict(floor=ap.floor, x_m=ap.at[0], y_m=ap.at[1])
            if band not in dom.band_keys:
                out.append(RULE.finding(f"{ap.name}: the {band} GHz band is not allowed in {country}",
                                        where=ctx.at_ap(ap, "radios", band), hint="disable this radio", **common))
                continue
            channel = dom.find(band, radio.channel, radio.width_mhz)
            if channel is None:
                widths = dom.widths(band)
                if radio.width_mhz not in widths:
                    msg = f"{ap.name}: {radio.width_mhz} MHz channels are not allowed at {band} GHz in {country}"
                    hint = f"widths: {', '.join(str(w) for w in widths)} MHz"
                    where = ctx.at_ap(ap, "radios", band, "width_mhz")
                else:
                    numbers = [c.number for c in dom.channels(band, radio.width_mhz)]
                    msg = (f"{ap.name}: channel {radio.channel} at {radio.width_mhz} MHz is not a legal "
                           f"{band} GHz channel in {country}")
                    hint = f"legal: {', '.join(str(n) for n in numbers[:30])}" + (" …" if len(numbers) > 30 else "")
                out.append(RULE.finding(msg, where=where, hint=hint, **common))
                continue
            eirp = radio.tx_power_dbm + ap_gain_dbi(ctx, ap, band)
            if eirp > channel.max_eirp_dbm + 1e-6:
                out.append(RULE.finding(
                    f"{ap.name}: EIRP {eirp:.1f} dBm on channel {radio.channel} ({radio.width_mhz} MHz, "
                    f"{channel.group}) is above the {channel.max_eirp_dbm:.1f} dBm allowed in {country}",
                    where=ctx.at_ap(ap, "radios", band, "tx_power_dbm"), value=eirp, limit=channel.max_eirp_dbm,
                    unit="dBm", hint=f"lower tx_power_dbm to {channel.max_eirp_dbm - (eirp - radio.tx_power_dbm):.1f} or less",
                    **common,
                ))
    return out
