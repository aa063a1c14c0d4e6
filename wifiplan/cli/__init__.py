"""The ``wifiplan`` command line: a thin typer app; each command lives in its own module."""

from __future__ import annotations

import importlib
import sys

import typer

from wifiplan import __version__
from wifiplan.errors import EXIT_ERROR, WifiplanError

__all__ = ["app", "main"]

app = typer.Typer(
    name="wifiplan",
    help=(
        "Text-first Wi-Fi capacity planner: coverage through walls and slabs, capacity from "
        "headcounts, AP placement with headroom, channels by country, cabling and cost.\n\n"
        "Exit codes: 0 ok, 1 problems or rule failures found, 2 could not run."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: Command modules; each exposes ``register(app)``. Add yours here (one line).
_COMMAND_MODULES = [
    "validate",
    "schema",
    "library",
    "init",
    "plan",
    "check",
    "report",
    "diff",
    "predict",
    "calibrate",
    "cost",
    "importer",
    "export",
    "heatmap",
    "coverage",
    "grow",
]

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wifiplan {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
) -> None:
    """wifiplan: plan Wi-Fi for a building, check plans in CI."""
    _state["debug"] = debug


def _register_all() -> None:
    for name in _COMMAND_MODULES:
        module = importlib.import_module(f"wifiplan.cli.{name}")
        module.register(app)
    from wifiplan.cli._help import finish_app

    finish_app(app)


_register_all()


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; turn every failure into a message and exit code 2.

    Usage errors exit 2 (typer's own code); a :class:`WifiplanError` prints its located
    message and exits 2; anything else is an internal error: one line, exit 2, and the
    traceback only under ``--debug``.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    _state["debug"] = "--debug" in args
    _install_interrupt_message()
    try:
        app(args=args, prog_name="wifiplan")
    except WifiplanError as err:
        _print_error(str(err))
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        _print_error("interrupted; no output was written")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as err:  # noqa: BLE001 - the one place internal errors are caught
        if _state["debug"]:
            import traceback

            traceback.print_exc()
        _print_error(
            f"internal error: {type(err).__name__}: {err}\n"
            "This is a bug in wifiplan. Please report it with the command and input files; "
            "run again with --debug for the traceback."
        )
        sys.exit(EXIT_ERROR)


def _install_interrupt_message() -> None:
    """On Ctrl-C say so on stderr, then unwind (atomic writers remove their temp files)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def handler(signum, frame):  # noqa: ARG001 - signal handler signature
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a second Ctrl-C stops at once
        _print_error("interrupted; no output was written")
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)


def _print_error(message: str) -> None:
    sys.stderr.write(f"error: {message}\n" if not message.startswith("error") else message + "\n")
