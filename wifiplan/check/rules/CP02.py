"""CP02 capacity.clients: active clients per radio stay within the design limit."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import ap_preset, zone_hint

__all__ = ["RULE"]

RULE = Rule("CP02", "capacity.clients", "warning", scope="floor", stage="capacity")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """A radio serves more active clients at the growth scenario than requirements.max_clients_per_radio.

    The limit is ``requirements.max_clients_per_radio`` or else the AP preset's design
    limit (50 per radio for the shipped presets, [S41], [S50]). Active clients are people ×
    (1 + growth) × devices per person × concurrency on the points the AP serves. Fails:
    100 people in one room on one AP (130 devices × 0.65 active). Passes: 20 people per AP.
    Plans of the new model are checked on every band (devices split by client mix).
    """
    req = ctx.building.requirements
    evaluations = list(ctx.capacity_bands().values()) if ctx.new_capacity else [ctx.capacity()]
    by_name = {ap.name: ap for ap in ctx.aps}
    out: list[Finding] = []
    for cap in evaluations:
        out += _band_findings(ctx, cap, req, by_name)
    return out


def _band_findings(ctx: CheckContext, cap, req, by_name) -> list[Finding]:
    band = cap.band
    out: list[Finding] = []
    for k, name in enumerate(cap.ap_names):
        ap = by_name[name]
        limit = req.max_clients_per_radio
        source = "requirements.max_clients_per_radio"
        if limit is None:
            preset = ap_preset(ctx, ap)
            if preset is None:
                continue
            limit, source = preset.max_clients_per_radio, f"preset {preset.name}"
        clients = float(cap.clients[k])
        if clients <= limit + 1e-9:
            continue
        out.append(RULE.finding(
            f"{name}: {clients:.0f} active clients on its {band} GHz radio with {req.growth:.0%} growth, "
            f"limit {limit} ({source})",
            where=ctx.at_ap(ap, "radios", band), floor=ap.floor, x_m=ap.at[0], y_m=ap.at[1],
            value=clients, limit=limit, unit="clients",
            hint=zone_hint(ctx, ap, "add an AP (a spare position) to split the load"),
        ))
    return out
