"""The budget section: totals as a budget is approved, the phased table and the options side by side.

The report computes no money of its own beyond sums of the cost estimate's figures: tax,
contingency and common costs are lines and totals of the cost estimate
(``wifiplan.cost``) and are shown only when the estimate has them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wifiplan.report.document import Section, Table
from wifiplan.report.i18n import N_, _

if TYPE_CHECKING:
    from wifiplan.report.document import GrowthStep

__all__ = ["CATEGORY_LABELS", "Totals", "category_label", "money", "totals", "phases", "budget_section"]

#: Readable names of the cost estimate's line categories (``wifiplan.cost.bom.LINE_CATEGORIES``), in order.
CATEGORY_LABELS: dict[str, str] = {
    "access-points": N_("Access points"),
    "copper": N_("Horizontal cabling (copper)"),
    "pathways": N_("Conduit and cable trays"),
    "risers": N_("Riser penetrations"),
    "fiber": N_("Backbone optical fiber"),
    "switching": N_("Switches and PoE"),
    "retrofit": N_("Retrofit works"),
    "labour": N_("Labour"),
    "sundries": N_("Sundries"),
}


#: Lines of the cost estimate's structure (``Estimate.lines[].key``), in the report's words.
ESTIMATE_LABELS: dict[str, str] = {
    "direct_cost": N_("Direct cost (sum of the lines)"),
    "temporary_works": N_("Common temporary works"),
    "site_management": N_("Site management"),
    "general_admin": N_("General administration"),
    "general_conditions": N_("General conditions"),
    "overhead_profit": N_("Overhead and profit"),
    "works_price": N_("Works price"),
    "contingency": N_("Contingency"),
    "total_excl_tax": N_("Total excluding tax"),
    "consumption_tax": N_("Consumption tax"),
    "sales_tax": N_("Sales tax on materials"),
    "total_incl_tax": N_("Total including tax"),
}


def estimate_label(line: Any) -> str:
    """An estimate line's label in the active language, with its rate (``Contingency (5%)``)."""
    text = _(ESTIMATE_LABELS[line.key]) if line.key in ESTIMATE_LABELS else line.label
    rate = getattr(line, "rate", None)
    if rate is not None and line.key not in ("direct_cost",):
        digits = 0 if abs(rate * 100 - round(rate * 100)) < 1e-9 else 2
        text += f" ({100 * rate:.{digits}f}%)"
    return text


def category_label(category: str) -> str:
    """The category in the active language (unknown categories as they are)."""
    return _(CATEGORY_LABELS[category]) if category in CATEGORY_LABELS else category


def _category_order(categories) -> list[str]:
    order = list(CATEGORY_LABELS)
    return sorted(categories, key=lambda c: (order.index(c) if c in order else len(order), c))


@dataclass(frozen=True)
class Totals:
    """The totals of one cost estimate, as far as the estimate has them.

    ``extras`` are (label, amount) lines between the lines' sum and the total excluding
    tax (contingency, common costs); ``tax`` and ``incl_tax`` are None when the estimate
    has no tax.
    """

    lines: float
    extras: list[tuple[str, float]] = field(default_factory=list)
    excl_tax: float = 0.0
    tax_rate: float | None = None
    tax: float | None = None
    incl_tax: float | None = None


def money(amount: float, result: Any) -> str:
    """``amount`` in the estimate's currency and rounding, e.g. ``JPY 1,234,000`` (``1,234,000 円`` in Japanese)."""
    from wifiplan.report.document import _money

    return _money(amount, result.currency, result.decimals)


def _first(obj: Any, *names: str) -> Any:
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return None


