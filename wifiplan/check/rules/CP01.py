"""CP01 capacity.utilisation: channel utilisation at the growth scenario stays within max_utilization."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import zone_hint

__all__ = ["RULE"]

RULE = Rule("CP01", "capacity.utilisation", "error", scope="floor", stage="capacity")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """An AP's channel is busier than requirements.max_utilization at the growth scenario.

    Re-evaluated by ``wifiplan.capacity.evaluate.evaluate_plan``: zone demand (headcount ×
    (1 + growth) × devices × concurrency × Mbit/s), each demand point on its strongest AP,
    airtime = demand ÷ (PHY rate × MAC efficiency), plus the airtime of every AP on an
    overlapping channel heard at −82 dBm or more. For plans of the new model (or with
    ``client_contention: true``) every band is checked, devices split over the bands by
    their profile's client mix, and a co-channel cell whose loudest client reaches this AP
    at ≥ CCA adds its uplink share of airtime (``capacity.contention``). Fails: 250 people in web meetings on one
    AP (utilisation well over 50 %). Passes: 20 office workers per AP.
    """
    req = ctx.building.requirements
    if ctx.new_capacity:
        evaluations = list(ctx.capacity_bands().values())
    else:  # legacy plans: the design band, APs only (format-1 contract)
        evaluations = [ctx.capacity()]
    by_name = {ap.name: ap for ap in ctx.aps}
    out: list[Finding] = []
    for cap in evaluations:
        out += _band_findings(ctx, cap, req, by_name)
    return out


def _band_findings(ctx: CheckContext, cap, req, by_name) -> list[Finding]:
    band = cap.band
    clients_txt = " and clients" if ctx.new_capacity and ctx.requirements.client_contention else ""
    out: list[Finding] = []
    for k, name in enumerate(cap.ap_names):
        util = float(cap.utilization[k])
        if util <= req.max_utilization + 1e-9:
            continue
        ap = by_name[name]
        radio = ap.radios[band]
        out.append(RULE.finding(
            f"{name}: channel {radio.channel} ({radio.width_mhz} MHz) is {util:.0%} busy at {band} GHz with "
            f"{req.growth:.0%} growth ({cap.clients[k]:.0f} active clients, {cap.demand_mbps[k]:.0f} Mbit/s; "
            f"co-channel APs{clients_txt} heard counted), cap {req.max_utilization:.0%}",
            where=ctx.at_ap(ap, "radios", band), floor=ap.floor, x_m=ap.at[0], y_m=ap.at[1],
            value=util, limit=req.max_utilization, unit="fraction",
            hint=zone_hint(ctx, ap, "add an AP near it (a spare position), widen the channel or move co-channel neighbours apart"),
        ))
    return out
