"""``wifiplan import dxf|ifc|geojson|imdf|esx``: turn CAD/BIM/GIS/Ekahau files into a building file."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from wifiplan.cli._common import err_console, out_console, print_problems
from shapely.errors import GEOSException

from wifiplan.errors import EXIT_FINDINGS, EXIT_OK, InputError
from wifiplan.io.atomic import check_output, write_text
from wifiplan.io.importreport import ImportReport, ImportResult, Progress

__all__ = ["register", "finish_import", "progress_bar", "print_report"]

_OUT = typer.Option(..., "-o", "--output", help="Building file to write (YAML).", show_default=False)
_FORCE = typer.Option(False, "--force", help="Overwrite the output if it exists.")
_NAME = typer.Option(None, "--name", help="Building name (default: from the source).")
_COUNTRY = typer.Option(None, "--country", help="ISO 3166 code of the site (JP, US, DE...): channels, power, "
                        "costs. Without it a guess from the source is used (and listed), else a placeholder "
                        "that `validate` flags.")
_USE_MAP = typer.Option(None, "--use-map", help="YAML file of `REGEX: use` rules (a profile name or `exclude`), "
                        "tried before the shipped room-name rules.")
_REPORT = typer.Option(None, "--report-json", help="Also write the summary (imported/guessed/skipped, problems) as JSON.")


@contextmanager
def progress_bar() -> Iterator[Progress]:
    """A rich progress bar on stderr (silent when stderr is not a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn

    console = err_console()
    bar = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       console=console, transient=True, disable=not console.is_terminal)
    tasks: dict[str, int] = {}

    def update(description: str, done: int, total: int) -> None:
        if description not in tasks:
            tasks[description] = bar.add_task(description, total=max(total, 1))
        bar.update(tasks[description], completed=done, total=max(total, 1))

    with bar:
        yield update


def print_report(report: ImportReport) -> None:
    """The summary table on stderr: entity type, count, what was done, examples."""
    table = Table(title=f"Import summary: {escape(report.source)}", title_justify="left")
    for col, just in (("entity", "left"), ("count", "right"), ("kind", "left"), ("action", "left"), ("examples", "left")):
        table.add_column(col, justify=just, overflow="fold")
    styles = {"imported": "green", "guessed": "yellow", "skipped": "magenta", "warning": "red"}
    for row in report.sorted_rows():
        style = styles.get(row.kind, "")
        table.add_row(escape(row.entity), str(row.count), f"[{style}]{row.kind}[/{style}]", escape(row.action),
                      escape(", ".join(row.examples)))
    err_console().print(table)


