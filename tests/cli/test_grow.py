"""CLI: plan --existing (origin written, exit codes), grow (table, csv, json, bad steps), cost of a step."""

from __future__ import annotations

import csv
import io
import json

import yaml

from tests.cli.helpers import cli
from wifiplan.report.growth import GROWTH_COLUMNS


def _scaled(src, dst, k: float) -> None:
    d = yaml.safe_load(src.read_text(encoding="utf-8"))
    for f in d["floors"]:
        for z in f.get("zones", []):
            z["headcount"] = round(z["headcount"] * k)
    d["requirements"]["growth"] = 0.0
    dst.write_text(yaml.safe_dump(d, sort_keys=False), encoding="utf-8")


def test_plan_existing_writes_origins_and_cost_prices_the_step(capsys, small_building, tmp_path) -> None:
    base = tmp_path / "base.plan.yaml"
    code, _out, err = cli(capsys, "plan", str(small_building), "-o", str(base), "--no-progress")
    assert code in (0, 1), err
    grown_b = tmp_path / "grown.yaml"
    _scaled(small_building, grown_b, 2.0)
    grown = tmp_path / "grown.plan.yaml"
    code, _out, err = cli(capsys, "plan", str(grown_b), "--existing", str(base), "-o", str(grown), "--no-progress")
    assert code in (0, 1), err
    plan = yaml.safe_load(grown.read_text(encoding="utf-8"))
    old = {a["name"]: a["at"] for a in yaml.safe_load(base.read_text(encoding="utf-8"))["aps"]}
    assert {a["origin"] for a in plan["aps"]} <= {"existing", "spare", "new"}
    assert {a["name"]: a["at"] for a in plan["aps"] if a["origin"] == "existing"} == old
    assert "grown from" in grown.read_text(encoding="utf-8").splitlines()[0]
    code, out, err = cli(capsys, "cost", str(grown), "-f", "json")
    assert code == 0, err
    step = json.loads(out)["step"]
    assert step["kept"] == len(old)
    assert step["on_spares"] + step["new_positions"] == len(plan["aps"]) - len(old)
    code, out, err = cli(capsys, "validate", str(grown))
    assert code == 0, out + err


def test_allow_moves_needs_existing(capsys, small_building, tmp_path) -> None:
    code, _out, err = cli(capsys, "plan", str(small_building), "-o", str(tmp_path / "p.yaml"), "--allow-moves")
    assert code == 2 and "--existing" in err


def test_existing_missing_file_is_exit_2(capsys, small_building, tmp_path) -> None:
    code, _out, err = cli(capsys, "plan", str(small_building), "-o", str(tmp_path / "p.yaml"),
                          "--existing", str(tmp_path / "nope.plan.yaml"), "--no-progress")
    assert code == 2 and "nope.plan.yaml" in err and "Traceback" not in err


def test_bad_origin_is_a_located_error(capsys, small_building, tmp_path) -> None:
    p = tmp_path / "bad.plan.yaml"
    p.write_text("format: 1\nbuilding: office.yaml\naps:\n  - {name: A, floor: 1F, at: [1, 1], origin: moved}\n",
                 encoding="utf-8")
    code, out, err = cli(capsys, "validate", str(p))
    assert code != 0   # validate: 1 = the file has errors
    text = out + err
    assert "bad.plan.yaml:4:" in text and "aps[0].origin" in text and "'existing', 'spare' or 'new'" in text


def test_grow_bad_steps(capsys, small_building) -> None:
    for steps in ("0.3,0.1", "x", "0,0.2"):
        code, _out, err = cli(capsys, "grow", str(small_building), "--steps", steps)
        assert code == 2 and "--steps" in err, (steps, err)


def test_grow_csv_and_json(capsys, small_building, tmp_path) -> None:
    code, out, err = cli(capsys, "grow", str(small_building), "--steps", "0.5,1.0", "-f", "csv")
    assert code in (0, 1), err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == GROWTH_COLUMNS
    assert [(r["path"], float(r["step"])) for r in rows] == [
        ("with_spares", 0.5), ("with_spares", 1.0), ("without_spares", 0.5), ("without_spares", 1.0)]
    assert all(int(r["on_spares"]) == 0 for r in rows if r["path"] == "without_spares")
    # people carried grow with the steps: headcount × (1 + s), growth 0
    ppl = [float(r["people"]) for r in rows if r["path"] == "with_spares"]
    assert ppl[0] < ppl[1]
    # progress on stderr (not a terminal here: timestamped lines), one titled run per plan:
    # the start, then each step with spares and without
    for label in ("the building's own plan", "step +50% with spares", "step +100% without spares"):
        assert f"grow: {label}: planned in" in err, err
    chart = tmp_path / "path.png"
    code, out, err = cli(capsys, "grow", str(small_building), "--steps", "1.0", "-f", "json", "--chart", str(chart),
                         "--no-progress")
    assert "grow: step" not in err
    d = json.loads(out)
    assert d["assumptions"] and set(d["paths"]) == {"with_spares", "without_spares"}
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_growth_step_diffs_as_added_only_and_checks(capsys, small_building, tmp_path) -> None:
    # the done-when on the small office: plan, double every headcount (growth 0), plan --existing;
    # then diff lists the added APs, nothing moved or removed, at most a power re-tune, and check passes
    base = tmp_path / "base.plan.yaml"
    code, _out, err = cli(capsys, "plan", str(small_building), "-o", str(base), "--no-progress")
    assert code == 0, err
    grown_b = tmp_path / "grown.yaml"
    _scaled(small_building, grown_b, 2.0)
    grown = tmp_path / "grown.plan.yaml"
    code, _out, err = cli(capsys, "plan", str(grown_b), "--existing", str(base), "-o", str(grown), "--no-progress")
    assert code == 0, err
    code, out, err = cli(capsys, "check", str(grown), "-b", str(grown_b), "--format", "json")
    assert code == 0, out + err
    code, out, err = cli(capsys, "diff", str(base), str(grown), "-f", "json")
    assert code == 0, err
    d = json.loads(out)["aps"]
    plan = yaml.safe_load(grown.read_text(encoding="utf-8"))
    added = sorted(a["name"] for a in plan["aps"] if a["origin"] in ("spare", "new"))
    assert added and sorted(a["name"] for a in d["added"]) == added
    assert (d["removed"], d["moved"]) == ([], [])
    # re-tuned: at most a loaded radio's power lowered (the balancing), never its channel or width
    for r in d["retuned"]:
        for change in r["changes"].values():
            (old_ch, old_dbm), (new_ch, new_dbm) = (change[k].rsplit(" ", 2)[:2] for k in ("old", "new"))
            assert old_ch == new_ch and float(new_dbm) < float(old_dbm)
