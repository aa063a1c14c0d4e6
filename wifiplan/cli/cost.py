"""``wifiplan cost``: bill of materials, totals, and prepare-now vs retrofit-later for a plan."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from wifiplan.cli._common import err_console, out_console

__all__ = ["register", "run_cost"]

_FORMATS = ("table", "csv", "json")


def run_cost(plan_path: Path, *, building: Path | None = None, scenario: str = "new-build", book: str | None = None,
             drops: int | None = None):
    """Load a plan and its building, route the cabling when needed, and price it.

    Returns ``(CostResult, CablingResult)``. Raises the library's InputError / ConfigError.
    """
    from wifiplan.cabling import CablingOptions, route_plan
    from wifiplan.cabling.export import apply_plan_cabling
    from wifiplan.cost import estimate_costs
    from wifiplan.io.project import load_project

    project = load_project(plan_path, building=building)
    bld = project.building_model
    plan = project.plan_model
    # a hand-written plan without `settings:` uses the building's AP preset for PoE
    preset = plan.settings.ap_preset if "settings" in plan.model_fields_set else bld.ap.preset
    options = CablingOptions() if drops is None else CablingOptions(drops_per_ap=drops)
    cab = route_plan(bld, plan.aps, plan.spares, options, ap_preset=preset)
    if plan.cabling:
        cab = apply_plan_cabling(cab, plan.cabling)
    result = estimate_costs(bld, plan, cab, scenario=scenario, book=book, locate=project.building.source_map.locate)
    return result, cab


def register(app: typer.Typer) -> None:
    @app.command("cost")
    def cost(
        plan: Path = typer.Argument(..., help="Plan file (APs may be written by hand)."),
        scenario: str = typer.Option("new-build", "--scenario", help="new-build or retrofit (the current project)."),
        fmt: str = typer.Option("table", "--format", help="table, csv or json."),
        building: Path | None = typer.Option(None, "--building", help="Building file (default: the plan's `building:`)."),
        book: str | None = typer.Option(None, "--book", help="Cost book: jp or us (default: building file, else by country)."),
        drops: int | None = typer.Option(None, "--drops", min=1, max=8,
                                         help="Cat 6A drops per AP and spare outlet (default 2, TSB-162)."),
        output: Path | None = typer.Option(None, "-o", "--output", help="Write csv/json to this file instead of stdout."),
        force: bool = typer.Option(False, "--force", help="Overwrite --output if it exists."),
    ) -> None:
        """Bill of materials and costs: APs, drops, pathways, risers, fiber, switch ports, labour.

        Also compares preparing for expansion now (spare drops, conduit capacity, fiber strands) with retrofitting the growth APs later into the occupied building.
        """
        from wifiplan.cabling import cabling_summary
        from wifiplan.cost import SCENARIOS
        from wifiplan.cost.export import cost_csv, cost_json

        if fmt not in _FORMATS:
            raise typer.BadParameter(f"use one of {', '.join(_FORMATS)}", param_hint="--format")
        if scenario not in SCENARIOS:
            raise typer.BadParameter(f"use one of {', '.join(SCENARIOS)}", param_hint="--scenario")
        if book is not None:  # a flag, not the building file: say so (it said "office.yaml:2:1 costs.book")
            from wifiplan.cost.books import book_names

            if book.strip().lower() not in book_names():
                raise typer.BadParameter(f"unknown cost book '{book}'; books: {', '.join(book_names())}",
                                         param_hint="--book")
        if output is not None:
            from wifiplan.io.atomic import check_output

            check_output(output, force=force, inputs=[p for p in (plan, building) if p is not None])
        result, cab = run_cost(plan, building=building, scenario=scenario, book=book, drops=drops)
        con = err_console()
        for v in cab.violations:
            con.print(f"[yellow]warning[/yellow] cabling {v.code}: {escape(v.message)}", soft_wrap=True)
        for s in cab.suggested_rooms:
            con.print(f"[yellow]hint[/yellow] add a telecom room on {s.floor} near {s.at} (serves {len(s.serves)} outlet(s))",
                      soft_wrap=True)
        if fmt == "table":
            _print_table(result)
            return
        text = cost_csv(result) if fmt == "csv" else json.dumps(
            cost_json(result, cabling_summary=cabling_summary(cab)), indent=2, ensure_ascii=False) + "\n"
        if output is not None:
            from wifiplan.io.atomic import write_text

            write_text(output, text)
        else:
            typer.echo(text, nl=False)


def _print_table(result) -> None:
    from wifiplan.cost.export import format_money

    def money(x: float) -> str:
        return format_money(x, result.currency, result.decimals)

    con = out_console()
    t = Table(title=f"Bill of materials — {result.scenario}, book {result.book} ({result.book_title})")
    for col, just in (("category", "left"), ("item", "left"), ("floor", "left"), ("qty", "right"), ("unit", "left"),
                      ("unit cost", "right"), ("total", "right"), ("source", "left")):
        t.add_column(col, justify=just, overflow="fold")
    for line in result.lines:
        t.add_row(line.category, escape(line.item), line.floor, f"{line.quantity:,.2f}".rstrip("0").rstrip("."),
                  escape(line.unit), money(line.unit_cost) if result.decimals else f"{line.unit_cost:,.2f}",
                  money(line.total), escape(_short(line.source)))
    con.print(t)
    tc = Table(title="Totals by category")
    tc.add_column("category")
    tc.add_column("total", justify="right")
    for cat, amount in result.totals_by_category.items():
        tc.add_row(cat, money(amount))
    tc.add_row("[bold]total[/bold]", f"[bold]{money(result.total)}[/bold]")
    con.print(tc)
    tf = Table(title="Totals by floor")
    tf.add_column("floor")
    tf.add_column("total", justify="right")
    for floor, amount in result.totals_by_floor.items():
        tf.add_row(floor if floor != "-" else "building-wide", money(amount))
    con.print(tf)
    c = result.comparison
    if c is not None:
        con.print(f"\n[bold]Prepare for expansion[/bold]: {c.growth_aps} growth AP(s) (the plan's spares)"
                  + (f" on {', '.join(c.growth_floors)}" if c.growth_floors else ""))
        tp = Table(show_header=True)
        tp.add_column("option")
        tp.add_column("now", justify="right")
        tp.add_column("later", justify="right")
        tp.add_column("total", justify="right")
        tp.add_row(f"(A) prepare now ({c.current_scenario}) + activate later", money(c.prepare_now_now),
                   money(c.prepare_now_later), money(c.prepare_now_total))
        tp.add_row("(B) retrofit later into the occupied building", money(0), money(c.retrofit_later_total),
                   money(c.retrofit_later_total))
        word = "saving" if c.saving >= 0 else "extra cost"
        tp.add_row(f"[bold]{word} by preparing now (B − A)[/bold]", "", "", f"[bold]{money(c.saving)}[/bold]")
        con.print(tp)
    con.print("\nAssumptions:")
    for a in result.assumptions + (c.assumptions if c is not None else []):
        con.print(f"  - {escape(a)}", soft_wrap=True)
    con.print(f"  - labour multipliers: this project × {result.labour_multiplier:.3f}, a later retrofit × "
              f"{result.later_labour_multiplier:.3f}; `--format csv` lists every line of A and B")


def _short(source: str) -> str:
    return source if len(source) <= 60 else source[:57] + "..."
