"""DXF import: units, layer map, curves, blocks, rooms with labels, recovery — on files made here."""

from __future__ import annotations

from pathlib import Path

import ezdxf
import numpy as np
import pytest
import shapely
from numpy.testing import assert_allclose

from wifiplan.errors import ConfigError, InputError
from wifiplan.io.dxf import default_layer_rules, import_dxf, list_layers, parse_layer_map
from wifiplan.model.geometry import polygon
from wifiplan.model.validate import validate_building

#: $INSUNITS code → drawing units per metre.
PER_M = {1: 1 / 0.0254, 2: 1 / 0.3048, 4: 1000.0, 5: 100.0, 6: 1.0}


def make_dxf(path: Path, *, insunits: int = 6, with_rooms: bool = True, extra=None) -> Path:
    """A 20 m × 10 m office: exterior concrete, a partition, a glazed block, a door with a swing,
    a bulged wall, a column, two rooms with labels (a meeting room and a server room)."""
    s = PER_M.get(insunits, 1.0)

    def P(*xy):
        return [(x * s, y * s) for x, y in xy]

    doc = ezdxf.new("R2010")
    doc.units = insunits
    msp = doc.modelspace()
    msp.add_lwpolyline(P((0, 0), (20, 0), (20, 10), (0, 10)), close=True, dxfattribs={"layer": "A-WALL-EXTR"})
    msp.add_line(*P((10, 0), (10, 10)), dxfattribs={"layer": "A-WALL"})
    # a wall with a half-circle bulge between (2, 5) and (6, 5): radius 2 m
    msp.add_lwpolyline([(2 * s, 5 * s, 1.0), (6 * s, 5 * s, 0.0)], format="xyb", dxfattribs={"layer": "A-WALL"})
    msp.add_line(*P((14, 5), (16, 5)), dxfattribs={"layer": "A-DOOR"})
    msp.add_arc((14 * s, 5 * s), 2 * s, 0, 90, dxfattribs={"layer": "A-DOOR"})
    msp.add_circle((5 * s, 2.5 * s), 0.3 * s, dxfattribs={"layer": "S-COLS"})
    block = doc.blocks.new("PANEL")
    block.add_line((0, 0), (1 * s, 0))  # layer 0 inside the block: takes the INSERT's layer
    inner = doc.blocks.new("TWOPANELS")
    inner.add_blockref("PANEL", (0, 0))
    inner.add_blockref("PANEL", (1 * s, 0))
    msp.add_blockref("TWOPANELS", (11 * s, 8 * s), dxfattribs={"layer": "A-GLAZ"})
    msp.add_line(*P((1, 1), (2, 2)), dxfattribs={"layer": "FURN"})
    msp.add_line(*P((1, 1), (2, 1)), dxfattribs={"layer": "MYSTERY"})
    if with_rooms:
        msp.add_lwpolyline(P((0, 0), (10, 0), (10, 10), (0, 10)), close=True, dxfattribs={"layer": "A-AREA"})
        msp.add_lwpolyline(P((10, 0), (20, 0), (20, 10), (10, 10)), close=True, dxfattribs={"layer": "A-AREA"})
        msp.add_text("会議室", dxfattribs={"layer": "A-AREA-IDEN", "insert": (5 * s, 7 * s)})
        msp.add_mtext("Server room", dxfattribs={"layer": "A-AREA-IDEN", "insert": (15 * s, 7 * s)})
    if extra:
        extra(msp, s)
    doc.saveas(path)
    return path


def errors(building):
    # the country (a placeholder without --country: BD18) is tested in test_country.py
    return [p for p in validate_building(building) if p.severity == "error" and p.location.path != "country"]


def segments(floor):
    out = []
    for w in floor.walls:
        for a, b in zip(w.path[:-1], w.path[1:]):
            out.append((w.material, a, b))
    return out


@pytest.mark.parametrize("insunits", [1, 2, 4, 5, 6], ids=["in", "ft", "mm", "cm", "m"])
def test_units_from_insunits_give_metres(tmp_path: Path, insunits: int) -> None:
    res = import_dxf([make_dxf(tmp_path / "f.dxf", insunits=insunits)])
    floor = res.building.floors[0]
    concrete = [w for w in floor.walls if w.material == "concrete" and len(w.path) == 5]
    assert len(concrete) == 1
    assert_allclose(np.asarray(concrete[0].path), [[0, 0], [20, 0], [20, 10], [0, 10], [0, 0]], atol=0.011)
    assert errors(res.building) == []


