"""``wifiplan grow``: the expansion path of a building, step by step, with spares and without."""

from __future__ import annotations

from pathlib import Path

import typer

from wifiplan.cli._common import err_console
from wifiplan.errors import EXIT_FINDINGS, EXIT_OK

__all__ = ["register", "parse_steps"]


def parse_steps(text: str) -> list[float]:
    """``"0.15,0.3,0.5"`` → ``[0.15, 0.3, 0.5]``: increasing headcount steps over the building file.

    >>> parse_steps("0.15, 0.3,0.5")
    [0.15, 0.3, 0.5]
    """
    try:
        steps = [float(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise typer.BadParameter(f"{text!r}: give comma-separated shares, e.g. 0.15,0.3,0.5", param_hint="--steps")
    if not steps or any(not (0 < s <= 10) for s in steps) or steps != sorted(set(steps)):
        raise typer.BadParameter(f"{text!r}: give increasing shares in (0, 10], e.g. 0.15,0.3,0.5", param_hint="--steps")
    return steps


def register(app: typer.Typer) -> None:
    @app.command("grow")
    def grow(
        building: Path = typer.Argument(..., help="Building file (YAML or JSON).", show_default=False),
        steps: str = typer.Option("0.15,0.3,0.5", "--steps", help="Headcount steps over the building file, in order."),
        existing: Path | None = typer.Option(None, "--existing", metavar="PLAN|CSV|ESX",
                                             help="Start from this deployment (default: plan the building first)."),
        fmt: str = typer.Option("table", "--format", metavar="table|json|csv", help="table, json or csv."),
        output: Path | None = typer.Option(None, "-o", "--output", help="Write to FILE instead of stdout."),
        chart: Path | None = typer.Option(None, "--chart", help="Also write the cumulative-cost chart (PNG)."),
        scenario: str = typer.Option("new-build", "--scenario", metavar="new-build|retrofit",
                                     help="The first project, where the spares are prepared: new build or retrofit."),
        seed: int = typer.Option(0, "--seed", min=0, help="Orders ties in the search."),
        force: bool = typer.Option(False, "--force", help="Replace existing output files."),
        progress: bool = typer.Option(True, "--progress/--no-progress",
                                      help="Progress on stderr: a bar per run in a terminal, timestamped lines otherwise."),
    ) -> None:
        """Plan headcount steps in sequence, each on the previous plan, and price each step.

        Per step: people carried, APs added, how many on spare positions, new cable
        runs and the cost of the step, side by side with the same path from the same
        APs without spare positions (as a plan with spare_positions: 0), so the
        saving of preparing now is measured. The assumptions are printed.
        Exit 0; 1 if a step misses a requirement; 2 on bad input.
        """
        if fmt not in ("table", "json", "csv"):
            raise typer.BadParameter("use table, json or csv", param_hint="--format")
        shares = parse_steps(steps)
        if scenario not in ("new-build", "retrofit"):
            raise typer.BadParameter("use new-build or retrofit", param_hint="--scenario")
        from wifiplan.errors import InputError
        from wifiplan.io.atomic import check_output, write_bytes, write_text
        from wifiplan.io.project import load_valid_building
        from wifiplan.report.growth import growth_chart_png, growth_csv, growth_json, growth_text
        from wifiplan.workflow.grow import grow_path, load_existing

        if not building.exists():
            raise InputError(f"{building}: no such building file; check the path")
        inputs = [building] + ([existing] if existing else [])
        for out in (output, chart):
            if out is not None:
                check_output(out, force=force, inputs=inputs)
        loaded, warnings = load_valid_building(building)
        start = load_existing(existing, loaded.model) if existing is not None else None
        con = err_console()
        con.print(f"planning {len(shares)} step(s) twice (with and without spares); this takes a while", soft_wrap=True)
        if progress:
            with _RunsProgress(con) as runs:
                d = grow_path(loaded.model, shares, existing=start, seed=seed, scenario=scenario,
                              progress=runs, on_run=runs.start)
        else:
            d = grow_path(loaded.model, shares, existing=start, seed=seed, scenario=scenario)
        text = {"table": growth_text, "json": growth_json, "csv": growth_csv}[fmt](d)
        if output is not None:
            write_text(output, text)
        else:
            typer.echo(text, nl=False)
        if chart is not None:
            write_bytes(chart, growth_chart_png(d))
        ok = all(r["requirements_met"] for rows in d["paths"].values() for r in rows)
        raise typer.Exit(EXIT_OK if ok else EXIT_FINDINGS)


class _RunsProgress:
    """Progress of a sequence of plan runs: one :class:`RunProgress` per run, titled with the run
    (``grow: step +30 % with spares``), and a line with each finished run's time."""

    def __init__(self, console) -> None:
        self.console = console
        self.current = None
        self.label = ""
        self.t0 = 0.0

    def start(self, label: str) -> None:
        import time

        from wifiplan.cli.progress import RunProgress

        self._finish()
        self.label, self.t0 = label, time.monotonic()
        # the start is a plan (its phases are known); a step's stages are not the planner's
        self.current = RunProgress(self.console, title=f"grow: {label}", overall=not label.startswith("step")).__enter__()

    def __call__(self, stage: str, fraction: float) -> None:
        if self.current is not None:
            self.current(stage, fraction)

    def _finish(self) -> None:
        import time

        if self.current is not None:
            run, self.current = self.current, None
            run.__exit__(None, None, None)
            run.line(f"grow: {self.label}: planned in {time.monotonic() - self.t0:.0f} s")

    def __enter__(self) -> _RunsProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self._finish()
        elif self.current is not None:
            self.current.__exit__(*exc)
            self.current = None
