"""``wifiplan plan A B --out-dir DIR``: one summary, per-building lines, exit 1 with the failures."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.helpers import cli

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "floorplans" / "small-office.yaml"


def _buildings(tmp_path: Path) -> list[Path]:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text(SMALL.read_text(encoding="utf-8").replace("name: ", "name: B ", 1), encoding="utf-8")
    return [a, b]


def test_batch_json_summary_and_files(tmp_path, capsys):
    a, b = _buildings(tmp_path)
    out = tmp_path / "plans"
    code, stdout, stderr = cli(capsys, "plan", str(a), str(b), "--out-dir", str(out), "-j", "2", "-f", "json")
    assert code == 0, stderr
    doc = json.loads(stdout)
    assert [Path(x["building"]).name for x in doc["buildings"]] == ["a.yaml", "b.yaml"]
    assert all(x["status"] == "met" and x["aps"] >= 1 for x in doc["buildings"])
    assert sorted(p.name for p in out.iterdir()) == ["a.plan.yaml", "b.plan.yaml"]
    # not a terminal: one timestamped line per building on stderr
    lines = [ln for ln in stderr.splitlines() if re.match(r"\d\d:\d\d:\d\dZ \[\d/2\] ", ln)]
    assert len(lines) == 2 and all(": met;" in ln for ln in lines)
    # the plans check clean against their buildings
    code, _, err = cli(capsys, "check", str(out / "a.plan.yaml"))
    assert code == 0, err


def test_batch_reports_a_bad_building_and_exits_1(tmp_path, capsys):
    a, _ = _buildings(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nname: Bad\nfloors: 3\n", encoding="utf-8")
    code, stdout, stderr = cli(capsys, "plan", str(a), str(bad), "--out-dir", str(tmp_path / "o"))
    assert code == 1
    assert "failed" in stdout and "a.plan.yaml" in stdout
    assert re.search(r"error .*bad\.yaml: .*bad\.yaml:3:\d+ floors", stderr)
    assert (tmp_path / "o" / "a.plan.yaml").exists() and not (tmp_path / "o" / "bad.plan.yaml").exists()


def test_batch_usage_errors(tmp_path, capsys):
    a, b = _buildings(tmp_path)
    code, _, err = cli(capsys, "plan", str(a), str(b))
    assert code == 2 and "--out-dir" in err
    code, _, err = cli(capsys, "plan", str(a), str(b), "--out-dir", str(tmp_path), "-o", str(tmp_path / "x.yaml"))
    assert code == 2 and "--out-dir" in err
    code, _, err = cli(capsys, "plan", str(a), "--jobs", "2", "-o", str(tmp_path / "x.plan.yaml"))
    assert code == 2 and "--jobs" in err
