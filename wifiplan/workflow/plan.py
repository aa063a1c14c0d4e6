"""``plan_building``: design the layout, route the cables, price it, re-evaluate, summarise → Plan."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from wifiplan.capacity.demand import zone_demands
from wifiplan.capacity.evaluate import CapacityEvaluation, evaluate_plan
from wifiplan.design.channels import STRONG_CO_CHANNEL_DBM
from wifiplan.design.planner import LayoutResult, Unmet, design_layout, strong_co_channel_pairs, unmet_requirements
from wifiplan.design.workspace import Progress
from wifiplan.model.building import Building
from wifiplan.model.plan import Plan
from wifiplan.testhooks import checkpoint
from wifiplan.workflow.explain import explain_unmet

__all__ = ["PlanResult", "plan_building", "plan_summary"]


@dataclass
class PlanResult:
    """The plan, whether it meets every requirement, and the parts it was built from."""

    plan: Plan
    layout: LayoutResult
    evaluation: CapacityEvaluation
    requirements_met: bool
    unmet: list[str]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cabling: Any = None
    cost: Any = None


def _r(x: float, nd: int = 2) -> float:
    v = round(float(x), nd)
    return 0.0 if v == 0 else v


def plan_building(
    building: Building,
    *,
    building_ref: str | None = None,
    building_sha256: str | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    with_cost: bool = True,
) -> PlanResult:
    """Plan ``building`` end to end and return the plan model (``summary`` filled).

    The layout comes from :func:`wifiplan.design.planner.design_layout`; every AP and spare
    is routed to a telecom room (:func:`wifiplan.cabling.route_plan`, which sets ``idf``);
    costs come from :func:`wifiplan.cost.estimate_costs`; the summary figures come from an
    independent re-evaluation of the written APs (:func:`wifiplan.capacity.evaluate_plan`),
    not from the search's own numbers.

    Raises
    ------
    ConfigError
        From the design stage (no usable band/width) or an unknown cost book.
    """
    t0 = time.perf_counter()
    report = progress or (lambda _s, _f: None)
    layout = design_layout(building, seed=seed, progress=report)
    checkpoint("planned")  # tests: Ctrl-C between placement and cabling
    notes = list(layout.notes)
    plan = Plan(building=building_ref, building_sha256=building_sha256, settings=layout.settings,
                aps=layout.aps, spares=layout.spares)
    from wifiplan.cabling import cable_runs, route_plan

    report("cabling", 0.0)
    cab = route_plan(building, plan.aps, plan.spares, ap_preset=layout.settings.ap_preset)
    to = {r.name: r.to for r in cab.runs}
    plan.aps = [a.model_copy(update={"idf": to.get(a.name)}) for a in plan.aps]
    plan.spares = [s.model_copy(update={"idf": to.get(s.name)}) for s in plan.spares]
    plan.cabling = cable_runs(cab)
    report("cabling", 1.0)
    cost = None
    if with_cost:
        from wifiplan.cost import estimate_costs

        report("cost", 0.0)
        cost = estimate_costs(building, plan, cab)
        report("cost", 1.0)
    report("evaluation", 0.0)
    final = evaluate_plan(building, plan.settings, plan.aps, band=layout.band)
    final, associated, per_band = _every_band_evaluated(building, plan, final)
    report("evaluation", 1.0)
    unmet = unmet_requirements(building, final, layout.criteria.max_clients)
    for floor, value in associated.items():
        if value > layout.criteria.max_clients + 1e-9:
            unmet.append(Unmet(f"{floor}: {value:.0f} associated clients on one radio > limit "
                               f"{layout.criteria.max_clients:g}", "clients"))
    unmet = explain_unmet(building, plan, per_band, unmet)   # which radio, in which zone
    del per_band
    unmet += _cabling_unmet(plan, cab, notes)
    unmet += _cochannel_unmet(building, plan)
    strong = strong_co_channel_pairs(final, plan.aps, layout.band)
    if strong and layout.band in ("5", "6"):
        notes.append(f"{strong} co-channel AP pair(s) hear each other above {STRONG_CO_CHANNEL_DBM:g} dBm "
                     f"(the channels at {layout.width_mhz} MHz do not allow more separation)")
    plan.summary = plan_summary(building, plan, layout, final, unmet, notes, cab, cost, associated=associated)
    return PlanResult(plan, layout, final, not unmet, unmet, notes, time.perf_counter() - t0, cab, cost)


def _every_band(building: Building, plan: Plan, final: CapacityEvaluation) -> tuple[CapacityEvaluation, dict[str, float]]:
    """For plans of the new model: per floor, the worst utilisation and clients per radio over every band.

    Evaluated as ``check`` does (:func:`wifiplan.capacity.bands.evaluate_bands`: devices split over
    the bands by client mix, co-channel clients counted); also the most associated clients on
    one radio per floor. Legacy plans are returned unchanged (no associated figures).
    """
    final, assoc, _per_band = _every_band_evaluated(building, plan, final)
    return final, assoc


def _every_band_evaluated(building: Building, plan: Plan, final: CapacityEvaluation):
    """:func:`_every_band` and the per-band evaluations it read (None for legacy plans)."""
    from dataclasses import replace

    eff = building.requirements.effective(plan.settings.model)
    if eff is building.requirements and not building.requirements.check_associated_clients:
        return final, {}, None
    from wifiplan.capacity.bands import evaluate_bands

    per_band = evaluate_bands(building, plan.settings, plan.aps, requirements=eff)
    util: dict[str, float] = {}
    clients: dict[str, float] = {}
    assoc: dict[str, float] = {}
    floor_of = {a.name: a.floor for a in plan.aps}
    for ev in per_band.values():
        for f in ev.floors:
            util[f.floor] = max(util.get(f.floor, 0.0), f.worst_utilization)
            clients[f.floor] = max(clients.get(f.floor, 0.0), f.max_clients_per_radio)
        if ev.associated is not None:
            for name, value in zip(ev.ap_names, ev.associated, strict=True):
                fl = floor_of[name]
                assoc[fl] = max(assoc.get(fl, 0.0), float(value))
    floors = [replace(f, worst_utilization=util.get(f.floor, f.worst_utilization),
                      max_clients_per_radio=clients.get(f.floor, f.max_clients_per_radio)) for f in final.floors]
    return replace(final, floors=floors), assoc, per_band


def _cochannel_unmet(building: Building, plan: Plan) -> list[str]:
    """Floors where more co-channel APs are heard than the requirement allows, as `check` CH04/CH05 say.

    Same metric as the rules (``rf.maps`` ``cochannel`` at ``co_channel_percentile`` of each
    floor's area), so `plan` never calls a plan met that `check` fails on channel overlap
    (found by the property test: a 2.4 GHz design band with 12 APs on one floor).
    """
    from wifiplan.design.planner import Unmet
    from wifiplan.rf.engine import band_aps
    from wifiplan.rf.maps import area_percentile, coverage_maps

    req = building.requirements.effective(plan.settings.model)
    out: list[str] = []
    for band, limit in sorted((req.max_co_channel_aps or {}).items()):
        if not band_aps(plan.aps, band):
            continue
        for floor in building.floors:
            maps = coverage_maps(building, plan.settings, plan.aps, floor.name, band)
            if not maps.grid.n:
                continue
            value = area_percentile(maps.metric("cochannel"), req.co_channel_percentile)
            if value > limit:
                out.append(Unmet(f"{floor.name}: {value:.0f} co-channel APs heard at ≥ CCA on {band} GHz at the "
                                 f"{req.co_channel_percentile:.0%} point of the area > limit {int(limit)} "
                                 "(check CH04/CH05)", "cochannel"))
            del maps   # one floor's (APs × points) levels at a time
    return out


#: A floor with more APs (or spares) than this beyond the permanent-link limit gets one line
#: with their count and the longest link, not one line each (an imported mall floor with a
#: single telecom room: 280 lines).
CABLING_LINES_PER_FLOOR = 3


def _cabling_unmet(plan: Plan, cab: Any, notes: list[str]) -> list[str]:
    """APs beyond the permanent-link limit are unmet requirements (as `check` CB01 says);
    spares beyond it are noted, since they are cabled for later. More than
    :data:`CABLING_LINES_PER_FLOOR` on a floor: one line for the floor."""
    limit = cab.options.max_link_m
    floors = {a.name: ("AP", a.floor) for a in plan.aps} | {s.name: ("spare", s.floor) for s in plan.spares}
    total = {(what, fl): 0 for what, fl in floors.values()}
    for what, fl in floors.values():
        total[what, fl] += 1
    far: dict[tuple[str, str], list] = {}
    for run in cab.runs:
        if run.name not in floors or (run.to is not None and run.length_m <= limit + 1e-9):
            continue
        far.setdefault(floors[run.name], []).append(run)
    out: list[str] = []
    for (what, floor), runs in far.items():
        lines: list[str] = []
        if len(runs) <= CABLING_LINES_PER_FLOOR:
            for run in runs:
                lines.append(f"{floor}: {what} {run.name} has no telecom room within {limit:g} m" if run.to is None else
                             f"{floor}: {what} {run.name} permanent link {run.length_m:.1f} m > {limit:g} m (TIA-568)")
        else:
            rooms = sorted({r.to for r in runs if r.to is not None})
            longest = max((r.length_m for r in runs if r.to is not None), default=None)
            via = (f", longest {longest:.1f} m (to {', '.join(rooms)})" if longest is not None else "")
            lines.append(f"{floor}: {len(runs)} of {total[what, floor]} {what}s have no telecom room within "
                         f"{limit:g} m of cable (TIA-568 permanent link){via}")
        (out if what == "AP" else notes).extend(t + "; add a telecom room nearer (see the cabling table)" for t in lines)
    return out


def plan_summary(building: Building, plan: Plan, layout: LayoutResult, final: CapacityEvaluation,
                 unmet: list[str], notes: list[str], cab: Any, cost: Any, *,
                 associated: dict[str, float] | None = None) -> dict[str, Any]:
    """The plan file's ``summary``: per floor, demand per zone, lower bound, cabling and cost."""
    req = building.requirements
    zd = zone_demands(building)
    floors = []
    for f in final.floors:
        row: dict[str, Any] = {
            "floor": f.floor,
            "aps": f.aps,
            "spares": sum(1 for s in plan.spares if s.floor == f.floor),
            "coverage_pct": _r(100 * f.coverage, 1),
        }
        if f.secondary is not None:
            row["secondary_pct"] = _r(100 * f.secondary, 1)
        row.update({
            "worst_utilization": _r(f.worst_utilization, 3),
            "max_clients_per_radio": _r(f.max_clients_per_radio, 1),
            **({"max_associated_per_radio": _r(associated.get(f.floor, 0.0), 1)} if associated else {}),
            "people": _r(sum(z.people for z in zd if z.floor == f.floor), 1),
            "active_devices": _r(f.active_devices, 1),
            "demand_down_mbps": _r(f.demand_down_mbps, 1),
            "demand_up_mbps": _r(f.demand_up_mbps, 1),
        })
        floors.append(row)
    zones = [{"floor": z.floor, "zone": z.zone, "use": z.use, "people": _r(z.people, 1),
              "active_devices": _r(z.active_devices, 1), "down_mbps": _r(z.down_mbps, 1), "up_mbps": _r(z.up_mbps, 1)}
             for z in zd]
    n = len(plan.aps)
    bound = layout.lower_bound
    out: dict[str, Any] = {
        "requirements_met": not unmet,
        # no zones or no people: capacity was not evaluated (validate's BD19), never "all met"
        "capacity_evaluated": sum(z.people for z in zd) > 0,
        "unmet": [str(u) for u in unmet],  # plain text in the file (Unmet carries a kind)
        "country": layout.country,
        "band": layout.band,
        "width_mhz": layout.width_mhz,
        "tx_power_dbm": _r(layout.tx_power_dbm, 1),
        "growth": req.growth,
        "max_utilization": req.max_utilization,
        "max_clients_per_radio": int(layout.criteria.max_clients),
        "aps": n,
        "spares": len(plan.spares),
        "reasons": {"coverage": sum(a.reason == "coverage" for a in plan.aps),
                    "capacity": sum(a.reason == "capacity" for a in plan.aps)},
        "lower_bound": {"aps": bound.aps, "coverage": bound.coverage, "airtime": bound.airtime,
                        "clients": bound.clients, "ratio": _r(bound.ratio(n), 3)},
        "demand_down_mbps": _r(sum(f["demand_down_mbps"] for f in floors), 1),
        "demand_up_mbps": _r(sum(f["demand_up_mbps"] for f in floors), 1),
        "worst_utilization": _r(max((f.worst_utilization for f in final.floors), default=0.0), 3),
        "floors": floors,
        "zones": zones,
        "notes": list(notes),
    }
    if cab is not None:
        from wifiplan.cabling import cabling_summary

        out["cabling"] = cabling_summary(cab)
    if cost is not None:
        out["cost"] = {"scenario": cost.scenario, "book": cost.book, "currency": cost.currency,
                       "total": cost.total, "by_category": dict(cost.totals_by_category),
                       "total_excl_tax": cost.total_excl_tax, "total_incl_tax": cost.total_incl_tax}
    return out
