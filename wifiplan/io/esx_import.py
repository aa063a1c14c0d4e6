"""Ekahau project (``.esx``) → building and plan: floors, walls, areas, exclusions, APs, radios.

Reads Ekahau Pro 10.x and AI Pro 11.x projects (:mod:`wifiplan.io.esx_format` has the
format notes). Choices made here:

* coordinates: metres = (floor-plan unit − crop) × ``metersPerUnit``, with y flipped so
  metres grow upwards (``y_m = (cropMaxY − y) × metersPerUnit``);
* wall loss: ``attenuationFactor`` is read as dB per metre of the wall type's
  ``thickness`` (the XIQ importer's reading; the unit is undocumented, docs/import.md):
  loss per crossing = factor × thickness;
* exclusion areas → the floor's ``exclude``; attenuation areas → a closed wall around the
  area whose loss per crossing is the area type's ``attenuationFactor`` (an approximation:
  a path into the area crosses its edge once; the loss inside is not distance-weighted);
* every member is used or reported with its record count; an import that loses more
  than half of the walls, or whose floors come out smaller than 1 m or larger than
  2 km, is refused (a wrong scale or an unread wall encoding, not a building).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPoint, Polygon

from wifiplan.errors import InputError
from wifiplan.io.country import country_from_text, settle_country
from wifiplan.rf.channels import primary_channel
from wifiplan.io.esx_format import BAND_FROM_NAME, EsxArchive, channel_from_mhz, num, read_archive, segment_point_ids
from wifiplan.io.importcommon import ZoneCandidate, areal, clean_zones, guess_use, outline_from, place_telecom, ring
from wifiplan.io.importreport import ImportReport, ImportResult, Progress, no_progress
from wifiplan.model.building import Building, Floor, MaterialDef, Wall
from wifiplan.model.plan import AccessPoint, Plan, Radio

__all__ = ["import_esx", "USED_MEMBERS", "MAX_FLOOR_EXTENT_M", "MIN_FLOOR_EXTENT_M", "MIN_WALL_SHARE"]

#: JSON members the importer reads; others are reported with their record counts.
USED_MEMBERS = frozenset({
    "project", "floorPlans", "images", "buildings", "buildingFloors", "floorTypes", "wallTypes", "wallPoints",
    "wallSegments", "accessPoints", "simulatedRadios", "areas", "usageProfiles", "exclusionAreas",
    "attenuationAreas", "attenuationAreaTypes", "referencePoints",
})
#: A floor larger than this (m) means a wrong scale: the largest buildings are ~1.5 km long.
MAX_FLOOR_EXTENT_M = 2000.0
#: A floor smaller than this (m) means a wrong scale.
MIN_FLOOR_EXTENT_M = 1.0
#: Below this share of wall segments imported, the import is refused.
MIN_WALL_SHARE = 0.5


def _slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "wall"


class _Frames:
    """Floor-plan unit → metre transforms per floor plan id."""

    def __init__(self, archive: EsxArchive, report: ImportReport) -> None:
        self.frames: dict[str, tuple[float, float, float]] = {}
        for fp in archive.records("floorPlans"):
            if not isinstance(fp.get("id"), str):
                report.skipped("floorPlan", "no id", example=str(fp.get("name")))
                continue
            mpu = num(fp.get("metersPerUnit"))
            if not mpu or mpu <= 0:
                report.skipped("floorPlan", "no metersPerUnit (unscaled floor): set the scale in Ekahau first",
                               example=fp.get("name"))
                continue
            crop_x = num(fp.get("cropMinX"), 0.0) or 0.0
            crop_y_max = num(fp.get("cropMaxY"), num(fp.get("height"), 0.0)) or 0.0
            rot = fp.get("rotateUpDirection") or "UP"
            if rot != "UP":
                report.warn("floorPlan", f"rotateUpDirection {rot}: imported unrotated (frame turned)",
                            example=fp.get("name"))
            self.frames[fp["id"]] = (mpu, crop_x, crop_y_max)

    def to_m(self, fp_id: object, coord: object) -> list[float] | None:
        if not isinstance(coord, dict) or not isinstance(fp_id, str):
            return None
        fr = self.frames.get(fp_id)
        x, y = num(coord.get("x")), num(coord.get("y"))
        if fr is None or x is None or y is None:
            return None
        mpu, cx, cy = fr
        return [(x - cx) * mpu, (cy - y) * mpu]

    def polygon(self, fp_id: object, raw: object) -> Polygon | None:
        pts = [self.to_m(fp_id, c) for c in (raw if isinstance(raw, list) else [])]
        if len(pts) < 3 or any(q is None for q in pts):
            return None
        poly = Polygon(pts)
        poly = poly if poly.is_valid else areal(shapely.make_valid(poly))
        return poly if poly.area > 0 else None


def _material_factory(report: ImportReport, custom: dict[str, MaterialDef]):
    from wifiplan.library import load_library

    lib = load_library()

    def material_of(props: object, thick: float | None, label: str, kind: str, *, per_crossing: bool = False) -> str:
        loss: dict[str, float] = {}
        for pr in props if isinstance(props, list) else []:
            if not isinstance(pr, dict):
                continue
            band = BAND_FROM_NAME.get(str(pr.get("band")))
            factor = num(pr.get("attenuationFactor"))
            if band is None or factor is None:
                continue
            value = factor * thick if (thick and thick > 0 and not per_crossing) else factor
            if not 0 <= value <= 200:
                report.skipped(kind, f"loss {value:.0f} dB outside 0..200 dB: band ignored", example=label)
                continue
            loss[band] = round(value, 3)
        slug = _slug(label)
        if slug in lib.materials:
            libloss = lib.materials[slug].loss_db
            if not loss or all(abs(libloss[b] - v) < 0.05 for b, v in loss.items()):
                return slug
        if not loss:
            report.guessed(kind, "no per-band attenuation: drywall", example=label)
            return "drywall"
        for b in ("2.4", "5", "6"):
            loss.setdefault(b, loss.get("5") or next(iter(loss.values())))
        mname = f"esx-{slug}"
        how = "attenuationFactor per crossing" if per_crossing else "attenuationFactor × thickness (dB/m assumed)"
        custom[mname] = MaterialDef(loss_db={b: loss[b] for b in ("2.4", "5", "6")},
                                    source=f"Ekahau {kind} '{label}': {how}")
        report.imported(kind, action=f"custom material (loss = {how})", example=mname)
        return mname

    return material_of


def _radios(ap: dict, radios: list[dict], report: ImportReport) -> tuple[dict[str, Radio], float | None]:
    out: dict[str, Radio] = {}
    height = None
    for r in sorted(radios, key=lambda r: (num(r.get("accessPointIndex"), 0), str(r.get("id")))):
        if r.get("radioTechnology") not in (None, "IEEE802_11"):
            report.skipped("simulatedRadio", f"{r.get('radioTechnology')} radio (not Wi-Fi)", example=ap.get("name"))
            continue
        freqs = r.get("channelByCenterFrequencyDefinedNarrowChannels")
        chans = r.get("channel")
        if isinstance(freqs, list) and freqs and all(num(f) for f in freqs):
            band, ch, width = channel_from_mhz([float(f) for f in freqs])
        elif isinstance(chans, list) and chans and all(num(c) for c in chans):
            nums = [int(c) for c in chans]
            band = "2.4" if max(nums) <= 14 else "5"
            ch, width = int(round(float(np.mean(nums)))), 20 * len(nums)
        else:
            report.skipped("simulatedRadio", "no channel", example=ap.get("name"))
            continue
        if width not in (20, 40, 80, 160, 320) or not 1 <= ch <= 233:
            report.skipped("simulatedRadio", f"channel {ch} / {width} MHz not representable", example=ap.get("name"))
            continue
        if band in out:
            report.skipped("simulatedRadio", "second radio on the same band", example=ap.get("name"))
            continue
        power = float(min(max(num(r.get("transmitPower"), 17.0) or 17.0, -10.0), 40.0))
        ch = primary_channel(band, ch, width)  # the primary 20 MHz channel, as AP configurations show it
        out[band] = Radio(channel=ch, width_mhz=width, tx_power_dbm=round(power, 2), enabled=r.get("enabled", True) is not False)
        h = num(r.get("antennaHeight"))
        if h and h > 0:
            height = h
    return out, height


def import_esx(path: str | Path, *, name: str | None = None, country: str | None = None,
               progress: Progress = no_progress) -> ImportResult:
    """Import an Ekahau project: a building (floors, walls, areas, exclusions) and a plan (APs and radios).

    ``result.plan`` is a :class:`Plan` whose ``building`` field is left empty (the caller
    sets it relative to where the plan file is written). ``country`` (ISO alpha-2) wins
    over the guess from ``project.location``; without either the building gets the
    placeholder country that validate flags.

    Raises
    ------
    InputError
        If the file is not a ZIP, is unsafe (path traversal, zip bomb), is a pre-10
        project (``project.xml``), has no floor plans, loses most of its walls, or comes
        out at an implausible size.
    """
    archive = read_archive(path)
    p = archive.path
    report = ImportReport(source=str(p))
    proj = (archive.members.get("project.json") or {}).get("project") if isinstance(
        archive.members.get("project.json"), dict) else None
    schema = proj.get("schemaVersion") if isinstance(proj, dict) else None
    report.imported("project", action=f"Ekahau project: version {archive.version or '?'}, schema {schema or '?'}")
    for other in archive.other:
        report.skipped("member", "not used by wifiplan", example=other)
    for key, n in sorted(archive.record_counts().items()):
        if key not in USED_MEMBERS and n:
            report.skipped(key, "records not used by wifiplan", count=n)
    plans = archive.records("floorPlans")
    if not plans:
        raise InputError(f"{p}: no floorPlans.json records; is this an Ekahau .esx project?")
    bfloors = {r.get("floorPlanId"): r for r in archive.records("buildingFloors")}
    frames = _Frames(archive, report)
    to_m = frames.to_m
    # ---- floor order and elevations
    fps = [fp for fp in plans if fp.get("id") in frames.frames]
    position = {fp["id"]: k for k, fp in enumerate(fps)}
    fps.sort(key=lambda fp: (num((bfloors.get(fp["id"]) or {}).get("floorNumber"), 0.0), position[fp["id"]]))
    if not bfloors:
        report.guessed("floor", "no buildingFloors.json: floors stacked 3.5 m apart in file order", count=len(fps))
    floor_names: dict[str, str] = {}
    used: set[str] = set()
    elev = 0.0
    floor_meta = []
    for fp in fps:
        nm = str(fp.get("name") or "Floor").strip()[:190] or "Floor"
        base, k = nm, 2
        while nm in used:
            nm = f"{base} ({k})"
            k += 1
        used.add(nm)
        floor_names[fp["id"]] = nm
        bf = bfloors.get(fp["id"]) or {}
        height = num(bf.get("height"), 3.5) or 3.5
        if not 1.0 <= height <= 100.0:
            report.guessed("buildingFloor", f"height {height:g} m out of range: 3.5 m", example=nm)
            height = 3.5
        e = num(bf.get("elevation"))
        e = elev if e is None else e
        floor_meta.append((fp["id"], nm, e, height, bf.get("floorTypeId")))
        elev = e + height
    # ---- materials
    custom: dict[str, MaterialDef] = {}
    material_of = _material_factory(report, custom)
    wall_types = {wt.get("id"): material_of(wt.get("propagationProperties"), num(wt.get("thickness")),
                                            str(wt.get("name") or wt.get("key") or "wall"), "wallType")
                  for wt in archive.records("wallTypes")}
    floor_types = {ft.get("id"): material_of(ft.get("propagationProperties"), num(ft.get("thickness")),
                                             str(ft.get("name") or ft.get("key") or "slab"), "floorType")
                   for ft in archive.records("floorTypes")}
    # ---- walls: 11.x wallPoints [a, b] or 10.x point1Id / point2Id
    points = {}
    for wp in archive.records("wallPoints"):
        loc = wp.get("location") if isinstance(wp.get("location"), dict) else {}
        xy = to_m(loc.get("floorPlanId"), loc.get("coord"))
        if xy is not None:
            points[wp.get("id")] = (loc.get("floorPlanId"), xy)
    segs_by: dict[tuple[str, str], list] = defaultdict(list)
    all_segs = archive.records("wallSegments")
    for seg in all_segs:
        ids = segment_point_ids(seg)
        if ids is None or len(ids) != 2:
            report.skipped("wallSegment", "no wall point ids (neither wallPoints nor point1Id/point2Id)")
            continue
        if not all(isinstance(i, str) and i in points for i in ids):
            report.skipped("wallSegment", "wall point missing or on an unscaled floor")
            continue
        (fa, a), (fb, b) = points[ids[0]], points[ids[1]]
        if fa != fb or fa not in floor_names:
            report.skipped("wallSegment", "points on different or unknown floors")
            continue
        mat = wall_types.get(seg.get("wallTypeId"))
        if mat is None:
            mat = "drywall"
            report.guessed("wallSegment", "unknown wall type: drywall")
        segs_by[(fa, mat)].append((a, b))
    n_segs = sum(len(v) for v in segs_by.values())
    if all_segs and n_segs < MIN_WALL_SHARE * len(all_segs):
        reasons = "; ".join(f"{r.count} {r.action}" for r in report.sorted_rows() if r.entity == "wallSegment")
        raise InputError(f"{p}: only {n_segs} of {len(all_segs)} wall segments could be read ({reasons}); "
                         "nothing was written. If Ekahau opens this project, please report it with the file")
    # ---- attenuation areas → closed walls of the area type's loss
    att_types = {t.get("id"): material_of(t.get("propagationProperties"), None,
                                          str(t.get("name") or t.get("key") or "attenuation area"),
                                          "attenuationAreaType", per_crossing=True)
                 for t in archive.records("attenuationAreaTypes")}
    for aa in archive.records("attenuationAreas"):
        fp_id = aa.get("floorPlanId")
        poly = frames.polygon(fp_id, aa.get("area", aa.get("points")))
        if poly is None or fp_id not in floor_names or poly.geom_type != "Polygon":
            report.skipped("attenuationArea", "no polygon on a known floor", example=aa.get("name"))
            continue
        mat = att_types.get(aa.get("attenuationAreaTypeId"))
        if mat is None:
            report.skipped("attenuationArea", "unknown attenuation area type", example=aa.get("name"))
            continue
        c = np.asarray(poly.exterior.coords)
        segs_by[(fp_id, mat)].extend(zip(c[:-1].tolist(), c[1:].tolist()))
        report.imported("attenuationArea", action="closed wall around the area (loss per crossing)",
                        example=aa.get("name"))
    # ---- exclusion areas
    excl_by: dict[str, list[Polygon]] = defaultdict(list)
    for ex in archive.records("exclusionAreas"):
        fp_id = ex.get("floorPlanId")
        poly = frames.polygon(fp_id, ex.get("area", ex.get("points")))
        if poly is None or fp_id not in floor_names:
            report.skipped("exclusionArea", "no polygon on a known floor", example=ex.get("name"))
            continue
        excl_by[fp_id].append(poly)
    n_ref = len(archive.records("referencePoints"))
    if n_ref:
        report.skipped("referencePoint", "floor alignment points: floors are stacked on one frame instead", count=n_ref)
    # ---- APs and radios
    radios_by: dict[str, list[dict]] = defaultdict(list)
    for r in archive.records("simulatedRadios"):
        if isinstance(r.get("accessPointId"), str):
            radios_by[r["accessPointId"]].append(r)
    aps_by_floor: dict[str, list] = defaultdict(list)
    ap_models: list[AccessPoint] = []
    ap_names: set[str] = set()
    for ap in archive.records("accessPoints"):
        if ap.get("mine") is False:
            report.skipped("accessPoint", "not mine (surveyed neighbour)", example=ap.get("name"))
            continue
        loc = ap.get("location") if isinstance(ap.get("location"), dict) else {}
        fp_id = loc.get("floorPlanId")
        xy = to_m(fp_id, loc.get("coord"))
        if xy is None or fp_id not in floor_names:
            report.skipped("accessPoint", "not placed on a floor plan", example=ap.get("name"))
            continue
        radios, height = _radios(ap, radios_by.get(ap.get("id"), []), report)
        nm = str(ap.get("name") or "AP")[:90]
        base, k = nm, 2
        while nm in ap_names:
            nm = f"{base}-{k}"
            k += 1
        ap_names.add(nm)
        model_name = ap.get("model") if isinstance(ap.get("model"), str) else None
        ap_models.append(AccessPoint(name=nm, floor=floor_names[fp_id], at=[round(xy[0], 2) + 0.0, round(xy[1], 2) + 0.0],
                                     height_m=round(height, 2) if height else None, model=model_name, radios=radios))
        aps_by_floor[fp_id].append(xy)
    report.imported("accessPoint", len(ap_models))
    # ---- areas
    from wifiplan.library import load_library

    profiles = load_library().profiles
    areas_by: dict[str, list[ZoneCandidate]] = defaultdict(list)
    usage = {u.get("id"): str(u.get("name") or "") for u in archive.records("usageProfiles")}
    for ar in archive.records("areas"):
        fp_id = ar.get("floorPlanId")
        poly = frames.polygon(fp_id, ar.get("area"))
        if fp_id not in floor_names or poly is None:
            report.skipped("area", "no polygon on a known floor", example=ar.get("name"))
            continue
        items = [i for i in (ar.get("capacityItems") or []) if isinstance(i, dict)]
        head = min(100_000, max(0, int(sum(num(i.get("deviceCount"), 0.0) or 0.0 for i in items))))
        use = next((usage.get(i.get("usageProfileId")) for i in items
                    if usage.get(i.get("usageProfileId")) in profiles), None)
        label = str(ar.get("name") or "Area")
        if use is None:
            use = guess_use(label)  # None → clean_zones uses the default and counts the fallback
        areas_by[fp_id].append(ZoneCandidate(label[:200], poly, use=use, headcount=head if items else None))
    # ---- floors: a floor with little drawn on it takes the outline of the whole building
    every: list = [LineString([a, b]) for segs in segs_by.values() for a, b in segs]
    every += [c.geometry for cs in areas_by.values() for c in cs] + [MultiPoint(v) for v in aps_by_floor.values()]
    every += [g for gs in excl_by.values() for g in gs]
    site = outline_from(every, buffer_m=0.1) if every else None
    floors: list[Floor] = []
    for k, (fp_id, nm, e, height, ftype) in enumerate(floor_meta):
        progress("floors", k, len(floor_meta))
        walls: list[Wall] = []
        lines = []
        for (fa, mat), segs in sorted(segs_by.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            if fa != fp_id:
                continue
            merged = shapely.line_merge(shapely.MultiLineString([[a, b] for a, b in segs]))
            for line in shapely.get_parts(merged):
                c = (np.round(np.asarray(line.coords), 2) + 0.0).tolist()
                c = [c[0]] + [q for q0, q in zip(c, c[1:]) if q != q0]
                if len(c) >= 2:
                    walls.append(Wall(material=mat, path=c))
                    lines.append(LineString(c))
        cands = areas_by.get(fp_id, [])
        stuff = lines + [c.geometry for c in cands] + excl_by.get(fp_id, [])
        if aps_by_floor.get(fp_id):
            stuff.append(MultiPoint(aps_by_floor[fp_id]))
        if not stuff:
            report.skipped("floorPlan", "nothing on it (no walls, areas or APs)", example=nm)
            continue
        outline = outline_from(stuff, buffer_m=0.1)
        if site is not None and outline.area < 0.5 * site.area:
            outline = site
            report.guessed("outline", "little drawn: convex hull of all floors, buffered 0.1 m", example=nm)
        else:
            report.guessed("outline", "convex hull of walls, areas and APs, buffered 0.1 m", example=nm)
        minx, miny, maxx, maxy = outline.bounds
        extent = max(maxx - minx, maxy - miny)
        if not MIN_FLOOR_EXTENT_M <= extent <= MAX_FLOOR_EXTENT_M:
            raise InputError(f"{p}: floor '{nm}' would be {maxx - minx:,.1f} × {maxy - miny:,.1f} m, not a plausible "
                             "building; check the floor plan's scale (metersPerUnit) in Ekahau. Nothing was written")
        exclude = []
        for g in excl_by.get(fp_id, []):
            g = areal(shapely.intersection(shapely.set_precision(g, 0.01), outline, grid_size=0.01))
            for part in shapely.get_parts(g):
                if part.area >= 0.5 and not part.interiors:
                    exclude.append(part)
        if exclude:
            report.imported("exclusionArea", len(exclude), action=f"exclude areas on {nm}")
            taken = shapely.union_all(exclude)
            cands = [ZoneCandidate(c.name, areal(shapely.difference(c.geometry, taken)), c.use, c.headcount, c.source)
                     for c in cands]
        zones = clean_zones(cands, outline, report, entity="area") if cands else []
        slab = floor_types.get(ftype, "concrete-slab")
        floors.append(Floor(name=nm, elevation_m=round(e, 2), height_m=round(height, 2),
                            ap_height_m=min(2.7, round(height - 0.05, 2)), slab=slab, outline=ring(outline),
                            walls=walls, zones=zones, exclude=[ring(g) for g in exclude]))
        report.imported("wallSegment", sum(len(w.path) - 1 for w in walls), action=f"walls on {nm}")
    if not floors:
        raise InputError(f"{p}: no floor has anything to import")
    kept = {f.name for f in floors}
    ap_models = [a for a in ap_models if a.floor in kept]
    comments: dict[tuple, str] = {}
    floors = place_telecom(floors, report, comments)
    used_custom = {w.material for f in floors for w in f.walls} | {f.slab for f in floors}
    materials = {k: v for k, v in custom.items() if k in used_custom}
    project = archive.members.get("project.json")
    project = project.get("project") if isinstance(project, dict) else None
    project = project if isinstance(project, dict) else {}
    pname = project.get("name")
    bname = name or (pname if isinstance(pname, str) and pname.strip() else None) or p.stem
    code = settle_country(country, country_from_text(project.get("location") if isinstance(project.get("location"), str)
                                                    else None), report, basis="the project location")
    building = Building(name=str(bname)[:200], country=code, floors=floors, materials=materials)
    return ImportResult(building, report, comments, plan=Plan(aps=ap_models))
