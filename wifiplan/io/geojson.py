"""Import indoor maps in lon/lat: mall GeoJSON folders (one per floor) and Apple IMDF archives.

Reading lives in :mod:`wifiplan.io.geojson_read`; this module projects and maps levels to floors.

Both become one building in metres: every level is projected with one local azimuthal
equidistant frame centred on the site (pyproj), so risers line up across floors.

Mapping (documented for users in the importer's help):

* walls = the unit boundaries, each shared edge once (``unary_union`` nodes the lines,
  ``linemerge`` joins them): ``concrete`` on the level outline, ``elevator-shaft``
  around lifts, ``drywall`` between units, and — for the mall format — ``glass`` where a
  shop faces the open concourse (storefronts);
* doors = IMDF ``opening`` lines: cut as gaps, or ``wood-door`` pieces when the opening
  has a ``door`` object;
* zones = units, use guessed from category/name (:data:`CATEGORY_USES`, then the name
  rules of :mod:`wifiplan.io.importcommon`); stairs, lifts, escalators and shafts become
  ``exclude`` areas; the rest of the outline (malls: the concourse) becomes
  ``circulation`` zones; headcount = area / the use's ``occupancy_m2_per_person``;
* levels ordered by ordinal (mall folders ``B2 < B1 < F1 < F2``: ``Bn`` → −n,
  ``Fn`` → n−1), elevation = ordinal × ``floor_height_m`` (default 4.5 m, a mall storey);
* a riser R1, an MDF on the lowest level and an IDF per level are placeholders
  (reported as guesses, with TODO comments).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from wifiplan.errors import InputError
from wifiplan.io.country import country_from_lonlat, settle_country
from wifiplan.io.importcommon import (
    assign_telecom_rooms,
    GRID_M,
    ZoneCandidate,
    clean_zones,
    guess_use,
    is_telecom,
    is_void,
    place_telecom,
    polygon_parts,
    ring,
    split_holes,
)
from wifiplan.io.geojson_read import Level, mall_floor_ordinal, read_imdf, read_mall
from wifiplan.io.importreport import ImportReport, ImportResult, Progress, no_progress
from wifiplan.io.uses import user_use
from wifiplan.model.building import Building, Floor, TelecomRoom, Wall

__all__ = ["import_mall", "import_imdf", "CATEGORY_USES", "DEFAULT_FLOOR_HEIGHT_M", "mall_floor_ordinal"]

#: Storey height used for elevation = ordinal × height when the source gives none, m
#: (a shopping-mall storey of 4–5 m slab to slab; planning assumption, unsourced).
DEFAULT_FLOOR_HEIGHT_M = 4.5

#: IMDF unit categories (OGC 20-094 UNIT-CATEGORY) → usage profile; "exclude" = not a zone.
CATEGORY_USES: dict[str, str] = {
    "auditorium": "auditorium", "classroom": "meeting-room", "conferenceroom": "meeting-room",
    "meetingroom": "meeting-room", "office": "office", "room": "office", "library": "office",
    "laboratory": "office", "studio": "office", "foodservice": "break-room", "lounge": "break-room",
    "kitchen": "break-room", "restroom": "circulation", "walkway": "circulation", "lobby": "circulation",
    "corridor": "circulation", "opentobelow": "exclude", "elevator": "exclude", "stairs": "exclude",
    "escalator": "exclude", "shaft": "exclude", "ramp": "circulation", "retail": "circulation",
    "storage": "warehouse", "mechanical": "warehouse", "unenclosedarea": "circulation",
    "nonpublic": "warehouse", "unspecified": "office", "parking": "warehouse", "fieldofplay": "auditorium",
    "vegetation": "exclude", "structure": "exclude", "column": "exclude", "steps": "circulation",
}

_LIFT = re.compile(r"elevator|lift|dianti|huoti|电梯|エレベ", re.I)
# ----------------------------------------------------------------------------- projection


def _projector(levels: list[Level]):
    from pyproj import Transformer

    geoms = [lv.outline for lv in levels if lv.outline is not None] + [u.geom for lv in levels for u in lv.units]
    if not geoms:
        raise InputError("no geometry found to import")
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise InputError(
            f"coordinates span x {minx:.1f}..{maxx:.1f}, y {miny:.1f}..{maxy:.1f}: not WGS84 lon/lat "
            "(GeoJSON/IMDF must be in degrees, RFC 7946)"
        )
    lon0, lat0 = (minx + maxx) / 2, (miny + maxy) / 2
    tr = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={lat0:.8f} +lon_0={lon0:.8f} +units=m +ellps=WGS84",
                              always_xy=True)

    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    # shift so the site's south-west corner sits near the origin (positive coordinates)
    corner = fn(np.array([[minx, miny], [maxx, maxy], [minx, maxy], [maxx, miny]]))
    ox, oy = np.floor(corner.min(axis=0)) - 1.0

    def project(g: BaseGeometry) -> BaseGeometry:
        return shapely.transform(g, lambda a: fn(a) - [ox, oy])

    return project


# ----------------------------------------------------------------------------- level → floor


def _outline_of(level: Level, units: list[BaseGeometry], report: ImportReport) -> tuple[Polygon, list[Polygon]]:
    """Outline polygon (one ring) and exclude areas from its holes."""
    parts = polygon_parts(level.outline) if level.outline is not None else []
    if not parts:
        report.guessed("outline", "convex hull of the units (no level outline)", example=level.name)
        hull = shapely.union_all(units).convex_hull.buffer(0.1, join_style="mitre")
        return shapely.set_precision(hull, GRID_M), []
    if len(parts) > 1 and parts[1].area > 0.01 * parts[0].area:
        whole = shapely.union_all(parts).convex_hull
        report.warn("outline", "several separate parts: their convex hull is the outline", example=level.name)
        outline = shapely.set_precision(whole, GRID_M)
        holes = polygon_parts(shapely.difference(outline, shapely.union_all(parts + units), grid_size=GRID_M),
                              min_area_m2=4.0)
        return outline, holes
    main = shapely.set_precision(parts[0], GRID_M)
    outline = shapely.set_precision(Polygon(main.exterior), GRID_M)
    holes = [shapely.set_precision(Polygon(h), GRID_M) for h in main.interiors]
    if holes:
        report.imported("outline hole", len(holes), action="kept as exclude areas (voids)")
    return outline, holes


def _classify_walls(
    outline: Polygon,
    units: list[tuple[BaseGeometry, str]],
    openings: list[tuple[BaseGeometry, bool]],
    *,
    shopfront: str | None,
) -> tuple[dict[str, BaseGeometry], int]:
    """Wall linework by material: noded unit boundaries + the outline, each edge once."""
    boundaries = [shapely.boundary(g) for g, _ in units] + [outline.exterior]
    noded = shapely.union_all(boundaries, grid_size=GRID_M)
    pieces = np.array([p for p in shapely.get_parts(noded) if p.length > 0], dtype=object)
    if pieces.size == 0:
        return {}, 0
    mids = shapely.line_interpolate_point(pieces, 0.5, normalized=True)
    material = np.full(len(pieces), "drywall", dtype=object)
    tol = 0.05
    unit_lines = [shapely.boundary(g) for g, _ in units]
    if unit_lines:
        tree = shapely.STRtree(unit_lines)
        pi, ui = tree.query(mids, predicate="dwithin", distance=tol)
        touching = np.bincount(pi, minlength=len(pieces))
        if shopfront:
            material[touching == 1] = shopfront
        lifts = np.array([_LIFT.search(kind) is not None for _, kind in units])
        lift_hit = np.zeros(len(pieces), bool)
        lift_hit[pi[lifts[ui]]] = True
        material[lift_hit] = "elevator-shaft"
    on_outline = shapely.dwithin(mids, outline.exterior, tol)
    material[on_outline] = "concrete"
    pieces, material = _drop_near_duplicates(pieces, material, on_outline)
    out: dict[str, BaseGeometry] = {}
    doors: list[BaseGeometry] = []
    gaps = [g for g, door in openings]
    n_open = len(gaps)
    cut = shapely.union_all([g.buffer(0.05, cap_style="flat") for g in gaps]) if gaps else None
    for name in sorted(set(material.tolist())):
        lines = shapely.union_all(pieces[material == name])
        if cut is not None:
            lines = lines.difference(cut)
        out[name] = lines
    doors = [g for g, door in openings if door]
    if doors:
        out["wood-door"] = shapely.union_all(doors + ([out["wood-door"]] if "wood-door" in out else []))
    return out, n_open


def _drop_near_duplicates(
    pieces: np.ndarray, material: np.ndarray, first: np.ndarray, *, tol_m: float = 0.06
) -> tuple[np.ndarray, np.ndarray]:
    """Trim wall pieces that run within ``tol_m`` of a piece kept before them.

    Neighbouring units often draw their shared edge twice, a few centimetres apart
    (and a unit edge beside the outline); both would count as walls crossed. Outline
    pieces are kept first, then longer pieces before shorter ones.
    """
    order = sorted(range(len(pieces)), key=lambda i: (not bool(first[i]), -pieces[i].length, i))
    tree = shapely.STRtree(pieces)
    kept: dict[int, BaseGeometry] = {}
    for i in order:
        g = pieces[i]
        near = [kept[j] for j in tree.query(g, predicate="dwithin", distance=tol_m).tolist() if j in kept]
        if near:
            covered = g.intersection(shapely.union_all(near).buffer(tol_m, cap_style="flat"))
            # only runs alongside a kept piece count; a piece merely ending at a junction stays whole
            runs = [c for c in shapely.get_parts(covered) if c.length > 2.5 * tol_m]
            if runs:
                g = g.difference(shapely.union_all(runs).buffer(1e-4, cap_style="flat"))
                if g.is_empty or g.length < 0.1:
                    continue
        kept[i] = g
    idx = sorted(kept)
    return np.array([kept[i] for i in idx], dtype=object), material[idx]


def _lines_to_walls(lines_by_material: dict[str, BaseGeometry], outline: Polygon) -> list[Wall]:
    walls: list[Wall] = []
    grown = outline.buffer(0.03)
    for name in sorted(lines_by_material):
        g = lines_by_material[name]
        if g.is_empty:
            continue
        g = g.intersection(grown)
        parts = [p for p in shapely.get_parts(g) if p.geom_type in ("LineString", "MultiLineString")]
        merged = shapely.line_merge(shapely.union_all(parts)) if parts else None
        if merged is None or merged.is_empty:
            continue
        for line in shapely.get_parts(merged):
            if not isinstance(line, LineString) or line.length < 0.05:
                continue
            line = shapely.simplify(line, 0.005)
            pts = (np.round(np.asarray(line.coords)[:, :2], 2) + 0.0).tolist()
            dedup = [pts[0]] + [p for a, p in zip(pts, pts[1:]) if p != a]
            if len(dedup) >= 2:
                walls.append(Wall(material=name, path=dedup))
    return walls


def _concourse(outline: Polygon, taken: list[BaseGeometry], name: str) -> list[ZoneCandidate]:
    """The open floor left between the units (mall concourse) as circulation zone pieces."""
    rest = shapely.difference(outline, shapely.union_all(taken, grid_size=GRID_M), grid_size=GRID_M) if taken else outline
    out: list[ZoneCandidate] = []
    k = 0
    for part in polygon_parts(rest, min_area_m2=4.0):
        for piece in split_holes(part):
            width = piece.area / max(piece.length / 2, 1e-9)
            if piece.area < 4.0 or width < 1.0:  # wall thickness gaps, not walkable
                continue
            k += 1
            out.append(ZoneCandidate(f"{name} {k}", piece, use="circulation"))
    return out


def _level_floor(
    level: Level,
    project,
    floor_height_m: float,
    report: ImportReport,
    *,
    shopfront: str | None,
    concourse: bool,
    default_use: str,
) -> tuple[Floor, list[TelecomRoom]]:
    seen: set[bytes] = set()
    units: list[tuple[Unit, BaseGeometry]] = []
    for u in level.units:
        key = shapely.normalize(u.geom).wkb
        if key in seen:
            report.skipped("unit", "duplicate geometry (same polygon twice)", example=u.name or level.name)
            continue
        seen.add(key)
        g = project(u.geom)
        g = g if g.is_valid else shapely.make_valid(g)
        units.append((u, shapely.set_precision(g, GRID_M)))
    if level.outline is not None:
        level = Level(level.name, level.ordinal, project(level.outline), level.units, level.openings, level.expected_size_m)
    outline, holes = _outline_of(level, [g for _, g in units], report)
    if level.expected_size_m:
        minx, miny, maxx, maxy = outline.bounds
        w, h = level.expected_size_m
        if abs((maxx - minx) - w) > max(1.0, 0.02 * w) or abs((maxy - miny) - h) > max(1.0, 0.02 * h):
            report.warn("floor", f"outline {maxx - minx:.1f} × {maxy - miny:.1f} m differs from floor_info "
                        f"{w:.1f} × {h:.1f} m", example=level.name)
        else:
            report.imported("floor size check", action="outline matches floor_info.json within 2 %", example=level.name)
    excludes: list[Polygon] = [p for h in holes for p in polygon_parts(h, min_area_m2=1.0)]
    candidates: list[ZoneCandidate] = []
    telecom: list[TelecomRoom] = []
    for k, (u, g) in enumerate(units):
        cat = u.category.lower()
        # --use-map rules (on the name or the category) come first, then the IMDF categories
        use = user_use(u.name, u.category, u.source_ids) or CATEGORY_USES.get(cat) or CATEGORY_USES.get(cat.split(".")[0])
        label = u.name or u.category or f"Unit {k + 1}"
        if use == "exclude" or (use is None and is_void(u.name, u.category)):
            clipped = shapely.intersection(g, outline, grid_size=GRID_M)
            for part in polygon_parts(clipped, min_area_m2=0.5):
                excludes.append(Polygon(part.exterior))
            report.imported("unit", action="stairs/lift/escalator/shaft → exclude area", example=label)
            continue
        if is_telecom(u.name) or cat in ("it", "telecom", "server"):
            telecom.append(TelecomRoom(name=label[:190], kind="idf", at=_pt(g.representative_point())))
            report.imported("unit", action="telecom room (from its name)", example=label)
            use = "warehouse"
        fallback = False
        if use is None:
            use = guess_use(u.name)
            if use is None:
                use = default_use
                fallback = True
                why = "unnamed unit" if not u.name else "name matched no rule"
                report.guessed("unit", f"use '{use}' ({why})", example=label)
            else:
                report.guessed("unit", f"use '{use}' from the name", example=label)
        candidates.append(ZoneCandidate(label, g, use=use, fallback=fallback))
    if concourse:
        taken = [g for _, g in units] + excludes
        pieces = _concourse(outline, taken, "Concourse")
        if pieces:
            report.guessed("concourse", "open floor between units → circulation zones", count=len(pieces))
        candidates += pieces
    zones = clean_zones(candidates, outline, report, entity="unit")
    linework, n_open = _classify_walls(
        outline, [(g, u.category + " " + u.name) for u, g in units], [(project(o), d) for o, d in level.openings],
        shopfront=shopfront,
    )
    if n_open:
        report.imported("opening", n_open, action="cut as door gaps (wood-door where a door is given)")
    walls = _lines_to_walls(linework, outline)
    report.imported("wall", len(walls), action="from unit boundaries (shared edges once)")
    excl_rings = []
    for p in excludes:
        for part in split_holes(p):
            pts = ring(part)
            if len({tuple(q) for q in pts}) >= 3 and part.area > 0.5:
                excl_rings.append(pts)
    floor = Floor(
        name=level.name,
        elevation_m=round(level.ordinal * floor_height_m, 2),
        height_m=floor_height_m,
        outline=ring(outline),
        walls=walls,
        zones=zones,
        exclude=excl_rings,
        telecom_rooms=[],
    )
    return floor, telecom


def _pt(p) -> list[float]:
    return [round(float(p.x), 2) + 0.0, round(float(p.y), 2) + 0.0]


def _build(
    levels: list[Level],
    report: ImportReport,
    *,
    name: str,
    floor_height_m: float,
    shopfront: str | None,
    concourse: bool,
    default_use: str,
    progress: Progress,
    country: str | None = None,
    address_country: str | None = None,
) -> ImportResult:
    if not levels:
        raise InputError(f"{report.source}: no floors to import")
    ordinals = [lv.ordinal for lv in levels]
    if len(set(ordinals)) != len(ordinals):
        raise InputError(f"{report.source}: two levels share an ordinal ({sorted(ordinals)}); each floor needs its own")
    levels = sorted(levels, key=lambda lv: lv.ordinal)
    project = _projector(levels)
    code = settle_country(country, address_country or _lonlat_country(levels), report,
                          basis="the IMDF address" if address_country else "the map's coordinates")
    floors: list[Floor] = []
    telecoms: list[list[TelecomRoom]] = []
    total = len(levels)
    progress("floors", 0, total)
    for i, lv in enumerate(levels):
        floor, tr = _level_floor(lv, project, floor_height_m, report, shopfront=shopfront, concourse=concourse,
                                 default_use=default_use)
        floors.append(floor)
        telecoms.append(tr)
        progress("floors", i + 1, total)
    report.imported("floor", len(floors))
    floors = assign_telecom_rooms(floors, telecoms)
    comments: dict[tuple, str] = {}
    floors = place_telecom(floors, report, comments)
    building = Building(name=name, country=code, floors=floors)
    return ImportResult(building, report, comments)


def _lonlat_country(levels: list[Level]) -> str | None:
    geoms = [lv.outline for lv in levels if lv.outline is not None] + [u.geom for lv in levels for u in lv.units]
    if not geoms:
        return None
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    return country_from_lonlat((minx + maxx) / 2, (miny + maxy) / 2)



def import_mall(
    path: str | Path,
    *,
    name: str | None = None,
    floors: list[str] | None = None,
    floor_height_m: float = DEFAULT_FLOOR_HEIGHT_M,
    shopfront: str | None = "glass",
    concourse: bool = True,
    country: str | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import a mall site folder (``<site>/<floor>/geojson_map.json`` + ``floor_info.json``).

    Parameters
    ----------
    path
        The site folder; each sub-folder is a floor (``B1``, ``F1``, ...).
    floors
        Only these floor folders (default: all).
    floor_height_m
        Storey height, m: elevation = ordinal × height.
    shopfront
        Material of unit edges facing the open concourse (None: ``drywall``).

    Raises
    ------
    InputError
        If the folder has no floors, a file is not JSON or coordinates are not lon/lat.
    """
    root = Path(path)
    report = ImportReport(source=str(root))
    levels = read_mall(root, report, floors)
    return _build(levels, report, name=name or root.name, floor_height_m=floor_height_m,
                  shopfront=shopfront, concourse=concourse, default_use="circulation", progress=progress,
                  country=country)


def import_imdf(
    path: str | Path,
    *,
    name: str | None = None,
    floor_height_m: float = DEFAULT_FLOOR_HEIGHT_M,
    country: str | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import an IMDF archive (folder or ZIP with manifest.json, level/unit/opening.geojson).

    Raises
    ------
    InputError
        If level.geojson or unit.geojson is missing, JSON is bad, or the ZIP is unsafe.
    """
    p = Path(path)
    report = ImportReport(source=str(p))
    levels, address_country = read_imdf(p, report)
    return _build(levels, report, name=name or p.stem, floor_height_m=floor_height_m,
                  shopfront=None, concourse=True, default_use="office", progress=progress,
                  country=country, address_country=address_country)

