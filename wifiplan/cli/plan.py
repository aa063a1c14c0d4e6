"""``wifiplan plan``: design the AP layout, channels, power, spares, cabling and cost of a building."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from wifiplan.cli._common import building_overrides, err_console, out_console, print_problems, set_option
from wifiplan.errors import EXIT_FINDINGS, EXIT_OK, InputError

__all__ = ["register", "default_output"]

PLAN_HELP = """Design APs, channels, power, spares, cabling and cost for a building.

Writes the plan file (format 1): the APs with their radios and why each is there
(coverage or capacity), pre-cabled spare positions, the cable runs, and a summary per
floor. Without -o the plan goes next to the building as NAME.plan.yaml
(floorplans/city-hall.yaml -> floorplans/city-hall.plan.yaml). An existing file is only
replaced with --force, and the building file never.

Prints a table per floor (or the summary as JSON with --format json) with the lower
bound on the AP count and the plan's ratio to it. Same building and --seed: the same
plan file, byte for byte.

Several buildings at once: give them all and --out-dir DIR; each plan goes to
DIR/NAME.plan.yaml. --jobs N plans N buildings at a time in processes of their own;
--scheduler tcp://HOST:8786 plans them on a Dask cluster instead (pip install
'wifiplan[dask]'). The files are the same, byte for byte, whatever the worker count or
the order buildings finish in. A building that fails is reported and the others go on;
one summary table ends the run.

