"""``plan_grown``: plan a building from an existing deployment (``plan --existing``) and ``grow_path``.

The existing APs keep their cable runs; spare positions that become APs keep the spare's
run (renamed to the AP); new positions are routed like any plan's outlets. The summary
comes from the same independent re-evaluation as :func:`wifiplan.workflow.plan.plan_building`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from wifiplan.capacity.evaluate import evaluate_plan
from wifiplan.design.grow import Existing, grow_layout, next_names, origins_note
from wifiplan.design.growcheck import CheckEvaluator, balance_on_check, drop_on_check, onto_spares_on_check
from wifiplan.design.layer24 import MAX_CO_CHANNEL_24
from wifiplan.design.planner import SEARCH_MARGIN, strong_co_channel_pairs, unmet_requirements
from wifiplan.design.workspace import Progress
from wifiplan.errors import InputError
from wifiplan.model.building import Building
from wifiplan.model.plan import CableRun, Plan
from wifiplan.workflow.plan import PlanResult, _cabling_unmet, _cochannel_unmet, _every_band, plan_summary

__all__ = ["plan_grown", "load_existing", "existing_from_plan", "grow_path", "scaled_building", "people", "GROW_MARGINS",
           "STEP_KEYS"]

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
    unmet += _cochannel_unmet(building, plan)   # as check CH04/CH05: a step never called met that check fails
    for floor, value in associated.items():
        if value > layout.criteria.max_clients + 1e-9:
            unmet.append(f"{floor}: {value:.0f} associated clients on one radio > limit {layout.criteria.max_clients:g}")
    return final, associated, unmet


#: Rounds of splitting the cells where check counts too many clients on a radio.
MAX_SPLIT_ROUNDS = 3


def _split_note(splits) -> str:
    return f"growth: {len(splits)} cell(s) split where check counts too many clients or too much utilisation"


def _crowded(building: Building, plan: Plan, max_clients: float) -> list[tuple[str, float, float]]:
    """(floor, x, y) of the APs with more associated clients on a radio than ``max_clients``, or a
    channel utilisation over the cap, as check counts."""
    from wifiplan.capacity.bands import evaluate_bands

    eff = building.requirements.effective(plan.settings.model)
    where = {a.name: (a.floor, float(a.at[0]), float(a.at[1])) for a in plan.aps}
    out: dict[str, tuple[str, float, float]] = {}
    for ev in evaluate_bands(building, plan.settings, plan.aps, requirements=eff).values():
        util = getattr(ev, "utilization", None)
        if util is not None:
            for name, value in zip(ev.ap_names, util, strict=True):
                if value > building.requirements.max_utilization + 1e-9 and name in where:
                    out[name] = where[name]
        counts = ev.associated if ev.associated is not None else None
        if counts is None:
            continue
        for name, value in zip(ev.ap_names, counts, strict=True):
            if value > max_clients + 1e-9 and name in where:
                out[name] = where[name]
    return [out[k] for k in sorted(out)]


def _cable(building: Building, plan: Plan, existing: Existing, settings):
    """Route the plan; existing APs and used spares keep their runs (and telecom room)."""
    from wifiplan.cabling import cable_runs, route_plan

    cab = route_plan(building, plan.aps, plan.spares, ap_preset=settings.ap_preset)
    old_at = {a.name: (a.floor, tuple(a.at)) for a in existing.aps}
    old = {r.from_: r for r in existing.cabling}
    by_pos = {(s.floor, tuple(s.at)): s.name for s in existing.spares}
    to = {r.name: r.to for r in cab.runs}
    runs: list[CableRun] = []
    aps = []
    for a in plan.aps:
        prev = None
        if a.origin == "existing" and old_at.get(a.name) == (a.floor, tuple(a.at)):  # not moved
            prev = old.get(a.name)
        elif a.origin == "spare":
            sp = by_pos.get((a.floor, tuple(a.at)))
            prev = old.get(sp) if sp else None
        idf = a.idf or (prev.to if prev is not None else None) or to.get(a.name)
        aps.append(a.model_copy(update={"idf": idf}))
    plan.aps = aps
    plan.spares = [s.model_copy(update={"idf": s.idf or to.get(s.name)}) for s in plan.spares]
    prev_of = {}
    for a in plan.aps:
        if a.origin == "existing" and old_at.get(a.name) == (a.floor, tuple(a.at)):
            prev_of[a.name] = old.get(a.name)
        elif a.origin == "spare":
            sp = by_pos.get((a.floor, tuple(a.at)))
            prev_of[a.name] = old.get(sp) if sp else None
    for s in plan.spares:
        prev_of[s.name] = old.get(s.name)
    for r in cable_runs(cab):  # the router's order, each kept run in its place
        prev = prev_of.get(r.from_)
        runs.append(prev.model_copy(update={"from_": r.from_}) if prev is not None else r)
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
    if not existing.aps:
        raise InputError(f"{existing.source or 'the existing deployment'}: no access points to start from; "
                         "plan the building without --existing")
    as_is = Plan(building=building_ref, building_sha256=building_sha256, aps=[
        a.model_copy(update={"origin": "existing"}) for a in existing.aps], spares=list(existing.spares))
    needs = True
    cache: dict = {}
    calibration: dict[str, float] | None = None
    if not allow_moves and not allow_removal and existing.aps:
        from wifiplan.rf.settings import recommended_settings

        as_is.settings = recommended_settings(building, seed=int(seed))
        report("evaluation", 0.0)
        probe = grow_layout(building, existing, seed=seed, needs_growth=False, progress=report, cache=cache)
        _final, _assoc, unmet0 = _evaluate(building, as_is, probe, [], None)
        needs = bool(unmet0)
    # a plan that misses a requirement is first re-tuned only: power (loaded radios lowered as the
    # planner's balancing lowers them), then channels too; then grown at the planner's search
    # margin, then at wider margins
    tries = [(SEARCH_MARGIN, 0)] + [(m, None) for m in GROW_MARGINS] if needs else [(SEARCH_MARGIN, None)]
    band_load = True
    evaluator: list[CheckEvaluator] = []

    def checker(layout) -> CheckEvaluator:
        if not evaluator:
            evaluator.append(CheckEvaluator(building, layout.settings, layout.band))
        return evaluator[0]

    def attempt(needs_growth: bool, margin: float, max_added: int | None, extra_splits=(), note: str | None = None,
                *, channels: bool = True, keeps: tuple = (True, "soft", False)):
        # the existing APs' radios on the other bands kept first; re-planned for the whole set if check finds them short
        this = None
        for keep in keeps:
            layout = grow_layout(building, existing, seed=seed, allow_moves=allow_moves, allow_removal=allow_removal,
                                 needs_growth=needs_growth, margin=margin, max_added=max_added,
                                 extra_splits=list(extra_splits), progress=report, cache=cache, keep_radios=keep,
                                 band_load=band_load, check_clients=calibration, channels=channels)
            notes = list(layout.notes) + ([note] if note else []) + ({
                True: [],
                "soft": ["growth: the other bands' channels re-planned, existing APs kept on theirs where possible "
                         "(kept as they were, check found a requirement missed)"],
                False: ["growth: the existing APs' radios on the other bands re-planned (kept as they were, check "
                        "found a requirement missed)"]}[keep])
            aps = layout.aps
            if needs_growth:  # power re-tuned on check's evaluation, as the planner balances its plans
                report("balancing", 0.0)
                aps, _pb, lowered = balance_on_check(building, layout.settings, aps, layout.band, layout.criteria,
                                                     checker(layout))
                if lowered:
                    notes.append(_balance_note(lowered))
            plan = Plan(building=building_ref, building_sha256=building_sha256, settings=layout.settings,
                        aps=aps, spares=layout.spares)
            report("cabling", 0.0)
            cab = _cable(building, plan, existing, layout.settings)
            report("cabling", 1.0)
            final, associated, unmet = _evaluate(building, plan, layout, notes, cab)
            if this is None or len(unmet) < len(this[5]):
                this = (layout, plan, cab, final, associated, unmet, notes)
            if not unmet:
                break
        return this

    def added(res) -> int:
        return sum(a.origin in ("spare", "new") for a in res[1].aps)

    def split_rounds(result, margin: float):
        """Check counts more clients (or utilisation) on some radios than the search: split those cells, try again."""
        splits: list[tuple[str, float, float]] = []
        for _round in range(MAX_SPLIT_ROUNDS if result[5] else 0):
            over = _crowded(building, result[1], result[0].criteria.max_clients)
            if not over:
                break
            splits += over
            got = attempt(True, margin, None, splits, _split_note(splits))
            if len(got[5]) <= len(result[5]):
                result = got
            if not got[5]:
                break
        return result, splits

    def search():
        # re-tune only; then the search at the planner's margin and, where check still finds cells
        # over a cap, those cells split (targeted: a few APs); only then wider margins (every cell
        # aims further under the cap: many more APs), with the same splits
        result = None
        splits: list[tuple[str, float, float]] = []
        for margin, max_added in tries:
            got = attempt(needs, margin, max_added, splits, _split_note(splits) if splits else None)
            if got[5] and max_added is None and not splits:
                got, splits = split_rounds(got, margin)
            if result is None or (len(got[5]), added(got)) <= (len(result[5]), added(result)):
                result = got
            if not got[5]:
                break
        return result

    result = None
    if needs:
        # power re-tune only (existing radios lowered 1 dB at a time where check counts them over a cap)
        result = attempt(True, SEARCH_MARGIN, 0, channels=False, keeps=(True,))
        if result[5]:
            # the search calibrates its client counts to check's where check, after that re-tune,
            # still counts more clients on a radio than the limit (those cells must be split)
            from wifiplan.design.spares import check_clients

            aps0 = result[1].aps
            counts = check_clients(building, result[1].settings, aps0, dict(enumerate(a.name for a in aps0)), len(aps0))
            limit = result[0].criteria.max_clients
            calibration = None if counts is None else {
                a.name: float(v) for a, v in zip(aps0, counts, strict=True) if v > limit + 1e-9} or None
            if any(getattr(u, "kind", None) != "utilization" for u in result[5]):
                # a channel re-plan relieves co-channel utilisation only, not clients over the limit or
                # coverage: the channels-only re-tune is skipped (the search re-plans channels before adding)
                tries = tries[1:]
            result = None
    if result is None:
        result = search()
    if result[5] and needs:
        # still short on check: the search again with every point's busiest band priced at the
        # design rate (the planner's load before the 6 GHz rate factor; conservative)
        band_load = False
        cache = {}
        other = search()
        if len(other[5]) < len(result[5]):
            result = other
            result[6].append("growth: the design band's load priced without the 6 GHz rate factor (with it, check "
                             "found a requirement missed)")
    if needs and not result[5] and added(result):
        result = _fewer_on_check(building, existing, result, checker(result[0]), report)
    layout, plan, cab, final, associated, unmet, notes = result
    cost = None
    if with_cost:
        from wifiplan.cost.step import step_cost

        report("cost", 0.0)
        cost = step_cost(building, plan, cab)
        report("cost", 1.0)
    from wifiplan.design.channels import STRONG_CO_CHANNEL_DBM

    off = sum(1 for a in plan.aps if "2.4" in a.radios and not a.radios["2.4"].enabled)
    if off:   # counted on the written plan: the layout's re-planned set may differ (kept radios, dropped APs)
        notes.append(f"2.4 GHz: {off} of {sum('2.4' in a.radios for a in plan.aps)} radios switched off "
                     f"(at most {MAX_CO_CHANNEL_24} co-channel APs heard per location, check CH05)")
    strong = strong_co_channel_pairs(final, plan.aps, layout.band)
    if strong and layout.band in ("5", "6"):
        notes.append(f"{strong} co-channel AP pair(s) hear each other above {STRONG_CO_CHANNEL_DBM:g} dBm")
    plan.summary = plan_summary(building, plan, layout, final, unmet, notes, cab, None, associated=associated)
    plan.summary["origins"] = {k: sum(a.origin == k for a in plan.aps) for k in ("existing", "spare", "new")}
    if cost is not None:
        plan.summary["step_cost"] = cost.summary()
    return PlanResult(plan, layout, final, not unmet, unmet, notes, time.perf_counter() - t0, cab, cost)


def _balance_note(lowered) -> str:
    from wifiplan.design.planner import BALANCE_STEP_DB

    bands = sorted({b for _n, b in lowered}, key=float)
    return (f"power: {len(lowered)} radio(s) ({', '.join(bands)} GHz) that check's every-band evaluation put over the "
            f"client limit or the utilisation cap lowered in {BALANCE_STEP_DB:g} dB steps (a re-tune)")


def _renumber_added(aps, existing: Existing):
    """Added APs renamed in order to the next free numbers of their floor (after drops: no gaps)."""
    taken = {a.name for a in existing.aps} | {s.name for s in existing.spares}
    out = []
    for a in aps:
        if a.origin in ("spare", "new"):
            name = next_names(a.floor, taken, 1)[0]
            taken.add(name)
            a = a if a.name == name else a.model_copy(update={"name": name})
        out.append(a)
    return out


def _fewer_on_check(building: Building, existing: Existing, result, evaluator, report):
    """Added APs ``check`` does not need dropped, APs left on new positions moved onto free spares.

    Both on ``check``'s evaluation with the radios balanced (:mod:`wifiplan.design.growcheck`);
    the refined plan is re-cabled and re-evaluated, and kept only when it meets every requirement.
    """
    layout, plan, _cab, _final, _assoc, _unmet, notes = result
    report("fewer", 0.0)
    crit = layout.criteria
    aps, dropped = drop_on_check(building, plan.settings, plan.aps, layout.band, crit, evaluator)
    held = {(a.floor, tuple(a.at)) for a in aps if a.origin == "spare"}
    free = [s for s in existing.spares if (s.floor, tuple(s.at)) not in held]
    aps, used = onto_spares_on_check(building, plan.settings, aps, free, layout.band, crit, evaluator)
    report("fewer", 1.0)
    if not dropped and not used:
        return result
    aps = _renumber_added(aps, existing)
    held = {(a.floor, tuple(a.at)) for a in aps if a.origin == "spare"}
    notes = [n for n in notes if not n.startswith("growth: ") or " existing AP(s) kept, " not in n]
    if dropped:
        notes.append(f"growth: {len(dropped)} added AP(s) dropped: check's evaluation, power balanced, meets every "
                     "requirement without them")
    if used:
        notes.append(f"growth: {len(used)} AP(s) moved from a new position onto a spare on check's evaluation")
    notes.append(origins_note(aps, existing))
    new_plan = Plan(building=plan.building, building_sha256=plan.building_sha256, settings=plan.settings, aps=aps,
                    spares=[s for s in existing.spares if (s.floor, tuple(s.at)) not in held])
    cab = _cable(building, new_plan, existing, plan.settings)
    final, associated, unmet = _evaluate(building, new_plan, layout, notes, cab)
    if unmet:
        return result
    return (layout, new_plan, cab, final, associated, unmet, notes)


def scaled_building(building: Building, step: float) -> Building:
    """``building`` with every zone's headcount × (1 + ``step``) (rounded) and ``growth: 0``
    (:meth:`~wifiplan.model.building.Building.scaled`)."""
    return building.scaled(step)


def people(building: Building) -> float:
    """People the building carries (every zone's people at its growth)."""
    from wifiplan.capacity.demand import zone_demands

    return float(sum(z.people for z in zone_demands(building)))


def _settings(ap) -> dict[str, tuple]:
    """What ``diff`` compares to call an AP re-tuned: channel, width, power and on/off per band."""
    return {b: (r.channel, r.width_mhz, r.tx_power_dbm, r.enabled) for b, r in ap.radios.items()}


#: Keys of one step of a path in :func:`grow_path`'s result, in this order.
STEP_KEYS = ("step", "people", "aps", "aps_added", "on_spares", "new_runs", "new_positions", "switches_added",
             "spares_left", "retuned", "requirements_met", "unmet", "cost", "cost_incl_tax", "over_limit")


def grow_path(
    building: Building,
    steps: list[float],
    *,
    existing: Existing | None = None,
    seed: int = 0,
    scenario: str = "new-build",
    progress: Progress | None = None,
    on_run: Callable[[str], None] | None = None,
) -> dict:
    """The expansion path: each headcount step planned on the previous one, with spares and without.

    The start is ``existing`` or else the building's own plan (:func:`plan_building`, its
    growth and spare share). The comparison path starts from the same APs with the spares
    removed: a plan made with ``spare_positions: 0`` has the same APs (spares are placed
    after the layout; it keeps one spare per floor, this path none), so the difference is
    only what preparing bought. ``scenario`` is the
    first project's (new build or retrofit): what preparing the spares costs in it. Step ``s`` is the
    building with every zone's headcount × (1 + s) and no further growth allowance.
    ``on_run(label)`` is called before each plan (the start, then every step of each path),
    so a caller can show which of the ``1 + 2 × len(steps)`` runs ``progress`` is reporting.

    Returns
    -------
    dict
        JSON-ready, stable (``wifiplan grow -f json`` writes it; the report's growth chart and
        phased budget read it):

        - ``building``, ``steps``, ``scenario``, ``currency``, ``decimals`` (of the cost book);
        - ``start``: ``aps``, ``spares``, ``source``, ``people`` (at the building file's growth);
        - ``paths``: ``with_spares`` and ``without_spares``, each a list with one dict per step,
          keys :data:`STEP_KEYS` (``cost`` without tax, ``cost_incl_tax`` with common costs,
          contingency and tax; ``aps_added`` = ``on_spares`` + ``new_positions``; ``retuned``:
          APs of the previous step whose radios changed);
        - ``prepare_now``: ``cost``, ``cost_incl_tax``, ``spares`` of the first project, or None
          when the start was given (``existing``);
        - ``totals_incl_tax`` per path, ``saving_incl_tax`` (without − with − prepare now);
        - ``assumptions``: sentences to print with any table or chart.
    """
    report = progress or (lambda _s, _f: None)
    announce = on_run or (lambda _label: None)
    from wifiplan.workflow.plan import plan_building

    if existing is None:
        from wifiplan.cost import estimate_costs

        announce("the building's own plan")

        base = plan_building(building, seed=seed, progress=report, with_cost=False)
        existing = existing_from_plan(base.plan, "the building's own plan")
        prepare = estimate_costs(building, base.plan, base.cabling, scenario=scenario).comparison
    else:
        prepare = None
    bare = Existing(aps=list(existing.aps), spares=[], cabling=[r for r in existing.cabling
                                                                 if r.from_ not in {s.name for s in existing.spares}],
                    source=(existing.source or "the existing plan") + " without its spares")
    paths: dict[str, list[dict]] = {"with_spares": [], "without_spares": []}
    for key, start in (("with_spares", existing), ("without_spares", bare)):
        cur = start
        for s in steps:
            b = scaled_building(building, s)
            announce(f"step +{s:.0%} {key.replace('_', ' ')}")
            res = plan_grown(b, cur, seed=seed, progress=report)
            before = {a.name: _settings(a) for a in cur.aps}
            sc = res.cost
            paths[key].append({
                "step": s, "people": round(people(b), 1), "aps": len(res.plan.aps),
                "aps_added": sc.on_spares + sc.new_positions, "on_spares": sc.on_spares, "new_runs": sc.new_runs,
                "new_positions": sc.new_positions, "switches_added": sum(r.switches_added for r in sc.rooms),
                "spares_left": len(res.plan.spares),
                "retuned": sum(1 for a in res.plan.aps if a.name in before and _settings(a) != before[a.name]),
                "requirements_met": res.requirements_met,
                "unmet": list(res.unmet), "cost": sc.total, "cost_incl_tax": sc.total_incl_tax,
                "over_limit": list(sc.over_limit),
            })
            cur = existing_from_plan(res.plan, f"step {s:g}")
            cur.aps = [a.model_copy(update={"origin": None}) for a in cur.aps]
    currency = None
    from wifiplan.cost.books import resolve_book

    cb = resolve_book(building)
    currency = cb.currency
    out = {
        "building": building.name, "steps": list(steps), "scenario": scenario, "currency": currency, "decimals": cb.decimals,
        "start": {"aps": len(existing.aps), "spares": len(existing.spares), "source": existing.source,
                  "people": round(people(building), 1)},
        "paths": paths,
        "prepare_now": None if prepare is None else {"cost": prepare.prepare_now_now,
                                                    "cost_incl_tax": prepare.prepare_now_now_incl_tax,
                                                    "spares": prepare.growth_aps},
        "assumptions": [
            "step s: every zone's headcount × (1 + s) of the building file, growth allowance 0, planned on the "
            "previous step's plan (existing APs kept in place, spares first, then new positions)",
            "without spares: the same starting APs with every spare position removed (spares are placed after "
            "the layout, so a plan made with spare_positions: 0 has the same APs; it still keeps the planner's "
            "minimum of one spare per floor, this path has none)",
            "cost of a step: AP, mount and labour for every added AP; a retrofit run into the occupied building "
            "for each new position; a whole switch where a telecom room's ports run out (cost book "
            f"{cb.name!r}, renovation labour)",
        ] + ([f"prepare now: the first project's ({scenario}) extra cost for its {prepare.growth_aps} spare "
              "outlet(s) (drops, pathway capacity for growth; what they add to that project's price)"] if prepare is not None else []),
    }
    tot = {k: round(sum(r["cost_incl_tax"] for r in v), cb.decimals) for k, v in paths.items()}
    out["totals_incl_tax"] = tot
    prep = prepare.prepare_now_now_incl_tax if prepare is not None else 0.0
    out["saving_incl_tax"] = round(tot["without_spares"] - tot["with_spares"] - prep, cb.decimals)
    return out
