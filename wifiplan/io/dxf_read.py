"""DXF reading (ezdxf): files (with a hint for DWG), blocks expanded, curves flattened, units,
layers → a drawing of walls, rooms, outlines and text labels in metres."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from shapely.geometry import Polygon

from wifiplan.errors import ConfigError, InputError
from wifiplan.io.dxf_layers import (
    GENERIC_WALL,
    HEAVY_LINEWEIGHT,
    HEAVY_WALL_MATERIAL,
    MAX_BLOCK_DEPTH,
    SAGITTA_M,
    UNITS,
    LayerRule,
    default_layer_rules,
    rule_of,
    target_of,
)
from wifiplan.io.importcommon import polygon_parts
from wifiplan.io.importreport import ImportReport, Progress

__all__ = ["LABEL_LAYER", "Drawing", "read_dxf", "unit_factor", "collect", "list_layers", "check_extent"]

#: Layers whose texts name rooms (preferred over other texts inside a room).
LABEL_LAYER = re.compile(r"IDEN|NAME|NUMB|ROOM|AREA|SPACE|TEXT|ANNO|LABEL|室名|部屋|房名|房间", re.I)

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
    _refuse_dwg(p)
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


#: DWG version strings (the first 6 bytes of a .dwg) → AutoCAD release.
_DWG_RELEASES = {b"AC1014": "R14", b"AC1015": "2000", b"AC1018": "2004", b"AC1021": "2007", b"AC1024": "2010",
                 b"AC1027": "2013", b"AC1032": "2018"}


def _refuse_dwg(p: Path) -> None:
    """A DWG (AutoCAD's binary format) gets a hint on converting it, not "not a DXF file".

    No DWG reader on PyPI is both complete and well kept (``ezdwg`` calls itself a minimal
    parser), so wifiplan reads DXF only.
    """
    with open(p, "rb") as handle:
        magic = handle.read(6)
    if magic.startswith(b"AC10") or p.suffix.lower() == ".dwg":
        release = _DWG_RELEASES.get(magic, magic.decode("ascii", "replace") if magic.startswith(b"AC") else "unknown")
        raise InputError(
            f"{p}: a DWG drawing (AutoCAD {release}), not DXF; wifiplan reads DXF. Convert it first: "
            "in the CAD program use Save As → DXF, or the free ODA File Converter, or LibreDWG's "
            f"`dwg2dxf {p.name}`, then run `wifiplan import dxf` on the .dxf (check its units with --list-layers)")


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


def unit_factor(doc, units: str | None, path: Path, report: ImportReport) -> tuple[float, int, bool]:
    """Metres per drawing unit, the unit code used, and whether it came from ``--units``.

    Raises
    ------
    ConfigError
        If the drawing is unitless and no ``units`` are given, or the unit is not a length.
    """
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
        return float(ezunits.conversion_factor(code, ezunits.M)), code, units is not None
    except Exception:  # noqa: BLE001 - unsupported unit codes (e.g. light years)
        raise ConfigError(f"{path}: $INSUNITS={code} ({ezunits.unit_name(code)}) is not a length wifiplan "
                          f"handles; give --units {'|'.join(UNITS)}") from None


def _lineweight(e, doc) -> int:
    """The entity's line weight in 1/100 mm (BYLAYER resolved; -3 default and BYBLOCK → 0)."""
    lw = int(e.dxf.get("lineweight", -1))
    if lw == -1:
        try:
            lw = int(doc.layers.get(e.dxf.layer).dxf.get("lineweight", -3))
        except Exception:  # noqa: BLE001 - unknown layer
            lw = -3
    return max(lw, 0)


def check_extent(drawing: Drawing, *, path: Path, unit_code: int, units_given: bool) -> None:
    """Refuse a drawing whose size in metres is not a building's: wrong units (before writing anything).

    A floor plan spans 2 m to 2 km. Beyond that the units are wrong (a sheet drawn in
    millimetres with $INSUNITS = metres spans hundreds of km); the message names the
    ``--units`` that would give a plausible size, and ``--region`` for multi-plan sheets.

    Raises
    ------
    InputError
        If the walls, rooms and outlines span more than 2 km or less than 2 m.
    """
    from ezdxf import units as ezunits

    arrays = [pts for _, pts in drawing.walls] + [np.asarray(r.exterior.coords) for _, r in drawing.rooms]
    arrays += [np.asarray(o.exterior.coords) for o in drawing.outlines]
    if not arrays:
        return
    allp = np.concatenate(arrays)
    span = allp.max(axis=0) - allp.min(axis=0)
    ext = float(span.max())
    if MIN_EXTENT_M <= ext <= MAX_EXTENT_M:
        return
    here = float(ezunits.conversion_factor(unit_code, ezunits.M))
    said = f"--units {next((k for k, v in UNITS.items() if v == unit_code), unit_code)}" if units_given else \
        f"$INSUNITS = {ezunits.unit_name(unit_code)}"
    fits = []
    for name, code in UNITS.items():
        f = float(ezunits.conversion_factor(code, ezunits.M)) / here
        if code != unit_code and MIN_EXTENT_M <= ext * f <= MAX_EXTENT_M:
            # most likely first: the size closest to a typical building's 60 m
            fits.append((abs(np.log10(ext * f / 60.0)), f"--units {name} ({span[0] * f:,.1f} × {span[1] * f:,.1f} m)"))
    fits = [text for _, text in sorted(fits)]
    hint = ("; the size fits " + " or ".join(fits)) if fits else ""
    raise InputError(
        f"{path}: at {said} the drawing spans {span[0]:,.1f} × {span[1]:,.1f} m, not a building "
        f"(a floor spans {MIN_EXTENT_M:g} m to {MAX_EXTENT_M / 1000:g} km){hint}. Nothing was written. "
        "A sheet with several plans also needs --region x0,y0,x1,y1 or --floor NAME=x0,y0,x1,y1 per plan")


#: A drawing (or region) spanning less or more than this, m, has the wrong units.
MIN_EXTENT_M = 2.0
MAX_EXTENT_M = 2000.0


@dataclass
class Drawing:
    walls: list[tuple[str, np.ndarray]] = field(default_factory=list)  # (material, points m)
    rooms: list[tuple[str, Polygon]] = field(default_factory=list)  # (layer, polygon m)
    outlines: list[Polygon] = field(default_factory=list)
    labels: list[tuple[str, str, float, float]] = field(default_factory=list)  # (layer, text, x, y)


def collect(doc, rules: list[LayerRule], factor: float, report: ImportReport, progress: Progress, name: str) -> Drawing:
    msp = doc.modelspace()
    total = len(msp)
    sagitta = SAGITTA_M / factor
    out = Drawing()
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
        rule = rule_of(layer, rules)
        target = rule.target if rule is not None else None
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
        if rule.pattern == GENERIC_WALL and _lineweight(e, doc) >= HEAVY_LINEWEIGHT:
            target = HEAVY_WALL_MATERIAL
            report.guessed("wall", f"heavy line (≥ {HEAVY_LINEWEIGHT / 100:.2f} mm) on a generic wall layer: "
                           f"{HEAVY_WALL_MATERIAL} (masonry)", example=layer)
        out.walls.append((target, pts))
        report.imported(kind, action=f"wall: {target}")
    progress(f"{name}: entities", total, total)
    return out


def list_layers(path: str | Path, *, rules: list[LayerRule] | None = None) -> list[dict]:
    """Every layer with entity counts by type, its extent and the material or role it maps to.

    Returns rows ``{layer, entities, counts: {TYPE: n}, extent, maps_to}`` sorted by layer
    name; ``extent`` is ``(x0, y0, x1, y1)`` in drawing units (None for an empty layer) so
    that plans on a multi-plan sheet can be found for ``--region``; ``maps_to`` is None for
    layers the importer would skip.
    """
    from ezdxf import bbox

    doc = read_dxf(path)
    rules = (rules or []) + default_layer_rules()
    counts: dict[str, Counter] = defaultdict(Counter)
    members: dict[str, list] = defaultdict(list)
    for layer in doc.layers:
        counts[layer.dxf.name]
    for e in _walk(doc.modelspace()):
        layer = e.dxf.layer if e.dxf.hasattr("layer") else "0"
        counts[layer][e.dxftype()] += 1
        members[layer].append(e)
    rows = []
    for layer in sorted(counts):
        c = counts[layer]
        target = target_of(layer, rules)
        if c and set(c) <= _TEXTS:
            target = "room labels (text)"
        extent = None
        if members.get(layer):
            try:
                box = bbox.extents(members[layer], fast=True)
                if box.has_data:
                    extent = (box.extmin.x, box.extmin.y, box.extmax.x, box.extmax.y)
            except Exception:  # noqa: BLE001 - odd entities: no extent shown
                extent = None
        rows.append({"layer": layer, "entities": sum(c.values()), "counts": dict(sorted(c.items())),
                     "extent": extent, "maps_to": target})
    return rows
