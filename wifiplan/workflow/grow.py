"""``plan_grown``: plan a building from an existing deployment (``plan --existing``) and ``grow_path``.

The existing APs keep their cable runs; spare positions that become APs keep the spare's
run (renamed to the AP); new positions are routed like any plan's outlets. The summary
comes from the same independent re-evaluation as :func:`wifiplan.workflow.plan.plan_building`.
"""

from __future__ import annotations

import time
from pathlib import Path

from wifiplan.capacity.evaluate import evaluate_plan
from wifiplan.design.grow import Existing, grow_layout
from wifiplan.design.planner import SEARCH_MARGIN, strong_co_channel_pairs, unmet_requirements
from wifiplan.design.workspace import Progress
from wifiplan.errors import InputError
from wifiplan.model.building import Building
from wifiplan.model.plan import CableRun, Plan
from wifiplan.workflow.plan import PlanResult, _cabling_unmet, _every_band, plan_summary

__all__ = ["plan_grown", "load_existing", "existing_from_plan", "GROW_MARGINS"]

#: Search margins tried in turn when a grown plan still misses a requirement on check's
#: evaluation (the first is the planner's own margin).
GROW_MARGINS = (SEARCH_MARGIN, 0.10, 0.15)


def existing_from_plan(plan: Plan, source: str = "") -> Existing:
    """The deployment a plan describes: its APs, spares and cable runs."""
    return Existing(aps=list(plan.aps), spares=list(plan.spares), cabling=list(plan.cabling), source=source)


