"""Import IFC building models (ifcopenshell): storeys, walls with materials, doors, windows, spaces.

Mapping (docs/import.md):

* storeys → floors (elevation × the project's length unit; height = distance to the
  next storey, the last one keeps the height below it, or 3 m); storeys with no
  spaces, doors or windows (foundations) are skipped and reported;
* walls → 2-D centre lines: the long axis of the minimum rotated rectangle around the
  wall's geometry seen from above (straight walls: exact; curved or L-shaped walls: an
  approximation, reported); the material from the wall's layer set, each layer's name
  matched by keyword (:data:`MATERIAL_KEYWORDS`) and the layer with the highest 5 GHz
  loss in the shipped library wins (a brick-and-block wall is a block wall for RF);
* doors and windows → pieces of their host wall (found through the opening they fill,
  else the nearest wall) of ``wood-door``/``metal-door`` and ``glass``; curtain walls
  are ``glass``;
* spaces → zones: footprint of the space's geometry, use guessed from its long name
  (then its name), headcount = area / the use's ``occupancy_m2_per_person``; stairs,
  lifts and shafts become ``exclude`` areas; server/telecom/MDF/IDF/電気室 spaces become
  telecom rooms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon

from wifiplan.errors import InputError
from wifiplan.io.country import country_from_lonlat, country_from_text, settle_country
from wifiplan.io.importcommon import (
    assign_telecom_rooms,
    GRID_M,
    ZoneCandidate,
    clean_zones,
    guess_use,
    is_telecom,
    is_void,
    outline_from,
    place_telecom,
    polygon_parts,
    ring,
)
from wifiplan.io.importreport import ImportReport, ImportResult, Progress, no_progress
from wifiplan.model.building import Building, Floor, TelecomRoom, Wall

__all__ = ["MATERIAL_KEYWORDS", "material_for", "import_ifc", "DEFAULT_STOREY_HEIGHT_M"]

#: Height of the top storey when nothing is above it, m (a typical storey; assumption).
DEFAULT_STOREY_HEIGHT_M = 3.0

#: Layer/material name keywords → shipped material (first match per layer wins).
MATERIAL_KEYWORDS: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"\bair\b|insulat|membrane|vapou?r|damp|cavity|finish|paint|render|tile|carpet", re.I), None),
    (re.compile(r"gypsum|plaster|stud|drywall|board|gkb|石膏|ボード", re.I), "drywall"),
    (re.compile(r"low[- ]?e", re.I), "low-e-glass"),
    (re.compile(r"glass|glaz|curtain|ガラス", re.I), "glass"),
    (re.compile(r"block|cmu|masonry unit|ブロック", re.I), "concrete-block"),
    (re.compile(r"brick|clay|レンガ|煉瓦", re.I), "brick"),
    (re.compile(r"concrete|cast|precast|beton|rc\b|コンクリート", re.I), "concrete"),
    (re.compile(r"steel|metal|alumin|iron|鋼|金属", re.I), "metal"),
    (re.compile(r"wood|timber|oak|pine|plywood|木", re.I), "wood"),
    (re.compile(r"masonry|stone", re.I), "brick"),
]


def material_for(names: list[str], *, default: str = "drywall") -> tuple[str, bool]:
    """The shipped material for a wall made of layers called ``names``; (material, guessed).

    The layer with the highest 5 GHz loss wins; with no keyword match, ``default``
    (guessed = True).

    >>> material_for(["Plasterboard", "Metal - Stud Layer", "Plasterboard"])
    ('drywall', False)
    >>> material_for(["Masonry - Brick", "Misc. Air Layers - Air Space", "Masonry - Concrete Block"])
    ('concrete-block', False)
    """
    from wifiplan.library import load_library

    lib = load_library().materials
    found = []
    for name in names:
        for pattern, material in MATERIAL_KEYWORDS:
            if pattern.search(name or ""):
                if material is not None:
                    found.append(material)
                break
    if not found:
        return default, True
    return max(found, key=lambda m: (lib[m].loss_db["5"], m)), False


def _material_names(element) -> list[str]:
    import ifcopenshell.util.element as ue

    names: list[str] = []
    mat = ue.get_material(element, should_skip_usage=True)
    if mat is None:
        return names

    def add(m):
        if m is None:
            return
        if m.is_a("IfcMaterial"):
            names.append(m.Name or "")
        elif m.is_a("IfcMaterialLayerSet"):
            for layer in m.MaterialLayers or []:
                add(layer.Material)
            if getattr(m, "LayerSetName", None) and not names:
                names.append(m.LayerSetName)
        elif m.is_a("IfcMaterialLayer"):
            add(m.Material)
        elif m.is_a("IfcMaterialList"):
            for x in m.Materials or []:
                add(x)
        elif m.is_a("IfcMaterialConstituentSet"):
            for c in m.MaterialConstituents or []:
                add(c.Material)
        elif m.is_a("IfcMaterialProfileSet"):
            for pr in m.MaterialProfiles or []:
                add(pr.Material)

    add(mat)
    return names


@dataclass
class _WallAxis:
    element: object
    material: str
    a: np.ndarray
    b: np.ndarray
    thickness_m: float
    footprint: Polygon


def _xy_verts(shape) -> np.ndarray:
    v = np.asarray(shape.geometry.verts, dtype=float).reshape(-1, 3)
    return v


def _footprint(shape) -> Polygon | None:
    """Union of the triangles of a shape seen from above."""
    v = _xy_verts(shape)
    f = np.asarray(shape.geometry.faces, dtype=int).reshape(-1, 3)
    if len(f) == 0:
        return None
    tri = v[f][:, :, :2]
    area2 = np.abs((tri[:, 1, 0] - tri[:, 0, 0]) * (tri[:, 2, 1] - tri[:, 0, 1])
                   - (tri[:, 2, 0] - tri[:, 0, 0]) * (tri[:, 1, 1] - tri[:, 0, 1]))
    tri = tri[area2 > 1e-8]
    if len(tri) == 0:
        return None
    polys = shapely.polygons(tri)
    parts = polygon_parts(shapely.union_all(polys, grid_size=0.001))
    return parts[0] if parts else None


def _axis(verts_xy: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, Polygon]:
    rect = shapely.minimum_rotated_rectangle(MultiPoint(verts_xy))
    if rect.geom_type != "Polygon":
        coords = np.asarray(rect.coords)
        return coords[0], coords[-1], 0.0, rect.buffer(0.01)
    c = np.asarray(rect.exterior.coords)[:4]
    e0, e1 = np.linalg.norm(c[1] - c[0]), np.linalg.norm(c[2] - c[1])
    if e0 >= e1:  # long side c0→c1: centre line joins midpoints of the short sides c1c2, c3c0
        a, b, t = (c[3] + c[0]) / 2, (c[1] + c[2]) / 2, e1
    else:
        a, b, t = (c[0] + c[1]) / 2, (c[2] + c[3]) / 2, e0
    return a, b, float(t), rect


def _interval(axis: _WallAxis, verts_xy: np.ndarray) -> tuple[float, float] | None:
    d = axis.b - axis.a
    length = float(np.hypot(*d))
    if length < 1e-6:
        return None
    u = d / length
    t = (verts_xy - axis.a) @ u
    t0, t1 = float(np.clip(t.min(), 0, length)), float(np.clip(t.max(), 0, length))
    return (t0, t1) if t1 - t0 > 0.05 else None


def _cut_wall(axis: _WallAxis, openings: list[tuple[float, float, str]]) -> list[Wall]:
    d = axis.b - axis.a
    length = float(np.hypot(*d))
    u = d / length if length > 0 else d
    pieces: list[tuple[float, float, str]] = []
    pos = 0.0
    for t0, t1, mat in sorted(openings):
        t0 = max(t0, pos)
        if t1 <= t0:
            continue
        if t0 - pos > 0.01:
            pieces.append((pos, t0, axis.material))
        pieces.append((t0, t1, mat))
        pos = t1
    if length - pos > 0.01:
        pieces.append((pos, length, axis.material))
    walls = []
    for t0, t1, mat in pieces:
        p0 = np.round(axis.a + u * t0, 2) + 0.0
        p1 = np.round(axis.a + u * t1, 2) + 0.0
        if np.any(p0 != p1):
            walls.append(Wall(material=mat, path=[p0.tolist(), p1.tolist()]))
    return walls


def _open(path: Path):
    import ifcopenshell

    if not path.is_file():
        raise InputError(f"{path}: not found")
    try:
        return ifcopenshell.open(str(path))
    except Exception as err:  # noqa: BLE001 - ifcopenshell raises its own and RuntimeError types
        raise InputError(f"{path}: not a readable IFC file ({type(err).__name__}: {err})") from None


def import_ifc(path: str | Path, *, name: str | None = None, country: str | None = None,
               progress: Progress = no_progress) -> ImportResult:
    """Import an IFC file (IFC2X3/IFC4) into a building.

    Raises
    ------
    InputError
        If the file is not IFC or has no storeys with anything to import.
    """
    import ifcopenshell.geom
    import ifcopenshell.util.element as ue
    import ifcopenshell.util.unit as uu

    p = Path(path)
    model = _open(p)
    report = ImportReport(source=str(p))
    scale = float(uu.calculate_unit_scale(model))
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    storeys = sorted(model.by_type("IfcBuildingStorey"), key=lambda s: (float(s.Elevation or 0.0), s.id()))
    if not storeys:
        raise InputError(f"{p}: no IfcBuildingStorey; wifiplan imports buildings storey by storey")

    shape_cache: dict[int, object] = {}

    def shape_of(el):
        if el.id() not in shape_cache:
            try:
                shape_cache[el.id()] = ifcopenshell.geom.create_shape(settings, el)
            except Exception:  # noqa: BLE001 - no/odd representation
                shape_cache[el.id()] = None
        return shape_cache[el.id()]

    elevations = [float(s.Elevation or 0.0) * scale for s in storeys]
    total = sum(len(ue.get_decomposition(s)) for s in storeys)
    done = 0
    progress("elements", 0, total)
    floors: list[Floor] = []
    telecoms: list[list[TelecomRoom]] = []
    kept_elev: list[float] = []
    for si, storey in enumerate(storeys):
        elems = ue.get_decomposition(storey)
        walls = [e for e in elems if e.is_a("IfcWall") or e.is_a("IfcCurtainWall")]
        doors = [e for e in elems if e.is_a("IfcDoor")]
        windows = [e for e in elems if e.is_a("IfcWindow")]
        spaces = [e for e in elems if e.is_a("IfcSpace")]
        sname = (storey.Name or "").strip()[:100] or f"Storey {si + 1}"
        if not spaces and not doors and not windows:
            report.skipped("IfcBuildingStorey", "no spaces, doors or windows (foundation or roof?)", example=sname)
            done += len(elems)
            progress("elements", done, total)
            continue
        axes: list[_WallAxis] = []
        for w in walls:
            shp = shape_of(w)
            done += 1
            if shp is None:
                report.skipped(w.is_a(), "no usable geometry", example=w.Name)
                continue
            v = _xy_verts(shp)[:, :2]
            a, b, thick, rect = _axis(v)
            if w.is_a("IfcCurtainWall"):
                mat, guessed = "glass", False
            else:
                mat, guessed = material_for(_material_names(w) + [w.Name or ""])
            if guessed:
                report.guessed("IfcWall", f"material '{mat}' (no layer name matched)", example=w.Name)
            else:
                type_name = (w.Name or "").split(":")
                report.imported(w.is_a(), action=f"wall centre line: {mat}", example=type_name[min(1, len(type_name) - 1)][:60])
            hull = shapely.convex_hull(MultiPoint(v))
            if rect.area > 0 and hull.area < 0.85 * rect.area:
                report.warn("IfcWall", "not a straight wall: centre line approximated", example=w.Name)
            axes.append(_WallAxis(w, mat, a, b, thick, rect))
        by_id = {ax.element.id(): ax for ax in axes}
        cuts: dict[int, list[tuple[float, float, str]]] = {}
        for el in doors + windows:
            done += 1
            shp = shape_of(el)
            if shp is None:
                report.skipped(el.is_a(), "no usable geometry", example=el.Name)
                continue
            v = _xy_verts(shp)[:, :2]
            host = None
            for rel in getattr(el, "FillsVoids", None) or []:
                opening = rel.RelatingOpeningElement
                for vr in getattr(opening, "VoidsElements", None) or []:
                    host = by_id.get(vr.RelatingBuildingElement.id())
            if host is None and axes:
                c = Point(v.mean(axis=0))
                dist = [LineString([ax.a, ax.b]).distance(c) for ax in axes]
                k = int(np.argmin(dist))
                if dist[k] < axes[k].thickness_m / 2 + 0.3:
                    host = axes[k]
                    report.guessed(el.is_a(), "host wall = the nearest wall", example=el.Name)
            if host is None:
                report.skipped(el.is_a(), "no host wall found", example=el.Name)
                continue
            span = _interval(host, v)
            if span is None:
                report.skipped(el.is_a(), "does not overlap its wall", example=el.Name)
                continue
            if el.is_a("IfcWindow"):
                mat = "glass"
            else:
                text = " ".join(_material_names(el) + [el.Name or "", getattr(el, "ObjectType", None) or ""])
                mat = "metal-door" if re.search(r"steel|metal|alumin|fire|鋼", text, re.I) else "wood-door"
            cuts.setdefault(host.element.id(), []).append((span[0], span[1], mat))
            report.imported(el.is_a(), action=f"cut into its wall as {mat}")
        wall_models: list[Wall] = []
        for ax in sorted(axes, key=lambda x: x.element.id()):
            wall_models.extend(_cut_wall(ax, cuts.get(ax.element.id(), [])))
        cands: list[ZoneCandidate] = []
        excludes: list[list[list[float]]] = []
        trs: list[TelecomRoom] = []
        space_geoms = []
        for sp in spaces:
            done += 1
            shp = shape_of(sp)
            fp = _footprint(shp) if shp is not None else None
            label = " ".join(x for x in [(sp.Name or "").strip(), (sp.LongName or "").strip()] if x) or f"Space {sp.id()}"
            if fp is None or fp.area < 0.5:
                report.skipped("IfcSpace", "no footprint", example=label)
                continue
            fp = shapely.set_precision(Polygon(fp.exterior), GRID_M)
            space_geoms.append(fp)
            if is_void(sp.LongName, sp.Name):
                excludes.append(ring(fp))
                report.imported("IfcSpace", action="stair/lift/shaft → exclude area", example=label)
                continue
            use = guess_use(sp.LongName, sp.Name)
            if is_telecom(sp.LongName, sp.Name):
                trs.append(TelecomRoom(name=label[:200], kind="idf", at=_pt(fp.representative_point())))
                report.imported("IfcSpace", action="telecom room (from its name)", example=label)
                use = "warehouse"
            elif use is not None:
                report.guessed("IfcSpace", f"use '{use}' from its name", example=label)
            cands.append(ZoneCandidate(label, fp, use=use))  # use None: clean_zones reports the default
        progress("elements", done, total)
        everything = [ax.footprint for ax in axes] + space_geoms
        if not everything:
            report.skipped("IfcBuildingStorey", "no walls or spaces with geometry", example=sname)
            continue
        outline = _outline(everything, [LineString(w.path) for w in wall_models], report, sname)
        zones = clean_zones(cands, outline, report, entity="IfcSpace")
        floors.append(Floor(name=sname, elevation_m=round(elevations[si], 2), height_m=DEFAULT_STOREY_HEIGHT_M,
                            outline=ring(outline), walls=wall_models, zones=zones, exclude=excludes))
        kept_elev.append(elevations[si])
        telecoms.append(trs)
        report.imported("wall", len(wall_models), action=f"wall pieces on {sname}")
    if not floors:
        raise InputError(f"{p}: no storey has walls or spaces to import")
    # heights: to the next storey of the model (skipped storeys count: a roof caps the top floor)
    for i, f in enumerate(floors):
        above = [e for e in elevations if e > f.elevation_m + 0.5]
        if above:
            h = min(above) - f.elevation_m
        elif i > 0:
            h = floors[i - 1].height_m
        else:
            h = DEFAULT_STOREY_HEIGHT_M
        h = round(min(max(h, 2.0), 100.0), 2)
        floors[i] = f.model_copy(update={"height_m": h, "ap_height_m": min(f.ap_height_m, round(h - 0.1, 2))})
    names = {f.name for f in floors}
    if len(names) != len(floors):
        for i, f in enumerate(floors):
            floors[i] = f.model_copy(update={"name": f"{f.name} ({i + 1})"})
    floors = assign_telecom_rooms(floors, telecoms)
    report.imported("floor", len(floors))
    comments: dict[tuple, str] = {}
    floors = place_telecom(floors, report, comments)
    bname = name
    if not bname:
        b = model.by_type("IfcBuilding")
        bname = (b[0].Name if b and b[0].Name else None) or p.stem
    guess, basis = _ifc_country(model)
    code = settle_country(country, guess, report, basis=basis)
    return ImportResult(Building(name=str(bname)[:200], country=code, floors=floors), report, comments)


def _ifc_country(model) -> tuple[str | None, str]:
    """A country from the IfcBuilding/IfcSite postal address, else the site's RefLatitude/RefLongitude."""
    for kind, attr in (("IfcBuilding", "BuildingAddress"), ("IfcSite", "SiteAddress")):
        for ent in model.by_type(kind):
            addr = getattr(ent, attr, None)
            if addr is None:
                continue
            parts = [getattr(addr, "Country", None), getattr(addr, "Region", None), getattr(addr, "Town", None)]
            parts += list(getattr(addr, "AddressLines", None) or [])
            c = country_from_text(", ".join(str(x) for x in parts if x))
            if c:
                return c, f"the {kind} address"
    for site in model.by_type("IfcSite"):
        lat, lon = getattr(site, "RefLatitude", None), getattr(site, "RefLongitude", None)
        if lat and lon:
            def deg(c) -> float:
                c = list(c) + [0] * (4 - len(c))
                return float(c[0]) + float(c[1]) / 60 + float(c[2]) / 3600 + float(c[3]) / 3.6e9
            c = country_from_lonlat(deg(lon), deg(lat))
            if c:
                return c, "the IfcSite coordinates"
    return None, ""


def _outline(footprints: list, wall_lines: list, report: ImportReport, storey: str) -> Polygon:
    """Closing of the footprints (0.5 m), holes filled; the convex hull when that fails."""
    union = shapely.union_all(footprints)
    closed = union.buffer(0.5, join_style="mitre").buffer(-0.45, join_style="mitre")
    parts = polygon_parts(closed)
    if parts:
        outline = shapely.set_precision(shapely.simplify(Polygon(parts[0].exterior), 0.02), GRID_M)
        needed = shapely.union_all(wall_lines + [shapely.buffer(f, -0.05) for f in footprints])
        if outline.is_valid and outline.buffer(0.04).covers(needed):
            report.imported("outline", action="closing of wall and space footprints", example=storey)
            return outline
    report.guessed("outline", "convex hull of walls and spaces", example=storey)
    return outline_from(footprints, buffer_m=0.1)


def _pt(p: Point) -> list[float]:
    return [round(float(p.x), 2) + 0.0, round(float(p.y), 2) + 0.0]
