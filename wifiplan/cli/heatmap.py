"""``wifiplan heatmap``: one coverage map of one floor as PNG, SVG or CSV."""

from __future__ import annotations

from pathlib import Path

import typer

from wifiplan.errors import EXIT_OK, InputError

__all__ = ["register", "OUTPUT_SUFFIXES", "load_rf_project"]

#: Output file suffixes and what they write.
OUTPUT_SUFFIXES = {".png": "png", ".svg": "svg", ".csv": "csv"}


def load_rf_project(plan: Path, building: Path | None):
    """Load a plan and its building for maps (``load_project``: invalid plans raise PlanFileError).

    The plan is validated against the building (unique AP names, known floors, legal
    channels ...); every problem is reported located, and the command exits 2.
    """
    from wifiplan.io.project import load_project

    from wifiplan.cli._common import print_problems

    project = load_project(plan, building=building, planning=False)
    print_problems(project.warnings)
    return project


def register(app: typer.Typer) -> None:
    @app.command("heatmap")
    def heatmap(
        plan: Path = typer.Argument(..., help="Plan file (YAML or JSON); `building:` and `aps:` are enough.", show_default=False),
        floor: str = typer.Option(..., "--floor", help="Floor name.", show_default=False),
        metric: str = typer.Option("rssi", "--metric", help="rssi, secondary, snr, sinr, overlap, rate, serving or cochannel."),
        band: str | None = typer.Option(None, "--band", help="2.4, 5 or 6 (default: the requirements band)."),
        output: Path = typer.Option(..., "-o", "--output", help="FILE.png, FILE.svg or FILE.csv.", show_default=False),
        force: bool = typer.Option(False, "--force", help="Overwrite the output if it exists."),
        building: Path | None = typer.Option(None, "--building", "-b", help="Building file (default: the plan's `building:`)."),
        grid_m: float | None = typer.Option(None, "--grid", help="Grid spacing in metres (default: the plan's settings.grid_m)."),
    ) -> None:
        """Draw a coverage map of one floor: image with walls, APs and the pass/fail threshold, or CSV.

        CSV columns floor,x_m,y_m,value (sorted, values to 0.01). APs without a radio on the
        band do not serve it. Exit 0 written, 2 could not run (bad input, unknown floor,
        existing output without --force).
        """
        from wifiplan.io.atomic import check_output, write_bytes, write_text
        from wifiplan.model.common import band_key
        from wifiplan.report.heatmap import map_csv, metric_threshold, render_heatmap
        from wifiplan.rf.grid import floor_grid
        from wifiplan.rf.maps import METRICS, coverage_maps
        from wifiplan.rf.settings import effective_settings

        if metric not in METRICS:
            raise typer.BadParameter(f"use one of {', '.join(METRICS)}", param_hint="--metric")
        kind = OUTPUT_SUFFIXES.get(output.suffix.lower())
        if kind is None:
            raise typer.BadParameter("the output must end in .png, .svg or .csv", param_hint="--output")
        try:
            key = band_key(band) if band is not None else None
        except ValueError as err:
            raise typer.BadParameter(str(err), param_hint="--band") from None
        if grid_m is not None and not grid_m > 0:
            raise typer.BadParameter("must be > 0 metres", param_hint="--grid")
        check_output(output, force=force, inputs=[plan, *([building] if building else [])])
        project = load_rf_project(plan, building)
        bld = project.building.model
        names = [f.name for f in bld.floors]
        if floor not in names:
            raise InputError(f"unknown floor '{floor}'; the building has floors: {', '.join(names)}")
        key = key or bld.requirements.band
        settings = effective_settings(bld, project.plan.model.settings)
        aps = project.plan.model.aps
        grid = floor_grid(bld, floor, grid_m if grid_m is not None else settings.grid_m)
        maps = coverage_maps(bld, settings, aps, floor, key, grid=grid)
        if kind == "csv":
            write_text(output, map_csv(maps, metric))
        else:
            data = render_heatmap(bld, maps, metric, aps, fmt=kind, threshold=metric_threshold(bld, metric))
            write_bytes(output, data)
        raise typer.Exit(EXIT_OK)