Exit codes: 0 plan written and every requirement met; 1 plan written but some
requirement could not be met (listed on stderr and in summary.unmet), or in a batch some
building failed or missed a requirement; 2 nothing written (bad input or options).
"""


def default_output(building: Path) -> Path:
    """``NAME.plan.yaml`` beside the building (``.yaml``/``.yml``/``.json`` suffix dropped).

    >>> default_output(Path("floorplans/city-hall.yaml")).as_posix()
    'floorplans/city-hall.plan.yaml'
    """
    name = building.name
    for suffix in (".yaml", ".yml", ".json"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return building.with_name(f"{name}.plan.yaml")


def _relative(target: Path, start: Path) -> str:
    try:
        return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return target.resolve().as_posix()


def register(app: typer.Typer) -> None:
    @app.command("plan", help=PLAN_HELP)
    def plan(
        buildings: list[Path] = typer.Argument(..., help="Building file (YAML or JSON); several with --out-dir.",
                                               show_default=False, metavar="BUILDING..."),
        output: Path | None = typer.Option(
            None, "-o", "--output", help="Plan file to write (default: BUILDING's name + .plan.yaml, beside it)."
        ),
        seed: int = typer.Option(0, "--seed", min=0, help="Orders ties in the search; same seed, same plan."),
        force: bool = typer.Option(False, "--force", help="Replace an existing plan file."),
        fmt: str = typer.Option("table", "--format", metavar="table|json", help="table (human) or json (the summary, on stdout)."),
        progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress on stderr: a bar in a terminal, timestamped lines otherwise."),
        sets: list[str] | None = set_option(),
        out_dir: Path | None = typer.Option(None, "--out-dir", metavar="DIR",
                                            help="Batch: write each plan to DIR/NAME.plan.yaml (created if missing)."),
        jobs: int = typer.Option(1, "--jobs", "-j", min=1, metavar="N", help="Batch: buildings planned at once, each in its own process."),
        scheduler: str | None = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                             help="Batch: plan on this Dask scheduler (tcp://HOST:8786) instead of local processes."),
        existing: Path | None = typer.Option(
            None, "--existing", metavar="PLAN|CSV|ESX",
            help="Grow this deployment (a plan file, an AP CSV floor,name,x_m,y_m or an Ekahau .esx): its APs keep "
                 "name, position, height and cable run; new capacity goes onto its spare positions first. Every AP "
                 "gets origin: existing, spare or new; `cost` prices the plan as a step."),
        allow_moves: bool = typer.Option(False, "--allow-moves", help="With --existing: existing APs may move."),
        allow_removal: bool = typer.Option(False, "--allow-removal",
                                           help="With --existing: existing APs no longer needed may be removed."),
    ) -> None:
        if (allow_moves or allow_removal) and existing is None:
            raise typer.BadParameter("only with --existing PLAN", param_hint="--allow-moves/--allow-removal")
        with building_overrides(sets) as overrides:
            if len(buildings) > 1 or out_dir is not None or scheduler is not None:
                if output is not None:
                    raise typer.BadParameter("a batch writes one plan per building; use --out-dir DIR", param_hint="--output")
                if out_dir is None:
                    raise typer.BadParameter("several buildings need --out-dir DIR for their plans", param_hint="--out-dir")
                if existing is not None:
                    raise typer.BadParameter("grow one building at a time", param_hint="--existing")
                from wifiplan.cli.batch import plan_batch

                plan_batch(buildings, out_dir, jobs=jobs, scheduler=scheduler, seed=seed, force=force, fmt=fmt,
                           progress=progress)
            if jobs != 1:
                raise typer.BadParameter("--jobs plans several buildings at once: give them with --out-dir",
                                         param_hint="--jobs")
            _plan(buildings[0], output, seed, force, fmt, progress, overrides,
                  grow=(existing, allow_moves, allow_removal) if existing is not None else None)

    def _plan(building: Path, output: Path | None, seed: int, force: bool, fmt: str, progress: bool,
              overrides: list, grow: tuple | None = None) -> None:
        if fmt not in ("table", "json"):
            raise typer.BadParameter("use table or json", param_hint="--format")
        from wifiplan.io.atomic import check_output, write_text
        from wifiplan.io.project import load_valid_building

        out = output if output is not None else default_output(building)
        if not building.exists():
            raise InputError(f"{building}: no such building file; check the path")
        check_output(out, force=force, inputs=[building] + ([grow[0]] if grow else []))
        loaded, warnings = load_valid_building(building)
        con = err_console()
        if warnings:
            print_problems(warnings, console=con)
        ref = _relative(building, out.parent if str(out.parent) else Path("."))
        result = _run(loaded, ref, seed, progress, con, grow)
        from wifiplan.design.planfile import plan_to_yaml

        header = (f"wifiplan plan for {loaded.model.name} ({ref}), seed {seed}"
                  + (f", grown from {grow[0].as_posix()}" if grow else "") + ".\n"
                  "Generated by `wifiplan plan`; `wifiplan check` re-evaluates it from the building and the APs.")
        if overrides:
            from wifiplan.io.overrides import describe_overrides

            header += (f"\nMade with {describe_overrides(overrides)}: `wifiplan check` reads the building file "
                       "as written unless given the same --set.")
            result.plan.summary["overrides"] = [o.text for o in overrides]
        write_text(out, plan_to_yaml(result.plan, header=header))
        summary = result.plan.summary
        from wifiplan.workflow.hints import unmet_with_hints

        groups = unmet_with_hints(result.unmet, loaded.model, band=summary.get("band"), width_mhz=summary.get("width_mhz"))
        if fmt == "json":
            doc = {"plan": out.as_posix(), **summary}
            if groups:
                doc["unmet_hints"] = [{"kind": g["kind"], "hint": g["hint"]} for g in groups]
            typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
            for group in groups:  # once, for the person at the terminal; the JSON has them too
                for item in group["items"]:
                    con.print(f"[yellow]warning[/yellow] requirement not met: {_esc(item)}", soft_wrap=True)
                con.print(f"  what would fix it: {_esc(group['hint'])}", soft_wrap=True)
        else:
            from wifiplan.report.terminal import print_plan_summary

            print_plan_summary(out_console(), summary, plan_path=out.as_posix(), seconds=result.seconds,
                               unmet_groups=groups)
            if grow is not None:
                _print_origins(summary)
        raise typer.Exit(EXIT_OK if result.requirements_met else EXIT_FINDINGS)


def _run(loaded, ref: str, seed: int, show: bool, con, grow: tuple | None = None):
    """Plan with progress on stderr: a bar in a terminal, timestamped lines otherwise (``show``)."""
    from wifiplan.workflow.plan import plan_building as make_plan

    if grow is not None:
        from functools import partial

        from wifiplan.workflow.grow import load_existing, plan_grown

        make_plan = partial(plan_grown, existing=load_existing(grow[0], loaded.model), allow_moves=grow[1],
                            allow_removal=grow[2])

    if not show:
        return make_plan(loaded.model, building_ref=ref, building_sha256=loaded.sha256, seed=seed)
    from wifiplan.cli.progress import RunProgress

    with RunProgress(con, title=f"plan {loaded.path.name}") as progress:
        return make_plan(loaded.model, building_ref=ref, building_sha256=loaded.sha256, seed=seed, progress=progress)


def _print_origins(summary: dict) -> None:
    """One line for a plan made with --existing: what was kept, what went onto spares, the step's cost."""
    o = summary.get("origins", {})
    sc = summary.get("step_cost")
    added = o.get("spare", 0) + o.get("new", 0)
    line = (f"Grown: {o.get('existing', 0)} existing AP(s) kept in place, {added} added "
            f"({o.get('spare', 0)} on spare positions, {o.get('new', 0)} on new positions)")
    if sc:
        line += (f"; step cost {sc['total_incl_tax']:,.{0 if sc['currency'] == 'JPY' else 2}f} {sc['currency']} incl. tax"
                 f" (`wifiplan cost` for the lines)")
    out_console().print(_esc(line), soft_wrap=True)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)
