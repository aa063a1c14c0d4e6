"""Import DXF floor plans (ezdxf): walls by layer → material, rooms from closed polylines + labels.

One DXF file is one floor. Units come from the header ``$INSUNITS`` (or the caller's
``units`` when the drawing is unitless). Layers map to materials with regular
expressions: the defaults follow the US National CAD Standard / AIA layer names
(``A-WALL``, ``A-GLAZ``, ``A-DOOR``, ``S-COLS`` ...) and the caller's
rules come first. Curves (arcs, circles, bulges, splines) are flattened to 2 cm;
block references are expanded recursively (entities on layer ``0`` inside a block take
the layer of the reference, as CAD programs draw them).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon

from wifiplan.errors import ConfigError, InputError
from wifiplan.io.importcommon import (
    assign_telecom_rooms,
    GRID_M,
    ZoneCandidate,
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
    "LayerRule",
    "default_layer_rules",
    "parse_layer_map",
    "read_dxf",
    "list_layers",
    "import_dxf",
]

#: ``--units`` names → ezdxf unit codes ($INSUNITS: IN=1, FT=2, MM=4, CM=5, M=6).
UNITS = {"in": 1, "ft": 2, "mm": 4, "cm": 5, "m": 6}

#: Layer roles besides materials: room outlines, the floor outline, and ignored layers.
ROLES = ("room", "outline", "ignore")

#: Curves are flattened so no chord strays more than this from the arc, m.
SAGITTA_M = 0.02

#: Deepest block nesting expanded.
MAX_BLOCK_DEPTH = 16

#: Layers whose texts name rooms (preferred over other texts inside a room).
_LABEL_LAYER = re.compile(r"IDEN|NAME|NUMB|ROOM|AREA|SPACE|TEXT|ANNO|LABEL|室名|部屋", re.I)


@dataclass(frozen=True)
class LayerRule:
    """A layer-name pattern (regex, case-insensitive, searched) and the material or role it gets."""

    pattern: str
    target: str

    def matches(self, layer: str) -> bool:
        return re.search(self.pattern, layer, re.IGNORECASE) is not None


def default_layer_rules(*, wall_material: str = "drywall") -> list[LayerRule]:
    """The shipped layer map (first match wins); ``wall_material`` is the generic A-WALL material.

    AIA/NCS names: ``A-AREA*``/``*ROOM*``/``*SPACE*`` rooms, outline
    layers, exterior walls (``*EXT*``) concrete, ``A-GLAZ`` glass, ``A-DOOR`` wood doors,
    structure (``S-COLS``, ``S-WALL``, cores) concrete, lifts and shafts
    ``elevator-shaft``, partial-height walls and panels ``cubicle``, other ``*WALL*``
    layers ``wall_material``. Text-only layers (``*IDEN*``, ``*TEXT*``) carry room labels.
    """
    return [
        LayerRule(r"OUTL|OTLN|OUTLINE|FOOTPRINT|BOUNDARY|GROS|外形|外周", "outline"),
        LayerRule(r"IDEN|TEXT|ANNO|DIMS|NOTE|SYMB|GRID|FURN|EQPM|FIXT|PLUM|HATCH|PATT|TTLB", "ignore"),
        LayerRule(r"^A-AREA|ROOM|SPACE|部屋|室", "room"),
        LayerRule(r"ELEV|LIFT|SHAFT|ＥＶ|エレベ|昇降", "elevator-shaft"),
        LayerRule(r"DOOR|扉|ドア|建具", "wood-door"),
        LayerRule(r"GLAZ|GLASS|WIND|CURT|ガラス|窓", "glass"),
        LayerRule(r"EXT|EXTR|EXTERIOR|外壁", "concrete"),
        LayerRule(r"^S-|COLS|COLM|COLUMN|CORE|STRU|躯体|柱|RC", "concrete"),
        LayerRule(r"PRHT|PART|CUBI|PNLS|パーテ|間仕切", "cubicle"),
        LayerRule(r"WALL|壁", wall_material),
    ]


def parse_layer_map(items: list[str]) -> list[LayerRule]:
    """Rules from ``REGEX=material`` strings (``--layer-map``), checked against the library.

    Raises
    ------
    ConfigError
        If an item has no ``=``, the regex is invalid, or the material is unknown.
    """
    from wifiplan.library import load_library, suggest

    known = set(load_library().materials) | set(ROLES)
    out = []
    for item in items:
        if "=" not in item:
            raise ConfigError(f"--layer-map {item!r}: write REGEX=material, e.g. 'A-WALL-CONC=concrete'")
        pattern, target = item.rsplit("=", 1)
        pattern, target = pattern.strip(), target.strip()
        try:
            re.compile(pattern)
        except re.error as err:
            raise ConfigError(f"--layer-map {item!r}: bad regular expression ({err})") from None
        if target not in known:
            guess = suggest(target, sorted(known))
            hint = f"; did you mean '{guess}'?" if guess else f"; use a material ({', '.join(sorted(known - set(ROLES)))}) or {', '.join(ROLES)}"
            raise ConfigError(f"--layer-map {item!r}: unknown material '{target}'{hint}")
        out.append(LayerRule(pattern, target))
    return out


def _target(layer: str, rules: list[LayerRule]) -> str | None:
    for rule in rules:
        if rule.matches(layer):
            return rule.target
    return None


# ----------------------------------------------------------------------------- reading


def read_dxf(path: str | Path, report: ImportReport | None = None):
    """Open a DXF, falling back to ezdxf's recover mode for damaged files.

    Raises
    ------
    InputError
        If the file is missing or not a DXF even in recover mode.
    """
    import ezdxf
    from ezdxf import recover

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: not found")
    try:
        return ezdxf.readfile(p)
    except OSError as err:
        raise InputError(f"{p}: cannot read ({err})") from None
    except Exception:  # noqa: BLE001 - ezdxf raises many types on damaged files: try recover mode
        pass
    try:
        doc, auditor = recover.readfile(p)
    except Exception as err:  # noqa: BLE001
        raise InputError(f"{p}: not a readable DXF file, even in recover mode ({type(err).__name__}: {err})") from None
    if report is not None:
        report.warn("file", f"damaged DXF read in recover mode ({len(auditor.fixes)} fixes, {len(auditor.errors)} errors)",
                    example=p.name)
    return doc


def _walk(entities, *, layer: str | None = None, depth: int = 0, report: ImportReport | None = None) -> Iterator:
    """Entities with block references expanded recursively; layer-0 children inherit."""
    for e in entities:
        if layer is not None and e.dxf.hasattr("layer") and e.dxf.layer == "0":
            e.dxf.layer = layer
        if e.dxftype() == "INSERT":
            if depth >= MAX_BLOCK_DEPTH:
                if report is not None:
                    report.skipped("INSERT", f"nested deeper than {MAX_BLOCK_DEPTH} blocks")
                continue
            try:
                children = list(e.virtual_entities())
            except Exception as err:  # noqa: BLE001 - ezdxf raises various errors on odd blocks
                if report is not None:
                    report.skipped("INSERT", f"block could not be expanded ({type(err).__name__})", example=e.dxf.name)
                continue
            if report is not None:
                report.imported("INSERT", action="block expanded", example=e.dxf.name)
            yield from _walk(children, layer=e.dxf.layer, depth=depth + 1, report=report)
        else:
            yield e


_CURVES = {"LINE", "LWPOLYLINE", "POLYLINE", "ARC", "CIRCLE", "ELLIPSE", "SPLINE"}
_TEXTS = {"TEXT", "MTEXT"}


def _flatten(e, sagitta: float) -> tuple[np.ndarray, bool] | None:
    """2-D points of a curve entity (drawing units) and whether it is closed."""
    from ezdxf import path as ezpath

    kind = e.dxftype()
    if kind == "LINE":
        s, t = e.dxf.start, e.dxf.end
        return np.array([[s.x, s.y], [t.x, t.y]], float), False
    if kind == "POLYLINE" and (e.is_polygon_mesh or e.is_poly_face_mesh):
        return None
    try:
        p = ezpath.make_path(e)
    except Exception:  # noqa: BLE001
        return None
    pts = np.array([(v.x, v.y) for v in p.flattening(distance=sagitta)], float)
    if len(pts) < 2:
        return None
    closed = kind == "CIRCLE" or bool(getattr(e, "closed", False)) or bool(getattr(e, "is_closed", False))
    if kind == "ELLIPSE" or kind == "SPLINE":
        closed = bool(np.allclose(pts[0], pts[-1]))
    if closed and not np.allclose(pts[0], pts[-1]):
        pts = np.vstack([pts, pts[:1]])
    return pts, closed


def _text(e) -> tuple[str, tuple[float, float]] | None:
    try:
        if e.dxftype() == "MTEXT":
            text = e.plain_text()
        else:
            text = e.dxf.text
            if "%%" in text:
                text = re.sub(r"%%[a-zA-Z]", "", text)
        ins = e.dxf.insert
        if e.dxftype() == "TEXT" and (e.dxf.get("halign", 0) or e.dxf.get("valign", 0)) and e.dxf.hasattr("align_point"):
            ins = e.dxf.align_point  # aligned text: the insert point is ignored by CAD programs
    except Exception:  # noqa: BLE001
        return None
    text = " ".join(str(text).split())
    return (text, (ins.x, ins.y)) if text else None


def _declares_units(path: Path) -> bool:
    """Whether the file itself sets $INSUNITS (ezdxf fills in a default of metres when it doesn't;
    R12 files never have it)."""
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            window = tail + chunk
            if b"$INSUNITS" in window:
                return True
            if b"ENTITIES" in window:  # the header section comes first
                return False
            tail = window[-16:]
    return False


def _unit_factor(doc, units: str | None, path: Path, report: ImportReport) -> float:
    from ezdxf import units as ezunits

    code = int(doc.units or 0) if _declares_units(path) else 0
    if units is not None:
        if units not in UNITS:
            raise ConfigError(f"--units {units!r}: use one of {', '.join(UNITS)}")
        given = UNITS[units]
        if code and code != given:
            report.warn("file", f"$INSUNITS says {ezunits.unit_name(code)}, --units {units} wins", example=path.name)
        code = given
    if not code:
        raise ConfigError(
            f"{path}: the drawing has no units ($INSUNITS is 0 = unitless); give them with "
            f"--units {'|'.join(UNITS)}"
        )
    try:
        return float(ezunits.conversion_factor(code, ezunits.M))
    except Exception:  # noqa: BLE001 - unsupported unit codes (e.g. light years)
        raise ConfigError(f"{path}: $INSUNITS={code} ({ezunits.unit_name(code)}) is not a length wifiplan "
                          f"handles; give --units {'|'.join(UNITS)}") from None


@dataclass
class _Drawing:
    walls: list[tuple[str, np.ndarray]] = field(default_factory=list)  # (material, points m)
    rooms: list[tuple[str, Polygon]] = field(default_factory=list)  # (layer, polygon m)
    outlines: list[Polygon] = field(default_factory=list)
    labels: list[tuple[str, str, float, float]] = field(default_factory=list)  # (layer, text, x, y)


def _collect(doc, rules: list[LayerRule], factor: float, report: ImportReport, progress: Progress, name: str) -> _Drawing:
    msp = doc.modelspace()
    total = len(msp)
    sagitta = SAGITTA_M / factor
    out = _Drawing()
    hidden = {layer.dxf.name for layer in doc.layers if layer.is_off() or layer.is_frozen()}
    for k, e in enumerate(_walk(msp, report=report)):
        if k % 2000 == 0:
            progress(f"{name}: entities", min(k, total), total)
        kind = e.dxftype()
        layer = e.dxf.layer if e.dxf.hasattr("layer") else "0"
        if layer in hidden:
            report.skipped(kind, "layer is off or frozen", example=layer)
            continue
        if kind in _TEXTS:
            t = _text(e)
            if t and np.isfinite(t[1]).all():
                out.labels.append((layer, t[0], t[1][0] * factor, t[1][1] * factor))
            continue
        if kind not in _CURVES:
            report.skipped(kind, "entity type not used (not a line, curve or text)", example=layer)
            continue
        target = _target(layer, rules)
        if target is None:
            report.skipped(kind, "layer not mapped to a material (see --list-layers, --layer-map)", example=layer)
            continue
        if target == "ignore":
            report.skipped(kind, "layer ignored (annotation/furniture)", example=layer)
            continue
        flat = _flatten(e, sagitta)
        if flat is None:
            report.skipped(kind, "could not be flattened (mesh or bad geometry)", example=layer)
            continue
        pts, closed = flat
        pts = pts * factor
        if not np.isfinite(pts).all() or np.abs(pts).max() > 1e7:
            report.skipped(kind, "coordinates not finite or beyond 10,000 km", example=layer)
            continue
        if target in ("room", "outline"):
            if not closed or len(pts) < 4:
                if target == "room":
                    report.skipped(kind, "open line on a room layer (rooms need closed polylines)", example=layer)
                continue
            poly = Polygon(pts)
            for part in polygon_parts(poly, min_area_m2=0.5):
                (out.rooms.append((layer, part)) if target == "room" else out.outlines.append(part))
            continue
        if target == "wood-door" and kind == "ARC":
            report.skipped(kind, "door swing arc (not a wall)", example=layer)
            continue
        out.walls.append((target, pts))
        report.imported(kind, action=f"wall: {target}")
    progress(f"{name}: entities", total, total)
    return out


def list_layers(path: str | Path, *, rules: list[LayerRule] | None = None) -> list[dict]:
    """Every layer with entity counts by type and the material or role it maps to.

    Returns rows ``{layer, entities, counts: {TYPE: n}, maps_to}`` sorted by layer name;
    ``maps_to`` is None for layers the importer would skip.
    """
    doc = read_dxf(path)
    rules = (rules or []) + default_layer_rules()
    counts: dict[str, Counter] = defaultdict(Counter)
    for layer in doc.layers:
        counts[layer.dxf.name]
    for e in _walk(doc.modelspace()):
        counts[e.dxf.layer if e.dxf.hasattr("layer") else "0"][e.dxftype()] += 1
    rows = []
    for layer in sorted(counts):
        c = counts[layer]
        target = _target(layer, rules)
        if c and set(c) <= _TEXTS:
            target = "room labels (text)"
        rows.append({"layer": layer, "entities": sum(c.values()), "counts": dict(sorted(c.items())), "maps_to": target})
    return rows


# ----------------------------------------------------------------------------- floor


def _room_name(poly: Polygon, labels: list[tuple[str, str, float, float]], tree, label_pts) -> str | None:
    if tree is None:
        return None
    idx = tree.query(poly, predicate="contains_properly").tolist()
    if not idx:
        return None
    inside = [labels[i] for i in sorted(idx)]
    preferred = [lab for lab in inside if _LABEL_LAYER.search(lab[0])] or inside
    preferred.sort(key=lambda lab: (-lab[3], lab[2]))  # top to bottom, left to right
    texts = []
    for lab in preferred:
        if lab[1] not in texts:
            texts.append(lab[1])
    return " ".join(texts[:2])[:200] or None


def _floor_from(drawing: _Drawing, *, name: str, elevation_m: float, height_m: float, shift: np.ndarray,
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
    name: str | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import DXF floor plans, one file per floor, into a building.

    Parameters
    ----------
    paths
        DXF files, bottom floor first.
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

    Raises
    ------
    ConfigError
        If units are missing, a layer-map rule is bad, or floors/elevations don't match the files.
    InputError
        If a file is unreadable or has nothing to import.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise ConfigError("give at least one DXF file")
    floors = list(floors or [])
    if floors and len(floors) != len(paths):
        raise ConfigError(f"--floor given {len(floors)} time(s) for {len(paths)} file(s); give one per file or none")
    if elevations_m and len(elevations_m) != len(paths):
        raise ConfigError(f"--elevation given {len(elevations_m)} time(s) for {len(paths)} file(s); give one per file or none")
    names = floors or [p.stem for p in paths]
    if len(set(names)) != len(names):
        raise ConfigError(f"floor names must differ ({', '.join(names)}); name them with --floor")
    rules = parse_layer_map(layer_map or []) + default_layer_rules(wall_material=wall_material)
    report = ImportReport(source=", ".join(str(p) for p in paths))
    drawings = []
    for p, fname in zip(paths, names):
        doc = read_dxf(p, report)
        factor = _unit_factor(doc, units, p, report)
        drawings.append(_collect(doc, rules, factor, report, progress, fname))
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
    building = Building(name=name or paths[0].stem, floors=out_floors)
    return ImportResult(building, report, comments)


def _translate(geom, offset):
    return shapely.transform(geom, lambda xy: xy + offset)

