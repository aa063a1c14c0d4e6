"""`wifiplan report`: writes the HTML and Markdown report; exit codes."""

from __future__ import annotations

import pytest

from tests.check.helpers import needs, write_project
from tests.cli.test_check import cli


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


def test_writes_report(tmp_path, capsys):
    plan = write_project(tmp_path)
    code, _, err = cli(capsys, "report", str(plan), "-o", str(tmp_path / "rep"), "--dpi", "50")
    assert code == 0, err
    assert (tmp_path / "rep" / "index.html").stat().st_size > 10_000
    # one floor: the floor map, signal strength and serving AP (no secondary requirement)
    assert len(list((tmp_path / "rep" / "img").glob("*.png"))) == 3
    assert "3 figure(s)" in err


def test_existing_report_needs_force(tmp_path, capsys):
    plan = write_project(tmp_path)
    (tmp_path / "rep").mkdir()
    (tmp_path / "rep" / "index.html").write_text("old")
    code, _, err = cli(capsys, "report", str(plan), "-o", str(tmp_path / "rep"), "--dpi", "50")
    assert code == 2 and "--force" in err


def test_broken_plan_exits_2(tmp_path, capsys):
    plan = write_project(tmp_path)
    plan.write_text("aps: [\n")
    code, _, err = cli(capsys, "report", str(plan), "-o", str(tmp_path / "rep"))
    assert code == 2 and "YAML syntax error" in err


def test_output_is_a_file(tmp_path, capsys):
    plan = write_project(tmp_path)
    (tmp_path / "file").write_text("x")
    code, _, err = cli(capsys, "report", str(plan), "-o", str(tmp_path / "file"))
    assert code == 2 and "is a file" in err


@pytest.mark.parametrize(("change", "code"), [({"floor": "9F"}, "unknown floor"), ({"name": "AP1"}, "used twice")])
def test_invalid_plan_exits_2_and_writes_nothing(tmp_path, capsys, change, code):
    import copy

    from tests.check.helpers import GOOD_APS

    aps = copy.deepcopy(GOOD_APS)
    aps[1].update(change)
    plan = write_project(tmp_path, aps=aps)
    rc, _, err = cli(capsys, "report", str(plan), "-o", str(tmp_path / "rep"))
    assert rc == 2 and code in err and "office.plan.yaml:5" in err
    assert not (tmp_path / "rep").exists()


@pytest.mark.parametrize(("args", "msg"), [
    (["--growth-steps", "0.3,x"], "--growth-steps"),
    (["--growth-steps", "0.5,0.3"], "increasing"),
    (["--growth-steps", "0.3", "--growth-path", "p.json"], "not both"),
    (["--growth-path", "missing.json"], "no such file (--growth-path)"),
    (["--compare-preset", "wifi9"], "unknown AP preset; use one of"),
])
def test_bad_growth_and_option_arguments_exit_2(tmp_path, capsys, args, msg):
    plan = write_project(tmp_path)
    code, _, err = cli(capsys, "report", str(plan), "-o", str(tmp_path / "rep"), *args)
    assert code == 2 and msg in " ".join(err.split()), err
    assert not (tmp_path / "rep" / "index.html").exists()


def test_growth_path_from_wifiplan_grow(tmp_path, capsys):
    """`wifiplan grow --existing PLAN --format json` then `report --growth-path`: the phased
    table ends with the build year plus the path's total (incl. tax, as the JP estimate)."""
    import json
    import re

    plan = write_project(tmp_path)
    code, _, err = cli(capsys, "grow", str(tmp_path / "building.yaml"), "--existing", str(plan), "--steps", "0.3,0.6",
                       "--format", "json", "-o", str(tmp_path / "path.json"))
    assert code in (0, 1), err
    path = json.loads((tmp_path / "path.json").read_text(encoding="utf-8"))
    code, _, err = cli(capsys, "report", str(plan), "-o", str(tmp_path / "rep"), "--dpi", "50", "--lang", "en",
                       "--growth-path", str(tmp_path / "path.json"))
    assert code == 0, err
    assert "4 figure(s)" in err  # the growth chart besides the floor map and two heatmaps
    md = (tmp_path / "rep" / "report.md").read_text(encoding="utf-8")
    assert (tmp_path / "rep" / "img" / "growth.png").read_bytes()[:4] == b"\x89PNG"
    table = md.split("*Phased budget, including tax (new build)*")[1].split("\n\n")[1]
    rows = [[c.strip().strip("*") for c in line.strip("|").split("|")] for line in table.splitlines()[2:]]
    amount = lambda s: float(re.sub(r"[^0-9.]", "", s))  # noqa: E731
    assert [r[0] for r in rows[1:-1]] == ["headcount +30%", "headcount +60%"]
    steps = sum(amount(r[2]) for r in rows[1:-1])
    assert steps == pytest.approx(path["totals_incl_tax"]["with_spares"], abs=1.0)
    assert amount(rows[-1][2]) == pytest.approx(amount(rows[0][2]) + steps, abs=1.0)
    assert amount(rows[-1][3]) == pytest.approx(
        amount(rows[0][3]) + path["totals_incl_tax"]["without_spares"], abs=1.0)


def test_compare_preset_adds_a_column(tmp_path, capsys):
    plan = write_project(tmp_path)
    code, _, err = cli(capsys, "report", str(plan), "-o", str(tmp_path / "rep"), "--dpi", "50", "--lang", "en",
                       "--compare-preset", "wifi6-2x2")
    assert code == 0, err
    assert "planning the building with AP preset wifi6-2x2" in err
    md = (tmp_path / "rep" / "report.md").read_text(encoding="utf-8")
    assert "| Option | This plan (wifi6e-2x2) | Option: wifi6-2x2 |" in md
    assert "| AP preset | wifi6e-2x2 | wifi6-2x2 |" in md
