"""Shared helper of the CLI tests: run wifiplan in-process and capture its output."""

from __future__ import annotations

from wifiplan.cli import main


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err