def totals(result: Any) -> Totals:
    """The totals of a ``CostResult``: the lines' sum, extras, excl./incl. tax (when present).

    With the cost stage's ``estimate`` (common costs, contingency, tax) its figures are
    used as they are; without, the older fields, or the lines' sum excluding tax.
    """
    lines = float(sum(ln.total for ln in result.lines))
    est = getattr(result, "estimate", None)
    if est is not None:
        tax_line = next((ln for ln in est.lines if ln.kind == "tax"), None)
        return Totals(lines=lines, extras=[(_("Common costs"), float(est.common_costs)),
                                           (_("Contingency"), float(est.contingency))],
                      excl_tax=float(est.total_excl_tax), tax_rate=tax_line.rate if tax_line is not None else None,
                      tax=float(est.tax), incl_tax=float(est.total_incl_tax))
    extras = []
    for label, names in ((_("Contingency"), ("contingency", "contingency_total")),
                         (_("Common costs"), ("common_costs", "common_total", "common"))):
        value = _first(result, *names)
        if isinstance(value, int | float):
            extras.append((label, float(value)))
    excl = _first(result, "total_excl_tax", "subtotal_excl_tax")
    if not isinstance(excl, int | float):
        excl = float(result.total)
    tax = _first(result, "tax", "tax_total", "consumption_tax")
    incl = _first(result, "total_incl_tax", "total_with_tax")
    rate = _first(result, "tax_rate")
    return Totals(lines=lines, extras=extras, excl_tax=float(excl),
                  tax_rate=float(rate) if isinstance(rate, int | float) else None,
                  tax=float(tax) if isinstance(tax, int | float) else None,
                  incl_tax=float(incl) if isinstance(incl, int | float) else None)


def _incl_tax_phases(nb: Any) -> bool:
    """True when the estimate prices the comparison including tax (the phased table is then incl. tax)."""
    cmp_ = nb.comparison
    return (getattr(nb, "estimate", None) is not None and cmp_ is not None
            and getattr(cmp_, "retrofit_later_estimate", None) is not None)


def phases(nb: Any, steps: Sequence[GrowthStep] | None) -> list[tuple[str, str, float, float | None]]:
    """Rows (phase, when, prepared now, minimal) of the phased budget.

    The build year with the spare positions prepared is the new-build total; without,
    the same less the preparation (``comparison.prepare_now_now``). Then either the given
    growth steps (an expansion path) or, without a path, one step: the spare positions
    turned into access points (``prepare_now_later`` vs ``retrofit_later_total``).
    When the cost stage prices the comparison with common costs, contingency and tax
    (``Estimate``), every figure is including tax (``*_incl_tax``, the later contracts'
    own estimates); otherwise excluding tax. Growth steps are taken on the same basis.
    """
    cmp_ = nb.comparison
    if _incl_tax_phases(nb):
        build = float(nb.estimate.total_incl_tax)
        minimal_build: float | None = build - float(cmp_.prepare_now_now_incl_tax)
        later = cmp_.prepare_now_later_estimate
        later_prep = float(later.total_incl_tax) if later is not None else float(cmp_.prepare_now_later)
        later_min = float(cmp_.retrofit_later_estimate.total_incl_tax)
    else:
        build = totals(nb).excl_tax
        minimal_build = build - cmp_.prepare_now_now if cmp_ is not None else None
        later_prep = float(cmp_.prepare_now_later) if cmp_ is not None else 0.0
        later_min = float(cmp_.retrofit_later_total) if cmp_ is not None else 0.0
    rows: list[tuple[str, str, float, float | None]] = [(_("Build"), _("build year"), build, minimal_build)]
    if steps:
        rows += [(s.name, s.year, float(s.cost), None if s.cost_without_spares is None else float(s.cost_without_spares))
                 for s in steps]
    elif cmp_ is not None and cmp_.growth_aps:
        rows.append((_("Growth: {n} access point(s) on the spare positions").format(n=cmp_.growth_aps), _("later"),
                     later_prep, later_min))
    return rows


