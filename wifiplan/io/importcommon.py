"""Shared import helpers: headcounts, clean zones, outlines, telecom placeholders (uses: :mod:`wifiplan.io.uses`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from wifiplan.io.importreport import ImportReport
from wifiplan.io.uses import DEFAULT_USE, USE_RULES, guess_use, is_telecom, is_void, load_use_map, user_use_rules
from wifiplan.model.building import Floor, Riser, TelecomRoom, Zone

__all__ = [
    "GRID_M",
    "USE_RULES",
    "DEFAULT_USE",
    "guess_use",
    "load_use_map",
    "user_use_rules",
    "is_telecom",
    "is_void",
    "occupancy_m2_per_person",
    "headcount_for",
    "polygon_parts",
    "areal",
    "split_holes",
    "ring",
    "ZoneCandidate",
    "clean_zones",
    "outline_from",
    "assign_telecom_rooms",
    "place_telecom",
    "TODO_TELECOM",
    "TODO_RISER",
]

#: Coordinates of imported geometry are snapped to this grid (m): the building writer
#: rounds to 0.01 m, so overlays done on the same grid stay valid after writing.
GRID_M = 0.01

#: Zone pieces smaller than this are dropped (slivers from overlaps), m².
MIN_ZONE_AREA_M2 = 1.0

TODO_TELECOM = "TODO: move to the real telecom room (placeholder added by the importer)"
TODO_RISER = "TODO: move to the real riser (placeholder added by the importer)"


@functools.lru_cache(maxsize=1)
def _occupancy_table() -> dict[str, float]:
    from wifiplan.library import load_library

    return {name: float(p.occupancy_m2_per_person) for name, p in load_library().profiles.items()}


def occupancy_m2_per_person(use: str) -> float:
    """Floor area per person of a shipped profile, m² (``occupancy_m2_per_person``)."""
    return _occupancy_table()[use]


def headcount_for(area_m2: float, use: str) -> int:
    """Headcount guessed from area: ``round(area / occupancy_m2_per_person(use))``.

    >>> headcount_for(100.0, "office"), headcount_for(1.0, "office")
    (10, 0)
    """
    return min(100_000, max(0, int(round(area_m2 / occupancy_m2_per_person(use)))))


def ring(poly: Polygon) -> list[list[float]]:
    """The exterior ring of a polygon as an open list of ``[x, y]`` rounded to the grid."""
    coords = np.asarray(poly.exterior.coords, dtype=float)[:-1]
    coords = np.round(coords, 2) + 0.0
    return coords.tolist()


def polygon_parts(geom: BaseGeometry | None, *, min_area_m2: float = 0.0) -> list[Polygon]:
    """Polygons of any geometry (collections exploded, invalid ones repaired), largest first."""
    if geom is None or geom.is_empty:
        return []
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon | MultiPolygon)]
    out: list[Polygon] = []
    for g in parts:
        out.extend(shapely.get_parts(g) if isinstance(g, MultiPolygon) else [g])
    out = [p for p in out if p.area > max(min_area_m2, 1e-9)]
    return sorted(out, key=lambda p: -p.area)


def areal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygon parts of a geometry, as a (Multi)Polygon (empty if none)."""
    if geom.geom_type in ("Polygon", "MultiPolygon") and geom.is_valid:
        return geom
    parts = polygon_parts(geom)
    return MultiPolygon(parts) if len(parts) != 1 else parts[0]


def split_holes(poly: Polygon, *, depth: int = 0) -> list[Polygon]:
    """Split a polygon with holes into hole-free polygons (zones are single rings).

    Cuts along a line through a hole, along the longer side of the bounding box, and
    recurses; each cut removes at least that hole, so it ends.
    """
    if not poly.interiors:
        return [poly]
    if depth > 40:
        return [Polygon(poly.exterior)]
    minx, miny, maxx, maxy = poly.bounds
    hole = Polygon(poly.interiors[0]).representative_point()
    pad = 1.0
    if maxx - minx >= maxy - miny:
        cut = round(hole.x, 2)
        boxes = [shapely.box(minx - pad, miny - pad, cut, maxy + pad), shapely.box(cut, miny - pad, maxx + pad, maxy + pad)]
    else:
        cut = round(hole.y, 2)
        boxes = [shapely.box(minx - pad, miny - pad, maxx + pad, cut), shapely.box(minx - pad, cut, maxx + pad, maxy + pad)]
    out: list[Polygon] = []
    for box in boxes:
        piece = shapely.intersection(poly, box, grid_size=GRID_M)
        for part in polygon_parts(piece):
            out.extend(split_holes(part, depth=depth + 1))
    return out


@dataclass
class ZoneCandidate:
    """A room/unit before cleaning: name, use (None = guess), footprint, headcount (None = from area)."""

    name: str
    geometry: BaseGeometry
    use: str | None = None
    headcount: int | None = None
    source: str = ""
    fallback: bool = False  # the use is the importer's default (no rule matched the name)