def finish_import(result: ImportResult, output: Path, *, kind: str, plan_output: Path | None = None,
                  report_json: Path | None = None) -> int:
    """Write the building (and plan), print the summary and validation; return the exit code."""
    from wifiplan.io.writer import building_yaml, plan_yaml
    from wifiplan.model.validate import validate_building

    building = result.building
    header = (f"Imported by `wifiplan import {kind}` from {result.report.source}.\n"
              "Check the guesses the importer listed; TODO comments mark placeholders to move.")
    text = building_yaml(building, comments=result.comments, header=header)
    problems = validate_building(building)
    # the country (a placeholder, BD18, or one without shipped rules, BD14) is flagged by
    # validate and matters to planning, but is no failure of the import itself
    errors = [p for p in problems if p.severity == "error" and p.location.path != "country"]
    write_text(output, text)
    print_report(result.report)
    con = err_console()
    if plan_output is not None and result.plan is not None:
        plan = result.plan.model_copy(update={
            "building": os.path.relpath(output.resolve(), plan_output.resolve().parent).replace(os.sep, "/"),
            "building_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        })
        write_text(plan_output, plan_yaml(plan, header=f"Imported by `wifiplan import {kind}` from {result.report.source}."))
        con.print(f"wrote {escape(str(plan_output))}: {len(plan.aps)} AP(s)")
    n_walls = sum(len(f.walls) for f in building.floors)
    n_zones = sum(len(f.zones) for f in building.floors)
    head = sum(z.headcount for f in building.floors for z in f.zones)
    out_console().print(f"wrote {escape(str(output))}: {len(building.floors)} floor(s), {n_walls} wall(s), "
                        f"{n_zones} zone(s), headcount {head}")
    from wifiplan.io.importreport import fallback_summary

    fb = fallback_summary(building, result.report)
    if fb.zones:
        con.print(f"[yellow]note[/yellow] {fb.zones} of {fb.total_zones} zone(s) fell back to the default use "
                  f"({', '.join(fb.uses)}): {fb.area_share:.0%} of the zone area, {fb.people_share:.0%} of the people "
                  f"(e.g. {escape(', '.join(fb.examples))}); map their names (mall maps: category ids) with --use-map FILE "
                  "(`REGEX: use` per line) or edit `use:` in the file")
    if result.report.count("guessed", "telecom room"):
        con.print("[yellow]warning[/yellow] telecom rooms are placeholders (marked TODO in the file): "
                  "move them to the real MDF/IDF rooms before planning cables")
    if problems:
        print_problems(problems, console=con)
    if report_json is not None:
        import json

        data = result.report.to_dict() | {
            "output": str(output),
            "floors": len(building.floors), "walls": n_walls, "zones": n_zones, "headcount": head,
            "default_use_fallback": {"zones": fb.zones, "area_share": round(fb.area_share, 4),
                                     "people_share": round(fb.people_share, 4), "uses": fb.uses},
            "problems": [{"severity": p.severity, "code": p.code, "message": p.message, "path": p.location.path}
                         for p in problems],
        }
        write_text(report_json, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return EXIT_FINDINGS if errors else EXIT_OK


def _run(kind: str, output: Path, force: bool, inputs: list[Path], work: Callable[[Progress], ImportResult],
         plan_output: Path | None = None, report_json: Path | None = None, use_map: Path | None = None,
         country: str | None = None) -> None:
    from wifiplan.io.country import check_country
    from wifiplan.io.importcommon import load_use_map, user_use_rules

    if country is not None:
        check_country(country)  # a bad code stops before the (possibly long) read
    rules = load_use_map(use_map) if use_map is not None else []
    check_output(output, force=force, inputs=inputs)
    if plan_output is not None:
        check_output(plan_output, force=force, inputs=[*inputs, output])
    if report_json is not None:
        check_output(report_json, force=force, inputs=[*inputs, output] + ([plan_output] if plan_output else []))
    with progress_bar() as progress, user_use_rules(rules):
        try:
            result = work(progress)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, GEOSException) as err:
            # foreign files break in foreign ways: say so plainly (the traceback under --debug)
            from wifiplan.cli import _state

            if _state.get("debug"):
                raise
            raise InputError(
                f"{', '.join(map(str, inputs))}: could not read this {kind} input ({type(err).__name__}: {err}); "
                "if other tools open it, please report it with the file (run with --debug for details)"
            ) from err
    raise typer.Exit(finish_import(result, output, kind=kind, plan_output=plan_output, report_json=report_json))


def register(app: typer.Typer) -> None:
    imp = typer.Typer(
        name="import",
        help="Import a building from DXF, IFC, GeoJSON (mall maps), IMDF or an Ekahau project.\n\n"
             "Every importer prints what it skipped or guessed and writes a building file that "
             "`wifiplan validate` accepts (placeholders are marked TODO).",
        no_args_is_help=True,
    )

    @imp.command("dxf")
    def dxf(
        files: list[Path] = typer.Argument(..., help="DXF files, one per floor, bottom floor first.", show_default=False),
        output: Path = typer.Option(None, "-o", "--output", help="Building file to write (YAML)."),
        force: bool = _FORCE,
        units: str = typer.Option(None, "--units", help="Drawing units when $INSUNITS is missing: m, cm, mm, in or ft."),
        layer_map: list[str] = typer.Option([], "--layer-map", help="REGEX=material (or room/outline/ignore); repeatable, tried first."),
        list_layers: bool = typer.Option(False, "--list-layers", help="Print the layers, entity counts and mapped materials; write nothing."),
        floor: list[str] = typer.Option([], "--floor", help="Floor name per file (default: file name), or "
                                        "NAME=x0,y0,x1,y1 (repeatable, bottom floor first) to take each floor's plan "
                                        "out of one multi-plan sheet; drawing units."),
        region: str = typer.Option(None, "--region", help="x0,y0,x1,y1 in drawing units: import only this plan "
                                   "of the sheet (its lower-left corner becomes the origin)."),
        elevation: list[float] = typer.Option([], "--elevation", help="Floor elevation per file, m (default: i × --floor-height)."),
        floor_height: float = typer.Option(3.5, "--floor-height", min=1.0, max=100.0, help="Slab-to-slab height, m."),
        walls: str = typer.Option("drywall", "--walls", help="Material of generic A-WALL layers: drywall or concrete."),
        max_wall_thickness: float = typer.Option(
            0.6, "--max-wall-thickness", min=0.0, max=2.0,
            help="Parallel wall faces at most this far apart (m) become one centre line; 0 keeps both faces."),
        name: str = _NAME,
        country: str = _COUNTRY,
        use_map: Path = _USE_MAP,
        report_json: Path = _REPORT,
    ) -> None:
        """Import DXF plans: walls by layer (AIA/NCS, Chinese and Japanese names + --layer-map),
        rooms from closed polylines or labelled wall-bounded cells, blocks expanded, arcs
        flattened; units checked against the drawing's size; --region / --floor NAME=REGION
        take plans out of a multi-plan sheet."""
        from wifiplan.io import dxf as dxfmod

        if walls not in ("drywall", "concrete"):
            raise typer.BadParameter("use drywall or concrete", param_hint="--walls")
        if list_layers:
            rules = dxfmod.parse_layer_map(layer_map)
            table = Table(title="Layers", title_justify="left")
            for col, just in (("layer", "left"), ("entities", "right"), ("types", "left"),
                              ("extent x0,y0,x1,y1 (drawing units)", "left"), ("maps to", "left")):
                table.add_column(col, justify=just, overflow="fold")
            for path in files:
                for row in dxfmod.list_layers(path, rules=rules + dxfmod.default_layer_rules(wall_material=walls)):
                    types = ", ".join(f"{k} {v}" for k, v in row["counts"].items())
                    ext = ",".join(f"{v:.7g}" for v in row["extent"]) if row["extent"] else ""
                    table.add_row(escape(row["layer"]), str(row["entities"]), types, ext,
                                  escape(row["maps_to"] or "— (skipped)"))
            out_console().print(table)
            raise typer.Exit(EXIT_OK)
        if output is None:
            raise typer.BadParameter("give the building file to write with -o/--output", param_hint="-o/--output")
        regions = []
        if any("=" in f for f in floor):
            if region is not None:
                raise typer.BadParameter("use --region or --floor NAME=REGION, not both", param_hint="--region")
            for item in floor:
                if "=" not in item:
                    raise typer.BadParameter(f"{item!r}: with regions every --floor is NAME=x0,y0,x1,y1",
                                             param_hint="--floor")
                fname, box = item.split("=", 1)
                regions.append((fname.strip(), dxfmod.parse_region(box, flag=f"--floor {fname.strip()}")))
            floor = []
        elif region is not None:
            name0 = floor[0] if floor else Path(files[0]).stem
            regions.append((name0, dxfmod.parse_region(region)))
            floor = []
        _run("dxf", output, force, list(files), lambda progress: dxfmod.import_dxf(
            list(files), units=units, floors=list(floor) or None, regions=regions or None, elevations_m=list(elevation) or None,
            floor_height_m=floor_height, layer_map=list(layer_map), wall_material=walls,
            max_wall_thickness_m=max_wall_thickness or None, name=name, country=country, progress=progress),
            report_json=report_json, use_map=use_map, country=country)

    @imp.command("ifc")
    def ifc(
        file: Path = typer.Argument(..., help="IFC file (IFC2X3 or IFC4).", show_default=False),
        output: Path = _OUT,
        force: bool = _FORCE,
        name: str = _NAME,
        country: str = _COUNTRY,
        use_map: Path = _USE_MAP,
        report_json: Path = _REPORT,
    ) -> None:
        """Import an IFC model: storeys, walls with layer-set materials, doors and windows cut
        into their walls, spaces as zones (headcount = area / the use's occupancy)."""
        from wifiplan.io.ifc import import_ifc

        _run("ifc", output, force, [file], lambda progress: import_ifc(file, name=name, country=country, progress=progress),
             report_json=report_json, use_map=use_map, country=country)

    @imp.command("geojson")
    def geojson(
        path: Path = typer.Argument(..., help="Site folder with one sub-folder per floor (geojson_map.json).", show_default=False),
        output: Path = _OUT,
        force: bool = _FORCE,
        floor: list[str] = typer.Option([], "--floor", help="Import only these floor folders (repeatable)."),
        floor_height: float = typer.Option(4.5, "--floor-height", min=1.0, max=100.0, help="Storey height, m: elevation = ordinal × height."),
        shopfront: str = typer.Option("glass", "--shopfront", help="Material of unit edges facing the concourse ('none' = drywall)."),
        name: str = _NAME,
        country: str = _COUNTRY,
        use_map: Path = _USE_MAP,
        report_json: Path = _REPORT,
    ) -> None:
        """Import a multi-floor mall map (lon/lat GeoJSON per floor): units → zones and walls."""
        from wifiplan.io.geojson import import_mall

        front = None if shopfront.lower() == "none" else shopfront
        if front is not None:
            from wifiplan.io.dxf import parse_layer_map

            parse_layer_map([f"x={front}"])  # same material check and message
        _run("geojson", output, force, [path], lambda progress: import_mall(
            path, name=name, floors=list(floor) or None, floor_height_m=floor_height, shopfront=front, country=country,
            progress=progress),
            report_json=report_json, use_map=use_map, country=country)

    @imp.command("imdf")
    def imdf(
        path: Path = typer.Argument(..., help="IMDF archive: a folder or ZIP with manifest.json, level/unit/opening.geojson.", show_default=False),
        output: Path = _OUT,
        force: bool = _FORCE,
        floor_height: float = typer.Option(4.5, "--floor-height", min=1.0, max=100.0, help="Storey height, m: elevation = ordinal × height."),
        name: str = _NAME,
        country: str = _COUNTRY,
        use_map: Path = _USE_MAP,
        report_json: Path = _REPORT,
    ) -> None:
        """Import an Apple IMDF archive: levels by ordinal, units → zones and walls, openings → doors."""
        from wifiplan.io.geojson import import_imdf

        _run("imdf", output, force, [path], lambda progress: import_imdf(path, name=name, floor_height_m=floor_height,
                                                                          country=country, progress=progress),
             report_json=report_json, use_map=use_map, country=country)

    @imp.command("esx")
    def esx(
        file: Path = typer.Argument(..., help="Ekahau project (.esx).", show_default=False),
        output: Path = _OUT,
        plan_output: Path = typer.Option(None, "--plan-output", help="Also write the APs and radios as a plan file."),
        force: bool = _FORCE,
        name: str = _NAME,
        country: str = _COUNTRY,
        use_map: Path = _USE_MAP,
        report_json: Path = _REPORT,
    ) -> None:
        """Import an Ekahau Pro 10.x or AI Pro 11.x project: floors at the floor plan's scale,
        walls (wall types → materials), exclusion areas → exclude, attenuation areas → walls,
        areas → zones, and with --plan-output the APs with channels, power and heights."""
        from wifiplan.io.esx import import_esx

        _run("esx", output, force, [file], lambda progress: import_esx(file, name=name, country=country, progress=progress),
             plan_output=plan_output, report_json=report_json, use_map=use_map, country=country)

    app.add_typer(imp, name="import")