def budget_section(cost: dict[str, Any] | None, steps: Sequence[GrowthStep] | None = None, *,
                   growth_path: dict[str, Any] | None = None, dpi: int = 110,
                   options: Sequence[Any] | None = None) -> Section:
    """Budget: totals excl./incl. tax, the phased table (prepare now vs minimal, through the
    growth steps of ``growth_path`` or ``steps``), the growth chart, and ``options`` side by side."""
    s = Section("budget", _("Budget"))
    if not cost:
        s.paragraphs.append(_("Cost estimation is not available in this version."))
        return s
    nb, rf = cost["new-build"], cost["retrofit"]
    if growth_path is not None:
        from wifiplan.report.expansion import steps_from_path

        steps = steps_from_path(growth_path, incl_tax=_incl_tax_phases(nb))
    tn, tr = totals(nb), totals(rf)
    if getattr(nb, "estimate", None) is not None and getattr(rf, "estimate", None) is not None:
        s.tables.append(_estimate_table(nb, rf))
        _phased(s, nb, steps, growth_path, dpi)
        _options(s, options)
        return s
    cats = _category_order(set(nb.totals_by_category) | set(rf.totals_by_category))
    rows = [[category_label(c), money(nb.totals_by_category.get(c, 0.0), nb), money(rf.totals_by_category.get(c, 0.0), rf)]
            for c in cats]
    rows.append([_("Sum of the lines"), money(tn.lines, nb), money(tr.lines, rf)])
    extra_labels = dict.fromkeys([label for label, _v in tn.extras + tr.extras])
    for label in extra_labels:
        rows.append([label, money(dict(tn.extras).get(label, 0.0), nb), money(dict(tr.extras).get(label, 0.0), rf)])
    bold = {len(rows)}
    rows.append([_("Total excluding tax"), money(tn.excl_tax, nb), money(tr.excl_tax, rf)])
    if tn.tax is not None and tn.incl_tax is not None:
        rate = f" ({tn.tax_rate:.0%})" if tn.tax_rate is not None else ""
        rows.append([_("Consumption tax") + rate, money(tn.tax, nb), money(tr.tax or 0.0, rf)])
        bold.add(len(rows))
        rows.append([_("Total including tax"), money(tn.incl_tax, nb), money(tr.incl_tax or 0.0, rf)])
    s.tables.append(Table([_("Category"), _("New build"), _("Retrofit of the existing building")], rows,
                          caption=_("Cost book {book} ({title}); totals as computed by the cost estimate").format(
                              book=nb.book, title=nb.book_title), numeric={1, 2}, total_rows=bold))
    if tn.tax is None:
        s.paragraphs.append(_("The cost estimate of this version has no consumption tax or contingency lines: "
                              "all amounts exclude tax."))
    _phased(s, nb, steps, growth_path, dpi)
    _options(s, options)
    return s


def _estimate_table(nb: Any, rf: Any) -> Table:
    """Categories of direct cost, then the estimate's lines (common costs, contingency, tax) by key."""
    cats = _category_order(set(nb.totals_by_category) | set(rf.totals_by_category))
    rows = [[category_label(c), money(nb.totals_by_category.get(c, 0.0), nb), money(rf.totals_by_category.get(c, 0.0), rf)]
            for c in cats]
    other = {ln.key: ln for ln in rf.estimate.lines}
    bold = set()
    for ln in nb.estimate.lines:
        o = other.get(ln.key)
        label = estimate_label(ln)
        if o is not None and getattr(o, "rate", None) is not None and ln.rate is not None and abs(o.rate - ln.rate) > 1e-12:
            label = (_(ESTIMATE_LABELS[ln.key]) if ln.key in ESTIMATE_LABELS else ln.label) + \
                f" ({100 * ln.rate:.2f}% / {100 * o.rate:.2f}%)"
        if ln.kind in ("subtotal", "total", "direct"):
            bold.add(len(rows))
        rows.append([label, money(ln.amount, nb), "—" if o is None else money(o.amount, rf)])
    return Table([_("Category"), _("New build"), _("Retrofit of the existing building")], rows,
                 caption=_("Cost book {book} ({title}); estimate as computed by the cost stage ({method})").format(
                     book=nb.book, title=nb.book_title, method=nb.estimate.method), numeric={1, 2}, total_rows=bold)


