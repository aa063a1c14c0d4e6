"""``wifiplan calibrate``: fit materials, exponent and EIRP offsets to a survey; write a calibrated plan."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import typer

from wifiplan.cli._common import building_overrides, print_problems, set_option

__all__ = ["register", "render_calibration", "calibration_json"]


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.{digits}f}"


def _digits(kind: str) -> int:
    return 3 if kind in ("exponent", "wall_weight") else 2


def render_calibration(cal: Any, console: Any) -> None:
    """Print the calibration as rich tables: parameters, accuracy, skipped rows, advice."""
    from rich.markup import escape
    from rich.table import Table

    opts = cal.options
    for r in cal.bands:
        table = Table(
            title=f"Calibration, {r.band} GHz: {len(r.paths)} readings, model {opts.model}, EIRP offset {opts.eirp}",
            title_justify="left",
        )
        for col, justify in (("Parameter", "left"), ("Before", "right"), ("After", "right"), ("± 1σ", "right"), ("Paths", "right"), ("Note", "left")):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        for p in r.fit.table:
            d = _digits(p.kind)
            unit = "" if p.kind in ("exponent", "wall_weight") else " dB"
            after = _fmt(p.after, d) + unit if p.fitted else f"[dim]{_fmt(p.after, d)}{unit}[/dim]"
            table.add_row(escape(p.name), _fmt(p.before, d) + unit, after, _fmt(p.sigma, d) if p.fitted else "–", str(p.n_paths), escape(p.note))
        console.print(table)
        acc = Table(title=f"Accuracy, {r.band} GHz (measured − predicted)", title_justify="left")
        acc.add_column("Figure")
        acc.add_column("Before (plan settings)", justify="right")
        acc.add_column("After, in-sample (fitted points)", justify="right")
        heldout = f"After, held-out ({r.cv.n_folds}-fold, {opts.block_m:g} m blocks)" if r.cv else "After, held-out"
        acc.add_column(heldout, justify="right")
        acc.add_row("RMSE, dB", _fmt(r.before_rmse_db), _fmt(r.fit.rmse_db), _fmt(r.cv.rmse_db) if r.cv else "–")
        acc.add_row("median |error|, dB", _fmt(r.before_median_abs_db), _fmt(r.fit.median_abs_db), _fmt(r.cv.median_abs_db) if r.cv else "–")
        console.print(acc)
        if r.note:
            console.print(f"[yellow]note[/yellow] {escape(r.note)}")
        console.print(
            "The held-out figures are the accuracy to expect at new points: each reading is predicted "
            "by a fit that did not see its cell. In-sample figures flatter the model."
        )
        if r.nl_check is not None and r.nl_check.suggest_nl:
            nl = r.nl_check
            console.print(
                f"[yellow]advice[/yellow] the loss grows less than linearly with the number of walls crossed "
                f"(multiwall-nl wall weight w = {_fmt(nl.wall_weight, 3)} ± {_fmt(nl.sigma, 3)}, "
                f"{nl.z:.1f}σ below 1; in-sample RMSE {_fmt(nl.rmse_multiwall_db)} → {_fmt(nl.rmse_nl_db)} dB): "
                "try --model multiwall-nl"
            )
        elif r.trend_before.suggest_nl:
            console.print(
                f"[yellow]note[/yellow] with the plan's settings the error grows by {r.trend_before.slope_db_per_wall:.2f} dB "
                "per wall crossed (signal stronger than predicted through many walls); the fit corrects the materials, "
                "--model multiwall-nl may fit better"
            )
    if cal.skipped:
        sk = Table(title="Survey rows not used (or used with a note)", title_justify="left")
        for col in ("Reason", "Value", "Rows", "Lines"):
            sk.add_column(col)
        for s in cal.skipped:
            lines = ", ".join(str(n) for n in s.lines[:8]) + (", …" if len(s.lines) > 8 else "")
            sk.add_row(escape(s.reason), escape(s.value), str(s.count), lines)
        console.print(sk)
    console.print(f"{cal.n_used} of {cal.n_rows} survey rows used.")


def calibration_json(cal: Any) -> dict[str, Any]:
    """The calibration report as plain data (for --format json)."""

    def num(v: float | None, d: int = 4) -> float | None:
        return None if v is None or not math.isfinite(v) else round(float(v), d)

    return {
        "survey": cal.survey_file,
        "survey_sha256": cal.survey_sha256,
        "rows": cal.n_rows,
        "used": cal.n_used,
        "model": cal.options.model,
        "eirp": cal.options.eirp,
        "bands": [
            {
                "band": r.band,
                "readings": len(r.paths),
                "parameters": [
                    {"name": p.name, "kind": p.kind, "before": num(p.before), "after": num(p.after), "sigma": num(p.sigma),
                     "paths": p.n_paths, "fitted": p.fitted, "note": p.note}
                    for p in r.fit.table
                ],
                "rmse_before_db": num(r.before_rmse_db),
                "median_abs_before_db": num(r.before_median_abs_db),
                "rmse_insample_db": num(r.fit.rmse_db),
                "median_abs_insample_db": num(r.fit.median_abs_db),
                "rmse_heldout_db": num(r.cv.rmse_db) if r.cv else None,
                "median_abs_heldout_db": num(r.cv.median_abs_db) if r.cv else None,
                "suggest_multiwall_nl": bool(r.nl_check and r.nl_check.suggest_nl),
            }
            for r in cal.bands
        ],
        "skipped": [{"reason": s.reason, "value": s.value, "rows": s.count, "lines": list(s.lines)} for s in cal.skipped],
    }


def register(app: typer.Typer) -> None:
    @app.command("calibrate")
    def calibrate(
        plan: Path = typer.Argument(..., help="Plan file (YAML or JSON).", show_default=False),
        survey: Path = typer.Argument(..., help="Survey CSV: floor,x_m,y_m,ap,rss_dbm[,band][,channel].", show_default=False),
        output: Path = typer.Option(..., "-o", "--output", help="Calibrated plan file to write.", show_default=False),
        force: bool = typer.Option(False, "--force", help="Overwrite --output if it exists."),
        building: Path | None = typer.Option(None, "--building", "-b", help="Building file (default: the plan's `building:`)."),
        eirp: str = typer.Option("global", "--eirp", metavar="global|per-ap", help="global (one EIRP offset per band) or per-ap."),
        model: str = typer.Option("multiwall", "--model", metavar="MODEL",
                                  help="multiwall, multiwall-nl (diminishing wall loss) or multiwall-office (dual slope)."),
        min_paths: int = typer.Option(50, "--min-paths", help="Fit a material only when at least this many paths cross it."),
        folds: int = typer.Option(5, "--folds", help="Folds of the spatially blocked cross-validation."),
        seed: int = typer.Option(0, "--seed", help="Seed of the fold shuffle."),
        fmt: str = typer.Option("table", "--format", "-f", metavar="table|json", help="table (human) or json."),
        sets: list[str] | None = set_option(),
    ) -> None:
        """Fit wall/slab losses, the path-loss exponent and EIRP offsets to survey readings.

        Robust least squares per band; accuracy is reported on held-out points (spatially blocked k-fold). Writes a copy of the plan with the fitted settings. See docs/calibration.md.

        Exit 0 ok, 2 could not run.
        """
        from wifiplan.calibrate.run import CalibrationOptions
        from wifiplan.calibrate.run import calibrate as run_calibration
        from wifiplan.calibrate.survey import read_survey_csv
        from wifiplan.cli._common import err_console, out_console
        from wifiplan.io.atomic import check_output, write_text
        from wifiplan.io.project import load_project
        from wifiplan.io.writer import plan_yaml
        from wifiplan.rf.settings import effective_settings

        if eirp not in ("global", "per-ap"):
            raise typer.BadParameter("use global or per-ap", param_hint="--eirp")
        if model not in ("multiwall", "multiwall-nl", "multiwall-office"):
            raise typer.BadParameter("use multiwall, multiwall-nl or multiwall-office", param_hint="--model")
        if min_paths < 1:
            raise typer.BadParameter("use 1 or more", param_hint="--min-paths")
        if folds < 2:
            raise typer.BadParameter("use 2 or more", param_hint="--folds")
        if fmt not in ("table", "json"):
            raise typer.BadParameter("use table or json", param_hint="--format")
        check_output(output, force=force, inputs=[plan, survey, *([building] if building else [])])
        with building_overrides(sets):
            project = load_project(plan, building=building, planning=False)
        print_problems(project.warnings)
        if project.building_changed:
            err_console().print(f"[yellow]warning[/yellow] {project.building.path}: the building changed since the plan was made")
        data = read_survey_csv(survey)
        b = project.building_model
        settings = effective_settings(b, project.plan_model.settings)
        options = CalibrationOptions(model=model, eirp=eirp, min_paths=min_paths, folds=folds, seed=seed)
        cal = run_calibration(b, settings, list(project.plan_model.aps), data, options)
        new_plan = project.plan_model.model_copy(deep=True)
        new_plan.settings = cal.settings
        new_plan.building = _relative_building(project.building.path, output)
        new_plan.building_sha256 = project.building.sha256
        write_text(output, plan_yaml(new_plan, header=f"Calibrated by `wifiplan calibrate` from {Path(survey).name}"))
        if fmt == "json":
            typer.echo(json.dumps(calibration_json(cal), indent=2, ensure_ascii=False))
        else:
            con = out_console()
            render_calibration(cal, con)
            con.print(f"Wrote {output}")


def _relative_building(building_path: Path, output: Path) -> str:
    """The building path as written in a plan stored at ``output`` (relative, POSIX slashes)."""
    target = Path(building_path).resolve()
    base = Path(output).resolve().parent
    try:
        rel = os.path.relpath(target, base)
    except ValueError:  # another drive on Windows
        return target.as_posix()
    return Path(rel).as_posix()
