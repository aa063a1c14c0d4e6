"""The plan report as data: sections of tables and figures, rendered to HTML, Markdown and PDF.

Every text goes through :func:`wifiplan.report.i18n._` so the report is written in the
language chosen with ``lang`` (English or Japanese).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wifiplan import __version__
from wifiplan.check.context import CheckContext, CheckOptions, StageUnavailable, stage
from wifiplan.check.runner import check_context
from wifiplan.check.rules import default_registry
from wifiplan.report.i18n import N_, _, default_language, language

__all__ = ["Table", "Figure", "Section", "ReportDocument", "GrowthStep", "HEATMAP_METRICS", "build_report",
           "capacity_evaluations", "busiest_radio"]

#: Heatmaps drawn per floor: (key, rf metric, caption, marked for translation). Only what a
#: reader decides on: the signal against its threshold, and which AP serves where. SNR,
#: co-channel and utilisation figures are in the tables (and in ``wifiplan heatmap``).
HEATMAP_METRICS: tuple[tuple[str, str, str], ...] = (
    ("rssi", "rssi", N_("Signal strength of the best access point (threshold marked)")),
    ("secondary", "secondary", N_("Signal strength of the second access point (roaming, threshold marked)")),
    ("serving", "serving", N_("Serving access point")),
)


@dataclass(frozen=True)
class GrowthStep:
    """One step of an expansion path, for the phased budget (the input issue 13's path will fill).

    ``cost`` is the step's cost with the spare positions prepared at build time;
    ``cost_without_spares`` the same step when nothing was prepared (None: not estimated).
    ``people`` is how many people the building carries after the step (None: not known).
    """

    name: str
    year: str
    cost: float
    cost_without_spares: float | None = None
    people: float | None = None
    what: str = ""
    met: bool = True  # the step meets every requirement (with the spares)
    met_without_spares: bool = True
    aps_added: int | None = None  # access points the step adds (with the spares; None: not known)
    on_spares: int | None = None  # of which on spare positions


@dataclass
class Table:
    """A table: headers and rows of text; ``numeric`` columns are right-aligned; ``total_rows`` bold."""

    headers: list[str]
    rows: list[list[str]]
    caption: str | None = None
    numeric: set[int] = field(default_factory=set)
    total_rows: set[int] = field(default_factory=set)


@dataclass
class Figure:
    """A PNG figure: file name (for Markdown), caption, bytes; ``kind`` is ``map`` or ``heatmap``."""

    name: str
    caption: str
    png: bytes
    kind: str = "heatmap"


@dataclass
class Section:
    """A titled section: paragraphs, key/value facts, tables, figures, subsections, links."""

    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (section id, label): "see also"
    appendix: bool = False  # detail for engineers, after the main part


@dataclass
class ReportDocument:
    """The whole report: title, subtitle, status line, sections and language (``en``/``ja``)."""

    title: str
    subtitle: str
    status: str
    passed: bool
    sections: list[Section]
    lang: str = "en"

    def figures(self) -> list[Figure]:
        """Every figure, in document order."""
        out: list[Figure] = []

        def walk(s: Section) -> None:
            out.extend(s.figures)
            for sub in s.subsections:
                walk(sub)

        for s in self.sections:
            walk(s)
        return out


# -- formatting helpers ---------------------------------------------------------------------
def _pct(x: float | None) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.1f} %"


def _num(x: float | None, nd: int = 1) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{nd}f}"


def _money(x: float, currency: str, decimals: int) -> str:
    """An amount as people read it: ``JPY 1,234`` in English, ``1,234 円`` in a Japanese report."""
    from wifiplan.report.i18n import current_language

    if currency == "JPY" and current_language() == "ja":
        return f"{x:,.{decimals}f} 円"
    return f"{currency} {x:,.{decimals}f}"


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def _try(fn, default=None):
    try:
        return fn()
    except StageUnavailable:
        return default


# -- capacity as check judges it -------------------------------------------------------------
def capacity_evaluations(ctx: CheckContext) -> list[Any]:
    """The capacity evaluations ``check`` judges (CP01, CP02), one per band.

    Plans of the new model (or buildings asking for client contention): every band the
    plan serves (``capacity.bands.evaluate_bands``: devices split over the bands, clients
    counted in contention); legacy plans: the design band (``evaluate_plan``). The report
    shows these figures only, so it never says an AP is over the cap while ``check`` passes.
    """
    if ctx.new_capacity:
        return list(ctx.capacity_bands().values())
    return [ctx.capacity()]


def busiest_radio(evaluations: Sequence[Any]) -> tuple[str, str, float] | None:
    """(AP name, band, utilisation) of the busiest radio over ``evaluations``; None without radios.

    >>> from types import SimpleNamespace as E
    >>> busiest_radio([E(band="5", ap_names=["a", "b"], utilization=[0.2, 0.4]),
    ...                E(band="6", ap_names=["a"], utilization=[0.3])])
    ('b', '5', 0.4)
    """
    best: tuple[str, str, float] | None = None
    for ev in evaluations:
        util = np.nan_to_num(np.asarray(ev.utilization, float), nan=-np.inf)
        if util.size == 0:
            continue
        k = int(np.argmax(util))
        if best is None or util[k] > best[2]:
            best = (ev.ap_names[k], ev.band, float(util[k]))
    return best


def _floor_figures(evaluations: Sequence[Any], floor: str) -> Any:
    """One floor's figures over every band: worst utilisation and most clients per radio (the
    maxima, as check judges each radio), demand summed over the bands (each device uses one band)."""
    from types import SimpleNamespace

    rows = [f for ev in evaluations for f in ev.floors if f.floor == floor]
    if not rows:
        return None
    return SimpleNamespace(worst_utilization=max(f.worst_utilization for f in rows),
                           max_clients_per_radio=max(f.max_clients_per_radio for f in rows),
                           demand_down_mbps=sum(f.demand_down_mbps for f in rows))


# -- the builder ----------------------------------------------------------------------------
def build_report(ctx: CheckContext, *, plan_label: str, dpi: int = 110, heatmaps: bool = True,
                 lang: str | None = None, growth_steps: Sequence[GrowthStep] | None = None,
                 growth_path: dict[str, Any] | None = None, options: Sequence[Any] = ()) -> ReportDocument:
    """Evaluate the plan again (coverage, capacity, channels, cabling, cost, checks) and lay out the report.

    ``lang`` is ``en`` or ``ja`` (default from the building's country: JP → ja).
    ``growth_steps`` are the steps of an expansion path, shown in the phased budget
    after the build year; None (and no ``growth_path``) shows the build year and
    prepare-now vs retrofit-later only, and says how to get the steps. ``growth_path`` is an
    expansion path as :func:`wifiplan.workflow.grow.grow_path` returns it (``wifiplan grow
    --format json``): its steps fill the phased budget (on the estimate's tax basis) and a
    chart; it replaces ``growth_steps``. ``options`` are check contexts of other plans of
    the building (``wifiplan.report.options.preset_context``), checked, priced and shown
    side by side with this plan in the budget.

    Sections whose stage is not installed say so instead of failing. Figures are PNG
    bytes: floor maps (``wifiplan.report.floormap``), heatmaps of the best signal and of
    the serving AP per floor (``wifiplan.report.heatmap``).
    """
    lang = lang or default_language(ctx.building.country)
    with language(lang):
        return _build(ctx, plan_label=plan_label, dpi=dpi, heatmaps=heatmaps, lang=lang,
                      growth_steps=list(growth_steps) if growth_steps is not None else None,
                      growth_path=growth_path, options=list(options))


def _build(ctx: CheckContext, *, plan_label: str, dpi: int, heatmaps: bool, lang: str,
           growth_steps: list[GrowthStep] | None, growth_path: dict[str, Any] | None,
           options: list[Any]) -> ReportDocument:
    b = ctx.building
    band = b.requirements.band
    findings, ran, skipped = check_context(ctx, CheckOptions(), default_registry())
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    passed = not errors
    cap = _try(lambda: capacity_evaluations(ctx))
    cab = _try(ctx.cabling)
    cost = _try(lambda: _costs(ctx, cab)) if cab is not None else None
    from wifiplan.report import budget, tables
    from wifiplan.report.options import option_from_context

    sections = [
        _executive(ctx, cap, cost, errors, warnings, ran, _path_steps(cost, growth_path) or growth_steps),
        budget.budget_section(cost, growth_steps, growth_path=growth_path, dpi=dpi,
                              options=[option_from_context(ctx, _this_label(ctx))]
                              + [option_from_context(o, _("Option: {preset}").format(preset=o.building.ap.preset))
                                 for o in options] if options else None),
        _summary(ctx, cap),
    ]
    if heatmaps:
        sections.append(_floor_maps(ctx, cab, dpi))
        sections.append(_floors(ctx, dpi))
    sections += [
        _checks(findings, skipped),
        tables.ap_section(ctx, cab),
        tables.channel_section(ctx),
        tables.capacity_section(ctx, cap),
        tables.cabling_section(ctx, cab),
        tables.cost_section(cost),
        tables.prepare_section(cost),
        tables.assumptions_section(ctx, cost),
    ]
    for sec in sections[-7:]:  # APs, channels, capacity, cabling, bill of materials, prepare-now lines, sources
        if sec is not None:
            sec.appendix = True
    if passed:
        status = _("PASSED: {errors} error(s), {warnings} warning(s) from {rules} check rule(s)")
    else:
        status = _("FAILED: {errors} error(s), {warnings} warning(s) from {rules} check rule(s)")
    status = status.format(errors=len(errors), warnings=len(warnings), rules=len(ran))
    return ReportDocument(
        title=_("Wi-Fi plan: {building}").format(building=b.name),
        subtitle=_("{plan} · {aps} access points on {floors} floor(s) · design band {band} GHz · wifiplan {version}")
        .format(plan=plan_label, aps=len(ctx.aps), floors=len(b.floors), band=band, version=__version__),
        status=status, passed=passed, sections=[s for s in sections if s is not None], lang=lang,
    )


def _path_steps(cost: dict[str, Any] | None, growth_path: dict[str, Any] | None) -> list[GrowthStep] | None:
    """The growth steps of ``growth_path`` on the phased budget's tax basis (None without path or cost)."""
    if not cost or growth_path is None:
        return None
    from wifiplan.report.budget import _incl_tax_phases
    from wifiplan.report.expansion import steps_from_path

    return steps_from_path(growth_path, incl_tax=_incl_tax_phases(cost["new-build"]))


def _this_label(ctx: CheckContext) -> str:
    """The column label of the plan itself among the options: its AP preset."""
    return _("This plan ({preset})").format(preset=ctx.plan.settings.ap_preset if "settings" in ctx.plan.model_fields_set
                                            else ctx.building.ap.preset)


def _costs(ctx: CheckContext, cab) -> dict[str, Any]:
    estimate_costs = stage("wifiplan.cost", "estimate_costs")

    def make():
        out = {}
        for scenario in ("new-build", "retrofit"):
            out[scenario] = estimate_costs(ctx.building, ctx.plan.model_copy(update={"aps": ctx.aps, "spares": ctx.spares}),
                                           cab, scenario=scenario, locate=ctx.building_file.source_map.locate,
                                           compare=scenario == "new-build")
        return out

    return ctx.cache("costs", make)


def _people(ctx: CheckContext) -> tuple[float, float] | None:
    """(people today, people at the growth scenario) from the zones' headcounts."""
    try:
        zone_demands = stage("wifiplan.capacity.demand", "zone_demands")
    except StageUnavailable:
        return None
    now = sum(z.people for z in zone_demands(ctx.building, growth=0.0))
    grown = sum(z.people for z in zone_demands(ctx.building))
    return now, grown


def _executive(ctx: CheckContext, cap, cost, errors, warnings, ran,
               steps: Sequence[GrowthStep] | None = None) -> Section:
    """Two minutes for a council member: what is built, for how many people, what it costs."""
    from wifiplan.model.geometry import coverage_area
    from wifiplan.report.budget import money, totals

    b = ctx.building
    req = b.requirements
    s = Section("summary", _("Executive summary"))
    area = sum(coverage_area(f).area for f in b.floors)
    s.paragraphs.append(_(
        "This plan equips {building} ({floors} floor(s), {area} m² of covered floor area) with {aps} wireless "
        "access point(s) and prepares {spares} spare position(s): cabled now, so access points can be added later "
        "without opening ceilings.").format(building=b.name, floors=len(b.floors), area=f"{area:,.0f}",
                                             aps=len(ctx.aps), spares=len(ctx.spares)))
    if not errors:
        s.paragraphs.append(_("All {rules} automatic checks pass: signal strength, capacity, channels and "
                              "cabling meet the requirements on every floor.").format(rules=len(ran)))
    else:
        s.paragraphs.append(_("{errors} automatic check(s) fail; see the checks section before approving "
                              "this plan.").format(errors=len(errors)))
    people = _people(ctx)
    limit = None
    busiest = busiest_radio(cap) if cap else None
    if people is not None:
        now, grown = people
        text = _("The design carries the {now} people counted today and {grown} people with {growth} growth").format(
            now=f"{now:,.0f}", grown=f"{grown:,.0f}", growth=f"{req.growth:.0%}")
        if busiest is not None:
            worst = busiest[2]
            if worst > 0:
                limit = grown * req.max_utilization / worst
                text += _("; the busiest access point then uses {worst} of its airtime (limit {cap}). Estimate: "
                          "about {limit} people before the next step (spare positions) is needed, assuming "
                          "airtime grows in proportion to people").format(
                    worst=f"{worst:.1%}", cap=f"{req.max_utilization:.0%}", limit=f"{limit:,.0f}")
        s.paragraphs.append(text + _("."))
    facts = [(_("Access points"), str(len(ctx.aps))), (_("Spare positions (pre-cabled)"), str(len(ctx.spares)))]
    if people is not None:
        facts.append((_("People (today / with growth)"), f"{people[0]:,.0f} / {people[1]:,.0f}"))
    if busiest is not None:
        facts.append((_("Busiest radio at the growth scenario (as check evaluates it)"),
                      _("{ap}, {band} GHz: {util} (limit {cap})").format(
                          ap=busiest[0], band=busiest[1], util=f"{busiest[2]:.1%}", cap=f"{req.max_utilization:.0%}")))
    if limit is not None:
        facts.append((_("People before the next step (estimate)"), f"{limit:,.0f}"))
    if cost:
        nb = cost["new-build"]
        t = totals(nb)
        s.paragraphs.append(_("Cost now (new build): {excl} excluding tax{incl}.").format(
            excl=money(t.excl_tax, nb), incl=_(", {amount} including tax").format(amount=money(t.incl_tax, nb))
            if t.incl_tax is not None else ""))
        facts.append((_("Cost now, excl. tax"), money(t.excl_tax, nb)))
        if t.incl_tax is not None:
            facts.append((_("Cost now, incl. tax"), money(t.incl_tax, nb)))
        cmp_ = nb.comparison
        if cmp_ is not None:
            incl = getattr(cmp_, "retrofit_later_estimate", None) is not None  # priced with common costs and tax
            now_, later_, saving = ((cmp_.prepare_now_total_incl_tax, cmp_.retrofit_later_total_incl_tax,
                                     cmp_.saving_incl_tax) if incl else
                                    (cmp_.prepare_now_total, cmp_.retrofit_later_total, cmp_.saving))
            basis = _("incl. tax") if incl else _("excl. tax")
            key = (_("Preparing the spare positions now costs {now} in total; retrofitting the same access points "
                     "later costs {later}: preparing now saves {saving} ({basis}).") if saving >= 0 else
                   _("Preparing the spare positions now costs {now} in total; retrofitting the same access points "
                     "later costs {later}: retrofitting later is cheaper by {saving} ({basis})."))
            s.paragraphs.append(key.format(now=money(now_, nb), later=money(later_, nb), saving=money(abs(saving), nb),
                                           basis=basis))
            facts.append((_("Saving by preparing now ({basis})").format(basis=basis), money(saving, nb)))
        if steps and all(st.cost_without_spares is not None for st in steps):
            from wifiplan.report.budget import _incl_tax_phases, phases

            rows = phases(nb, steps)
            if rows[0][3] is not None:
                prep = sum(r[2] for r in rows)
                mini = sum(float(r[3] or 0.0) for r in rows)
                last = steps[-1]
                key = (_("Through the growth steps to {step} ({people} people), building with the spare positions "
                         "prepared and growing on them costs {prep} in total; a minimal build grown later without "
                         "them costs {mini}: preparing now saves {saving} ({basis}).") if mini >= prep else
                       _("Through the growth steps to {step} ({people} people), building with the spare positions "
                         "prepared and growing on them costs {prep} in total; a minimal build grown later without "
                         "them costs {mini}: the minimal build is cheaper by {saving} ({basis})."))
                s.paragraphs.append(key.format(
                    step=last.name, people=f"{last.people:,.0f}" if last.people is not None else "—",
                    prep=money(prep, nb), mini=money(mini, nb), saving=money(abs(mini - prep), nb),
                    basis=_("incl. tax") if _incl_tax_phases(nb) else _("excl. tax")))
                facts.append((_("Saving by preparing now, over the growth steps"), money(mini - prep, nb)))
        if steps and all(st.aps_added is not None for st in steps):
            first = next((st for st in steps if st.aps_added), None)
            if first is None:
                s.paragraphs.append(_("The expansion path adds no access point up to {step}: the plan carries "
                                      "that growth as built.").format(step=steps[-1].name))
            else:
                s.paragraphs.append(_("The expansion path adds the first access points at {step} ({people} people): "
                                      "{added}, {spares} of them on the spare positions.").format(
                    step=first.name, people=f"{first.people:,.0f}" if first.people is not None else "—",
                    added=first.aps_added, spares=first.on_spares if first.on_spares is not None else "—"))
    s.facts = facts
    s.links = [("budget", _("Budget")), ("floormaps", _("Floor maps")), ("assumptions", _("Assumptions and sources"))]
    return s


def _summary(ctx: CheckContext, cap) -> Section:
    b = ctx.building
    req = b.requirements
    from wifiplan.model.geometry import coverage_area

    s = Section("requirements", _("Requirements and results per floor"))
    area = sum(coverage_area(f).area for f in b.floors)
    reqs = _("Signal strength ≥ {rssi} dBm and SNR ≥ {snr} dB on {target} of the area; channel utilisation ≤ "
             "{util} with {growth} growth; spare positions {spares} of the access points").format(
        rssi=f"{req.min_rssi_dbm:g}", snr=f"{req.min_snr_db:g}", target=f"{req.coverage_target:.0%}",
        util=f"{req.max_utilization:.0%}", growth=f"{req.growth:.0%}", spares=f"{req.spare_positions:.0%}")
    if req.spare_growth is not None:
        reqs += _(", at least one for every cell split predicted at {growth} headcount growth").format(
            growth=f"{req.spare_growth:.0%}")
    if req.secondary_rssi_dbm is not None:
        reqs += _("; second access point ≥ {rssi} dBm on {target}").format(
            rssi=f"{req.secondary_rssi_dbm:g}", target=f"{req.secondary_target:.0%}")
    s.facts = [
        (_("Building"), b.name),
        (_("Country (regulatory domain)"), b.country),
        (_("Floors"), str(len(b.floors))),
        (_("Covered area"), f"{area:,.0f} m²"),
        (_("Design band"), f"{req.band} GHz"),
        (_("Requirements"), reqs),
    ]
    rows = []
    for floor in ctx.floors:
        shares = _floor_shares(ctx, floor.name)
        ff = None
        if cap:
            ff = _floor_figures(cap, floor.name)
        rows.append([
            floor.name, str(len(ctx.aps_on(floor.name))), str(sum(1 for sp in ctx.spares if sp.floor == floor.name)),
            _pct(shares.get("rssi")), _pct(shares.get("snr")),
            _pct(shares.get("secondary")) if req.secondary_rssi_dbm is not None else "—",
            _pct(ff.worst_utilization) if ff else "—", _num(ff.max_clients_per_radio, 0) if ff else "—",
            _num(ff.demand_down_mbps, 0) if ff else "—",
        ])
    s.tables.append(Table(
        [_("Floor"), _("Access points"), _("Spares"), _("Signal ≥ {rssi} dBm").format(rssi=f"{req.min_rssi_dbm:g}"),
         _("SNR ≥ {snr} dB").format(snr=f"{req.min_snr_db:g}"), _("Second AP"), _("Worst utilisation"),
         _("Max clients/radio"), _("Demand down (Mbit/s)")],
        rows, caption=_("Per floor, re-evaluated from the building and the access points (shares of covered area)"),
        numeric={1, 2, 3, 4, 5, 6, 7, 8},
    ))
    return s


def _floor_shares(ctx: CheckContext, floor: str) -> dict[str, float]:
    req = ctx.building.requirements

    def make():
        maps = ctx.coverage(floor, req.band)
        n = len(maps.best_rssi_dbm)
        if n == 0:
            return {}

        def share(values, thr):
            return float((np.nan_to_num(np.asarray(values, float), nan=-np.inf) >= thr - 1e-9).mean())

        out = {"rssi": share(maps.best_rssi_dbm, req.min_rssi_dbm), "snr": share(maps.snr_db, req.min_snr_db)}
        if req.secondary_rssi_dbm is not None:
            out["secondary"] = share(maps.second_rssi_dbm, req.secondary_rssi_dbm)
        return out

    return _try(lambda: ctx.cache(("shares", floor), make), {})


def _severity(sev: str) -> str:
    return {"error": _("error"), "warning": _("warning"), "info": _("info")}.get(sev, sev)


def _checks(findings, skipped) -> Section:
    s = Section("checks", _("Checks"))
    if not findings:
        s.paragraphs.append(_("Every check rule passed (the rules are described in docs/check.md)."))
    else:
        by_rule: dict[tuple[str, str, str], list[str]] = {}
        for f in findings:
            by_rule.setdefault((f.id, f.name, f.severity), []).append(f.location.floor or _("building"))
        rows = [[f"{code} {name}", _severity(sev), str(len(floors)), ", ".join(dict.fromkeys(floors))]
                for (code, name, sev), floors in sorted(by_rule.items())]
        s.tables.append(Table([_("Rule"), _("Severity"), _("Findings"), _("Floors")], rows,
                              caption=_("Findings by rule"), numeric={2}))
        rows = []
        for f in findings:
            loc = f.location
            where = f"{loc.file}:{loc.line}" if loc.file and loc.line else (loc.file or "")
            rows.append([_severity(f.severity), f"{f.id} {f.name}", loc.floor or "—", f.message, where])
        s.tables.append(Table([_("Severity"), _("Rule"), _("Floor"), _("Message"), _("Where")], rows,
                              caption=_("All findings (messages in English)")))
    if skipped:
        s.paragraphs.append(_("Skipped: {rules}").format(rules="; ".join(f"{k.code} ({k.reason})" for k in skipped)))
    return s


def _floor_maps(ctx: CheckContext, cab, dpi: int) -> Section:
    s = Section("floormaps", _("Floor maps"))
    s.paragraphs.append(_("Where the access points, spare positions, telecom rooms and risers are, and the cable "
                          "routes between them. Zones are named as in the building file."))
    try:
        render_floor_map = stage("wifiplan.report.floormap", "render_floor_map")
    except StageUnavailable as err:
        s.paragraphs.append(_("Floor maps are not available: {reason}.").format(reason=err))
        return s
    for floor in ctx.floors:
        png = render_floor_map(ctx.building, floor.name, ctx.aps, ctx.spares, cab, dpi=dpi)
        s.figures.append(Figure(f"{_safe(floor.name)}-map.png", _("Floor {floor}: floor map").format(floor=floor.name),
                                png, kind="map"))
    return s


def _floors(ctx: CheckContext, dpi: int) -> Section:
    s = Section("floors", _("Coverage per floor"))
    req = ctx.building.requirements
    s.paragraphs.append(_("Per floor: the signal strength of the best access point with the requirement's threshold "
                          "(marked on the colour bar and drawn as a dashed line on the map) and which access point "
                          "serves each place. Other maps: `wifiplan heatmap`."))
    try:
        render_heatmap, metric_threshold = stage("wifiplan.report.heatmap", "render_heatmap", "metric_threshold")
    except StageUnavailable as err:
        s.paragraphs.append(_("Heatmaps are not available: {reason}.").format(reason=err))
        return s
    for floor in ctx.floors:
        sub = Section(f"floor-{_safe(floor.name)}", _("Floor {floor}").format(floor=floor.name))
        try:
            maps = ctx.coverage(floor.name, req.band)
        except StageUnavailable as err:
            sub.paragraphs.append(_("Coverage maps are not available: {reason}.").format(reason=err))
            s.subsections.append(sub)
            continue
        if len(maps.best_rssi_dbm) == 0:
            sub.paragraphs.append(_("No covered area on this floor."))
            s.subsections.append(sub)
            continue
        for key, metric, caption in HEATMAP_METRICS:
            if key == "secondary" and req.secondary_rssi_dbm is None:
                continue
            thr = metric_threshold(ctx.building, metric)
            png = render_heatmap(ctx.building, maps, metric, ctx.aps, fmt="png", threshold=thr, dpi=dpi)
            sub.figures.append(Figure(f"{_safe(floor.name)}-{key}.png", f"{floor.name}: {_(caption)}", png))
        s.subsections.append(sub)
    return s
