"""Ekahau project (``.esx``) export and import: floor images, wall types, walls, APs, radios, areas.

Structure and field names follow interop.md §2a (a ZIP of JSON members, one top-level
list each, records joined by UUID; sources: protolabo/plugin-revit docs/docs.md,
nimbo78/EkahauBOM, timjsmith24/XIQ_Ekahau_Importer). Choices made here:

* coordinates: pixels, origin top-left, y down; metres = (pixel − crop) × scale ×
  ``metersPerUnit`` (XIQ importer's UP case), with y flipped so metres grow upwards
  (``y_m = (cropMaxY − y) × scale × metersPerUnit``). Exported floors all share one
  image frame whose bottom-left corner is the building's (0, 0) when coordinates are
  non-negative, so a round trip keeps coordinates;
* wall loss: ``attenuationFactor`` is read as dB per metre of the wall type's
  ``thickness`` (the XIQ importer's reading; the unit is undocumented, interop.md):
  loss per crossing = factor × thickness. Export writes factor = loss / thickness with
  the material's library thickness, so our own files round-trip exactly;
* radios: ``channelByCenterFrequencyDefinedNarrowChannels`` (20 MHz centres, MHz;
  width = 20 × count) and the older ``channel`` list are both written and read;
  ``transmitPower`` is dBm, ``antennaHeight`` m above the floor;
* areas carry one capacity item whose ``deviceCount`` is the zone's headcount.
"""

from __future__ import annotations

import io
import json
import math
import re
import uuid
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPoint, Polygon

from wifiplan.errors import InputError
from wifiplan.io.importcommon import ZoneCandidate, clean_zones, guess_use, outline_from, place_telecom, ring
from wifiplan.io.importreport import ImportReport, ImportResult, Progress, no_progress
from wifiplan.io.safezip import open_zip, read_member
from wifiplan.model.building import Building, Floor, MaterialDef, Wall
from wifiplan.model.plan import AccessPoint, Plan, Radio

__all__ = [
    "BAND_NAMES",
    "EXPORT_MEMBERS",
    "export_esx",
    "import_esx",
    "channel_from_mhz",
    "narrow_channels_mhz",
]

#: Our band keys ↔ Ekahau's ``band`` / ``frequencyBand`` names.
BAND_NAMES = {"2.4": "TWO", "5": "FIVE", "6": "SIX"}
_BAND_FROM_NAME = {v: k for k, v in BAND_NAMES.items()}
#: First 20 MHz channel centre (channel 0), MHz, per band (IEEE 802.11; 2.4 GHz ch 14 = 2484).
_BASE_MHZ = {"2.4": 2407.0, "5": 5000.0, "6": 5950.0}
#: Radio slot per band in ``accessPointIndex``.
_SLOT = {"2.4": 0, "5": 1, "6": 2}

#: Members written by :func:`export_esx` (plus one ``image-<id>`` per floor).
EXPORT_MEMBERS = (
    "version", "project.json", "buildings.json", "buildingFloors.json", "floorTypes.json",
    "floorPlans.json", "images.json", "wallTypes.json", "wallPoints.json", "wallSegments.json",
    "accessPoints.json", "simulatedRadios.json", "areas.json", "usageProfiles.json", "deviceProfiles.json",
)
#: Schema version written to project.json (as seen in an 11.6 export, interop.md §2a).
SCHEMA_VERSION = "1.8.0"
#: Largest image side, px; the scale is coarsened for big floors.
MAX_IMAGE_PX = 2500
_NS = uuid.UUID("6f1c1d2e-8c1b-4f57-9a59-2b2f8e0d7a11")
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def _uid(*parts: object) -> str:
    return str(uuid.uuid5(_NS, "/".join(str(p) for p in parts)))


