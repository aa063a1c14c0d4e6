"""Shared import helpers: use guessing, headcounts, zone cleaning, outlines, telecom placeholders."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import Polygon, box

from wifiplan.io.importcommon import (
    ZoneCandidate,
    clean_zones,
    guess_use,
    headcount_for,
    is_telecom,
    is_void,
    outline_from,
    place_telecom,
    split_holes,
)
from wifiplan.io.importreport import ImportReport
from wifiplan.model.building import Building, Floor
from wifiplan.model.geometry import polygon
from wifiplan.model.validate import validate_building


@pytest.mark.parametrize("name, use", [
    ("会議室A", "meeting-room"), ("Meeting Room 3", "meeting-room"), ("事務室", "office"), ("Open office", "office"),
    ("廊下", "circulation"), ("Corridor", "circulation"), ("男子トイレ", "circulation"), ("倉庫", "warehouse"), ("Roof", "warehouse"),
    ("Kitchen", "break-room"), ("食堂", "break-room"), ("窓口", "counter-service"), ("議場", "council-chamber"),
    ("Auditorium", "auditorium"), ("Bedroom 2", "office"), ("UNIQLO shop", "circulation"), ("zzz-42", None),
])
def test_guess_use(name: str, use: str | None) -> None:
    assert guess_use(name) == use


@pytest.mark.parametrize("name, telecom, void", [
    ("Server room", True, False), ("MDF", True, False), ("IDF 3F", True, False), ("電気室", True, False),
    ("EPS", True, False), ("Stair A", False, True), ("Elevator 2", False, True), ("階段", False, True),
    ("Office", False, False), ("Modern office", False, False), ("機械室", False, False),
    ("Community room", False, False),
])
def test_telecom_and_void_names(name: str, telecom: bool, void: bool) -> None:
    assert is_telecom(name) == telecom
    assert is_void(name) == void


def test_headcount_uses_library_occupancy() -> None:
    assert headcount_for(100.0, "office") == 10  # 10 m² per person
    assert headcount_for(100.0, "meeting-room") == 40  # 2.5 m² per person
    assert headcount_for(1000.0, "warehouse") == 20  # 50 m² per person


def test_split_holes_keeps_area() -> None:
    ring_ = Polygon(box(0, 0, 30, 20).exterior.coords, [box(5, 5, 10, 10).exterior.coords, box(20, 5, 25, 15).exterior.coords])
    parts = split_holes(ring_)
    assert all(not p.interiors for p in parts)
    assert sum(p.area for p in parts) == pytest.approx(ring_.area, abs=0.05)


def test_clean_zones_resolves_overlaps_and_clips() -> None:
    outline = box(0, 0, 20, 10)
    report = ImportReport()
    cands = [
        ZoneCandidate("Hall", box(0, 0, 20, 10)),  # contains the kiosk
        ZoneCandidate("Kiosk", box(4, 4, 6, 6), use="counter-service"),
        ZoneCandidate("Spill", box(15, 5, 25, 10), use="office"),  # half outside the outline
        ZoneCandidate("Dust", box(1, 1, 1.5, 1.5)),
    ]
    zones = {z.name: z for z in clean_zones(cands, outline, report)}
    assert set(zones) >= {"Kiosk", "Spill"}
    assert polygon(zones["Kiosk"].polygon).area == pytest.approx(4)
    assert polygon(zones["Spill"].polygon).area == pytest.approx(25, abs=0.2)
    hall = [z for n, z in zones.items() if n.startswith("Hall")]
    assert sum(polygon(z.polygon).area for z in hall) == pytest.approx(200 - 4 - 25, abs=1.0)
    geoms = [polygon(z.polygon) for z in zones.values()]
    for i, a in enumerate(geoms):
        for b in geoms[i + 1:]:
            assert a.intersection(b).area < 0.01
    assert zones["Kiosk"].headcount == 2  # 4 m² / 2.5 m² per person, rounded
    assert report.count("skipped", "room") == 1  # the 0.25 m² dust
    assert report.count("guessed", "room") >= 1  # Hall: use guessed


def test_outline_from_covers_everything() -> None:
    lines = [shapely.linestrings([[0, 0], [10, 0]]), shapely.linestrings([[0, 0], [0, 5]])]
    out = outline_from(lines)
    assert out.buffer(1e-9).covers(shapely.union_all(lines))
    assert 25 < out.area < 25 + 0.1 * 27 + 0.2  # the hull triangle grown by 0.1 m along its ~26 m perimeter


def floor(name: str, elev: float, outline) -> Floor:
    return Floor(name=name, elevation_m=elev, outline=outline)


def test_place_telecom_single_and_multi() -> None:
    report, comments = ImportReport(), {}
    one = place_telecom([floor("G", 0, [[0, 0], [10, 0], [10, 10], [0, 10]])], report, comments)
    assert one[0].telecom_rooms[0].kind == "mdf" and ("floors", 0, "telecom_rooms", 0) in comments
    report, comments = ImportReport(), {}
    floors = [floor("2F", 4, [[5, 0], [20, 0], [20, 10], [5, 10]]), floor("1F", 0, [[0, 0], [10, 0], [10, 10], [0, 10]])]
    out = place_telecom(floors, report, comments)
    assert out[1].telecom_rooms[0].kind == "mdf"  # the lowest floor, whatever the list order
    assert out[0].telecom_rooms[0].kind == "idf"
    r = out[0].risers[0].at
    assert r == out[1].risers[0].at and 5 <= r[0] <= 10  # inside both outlines
    b = Building(floors=out)
    assert [p for p in validate_building(b) if p.severity == "error" and p.location.path != "country"] == []
