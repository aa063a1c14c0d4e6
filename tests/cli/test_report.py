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
