"""``wifiplan predict``: predicted RSSI at given points (the same numbers as the heatmaps)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from wifiplan.cli._common import building_overrides, print_problems, set_option
from wifiplan.errors import Location, Problem

__all__ = ["register"]


#: Points farther than this outside their floor's outline get a warning, m (as calibrate's
#: survey check: a sign of pixels instead of metres or another origin).
OUTSIDE_WARN_M = 1.0
#: Lines listed in one warning before "and N more".
_LIST_LINES = 5


def points_outside(building, points) -> list[Problem]:
    """One warning per floor for points more than :data:`OUTSIDE_WARN_M` outside its outline.

    Vectorised: ``shapely.distance`` of all of a floor's points to its area at once.
    Unknown floors are left to ``predict_points``, which names them.
    """
    import numpy as np
    import shapely

    from wifiplan.model.geometry import floor_area

    out: list[Problem] = []
    floor_arr = np.asarray(points.floor, dtype=object)
    for floor in building.floors:
        sel = np.flatnonzero(floor_arr == floor.name)
        if not sel.size:
            continue
        dist = shapely.distance(floor_area(floor), shapely.points(points.xy_m[sel]))
        far = sel[dist > OUTSIDE_WARN_M]
        if not far.size:
            continue
        worst = float(dist.max())
        lines = [points.line[i] for i in far[:_LIST_LINES]]
        more = f" and {far.size - _LIST_LINES} more" if far.size > _LIST_LINES else ""
        out.append(Problem(
            f"{far.size} point(s) on {floor.name} lie outside the floor outline (up to {worst:,.0f} m); "
            f"lines {', '.join(map(str, lines))}{more}",
            Location(file=points.file), "warning",
            "predictions there are extrapolated; check the coordinates are metres in the building's frame",
        ))
    return out


def register(app: typer.Typer) -> None:
    @app.command("predict")
    def predict(
        plan: Path = typer.Argument(..., help="Plan file (YAML or JSON).", show_default=False),
        at: Path = typer.Option(..., "--at", help="CSV of points: floor,x_m,y_m[,ap] (metres, building frame).", show_default=False),
        output: Path | None = typer.Option(None, "-o", "--output", help="Write the CSV to FILE instead of stdout."),
        force: bool = typer.Option(False, "--force", help="Overwrite --output if it exists."),
        building: Path | None = typer.Option(None, "--building", "-b", help="Building file (default: the plan's `building:`)."),
        band: str | None = typer.Option(None, "--band", metavar="GHZ", help="2.4, 5 or 6 (default: the requirements band)."),
        min_rssi: float | None = typer.Option(None, "--min-rssi", metavar="DBM", help="List only APs at least this strong, dBm (rows naming an AP always get it)."),
        sets: list[str] | None = set_option(),
    ) -> None:
        """Predict the RSSI of every AP heard (or the row's AP) at each point of a CSV.

        Output columns floor,x_m,y_m,ap,rssi_dbm, sorted, RSSI to 0.01 dB; the values equal the heatmap CSVs at the same points.

        Exit 0 ok, 2 could not run.
        """
        from wifiplan.calibrate.predict import predict_points, prediction_csv
        from wifiplan.calibrate.survey import read_points_csv
        from wifiplan.cli._common import err_console
        from wifiplan.io.atomic import check_output, write_text
        from wifiplan.io.project import load_project
        from wifiplan.model.common import band_key
        from wifiplan.rf.settings import effective_settings

        if output is not None:
            check_output(output, force=force, inputs=[plan, at, *([building] if building else [])])
        with building_overrides(sets):
            project = load_project(plan, building=building, planning=False)
        print_problems(project.warnings)
        b = project.building_model
        key = b.requirements.band
        if band is not None:
            try:
                key = band_key(band)
            except ValueError as err:
                raise typer.BadParameter(str(err), param_hint="--band") from None
        if project.building_changed:
            err_console().print(f"[yellow]warning[/yellow] {project.building.path}: the building changed since the plan was made")
        points = read_points_csv(at)
        settings = effective_settings(b, project.plan_model.settings)
        for problem in points_outside(b, points):
            print_problems([problem])
        rows = predict_points(b, settings, list(project.plan_model.aps), points, key, min_rssi_dbm=min_rssi)
        text = prediction_csv(rows)
        if output is not None:
            write_text(output, text)
        else:
            sys.stdout.write(text)
