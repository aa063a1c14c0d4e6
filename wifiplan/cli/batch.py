"""``wifiplan plan A.yaml B.yaml … --out-dir DIR``: many buildings, one summary table."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import typer

from wifiplan.cli._common import err_console, out_console
from wifiplan.errors import EXIT_FINDINGS, EXIT_OK

__all__ = ["plan_batch"]


def _status(item) -> str:
    return {"met": "[green]met[/green]", "unmet": "[yellow]unmet[/yellow]", "failed": "[red]failed[/red]"}[item.status]


def plan_batch(buildings: list[Path], out_dir: Path, *, jobs: int, scheduler: str | None, seed: int, force: bool,
               fmt: str, progress: bool) -> None:
    """Plan every building into ``out_dir``; per-building lines on stderr, one table (or JSON) on stdout.

    Exit 0 when every building met every requirement, 1 when one failed or missed one.
    """
    from rich.markup import escape

    from wifiplan.workflow.batch import run_batch

    if fmt not in ("table", "json"):
        raise typer.BadParameter("use table or json", param_hint="--format")
    con = err_console()
    bar = task = None
    if progress and con.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        bar = Progress(TextColumn("plan {task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("elapsed"),
                       TimeElapsedColumn(), TextColumn("left about"), TimeRemainingColumn(), console=con, transient=True)
        bar.__enter__()
        task = bar.add_task(f"{len(buildings)} buildings", total=len(buildings))

    def listener(item, done: int, total: int) -> None:
        what = (f"{item.aps} APs, {item.spares} spares, {item.seconds:.1f} s" if item.status != "failed"
                else (item.error or "").splitlines()[0])
        if progress and bar is None:  # not a terminal: plain timestamped lines
            stamp = datetime.now(timezone.utc).strftime("%H:%M:%SZ")
            con.print(f"{stamp} [{done}/{total}] {escape(item.building)}: {item.status}; {escape(what)}",
                      soft_wrap=True, highlight=False)
        elif bar is not None:
            con.print(f"[{done}/{total}] {escape(item.building)}: {_status(item)}; {escape(what)}", soft_wrap=True)
            bar.update(task, completed=done)

    try:
        result = run_batch(buildings, out_dir, jobs=jobs, scheduler=scheduler, seed=seed, force=force,
                           listener=listener)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if fmt == "json":
        typer.echo(json.dumps({"engine": result.engine, "seconds": round(result.seconds, 1),
                               "buildings": [i.as_dict() for i in result.items]}, indent=2, ensure_ascii=False))
    else:
        from rich.table import Table

        table = Table(title=f"{len(result.items)} buildings, {result.engine} engine, {result.seconds:.1f} s")
        for name in ("building", "status", "APs", "spares", "people", "seconds"):
            table.add_column(name, no_wrap=True, justify="left" if name in ("building", "status") else "right")
        table.add_column("plan file / problem", overflow="fold")
        for item in result.items:
            last = item.output if item.status != "failed" else (item.error or "").splitlines()[0]
            table.add_row(escape(Path(item.building).name), _status(item), str(item.aps) if item.status != "failed" else "–",
                          str(item.spares) if item.status != "failed" else "–", f"{item.people:,.0f}",
                          f"{item.seconds:.1f}", escape(last or ""))
        out_console().print(table)
    for item in result.failed:
        con.print(f"[red]error[/red] {escape(item.building)}: {escape(item.error or '')}", soft_wrap=True)
    for item in result.unmet:
        con.print(f"[yellow]warning[/yellow] {escape(item.building)}: {len(item.unmet)} requirement(s) not met "
                  f"(see {escape(item.output or '')}: summary.unmet)", soft_wrap=True)
    raise typer.Exit(EXIT_OK if result.ok else EXIT_FINDINGS)
