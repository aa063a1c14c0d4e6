"""``wifiplan plan``: unmet requirements listed once, each kind with what would fix it; ``--set``."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.cli.helpers import cli

TINY = textwrap.dedent("""\
    format: 1
    name: Tiny
    country: JP
    floors:
      - name: 1F
        elevation_m: 0
        height_m: 3.5
        outline: [[0, 0], [16, 0], [16, 10], [0, 10]]
        walls:
          - {material: concrete, path: [[0, 0], [16, 0], [16, 10], [0, 10], [0, 0]]}
        zones:
          - {name: Office, use: office-web-meetings, headcount: 60, polygon: [[0, 0], [16, 0], [16, 10], [0, 10]]}
        telecom_rooms:
          - {name: MDF, kind: mdf, at: [1, 1]}
    """)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_unmet_listed_once_with_a_hint(capsys, tiny: Path, tmp_path: Path):
    out_path = tmp_path / "tiny.plan.yaml"
    code, out, err = cli(capsys, "plan", str(tiny), "-o", str(out_path), "--no-progress",
                         "--set", "requirements.max_utilization=0.02")
    assert code == 1, err
    both = out + err
    line = next(x for x in both.splitlines() if "channel utilisation" in x and "> cap 0.02" in x)
    assert both.count(line.strip()) == 1                    # was printed on stdout and again on stderr
    assert "what would fix it:" in both
    assert "--set requirements.band=6" in both              # JP has 6 GHz
    assert "requirements.max_utilization=0.12" in both      # the cap, 0.02 + 0.1
    # the building file is unchanged, the plan says how it was made
    assert "max_utilization" not in tiny.read_text(encoding="utf-8")
    plan = yaml.safe_load(out_path.read_text(encoding="utf-8"))
    assert plan["summary"]["overrides"] == ["requirements.max_utilization=0.02"]
    assert "--set requirements.max_utilization=0.02" in out_path.read_text(encoding="utf-8").split("format:")[0]


def test_unmet_hints_in_json(capsys, tiny: Path, tmp_path: Path):
    code, out, err = cli(capsys, "plan", str(tiny), "-o", str(tmp_path / "p.yaml"), "-f", "json", "--no-progress",
                         "--set", "requirements.max_utilization=0.02")
    assert code == 1
    doc = json.loads(out)
    assert [h["kind"] for h in doc["unmet_hints"]] == ["utilization"]
    assert err.count("requirement not met") == len(doc["unmet"])


def test_bad_set_value_exits_2_naming_the_flag(capsys, tiny: Path, tmp_path: Path):
    code, out, err = cli(capsys, "plan", str(tiny), "-o", str(tmp_path / "p.yaml"), "--set", "requirements.growth=lots")
    assert code == 2
    assert "--set requirements.growth: must be a number (got 'lots')" in err
    assert "tiny.yaml:" not in err and "Traceback" not in err
    assert not (tmp_path / "p.yaml").exists()
