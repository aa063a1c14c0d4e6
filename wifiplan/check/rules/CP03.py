"""CP03 capacity.associated_clients: associated clients per radio stay within the limit on every band."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import ap_preset, zone_hint

__all__ = ["RULE"]

RULE = Rule("CP03", "capacity.associated_clients", "error", scope="floor", stage="capacity")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """A radio has more associated clients at the growth scenario than requirements.max_clients_per_radio.

    Associated clients, not only active ones: people × (1 + growth) × devices per person ×
    ``association_share`` (0.95; an estimate: 90–100 % of devices present associate), each device
    on the highest band it supports that covers it (the profile's ``client_mix``), on the
    radio that serves its location. The limit is ``max_clients_per_radio`` or the AP
    preset's (50, an estimate under Aruba's 60 per radio for venues, [S50]). Checked on every band for plans of
    the new model or with ``check_associated_clients: true``. Fails: 60 people with two
    devices each under one AP. Passes: 15 people per AP.
    """
    req = ctx.requirements
    if not req.check_associated_clients:
        return []
    by_name = {ap.name: ap for ap in ctx.aps}
    out: list[Finding] = []
    for band, cap in ctx.capacity_bands().items():
        for k, name in enumerate(cap.ap_names):
            ap = by_name[name]
            limit, source = req.max_clients_per_radio, "requirements.max_clients_per_radio"
            if limit is None:
                preset = ap_preset(ctx, ap)
                if preset is None:
                    continue
                limit, source = preset.max_clients_per_radio, f"preset {preset.name}"
            n = float(cap.associated[k])
            if n <= limit + 1e-9:
                continue
            out.append(RULE.finding(
                f"{name}: {n:.0f} associated clients on its {band} GHz radio with {req.growth:.0%} growth "
                f"({req.association_share:.0%} of the devices present), limit {limit} ({source})",
                where=ctx.at_ap(ap, "radios", band), floor=ap.floor, x_m=ap.at[0], y_m=ap.at[1],
                value=n, limit=limit, unit="clients",
                hint=zone_hint(ctx, ap, "add an AP (a spare position) to split the cell, or lower this AP's power so neighbours take clients"),
            ))
    return out
