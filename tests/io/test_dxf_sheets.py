"""DXF as architects send it (issue 14): multi-plan sheets in mm with $INSUNITS = metres,
regions per floor, rooms as text labels inside wall-bounded cells, Chinese/Japanese/AIA layer
names, heavy lines as masonry, and a hint for DWG files. Sheets are generated with ezdxf."""

from __future__ import annotations

from pathlib import Path

import ezdxf
import numpy as np
import pytest
from shapely.geometry import Polygon

from tests.cli.helpers import cli as run
from wifiplan.errors import ConfigError, InputError
from wifiplan.io.dxf import import_dxf, parse_region

#: One plan: 40 m × 25 m, drawn in millimetres.
W, H = 40_000.0, 25_000.0
#: Plans side by side on the sheet, 10 m apart.
PITCH = 50_000.0


def _plan(msp, x0: float, *, wall: str = "墙", outer: str = "外墙", label_layer: str = "房名",
          names=("办公室", "会议室", "走廊")) -> None:
    """Exterior walls, a partition at x = 20 m with a 0.9 m door gap, a partition at
    y = 15 m on the right half, and one text label per cell (no room polylines)."""
    msp.add_lwpolyline([(x0, 0), (x0 + W, 0), (x0 + W, H), (x0, H)], close=True, dxfattribs={"layer": outer})
    msp.add_line((x0 + 20_000, 0), (x0 + 20_000, 11_000), dxfattribs={"layer": wall})
    msp.add_line((x0 + 20_000, 11_900), (x0 + 20_000, H), dxfattribs={"layer": wall})  # 0.9 m door gap
    msp.add_line((x0 + 20_000, 15_000), (x0 + 30_000, 15_000), dxfattribs={"layer": wall})
    msp.add_line((x0 + 30_900, 15_000), (x0 + W, 15_000), dxfattribs={"layer": wall})
    msp.add_line((x0 + 30_000, 15_000), (x0 + 30_900, 15_000), dxfattribs={"layer": "门"})  # door leaf
    msp.add_text(names[0], dxfattribs={"layer": label_layer, "insert": (x0 + 10_000, 12_000)})
    msp.add_text(names[1], dxfattribs={"layer": label_layer, "insert": (x0 + 30_000, 20_000)})
    msp.add_text(names[2], dxfattribs={"layer": label_layer, "insert": (x0 + 30_000, 7_000)})
    msp.add_line((x0 + 1_000, 500), (x0 + 5_000, 500), dxfattribs={"layer": "标注"})  # a dimension line


def make_sheet(path: Path, *, plans: int = 3, insunits: int = 6) -> Path:
    """``plans`` plans side by side, drawn in mm, header $INSUNITS metres (as issue 14's sheet)."""
    doc = ezdxf.new("R2010")
    doc.units = insunits
    for k in range(plans):
        _plan(doc.modelspace(), k * PITCH)
    doc.saveas(path)
    return path


def test_mm_drawing_with_metre_header_is_refused_with_the_units_that_fit(tmp_path: Path) -> None:
    sheet = make_sheet(tmp_path / "sheet.dxf")
    # 3 plans: 2 × 50 m pitch + 40 m = 140,000 units; at metres 140 km
    with pytest.raises(InputError) as exc:
        import_dxf([sheet], country="CN")
    msg = str(exc.value)
    assert "140,000.0 × 25,000.0 m" in msg and "--units mm (140.0 × 25.0 m)" in msg and "--region" in msg


def test_multi_plan_sheet_one_floor_per_region(tmp_path: Path) -> None:
    sheet = make_sheet(tmp_path / "sheet.dxf")
    regions = [(f"{k + 1}F", (k * PITCH - 1000, -1000, k * PITCH + W + 1000, H + 1000)) for k in range(3)]
    res = import_dxf([sheet], units="mm", regions=regions, country="CN")
    b = res.building
    assert [f.name for f in b.floors] == ["1F", "2F", "3F"]
    assert [f.elevation_m for f in b.floors] == [0.0, 3.5, 7.0]
    for f in b.floors:
        pts = np.array([p for w in f.walls for p in w.path])
        span = pts.max(axis=0) - pts.min(axis=0)
        # each floor is one 40 m × 25 m plan (within 5 %), its corner at the region's origin (1 m in)
        assert span == pytest.approx([40.0, 25.0], rel=0.05)
        assert pts.min(axis=0) == pytest.approx([1.0, 1.0], abs=0.01)


def test_rooms_from_text_labels_inside_wall_bounded_cells(tmp_path: Path) -> None:
    doc = ezdxf.new("R2010")
    doc.units = 4  # mm, declared correctly
    _plan(doc.modelspace(), 0.0, label_layer="A-AREA-IDEN", names=("Open office", "Meeting 1", "Corridor"))
    doc.saveas(tmp_path / "labels.dxf")
    res = import_dxf([tmp_path / "labels.dxf"], country="US")
    (f,) = res.building.floors
    zones = {z.name: z for z in f.zones}
    assert set(zones) == {"Open office", "Meeting 1", "Corridor"}
    # left cell 20 m × 25 m = 500 m²; right-top 20 × 10 = 200 m²; right-bottom 20 × 15 = 300 m²
    areas = {n: Polygon(z.polygon).area for n, z in zones.items()}
    assert areas["Open office"] == pytest.approx(500, rel=0.03)
    assert areas["Meeting 1"] == pytest.approx(200, rel=0.03)
    assert areas["Corridor"] == pytest.approx(300, rel=0.03)
    assert zones["Meeting 1"].use == "meeting-room" and zones["Corridor"].use == "circulation"
    assert sum(z.headcount for z in f.zones) > 0
    assert res.report.count("guessed", "room") >= 3