def test_missing_units_is_a_clear_error(tmp_path: Path) -> None:
    path = make_dxf(tmp_path / "f.dxf", insunits=0)
    with pytest.raises(ConfigError, match="--units"):
        import_dxf([path])
    b = import_dxf([path], units="m").building
    assert errors(b) == []


def test_units_option_overrides_and_is_reported(tmp_path: Path) -> None:
    path = make_dxf(tmp_path / "f.dxf", insunits=4)
    res = import_dxf([path], units="cm")
    xs = [p[0] for w in res.building.floors[0].walls for p in w.path]
    assert max(xs) == pytest.approx(200.0, abs=0.01)  # 20,000 drawing units (mm) read as cm
    assert res.report.count("warning", "file") == 1


def test_layers_map_to_materials(tmp_path: Path) -> None:
    res = import_dxf([make_dxf(tmp_path / "f.dxf")])
    mats = {m for m, _, _ in segments(res.building.floors[0])}
    assert mats == {"concrete", "drywall", "glass", "wood-door"}
    rows = {(r.entity, r.kind, r.action) for r in res.report.sorted_rows()}
    assert ("ARC", "skipped", "door swing arc (not a wall)") in rows
    assert any(k == "skipped" and "not mapped" in a for _, k, a in rows)  # MYSTERY reported, not fatal


def test_bulge_and_circle_are_flattened(tmp_path: Path) -> None:
    floor = import_dxf([make_dxf(tmp_path / "f.dxf")]).building.floors[0]
    bulged = [w for w in floor.walls if w.material == "drywall" and len(w.path) > 2]
    assert len(bulged) == 1
    pts = np.asarray(bulged[0].path)
    r = np.hypot(pts[:, 0] - 4, pts[:, 1] - 5)
    assert_allclose(r, 2.0, atol=0.025)  # on the 2 m arc within the 2 cm sagitta + rounding
    assert len(pts) >= 9
    column = [w for w in floor.walls if w.material == "concrete" and len(w.path) > 5]
    assert len(column) == 1
    assert_allclose(np.hypot(*(np.asarray(column[0].path) - [5, 2.5]).T), 0.3, atol=0.02)


def test_nested_blocks_expand_with_inherited_layer(tmp_path: Path) -> None:
    floor = import_dxf([make_dxf(tmp_path / "f.dxf")]).building.floors[0]
    glass = sorted((tuple(a), tuple(b)) for m, a, b in segments(floor) if m == "glass")
    assert glass == [((11.0, 8.0), (12.0, 8.0)), ((12.0, 8.0), (13.0, 8.0))]


def test_rooms_get_labels_uses_and_headcounts(tmp_path: Path) -> None:
    res = import_dxf([make_dxf(tmp_path / "f.dxf")])
    floor = res.building.floors[0]
    zones = {z.name: z for z in floor.zones}
    assert set(zones) == {"会議室", "Server room"}
    meeting = zones["会議室"]
    assert meeting.use == "meeting-room"
    assert polygon(meeting.polygon).area == pytest.approx(100.0, abs=0.2)
    assert meeting.headcount == 40  # 100 m² / 2.5 m² per person (meeting-room occupancy)
    assert zones["Server room"].use == "warehouse"
    assert [t.name for t in floor.telecom_rooms] == ["Server room"]
    assert floor.telecom_rooms[0].kind == "mdf"
    assert res.comments == {}  # a real telecom room: no placeholder


def test_placeholder_mdf_when_no_telecom_room(tmp_path: Path) -> None:
    res = import_dxf([make_dxf(tmp_path / "f.dxf", with_rooms=False)])
    floor = res.building.floors[0]
    assert [t.name for t in floor.telecom_rooms] == ["MDF"]
    assert "TODO" in res.comments[("floors", 0, "telecom_rooms", 0)]
    assert res.report.count("guessed", "telecom room") == 1
    assert polygon(floor.outline).covers(shapely.points(floor.telecom_rooms[0].at))
    assert errors(res.building) == []


