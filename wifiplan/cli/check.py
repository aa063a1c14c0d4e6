"""``wifiplan check``: re-evaluate plans against their buildings with rules; CI exit codes and formats."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from wifiplan.cli._common import building_overrides, set_option
from wifiplan.errors import EXIT_OK

__all__ = ["register", "split_codes"]


def split_codes(values: list[str] | None) -> tuple[str, ...]:
    """Selectors from repeated and comma-separated options: ``["CV01,CV02", "CH"]`` → 3 items.

    >>> split_codes(["CV01,CV02", " CH "])
    ('CV01', 'CV02', 'CH')
    """
    out: list[str] = []
    for value in values or []:
        out += [v.strip() for v in value.split(",") if v.strip()]
    return tuple(out)


def _list_rules() -> str:
    from wifiplan.check.rules import default_registry

    lines = []
    for rule in default_registry():
        lines.append(f"{rule.code}  {rule.name:28} {rule.severity:8} {rule.summary}")
        for code, text in sorted(rule.emits.items()):
            lines.append(f"  {code}  {'':26} {'':8} {text}")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check(
        plans: list[Path] = typer.Argument(None, help="Plan files (YAML or JSON).", show_default=False),
        building: Path | None = typer.Option(None, "--building", "-b", help="Building file (default: the plan's `building:`)."),
        fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text, json, junit, sarif or github."),
        output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to FILE instead of stdout."),
        force: bool = typer.Option(False, "--force", help="Overwrite --output if it exists."),
        select: list[str] | None = typer.Option(None, "--select", metavar="RULES", help="Run only these rules: codes, names or prefixes (CV, coverage), comma-separated."),
        ignore: list[str] | None = typer.Option(None, "--ignore", metavar="RULES", help="Skip these rules (codes, names or prefixes)."),
        exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when rules fail (2 still means could not run)."),
        fail_on: str = typer.Option("error", "--fail-on", metavar="error|warning", help="Lowest severity that fails the run: error or warning."),
        list_rules: bool = typer.Option(False, "--list-rules", help="List the rules and exit."),
        sets: list[str] | None = set_option(),
    ) -> None:
        """Check plan files: coverage, SNR, capacity, channels, cabling and spares, re-evaluated from the building.

        Exit 0 no finding at or above --fail-on, 1 rule failures, 2 could not run.
        """
        from wifiplan.check import CheckOptions, run_checks
        from wifiplan.io.atomic import check_output, write_text
        from wifiplan.report.formats import CHECK_FORMATS, format_check

        if list_rules:
            typer.echo(_list_rules(), nl=False)
            raise typer.Exit(EXIT_OK)
        if not plans:
            raise typer.BadParameter("give at least one plan file", param_hint="PLANS")
        if fmt not in CHECK_FORMATS:
            raise typer.BadParameter(f"use one of {', '.join(CHECK_FORMATS)}", param_hint="--format")
        if fail_on not in ("error", "warning"):
            raise typer.BadParameter("use error or warning", param_hint="--fail-on")
        inputs = [*plans, *([building] if building else [])]
        if output is not None:
            check_output(output, force=force, inputs=inputs)
        options = CheckOptions(select=split_codes(select), ignore=split_codes(ignore), fail_on=fail_on)
        with building_overrides(sets):
            report = run_checks(plans, building=building, options=options)
        data = report.dump(exit_zero=exit_zero)
        color = fmt == "text" and output is None and sys.stdout.isatty()
        text = format_check(data, fmt, color=color)
        if output is not None:
            write_text(output, text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
        # A file that could not be checked: its problems are findings of the report; say it on
        # stderr too unless the text report is on the same terminal (then it would be said twice).
        on_screen = fmt == "text" and output is None and sys.stdout.isatty()
        for fr in report.files:
            if fr.status == "error" and not on_screen:
                sys.stderr.write(f"error: {fr.error}\n")
        raise typer.Exit(data["summary"]["exit_code"])
