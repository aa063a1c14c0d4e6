"""Mall GeoJSON and IMDF import: projection to metres, walls once per shared edge, doors, zones, risers."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
import shapely
from numpy.testing import assert_allclose

from tests.conftest import SHARED_DATA
from wifiplan.errors import InputError, LimitError
from wifiplan.io.geojson import import_imdf, import_mall, mall_floor_ordinal
from wifiplan.model.geometry import polygon, wall_segments
from wifiplan.model.validate import validate_building

LON0, LAT0 = 120.13, 30.30
#: Degrees per metre near (LON0, LAT0) on WGS84 (good to ~0.1 % over 100 m).
DEG_LAT = 1 / 110_852.0
DEG_LON = 1 / (111_320.0 * np.cos(np.radians(LAT0)))


def ll(points):
    """Metre offsets → [lon, lat] ring, closed."""
    ring = [[LON0 + x * DEG_LON, LAT0 + y * DEG_LAT] for x, y in points]
    return ring + [ring[0]]


def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def feature(points, **props):
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ll(points)]}}


def make_mall(root: Path, floors=("B1", "F1", "F2")) -> Path:
    """A 60 × 30 m mall per floor: two shops, a café, a lift, an unnamed unit (duplicated)."""
    for name in floors:
        d = root / name
        d.mkdir(parents=True)
        outline = {"type": "Feature", "properties": {"floor": name},
                   "geometry": {"type": "MultiPolygon", "coordinates": [[ll(rect(0, 0, 60, 30))]]}}
        units = [
            feature(rect(0, 0, 20, 10), name="UNIQLO", display="UNIQLO"),
            feature(rect(20, 0, 40, 10), name="", display=""),
            feature(rect(20, 0, 40, 10), name="", display=""),  # same polygon twice, as in real data
            feature(rect(40, 20, 60, 30), name="STARBUCKS COFFEE", display="STARBUCKS COFFEE"),
            feature(rect(50, 0, 53, 3), name="dianti", display="dianti"),
        ]
        (d / "geojson_map.json").write_text(json.dumps({"type": "FeatureCollection", "features": [outline, *units]}))
        (d / "floor_info.json").write_text(json.dumps({"map_info": {"width": 60.0, "height": 30.0}}))
    return root


def no_errors(building):
    return [str(p) for p in validate_building(building) if p.severity == "error"]


@pytest.mark.parametrize("name, ordinal", [("B2", -2), ("B1", -1), ("F1", 0), ("F2", 1), ("F10", 9), ("roof", None)])
def test_mall_floor_ordinal(name: str, ordinal: int | None) -> None:
    assert mall_floor_ordinal(name) == ordinal


def test_mall_import_geometry(tmp_path: Path) -> None:
    res = import_mall(make_mall(tmp_path / "site"))
    b = res.building
    assert [f.name for f in b.floors] == ["B1", "F1", "F2"]
    assert [f.elevation_m for f in b.floors] == [-4.5, 0.0, 4.5]
    f1 = b.floor("F1")
    out = polygon(f1.outline)
    minx, miny, maxx, maxy = out.bounds
    assert_allclose([maxx - minx, maxy - miny], [60, 30], rtol=0.003)  # projected to metres
    zones = {z.name: z for z in f1.zones}
    assert zones["UNIQLO"].use == "circulation"  # shops: shoppers' phones (documented mapping)
    assert polygon(zones["UNIQLO"].polygon).area == pytest.approx(200, rel=0.01)
    assert zones["UNIQLO"].headcount == 20  # 200 m² / 10 m² per person
    assert zones["STARBUCKS COFFEE"].use == "break-room"
    assert len(f1.exclude) == 1 and polygon(f1.exclude[0]).area == pytest.approx(9, rel=0.02)  # the lift
    assert any(n.startswith("Concourse") for n in zones)
    assert res.report.count("skipped", "unit") == 3  # one duplicate per floor
    assert no_errors(b) == []


def test_mall_walls_once_per_edge(tmp_path: Path) -> None:
    f1 = import_mall(make_mall(tmp_path / "site"), floors=["F1"]).building.floors[0]
    segs, mats = wall_segments(f1)
    length = {m: 0.0 for m in set(mats)}
    for (a, b), m in zip(segs, mats):
        length[m] += float(np.hypot(*(b - a)))
    assert length["concrete"] == pytest.approx(180, rel=0.01)  # the outline, once
    assert length["elevator-shaft"] == pytest.approx(9, abs=0.05)  # lift box: its 4th side is on the outline
    # shop edges: UNIQLO/unnamed shared edge (10 m) is drywall, once; storefronts face the concourse as glass
    assert length["drywall"] == pytest.approx(10, rel=0.02)
    assert length["glass"] == pytest.approx(20 + (20 + 10) + (10 + 20), rel=0.02)  # UNIQLO, unnamed, café


def test_mall_riser_and_telecom_placeholders(tmp_path: Path) -> None:
    res = import_mall(make_mall(tmp_path / "site"))
    b = res.building
    risers = [f.risers[0].at for f in b.floors]
    assert all(r == risers[0] for r in risers)
    kinds = {f.name: [t.kind for t in f.telecom_rooms] for f in b.floors}
    assert kinds == {"B1": ["mdf"], "F1": ["idf"], "F2": ["idf"]}
    assert sum("TODO" in c for c in res.comments.values()) == 6
    assert res.report.count("guessed", "telecom room") == 3


def test_mall_floor_filter_and_errors(tmp_path: Path) -> None:
    site = make_mall(tmp_path / "site")
    assert [f.name for f in import_mall(site, floors=["F2"]).building.floors] == ["F2"]
    with pytest.raises(InputError, match="F9"):
        import_mall(site, floors=["F9"])
    with pytest.raises(InputError, match="sub-folder"):
        import_mall(tmp_path / "nowhere")
    (site / "F1" / "geojson_map.json").write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        import_mall(site)


def test_mall_size_mismatch_is_reported(tmp_path: Path) -> None:
    site = make_mall(tmp_path / "site", floors=("F1",))
    (site / "F1" / "floor_info.json").write_text(json.dumps({"map_info": {"width": 80.0, "height": 30.0}}))
    res = import_mall(site)
    assert res.report.count("warning", "floor") == 1


def test_projected_coordinates_not_lonlat(tmp_path: Path) -> None:
    d = tmp_path / "site" / "F1"
    d.mkdir(parents=True)
    f = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[13_372_000, 3_542_000], [13_372_100, 3_542_000], [13_372_100, 3_542_050], [13_372_000, 3_542_000]]]}}
    (d / "geojson_map.json").write_text(json.dumps({"type": "FeatureCollection", "features": [f, f]}))
    with pytest.raises(InputError, match="lon/lat"):
        import_mall(tmp_path / "site")


# ----------------------------------------------------------------------------- IMDF


def make_imdf(root: Path) -> Path:
    """Two levels; on each two 10 × 8 m rooms sharing a wall with a 1 m door, and a stair."""
    root.mkdir()
    levels, units, openings = [], [], []
    for ordinal in (0, 1):
        lid = f"level-{ordinal}"
        levels.append({"type": "Feature", "id": lid, "feature_type": "level",
                       "properties": {"ordinal": ordinal, "category": "unspecified", "name": {"en": f"Level {ordinal}"},
                                      "short_name": {"en": f"L{ordinal}"}},
                       "geometry": {"type": "Polygon", "coordinates": [ll(rect(0, 0, 24, 8))]}})
        for k, (x0, x1, cat, nm) in enumerate([(0, 10, "room", "Office A"), (10, 18, "conferenceroom", "Board"),
                                               (18, 20, "restroom.female", "W"), (20, 24, "stairs", None)]):
            units.append({"type": "Feature", "id": f"u{ordinal}{k}", "feature_type": "unit",
                          "properties": {"category": cat, "level_id": lid, "name": {"en": nm} if nm else None},
                          "geometry": {"type": "Polygon", "coordinates": [ll(rect(x0, 0, x1, 8))]}})
        openings.append({"type": "Feature", "id": f"o{ordinal}", "feature_type": "opening",
                         "properties": {"category": "pedestrian", "level_id": lid, "door": {"type": "hinged"}},
                         "geometry": {"type": "LineString", "coordinates": [ll([(10, 3), (10, 4)])[0], ll([(10, 4)])[0]]}})
    fc = lambda feats: {"type": "FeatureCollection", "features": feats}  # noqa: E731
    (root / "manifest.json").write_text(json.dumps({"version": "1.0.0", "language": "en"}))
    (root / "level.geojson").write_text(json.dumps(fc(levels)))
    (root / "unit.geojson").write_text(json.dumps(fc(units)))
    (root / "opening.geojson").write_text(json.dumps(fc(openings)))
    (root / "fixture.geojson").write_text(json.dumps(fc([{"type": "Feature", "id": "x", "properties": {}, "geometry": None}])))
    return root


def test_imdf_folder(tmp_path: Path) -> None:
    res = import_imdf(make_imdf(tmp_path / "venue"))
    b = res.building
    assert [f.name for f in b.floors] == ["L0", "L1"]
    assert [f.elevation_m for f in b.floors] == [0.0, 4.5]
    f = b.floors[0]
    zones = {z.name: z for z in f.zones}
    assert zones["Office A"].use == "office" and zones["Board"].use == "meeting-room"
    assert zones["Office A"].headcount == 8  # 80 m² / 10
    assert zones["W"].use == "circulation"  # restroom.female: by its category's prefix
    assert len(f.exclude) == 1  # the stair
    segs, mats = wall_segments(f)
    lengths = {}
    for (a, c), m in zip(segs, mats):
        lengths[m] = lengths.get(m, 0.0) + float(np.hypot(*(c - a)))
    assert lengths["wood-door"] == pytest.approx(1.0, abs=0.02)
    # interior walls: 8 m between the rooms minus the 1 m door, 8 m at the restroom, 8 m at the stair
    assert lengths["drywall"] == pytest.approx(8 - 1 + 8 + 8, abs=0.05)
    assert lengths["concrete"] == pytest.approx(64, rel=0.01)
    assert res.report.count("skipped", "fixture") == 1
    assert no_errors(b) == []


def test_imdf_zip_matches_folder(tmp_path: Path) -> None:
    folder = make_imdf(tmp_path / "venue")
    archive = tmp_path / "venue.imdf.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, f"venue/{p.name}")
    a = import_imdf(folder).building
    b = import_imdf(archive).building
    assert [f.model_dump() for f in a.floors] == [f.model_dump() for f in b.floors]


def test_imdf_zip_slip_and_missing_members(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../level.geojson", "{}")
    with pytest.raises(InputError, match="unsafe member name"):
        import_imdf(bad)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("manifest.json", "{}")
    with pytest.raises(InputError, match="level.geojson"):
        import_imdf(empty)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("unit.geojson", b" " * (4 << 20))
    with pytest.raises(LimitError, match="zip bomb"):
        import_imdf(bomb)


# ----------------------------------------------------------------------------- real data

SITE2 = SHARED_DATA / "geojson-malls" / "site2"
needs_site2 = pytest.mark.skipif(not SITE2.is_dir(), reason="needs the real mall map site2 (GeoJSON, in the team's shared data beside the repository)")


@needs_site2
def test_real_mall_two_floors_validate() -> None:
    res = import_mall(SITE2, floors=["F1", "F8"])
    b = res.building
    assert [f.name for f in b.floors] == ["F1", "F8"]
    assert no_errors(b) == []
    assert res.report.count("imported", "floor size check") == 2  # outlines match floor_info.json
    f1 = b.floor("F1")
    assert len(f1.zones) > 80 and len(f1.walls) > 100
    assert b.floor("F8").risers[0].at == f1.risers[0].at


@needs_site2
@pytest.mark.slow
def test_real_mall_all_floors() -> None:
    t0 = time.perf_counter()
    res = import_mall(SITE2)
    elapsed = time.perf_counter() - t0
    b = res.building
    print(f"site2: {len(b.floors)} floors, {sum(len(f.walls) for f in b.floors)} walls, "
          f"{sum(len(f.zones) for f in b.floors)} zones in {elapsed:.1f} s")
    assert [f.name for f in b.floors] == ["B1", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8"]
    assert no_errors(b) == []
    outline = [polygon(f.outline) for f in b.floors]
    r = shapely.points(b.floors[0].risers[0].at)
    assert all(o.covers(r) for o in outline)
