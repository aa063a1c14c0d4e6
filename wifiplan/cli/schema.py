"""``wifiplan schema``: print the JSON Schema of the building or plan file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from wifiplan.io.atomic import check_output, write_text
from wifiplan.model.schema import json_schema

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("schema")
    def schema(
        kind: str = typer.Argument(..., help="building or plan", metavar="building|plan"),
        output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file instead of stdout."),
        force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
    ) -> None:
        """Print the JSON Schema (2020-12) of the building or plan file format.

        Editors validate as you type with a first line
        `# yaml-language-server: $schema=building.schema.json`.
        """
        if kind not in ("building", "plan"):
            raise typer.BadParameter(f"unknown schema '{kind}'; use building or plan", param_hint="KIND")
        text = json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            typer.echo(text, nl=False)
        else:
            write_text(check_output(output, force=force), text)
