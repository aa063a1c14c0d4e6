"""``wifiplan export esx``: write a plan and its building as an Ekahau project."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from wifiplan.cli._common import out_console

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    exp = typer.Typer(name="export", help="Export a plan to other tools (Ekahau .esx).", no_args_is_help=True)

    @exp.command("esx")
    def esx(
        plan: Path = typer.Argument(..., help="Plan file (its `building:` is read too).", show_default=False),
        output: Path = typer.Option(..., "-o", "--output", help="Ekahau project to write (.esx).", show_default=False),
        building: Path = typer.Option(None, "--building", help="Building file (default: the plan's `building:`)."),
        px_per_m: float = typer.Option(20.0, "--px-per-m", min=1.0, max=200.0, help="Floor image resolution, pixels per metre."),
        force: bool = typer.Option(False, "--force", help="Overwrite the output if it exists."),
    ) -> None:
        """Export floors (as PNG images), wall types with per-band loss, walls, exclude areas,
        APs with their radios and antennas, and zones as areas with capacity and the
        building's requirement, as an Ekahau AI Pro 11.x project (.esx)."""
        from wifiplan.cli.importer import progress_bar
        from wifiplan.io.atomic import check_output, write_bytes
        from wifiplan.io.esx import export_esx
        from wifiplan.io.project import load_project

        inputs = [plan] + ([building] if building else [])
        check_output(output, force=force, inputs=inputs)
        project = load_project(plan, building=building)
        from wifiplan.errors import PlanFileError
        from wifiplan.model.validate_plan import validate_plan

        problems = validate_plan(project.plan_model, project.building_model, locate=project.plan.source_map.locate)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            lines = "\n".join(str(p) for p in errors[:20])
            raise PlanFileError(f"{lines}\n(fix the plan first; `wifiplan validate {plan}` lists every problem)",
                                problems=problems)
        with progress_bar() as progress:
            data = export_esx(project.plan_model, project.building_model, px_per_m=px_per_m, progress=progress)
        write_bytes(output, data)
        b = project.building_model
        out_console().print(f"wrote {escape(str(output))}: {len(b.floors)} floor(s), "
                            f"{sum(len(f.walls) for f in b.floors)} wall(s), {len(project.plan_model.aps)} AP(s)")

    app.add_typer(exp, name="export")