def _phased(s: Section, nb: Any, steps: Sequence[GrowthStep] | None, growth_path: dict[str, Any] | None = None,
            dpi: int = 110) -> None:
    rows = []
    sum_prep, sum_min = 0.0, 0.0
    have_min = True
    unmet = False
    rows_phases = phases(nb, steps)
    met = {st.name: (st.met, st.met_without_spares) for st in steps or ()}
    for phase, when, prepared, minimal in rows_phases:
        ok_prep, ok_min = met.get(phase, (True, True))
        unmet = unmet or not ok_prep or not ok_min
        rows.append([phase, when, money(prepared, nb) + ("" if ok_prep else " †"),
                     "—" if minimal is None else money(minimal, nb) + ("" if ok_min else " †")])
        sum_prep += prepared
        if minimal is None:
            have_min = False
        else:
            sum_min += minimal
    rows.append([_("Total"), "", money(sum_prep, nb), money(sum_min, nb) if have_min else "—"])
    incl = _incl_tax_phases(nb)
    s.tables.append(Table([_("Phase"), _("When"), _("Prepare now (spare positions cabled)"),
                           _("Minimal now, retrofit later")], rows,
                          caption=_("Phased budget, including tax (new build)") if incl else
                          _("Phased budget, excluding tax (new build)"), numeric={2, 3},
                          total_rows={len(rows) - 1}))
    if unmet:
        s.paragraphs.append(_("† The step misses a requirement on check's evaluation even after growing; its cost is "
                              "what the expansion path priced (see the path's details)."))
    if not steps:
        s.paragraphs.append(_("No expansion path was given; the growth phase is the spare positions turned into "
                              "access points. Give the growth steps (`wifiplan report --growth-steps 0.15,0.3,0.5`) "
                              "to budget each step."))
    elif growth_path is not None:
        _growth(s, nb, list(steps), growth_path, rows_phases[0], incl, dpi)
    s.links = [("prepare", _("Prepare now vs retrofit later: lines")), ("cost", _("Bill of materials")),
               ("assumptions", _("Assumptions and sources"))]


def _growth(s: Section, nb: Any, steps: list[GrowthStep], path: dict[str, Any], build: tuple, incl: bool,
            dpi: int) -> None:
    """The expansion path's subsection: what the steps add, the chart, the path's assumptions."""
    from wifiplan.report.document import Figure
    from wifiplan.report.expansion import growth_chart, path_totals

    with_, without = path_totals(path, incl_tax=incl)
    sub = Section("growth", _("Growth steps"))
    sub.paragraphs.append(_(
        "Each growth step is planned on the previous one (`wifiplan grow`): every zone's headcount × (1 + step), the "
        "access points already installed kept in place, spare positions used first. With the spare positions "
        "prepared, the steps add {with_} in total; without them, {without} ({basis}).").format(
        with_=money(with_, nb), without=money(without, nb), basis=_("incl. tax") if incl else _("excl. tax")))
    start = float(path["start"]["people"])
    below = [st.name for st in steps if st.people is not None and st.people <= start]
    if below:
        sub.paragraphs.append(_("The build year's plan already carries {people} people (the requirements' growth "
                                "allowance), so these steps add nothing or little: {steps}.").format(
            people=f"{start:,.0f}", steps=", ".join(below)))
    rows = [[st.name, st.year, st.what] for st in steps]
    sub.tables.append(Table([_("Step"), _("When"), _("What is added (with the spare positions)")], rows))
    png = growth_chart(steps, build_prepared=build[2], build_minimal=build[3],
                       people_start=float(path["start"]["people"]), currency=_currency_label(nb), incl_tax=incl,
                       dpi=dpi)
    sub.figures.append(Figure("growth.png", _("Cumulative cost and people carried per step, with and without the "
                                              "spare positions"), png, kind="map"))
    # the path's own assumption sentences are English (``wifiplan grow`` prints them); the report
    # says the same in the report's language
    sub.paragraphs.append(_(
        "Assumptions of the expansion path: a step s multiplies every zone's headcount by (1 + s), with no growth "
        "allowance, and is planned on the previous step's plan (installed access points kept in place, spare "
        "positions used first, then new positions). Without spare positions: the same access points with every "
        "spare position removed. A step costs the access point, mount and labour for each added access point, a "
        "retrofit cable run into the occupied building for each new position, and a whole switch where a telecom "
        "room's ports run out (renovation labour)."))
    if path.get("prepare_now"):
        sub.paragraphs.append(_("Preparing now costs the first project {cost} more for its {spares} spare "
                                "position(s): drops and pathway capacity for growth (switch ports are bought when "
                                "access points are installed).").format(
            cost=money(float(path["prepare_now"]["cost_incl_tax"] if incl else path["prepare_now"]["cost"]), nb),
            spares=path["prepare_now"]["spares"]))
    s.subsections.append(sub)


def _currency_label(nb: Any) -> str:
    from wifiplan.report.i18n import current_language

    return "円" if nb.currency == "JPY" and current_language() == "ja" else nb.currency


def _options(s: Section, options: Sequence[Any] | None) -> None:
    if not options:
        return
    from wifiplan.report.options import options_table

    s.tables.append(options_table(options))
