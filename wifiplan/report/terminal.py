"""Rich tables for the terminal: the plan summary per floor."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["plan_summary_table", "print_plan_summary"]


def _pct(value: Any) -> str:
    return "–" if value is None else f"{float(value):.1f} %"


def plan_summary_table(summary: dict[str, Any]) -> Table:
    """One row per floor: APs, spares, coverage, worst utilisation, demand, clients per radio."""
    cap = summary.get("max_utilization")
    limit = summary.get("max_clients_per_radio")
    has_sec = any("secondary_pct" in f for f in summary.get("floors", []))
    table = Table(title=f"Plan: {summary.get('aps', 0)} APs, {summary.get('spares', 0)} spares, "
                        f"{summary.get('band')} GHz at {summary.get('width_mhz')} MHz ({summary.get('country')})",
                  title_justify="left")
    table.add_column("Floor")
    table.add_column("APs", justify="right")
    table.add_column("Spares", justify="right")
    table.add_column("Coverage", justify="right")
    if has_sec:
        table.add_column("Secondary", justify="right")
    table.add_column(f"Worst util. (cap {cap})", justify="right")
    table.add_column(f"Clients/radio (≤ {limit})", justify="right")
    table.add_column("Demand ↓/↑ Mbit/s", justify="right")
    for f in summary.get("floors", []):
        util = float(f.get("worst_utilization", 0.0))
        util_s = f"{util:.2f}"
        if cap is not None and util > float(cap) + 1e-9:
            util_s = f"[red]{util_s}[/red]"
        clients = float(f.get("max_clients_per_radio", 0.0))
        cl_s = f"{clients:.0f}"
        if limit is not None and clients > float(limit) + 1e-9:
            cl_s = f"[red]{cl_s}[/red]"
        row = [str(f["floor"]), str(f.get("aps", 0)), str(f.get("spares", 0)), _pct(f.get("coverage_pct"))]
        if has_sec:
            row.append(_pct(f.get("secondary_pct")))
        row += [util_s, cl_s, f"{f.get('demand_down_mbps', 0):.0f} / {f.get('demand_up_mbps', 0):.0f}"]
        table.add_row(*row)
    return table


def print_plan_summary(console: Console, summary: dict[str, Any], *, plan_path: str | None = None,
                       seconds: float | None = None, unmet_groups: list[dict[str, Any]] | None = None) -> None:
    """The per-floor table, the lower bound and ratio, cost, and any unmet requirement.

    ``unmet_groups`` (``[{kind, items, hint}]``, from ``workflow.hints``) lists the unmet
    items by kind, each group followed by what would fix it; without it the plain list.
    """
    console.print(plan_summary_table(summary))
    lb = summary.get("lower_bound", {})
    if lb:
        console.print(
            f"Lower bound: {lb.get('aps')} APs (coverage {lb.get('coverage')}, airtime {lb.get('airtime')}, "
            f"clients {lb.get('clients')}); this plan: {summary.get('aps')} APs, "
            f"ratio {float(lb.get('ratio', 0)):.2f}"
        )
    cost = summary.get("cost")
    if cost:
        incl = cost.get("total_incl_tax")
        console.print(f"Cost ({cost.get('scenario')}, book {cost.get('book')}): direct "
                      f"{float(cost.get('total', 0)):,.0f} {cost.get('currency')}"
                      + (f"; with common costs, contingency and tax {float(incl):,.0f} {cost.get('currency')}"
                         if incl else ""))
    if summary.get("requirements_met"):
        console.print("[green]All requirements met[/green]")
    else:
        console.print("[red]Requirements not met:[/red]")
        groups = unmet_groups or [{"items": summary.get("unmet", []), "hint": None}]
        for group in groups:
            for item in group["items"]:
                console.print(f"  - {item}", soft_wrap=True, markup=False)
            if group.get("hint"):
                console.print(f"    what would fix it: {group['hint']}", soft_wrap=True, markup=False)
    if plan_path:
        extra = f" in {seconds:.1f} s" if seconds is not None else ""
        console.print(f"Plan written to {plan_path}{extra}", soft_wrap=True, markup=False)
