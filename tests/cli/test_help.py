"""Every command's help: plain value names, an example, the same short flags everywhere."""

from __future__ import annotations

import re

import pytest
import typer

from tests.cli.helpers import cli
from wifiplan.cli import app
from wifiplan.cli._help import EXAMPLES, SHORT_FLAGS, walk_commands

COMMANDS = [path for path, _ in walk_commands(typer.main.get_command(app))]


def _help(capsys, monkeypatch, *path: str) -> str:
    monkeypatch.setenv("COLUMNS", "200")      # no wrapping: the checks read whole lines
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, err = cli(capsys, *path, "--help")
    assert code == 0, err
    return out


def test_every_command_is_walked():
    names = {" ".join(p) for p in COMMANDS}
    assert {"plan", "check", "cost", "coverage", "import dxf", "export esx", "channels"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_has_no_python_types_and_an_example(capsys, monkeypatch, path):
    text = _help(capsys, monkeypatch, *path)
    for python_type in ("<bool>", "<path>", "<str>", "<int>", "<float>", "list[", "range>", "[x>="):
        assert python_type not in text, f"{' '.join(path)} help shows {python_type}"
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert "{" not in usage, usage
    assert re.search(r"Examples?:\s+wifiplan " + re.escape(" ".join(path)), text), "no example"
    assert not re.search(r"\w \.(\s|$)", text), "stray space before a full stop"


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_example_runs_the_command_it_documents(path):
    key = " ".join(path)
    assert EXAMPLES[key], key
    for line in EXAMPLES[key]:
        assert line.startswith(f"wifiplan {key} ") or line == f"wifiplan {key}", line


def test_plan_output_help_keeps_its_default_text(capsys, monkeypatch):
    # Rich markup ate "[default: BUILDING's name ...]" and left "Plan file to write ."
    text = _help(capsys, monkeypatch, "plan")
    assert "beside it" in text


def test_short_flags_are_the_same_in_every_command():
    seen: dict[str, set[str]] = {}
    root = typer.main.get_command(app)
    for path, command in walk_commands(root):
        ctx = command.make_context(" ".join(path), ["--help"], resilient_parsing=True)
        for param in command.get_params(ctx):
            opts = [*param.opts, *getattr(param, "secondary_opts", [])]
            longs = [o for o in opts if o.startswith("--")]
            shorts = [o for o in opts if re.fullmatch(r"-[A-Za-z]", o)]
            for long, short in SHORT_FLAGS.items():
                if long in longs:
                    assert short in shorts, f"{' '.join(path)} {long} lacks {short}"
            for short in shorts:
                seen.setdefault(short, set()).update(longs)
    for short, longs in seen.items():
        assert len(longs) == 1, f"{short} means {sorted(longs)}"
    assert seen["-f"] == {"--format"} and seen["-b"] == {"--building"} and seen["-F"] == {"--force"}


@pytest.mark.parametrize("command", ["cost", "coverage"])
def test_short_format_flag_works_where_it_did_not(capsys, command, tmp_path):
    # `cost -f json` and `coverage -f json` said "No such option: -f"; now the error is
    # about the missing plan file, not the flag.
    code, out, err = cli(capsys, command, str(tmp_path / "missing.plan.yaml"), "-f", "json")
    assert code == 2
    assert "No such option" not in err and "missing.plan.yaml" in err


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_paragraphs_wrap_at_the_terminal_not_mid_sentence(capsys, monkeypatch, path):
    # typer keeps a docstring's single line breaks after the first paragraph: a help wrapped at
    # 100 columns in the source broke mid-sentence in an 80-column terminal (grow, report, export)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, err = cli(capsys, *path, "--help")
    assert code == 0, err
    description = out.split("Usage:", 1)[1].split("╭", 1)[0]
    lines = [line.strip() for line in description.splitlines()[1:]]
    for a, b in zip(lines, lines[1:]):
        # a line that ends early (room left for the next word) followed by a continuation
        if a and b and not a.endswith((".", ":", ";")) and b[0].islower() and len(a) + len(b.split()[0]) < 76:
            pytest.fail(f"{' '.join(path)}: help breaks mid-sentence: {a!r} / {b!r}")
