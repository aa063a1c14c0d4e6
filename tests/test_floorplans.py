"""Independent checks of the shipped example buildings in floorplans/*.yaml.

These do not use wifiplan's own loader or validator: they parse each file with
yaml.safe_load and re-check the format-1 rules with shapely, so a bug in the validator
and a bug in the data do not hide each other.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
import itertools
from pathlib import Path

import networkx as nx
import pytest
import shapely
import yaml
from shapely.geometry import LineString, Point, Polygon

REPO = Path(__file__).resolve().parents[1]
FLOORPLANS = REPO / "floorplans"
FILES = ["city-hall.yaml", "old-office-tower.yaml", "small-office.yaml"]

TOP_KEYS = {"format", "name", "country", "floors", "requirements", "materials", "profiles", "ap", "costs"}
FLOOR_KEYS = {"name", "elevation_m", "height_m", "ap_height_m", "slab", "outline", "walls", "zones",
              "exclude", "telecom_rooms", "risers", "pathways"}
MATERIALS = {"drywall", "glass", "low-e-glass", "wood-door", "metal-door", "brick", "concrete-block",
             "concrete", "heavy-concrete", "concrete-slab", "elevator-shaft", "metal", "cubicle"}
USES = {"office", "office-web-meetings", "meeting-room", "paperless-meeting", "counter-service",
        "council-chamber", "auditorium", "break-room", "circulation", "warehouse"}
TOL_M = 0.05
MAX_PEOPLE_PER_M2 = 2.0


@functools.cache
def _load(name: str) -> dict:
    """The parsed file (cached: tests must not modify it)."""
    return yaml.safe_load((FLOORPLANS / name).read_text(encoding="utf-8"))


def _floors(name: str):
    return [(name, i) for i in range(len(_load(name)["floors"]))]


ALL_FLOORS = [fi for name in FILES for fi in _floors(name)]


def _floor(name: str, i: int) -> dict:
    return _load(name)["floors"][i]


def _poly(points) -> Polygon:
    return Polygon([tuple(p) for p in points])


def _excludes(floor: dict) -> list[Polygon]:
    return [_poly(p) for p in floor.get("exclude") or []]


# ---- building level ----------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_top_level_keys_and_format(name):
    data = _load(name)
    assert set(data) <= TOP_KEYS
    assert data["format"] == 1
    assert isinstance(data["name"], str) and data["name"]
    assert data["country"] in {"JP", "US"}
    for floor in data["floors"]:
        assert set(floor) <= FLOOR_KEYS, set(floor) - FLOOR_KEYS
        assert {"name", "elevation_m", "height_m", "outline"} <= set(floor)


@pytest.mark.parametrize(("name", "country", "n_floors", "area_m2"), [
    ("city-hall.yaml", "JP", 7, 2450.0),
    ("old-office-tower.yaml", "JP", 10, 1000.0),
    ("small-office.yaml", "US", 1, 600.0),
])
def test_building_size_matches_the_brief(name, country, n_floors, area_m2):
    data = _load(name)
    assert data["country"] == country
    assert len(data["floors"]) == n_floors
    for floor in data["floors"]:
        assert _poly(floor["outline"]).area == pytest.approx(area_m2, rel=0.05)


@pytest.mark.parametrize("name", FILES)
def test_elevations_stack_bottom_up(name):
    floors = _load(name)["floors"]
    assert floors[0]["elevation_m"] == pytest.approx(0.0)
    for below, above in itertools.pairwise(floors):
        assert above["elevation_m"] > below["elevation_m"]
        assert above["elevation_m"] == pytest.approx(below["elevation_m"] + below["height_m"], abs=1e-6)


@pytest.mark.parametrize("name", FILES)
def test_floor_names_and_telecom_room_names_unique(name):
    floors = _load(name)["floors"]
    names = [f["name"] for f in floors]
    assert len(names) == len(set(names))
    trs = [t["name"] for f in floors for t in f.get("telecom_rooms") or []]
    assert len(trs) == len(set(trs))
    assert sum(t["kind"] == "mdf" for f in floors for t in f.get("telecom_rooms") or []) == 1


@pytest.mark.parametrize("name", FILES)
def test_materials_and_uses_are_library_names(name):
    floors = _load(name)["floors"]
    used = {w["material"] for f in floors for w in f.get("walls") or []} | {f["slab"] for f in floors}
    assert used <= MATERIALS, used - MATERIALS
    uses = {z["use"] for f in floors for z in f.get("zones") or []}
    assert uses <= USES, uses - USES


def test_materials_exist_in_the_shipped_library():
    lib = REPO / "wifiplan" / "library" / "data" / "materials.yaml"
    known = set(yaml.safe_load(lib.read_text(encoding="utf-8"))["materials"])
    used = {w["material"] for n in FILES for f in _load(n)["floors"] for w in f.get("walls") or []}
    assert used <= known, used - known


@pytest.mark.parametrize("name", [n for n in FILES if len(_load(n)["floors"]) > 1])
def test_risers_span_floors_and_stay_vertical(name):
    floors = _load(name)["floors"]
    at: dict[str, list] = {}
    for f in floors:
        for r in f.get("risers") or []:
            at.setdefault(r["name"], []).append(tuple(r["at"]))
    assert at, "a multi-storey building needs a riser"
    for riser, places in at.items():
        assert len(places) >= 2, riser
        assert len(set(places)) == 1, f"riser {riser} moves between floors: {set(places)}"


@pytest.mark.parametrize("name", FILES)
def test_every_floor_reaches_a_telecom_room(name):
    floors = _load(name)["floors"]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(floors)))
    by_riser: dict[str, list[int]] = {}
    for i, f in enumerate(floors):
        for r in f.get("risers") or []:
            by_riser.setdefault(r["name"], []).append(i)
    for idx in by_riser.values():
        graph.add_edges_from(itertools.pairwise(idx))
    has_tr = {i for i, f in enumerate(floors) if f.get("telecom_rooms")}
    assert has_tr
    for i, f in enumerate(floors):
        if i in has_tr:
            continue
        # directly: a riser shared with a floor that has a TR
        shared = [r["name"] for r in f.get("risers") or [] if set(by_riser[r["name"]]) & has_tr]
        assert shared, f"floor {f['name']} has no TR and no riser to one"
        assert nx.node_connected_component(graph, i) & has_tr


def test_city_hall_has_a_tr_per_floor_and_tower_only_some():
    hall = _load("city-hall.yaml")["floors"]
    assert all(len(f["telecom_rooms"]) == 1 for f in hall)
    assert [t["kind"] for f in hall for t in f["telecom_rooms"]] == ["mdf"] + ["idf"] * 6
    tower = _load("old-office-tower.yaml")["floors"]
    with_tr = [f["name"] for f in tower if f.get("telecom_rooms")]
    assert with_tr == ["1F", "4F", "8F"]
    with_tray = [f["name"] for f in tower if f.get("pathways")]
    assert 0 < len(with_tray) < len(tower)


# ---- floor level ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "i"), ALL_FLOORS)
def test_outline_and_polygons_valid(name, i):
    f = _floor(name, i)
    outline = _poly(f["outline"])
    assert outline.is_valid and outline.area > 0
    for z in f.get("zones") or []:
        g = _poly(z["polygon"])
        assert g.is_valid and g.area > 0, z["name"]
    for g in _excludes(f):
        assert g.is_valid and g.area > 0


@pytest.mark.parametrize(("name", "i"), ALL_FLOORS)
def test_zones_inside_outline_and_not_overlapping(name, i):
    f = _floor(name, i)
    outline = _poly(f["outline"])
    zones = [(z["name"], _poly(z["polygon"])) for z in f["zones"]]
    for zname, g in zones:
        assert g.difference(outline).area < 0.01, zname
    for (na, ga), (nb, gb) in itertools.combinations(zones, 2):
        assert ga.intersection(gb).area < 0.01, (na, nb)
    for g in _excludes(f):
        assert g.difference(outline).area < 0.01
        for zname, gz in zones:
            assert gz.intersection(g).area < 0.01, zname


@pytest.mark.parametrize(("name", "i"), ALL_FLOORS)
def test_zone_names_unique_and_headcounts_plausible(name, i):
    f = _floor(name, i)
    names = [z["name"] for z in f["zones"]]
    assert len(names) == len(set(names))
    for z in f["zones"]:
        assert isinstance(z["headcount"], int) and z["headcount"] >= 0
        assert z["headcount"] / _poly(z["polygon"]).area <= MAX_PEOPLE_PER_M2, z["name"]


@pytest.mark.parametrize(("name", "i"), ALL_FLOORS)
def test_walls_inside_outline(name, i):
    f = _floor(name, i)
    grown = _poly(f["outline"]).buffer(TOL_M)
    assert f["walls"]
    for w in f["walls"]:
        line = LineString([tuple(p) for p in w["path"]])
        assert line.length > 0
        assert grown.covers(line), w


@pytest.mark.parametrize(("name", "i"), ALL_FLOORS)
def test_walls_do_not_overlap(name, i):
    # a wall drawn twice would count its loss twice on every path crossing it
    segments = [LineString([tuple(a), tuple(b)])
                for w in _floor(name, i)["walls"] for a, b in itertools.pairwise(w["path"])]
    tree = shapely.STRtree(segments)
    left, right = tree.query(segments, predicate="intersects")
    for a, b in zip(left.tolist(), right.tolist()):
        if a < b:
            assert segments[a].intersection(segments[b]).length < 0.01, (segments[a], segments[b])


@pytest.mark.parametrize(("name", "i"), ALL_FLOORS)
def test_exterior_has_windows_on_the_outline(name, i):
    f = _floor(name, i)
    boundary = _poly(f["outline"]).exterior
    on_edge = [w for w in f["walls"]
               if boundary.buffer(TOL_M).covers(LineString([tuple(p) for p in w["path"]]))]
    kinds = {w["material"] for w in on_edge}
    assert kinds & {"glass", "low-e-glass"}
    assert kinds & {"concrete", "heavy-concrete", "brick"}
    # the exterior wall pieces cover the whole perimeter once
    total = sum(LineString([tuple(p) for p in w["path"]]).length for w in on_edge)
    assert total == pytest.approx(boundary.length, abs=0.01)


@pytest.mark.parametrize(("name", "i"), ALL_FLOORS)
def test_telecom_rooms_and_risers_inside_and_not_excluded(name, i):
    f = _floor(name, i)
    grown = _poly(f["outline"]).buffer(TOL_M)
    excl = _excludes(f)
    for item in (f.get("telecom_rooms") or []) + (f.get("risers") or []):
        p = Point(item["at"])
        assert grown.covers(p), item
        assert not any(g.contains(p) for g in excl), item


@pytest.mark.parametrize(("name", "i"), ALL_FLOORS)
def test_pathways_connected_and_reach_the_telecom_room(name, i):
    f = _floor(name, i)
    paths = [LineString([tuple(p) for p in pw["path"]]) for pw in f.get("pathways") or []]
    if not paths:
        return
    assert {pw["kind"] for pw in f["pathways"]} <= {"tray", "conduit", "ceiling"}
    graph = nx.Graph()
    graph.add_nodes_from(range(len(paths)))
    for a, b in itertools.combinations(range(len(paths)), 2):
        if paths[a].distance(paths[b]) < 0.01:
            graph.add_edge(a, b)
    assert nx.is_connected(graph)
    network = shapely.union_all(paths)
    for tr in f.get("telecom_rooms") or []:
        assert network.distance(Point(tr["at"])) <= 2.0, tr["name"]
    grown = _poly(f["outline"]).buffer(TOL_M)
    assert all(grown.covers(p) for p in paths)


@pytest.mark.parametrize(("name", "i"), ALL_FLOORS)
def test_coordinates_rounded_to_decimetres(name, i):
    f = _floor(name, i)
    coords = list(f["outline"])
    coords += [p for w in f["walls"] for p in w["path"]]
    coords += [p for z in f["zones"] for p in z["polygon"]]
    coords += [p for g in f.get("exclude") or [] for p in g]
    coords += [t["at"] for t in (f.get("telecom_rooms") or []) + (f.get("risers") or [])]
    coords += [p for pw in f.get("pathways") or [] for p in pw["path"]]
    for x, y in coords:
        assert round(x * 10) == pytest.approx(x * 10, abs=1e-6)
        assert round(y * 10) == pytest.approx(y * 10, abs=1e-6)


# ---- the generator --------------------------------------------------------------------


def _generator():
    spec = importlib.util.spec_from_file_location("make_floorplans", REPO / "tools" / "make_floorplans.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_generator_is_deterministic_and_files_are_current(tmp_path):
    gen = _generator()
    assert gen.main(["--out", str(tmp_path)]) == 0
    for name in FILES:
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        assert fresh == (FLOORPLANS / name).read_text(encoding="utf-8"), f"{name} is stale"
    assert gen.main(["--check"]) == 0