def load_existing(path: str | Path, building: Building) -> Existing:
    """An existing deployment from a plan file (``.yaml``/``.yml``/``.json``), an AP CSV or an Ekahau ``.esx``.

    Raises
    ------
    InputError
        Unreadable or invalid file (located, as every input), or an unknown extension.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.exists():
        raise InputError(f"{p}: no such file (--existing); give a plan file, an AP CSV or an Ekahau .esx project")
    if suffix == ".csv":
        from wifiplan.io.apcsv import read_ap_csv

        return Existing(aps=read_ap_csv(p, floors=[f.name for f in building.floors]), source=p.as_posix())
    if suffix == ".esx":
        from wifiplan.io.esx import import_esx

        got = import_esx(p)
        if got.plan is None or not got.plan.aps:
            raise InputError(f"{p}: the Ekahau project has no access points to start from")
        return existing_from_plan(got.plan, p.as_posix())
    if suffix in (".yaml", ".yml", ".json"):
        from wifiplan.io.load import load_plan

        return existing_from_plan(load_plan(p).model, p.as_posix())
    raise InputError(f"{p}: unknown kind of existing deployment '{suffix}'; use a plan (.yaml), "
                     "an AP CSV (.csv: floor,name,x_m,y_m) or an Ekahau project (.esx)")


def _evaluate(building: Building, plan: Plan, layout, notes: list[str], cab):
    final = evaluate_plan(building, plan.settings, plan.aps, band=layout.band)
    final, associated = _every_band(building, plan, final)
    unmet = unmet_requirements(building, final, layout.criteria.max_clients)
    unmet += _cabling_unmet(plan, cab, notes) if cab is not None else []
    for floor, value in associated.items():
        if value > layout.criteria.max_clients + 1e-9:
            unmet.append(f"{floor}: {value:.0f} associated clients on one radio > limit {layout.criteria.max_clients:g}")
    return final, associated, unmet


def _cable(building: Building, plan: Plan, existing: Existing, settings):
    """Route the plan; existing APs and used spares keep their runs (and telecom room)."""
    from wifiplan.cabling import cable_runs, route_plan

    cab = route_plan(building, plan.aps, plan.spares, ap_preset=settings.ap_preset)
    old = {r.from_: r for r in existing.cabling}
    by_pos = {(s.floor, tuple(s.at)): s.name for s in existing.spares}
    to = {r.name: r.to for r in cab.runs}
    runs: list[CableRun] = []
    aps = []
    for a in plan.aps:
        prev = None
        if a.origin == "existing":
            prev = old.get(a.name)
        elif a.origin == "spare":
            sp = by_pos.get((a.floor, tuple(a.at)))
            prev = old.get(sp) if sp else None
        idf = a.idf or (prev.to if prev is not None else None) or to.get(a.name)
        aps.append(a.model_copy(update={"idf": idf}))
    plan.aps = aps
    plan.spares = [s.model_copy(update={"idf": s.idf or to.get(s.name)}) for s in plan.spares]
    routed = {r.from_: r for r in cable_runs(cab)}
    for a in plan.aps:
        prev = None
        if a.origin == "existing":
            prev = old.get(a.name)
        elif a.origin == "spare":
            sp = by_pos.get((a.floor, tuple(a.at)))
            prev = old.get(sp) if sp else None
        if prev is not None:
            runs.append(prev.model_copy(update={"from_": a.name}))
        elif a.name in routed:
            runs.append(routed[a.name])
    for s in plan.spares:
        r = old.get(s.name) or routed.get(s.name)
        if r is not None:
            runs.append(r)
    plan.cabling = runs
    return cab


def plan_grown(
    building: Building,
    existing: Existing,
    *,
    building_ref: str | None = None,
    building_sha256: str | None = None,
    seed: int = 0,
    allow_moves: bool = False,
    allow_removal: bool = False,
    progress: Progress | None = None,
    with_cost: bool = True,
) -> PlanResult:
    """Plan ``building`` starting from ``existing`` (:func:`wifiplan.design.grow.grow_layout`).

    When the existing APs already meet every requirement as ``check`` evaluates them (and
    neither moves nor removals are allowed), the plan is the existing one: same APs,
    radios, spares and cable runs, every AP ``origin: existing``; re-planning that plan
    gives it again, byte for byte.
    """
    t0 = time.perf_counter()
    report = progress or (lambda _s, _f: None)
    as_is = Plan(building=building_ref, building_sha256=building_sha256, aps=[
        a.model_copy(update={"origin": "existing"}) for a in existing.aps], spares=list(existing.spares))
    needs = True
    if not allow_moves and not allow_removal and existing.aps:
        from wifiplan.rf.settings import recommended_settings

        as_is.settings = recommended_settings(building, seed=int(seed))
        report("evaluation", 0.0)
        probe = grow_layout(building, existing, seed=seed, needs_growth=False, progress=report)
        _final, _assoc, unmet0 = _evaluate(building, as_is, probe, [], None)
        needs = bool(unmet0)
    result = None
    for margin in GROW_MARGINS if needs else (SEARCH_MARGIN,):
        layout = grow_layout(building, existing, seed=seed, allow_moves=allow_moves, allow_removal=allow_removal,
                             needs_growth=needs, margin=margin, progress=report)
        notes = list(layout.notes)
        plan = Plan(building=building_ref, building_sha256=building_sha256, settings=layout.settings,
                    aps=layout.aps, spares=layout.spares)
        report("cabling", 0.0)
        cab = _cable(building, plan, existing, layout.settings)
        report("cabling", 1.0)
        final, associated, unmet = _evaluate(building, plan, layout, notes, cab)
        result = (layout, plan, cab, final, associated, unmet, notes)
        if not unmet:
            break
    layout, plan, cab, final, associated, unmet, notes = result
    cost = None
    if with_cost:
        from wifiplan.cost.step import step_cost

        report("cost", 0.0)
        cost = step_cost(building, plan, cab)
        report("cost", 1.0)
    from wifiplan.design.channels import STRONG_CO_CHANNEL_DBM

    strong = strong_co_channel_pairs(final, plan.aps, layout.band)
    if strong and layout.band in ("5", "6"):
        notes.append(f"{strong} co-channel AP pair(s) hear each other above {STRONG_CO_CHANNEL_DBM:g} dBm")
    plan.summary = plan_summary(building, plan, layout, final, unmet, notes, cab, None, associated=associated)
    plan.summary["origins"] = {k: sum(a.origin == k for a in plan.aps) for k in ("existing", "spare", "new")}
    if cost is not None:
        plan.summary["step_cost"] = cost.summary()
    return PlanResult(plan, layout, final, not unmet, unmet, notes, time.perf_counter() - t0, cab, cost)