def test_outline_prefers_a_drawn_outline(tmp_path: Path) -> None:
    def outline(msp, s):
        msp.add_lwpolyline([(-1 * s, -1 * s), (21 * s, -1 * s), (21 * s, 11 * s), (-1 * s, 11 * s)], close=True,
                           dxfattribs={"layer": "A-FLOR-OTLN"})

    floor = import_dxf([make_dxf(tmp_path / "f.dxf", extra=outline)]).building.floors[0]
    assert polygon(floor.outline).area == pytest.approx(22 * 12)


def test_outline_hull_covers_everything(tmp_path: Path) -> None:
    floor = import_dxf([make_dxf(tmp_path / "f.dxf")]).building.floors[0]
    out = polygon(floor.outline)
    assert out.area == pytest.approx(20.2 * 10.2, rel=0.01)  # hull buffered 0.1 m
    for w in floor.walls:
        assert out.covers(shapely.linestrings(w.path))


def test_layer_map_option_comes_first(tmp_path: Path) -> None:
    res = import_dxf([make_dxf(tmp_path / "f.dxf")], layer_map=["^MYSTERY$=metal", "A-WALL$=concrete"])
    mats = sorted({m for m, _, _ in segments(res.building.floors[0])})
    assert "metal" in mats
    assert "drywall" not in mats


