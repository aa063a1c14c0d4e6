"""Every command that reads files meets the broken-input corpus with a message, never a traceback.

Each case must end with its exact exit code — 1 when ``validate``/``check`` read the file and
report its problems as findings, 2 when a command could not run — print a short message,
leave no partial output file, and never print a Python traceback. Cases run
in-process for speed; the large ones (50 MB, alias bomb, 20,000 walls, zip bomb) run in a
subprocess with an address-space limit, so memory stays bounded too.
"""

from __future__ import annotations

import contextlib
import io
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SMALL_BUILDING
from tests.reliability.corpus import BUILDING_CASES, CSV_CASES, ESX_CASES, PLAN_CASES, VALID_VARIANTS, write_case
from wifiplan.cli import app, main

HEAVY = {"50-MB", "alias-bomb", "million-walls", "250k-walls", "esx-zip-bomb", "deep-nesting"}
VALID_PLAN = "format: 1\nbuilding: office.yaml\naps:\n  - {name: A1, floor: 1F, at: [7, 10], radios: {5: {channel: 36}}}\n  - {name: A2, floor: 1F, at: [22, 10], radios: {5: {channel: 44}}}\n  - {name: B1, floor: 2F, at: [15, 10], radios: {5: {channel: 52}}}\n"

COMMANDS = sorted({c.name or c.callback.__name__ for c in app.registered_commands} | {g.name for g in app.registered_groups})


def run_inproc(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return code, out.getvalue(), err.getvalue()


def _limit_memory() -> None:
    limit = 3 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_sub(args: list[str], cwd: Path) -> tuple[int, str, str]:
    res = subprocess.run([sys.executable, "-m", "wifiplan", *args], capture_output=True, text=True, cwd=cwd,
                         timeout=300, preexec_fn=_limit_memory)
    return res.returncode, res.stdout, res.stderr


def run(args: list[str], cwd: Path, heavy: bool) -> tuple[int, str, str]:
    if heavy:
        return run_sub(args, cwd)
    with contextlib.chdir(cwd):
        return run_inproc(args)


def assert_clean_failure(code: int, out: str, err: str, allowed: tuple[int, ...]) -> None:
    assert code in allowed, (code, out[-2000:], err[-2000:])
    assert "Traceback" not in out + err, err[-3000:]
    assert "internal error" not in err, err[-3000:]
    assert err.strip() or out.strip(), "no message at all"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "office.yaml").write_text(SMALL_BUILDING, encoding="utf-8")
    (tmp_path / "good.plan.yaml").write_text(VALID_PLAN, encoding="utf-8")
    return tmp_path


def _outputs(folder: Path, before: set[str]) -> set[str]:
    return {p.name for p in folder.iterdir()} - before


BUILDING_COMMANDS = [["validate"], ["plan", "-o", "out.plan.yaml"]]

#: Building cases that are not a readable YAML mapping (syntax, encoding, top-level type,
#: unsafe tags, size limits): even ``validate`` cannot run on them, exit 2. Every other case
#: parses, so ``validate`` reports its problems as findings, exit 1. ``plan`` exits 2 on all.
UNREADABLE_BUILDINGS = {
    "syntax-error", "tab-indent", "empty-file", "only-comment", "scalar-top", "list-top", "binary-junk",
    "latin-1", "shift-jis", "python-tag", "50-MB", "alias-bomb", "deep-nesting", "million-walls", "250k-walls",
}


def expected_building_code(case: str, command: str) -> int:
    if command == "validate" and case not in UNREADABLE_BUILDINGS:
        return 1
    return 2


