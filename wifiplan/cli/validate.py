"""``wifiplan validate``: check building and plan files, with located problems."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from wifiplan.cli._common import building_overrides, err_console, out_console, print_problems, set_option
from wifiplan.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InputError, Problem
from wifiplan.io.load import load_building, load_plan
from wifiplan.io.project import file_kind, validate_plan_file
from wifiplan.model.validate import validate_building

__all__ = ["register", "validate_file"]


def validate_file(path: Path) -> tuple[str, list[Problem]]:
    """Validate one file; return its kind and problems. Raises InputError if unreadable."""
    kind = file_kind(path)
    if kind == "building":
        try:
            loaded = load_building(path)
        except InputError as err:
            if err.problems:
                return kind, err.problems
            raise
        return kind, validate_building(loaded.model, locate=loaded.source_map.locate)
    try:
        plan = load_plan(path)
    except InputError as err:
        if err.problems:
            return kind, err.problems
        raise
    return kind, validate_plan_file(plan)


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate(
        files: list[Path] = typer.Argument(..., help="Building or plan files (YAML or JSON).", show_default=False),
        strict: bool = typer.Option(False, "--strict", help="Warnings count as problems (exit 1)."),
        fmt: str = typer.Option("text", "--format", metavar="text|json", help="text or json."),
        sets: list[str] | None = set_option(),
    ) -> None:
        """Check building and plan files: structure, names, geometry, connectivity.

        Exit 0 valid, 1 problems found, 2 a file could not be read.
        """
        if fmt not in ("text", "json"):
            raise typer.BadParameter("use text or json", param_hint="--format")
        code = EXIT_OK
        report = []
        con = err_console()
        for path in files:
            try:
                with building_overrides(sets):
                    kind, problems = validate_file(path)
            except InputError as err:
                report.append({"file": str(path), "status": "unreadable", "problems": [{"severity": "error", "message": str(err)}]})
                if fmt == "text":
                    con.print(f"[red]error[/red] {_esc(str(err))}", soft_wrap=True)
                code = EXIT_ERROR
                continue
            errors = [p for p in problems if p.severity == "error"]
            warnings = [p for p in problems if p.severity != "error"]
            bad = bool(errors) or (strict and bool(warnings))
            if bad and code != EXIT_ERROR:
                code = EXIT_FINDINGS
            report.append({
                "file": str(path), "kind": kind, "status": "invalid" if bad else "valid",
                "problems": [_problem_json(p) for p in problems],
            })
            if fmt == "text":
                print_problems(problems, console=con)
                mark = "[red]✗[/red]" if bad else "[green]✓[/green]"
                summary = f"{len(errors)} error(s), {len(warnings)} warning(s)" if problems else "valid"
                out_console().print(f"{mark} {_esc(str(path))} ({kind}): {summary}")
        if fmt == "json":
            typer.echo(json.dumps({"files": report}, indent=2, ensure_ascii=False))
        raise typer.Exit(code)


def _problem_json(p: Problem) -> dict:
    loc = p.location
    return {
        "severity": p.severity, "code": p.code, "message": p.message, "hint": p.hint,
        "file": loc.file, "line": loc.line, "column": loc.column, "path": loc.path,
    }


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)
