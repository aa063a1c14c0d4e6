"""Cost scenarios: new build or retrofit of the whole plan, and prepare-now vs retrofit-later."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from wifiplan.cabling.models import CablingResult, PathwaySegment, Run
from wifiplan.cabling.power import ports_needed, switches_needed
from wifiplan.cabling.fill import conduit_system
from wifiplan.cost.bom import (
    LINE_CATEGORIES,
    BomBuilder,
    ap_item,
    floor_order,
    labour_derivation,
    labour_multiplier,
    segment_work,
    sum_lines,
)
from wifiplan.cost.books import CostBook, resolve_book
from wifiplan.cost.estimate import build_estimate
from wifiplan.cost.models import SCENARIOS, BomLine, ComparisonItem, CostResult, Estimate, PrepareComparison
from wifiplan.errors import ConfigError, Location
from wifiplan.model.building import Building
from wifiplan.model.plan import Plan

__all__ = ["estimate_costs", "compare_prepare_now"]


def estimate_costs(
    building: Building,
    plan: Plan,
    cabling: CablingResult,
    *,
    scenario: str = "new-build",
    book: str | CostBook | None = None,
    locate: Callable[[tuple], Location] | None = None,
    compare: bool = True,
) -> CostResult:
    """Bill of materials and costs of ``plan`` in the building's currency.

    Parameters
    ----------
    building, plan : Building, Plan
    cabling : CablingResult
        From :func:`wifiplan.cabling.route_plan` (runs, pathway segments, risers, backbone).
    scenario : {"new-build", "retrofit"}
        The current project: fit-out during construction (labour × 1, pathways built new,
        cast-in riser sleeves) or a retrofit of a finished, occupied building (labour ×
        renovation factor × time restriction on day hours / premiums on night and holiday
        hours; drawn pathways reused with ceiling openings; surface raceway where a floor has
        none; core drills; asbestos survey by age and size; mobilisation and protection per
        floor), priced as a 改修 contract.
    book : str or CostBook, optional
        Cost book name (default: the building's ``costs.book``, else by country), or a
        resolved book (used as given).
    locate : callable, optional
        The building file's ``source_map.locate`` for located errors.
    compare : bool
        Also compute :func:`compare_prepare_now`.

    Returns
    -------
    CostResult
        Every total is the exact sum of its lines (in the currency's minor unit); the
        ``estimate`` adds common costs, contingency and tax (:mod:`wifiplan.cost.estimate`).

    Raises
    ------
    ConfigError
        Unknown scenario or book, unknown override keys (see :func:`resolve_book`).
    """
    if scenario not in SCENARIOS:
        raise ConfigError(f"unknown scenario {scenario!r}; use one of {', '.join(SCENARIOS)}")
    cb = book if isinstance(book, CostBook) else resolve_book(building, book=book, locate=locate)
    occupied = scenario == "retrofit"
    mult = labour_multiplier(cb, occupied=occupied)
    later_mult = labour_multiplier(cb, occupied=True)
    floors = _floor_names(building)
    b = BomBuilder(cb, labour_mult=mult, floors=floors)
    _project(b, cb, plan, cabling, occupied=occupied, preset=_preset(building, plan))
    lines = b.sorted_lines()
    est = build_estimate(cb, lines, renovation=occupied, what="this project")
    by_cat: dict[str, list[BomLine]] = defaultdict(list)
    by_floor: dict[str, list[BomLine]] = defaultdict(list)
    for line in lines:
        by_cat[line.category].append(line)
        by_floor[line.floor].append(line)
    cats = sorted(by_cat, key=lambda c: (LINE_CATEGORIES.index(c) if c in LINE_CATEGORIES else 99, c))
    comparison = (compare_prepare_now(building, plan, cabling, book=cb, scenario=scenario, project=est, project_lines=lines)
                  if compare else None)
    return CostResult(
        scenario=scenario, book=cb.name, book_title=cb.title, currency=cb.currency, decimals=cb.decimals,
        labour_multiplier=round(mult, 4), later_labour_multiplier=round(later_mult, 4), lines=lines,
        totals_by_category={c: sum_lines(by_cat[c], cb.decimals) for c in cats},
        totals_by_floor={f: sum_lines(by_floor[f], cb.decimals) for f in floor_order(by_floor, floors)},
        total=sum_lines(lines, cb.decimals),
        assumptions=_assumptions(cb, scenario, mult, cabling),
        comparison=comparison,
        estimate=est, total_excl_tax=est.total_excl_tax, total_incl_tax=est.total_incl_tax,
        labour_derivation=labour_derivation(cb), book_items=dict(cb.items), book_factors=dict(cb.factors),
    )


def _preset(building: Building, plan: Plan) -> str:
    """The AP preset the plan was made with (a hand-written plan: the building's)."""
    return plan.settings.ap_preset if "settings" in plan.model_fields_set else building.ap.preset


def _floor_names(building: Building) -> list[str]:
    return [f.name for f in sorted(building.floors, key=lambda f: (f.elevation_m, f.name))]


def _assumptions(cb: CostBook, scenario: str, mult: float, cab: CablingResult) -> list[str]:
    o = cab.options
    out = [
        f"cost book {cb.name!r}: {cb.title}; items marked 'estimate' are unsourced defaults to check",
        f"scenario {scenario}: labour × {mult:.3f}"
        + (" (renovation labour × time restriction on day hours / premiums on night and holiday hours)"
           if scenario == "retrofit" else " (new build)"),
        f"{o.drops_per_ap} × Cat 6A per AP outlet, {o.spare_drops} per spare outlet (TSB-162 [S82], [S83]); "
        f"link = route + vertical drops + {o.service_loop_ap_m:g} m + {o.service_loop_rack_m:g} m service loops",
        (f"E conduit sized for the growth cable count + {o.spare_fill_share:.0%} at ≤ 32 % fill (内線規程 [S1804])"
         if conduit_system(cb.country) == "jis" else
         f"EMT sized for the growth cable count + {o.spare_fill_share:.0%} at ≤ 40 % fill (NEC Ch. 9 [S77])"),
        f"fiber {o.fiber_strands_per_idf} strands per IDF ({o.fiber_active_strands} active), length × {1 + o.fiber_slack:.2f}",
        f"switch ports: AP drops + spares + {o.spare_port_share:.0%}; PoE load ≤ {o.poe_max_load:.0%} of budget ([S85])",
    ]
    if cab.fallback_floors:
        how = "surface raceway" if scenario == "retrofit" and cb.factor("surface_raceway") >= 0.5 else "new conduit"
        out.append(f"floors without pathways ({', '.join(cab.fallback_floors)}): rectilinear routes × "
                   f"{o.fallback_slack:g}, priced as {how}")
    if scenario == "retrofit":
        out.append(f"drawn pathways are reused; one ceiling opening per outlet and per "
                   f"{cb.factor('ceiling_opening_interval_m'):g} m of tray/conduit above finished ceilings")
    return out


def _by_floor(runs: list[Run]) -> dict[str, list[Run]]:
    out: dict[str, list[Run]] = defaultdict(list)
    for r in runs:
        out[r.floor].append(r)
    return out


def _aps(b: BomBuilder, floor: str, n: int, preset: str | None = None) -> None:
    b.add("access-points", ap_item(b.book, preset), floor, n)
    b.add("access-points", "ap_mount", floor, n)
    b.work("ap_install_days", floor, b.ap_labour_units(n))


def _copper(b: BomBuilder, runs: list[Run]) -> None:
    for floor, rs in sorted(_by_floor(runs).items()):
        metres = sum(r.length_m * r.drops for r in rs if r.to is not None)
        drops = sum(r.drops for r in rs if r.to is not None)
        b.add("copper", "cat6a_cable_m", floor, metres, note=f"{len(rs)} outlet(s), {drops} drop(s)")
        b.add("copper", "drop_termination", floor, drops)
        b.work("drop_days", floor, drops)


#: Most cables in one J-hook bundle ([S75]: J-hooks or tray every 1.2 m, bundles of at most 24 cables).
JHOOK_MAX_CABLES = 24


def _as_built(seg: PathwaySegment) -> PathwaySegment:
    """A drawn tray stretch that only spare outlets' cables use (none of today's) is built as
    J-hooks when they are few enough for one bundle ([S75]): nobody hangs a 300 mm ladder tray
    for two spare drops. Other segments as drawn."""
    if seg.kind == "tray" and seg.cables_now == 0 and 0 < seg.cables_design <= JHOOK_MAX_CABLES:
        return seg.model_copy(update={"kind": "ceiling"})
    return seg


def _pathways(b: BomBuilder, cb: CostBook, cab: CablingResult, count_of, *, occupied: bool) -> None:
    raceway = occupied and cb.factor("surface_raceway") >= 0.5
    qty: dict[tuple[str, str, str], float] = defaultdict(float)
    openings_m: dict[str, float] = defaultdict(float)
    for seg in cab.segments:
        n = count_of(seg)
        if n <= 0:
            continue
        seg = _as_built(seg)
        for mat, lab, metres in segment_work(seg, n, cab.options.cable_od_mm, new=not occupied, raceway=raceway,
                                             system=conduit_system(cb.country)):
            qty[(seg.floor, mat, lab)] += metres
        if occupied and (seg.kind in ("tray", "conduit") or (seg.kind == "fallback" and not raceway)):
            openings_m[seg.floor] += seg.length_m
    for (floor, mat, lab), metres in sorted(qty.items()):
        b.add("pathways", mat, floor, metres)
        b.work(lab, floor, metres)
    if occupied:
        interval = max(cb.factor("ceiling_opening_interval_m"), 0.1)
        for floor, metres in sorted(openings_m.items()):
            b.add("retrofit", "ceiling_opening", floor, math.ceil(metres / interval),
                  note=f"{metres:.0f} m of concealed route / {interval:g} m")


def _risers(b: BomBuilder, cab: CablingResult, *, occupied: bool, only: set[str] | None = None) -> None:
    for c in cab.risers:
        if only is not None and c.id not in only:
            continue
        if occupied:
            b.add("risers", "core_drill", c.floor_above, c.core_drills, note=f"{c.id}: {c.sleeve_trade_size} sleeve")
            b.add("risers", "firestop", c.floor_above, c.core_drills)
        else:
            b.add("risers", "riser_sleeve", c.floor_above, c.core_drills, note=f"{c.id}: {c.sleeve_trade_size}")


def _fiber(b: BomBuilder, cab: CablingResult, *, strands_of=None) -> None:
    for link in cab.backbone:
        if link.mdf is None:
            continue
        strands = link.strands if strands_of is None else strands_of(link)
        strand_key = "fiber_om4_strand_m" if link.fiber_type == "om4" else "fiber_os2_strand_m"
        optic = "uplink_optic_mm" if link.fiber_type == "om4" else "uplink_optic_sm"
        note = f"{link.idf} → {link.mdf}, {link.fiber_type.upper()}, {strands} strands"
        b.add("fiber", "fiber_cable_m", link.floor, link.length_m, note=note)
        b.add("fiber", strand_key, link.floor, link.length_m * strands, note=note)
        b.add("fiber", "fiber_termination", link.floor, strands * 2, note="both ends")
        b.add("fiber", "fiber_panel", link.floor, 2)
        b.add("fiber", optic, link.floor, link.active_strands, note="one transceiver per active strand end pair")
        b.work("fiber_days_m", link.floor, link.length_m)


def _switching(b: BomBuilder, cab: CablingResult) -> None:
    """Switch ports for the AP drops plus the spare-port share; a spare outlet is terminated on
    the patch panel (``drop_termination``) and gets its switch port when an AP is installed on
    it (:func:`_later_switches`), as any later AP does."""
    o = cab.options
    for room in cab.rooms:
        ports = ports_needed(_ap_drops(cab, room.name), 0, o.spare_port_share)
        n = switches_needed(ports, o.switch_ports)
        note = f"{room.name}: {n} switch(es)" + (f"; {room.spares} spare outlet(s) patched at activation" if room.spares else "")
        b.add("switching", "switch_port_poe", room.floor, ports, note=note)
        b.work("switch_days", room.floor, n)


def _site_services(b: BomBuilder, cb: CostBook, floors: list[str]) -> None:
    for floor in floors:
        b.add("retrofit", "mobilisation", floor, 1)
        b.add("retrofit", "protection", floor, 1)
    _asbestos(b, cb, floors)


def asbestos_needed(cb: CostBook) -> bool:
    """A survey is priced when the book asks for one and the building predates the ban
    (Japan: built before 2006; elsewhere before 1981), or its year is unknown (0)."""
    year = cb.factor("building_year") if "building_year" in cb.factors else 0
    cutoff = 2006 if cb.country == "JP" else 1981
    return cb.factor("asbestos_survey") >= 0.5 and (year <= 0 or year < cutoff)


def _asbestos(b: BomBuilder, cb: CostBook, floors: list[str]) -> None:
    """Survey by the size of the work: one site fee, an inspection per further floor worked
    on, a lab sample per floor."""
    if not floors or not asbestos_needed(cb):
        return
    b.add("retrofit", "asbestos_survey", "-", 1, note=f"{len(floors)} floor(s) in the work area")
    for floor in floors[1:]:
        b.add("retrofit", "asbestos_survey_floor", floor, 1)
    for floor in floors:
        b.add("retrofit", "asbestos_sample", floor, 1)


def _project(b: BomBuilder, cb: CostBook, plan: Plan, cab: CablingResult, *, occupied: bool,
             preset: str | None = None) -> None:
    aps = Counter(r.floor for r in cab.runs if r.outlet == "ap")
    for floor in sorted(aps):
        _aps(b, floor, aps[floor], preset)
    _copper(b, cab.runs)
    _pathways(b, cb, cab, lambda s: s.cables_design, occupied=occupied)
    _risers(b, cab, occupied=occupied)
    _fiber(b, cab)
    _switching(b, cab)
    if occupied:
        outlets = Counter(r.floor for r in cab.runs)
        for floor in sorted(outlets):
            b.add("retrofit", "ceiling_opening", floor, outlets[floor], note="one per outlet")
        work_floors = sorted({r.floor for r in cab.runs} | {s.floor for s in cab.segments} | {l.floor for l in cab.backbone})
        _site_services(b, cb, work_floors)
    b.flush_labour()
    b.add_sundries()


def compare_prepare_now(
    building: Building,
    plan: Plan,
    cabling: CablingResult,
    *,
    book: CostBook | str | None = None,
    scenario: str = "new-build",
    project: Estimate | None = None,
    project_lines: list[BomLine] | None = None,
) -> PrepareComparison:
    """Cost of preparing for expansion now (A) against retrofitting the growth later (B).

    The growth is the plan's spare outlets turned into APs. Only what the spares cause is
    counted: the backbone's spare fiber strands (``fiber_strands_per_idf``) are laid with or
    without spare outlets, so they are in neither A nor B (both use them for a new uplink).

    (A) *prepare now*, in the current project (``scenario`` labour): the spare drops
    (cable, jack, patch-panel port, test), in a retrofit a ceiling opening per spare outlet
    and along the concealed stretches only the spares use, and the extra pathway capacity that the spare cables and the spare share need (against
    pathways sized for today's cables only; in a new build that includes tray or conduit
    stretches only the spares use). *Later*, activating the spares: AP hardware, mounting,
    mobilisation and protection of the floors, and the switch ports (whole switches when a
    room's installed ports run out, with their uplinks) at the later labour multiplier.

    (B) *retrofit later* into the finished, occupied building (labour × renovation × time
    restriction / night and holiday premiums): mobilisation and protection per floor, an
    asbestos survey, new drops, a ceiling opening per outlet and per
    ``ceiling_opening_interval_m`` of concealed route, new pathway where none has room
    (:func:`_retrofit_routes`: after a new build, conduit sized for today's cables is full and
    a stretch only the spares would have used was never built; after a retrofit, the
    building's drawn pathways are there with room, as the current project assumed), new core
    drills on the risers used, the same switches and uplinks, the same AP hardware.

    The later work of A and all of B are each priced as their own 改修 (retrofit) contract,
    with the common costs of a contract of that size. A's part now is what it adds to the
    current project's price: ``project`` (the project's estimate) minus the same estimate
    without A's lines (``project_lines`` minus A now, same construction period), i.e. at the
    project's marginal common-cost rates. Given ``project`` without its lines, A now takes
    the project's average rate; given neither, the rate of A now as a contract of its own.

    Returns
    -------
    PrepareComparison
        Totals of A (now + later parts) and B, the saving B − A, per spare, the items behind
        each, the lines, the assumptions, and the same with common costs, contingency and tax
        (``*_incl_tax``).
    """
    cb = book if isinstance(book, CostBook) else resolve_book(building, book=book)
    occupied_now = scenario == "retrofit"
    now_mult = labour_multiplier(cb, occupied=occupied_now)
    later_mult = labour_multiplier(cb, occupied=True)
    preset = _preset(building, plan)
    spares = [r for r in cabling.runs if r.outlet == "spare" and r.to is not None]
    growth = Counter(r.floor for r in spares)
    o = cabling.options
    floors = _floor_names(building)
    rank = {n: i for i, n in enumerate(floors)}
    floors_g = sorted(growth, key=lambda n: rank.get(n, len(rank)))

    # ---- (A) now: what preparing adds to the current project
    a_now = BomBuilder(cb, labour_mult=now_mult, section="prepare-now", phase="now", floors=floors)
    _copper(a_now, spares)
    if occupied_now:
        for floor in floors_g:
            a_now.add("retrofit", "ceiling_opening", floor, growth[floor], note="one per spare outlet")
    _conduit_delta(a_now, cb, cabling, occupied=occupied_now, now_mult=now_mult)
    if occupied_now:
        _openings_delta(a_now, cb, cabling)
    a_now.flush_labour()
    a_now.add_sundries()

    # ---- (A) later: activate the spares
    a_later = BomBuilder(cb, labour_mult=later_mult, section="prepare-now", phase="later", floors=floors)
    for floor in floors_g:
        _aps(a_later, floor, growth[floor], preset)
    _later_switches(a_later, cabling, spares)
    _site_floor_visits(a_later, floors_g)
    a_later.flush_labour()
    a_later.add_sundries()

    # ---- (B) retrofit later
    bl = BomBuilder(cb, labour_mult=later_mult, section="retrofit-later", phase="later", floors=floors)
    for floor in floors_g:
        _aps(bl, floor, growth[floor], preset)
    _copper(bl, spares)
    for floor in floors_g:
        bl.add("retrofit", "ceiling_opening", floor, growth[floor], note="one per new outlet")
    used = {s for r in spares for s in r.segments}
    cables_on = {seg.id: seg.cables_growth - seg.cables_now for seg in cabling.segments if seg.id in used}
    if occupied_now:  # the building's drawn pathways exist and had room for every cable of this project
        _retrofit_routes(bl, cabling, cables_on, o, note="the growth cables into the building's pathways",
                         conduit_full=False)
    else:  # pathways were built for today's cables: conduit full, stretches only the spares use never built
        absent = {seg.id for seg in cabling.segments if seg.id in used and seg.cables_now == 0}
        _retrofit_routes(bl, cabling, cables_on, o, absent=absent,
                         note="conduit sized for today's cables is full; stretches only the growth uses were not built")
    _risers(bl, cabling, occupied=True, only={c for r in spares for c in r.risers})
    _later_switches(bl, cabling, spares)
    _site_floor_visits(bl, floors_g)
    _asbestos(bl, cb, floors_g)
    bl.flush_labour()
    bl.add_sundries()

    now_total = sum_lines(a_now.lines, cb.decimals)
    later_total = sum_lines(a_later.lines, cb.decimals)
    a_total = round(now_total + later_total, cb.decimals)
    b_total = sum_lines(bl.lines, cb.decimals)
    lines = a_now.sorted_lines() + a_later.sorted_lines() + bl.sorted_lines()
    if project is not None and project_lines is not None:
        without = build_estimate(cb, list(project_lines) + [_negated(l) for l in a_now.lines], renovation=occupied_now,
                                 what="the project without the preparation", months=project.construction_months)
        now_incl = round(project.total_incl_tax - without.total_incl_tax, cb.decimals)
        now_how = (f"(A) now is what it adds to the current project's price: the project "
                   f"{project.total_incl_tax:,.{cb.decimals}f} minus the project without it "
                   f"{without.total_incl_tax:,.{cb.decimals}f} (same construction period; the common-cost rates fall "
                   f"with the contract's size, so the marginal rate is below the average)")
    else:
        if project is None:
            project = build_estimate(cb, a_now.lines, renovation=occupied_now, what="the preparation alone")
        ratio = project.total_incl_tax / project.direct_cost if project.direct_cost else 1.0
        now_incl = round(now_total * ratio, cb.decimals)
        now_how = (f"(A) now is priced at the rates of {project.contract.split(':')[0]}: common costs, contingency and "
                   f"tax × {ratio:.4f} of its direct cost")
    est_a = build_estimate(cb, a_later.lines, renovation=True, what="(A) later, activating the spares")
    est_b = build_estimate(cb, bl.lines, renovation=True, what="(B) retrofit later")
    a_incl = round(now_incl + est_a.total_incl_tax, cb.decimals)
    assumptions = [
        f"growth = the {len(spares)} spare outlet(s) of the plan turned into APs"
        + (f" on {', '.join(floors_g)}" if floors_g else ""),
        f"(A) prepare now at the current project's labour × {now_mult:.3f} ({scenario}): spare drops (cable, jack, "
        f"patch-panel port, test), pathway capacity for growth + {o.spare_fill_share:.0%} instead of today's cables"
        + (", a ceiling opening per spare outlet" if occupied_now else "")
        + f"; later AP hardware, mounting, switch ports, mobilisation and protection at labour × {later_mult:.3f}",
        f"(B) retrofit later into the occupied building at labour × {later_mult:.3f} (renovation labour × time "
        f"restriction on day hours / premiums on night and holiday hours): new drops, ceiling openings, "
        + ("surface raceway" if cb.factor("surface_raceway") >= 0.5 else "new conduit")
        + (" where a fallback route has no room (the building's drawn pathways are reused, as this retrofit does)"
           if occupied_now else " where today's conduit is full or a stretch only the growth uses was never built")
        + ", new core drills, asbestos survey, mobilisation",
        "the same in A and B: AP hardware and mounting; switch ports bought when the APs are installed (a spare "
        "outlet is patched, not switched, until then; a room whose ports run out gets a whole switch and an uplink "
        "on the backbone's spare strands); the backbone's spare strands are laid either way; no inflation or discounting",
        now_how,
        f"{est_a.contract}",
        f"{est_b.contract}",
    ]
    n = len(spares)
    per = (lambda x: round(x / n, cb.decimals)) if n else (lambda x: 0.0)
    return PrepareComparison(
        current_scenario=scenario, growth_aps=n, growth_floors=floors_g,
        prepare_now_total=a_total, prepare_now_now=now_total, prepare_now_later=later_total,
        retrofit_later_total=b_total, saving=round(b_total - a_total, cb.decimals), lines=lines,
        assumptions=assumptions, prepare_now_now_incl_tax=now_incl, prepare_now_later_estimate=est_a, retrofit_later_estimate=est_b,
        prepare_now_total_incl_tax=a_incl, retrofit_later_total_incl_tax=est_b.total_incl_tax,
        saving_incl_tax=round(est_b.total_incl_tax - a_incl, cb.decimals),
        per_spare={
            "prepare_now_now": per(now_total), "prepare_now_later": per(later_total), "prepare_now_total": per(a_total),
            "retrofit_later_total": per(b_total), "saving": per(b_total - a_total),
            "prepare_now_now_incl_tax": per(now_incl), "prepare_now_total_incl_tax": per(a_incl),
            "retrofit_later_total_incl_tax": per(est_b.total_incl_tax),
            "saving_incl_tax": per(est_b.total_incl_tax - a_incl),
        },
        items=_item_rows(lines, cb.decimals),
    )


def _negated(line: BomLine) -> BomLine:
    return line.model_copy(update={"quantity": -line.quantity, "total": -line.total})


def _item_rows(lines: list[BomLine], decimals: int) -> list[ComparisonItem]:
    """The comparison's lines summed per item: A now, A later, B and B − A, in print order."""
    cols: dict[str, dict[str, list[BomLine]]] = defaultdict(lambda: defaultdict(list))
    first: dict[str, BomLine] = {}
    for line in lines:
        col = "now" if line.phase == "now" else ("later" if line.section == "prepare-now" else "retrofit")
        cols[line.key][col].append(line)
        first.setdefault(line.key, line)
    order = {c: i for i, c in enumerate(LINE_CATEGORIES)}
    out = []
    for key in sorted(cols, key=lambda k: (order.get(first[k].category, 99), k)):
        now, later, b = (sum_lines(cols[key][c], decimals) for c in ("now", "later", "retrofit"))
        label = first[key].item if not key.startswith("labour:") or key == "labour:other" else f"Labour: {first[key].item}"
        out.append(ComparisonItem(key=key, category=first[key].category, item=label, prepare_now=now,
                                  activate_later=later, retrofit_later=b,
                                  difference=round(b - now - later, decimals)))
    return out


def _later_switches(b: BomBuilder, cab: CablingResult, growth_runs: list[Run]) -> None:
    """Switch ports for APs installed later on ``growth_runs``: per telecom room, the ports the
    project installed (whole switches for its AP drops and the spare-port share) take them
    until full; then whole switches, each with a day's work and an uplink (two optics on the
    backbone's spare strands, a new fiber cable when those are too few). Used alike by
    activating spares (A), the retrofit-later case (B) and a growth step."""
    o = cab.options
    adding = Counter(r.to for r in growth_runs if r.to is not None)
    drops = Counter()
    for r in growth_runs:
        if r.to is not None:
            drops[r.to] += o.drops_per_ap
    for room in cab.rooms:
        if not adding.get(room.name):
            continue
        installed = switches_needed(ports_needed(_ap_drops(cab, room.name), 0, o.spare_port_share),
                                    o.switch_ports) * o.switch_ports
        used = _ap_drops(cab, room.name) + drops[room.name]
        if used <= installed:
            continue
        n = switches_needed(used - installed, o.switch_ports)
        add_switches(b, cab, room.name, room.floor, n,
                     note=f"{room.name}: {used} ports used of {installed} installed; {n} more switch(es)")


def add_switches(b: BomBuilder, cab: CablingResult, room: str, floor: str, n: int, *, note: str) -> None:
    """``n`` whole access switches in ``room`` (ports × the book's port price, a day's work
    each) and their uplinks to the MDF: two optics each on the backbone's spare strands, a new
    fiber cable when there are fewer than two spare strands per new uplink."""
    o = cab.options
    b.add("switching", "switch_port_poe", floor, n * o.switch_ports, note=note)
    b.work("switch_days", floor, n)
    link = next((l for l in cab.backbone if l.idf == room and l.mdf is not None), None)
    if link is None:
        return
    optic = "uplink_optic_mm" if link.fiber_type == "om4" else "uplink_optic_sm"
    b.add("fiber", optic, link.floor, 2 * n, note=f"{link.idf}: {n} more uplink(s)")
    if link.spare_strands < 2 * n:
        _new_fiber(b, link, max(o.fiber_active_strands, 2 * n))


def _ap_drops(cab: CablingResult, room: str) -> int:
    return sum(r.drops for r in cab.runs if r.to == room and r.outlet == "ap")


def _new_fiber(b: BomBuilder, link, strands: int) -> None:
    key = "fiber_om4_strand_m" if link.fiber_type == "om4" else "fiber_os2_strand_m"
    note = f"new {link.idf} → {link.mdf} cable, {strands} strands"
    b.add("fiber", "fiber_cable_m", link.floor, link.length_m, note=note)
    b.add("fiber", key, link.floor, link.length_m * strands, note=note)
    b.add("fiber", "fiber_termination", link.floor, strands * 2)
    b.add("fiber", "fiber_panel", link.floor, 2)
    b.work("fiber_days_m", link.floor, link.length_m)


def _site_floor_visits(b: BomBuilder, floors: list[str]) -> None:
    for floor in floors:
        b.add("retrofit", "mobilisation", floor, 1)
        b.add("retrofit", "protection", floor, 1)


def _conduit_delta(b: BomBuilder, cb: CostBook, cab: CablingResult, *, occupied: bool, now_mult: float) -> None:
    """Spare conduit capacity: the cost of each pathway sized for growth + spare share minus
    the cost of it sized for today's cables only, one line per floor."""
    raceway = occupied and cb.factor("surface_raceway") >= 0.5
    day = cb.value("labour_day") * now_mult
    delta: dict[str, float] = defaultdict(float)
    metres: dict[str, float] = defaultdict(float)
    for seg in map(_as_built, cab.segments):
        def cost(n: int) -> float:
            total = 0.0
            for mat, lab, m in segment_work(seg, n, cab.options.cable_od_mm, new=not occupied, raceway=raceway,
                                            system=conduit_system(cb.country)):
                total += m * (cb.value(mat) + cb.value(lab) * day)
            return total
        d = cost(seg.cables_design) - cost(seg.cables_now)
        if d > 1e-9:
            delta[seg.floor] += d
            metres[seg.floor] += seg.length_m
    for floor in sorted(delta):
        m = round(metres[floor], 2)
        b.add_custom("pathways", "spare_conduit_capacity",
                     "Spare pathway capacity (larger or extra conduit/raceway; J-hooks where only spares run)",
                     floor, m, "m", delta[floor] / m,
                     "difference of the book's conduit/raceway/J-hook items and labour; J-hooks for ≤ 24 cables [S75]",
                     note="sized for growth + spare share vs today's cables")


def _openings_delta(b: BomBuilder, cb: CostBook, cab: CablingResult) -> None:
    """Ceiling openings a retrofit project makes along concealed routes only because of the
    spares (stretches no cable of today uses): per floor, the openings of the routes the
    design's cables use minus those of the routes today's cables use (as :func:`_pathways` counts them)."""
    raceway = cb.factor("surface_raceway") >= 0.5
    interval = max(cb.factor("ceiling_opening_interval_m"), 0.1)
    design: dict[str, float] = defaultdict(float)
    today: dict[str, float] = defaultdict(float)
    for seg in cab.segments:
        if seg.kind in ("tray", "conduit") or (seg.kind == "fallback" and not raceway):
            if seg.cables_design > 0:
                design[seg.floor] += seg.length_m
            if seg.cables_now > 0:
                today[seg.floor] += seg.length_m
    for floor in sorted(design):
        n = math.ceil(design[floor] / interval) - math.ceil(today[floor] / interval)
        if n > 0:
            b.add("retrofit", "ceiling_opening", floor, n,
                  note=f"{design[floor] - today[floor]:.0f} m of concealed route only the spares use / {interval:g} m")


def _retrofit_routes(b: BomBuilder, cabling: CablingResult, cables_on: dict[str, int], o: Any, *, note: str,
                     absent: set[str] = frozenset(), conduit_full: bool = True) -> None:
    """Pathway work in an occupied building for ``cables_on`` new cables per segment id.

    A segment gets new pathway, sized by ``segment_work`` for the new cables (surface raceway
    or conduit as the book says; ceiling openings along it unless surface raceway), when it has
    no room: a fallback route (no drawn pathway; its raceway or conduit was sized for the cables
    it carries), a drawn conduit when ``conduit_full``, or a segment in ``absent`` (a drawn
    pathway that was never built). Otherwise (tray, J-hooks, a conduit with room) the cables are
    pulled in through ceiling openings along it. Shared by the retrofit-later scenario and the
    cost of a growth step.
    """
    cb = b.book
    raceway = cb.factor("surface_raceway") >= 0.5
    system = conduit_system(cb.country)
    qty: dict[tuple[str, str, str], float] = defaultdict(float)
    openings_m: dict[str, float] = defaultdict(float)
    for seg in cabling.segments:
        if seg.id not in cables_on or cables_on[seg.id] <= 0:
            continue
        n = cables_on[seg.id]
        if not seg.existing or seg.id in absent or (seg.kind == "conduit" and conduit_full):
            new = seg.model_copy(update={"existing": False})
            for mat, lab, metres in segment_work(new, n, o.cable_od_mm, new=False, raceway=raceway, system=system):
                qty[(seg.floor, mat, lab)] += metres
            if not raceway:
                openings_m[seg.floor] += seg.length_m
        else:
            openings_m[seg.floor] += seg.length_m
    for (floor, mat, lab), metres in sorted(qty.items()):
        b.add("pathways", mat, floor, metres, note=note)
        b.work(lab, floor, metres)
    interval = max(cb.factor("ceiling_opening_interval_m"), 0.1)
    for floor, metres in sorted(openings_m.items()):
        b.add("retrofit", "ceiling_opening", floor, math.ceil(metres / interval),
              note=f"{metres:.0f} m of concealed route / {interval:g} m")
