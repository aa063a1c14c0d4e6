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
    """The totals of a ``CostResult``: the lines' sum, extras, excl./incl. tax (when present)."""
    lines = float(sum(ln.total for ln in result.lines))
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


def phases(nb: Any, steps: Sequence[GrowthStep] | None) -> list[tuple[str, str, float, float | None]]:
    """Rows (phase, when, prepared now, minimal) of the phased budget, excluding tax.

    The build year with the spare positions prepared is the new-build total; without,
    the same less the preparation (``comparison.prepare_now_now``). Then either the given
    growth steps (an expansion path) or, without a path, one step: the spare positions
    turned into access points (``prepare_now_later`` vs ``retrofit_later_total``).
    """
    cmp_ = nb.comparison
    t = totals(nb).excl_tax
    minimal_build = t - cmp_.prepare_now_now if cmp_ is not None else None
    rows: list[tuple[str, str, float, float | None]] = [(_("Build"), _("build year"), t, minimal_build)]
    if steps:
        rows += [(s.name, s.year, float(s.cost), None if s.cost_without_spares is None else float(s.cost_without_spares))
                 for s in steps]
    elif cmp_ is not None and cmp_.growth_aps:
        rows.append((_("Growth: {n} access points on the spare positions").format(n=cmp_.growth_aps), _("later"),
                     float(cmp_.prepare_now_later), float(cmp_.retrofit_later_total)))
    return rows


def budget_section(cost: dict[str, Any] | None, steps: Sequence[GrowthStep] | None = None) -> Section:
    """Budget: totals excl./incl. tax, the phased table, prepare-now vs minimal side by side."""
    s = Section("budget", _("Budget"))
    if not cost:
        s.paragraphs.append(_("Cost estimation is not available in this version."))
        return s
    nb, rf = cost["new-build"], cost["retrofit"]
    tn, tr = totals(nb), totals(rf)
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
    rows = []
    sum_prep, sum_min = 0.0, 0.0
    have_min = True
    for phase, when, prepared, minimal in phases(nb, steps):
        rows.append([phase, when, money(prepared, nb), "—" if minimal is None else money(minimal, nb)])
        sum_prep += prepared
        if minimal is None:
            have_min = False
        else:
            sum_min += minimal
    rows.append([_("Total"), "", money(sum_prep, nb), money(sum_min, nb) if have_min else "—"])
    s.tables.append(Table([_("Phase"), _("When"), _("Prepare now (spare positions cabled)"),
                           _("Minimal now, retrofit later")], rows,
                          caption=_("Phased budget, excluding tax (new build)"), numeric={2, 3},
                          total_rows={len(rows) - 1}))
    if not steps:
        s.paragraphs.append(_("This version does not compute an expansion path; the growth phase is the spare "
                              "positions turned into access points. Further growth steps are not estimated."))
    s.links = [("prepare", _("Prepare now vs retrofit later: lines")), ("cost", _("Bill of materials")),
               ("assumptions", _("Assumptions and sources"))]
    return s
