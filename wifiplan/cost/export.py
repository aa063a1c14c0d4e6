"""A cost result as CSV text or a JSON-able dict (machine output; tables live in the CLI)."""

from __future__ import annotations

import csv
import io
from typing import Any

from wifiplan.cost.models import BomLine, CostResult, Estimate

__all__ = ["CSV_COLUMNS", "cost_csv", "cost_json", "cost_summary", "format_money"]

#: Columns of :func:`cost_csv`, in order.
CSV_COLUMNS = (
    "section", "phase", "category", "item", "key", "floor", "quantity", "unit", "unit_cost", "total", "currency",
    "source", "note",
)


def format_money(amount: float, currency: str, decimals: int) -> str:
    """``¥1,234`` / ``$1,234.50`` / ``1,234.00 EUR``.

    >>> format_money(1234567, "JPY", 0), format_money(-12.5, "USD", 2)
    ('¥1,234,567', '-$12.50')
    """
    sign = "-" if amount < 0 else ""
    body = f"{abs(amount):,.{decimals}f}"
    symbol = {"JPY": "¥", "USD": "$"}.get(currency)
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"


def _num(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


def _row(line: BomLine, result: CostResult) -> list[str]:
    return [
        line.section, line.phase, line.category, line.item, line.key, line.floor, _num(line.quantity, 2), line.unit,
        _num(line.unit_cost, 2), _num(line.total, result.decimals), result.currency, line.source, line.note or "",
    ]


def _estimate_rows(est: Estimate, section: str, result: CostResult) -> list[list[str]]:
    d = result.decimals
    return [[section, "now" if section == "estimate" else "later", line.kind, line.label, line.key, "-", "1.00", "lot",
             _num(line.amount, 2), _num(line.amount, d), result.currency, line.source, line.formula]
            for line in est.lines]


def cost_csv(result: CostResult) -> str:
    """Every BOM line (section ``bom``) and the comparison's lines, one per row, with a header;
    then the estimate lines (section ``estimate``: direct cost, common costs, contingency,
    tax, totals excl. and incl. tax; ``prepare-now-estimate`` and ``retrofit-later-estimate``
    for the later contracts of the comparison), each as one ``lot`` with its formula in
    ``note``.

    The BOM sections' totals are the sums of their ``total`` column; in the estimate sections
    the ``total_excl_tax`` and ``total_incl_tax`` rows are the totals (do not sum them).
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for line in result.lines:
        w.writerow(_row(line, result))
    c = result.comparison
    if c is not None:
        for line in c.lines:
            w.writerow(_row(line, result))
    if result.estimate is not None:
        w.writerows(_estimate_rows(result.estimate, "estimate", result))
    if c is not None and c.prepare_now_later_estimate is not None and c.retrofit_later_estimate is not None:
        w.writerows(_estimate_rows(c.prepare_now_later_estimate, "prepare-now-estimate", result))
        w.writerows(_estimate_rows(c.retrofit_later_estimate, "retrofit-later-estimate", result))
    return buf.getvalue()


def cost_summary(result: CostResult) -> dict[str, Any]:
    """Figures for the plan's ``summary.cost`` (JSON-able, no lines)."""
    out: dict[str, Any] = {
        "scenario": result.scenario, "book": result.book, "currency": result.currency, "total": result.total,
        "by_category": dict(result.totals_by_category), "by_floor": dict(result.totals_by_floor),
        "direct_cost": result.total, "total_excl_tax": result.total_excl_tax, "total_incl_tax": result.total_incl_tax,
    }
    if result.estimate is not None:
        out["common_costs"] = result.estimate.common_costs
        out["contingency"] = result.estimate.contingency
        out["tax"] = result.estimate.tax
    if result.comparison is not None:
        c = result.comparison
        out["prepare_now_total"] = c.prepare_now_total
        out["retrofit_later_total"] = c.retrofit_later_total
        out["saving"] = c.saving
        out["growth_aps"] = c.growth_aps
        out["prepare_now_total_incl_tax"] = c.prepare_now_total_incl_tax
        out["retrofit_later_total_incl_tax"] = c.retrofit_later_total_incl_tax
        out["saving_incl_tax"] = c.saving_incl_tax
        if c.per_spare:
            out["per_spare"] = dict(c.per_spare)
    return out


def cost_json(result: CostResult, *, cabling_summary: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole result as a JSON-able dict (lines, totals, comparison, assumptions)."""
    data = result.model_dump(mode="json")
    if cabling_summary is not None:
        data["cabling"] = cabling_summary
    return data
