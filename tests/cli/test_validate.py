"""`wifiplan validate`: exit codes and located, one-screen messages for broken files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SMALL_BUILDING

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wifiplan", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_valid_building_exits_0(small_building: Path) -> None:
    res = run("validate", str(small_building))
    assert res.returncode == 0, res.stderr
    assert "valid" in res.stdout


def test_shipped_floorplans_validate_clean() -> None:
    files = sorted((REPO / "floorplans").glob("*.yaml"))
    assert len(files) >= 3
    res = run("validate", *map(str, files))
    assert res.returncode == 0, res.stdout + res.stderr


# (name, text, expected exit code, fragments the message must contain)
BROKEN = [
    ("yaml-syntax", SMALL_BUILDING.replace("name: Test office", "name: [Test office"), 2, [":", "YAML syntax error"]),
    ("wrong-type", SMALL_BUILDING.replace("headcount: 40", "headcount: forty"), 1, ["floors[0].zones[0].headcount", "whole number", ":16:53"]),
    ("key-typo", SMALL_BUILDING.replace("height_m: 3.5\n    ap_height_m", "hieght_m: 3.5\n    ap_height_m", 1), 1, ["unknown key 'hieght_m'", "did you mean 'height_m'"]),
    ("material-typo", SMALL_BUILDING.replace("material: drywall, path: [[15, 0]", "material: drywal, path: [[15, 0]"), 1, ["floors[0].walls[1].material", "unknown material 'drywal'", "did you mean 'drywall'"]),
    ("use-typo", SMALL_BUILDING.replace("use: meeting-room", "use: meeting-rom"), 1, ["floors[0].zones[1].use", "did you mean 'meeting-room'"]),
    ("open-polygon", SMALL_BUILDING.replace("outline: [[0, 0], [30, 0], [30, 20], [0, 20]]\n    walls:\n      - {material: concrete, path: [[0, 0], [30, 0], [30, 20], [0, 20], [0, 0]]}\n      - {material: drywall", "outline: [[0, 0], [30, 0]]\n    walls:\n      - {material: concrete, path: [[0, 0], [30, 0], [30, 20], [0, 20], [0, 0]]}\n      - {material: drywall", 1), 1, ["floors[0].outline", "at least 3"]),
    ("self-intersecting", SMALL_BUILDING.replace("polygon: [[0, 0], [15, 0], [15, 20], [0, 20]]", "polygon: [[0, 0], [15, 20], [15, 0], [0, 20]]"), 1, ["floors[0].zones[0].polygon", "not a simple polygon"]),
    ("zones-overlap", SMALL_BUILDING.replace("polygon: [[15, 0], [30, 0], [30, 20], [15, 20]]", "polygon: [[10, 0], [30, 0], [30, 20], [10, 20]]"), 1, ["overlap", "floors[0].zones[1].polygon"]),
    ("duplicate-floor", SMALL_BUILDING.replace("name: 2F", "name: 1F"), 1, ["floor name '1F'"]),
    ("same-elevation", SMALL_BUILDING.replace("elevation_m: 3.5", "elevation_m: 0"), 1, ["elevation"]),
    ("negative-headcount", SMALL_BUILDING.replace("headcount: 12", "headcount: -12"), 1, ["floors[0].zones[1].headcount", "greater than or equal to 0"]),
    ("absurd-headcount", SMALL_BUILDING.replace("headcount: 12", "headcount: 9000"), 1, ["impossible"]),
    ("no-telecom-room", SMALL_BUILDING.replace("    telecom_rooms:\n      - {name: MDF, kind: mdf, at: [1, 1]}\n", ""), 1, ["no telecom room"]),
    ("unreachable-floor", SMALL_BUILDING.replace("    risers:\n      - {name: R1, at: [2, 1]}\nrequirements", "requirements"), 1, ["floor 2F has no telecom room"]),
    ("wall-outside", SMALL_BUILDING.replace("path: [[15, 12], [15, 20]]", "path: [[15, 12], [15, 40]]"), 1, ["outside the outline", "floors[0].walls[3].path"]),
    ("empty", "", 2, ["empty"]),
    ("top-level-list", "- 1\n- 2\n", 2, ["top level must be a mapping"]),
    ("custom-tag", "format: 1\nfloors: !!python/object:os.system {}\n", 2, ["custom tags"]),
    ("duplicate-key", "format: 1\nformat: 1\nfloors: []\n", 2, ["duplicate key 'format'"]),
]


@pytest.mark.parametrize("name,text,code,fragments", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_gives_located_message(tmp_path: Path, name: str, text: str, code: int, fragments: list[str]) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    res = run("validate", str(path))
    out = res.stdout + res.stderr
    assert res.returncode == code, out
    assert "Traceback" not in out
    assert len(out.splitlines()) <= 25, out  # one screen
    for fragment in fragments:
        assert fragment in out, (fragment, out)


def test_binary_junk_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(bytes(range(256)) * 8)
    res = run("validate", str(path))
    assert res.returncode == 2
    assert "binary" in res.stderr and "Traceback" not in res.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    res = run("validate", str(tmp_path / "nope.yaml"))
    assert res.returncode == 2
    assert "no such" in res.stderr


def test_shift_jis_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "sjis.yaml"
    path.write_bytes(SMALL_BUILDING.replace("Test office", "市役所").encode("cp932"))
    res = run("validate", str(path))
    assert res.returncode == 2
    assert "Shift_JIS" in res.stderr


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL_BUILDING.encode())
    assert run("validate", str(path)).returncode == 0


def test_json_building_and_json_output(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(SMALL_BUILDING)
    data["floors"][0]["walls"][1]["material"] = "concret"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data, indent=2))
    res = run("validate", "--format", "json", str(path))
    assert res.returncode == 1
    report = json.loads(res.stdout)
    problem = report["files"][0]["problems"][0]
    assert problem["path"] == "floors[0].walls[1].material"
    assert problem["line"] is not None and problem["code"] == "BD10"
    assert "concrete" in problem["hint"]


def test_usage_error_exits_2() -> None:
    res = run("validate")
    assert res.returncode == 2


def test_version_and_help() -> None:
    res = run("--version")
    assert res.returncode == 0 and res.stdout.startswith("wifiplan ")
    res = run("--help")
    for command in ("validate", "schema", "materials", "profiles", "init", "plan"):
        assert command in res.stdout


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    # a riser on one floor only is a warning
    text = SMALL_BUILDING.replace("    risers:\n      - {name: R1, at: [2, 1]}\nrequirements", "    telecom_rooms:\n      - {name: IDF2, kind: idf, at: [1, 1]}\nrequirements")
    path = tmp_path / "w.yaml"
    path.write_text(text)
    assert run("validate", str(path)).returncode == 0
    res = run("validate", "--strict", str(path))
    assert res.returncode == 1 and "riser 'R1'" in res.stderr