@pytest.mark.parametrize("command", BUILDING_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("case", sorted(BUILDING_CASES))
def test_building_corpus(workdir: Path, case: str, command: list[str]) -> None:
    assert command[0] in COMMANDS
    path = write_case(workdir, case, BUILDING_CASES[case])
    before = {p.name for p in workdir.iterdir()}
    code, out, err = run([*command[:1], path.name, *command[1:]], workdir, case in HEAVY)
    assert_clean_failure(code, out, err, allowed=(expected_building_code(case, command[0]),))
    assert not _outputs(workdir, before), "a failed run left files behind"


#: Plan cases that parse as a plan whose problems ``validate`` reports as findings (exit 1);
#: the rest (syntax, binary, empty) cannot be read at all (exit 2).
PLAN_FINDINGS_FOR_VALIDATE = {
    "plan-ap-outside", "plan-bad-band", "plan-building-is-plan", "plan-duplicate-ap", "plan-illegal-channel",
    "plan-missing-building", "plan-nan-position", "plan-no-building", "plan-unknown-floor", "plan-wrong-type",
}
#: Cases whose building loads and whose APs are well-formed but break a rule: ``check`` reports
#: the rule (exit 1) instead of refusing to run.
PLAN_FINDINGS_FOR_CHECK = {"plan-ap-outside", "plan-duplicate-ap", "plan-illegal-channel", "plan-unknown-floor"}


def expected_plan_code(case: str, command: str) -> int:
    if command == "validate" and case in PLAN_FINDINGS_FOR_VALIDATE:
        return 1
    if command == "check" and case in PLAN_FINDINGS_FOR_CHECK:
        return 1
    if command == "report" and case == "plan-illegal-channel":
        # the report renders the plan and lists the CH finding among its results
        return 0
    # coverage, heatmap, cost, export and predict refuse a plan they cannot evaluate
    return 2


PLAN_COMMANDS = [
    ["validate"], ["check"], ["coverage"], ["heatmap", "--floor", "1F", "-o", "h.png"], ["cost"],
    ["report", "-o", "rep"], ["export", "esx", "-o", "x.esx"], ["predict", "--at", "pts.csv"],
]


@pytest.mark.parametrize("command", PLAN_COMMANDS, ids=lambda c: "-".join(c[:2]) if c[0] == "export" else c[0])
@pytest.mark.parametrize("case", sorted(PLAN_CASES))
def test_plan_corpus(workdir: Path, case: str, command: list[str]) -> None:
    assert command[0] in COMMANDS
    (workdir / "pts.csv").write_text("floor,x_m,y_m\n1F,5,5\n")
    path = write_case(workdir, case, PLAN_CASES[case])
    before = {p.name for p in workdir.iterdir()}
    if command[0] == "export":
        args = ["export", "esx", path.name, *command[2:]]
    else:
        args = [command[0], path.name, *command[1:]]
    code, out, err = run(args, workdir, False)
    expected = expected_plan_code(case, command[0])
    if expected == 0:
        assert code == 0, (code, out[-2000:], err[-2000:])
        assert "Traceback" not in out + err
        assert "CH01" in (workdir / "rep" / "report.md").read_text(encoding="utf-8")
        return
    assert_clean_failure(code, out, err, allowed=(expected,))
    assert not _outputs(workdir, before), "a failed run left files behind"


CSV_RUNS = [(["calibrate", "good.plan.yaml"], case) for case in sorted(CSV_CASES)] + [
    (["predict", "good.plan.yaml", "--at"], case) for case in sorted(CSV_CASES) if not case.startswith("survey-")
]


@pytest.mark.parametrize("command,case", CSV_RUNS, ids=[f"{c[0]}-{k}" for c, k in CSV_RUNS])
def test_csv_corpus(workdir: Path, case: str, command: list[str]) -> None:
    assert command[0] in COMMANDS
    path = write_case(workdir, case, CSV_CASES[case], suffix=".csv")
    extra = ["-o", "cal.plan.yaml"] if command[0] == "calibrate" else []
    code, out, err = run([*command, path.name, *extra], workdir, False)
    assert_clean_failure(code, out, err, allowed=(2,))  # an unreadable input: the command cannot run
    assert not (workdir / "cal.plan.yaml").exists()


@pytest.mark.parametrize("case", sorted(ESX_CASES))
def test_esx_corpus(workdir: Path, case: str) -> None:
    assert "import" in COMMANDS
    path = write_case(workdir, case, ESX_CASES[case], suffix=".esx")
    code, out, err = run(["import", "esx", path.name, "-o", "imported.yaml"], workdir, case in HEAVY)
    assert_clean_failure(code, out, err, allowed=(2,))
    assert not (workdir / "imported.yaml").exists()
    assert not (workdir.parent / "evil.json").exists() and not (workdir.parent.parent / "evil.json").exists()


@pytest.mark.parametrize("fmt,content", [
    ("dxf", b"0\nSECTION\n2\nENTITIES\n0\nLINE\n8\nA-WALL\n10\n0\n20\n0\n11\n5\n21\n0\n0\nENDSEC\n0\nEOF\n"),
    ("dxf", b"\x00\x01 junk"),
    ("ifc", b"ISO-10303-21;\nHEADER;\nthis is broken\n"),
    ("geojson", b"{\"type\": \"FeatureCollection\", \"features\": 3}"),
    ("imdf", b"not a folder"),
], ids=["dxf-no-units", "dxf-junk", "ifc-broken", "geojson-wrong", "imdf-wrong"])
def test_importer_corpus(workdir: Path, fmt: str, content: bytes) -> None:
    assert "import" in COMMANDS
    path = workdir / f"in.{fmt if fmt != 'imdf' else 'zip'}"
    path.write_bytes(content)
    code, out, err = run(["import", fmt, path.name, "-o", "imported.yaml"], workdir, False)
    assert_clean_failure(code, out, err, allowed=(2,))
    assert not (workdir / "imported.yaml").exists()


@pytest.mark.parametrize("case", sorted(VALID_VARIANTS))
def test_valid_variants(workdir: Path, case: str) -> None:
    """Byte-order marks, UTF-16 and CRLF line ends are fine."""
    path = write_case(workdir, case, VALID_VARIANTS[case])
    code, out, err = run(["validate", path.name], workdir, False)
    assert code == 0, err
