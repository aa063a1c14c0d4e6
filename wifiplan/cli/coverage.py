"""``wifiplan coverage``: per floor, the share of area meeting each coverage requirement."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from wifiplan.cli._common import building_overrides, set_option
from wifiplan.errors import EXIT_OK

__all__ = ["register", "coverage_json"]


def floor_passed(f) -> bool:
    """A floor passes when it was sampled and every requirement meets its target.

    A floor with no sample points (a grid coarser than the floor) has no evidence: it
    does not pass.
    """
    return f.n_points > 0 and f.passed


def coverage_json(plan: str, band: str, floors) -> dict:
    """The JSON document of ``wifiplan coverage --format json`` (shares rounded to 1e-4)."""
    return {
        "plan": plan,
        "band": band,
        "passed": bool(floors) and all(floor_passed(f) for f in floors),
        "floors": [
            {
                "floor": f.floor,
                "area_m2": round(f.area_m2, 2),
                "points": f.n_points,
                "passed": floor_passed(f),
                "cochannel_aps": f.cochannel,
                "cochannel_percentile": f.cochannel_percentile,
                "requirements": [
                    {
                        "name": r.name,
                        "threshold": r.threshold,
                        "unit": r.unit,
                        "share": None if r.share != r.share else round(r.share, 4),
                        "target": r.target,
                        "passed": None if r.share != r.share else r.passed,
                    }
                    for r in f.requirements
                ],
            }
            for f in floors
        ],
    }


def register(app: typer.Typer) -> None:
    @app.command("coverage")
    def coverage(
        plan: Path = typer.Argument(..., help="Plan file (YAML or JSON); `building:` and `aps:` are enough.", show_default=False),
        fmt: str = typer.Option("table", "--format", metavar="table|json", help="table (human) or json (machines)."),
        band: str | None = typer.Option(None, "--band", metavar="GHZ", help="2.4, 5 or 6 (default: the requirements band)."),
        building: Path | None = typer.Option(None, "--building", "-b", help="Building file (default: the plan's `building:`)."),
        grid_m: float | None = typer.Option(None, "--grid", metavar="M", help="Grid spacing in metres (default: the plan's settings.grid_m)."),
        sets: list[str] | None = set_option(),
    ) -> None:
        """Print per floor the share of area meeting min RSSI, min SNR and secondary RSSI vs target.

        Exit 0 computed (use `wifiplan check` to fail CI on coverage), 2 could not run.
        """
        from wifiplan.cli.heatmap import load_rf_project
        from wifiplan.model.common import band_key
        from wifiplan.rf.coverage import coverage_summary
        from wifiplan.rf.engine import floor_order
        from wifiplan.rf.grid import floor_grid
        from wifiplan.rf.settings import effective_settings

        if fmt not in ("table", "json"):
            raise typer.BadParameter("use table or json", param_hint="--format")
        try:
            key = band_key(band) if band is not None else None
        except ValueError as err:
            raise typer.BadParameter(str(err), param_hint="--band") from None
        if grid_m is not None and not grid_m > 0:
            raise typer.BadParameter("must be > 0 metres", param_hint="--grid")
        with building_overrides(sets):
            project = load_rf_project(plan, building)
        bld = project.building.model
        key = key or bld.requirements.band
        settings = effective_settings(bld, project.plan.model.settings)
        spacing = grid_m if grid_m is not None else settings.grid_m
        grids = {name: floor_grid(bld, name, spacing) for name in floor_order(bld)}
        floors = coverage_summary(bld, settings, project.plan.model.aps, band=key, grids=grids)
        empty = [f.floor for f in floors if not f.n_points]
        if empty:
            from wifiplan.cli._common import err_console

            err_console().print(f"[yellow]warning[/yellow] no sample point on {', '.join(empty)} at a {spacing:g} m grid; "
                                "those floors do not pass — use a finer --grid", soft_wrap=True, markup=True)
        if fmt == "json":
            typer.echo(json.dumps(coverage_json(str(plan), key, floors), indent=2, ensure_ascii=False))
            raise typer.Exit(EXIT_OK)
        _print_table(bld, key, floors)
        raise typer.Exit(EXIT_OK)


def _print_table(building, band: str, floors) -> None:
    from rich.table import Table

    from wifiplan.cli._common import out_console

    table = Table(title=f"Coverage on {band} GHz (share of sampled area)", title_justify="left")
    table.add_column("Floor")
    table.add_column("Area m²", justify="right")
    heads = floors[0].requirements if floors else []
    for r in heads:
        sign = "dBm" if r.unit == "dBm" else "dB"
        label = {"rssi": "RSSI", "snr": "SNR", "secondary": "2nd RSSI"}.get(r.name, r.name)
        table.add_column(f"{label} ≥ {r.threshold:g} {sign}\n(target {r.target:.0%})", justify="right")
    pct = floors[0].cochannel_percentile if floors else 0.95
    table.add_column(f"Co-channel APs\nheard (p{pct * 100:.0f})", justify="right")
    table.add_column("Result")
    for f in floors:
        cells = []
        for r in f.requirements:
            if r.share != r.share:
                cells.append("–")
            else:
                style = "green" if r.passed else "red"
                cells.append(f"[{style}]{r.share:.1%}[/{style}]")
        if not f.n_points:
            result = "[red]no samples[/red]"
        else:
            result = "[green]pass[/green]" if f.passed else "[red]below target[/red]"
        cochannel = "–" if f.cochannel is None or f.cochannel != f.cochannel else f"{f.cochannel:.0f}"
        table.add_row(f.floor, f"{f.area_m2:,.0f}", *cells, cochannel, result)
    out_console().print(table)