@pytest.mark.parametrize("layer, material", [
    ("墙", "drywall"), ("砖墙", "brick"), ("剪力墙", "concrete"), ("外墙", "concrete"), ("门", "wood-door"),
    ("窗", "glass"), ("电梯", "elevator-shaft"), ("壁", "drywall"), ("ＲＣ壁", "concrete"), ("建具", "wood-door"),
    ("窓", "glass"), ("A-WALL-MASN", "concrete-block"), ("A-WALL-CMU", "concrete-block"), ("A-WALL", "drywall"),
    ("A-WALL-BRCK", "brick"),
])
def test_layer_names_map_to_materials(tmp_path: Path, layer: str, material: str) -> None:
    doc = ezdxf.new("R2010")
    doc.units = 6
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (10, 0), (10, 8), (0, 8)], close=True, dxfattribs={"layer": "OUTLINE"})
    msp.add_line((2, 2), (8, 2), dxfattribs={"layer": layer})
    doc.saveas(tmp_path / "l.dxf")
    (f,) = import_dxf([tmp_path / "l.dxf"], country="JP").building.floors
    assert [w.material for w in f.walls] == [material]


def test_heavy_lines_on_a_generic_wall_layer_are_masonry(tmp_path: Path) -> None:
    doc = ezdxf.new("R2010")
    doc.units = 6
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (10, 0), (10, 8), (0, 8)], close=True, dxfattribs={"layer": "OUTLINE"})
    msp.add_line((2, 2), (8, 2), dxfattribs={"layer": "WALL", "lineweight": 70})  # 0.70 mm
    msp.add_line((2, 5), (8, 5), dxfattribs={"layer": "WALL", "lineweight": 25})  # 0.25 mm
    doc.saveas(tmp_path / "w.dxf")
    res = import_dxf([tmp_path / "w.dxf"], country="JP")
    mats = {w.path[0][1]: w.material for w in res.building.floors[0].walls}
    assert mats == {2.0: "concrete-block", 5.0: "drywall"}
    assert res.report.count("guessed", "wall") == 1


def test_a_dwg_file_gets_a_conversion_hint(tmp_path: Path) -> None:
    dwg = tmp_path / "plan.dwg"
    dwg.write_bytes(b"AC1032" + bytes(200))
    with pytest.raises(InputError, match=r"DWG drawing \(AutoCAD 2018\).*dwg2dxf"):
        import_dxf([dwg])
    renamed = tmp_path / "plan.dxf"  # a DWG with the wrong extension is still recognised
    renamed.write_bytes(b"AC1027" + bytes(200))
    with pytest.raises(InputError, match="AutoCAD 2013"):
        import_dxf([renamed])


def test_parse_region_errors() -> None:
    assert parse_region(" 1, 2 ,3,4") == (1.0, 2.0, 3.0, 4.0)
    with pytest.raises(ConfigError, match="x0,y0,x1,y1"):
        parse_region("1,2,3")
    with pytest.raises(ConfigError, match="x0 < x1"):
        parse_region("5,0,1,1")


def test_cli_floor_regions_and_region(tmp_path: Path, capsys) -> None:
    sheet = make_sheet(tmp_path / "sheet.dxf", plans=2)
    out = tmp_path / "b.yaml"
    code, stdout, stderr = run(capsys, "import", "dxf", str(sheet), "-o", str(out), "--units", "mm", "--country", "CN",
                               "--floor", f"B1=0,0,{W:.0f},{H:.0f}", "--floor", f"F1={PITCH:.0f},0,{PITCH + W:.0f},{H:.0f}")
    assert code == 0, stderr
    assert "2 floor(s)" in stdout
    one = tmp_path / "one.yaml"
    code, stdout, stderr = run(capsys, "import", "dxf", str(sheet), "-o", str(one), "--units", "mm", "--country", "CN",
                               "--region", f"{PITCH:.0f},0,{PITCH + W:.0f},{H:.0f}")
    assert code == 0, stderr
    assert "1 floor(s)" in stdout
    code, _, stderr = run(capsys, "import", "dxf", str(sheet), "-o", str(tmp_path / "c.yaml"), "--country", "CN")
    assert code == 2 and "--units mm" in stderr and not (tmp_path / "c.yaml").exists()


def test_list_layers_gives_extents_in_drawing_units(tmp_path: Path) -> None:
    from wifiplan.io.dxf import list_layers

    rows = {r["layer"]: r for r in list_layers(make_sheet(tmp_path / "sheet.dxf", plans=2))}
    # 外墙 (exterior walls): two 40,000 × 25,000 plans 50,000 apart → 0..90,000 × 0..25,000
    assert rows["外墙"]["extent"] == pytest.approx((0, 0, PITCH + W, H))
    assert rows["外墙"]["maps_to"] == "concrete" and rows["房名"]["maps_to"] == "room labels (text)"
    assert rows["0"]["extent"] is None
