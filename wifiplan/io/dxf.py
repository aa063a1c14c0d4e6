"""DXF floor plans → a building: walls by layer, rooms from closed polylines or labelled cells.

One DXF file is one floor, or one region of a multi-plan sheet is one floor
(``regions``). Reading, units and the layer map live in :mod:`wifiplan.io.dxf_read` and
:mod:`wifiplan.io.dxf_layers` (AIA/NCS, Chinese and Japanese layer names, ``--layer-map``);
this module maps a drawing to floors: double-line walls merged, rooms named by the text
labels inside them (or, with no room polylines, the wall-bounded cells that hold a label),
stairs and shafts excluded, telecom rooms found by name. The size in metres is checked
against a building's before anything is written (a sheet in millimetres with $INSUNITS =
metres is refused with the --units that fits).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon

from wifiplan.errors import ConfigError, InputError
from wifiplan.io.country import settle_country
from wifiplan.io.dxf_layers import ROLES, UNITS, LayerRule, default_layer_rules, parse_layer_map
from wifiplan.io.dxf_read import LABEL_LAYER, Drawing, check_extent, collect, list_layers, read_dxf, unit_factor
from wifiplan.io.importcommon import (
    GRID_M,
    ZoneCandidate,
    assign_telecom_rooms,
    clean_zones,
    is_telecom,
    is_void,
    outline_from,
    place_telecom,
    polygon_parts,
    ring,
)
from wifiplan.io.importreport import ImportReport, ImportResult, Progress, no_progress
from wifiplan.io.wallpairs import MAX_WALL_THICKNESS_M, merge_double_walls
from wifiplan.model.building import Building, Floor, TelecomRoom, Wall

__all__ = [
    "UNITS",
    "ROLES",
    "DOOR_GAP_M",
    "LayerRule",
    "default_layer_rules",
    "parse_layer_map",
    "parse_region",
    "read_dxf",
    "list_layers",
    "import_dxf",
]

#: Door openings up to this wide are closed when finding wall-bounded cells, m (a single
#: door leaf is 0.8–1.0 m; double doors stay open and join their rooms).
DOOR_GAP_M = 1.2


def _room_name(poly: Polygon, labels: list[tuple[str, str, float, float]], tree, label_pts) -> str | None:
    if tree is None:
        return None
    idx = tree.query(poly, predicate="contains_properly").tolist()
    if not idx:
        return None
    inside = [labels[i] for i in sorted(idx)]
    preferred = [lab for lab in inside if LABEL_LAYER.search(lab[0])] or inside
    preferred.sort(key=lambda lab: (-lab[3], lab[2]))  # top to bottom, left to right
    texts = []
    for lab in preferred:
        if lab[1] not in texts:
            texts.append(lab[1])
    return " ".join(texts[:2])[:200] or None


def _floor_from(drawing: Drawing, *, name: str, elevation_m: float, height_m: float, shift: np.ndarray,
                report: ImportReport, max_wall_thickness_m: float | None) -> tuple[Floor, list[TelecomRoom]]:
    walls: list[Wall] = []
    lines = []
    drawn = [(m, pts - shift) for m, pts in drawing.walls]
    if max_wall_thickness_m:
        drawn, pairs = merge_double_walls(drawn, max_thickness_m=max_wall_thickness_m)
        if pairs:
            report.guessed("wall", f"double-line wall faces ≤ {max_wall_thickness_m:g} m apart merged into centre lines",
                           count=pairs, example=name)
    for material, pts in drawn:
        p = np.round(pts, 2) + 0.0
        keep = np.concatenate([[True], np.any(p[1:] != p[:-1], axis=1)])
        p = p[keep]
        if len(p) < 2:
            report.skipped("wall", "zero length after rounding to 1 cm")
            continue
        walls.append(Wall(material=material, path=p.tolist()))
        lines.append(LineString(p))
    rooms = [(layer, _translate(poly, -shift)) for layer, poly in drawing.rooms] if drawing.rooms else []
    outlines = [_translate(p, -shift) for p in drawing.outlines]
    labels = [(la, t, x - shift[0], y - shift[1]) for la, t, x, y in drawing.labels]
    everything = lines + [p for _, p in rooms]
    outline = None
    if outlines:
        best = max(outlines, key=lambda p: p.area)
        best = shapely.set_precision(Polygon(best.exterior), GRID_M)
        if everything and not best.buffer(0.3).covers(shapely.union_all(everything)):
            report.warn("outline", "the drawn outline leaves walls or rooms outside: convex hull used instead", example=name)
        else:
            outline = best
            report.imported("outline", action="largest closed polyline on an outline layer", example=name)
    if outline is None:
        if not everything:
            raise InputError(f"{name}: no walls, rooms or outline found; check the layer map (--list-layers)")
        outline = outline_from(everything, buffer_m=0.1)
        report.guessed("outline", "convex hull of walls and rooms, buffered 0.1 m", example=name)
    label_pts = shapely.points([(x, y) for _, _, x, y in labels]) if labels else None
    tree = shapely.STRtree(label_pts) if labels else None
    if not rooms and labels and lines:
        rooms = _cells_with_labels(lines, outline, labels, label_pts, report, name)
    candidates: list[ZoneCandidate] = []
    excludes: list[list[list[float]]] = []
    telecom: list[TelecomRoom] = []
    for k, (layer, poly) in enumerate(sorted(rooms, key=lambda r: (r[1].bounds, r[0]))):
        label = _room_name(poly, labels, tree, label_pts)
        if label is None:
            report.guessed("room", "no label inside: named by number", example=f"Room {k + 1}")
        room_name = label or f"Room {k + 1}"
        if is_void(room_name):
            part = shapely.intersection(poly, outline, grid_size=GRID_M)
            for piece in polygon_parts(part, min_area_m2=0.5):
                excludes.append(ring(Polygon(piece.exterior)))
            report.imported("room", action="stairs/lift/shaft → exclude area", example=room_name)
            continue
        if is_telecom(room_name):
            telecom.append(TelecomRoom(name=room_name[:190], kind="idf", at=_pt(poly.representative_point())))
            report.imported("room", action="telecom room (from its label)", example=room_name)
            candidates.append(ZoneCandidate(room_name, poly, use="warehouse"))
            continue
        candidates.append(ZoneCandidate(room_name, poly))
    zones = clean_zones(candidates, outline, report, entity="room")
    floor = Floor(name=name, elevation_m=elevation_m, height_m=height_m, outline=ring(outline), walls=walls,
                  zones=zones, exclude=excludes)
    report.imported("wall", len(walls), action=f"on floor {name}")
    return floor, telecom


def _pt(p: Point) -> list[float]:
    return [round(float(p.x), 2) + 0.0, round(float(p.y), 2) + 0.0]


def _cells_with_labels(lines: list[LineString], outline: Polygon, labels, label_pts, report: ImportReport,
                       name: str) -> list[tuple[str, Polygon]]:
    """Rooms as the wall-bounded cells that hold a text label (no closed room polylines drawn).

    Walls are thickened by :data:`DOOR_GAP_M` / 2 so that door openings up to that width
    close; each hole of the union is a cell, grown back by the same amount. Cells without
    a label (corridors, voids) are left out; the label layer's texts are preferred.
    """
    r = DOOR_GAP_M / 2
    walls = shapely.union_all(shapely.buffer(np.asarray(lines, dtype=object), r, quad_segs=2))
    solid = shapely.union_all([walls, outline.exterior.buffer(r, quad_segs=2)])
    holes = [Polygon(h) for part in shapely.get_parts(solid) if isinstance(part, Polygon) for h in part.interiors]
    cells = [c.buffer(r, join_style="mitre") for c in holes if c.area >= 1.0]
    cells = [shapely.intersection(c, outline) for c in cells]
    if not cells:
        return []
    on_label_layer = np.array([bool(LABEL_LAYER.search(la)) for la, _, _, _ in labels])
    hits = shapely.STRtree(cells).query(label_pts, predicate="intersects")  # (2, n): label index, cell index
    found = []
    for j, cell in enumerate(cells):
        idx = hits[0][hits[1] == j]
        if not len(idx):
            continue
        if on_label_layer[idx].any():
            idx = idx[on_label_layer[idx]]
        for part in polygon_parts(cell, min_area_m2=1.0):
            found.append(("(label)", Polygon(part.exterior)))
    if found:
        report.guessed("room", f"no closed room polylines: wall-bounded cells holding a text label (door gaps up to "
                       f"{DOOR_GAP_M:g} m closed)", count=len(found), example=name)
    else:
        report.warn("room", "no closed room polylines and no labelled wall-bounded cells: no zones", example=name)
    return found


def _crop(drawing: Drawing, box: Polygon, origin: np.ndarray) -> Drawing:
    """The part of ``drawing`` inside ``box`` (walls clipped, rooms and labels whose point lies
    inside), moved so that ``origin`` becomes (0, 0)."""
    out = Drawing()
    if drawing.walls:
        lens = np.array([len(p) for _, p in drawing.walls])
        lines = shapely.linestrings(np.concatenate([p for _, p in drawing.walls]),
                                    indices=np.repeat(np.arange(len(lens)), lens))
        geoms = shapely.intersection(lines, box)
        for (mat, _), g in zip(drawing.walls, geoms):
            for part in shapely.get_parts(shapely.line_merge(g) if g.geom_type == "MultiLineString" else g):
                if part.geom_type == "LineString" and not part.is_empty and part.length > 0:
                    out.walls.append((mat, np.asarray(part.coords)[:, :2] - origin))
    for layer, poly in drawing.rooms:
        if box.contains(poly.representative_point()):
            out.rooms.append((layer, _translate(shapely.intersection(poly, box), -origin)))
    for poly in drawing.outlines:
        if box.contains(poly.representative_point()):
            out.outlines.append(_translate(shapely.intersection(poly, box), -origin))
    out.labels = [(la, t, x - origin[0], y - origin[1]) for la, t, x, y in drawing.labels
                  if box.contains(Point(x, y))]
    out.rooms = [(la, p) for la, p in out.rooms if isinstance(p, Polygon) and p.area > 0]
    out.outlines = [p for p in out.outlines if isinstance(p, Polygon) and p.area > 0]
    return out


def parse_region(text: str, *, flag: str = "--region") -> tuple[float, float, float, float]:
    """``x0,y0,x1,y1`` (drawing units) as floats with x0 < x1 and y0 < y1.

    >>> parse_region("0,0,50000,30000")
    (0.0, 0.0, 50000.0, 30000.0)
    """
    parts = [p.strip() for p in text.split(",")]
    try:
        vals = [float(p) for p in parts]
    except ValueError:
        vals = []
    if len(vals) != 4 or not all(np.isfinite(vals)):
        raise ConfigError(f"{flag} {text!r}: give x0,y0,x1,y1 in drawing units (the CAD program's coordinates), "
                          "e.g. 0,0,60000,40000")
    x0, y0, x1, y1 = vals
    if not (x0 < x1 and y0 < y1):
        raise ConfigError(f"{flag} {text!r}: x0 < x1 and y0 < y1 are needed (lower-left corner, then upper-right)")
    return x0, y0, x1, y1


def import_dxf(
    paths: list[str | Path],
    *,
    units: str | None = None,
    floors: list[str] | None = None,
    elevations_m: list[float] | None = None,
    floor_height_m: float = 3.5,
    layer_map: list[str] | None = None,
    wall_material: str = "drywall",
    max_wall_thickness_m: float | None = MAX_WALL_THICKNESS_M,
    regions: list[tuple[str, tuple[float, float, float, float]]] | None = None,
    name: str | None = None,
    country: str | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import DXF floor plans, one file per floor or one region of a sheet per floor, into a building.

    Parameters
    ----------
    paths
        DXF files, bottom floor first (one file when ``regions`` are given).
    units
        ``m|cm|mm|in|ft`` when a drawing has no ``$INSUNITS`` (it also overrides one).
    floors, elevations_m
        Floor names (default: file stems) and elevations in m (default: i × floor_height_m).
    layer_map
        ``REGEX=material`` rules tried before the defaults (:func:`default_layer_rules`).
    wall_material
        Material of generic ``*WALL*`` layers (``drywall`` or ``concrete``).
    max_wall_thickness_m
        Parallel face lines of one material at most this far apart are merged into one
        centre line (:func:`~wifiplan.io.wallpairs.merge_double_walls`); None keeps every line.
    regions
        ``(floor name, (x0, y0, x1, y1))`` in drawing units, bottom floor first: each
        region of the one sheet becomes a floor, its lower-left corner the origin (so
        plans drawn side by side on a sheet stack with their corners aligned).
    country
        ISO 3166 code; without it the building gets the placeholder validate flags.

    Raises
    ------
    ConfigError
        If units are missing, a layer-map rule is bad, or floors/elevations/regions don't
        match the files.
    InputError
        If a file is unreadable, a DWG, has nothing to import, or its size in metres is
        not a building's (wrong units).
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise ConfigError("give at least one DXF file")
    regions = list(regions or [])
    if regions and len(paths) != 1:
        raise ConfigError(f"--floor NAME=REGION takes plans out of one sheet; {len(paths)} files given")
    floors = list(floors or [])
    n_floors = len(regions) or len(paths)
    if floors and len(floors) != len(paths):
        raise ConfigError(f"--floor given {len(floors)} time(s) for {len(paths)} file(s); give one per file or none")
    if elevations_m and len(elevations_m) != n_floors:
        raise ConfigError(f"--elevation given {len(elevations_m)} time(s) for {n_floors} floor(s); give one per floor "
                          "or none")
    names = [r[0] for r in regions] or floors or [p.stem for p in paths]
    if len(set(names)) != len(names):
        raise ConfigError(f"floor names must differ ({', '.join(names)}); name them with --floor")
    rules = parse_layer_map(layer_map or []) + default_layer_rules(wall_material=wall_material)
    report = ImportReport(source=", ".join(str(p) for p in paths))
    drawings = []
    for p, fname in zip(paths, names):
        doc = read_dxf(p, report)
        factor, code, given = unit_factor(doc, units, p, report)
        drawing = collect(doc, rules, factor, report, progress, fname)
        if not regions:
            check_extent(drawing, path=p, unit_code=code, units_given=given)
            drawings.append(drawing)
            continue
        for rname, (x0, y0, x1, y1) in regions:
            box = shapely.box(x0 * factor, y0 * factor, x1 * factor, y1 * factor)
            part = _crop(drawing, box, np.array([x0 * factor, y0 * factor]))
            if not (part.walls or part.rooms or part.outlines):
                raise InputError(f"{p}: region {x0:g},{y0:g},{x1:g},{y1:g} of floor '{rname}' holds no walls, "
                                 "rooms or outline (coordinates are drawing units, as the CAD program shows them)")
            check_extent(part, path=p, unit_code=code, units_given=given)
            report.imported("region", action="plan taken out of the sheet (its lower-left corner = origin)",
                            example=rname)
            drawings.append(part)
    # one frame for all floors; shift only when coordinates are far from the origin
    arrays = [pts for d in drawings for _, pts in d.walls] + [np.asarray(r.exterior.coords) for d in drawings for _, r in d.rooms]
    arrays += [np.asarray(o.exterior.coords) for d in drawings for o in d.outlines]
    shift = np.zeros(2)
    if arrays:
        allpts = np.concatenate(arrays)
        if np.abs(allpts).max() > 5_000:
            shift = np.floor(allpts.min(axis=0)) - 1.0
            report.warn("coordinates", f"far from the origin: shifted by ({-shift[0]:.0f}, {-shift[1]:.0f}) m")
    out_floors: list[Floor] = []
    telecoms: list[list[TelecomRoom]] = []
    for i, (drawing, fname) in enumerate(zip(drawings, names)):
        elev = float(elevations_m[i]) if elevations_m else round(i * floor_height_m, 2)
        floor, tr = _floor_from(drawing, name=fname, elevation_m=elev, height_m=floor_height_m, shift=shift, report=report,
                                max_wall_thickness_m=max_wall_thickness_m)
        out_floors.append(floor)
        telecoms.append(tr)
    out_floors = assign_telecom_rooms(out_floors, telecoms)
    comments: dict[tuple, str] = {}
    out_floors = place_telecom(out_floors, report, comments)
    code = settle_country(country, None, report, basis="")
    building = Building(name=name or paths[0].stem, country=code, floors=out_floors)
    return ImportResult(building, report, comments)


def _translate(geom, offset):
    return shapely.transform(geom, lambda xy: xy + offset)
