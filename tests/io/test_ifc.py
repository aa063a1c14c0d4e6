"""IFC import: layered materials by keyword; the buildingSMART duplex when the shared data is present."""

from __future__ import annotations

import pytest
import shapely

from tests.conftest import SHARED_DATA
from wifiplan.errors import InputError
from wifiplan.io.ifc import import_ifc, material_for
from wifiplan.model.geometry import polygon, wall_segments
from wifiplan.model.validate import validate_building

DUPLEX = SHARED_DATA / "ifc" / "duplex.ifc"


@pytest.mark.parametrize("layers, material, guessed", [
    (["Plasterboard", "Metal - Stud Layer", "Plasterboard"], "drywall", False),
    (["Masonry - Brick", "Misc. Air Layers - Air Space", "Masonry - Concrete Block"], "concrete-block", False),
    (["Concrete - Cast In Situ"], "concrete", False),
    (["Glass"], "glass", False),
    (["Structural steel"], "metal", False),
    (["Insulation / Thermal Barriers - Rigid insulation"], "drywall", True),
    ([], "drywall", True),
])
def test_material_for(layers: list[str], material: str, guessed: bool) -> None:
    assert material_for(layers) == (material, guessed)


def test_not_ifc(tmp_path) -> None:
    (tmp_path / "x.ifc").write_text("ISO-10303-21;\nnot really\n")
    with pytest.raises(InputError):
        import_ifc(tmp_path / "x.ifc")
    with pytest.raises(InputError, match="not found"):
        import_ifc(tmp_path / "missing.ifc")


@pytest.fixture(scope="module")
def duplex():
    if not DUPLEX.is_file():
        pytest.skip("needs the real IFC model duplex.ifc (in the team's shared data beside the repository)")
    return import_ifc(DUPLEX)


def test_duplex_storeys(duplex) -> None:
    b = duplex.building
    assert [(f.name, f.elevation_m, f.height_m) for f in b.floors] == [
        ("Level 1", 0.0, 3.1), ("Level 2", 3.1, 2.9), ("Roof", 6.0, 2.9)]
    assert duplex.report.count("skipped", "IfcBuildingStorey") == 1  # T/FDN: footings only


def test_duplex_walls_doors_windows(duplex) -> None:
    b = duplex.building
    mats = {}
    for f in b.floors:
        segs, m = wall_segments(f)
        for name in m:
            mats[name] = mats.get(name, 0) + 1
    assert {"drywall", "concrete-block", "wood-door", "glass"} <= set(mats)
    assert duplex.report.count("imported", "IfcDoor") >= 12  # 14 doors, 2 without a host wall
    assert duplex.report.count("imported", "IfcWindow") >= 20
    # wall centre lines lie inside the outline
    for f in b.floors:
        out = polygon(f.outline).buffer(0.05)
        for w in f.walls:
            assert out.covers(shapely.linestrings(w.path))


def test_duplex_spaces(duplex) -> None:
    l1 = duplex.building.floor("Level 1")
    zones = {z.name: z for z in l1.zones}
    assert zones["A103 Kitchen"].use == "break-room"
    assert zones["A102 Living Room"].use == "office"
    area = polygon(zones["A102 Living Room"].polygon).area
    assert 10 < area < 60
    assert zones["A102 Living Room"].headcount == round(area / 10)
    assert len(l1.exclude) == 1  # the stair space


def test_duplex_validates(duplex) -> None:
    problems = validate_building(duplex.building)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert duplex.report.count("guessed", "telecom room") == 3  # no server room in a house: placeholders