def clean_zones(
    candidates: list[ZoneCandidate],
    outline: BaseGeometry,
    report: ImportReport,
    *,
    entity: str = "room",
) -> list[Zone]:
    """Zones that validate: on the 0.01 m grid, inside the outline, not overlapping, hole-free.

    Smaller candidates win overlaps (a kiosk inside a hall keeps its area; the hall
    loses it). Headcounts not given are ``area / occupancy_m2_per_person(use)`` of the
    shipped profile; uses not given are guessed from the name (reported).
    """
    outline = shapely.set_precision(outline, GRID_M)
    geoms = []
    for c in candidates:
        g = c.geometry if c.geometry.is_valid else shapely.make_valid(c.geometry)
        g = shapely.intersection(shapely.set_precision(g, GRID_M), outline, grid_size=GRID_M)
        geoms.append(areal(g))
    order = sorted(range(len(candidates)), key=lambda i: (geoms[i].area, i))
    tree = shapely.STRtree(geoms)
    accepted: dict[int, BaseGeometry] = {}
    zones: list[Zone] = []
    used_names: dict[str, int] = {}
    for i in order:
        c, g = candidates[i], geoms[i]
        if g.is_empty or g.area < MIN_ZONE_AREA_M2:
            report.skipped(entity, f"smaller than {MIN_ZONE_AREA_M2:g} m² or outside the outline", example=c.name)
            continue
        others = [accepted[j] for j in tree.query(g, predicate="dwithin", distance=0.03).tolist() if j in accepted]
        if others:
            union = shapely.union_all(others, grid_size=GRID_M)
            if shapely.intersection(g, union).area > 0.05:
                report.warn(entity, "overlapped a smaller room: overlap cut out", example=c.name)
            # a 12 mm margin: snapping to the 10 mm grid can then never make slivers overlap
            taken = union.buffer(0.012, join_style="mitre", quad_segs=1)
            g = areal(shapely.difference(g, areal(taken), grid_size=GRID_M))
        parts = [p for part in polygon_parts(g, min_area_m2=MIN_ZONE_AREA_M2) for p in split_holes(part)]
        parts = [p for p in parts if p.area >= MIN_ZONE_AREA_M2 and p.is_valid]
        if not parts:
            report.skipped(entity, "nothing left after removing overlaps", example=c.name)
            continue
        accepted[i] = shapely.union_all(parts, grid_size=GRID_M)
        if len(parts) > 1:
            report.warn(entity, "split into several zones (holes or separate parts)", example=c.name)
        use = c.use
        fallback = c.fallback
        if use is None:
            use = guess_use(c.name)
            if use is None:
                use = DEFAULT_USE
                fallback = True
                report.guessed(entity, f"use '{DEFAULT_USE}' (name matched no rule)", example=c.name)
            else:
                report.guessed(entity, f"use '{use}' from the name", example=c.name)
        for k, part in enumerate(sorted(parts, key=lambda p: -p.area)):
            short = " ".join(c.name.split())[:180] or "Room"
            base = short if k == 0 else f"{short} ({k + 1})"
            n = used_names.get(base, 0)
            used_names[base] = n + 1
            name = base if n == 0 else f"{base} #{n + 1}"
            head = c.headcount if (c.headcount is not None and k == 0) else None
            if head is None:
                head = headcount_for(part.area, use)
            pts = ring(part)
            if len({tuple(p) for p in pts}) < 3:
                continue
            zones.append(Zone(name=name, use=use, headcount=head, polygon=pts))
            if fallback:
                report.fallbacks.append((name, use))
    report.imported("zone", len(zones))
    zones.sort(key=lambda z: (z.name,))
    return zones


def outline_from(geoms: list[BaseGeometry], *, buffer_m: float = 0.1) -> Polygon:
    """A floor outline around everything given: the convex hull, buffered ``buffer_m``.

    The convex hull always contains every wall and room, so the imported floor
    validates; a closed outline drawn in the source is preferred by the importers.
    """
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    if not geoms:
        raise ValueError("no geometry to build an outline from")
    hull = shapely.union_all([shapely.convex_hull(g) for g in geoms]).convex_hull
    poly = hull.buffer(buffer_m, join_style="mitre", mitre_limit=2.0) if hull.area > 0 else hull.buffer(max(buffer_m, 0.5))
    snapped = shapely.set_precision(shapely.simplify(poly, 0.01), GRID_M)
    return Polygon(snapped.exterior.coords)  # plain coordinates: no precision model carried along


def _inside_point(area: BaseGeometry) -> Point:
    return area.representative_point() if not area.is_empty else Point(0, 0)