def narrow_channels_mhz(band: str, channel: int, width_mhz: int) -> list[float]:
    """The 20 MHz centre frequencies (MHz) a bonded channel covers.

    >>> narrow_channels_mhz("5", 42, 80) == narrow_channels_mhz("5", 36, 80) == [5180.0, 5200.0, 5220.0, 5240.0]
    True
    >>> narrow_channels_mhz("2.4", 14, 20)
    [2484.0]
    """
    from wifiplan.rf.channels import centre_channel  # primary (36) or centre (42) numbers read the same

    channel = centre_channel(band, channel, width_mhz)
    centre = 2484.0 if (band == "2.4" and channel == 14) else _BASE_MHZ[band] + 5.0 * channel
    n = max(1, int(width_mhz) // 20)
    return [centre - 10.0 * (n - 1) + 20.0 * k for k in range(n)]


def channel_from_mhz(freqs_mhz: list[float]) -> tuple[str, int, int]:
    """(band, centre channel number, width MHz) from a list of 20 MHz centre frequencies.

    >>> channel_from_mhz([5180, 5200, 5220, 5240]), channel_from_mhz([2437]), channel_from_mhz([5955])
    (('5', 42, 80), ('2.4', 6, 20), ('6', 1, 20))
    """
    centre = float(np.mean(freqs_mhz))
    band = "2.4" if centre < 3000 else ("5" if centre < 5930 else "6")
    if band == "2.4" and abs(centre - 2484) < 1:
        return band, 14, 20
    return band, int(round((centre - _BASE_MHZ[band]) / 5.0)), 20 * len(freqs_mhz)


# ============================================================================ export


def _render_png(floor: Floor, colors: dict[str, str], x0: float, y_top: float, mpu: float, w: int, h: int) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    dpi = 100
    fig = plt.figure(figsize=(w / dpi, h / dpi), dpi=dpi)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(x0, x0 + w * mpu)
    ax.set_ylim(y_top - h * mpu, y_top)
    ax.set_axis_off()
    fig.patch.set_facecolor("white")
    out = np.asarray(floor.outline + [floor.outline[0]], float)
    ax.fill(out[:, 0], out[:, 1], color="#f4f4f4", zorder=0)
    ax.plot(out[:, 0], out[:, 1], color="#999999", linewidth=0.8, zorder=1)
    if floor.zones:
        rings = [np.asarray(z.polygon + [z.polygon[0]], float) for z in floor.zones]
        ax.add_collection(LineCollection(rings, colors="#cfd8e3", linewidths=0.5, zorder=1))
    segs, mats = [], []
    for wall in floor.walls:
        p = np.asarray(wall.path, float)
        for a, b in zip(p[:-1], p[1:]):
            segs.append([a, b])
            mats.append(colors.get(wall.material, "#555555"))
    if segs:
        ax.add_collection(LineCollection(segs, colors=mats, linewidths=1.5, zorder=2))
    buf = io.BytesIO()
    # fast zlib level: the images are large and mostly white; speed matters more than bytes
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    plt.close(fig)
    return buf.getvalue()


def _frame(building: Building, plan: Plan, px_per_m: float) -> tuple[float, float, float, int, int]:
    pts = [np.asarray(f.outline, float) for f in building.floors]
    pts += [np.asarray(w.path, float) for f in building.floors for w in f.walls]
    pts += [np.asarray([ap.at for ap in plan.aps], float).reshape(-1, 2)]
    allp = np.concatenate([p.reshape(-1, 2) for p in pts if p.size])
    minx, miny = allp.min(axis=0)
    maxx, maxy = allp.max(axis=0)
    x0 = 0.0 if minx >= 0 else math.floor(minx - 1.0)
    y0 = 0.0 if miny >= 0 else math.floor(miny - 1.0)
    ext = max(maxx - x0, maxy - y0) + 1.0
    mpu = max(1.0 / px_per_m, ext / MAX_IMAGE_PX)
    w = int(math.ceil((maxx - x0 + 1.0) / mpu))
    h = int(math.ceil((maxy - y0 + 1.0) / mpu))
    return x0, y0 + h * mpu, mpu, w, h


def _dump(key: str, items: list[dict]) -> bytes:
    return json.dumps({key: items}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def export_esx(plan: Plan, building: Building, *, px_per_m: float = 20.0, progress: Progress = no_progress) -> bytes:
    """An Ekahau project (ZIP bytes) with the building's floors, walls and zones and the plan's APs.

    Deterministic: ids are UUIDv5 of names, members are written in a fixed order with a
    fixed timestamp.

    Raises
    ------
    ConfigError
        If a material cannot be resolved (unknown name).
    """
    from wifiplan.library import load_library
    from wifiplan.model.resolve import resolve_materials

    lib = load_library()
    losses = resolve_materials(building)
    losses.update({k: dict(v) for k, v in plan.settings.materials.items() if k in losses})
    x0, y_top, mpu, w_px, h_px = _frame(building, plan, px_per_m)

    def px(p) -> dict[str, float]:
        return {"x": (float(p[0]) - x0) / mpu, "y": (y_top - float(p[1])) / mpu}

    members: dict[str, bytes] = {}
    project_id = _uid("project", building.name)
    members["project.json"] = json.dumps({"project": {
        "id": project_id, "name": building.name, "title": building.name, "schemaVersion": SCHEMA_VERSION,
        "status": "CREATED", "description": "Exported by wifiplan",
    }}, indent=1, ensure_ascii=False, sort_keys=True).encode()
    building_id = _uid("building", building.name)
    members["buildings.json"] = _dump("buildings", [{"id": building_id, "name": building.name, "status": "CREATED"}])

    def thickness(name: str) -> float:
        m = lib.materials.get(name)
        return float(m.thickness_m) if m is not None and name not in building.materials else 0.1

    def props(name: str) -> list[dict]:
        t = thickness(name)
        return [{"band": BAND_NAMES[b], "attenuationFactor": float(losses[name][b]) / t,
                 "reflectionCoefficient": 0.0, "diffractionCoefficient": 0.0} for b in ("2.4", "5", "6")]

    wall_mats = sorted({w.material for f in building.floors for w in f.walls})
    wall_types = []
    for name in wall_mats:
        m = lib.materials.get(name)
        wall_types.append({"id": _uid("wallType", name), "name": name, "key": name,
                           "color": (m.color if m is not None else "#555555"), "thickness": thickness(name),
                           "propagationProperties": props(name), "status": "CREATED"})
    members["wallTypes.json"] = _dump("wallTypes", wall_types)
    slabs = sorted({f.slab for f in building.floors})
    members["floorTypes.json"] = _dump("floorTypes", [
        {"id": _uid("floorType", s), "name": s, "key": s, "thickness": thickness(s), "propagationProperties": props(s),
         "status": "CREATED"} for s in slabs])
    colors = {name: (lib.materials[name].color if name in lib.materials else "#555555") for name in wall_mats}
    order = sorted(range(len(building.floors)), key=lambda i: building.floors[i].elevation_m)
    floor_plans, images, bfloors, wpoints, wsegs, areas = [], [], [], [], [], []
    uses: set[str] = set()
    for n, i in enumerate(order):
        f = building.floors[i]
        progress("floors", n, len(order))
        fp_id = _uid("floorPlan", f.name)
        img_id = _uid("image", f.name)
        members[f"image-{img_id}"] = _render_png(f, colors, x0, y_top, mpu, w_px, h_px)
        images.append({"id": img_id, "imageFormat": "PNG", "resolutionWidth": w_px, "resolutionHeight": h_px,
                       "status": "CREATED"})
        floor_plans.append({
            "id": fp_id, "name": f.name, "width": float(w_px), "height": float(h_px), "metersPerUnit": mpu,
            "imageId": img_id, "bitmapImageId": img_id, "cropMinX": 0.0, "cropMinY": 0.0,
            "cropMaxX": float(w_px), "cropMaxY": float(h_px), "rotateUpDirection": "UP",
            "floorPlanType": "FSPL", "gpsReferencePoints": [], "tags": [], "status": "CREATED",
        })
        bfloors.append({"id": _uid("buildingFloor", f.name), "buildingId": building_id, "floorPlanId": fp_id,
                        "floorTypeId": _uid("floorType", f.slab), "floorNumber": n, "height": f.height_m,
                        "thickness": thickness(f.slab), "elevation": f.elevation_m, "status": "CREATED"})
        point_ids: dict[tuple[float, float], str] = {}
        for j, wall in enumerate(f.walls):
            ids = []
            for p in wall.path:
                key = (float(p[0]), float(p[1]))
                if key not in point_ids:
                    pid = _uid("wallPoint", f.name, key[0], key[1])
                    point_ids[key] = pid
                    wpoints.append({"id": pid, "location": {"floorPlanId": fp_id, "coord": px(p)}, "status": "CREATED"})
                ids.append(point_ids[key])
            for k, (a, b) in enumerate(zip(ids[:-1], ids[1:])):
                if a != b:
                    wsegs.append({"id": _uid("wallSegment", f.name, j, k), "wallPoints": [a, b],
                                  "wallTypeId": _uid("wallType", wall.material), "originType": "WALL_TOOL",
                                  "status": "CREATED"})
        for zone in f.zones:
            uses.add(zone.use)
            areas.append({"id": _uid("area", f.name, zone.name), "floorPlanId": fp_id, "name": zone.name,
                          "area": [px(p) for p in zone.polygon], "color": "#4a90d9",
                          "capacityItems": [{"deviceCount": zone.headcount, "deviceProfileId": _uid("deviceProfile", "person"),
                                             "usageProfileId": _uid("usageProfile", zone.use)}],
                          "status": "CREATED"})
    members["floorPlans.json"] = _dump("floorPlans", floor_plans)
    members["images.json"] = _dump("images", images)
    members["buildingFloors.json"] = _dump("buildingFloors", bfloors)
    members["wallPoints.json"] = _dump("wallPoints", wpoints)
    members["wallSegments.json"] = _dump("wallSegments", wsegs)
    members["areas.json"] = _dump("areas", areas)
    members["usageProfiles.json"] = _dump("usageProfiles", [
        {"id": _uid("usageProfile", u), "name": u, "status": "CREATED"} for u in sorted(uses)])
    members["deviceProfiles.json"] = _dump("deviceProfiles", [
        {"id": _uid("deviceProfile", "person"), "name": "person (wifiplan headcount)", "status": "CREATED"}])
    aps, radios = [], []
    floor_ids = {f.name: _uid("floorPlan", f.name) for f in building.floors}
    for ap in plan.aps:
        if ap.floor not in floor_ids:
            continue
        f = building.floor(ap.floor)
        ap_id = _uid("accessPoint", ap.name)
        aps.append({"id": ap_id, "name": ap.name, "location": {"floorPlanId": floor_ids[ap.floor], "coord": px(ap.at)},
                    "mine": True, "hidden": False, "userDefinedPosition": True, "vendor": "wifiplan",
                    "model": ap.model or plan.settings.ap_preset, "tags": [], "noteIds": [], "status": "CREATED"})
        for band in sorted(ap.radios, key=float):
            r = ap.radios[band]
            freqs = narrow_channels_mhz(band, r.channel, r.width_mhz)
            chans = [int(round((fq - _BASE_MHZ[band]) / 5.0)) if not (band == "2.4" and fq == 2484.0) else 14 for fq in freqs]
            radios.append({
                "id": _uid("radio", ap.name, band), "accessPointId": ap_id, "accessPointIndex": _SLOT[band],
                "transmitPower": r.tx_power_dbm, "channel": chans, "channelByCenterFrequencyDefinedNarrowChannels": freqs,
                "antennaHeight": ap.height_m if ap.height_m is not None else f.ap_height_m,
                "antennaMounting": "CEILING", "antennaDirection": 0.0, "antennaTilt": 0.0, "enabled": r.enabled,
                "radioTechnology": "IEEE802_11", "technology": "AX", "spatialStreamCount": 2,
                "defaultAntennas": [{"radioTechnology": "IEEE802_11", "frequencyBand": BAND_NAMES[band]}],
                "status": "CREATED",
            })
    members["accessPoints.json"] = _dump("accessPoints", aps)
    members["simulatedRadios.json"] = _dump("simulatedRadios", radios)
    members["version"] = SCHEMA_VERSION.encode()
    progress("floors", len(order), len(order))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            # PNG images are compressed already; JSON deflates well
            info.compress_type = zipfile.ZIP_STORED if name.startswith("image-") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name])
    return buf.getvalue()


