"""Check reports for the format tests: a failing plan, a clean plan and a broken plan."""

from __future__ import annotations

import pytest

from tests.check.helpers import GOOD_APS, needs, write_project


@pytest.fixture
def failing_dump(tmp_path, monkeypatch):
    """JSON dump of a check with CV01/CV03 errors, a PL02 warning and a CH01 error."""
    needs("wifiplan.rf.maps")
    from wifiplan.check import run_checks

    monkeypatch.chdir(tmp_path)
    aps = [dict(GOOD_APS[0], radios={"5": {"channel": 34, "width_mhz": 20, "tx_power_dbm": 14}})]
    plan = write_project(tmp_path, aps=aps, building_sha256="0" * 64)
    return run_checks([plan.name]).dump()


@pytest.fixture
def clean_dump(tmp_path, monkeypatch):
    needs("wifiplan.rf.maps")
    from wifiplan.check import run_checks

    monkeypatch.chdir(tmp_path)
    return run_checks([write_project(tmp_path).name]).dump()


@pytest.fixture
def two_plan_dump(tmp_path, monkeypatch):
    """Two plans of one building (one failing), and one unreadable plan."""
    needs("wifiplan.rf.maps")
    from wifiplan.check import run_checks

    monkeypatch.chdir(tmp_path)
    write_project(tmp_path, name="a.plan.yaml")
    write_project(tmp_path, name="b.plan.yaml", aps=GOOD_APS[:1])
    (tmp_path / "c.plan.yaml").write_text("aps: [\n")
    return run_checks(["a.plan.yaml", "b.plan.yaml", "c.plan.yaml"]).dump()
