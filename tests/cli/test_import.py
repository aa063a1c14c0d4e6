"""`wifiplan import ...` and `wifiplan export esx`: exit codes, summaries, outputs that validate."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import SHARED_DATA, SMALL_BUILDING
from tests.io.test_dxf import make_dxf
from tests.io.test_geojson import make_imdf, make_mall
from wifiplan.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_valid(capsys, *files: Path) -> None:
    code, out, err = run(capsys, "validate", *map(str, files))
    assert code == 0, out + err


def test_import_dxf_writes_a_valid_building(tmp_path: Path, capsys) -> None:
    dxf = make_dxf(tmp_path / "office.dxf", insunits=4)
    out = tmp_path / "office.yaml"
    code, stdout, stderr = run(capsys, "import", "dxf", str(dxf), "-o", str(out))
    assert code == 0, stderr
    assert "wrote" in stdout and "1 floor(s)" in stdout
    assert "Import summary" in stderr and "skipped" in stderr and "MYSTERY" in stderr
    data = yaml.safe_load(out.read_text())
    assert data["floors"][0]["name"] == "office"
    assert out.read_text().startswith("# Imported by `wifiplan import dxf`")
    assert_valid(capsys, out)


def test_import_dxf_placeholder_is_marked(tmp_path: Path, capsys) -> None:
    dxf = make_dxf(tmp_path / "plain.dxf", with_rooms=False)
    out = tmp_path / "plain.yaml"
    code, _, stderr = run(capsys, "import", "dxf", str(dxf), "-o", str(out))
    assert code == 0
    assert "# TODO: move to the real telecom room" in out.read_text()
    assert "placeholders" in stderr
    assert_valid(capsys, out)


def test_missing_units_exit_2_names_the_option(tmp_path: Path, capsys) -> None:
    dxf = make_dxf(tmp_path / "nounits.dxf", insunits=0)
    out = tmp_path / "b.yaml"
    code, _, stderr = run(capsys, "import", "dxf", str(dxf), "-o", str(out))
    assert code == 2
    assert "--units" in stderr
    assert not out.exists()
    code, _, _ = run(capsys, "import", "dxf", str(dxf), "-o", str(out), "--units", "mm")
    assert code == 0 and out.exists()


def test_no_overwrite_without_force(tmp_path: Path, capsys) -> None:
    dxf = make_dxf(tmp_path / "a.dxf")
    out = tmp_path / "a.yaml"
    out.write_text("keep me")
    code, _, stderr = run(capsys, "import", "dxf", str(dxf), "-o", str(out))
    assert code == 2 and "--force" in stderr and out.read_text() == "keep me"
    code, _, _ = run(capsys, "import", "dxf", str(dxf), "-o", str(out), "--force")
    assert code == 0 and out.read_text() != "keep me"
    code, _, stderr = run(capsys, "import", "dxf", str(dxf), "-o", str(dxf), "--force")
    assert code == 2 and "input" in stderr


def test_list_layers(tmp_path: Path, capsys) -> None:
    dxf = make_dxf(tmp_path / "a.dxf")
    code, stdout, _ = run(capsys, "import", "dxf", str(dxf), "--list-layers", "--layer-map", "MYSTERY=metal")
    assert code == 0
    lines = {line.split("│")[1].strip(): line for line in stdout.splitlines() if line.count("│") >= 4}
    assert "metal" in lines["MYSTERY"]
    assert "drywall" in lines["A-WALL"]
    assert "skipped" in lines["0"]


def test_bad_layer_map_exit_2(tmp_path: Path, capsys) -> None:
    dxf = make_dxf(tmp_path / "a.dxf")
    code, _, stderr = run(capsys, "import", "dxf", str(dxf), "-o", str(tmp_path / "b.yaml"), "--layer-map", "X=concret")
    assert code == 2 and "did you mean 'concrete'" in stderr


def test_import_geojson_and_imdf(tmp_path: Path, capsys) -> None:
    site = make_mall(tmp_path / "site")
    out = tmp_path / "mall.yaml"
    code, stdout, stderr = run(capsys, "import", "geojson", str(site), "-o", str(out), "--floor-height", "5")
    assert code == 0, stderr
    assert "3 floor(s)" in stdout
    assert [f["elevation_m"] for f in yaml.safe_load(out.read_text())["floors"]] == [-5, 0, 5]
    venue = make_imdf(tmp_path / "venue")
    out2 = tmp_path / "venue.yaml"
    code, stdout, _ = run(capsys, "import", "imdf", str(venue), "-o", str(out2))
    assert code == 0 and "2 floor(s)" in stdout
    assert_valid(capsys, out, out2)


@pytest.mark.skipif(not (SHARED_DATA / "ifc" / "duplex.ifc").is_file(), reason="needs the real IFC model duplex.ifc (in the team's shared data beside the repository)")
def test_import_ifc_duplex(tmp_path: Path, capsys) -> None:
    out = tmp_path / "duplex.yaml"
    code, stdout, stderr = run(capsys, "import", "ifc", str(SHARED_DATA / "ifc" / "duplex.ifc"), "-o", str(out))
    assert code == 0, stderr
    assert "3 floor(s)" in stdout and "IfcBuildingStorey" in stderr
    assert_valid(capsys, out)


PLAN = """\
format: 1
building: building.yaml
aps:
  - {name: AP1, floor: 1F, at: [5, 5], radios: {"5": {channel: 36, tx_power_dbm: 17}, "2.4": {channel: 6}}}
  - {name: AP2, floor: 2F, at: [25.5, 12.25], height_m: 3, radios: {"5": {channel: 38, width_mhz: 40}}}
