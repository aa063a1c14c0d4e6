"""``wifiplan diff``: what changed between two plans (APs, coverage, utilisation, cost, checks)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from wifiplan.errors import EXIT_OK

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("diff")
    def diff(
        old: Path = typer.Argument(..., help="The old plan file.", show_default=False),
        new: Path = typer.Argument(..., help="The new plan file.", show_default=False),
        building: Path | None = typer.Option(None, "--building", "-b", help="Building file for both plans (default: each plan's `building:`)."),
        fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text, json or markdown (a pull-request comment)."),
        output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE instead of stdout."),
        force: bool = typer.Option(False, "--force", help="Overwrite --output if it exists."),
    ) -> None:
        """Compare two plans: APs added, removed, moved (> 0.5 m) and re-tuned; coverage, utilisation and cost deltas.

        Both plans are re-evaluated against their buildings. Exit 0, or 2 if a plan cannot be read.
        """
        from wifiplan.check.context import load_context
        from wifiplan.io.atomic import check_output, write_text
        from wifiplan.report.diff import DIFF_FORMATS, diff_plans, format_diff

        if fmt not in DIFF_FORMATS:
            raise typer.BadParameter(f"use one of {', '.join(DIFF_FORMATS)}", param_hint="--format")
        if output is not None:
            check_output(output, force=force, inputs=[old, new, *([building] if building else [])])
        ctx_old = load_context(old, building=building)
        ctx_new = load_context(new, building=building)
        text = format_diff(diff_plans(ctx_old, ctx_new), fmt)
        if output is not None:
            write_text(output, text)
        else:
            sys.stdout.write(text)
        raise typer.Exit(EXIT_OK)