def assign_telecom_rooms(floors: list[Floor], telecoms: list[list[TelecomRoom]]) -> list[Floor]:
    """Put the telecom rooms found in the source on their floors: names made unique, the
    first becomes the MDF and the others IDFs."""
    out = list(floors)
    taken: set[str] = set()
    first = True
    for i, found in enumerate(telecoms):
        rooms = []
        for room in found:
            name = room.name
            while name in taken:
                name += "'"
            taken.add(name)
            rooms.append(room.model_copy(update={"name": name, "kind": "mdf" if first else "idf"}))
            first = False
        if rooms:
            out[i] = out[i].model_copy(update={"telecom_rooms": rooms})
    return out


def place_telecom(
    floors: list[Floor],
    report: ImportReport,
    comments: dict[tuple, str],
    *,
    floor_index: list[int] | None = None,
) -> list[Floor]:
    """Make the building validate: a placeholder MDF (and a riser R1 + IDFs on multi-storey
    buildings) when the source named no telecom rooms. Every placeholder is reported as a
    guess and carries a TODO comment in the written file.

    ``floors`` are in file order; the lowest floor (by elevation) gets the MDF.
    """
    if not floors:
        return floors
    order = sorted(range(len(floors)), key=lambda i: floors[i].elevation_m)
    areas = []
    for f in floors:
        area = Polygon(f.outline)
        area = area if area.is_valid else shapely.make_valid(area)
        holes = [Polygon(p) for p in f.exclude]
        free = area.difference(shapely.union_all([h if h.is_valid else shapely.make_valid(h) for h in holes])) if holes else area
        areas.append((area, free))
    has_tr = [bool(f.telecom_rooms) for f in floors]
    floors = list(floors)
    names = {t.name for f in floors for t in f.telecom_rooms}
    if len(floors) == 1:
        if not has_tr[0]:
            at = _inside_point(areas[0][1] if not areas[0][1].is_empty else areas[0][0])
            floors[0] = floors[0].model_copy(update={"telecom_rooms": [TelecomRoom(name="MDF", kind="mdf", at=_xy(at))]})
            comments[("floors", 0, "telecom_rooms", 0)] = TODO_TELECOM
            report.guessed("telecom room", "placeholder MDF at a point inside the outline (move it)", example="MDF")
        return floors
    # multi-storey: one riser stack at a point inside every outline
    if not any(f.risers for f in floors):
        common = shapely.intersection_all([a.buffer(-0.5) for a, _ in areas])
        free_common = shapely.intersection_all([fr.buffer(-0.5) for _, fr in areas])
        if not free_common.is_empty:
            at = _inside_point(free_common)
        elif not common.is_empty:
            at = _inside_point(common)
        else:
            at = None
        for i in order:
            f = floors[i]
            where = at
            if where is None or not areas[i][0].buffer(0.01).covers(where):
                base = at or _inside_point(areas[order[0]][1])
                where = shapely.ops.nearest_points(areas[i][0].buffer(-0.2) if areas[i][0].buffer(-0.2).area > 0 else areas[i][0], base)[0]
                report.warn("riser", "no point lies inside every floor outline: riser moved to fit", example=f.name)
            floors[i] = f.model_copy(update={"risers": [Riser(name="R1", at=_xy(where))]})
            comments[("floors", i, "risers", 0)] = TODO_RISER
        report.guessed("riser", "placeholder riser R1 on every floor at a common point", count=len(floors), example="R1")
    riser_at = {i: floors[i].risers[0].at for i in range(len(floors)) if floors[i].risers}
    if not any(has_tr):
        low = order[0]
        at = riser_at.get(low) or _xy(_inside_point(areas[low][1]))
        floors[low] = floors[low].model_copy(update={"telecom_rooms": [TelecomRoom(name="MDF", kind="mdf", at=list(at))]})
        comments[("floors", low, "telecom_rooms", 0)] = TODO_TELECOM
        names.add("MDF")
        has_tr[low] = True
        report.guessed("telecom room", "placeholder MDF on the lowest floor at the riser", example="MDF")
    added = 0
    for i in order:
        if has_tr[i]:
            continue
        f = floors[i]
        name = f"IDF-{f.name}"
        while name in names:
            name += "'"
        names.add(name)
        at = riser_at.get(i) or _xy(_inside_point(areas[i][1]))
        floors[i] = f.model_copy(update={"telecom_rooms": [TelecomRoom(name=name, kind="idf", at=list(at))]})
        comments[("floors", i, "telecom_rooms", 0)] = TODO_TELECOM
        added += 1
    if added:
        report.guessed("telecom room", "placeholder IDF per floor at the riser", count=added, example=f"IDF-{floors[order[-1]].name}")
    return floors


def _xy(p: Point) -> list[float]:
    return [round(float(p.x), 2) + 0.0, round(float(p.y), 2) + 0.0]