"""


def test_export_and_import_esx(tmp_path: Path, capsys) -> None:
    (tmp_path / "building.yaml").write_text(SMALL_BUILDING)
    (tmp_path / "plan.yaml").write_text(PLAN)
    esx = tmp_path / "out.esx"
    code, stdout, stderr = run(capsys, "export", "esx", str(tmp_path / "plan.yaml"), "-o", str(esx))
    assert code == 0, stderr
    assert "2 AP(s)" in stdout
    with zipfile.ZipFile(esx) as zf:
        assert "accessPoints.json" in zf.namelist()
    sub = tmp_path / "back"
    sub.mkdir()
    code, stdout, stderr = run(capsys, "import", "esx", str(esx), "-o", str(sub / "b.yaml"),
                               "--plan-output", str(sub / "p.yaml"))
    assert code == 0, stderr
    plan = yaml.safe_load((sub / "p.yaml").read_text())
    assert plan["building"] == "b.yaml"
    aps = {a["name"]: a for a in plan["aps"]}
    assert aps["AP2"]["at"] == [25.5, 12.25] and aps["AP2"]["radios"]["5"] == {
        "channel": 38, "width_mhz": 40, "tx_power_dbm": 17, "enabled": True}
    assert_valid(capsys, sub / "b.yaml", sub / "p.yaml")


def test_import_esx_rejects_zip_slip(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "evil.esx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("floorPlans.json", '{"floorPlans": []}')
        zf.writestr("../../evil.sh", "rm -rf /")
    code, _, stderr = run(capsys, "import", "esx", str(bad), "-o", str(tmp_path / "b.yaml"))
    assert code == 2 and "unsafe member name" in stderr
    assert not (tmp_path / "b.yaml").exists()


def test_import_esx_rejects_zip_bomb(tmp_path: Path, capsys) -> None:
    bomb = tmp_path / "bomb.esx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("floorPlans.json", b" " * (8 << 20))
    code, _, stderr = run(capsys, "import", "esx", str(bomb), "-o", str(tmp_path / "b.yaml"))
    assert code == 2 and "zip bomb" in stderr


def test_imported_building_can_be_planned(tmp_path: Path, capsys) -> None:
    dxf = make_dxf(tmp_path / "office.dxf", insunits=4)
    building = tmp_path / "office.yaml"
    assert run(capsys, "import", "dxf", str(dxf), "-o", str(building))[0] == 0
    code, _, stderr = run(capsys, "plan", str(building), "-o", str(tmp_path / "office.plan.yaml"))
    assert code in (0, 1), stderr  # 1 = planned but a target missed; never "could not run"
    plan = yaml.safe_load((tmp_path / "office.plan.yaml").read_text())
    assert plan["aps"]
    assert_valid(capsys, tmp_path / "office.plan.yaml")


def test_report_json(tmp_path: Path, capsys) -> None:
    import json

    dxf = make_dxf(tmp_path / "a.dxf", with_rooms=False)
    code, _, _ = run(capsys, "import", "dxf", str(dxf), "-o", str(tmp_path / "a.yaml"),
                     "--report-json", str(tmp_path / "a.report.json"))
    assert code == 0
    data = json.loads((tmp_path / "a.report.json").read_text())
    assert data["floors"] == 1 and data["problems"] == []
    kinds = {(r["entity"], r["kind"]) for r in data["rows"]}
    assert ("telecom room", "guessed") in kinds and ("LINE", "skipped") in kinds