@pytest.mark.parametrize("item, message", [
    ("A-WALL", "REGEX=material"),
    ("A-WALL=concret", "did you mean 'concrete'"),
    ("([=drywall", "bad regular expression"),
])
def test_bad_layer_map_rules(item: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_layer_map([item])


@pytest.mark.parametrize("layer, target", [
    ("A-WALL", "drywall"), ("A-WALL-FULL", "drywall"), ("A-WALL-EXTR", "concrete"), ("A-GLAZ", "glass"),
    ("A-DOOR", "wood-door"), ("S-COLS", "concrete"), ("S-WALL", "concrete"), ("A-ELEV", "elevator-shaft"),
    ("A-AREA", "room"), ("A-WALL-PRHT", "cubicle"), ("A-AREA-IDEN", "ignore"), ("XREF-STUFF", None),
])
def test_default_layer_rules(layer: str, target: str | None) -> None:
    rules = default_layer_rules()
    got = next((r.target for r in rules if r.matches(layer)), None)
    assert got == target


def test_walls_option_concrete() -> None:
    rules = default_layer_rules(wall_material="concrete")
    assert next(r.target for r in rules if r.matches("A-WALL")) == "concrete"


def test_list_layers(tmp_path: Path) -> None:
    rows = {r["layer"]: r for r in list_layers(make_dxf(tmp_path / "f.dxf"))}
    assert rows["A-WALL"]["entities"] == 2 and rows["A-WALL"]["maps_to"] == "drywall"
    assert rows["A-DOOR"]["counts"] == {"ARC": 1, "LINE": 1}
    assert rows["MYSTERY"]["maps_to"] is None
    assert rows["A-GLAZ"]["counts"] == {"LINE": 2}  # nested blocks counted after expansion
    assert rows["A-AREA-IDEN"]["maps_to"] == "room labels (text)"


def test_damaged_dxf_is_recovered(tmp_path: Path) -> None:
    good = make_dxf(tmp_path / "f.dxf")
    text = good.read_text()
    start = text.find("ENTITIES")
    end = text.find("ENDSEC", start)
    bad = tmp_path / "bad.dxf"
    bad.write_text(text[: end - 4] + text[end + 7:])  # the ENTITIES section loses its ENDSEC
    with pytest.raises(ezdxf.DXFStructureError):
        ezdxf.readfile(bad)
    res = import_dxf([bad])
    assert res.report.count("warning", "file") == 1
    assert len(res.building.floors[0].walls) == len(import_dxf([good]).building.floors[0].walls)


def test_not_a_dxf(tmp_path: Path) -> None:
    junk = tmp_path / "junk.dxf"
    junk.write_bytes(b"\x00\x01 not a drawing")
    with pytest.raises(InputError):
        import_dxf([junk])
    with pytest.raises(InputError, match="not found"):
        import_dxf([tmp_path / "missing.dxf"])


def test_several_floors_share_a_riser(tmp_path: Path) -> None:
    a = make_dxf(tmp_path / "1F.dxf", insunits=4, with_rooms=False)
    b = make_dxf(tmp_path / "2F.dxf", insunits=2, with_rooms=False)
    res = import_dxf([a, b], floor_height_m=4.0)
    bld = res.building
    assert [f.name for f in bld.floors] == ["1F", "2F"]
    assert [f.elevation_m for f in bld.floors] == [0.0, 4.0]
    assert [t.kind for f in bld.floors for t in f.telecom_rooms] == ["mdf", "idf"]
    assert bld.floors[0].risers[0].at == bld.floors[1].risers[0].at
    assert errors(bld) == []
    res = import_dxf([a, b], floors=["Ground", "First"], elevations_m=[0.0, 3.2])
    assert [(f.name, f.elevation_m) for f in res.building.floors] == [("Ground", 0.0), ("First", 3.2)]
    with pytest.raises(ConfigError, match="--floor"):
        import_dxf([a, b], floors=["only one"])


def test_far_coordinates_are_shifted(tmp_path: Path) -> None:
    doc = ezdxf.new("R2010")
    doc.units = 6
    x0, y0 = 600_000.0, 3_500_000.0  # survey coordinates (UTM-like), metres
    doc.modelspace().add_lwpolyline([(x0, y0), (x0 + 30, y0), (x0 + 30, y0 + 20), (x0, y0 + 20)], close=True,
                                    dxfattribs={"layer": "A-WALL-EXTR"})
    doc.saveas(tmp_path / "far.dxf")
    res = import_dxf([tmp_path / "far.dxf"])
    assert res.report.count("warning", "coordinates") == 1
    pts = np.asarray(res.building.floors[0].walls[0].path)
    assert_allclose(pts.max(axis=0) - pts.min(axis=0), [30, 20])
    assert pts.min() >= 0 and pts.max() < 100
    assert errors(res.building) == []


def test_polyline_text_alignment_and_hidden_layers(tmp_path: Path) -> None:
    def more(msp, s):
        doc = msp.doc
        pl = msp.add_polyline2d([(0, 0), (2 * s, 0), (2 * s, 2 * s)], dxfattribs={"layer": "A-WALL-PRHT"})
        pl.translate(16 * s, 1 * s, 0)
        t = msp.add_text("Break room", dxfattribs={"layer": "A-AREA-IDEN", "insert": (0, 0)})
        t.set_placement((15 * s, 3 * s), align=ezdxf.enums.TextEntityAlignment.MIDDLE_CENTER)
        doc.layers.add("A-WALL-DEMO").off()
        msp.add_line((1 * s, 9 * s), (9 * s, 9 * s), dxfattribs={"layer": "A-WALL-DEMO"})

    res = import_dxf([make_dxf(tmp_path / "f.dxf", extra=more)])
    floor = res.building.floors[0]
    cub = [w for w in floor.walls if w.material == "cubicle"]
    assert [w.path for w in cub] == [[[16.0, 1.0], [18.0, 1.0], [18.0, 3.0]]]
    names = {z.name for z in floor.zones}
    assert "Server room Break room" in names or "Break room Server room" in names  # both labels inside
    assert res.report.count("skipped", "LINE") >= 2  # MYSTERY and the switched-off demolition layer
    assert not any(w.path == [[1.0, 9.0], [9.0, 9.0]] for w in floor.walls)


def test_double_line_walls_merge(tmp_path: Path) -> None:
    def faces(msp, s):
        # a 0.15 m partition drawn with both faces at x = 7.0 and 7.15, from y = 1 to 9
        msp.add_line((7.0 * s, 1 * s), (7.0 * s, 9 * s), dxfattribs={"layer": "A-WALL"})
        msp.add_line((7.15 * s, 1 * s), (7.15 * s, 9 * s), dxfattribs={"layer": "A-WALL"})

    path = make_dxf(tmp_path / "f.dxf", insunits=4, extra=faces)
    merged = import_dxf([path])
    kept = import_dxf([path], max_wall_thickness_m=None)
    def at_x(building):
        return sorted(w.path[0][0] for w in building.floors[0].walls
                      if len(w.path) == 2 and w.path[0][0] == w.path[1][0] and 6.9 < w.path[0][0] < 7.2)

    assert at_x(merged.building) in ([7.07], [7.08])  # one centre line (7.075 rounded to the cm)
    assert merged.report.count("guessed", "wall") == 1
    assert at_x(kept.building) == [7.0, 7.15]
