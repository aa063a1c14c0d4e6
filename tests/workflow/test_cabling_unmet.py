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
