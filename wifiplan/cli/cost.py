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
             drops: int | None = None, with_sensitivity: bool = False):
    """Load a plan and its building, route the cabling when needed, and price it.

    Returns ``(CostResult, CablingResult)``, or ``(CostResult, CablingResult, rows)`` with
    ``with_sensitivity``. Raises the library's InputError / ConfigError.
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
    locate = project.building.source_map.locate
    result = estimate_costs(bld, plan, cab, scenario=scenario, book=book, locate=locate)
    if with_sensitivity:
        from wifiplan.cost import sensitivity

        return result, cab, sensitivity(bld, plan, cab, scenario=scenario, book=book, locate=locate)
    return result, cab


def run_step_cost(plan_path: Path, *, building: Path | None = None, book: str | None = None,
                  drops: int | None = None):
    """The growth-step cost (:func:`wifiplan.cost.step.step_cost`) of a plan made with
    ``plan --existing``; None for a plan without ``origin`` on its APs."""
    from wifiplan.cabling import CablingOptions, route_plan
    from wifiplan.cabling.export import apply_plan_cabling
    from wifiplan.cost.step import is_step, step_cost
    from wifiplan.io.project import load_project

    project = load_project(plan_path, building=building)
    plan = project.plan_model
    if not is_step(plan):
        return None
    bld = project.building_model
    preset = plan.settings.ap_preset if "settings" in plan.model_fields_set else bld.ap.preset
    options = CablingOptions() if drops is None else CablingOptions(drops_per_ap=drops)
    cab = route_plan(bld, plan.aps, plan.spares, options, ap_preset=preset)
    if plan.cabling:
        cab = apply_plan_cabling(cab, plan.cabling)
    return step_cost(bld, plan, cab, book=book)


def _print_step(step) -> None:
    from wifiplan.cost.export import format_money

    con = out_console()
    money = lambda x: format_money(x, step.currency, step.decimals)  # noqa: E731
    con.print(f"[bold]Growth step[/bold] (plan made with --existing): {step.kept} AP(s) kept, {step.on_spares} on "
              f"spare positions, {step.new_positions} on new positions ({step.new_runs} new run(s), "
              f"{step.new_cable_m:,.0f} m of cable)", soft_wrap=True)
    t = Table(title="Cost of the step (direct)", title_justify="left")
    t.add_column("category")
    t.add_column("total", justify="right")
    for cat, amount in step.summary()["by_category"].items():
        t.add_row(cat, money(amount))
    t.add_row("[bold]direct cost[/bold]", f"[bold]{money(step.total)}[/bold]")
    t.add_row("[bold]with common costs, contingency and tax[/bold]", f"[bold]{money(step.total_incl_tax)}[/bold]")
    con.print(t)
    for room in step.rooms:
        if room.note:
            con.print(f"  {escape(room.name)}: {escape(room.note)}", soft_wrap=True)
    for item in step.over_limit:
        con.print(f"  [yellow]not priced[/yellow] {escape(item)}", soft_wrap=True)
    con.print("Step assumptions:")
    for a in step.assumptions:
        con.print(f"  - {escape(a)}", soft_wrap=True)
    con.print("")


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
        detail: bool = typer.Option(False, "--detail", help="Table: every BOM line with its source, the estimate's "
                                                             "formulas and the labour derivation."),
        sens: bool = typer.Option(False, "--sensitivity", help="Table: total incl. tax with the AP price, labour rate "
                                                                "and retrofit factor at -20 % / +20 %."),
        output: Path | None = typer.Option(None, "-o", "--output", help="Write csv/json to this file instead of stdout."),
        force: bool = typer.Option(False, "--force", help="Overwrite --output if it exists."),
    ) -> None:
        """Costs of a plan: direct cost, common costs, contingency and tax, by category and floor.

        Also compares preparing for expansion now (spare drops, pathway capacity) with retrofitting the growth APs later into the occupied building, each later contract priced at its own size, in total, per spare and item by item. `--detail` lists every line with its source; `--format csv` / `json` give all lines.

        Example: wifiplan cost office.plan.yaml --scenario retrofit --detail
        """
        from wifiplan.cabling import cabling_summary
        from wifiplan.cost import SCENARIOS
        from wifiplan.cost.export import cost_csv, cost_json

        if fmt not in _FORMATS:
            raise typer.BadParameter(f"use one of {', '.join(_FORMATS)}", param_hint="--format")
        if scenario not in SCENARIOS:
            raise typer.BadParameter(f"use one of {', '.join(SCENARIOS)}", param_hint="--scenario")
        if sens and fmt == "csv":
            raise typer.BadParameter("use it with --format table or json (CSV holds the cost lines only)",
                                     param_hint="--sensitivity")
        if book is not None:  # a flag, not the building file: say so (it said "office.yaml:2:1 costs.book")
            from wifiplan.cost.books import book_names

            if book.strip().lower() not in book_names():
                raise typer.BadParameter(f"unknown cost book '{book}'; books: {', '.join(book_names())}",
                                         param_hint="--book")
        if output is not None:
            from wifiplan.io.atomic import check_output

            check_output(output, force=force, inputs=[p for p in (plan, building) if p is not None])
        got = run_cost(plan, building=building, scenario=scenario, book=book, drops=drops, with_sensitivity=sens)
        result, cab = got[0], got[1]
        rows = got[2] if sens else None
        con = err_console()
        for v in cab.violations:
            con.print(f"[yellow]warning[/yellow] cabling {v.code}: {escape(v.message)}", soft_wrap=True)
        for s in cab.suggested_rooms:
            con.print(f"[yellow]hint[/yellow] add a telecom room on {s.floor} near {s.at} (serves {len(s.serves)} outlet(s))",
                      soft_wrap=True)
        step = run_step_cost(plan, building=building, book=book, drops=drops)
        if fmt == "table":
            if step is not None:
                _print_step(step)
            _print_table(result, detail=detail, sensitivity_rows=rows)
            return
        if fmt == "csv":
            text = cost_csv(result)
        else:
            data = cost_json(result, cabling_summary=cabling_summary(cab))
            if rows is not None:
                data["sensitivity"] = [r.model_dump(mode="json") for r in rows]
            if step is not None:
                data["step"] = {**step.summary(), "assumptions": list(step.assumptions),
                                "rooms": [vars(r) for r in step.rooms]}
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        if output is not None:
            from wifiplan.io.atomic import write_text

            write_text(output, text)
        else:
            typer.echo(text, nl=False)


def _money_fn(result):
    from wifiplan.cost.export import format_money

    return lambda x: format_money(x, result.currency, result.decimals)


def _estimate_table(est, money, *, title: str, detail: bool) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column("line")
    t.add_column("basis", justify="right")
    t.add_column("rate", justify="right")
    t.add_column("amount", justify="right")
    if detail:
        t.add_column("formula", overflow="fold")
        t.add_column("source", overflow="fold")
    for line in est.lines:
        bold = line.kind in ("subtotal", "total", "direct")
        label = f"[bold]{escape(line.label)}[/bold]" if bold else f"  {escape(line.label)}"
        row = [label, money(line.base) if line.base is not None else "",
               f"{line.rate:.2%}" if line.rate is not None else "",
               f"[bold]{money(line.amount)}[/bold]" if bold else money(line.amount)]
        if detail:
            row += [escape(line.formula), escape(line.source)]
        t.add_row(*row)
    return t


def _print_table(result, *, detail: bool = False, sensitivity_rows=None) -> None:
    money = _money_fn(result)
    con = out_console()
    con.print(f"[bold]Cost — {result.scenario}, book {result.book}[/bold] ({escape(result.book_title)})")
    if detail:
        t = Table(title="Bill of materials (direct cost)", title_justify="left")
        for col, just in (("category", "left"), ("item", "left"), ("floor", "left"), ("qty", "right"), ("unit", "left"),
                          ("unit cost", "right"), ("total", "right"), ("source", "left")):
            t.add_column(col, justify=just, overflow="fold")
        for line in result.lines:
            t.add_row(line.category, escape(line.item), line.floor, f"{line.quantity:,.2f}".rstrip("0").rstrip("."),
                      escape(line.unit), money(line.unit_cost) if result.decimals else f"{line.unit_cost:,.2f}",
                      money(line.total), escape(line.source))
        con.print(t)
    tc = Table(title="Direct cost by category", title_justify="left")
    tc.add_column("category")
    tc.add_column("total", justify="right")
    for cat, amount in result.totals_by_category.items():
        tc.add_row(cat, money(amount))
    tc.add_row("[bold]direct cost[/bold]", f"[bold]{money(result.total)}[/bold]")
    con.print(tc)
    tf = Table(title="Direct cost by floor", title_justify="left")
    tf.add_column("floor")
    tf.add_column("total", justify="right")
    for floor, amount in result.totals_by_floor.items():
        tf.add_row(floor if floor != "-" else "building-wide", money(amount))
    con.print(tf)
    est = result.estimate
    if est is not None:
        con.print(_estimate_table(est, money, title="Estimate", detail=detail))
        con.print(f"  priced as: {escape(est.contract)}", soft_wrap=True)
    c = result.comparison
    if c is not None:
        con.print(f"\n[bold]Prepare for expansion[/bold]: {c.growth_aps} growth AP(s) (the plan's spares)"
                  + (f" on {', '.join(c.growth_floors)}" if c.growth_floors else ""))
        tp = Table(show_header=True)
        tp.add_column("option")
        tp.add_column("now (direct)", justify="right")
        tp.add_column("later (direct)", justify="right")
        tp.add_column("direct total", justify="right")
        tp.add_column("total incl. tax", justify="right")
        tp.add_row(f"(A) prepare now ({c.current_scenario}) + activate later", money(c.prepare_now_now),
                   money(c.prepare_now_later), money(c.prepare_now_total), money(c.prepare_now_total_incl_tax))
        tp.add_row("(B) retrofit later into the occupied building", money(0), money(c.retrofit_later_total),
                   money(c.retrofit_later_total), money(c.retrofit_later_total_incl_tax))
        word = "saving" if c.saving_incl_tax >= 0 else "extra cost"
        tp.add_row(f"[bold]{word} by preparing now (B − A)[/bold]", "", "", money(c.saving),
                   f"[bold]{money(c.saving_incl_tax)}[/bold]")
        if c.growth_aps > 1 and c.per_spare:
            p = c.per_spare
            tp.add_row(f"per spare ({c.growth_aps}): (A)", money(p["prepare_now_now"]), money(p["prepare_now_later"]),
                       money(p["prepare_now_total"]), money(p["prepare_now_total_incl_tax"]))
            tp.add_row("per spare: (B)", money(0), money(p["retrofit_later_total"]), money(p["retrofit_later_total"]),
                       money(p["retrofit_later_total_incl_tax"]))
            tp.add_row(f"per spare: {word} (B − A)", "", "", money(p["saving"]), money(p["saving_incl_tax"]))
        con.print(tp)
        if c.items:
            ti = Table(title="Items behind A and B (direct cost)", title_justify="left")
            ti.add_column("item")
            for col in ("(A) now", "(A) later", "(B) later", "B − A"):
                ti.add_column(col, justify="right")
            for it in c.items:
                ti.add_row(escape(it.item), money(it.prepare_now) if it.prepare_now else "",
                           money(it.activate_later) if it.activate_later else "",
                           money(it.retrofit_later) if it.retrofit_later else "", money(it.difference))
            ti.add_row("[bold]direct total[/bold]", money(c.prepare_now_now), money(c.prepare_now_later),
                       money(c.retrofit_later_total), f"[bold]{money(c.saving)}[/bold]")
            con.print(ti)
        for e in (c.prepare_now_later_estimate, c.retrofit_later_estimate):
            if e is not None:
                con.print(f"  later work priced as: {escape(e.contract)}", soft_wrap=True)
        if detail:
            for e, title in ((c.prepare_now_later_estimate, "(A) later contract"),
                             (c.retrofit_later_estimate, "(B) retrofit-later contract")):
                if e is not None:
                    con.print(_estimate_table(e, money, title=title, detail=True))
    if sensitivity_rows:
        ts = Table(title="Sensitivity: total incl. tax with one assumption at −20 % / +20 %", title_justify="left")
        ts.add_column("assumption")
        for col in ("project −20 %", "project", "project +20 %", "swing", "(B) later −20 %", "(B) later +20 %"):
            ts.add_column(col, justify="right")
        for r in sensitivity_rows:
            swing = (r.project_high - r.project_low) / r.project_base if r.project_base else 0.0
            ts.add_row(escape(r.label), money(r.project_low), money(r.project_base), money(r.project_high),
                       f"±{swing / 2:.1%}", money(r.later_low), money(r.later_high))
        con.print(ts)
        if c is not None and c.growth_aps:
            tv = Table(title="Saving of preparing now (B − A incl. tax) with one assumption at −20 % / +20 %",
                       title_justify="left")
            tv.add_column("assumption")
            for col in ("−20 %", "saving", "+20 %"):
                tv.add_column(col, justify="right")
            for r in sensitivity_rows:
                tv.add_row(escape(r.label), money(r.saving_low), money(r.saving_base), money(r.saving_high))
            con.print(tv)
    con.print("\nAssumptions:")
    assumptions = result.assumptions + (c.assumptions if c is not None else [])
    if not detail:
        assumptions = assumptions[:2]
    for a in assumptions:
        con.print(f"  - {escape(a)}", soft_wrap=True)
    if detail:
        con.print("  - labour multiplier of work in an occupied building:")
        for step in result.labour_derivation:
            con.print(f"      {escape(step)}", soft_wrap=True)
    con.print(f"  - labour multipliers: this project × {result.labour_multiplier:.3f}, a later retrofit × "
              f"{result.later_labour_multiplier:.3f}")
    if not detail:
        con.print("  - `--detail` lists every line with its source, the formulas and all assumptions; "
                  "`--sensitivity` shows which assumptions move the total; `--format csv` gives every line of A and B",
                  soft_wrap=True)
