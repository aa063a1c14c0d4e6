"""An AP beyond the 90 m permanent link makes `plan` exit 1, and `check` agrees (CB01)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from tests.reliability.test_corpus import run_inproc

LONG = """\
format: 1
name: Long hall
country: JP
floors:
  - name: 1F
    elevation_m: 0
    height_m: 3.5
    outline: [[0, 0], [150, 0], [150, 8], [0, 8]]
    walls:
      - {material: concrete, path: [[0, 0], [150, 0], [150, 8], [0, 8], [0, 0]]}
    zones:
      - {name: Hall, use: office, headcount: 60, polygon: [[0, 0], [150, 0], [150, 8], [0, 8]]}
    telecom_rooms:
      - {name: MDF, kind: mdf, at: [1, 1]}
"""


def test_far_ap_is_unmet_in_plan_and_failed_by_check(tmp_path: Path) -> None:
    (tmp_path / "long.yaml").write_text(LONG)
    with contextlib.chdir(tmp_path):
        code, out, err = run_inproc(["plan", "long.yaml", "-o", "long.plan.yaml", "--format", "json"])
        assert code == 1, err
        summary = json.loads(out)
        assert any("permanent link" in u or "no telecom room" in u for u in summary["unmet"]), summary["unmet"]
        code, out, _ = run_inproc(["check", "long.plan.yaml", "--format", "json"])
        assert code == 1
        assert "CB01" in out


def _runs(lengths: dict[str, float | None]):
    from types import SimpleNamespace

    runs = [SimpleNamespace(name=n, to=None if v is None else "MDF", length_m=0.0 if v is None else v)
            for n, v in lengths.items()]
    return SimpleNamespace(options=SimpleNamespace(max_link_m=90.0), runs=runs)


def test_many_far_aps_on_a_floor_are_one_line_with_the_count_and_longest_link() -> None:
    from types import SimpleNamespace

    from wifiplan.workflow.plan import CABLING_LINES_PER_FLOOR, _cabling_unmet

    names = [f"1F-AP{i:02d}" for i in range(1, 7)] + ["2F-AP01"]
    plan = SimpleNamespace(aps=[SimpleNamespace(name=n, floor=n.split("-")[0]) for n in names], spares=[])
    # 1F: five of six APs beyond 90 m (> CABLING_LINES_PER_FLOOR = 3), one without any room; 2F: one AP
    cab = _runs({"1F-AP01": 95.0, "1F-AP02": 410.1, "1F-AP03": 120.0, "1F-AP04": None, "1F-AP05": 91.0,
                 "1F-AP06": 40.0, "2F-AP01": 100.0})
    out = _cabling_unmet(plan, cab, [])
    assert CABLING_LINES_PER_FLOOR == 3
    assert out == [
        "1F: 5 of 6 APs have no telecom room within 90 m of cable (TIA-568 permanent link), longest 410.1 m "
        "(to MDF); add a telecom room nearer (see the cabling table)",
        "2F: AP 2F-AP01 permanent link 100.0 m > 90 m (TIA-568); add a telecom room nearer (see the cabling table)",
    ]
