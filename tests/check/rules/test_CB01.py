"""CB01 cabling.length: permanent link within 90 m, re-routed over the pathways."""

from __future__ import annotations

import textwrap

import pytest

from tests.check.helpers import codes_at, needs, run, write_project

LONG = textwrap.dedent(
    """\
    format: 1
    country: JP
    floors:
      - name: 1F
        elevation_m: 0
        height_m: 3.5
        outline: [[0, 0], [120, 0], [120, 10], [0, 10]]
        zones:
          - {name: Hall, use: office, headcount: 60, polygon: [[0, 0], [120, 0], [120, 10], [0, 10]]}
        telecom_rooms:
          - {name: MDF, kind: mdf, at: [2, 5]}
        pathways:
          - {kind: tray, path: [[2, 5], [118, 5]]}
    """
)


def _ap(name: str, x: float) -> dict:
    return {"name": name, "floor": "1F", "at": [x, 5], "radios": {"5": {"channel": 36, "width_mhz": 20, "tx_power_dbm": 14}}}


@pytest.fixture(autouse=True)
def _cabling():
    needs("wifiplan.cabling")


def test_near_ap_passes(tmp_path):
    plan = write_project(tmp_path, building=LONG, aps=[_ap("AP1", 30)], spares=[{"name": "SP1", "floor": "1F", "at": [40, 5]}])
    report = run(plan, "CB01")
    assert report.files[0].rules == ["CB01"]
    assert report.findings == []


def test_far_ap_fails_at_its_line(tmp_path):
    plan = write_project(tmp_path, building=LONG, aps=[_ap("AP1", 30), _ap("AP2", 110)],
                         spares=[{"name": "SP1", "floor": "1F", "at": [40, 5]}])
    report = run(plan, "CB01")
    assert codes_at(report, "CB01") == [("CB01", 5, "1F")]
    f = report.findings[0]
    assert f.severity == "error" and f.value > 90 and f.limit == 90
    assert (f.location.x_m, f.location.y_m) == (110, 5)
    assert f.location.path == "aps[1].at"


def test_far_spare_is_a_warning(tmp_path):
    plan = write_project(tmp_path, building=LONG, aps=[_ap("AP1", 30)], spares=[{"name": "SP1", "floor": "1F", "at": [115, 5]}])
    report = run(plan, "CB01")
    assert [(f.id, f.severity, f.location.line) for f in report.findings] == [("CB01", "warning", 6)]
    assert report.exit_code() == 0