# ============================================================================ import


def _records(members: dict[str, Any], name: str) -> list[dict]:
    data = members.get(f"{name}.json")
    if isinstance(data, dict):
        items = data.get(name)
        if isinstance(items, list):
            return [x for x in items if isinstance(x, dict)]
    return []


def _slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "wall"


def _num(value: Any, default: float | None = None) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return default
    return v if math.isfinite(v) else default


def import_esx(path: str | Path, *, name: str | None = None, progress: Progress = no_progress) -> ImportResult:
    """Import an Ekahau project: a building (floors, walls, areas) and a plan (APs and radios).

    ``result.plan`` is a :class:`Plan` whose ``building`` field is left empty (the caller
    sets it relative to where the plan file is written).

    Raises
    ------
    InputError
        If the file is not a ZIP, is unsafe (path traversal, zip bomb), is a pre-10
        project (``project.xml``), or has no floor plans.
    """
    p = Path(path)
    report = ImportReport(source=str(p))
    members: dict[str, Any] = {}
    with open_zip(p) as zf:
        names = [i.filename for i in zf.infolist()]
        if "project.xml" in names and "floorPlans.json" not in names:
            raise InputError(f"{p}: an Ekahau project from before version 10 (project.xml); open and save it in a "
                             "current Ekahau version first")
        for info in zf.infolist():
            if info.filename.endswith(".json"):
                raw = read_member(zf, info)
                try:
                    members[info.filename.rsplit("/", 1)[-1]] = json.loads(raw.decode("utf-8-sig"))
                except (json.JSONDecodeError, UnicodeDecodeError) as err:
                    raise InputError(f"{p}:{info.filename}: not valid JSON ({err})") from None
            elif not info.filename.startswith("image-") and info.filename != "version":
                report.skipped("member", "not used by wifiplan", example=info.filename)
    plans = _records(members, "floorPlans")
    if not plans:
        raise InputError(f"{p}: no floorPlans.json records; is this an Ekahau .esx project?")
    images = {r.get("id"): r for r in _records(members, "images")}
    bfloors = {r.get("floorPlanId"): r for r in _records(members, "buildingFloors")}
    # ---- frames
    frames: dict[str, tuple] = {}
    for fp in plans:
        if not isinstance(fp.get("id"), str):
            report.skipped("floorPlan", "no id", example=str(fp.get("name")))
            continue
        mpu = _num(fp.get("metersPerUnit"))
        if not mpu or mpu <= 0:
            report.skipped("floorPlan", "no metersPerUnit (unscaled floor)", example=fp.get("name"))
            continue
        width = _num(fp.get("width"), 0.0) or 0.0
        scale = 1.0
        bmp = images.get(fp.get("bitmapImageId"))
        if bmp and width > 0 and _num(bmp.get("resolutionWidth")):
            scale = float(bmp["resolutionWidth"]) / width
        crop_x = _num(fp.get("cropMinX"), 0.0) or 0.0
        crop_y_max = _num(fp.get("cropMaxY"), _num(fp.get("height"), 0.0))
        rot = fp.get("rotateUpDirection") or "UP"
        if rot != "UP":
            report.warn("floorPlan", f"rotateUpDirection {rot}: imported unrotated (frame turned)", example=fp.get("name"))
        frames[fp["id"]] = (mpu, scale, crop_x, crop_y_max)

    def to_m(fp_id: str, coord: dict) -> list[float] | None:
        if not isinstance(coord, dict) or not isinstance(fp_id, str):
            return None
        fr = frames.get(fp_id)
        x, y = _num(coord.get("x")), _num(coord.get("y"))
        if fr is None or x is None or y is None:
            return None
        mpu, scale, cx, cy = fr
        return [(x * scale - cx * scale) * mpu, (cy * scale - y * scale) * mpu]

    # ---- floor order and elevations
    fps = [fp for fp in plans if fp.get("id") in frames]
    position = {fp["id"]: k for k, fp in enumerate(fps)}
    fps.sort(key=lambda fp: (_num((bfloors.get(fp["id"]) or {}).get("floorNumber"), 0.0), position[fp["id"]]))
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
        height = _num(bf.get("height"), 3.5) or 3.5
        if not 1.0 <= height <= 100.0:
            report.guessed("buildingFloor", f"height {height:g} m out of range: 3.5 m", example=nm)
            height = 3.5
        e = _num(bf.get("elevation"))
        e = elev if e is None else e
        floor_meta.append((fp["id"], nm, e, height, bf.get("floorTypeId")))
        elev = e + height
    # ---- materials
    from wifiplan.library import load_library

    lib = load_library()
    custom: dict[str, MaterialDef] = {}

    def material_of(props: list, thick: float | None, label: str, kind: str) -> str:
        loss: dict[str, float] = {}
        for pr in props if isinstance(props, list) else []:
            if not isinstance(pr, dict):
                continue
            band = _BAND_FROM_NAME.get(str(pr.get("band")))
            factor = _num(pr.get("attenuationFactor"))
            if band is None or factor is None:
                continue
            value = factor * thick if thick and thick > 0 else factor
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
        custom[mname] = MaterialDef(loss_db={b: loss[b] for b in ("2.4", "5", "6")},
                                    source=f"Ekahau {kind} '{label}': attenuationFactor × thickness (dB/m assumed)")
        report.imported(kind, action="custom material (loss = attenuationFactor × thickness)", example=mname)
        return mname

    wall_types = {}
    for wt in _records(members, "wallTypes"):
        wall_types[wt.get("id")] = material_of(wt.get("propagationProperties"), _num(wt.get("thickness")),
                                                str(wt.get("name") or wt.get("key") or "wall"), "wallType")
    floor_types = {}
    for ft in _records(members, "floorTypes"):
        floor_types[ft.get("id")] = material_of(ft.get("propagationProperties"), _num(ft.get("thickness")),
                                                 str(ft.get("name") or ft.get("key") or "slab"), "floorType")
    # ---- walls
    points = {}
    for wp in _records(members, "wallPoints"):
        loc = wp.get("location") if isinstance(wp.get("location"), dict) else {}
        xy = to_m(loc.get("floorPlanId"), loc.get("coord"))
        if xy is not None:
            points[wp.get("id")] = (loc.get("floorPlanId"), xy)
    segs_by: dict[tuple[str, str], list] = defaultdict(list)
    for seg in _records(members, "wallSegments"):
        ids = seg.get("wallPoints")
        if not isinstance(ids, list) or len(ids) != 2 or not all(isinstance(i, str) and i in points for i in ids):
            report.skipped("wallSegment", "missing wall points")
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
    # ---- APs and radios
    radios_by: dict[str, list[dict]] = defaultdict(list)
    for r in _records(members, "simulatedRadios"):
        if isinstance(r.get("accessPointId"), str):
            radios_by[r["accessPointId"]].append(r)
    aps_by_floor: dict[str, list] = defaultdict(list)
    ap_models: list[AccessPoint] = []
    ap_names: set[str] = set()
    for ap in _records(members, "accessPoints"):
        if ap.get("mine") is False:
            report.skipped("accessPoint", "not mine (surveyed neighbour)", example=ap.get("name"))
            continue
        loc = ap.get("location") if isinstance(ap.get("location"), dict) else {}
        fp_id = loc.get("floorPlanId")
        xy = to_m(fp_id, loc.get("coord"))
        if xy is None or fp_id not in floor_names:
            report.skipped("accessPoint", "not placed on a floor plan", example=ap.get("name"))
            continue
        radios: dict[str, Radio] = {}
        height = None
        for r in sorted(radios_by.get(ap.get("id"), []), key=lambda r: (_num(r.get("accessPointIndex"), 0), str(r.get("id")))):
            if r.get("radioTechnology") not in (None, "IEEE802_11"):
                continue
            freqs = r.get("channelByCenterFrequencyDefinedNarrowChannels")
            chans = r.get("channel")
            if isinstance(freqs, list) and freqs and all(_num(f) for f in freqs):
                band, ch, width = channel_from_mhz([float(f) for f in freqs])
            elif isinstance(chans, list) and chans and all(_num(c) for c in chans):
                nums = [int(c) for c in chans]
                band = "2.4" if max(nums) <= 14 else "5"
                ch, width = int(round(float(np.mean(nums)))), 20 * len(nums)
            else:
                report.skipped("simulatedRadio", "no channel", example=ap.get("name"))
                continue
            if width not in (20, 40, 80, 160, 320) or not 1 <= ch <= 233:
                report.skipped("simulatedRadio", f"channel {ch} / {width} MHz not representable", example=ap.get("name"))
                continue
            if band in radios:
                report.skipped("simulatedRadio", "second radio on the same band", example=ap.get("name"))
                continue
            power = _num(r.get("transmitPower"), 17.0)
            power = float(min(max(power, -10.0), 40.0))
            radios[band] = Radio(channel=ch, width_mhz=width, tx_power_dbm=round(power, 2), enabled=r.get("enabled", True) is not False)
            h = _num(r.get("antennaHeight"))
            if h and h > 0:
                height = h
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
    areas_by: dict[str, list[ZoneCandidate]] = defaultdict(list)
    usage = {u.get("id"): str(u.get("name") or "") for u in _records(members, "usageProfiles")}
    for ar in _records(members, "areas"):
        fp_id = ar.get("floorPlanId")
        raw = ar.get("area") if isinstance(ar.get("area"), list) else []
        pts = [to_m(fp_id, c) for c in raw]
        if fp_id not in floor_names or len(pts) < 3 or any(q is None for q in pts):
            report.skipped("area", "no polygon on a known floor", example=ar.get("name"))
            continue
        items = [i for i in (ar.get("capacityItems") or []) if isinstance(i, dict)]
        head = min(100_000, max(0, int(sum(_num(i.get("deviceCount"), 0.0) or 0.0 for i in items))))
        use = None
        for i in items:
            u = usage.get(i.get("usageProfileId"), "")
            if u in lib.profiles:
                use = u
                break
        label = str(ar.get("name") or "Area")
        if use is None:
            use = guess_use(label) or "office"
            report.guessed("area", f"use '{use}' from the name", example=label)
        areas_by[fp_id].append(ZoneCandidate(label[:200], Polygon(pts), use=use, headcount=head if items else None))
    # ---- floors: a floor with little drawn on it takes the outline of the whole building
    every: list = [LineString([a, b]) for segs in segs_by.values() for a, b in segs]
    every += [c.geometry for cs in areas_by.values() for c in cs] + [MultiPoint(v) for v in aps_by_floor.values()]
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
        stuff = lines + [c.geometry for c in cands]
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
        zones = clean_zones(cands, outline, report, entity="area") if cands else []
        slab = floor_types.get(ftype, "concrete-slab")
        floors.append(Floor(name=nm, elevation_m=round(e, 2), height_m=round(height, 2),
                            ap_height_m=min(2.7, round(height - 0.05, 2)), slab=slab, outline=ring(outline),
                            walls=walls, zones=zones))
        report.imported("wallSegment", sum(len(w.path) - 1 for w in walls), action=f"walls on {nm}")
    if not floors:
        raise InputError(f"{p}: no floor has anything to import")
    kept = {f.name for f in floors}
    ap_models = [a for a in ap_models if a.floor in kept]
    comments: dict[tuple, str] = {}
    floors = place_telecom(floors, report, comments)
    used_custom = {w.material for f in floors for w in f.walls} | {f.slab for f in floors}
    materials = {k: v for k, v in custom.items() if k in used_custom}
    project = members.get("project.json")
    project = project.get("project") if isinstance(project, dict) else None
    pname = project.get("name") if isinstance(project, dict) else None
    bname = name or (pname if isinstance(pname, str) and pname.strip() else None) or p.stem
    building = Building(name=str(bname)[:200], floors=floors, materials=materials)
    plan = Plan(aps=ap_models)
    return ImportResult(building, report, comments, plan=plan)
