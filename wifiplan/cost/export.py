"""A cost result as CSV text or a JSON-able dict (machine output; tables live in the CLI)."""

from __future__ import annotations

import csv
import io
from typing import Any

from wifiplan.cost.models import BomLine, CostResult

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


def cost_csv(result: CostResult) -> str:
    """Every BOM line (section ``bom``) and the comparison's lines, one per row, with a header.

    Totals are not rows: each section's total is the sum of its ``total`` column.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for line in result.lines:
        w.writerow(_row(line, result))
    if result.comparison is not None:
        for line in result.comparison.lines:
            w.writerow(_row(line, result))
    return buf.getvalue()


def cost_summary(result: CostResult) -> dict[str, Any]:
    """Figures for the plan's ``summary.cost`` (JSON-able, no lines)."""
    out: dict[str, Any] = {
        "scenario": result.scenario, "book": result.book, "currency": result.currency, "total": result.total,
        "by_category": dict(result.totals_by_category), "by_floor": dict(result.totals_by_floor),
    }
    if result.comparison is not None:
        c = result.comparison
        out["prepare_now_total"] = c.prepare_now_total
        out["retrofit_later_total"] = c.retrofit_later_total
        out["saving"] = c.saving
        out["growth_aps"] = c.growth_aps
    return out


def cost_json(result: CostResult, *, cabling_summary: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole result as a JSON-able dict (lines, totals, comparison, assumptions)."""
    data = result.model_dump(mode="json")
    if cabling_summary is not None:
        data["cabling"] = cabling_summary
    return data
