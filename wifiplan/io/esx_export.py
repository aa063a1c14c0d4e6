"""Building + plan → Ekahau AI Pro 11.x project (``.esx``): the members real projects have.

Members, record fields and ids follow the Ekahau AI Pro 11.6 empty project template
(``protolabo/plugin-revit`` ``src/NET8.0/Tools/build_files/EmptyTemplate/``: ``version``
"2.0", ``project.json`` with ``schemaVersion`` "1.8.0" and ``projectConfigurationId``,
``projectConfiguration.json``, ``requirements.json`` with criteria per band,
``deviceProfiles.json``, ``usageProfiles.json`` + ``applicationProfiles.json``,
``wallTypes.json`` with ``thickness``, ``lowerEdge``/``upperEdge``, reflection and
diffraction per band, ``floorTypes.json``, ``attenuationAreaTypes.json``,
``networkCapacitySettings.json``, ``projectHistorys.json``) and the Revit-to-ESX writer
``nicoliu0212/Ekahau-Revit-Transfer`` (``antennaTypes.json``, ``exclusionAreas.json``,
``attenuationAreas.json``). Choices made here:

* exported floors share one image frame whose bottom-left corner is the building's
  (0, 0) when coordinates are non-negative, so a round trip keeps coordinates;
  ``width``/``height`` equal the bitmap's resolution (one floor-plan unit = one pixel);
* ``attenuationFactor`` = loss per crossing / library thickness (dB per metre, the
  importer's reading), so our own files round-trip exactly;
* reflection 0.5 and diffraction 11.0 are the values the 11.6 template gives its floor and
  attenuation-area types (estimates: wifiplan's model has neither);
* one antenna type per band ("wifiplan omni", internal), referenced by every radio and its
  ``defaultAntennas``;
* areas carry one capacity item whose ``deviceCount`` is the zone's headcount, with a
  usage profile per use (application bit rate = the use's downlink Mbit/s per device).
"""

from __future__ import annotations

import io
import json
import math
import zipfile

import numpy as np

from wifiplan.io.esx_format import BAND_NAMES, BASE_MHZ, SLOT, narrow_channels_mhz, uid
from wifiplan.io.importreport import Progress, no_progress
from wifiplan.model.building import Building, Floor
from wifiplan.model.plan import Plan

__all__ = ["EXPORT_MEMBERS", "ESX_VERSION", "SCHEMA_VERSION", "export_esx"]

#: Members written by :func:`export_esx` (plus one ``image-<id>`` per floor).
EXPORT_MEMBERS = (
    "version", "project.json", "projectConfiguration.json", "projectHistorys.json", "requirements.json",
    "networkCapacitySettings.json", "buildings.json", "buildingFloors.json", "floorTypes.json", "floorPlans.json",
    "images.json", "wallTypes.json", "wallPoints.json", "wallSegments.json", "attenuationAreaTypes.json",
    "attenuationAreas.json", "exclusionAreas.json", "antennaTypes.json", "accessPoints.json", "simulatedRadios.json",
    "areas.json", "applicationProfiles.json", "usageProfiles.json", "deviceProfiles.json", "referencePoints.json",
)
#: Content of the ``version`` member in AI Pro 11.x projects (11.6 template).
ESX_VERSION = "2.0"
#: ``project.schemaVersion`` of the 11.6 template.
SCHEMA_VERSION = "1.8.0"
#: Largest image side, px; the scale is coarsened for big floors.
MAX_IMAGE_PX = 2500
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)
#: Reflection / diffraction coefficients of the 11.6 template's floor and area types (estimates).
_REFLECTION = 0.5
_DIFFRACTION = 11.0
_BANDS = ("2.4", "5", "6")


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
    for poly in floor.exclude:
        e = np.asarray(poly + [poly[0]], float)
        ax.fill(e[:, 0], e[:, 1], color="#dddddd", zorder=0.5)
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


def _dump(key: str, items: list[dict] | dict) -> bytes:
    return json.dumps({key: items}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _props(loss_db: dict[str, float], thickness_m: float | None) -> list[dict]:
    t = thickness_m or 1.0
    return [{"band": BAND_NAMES[b], "attenuationFactor": float(loss_db[b]) / t,
             "reflectionCoefficient": _REFLECTION, "diffractionCoefficient": _DIFFRACTION} for b in _BANDS]


def _requirement(building: Building, req_id: str) -> dict:
    r = building.requirements
    criteria = []
    for b in _BANDS:
        fb = BAND_NAMES[b]
        criteria.append({"radioTechnology": "IEEE802_11", "frequencyBand": fb, "type": "SIGNAL_STRENGTH",
                         "function": "AT_LEAST", "value": float(r.min_rssi_dbm)})
        criteria.append({"radioTechnology": "IEEE802_11", "frequencyBand": fb, "type": "SIGNAL_TO_NOISE_RATIO",
                         "function": "AT_LEAST", "value": float(r.min_snr_db), "additionalLimit": 1.0})
        if r.secondary_rssi_dbm is not None:
            criteria.append({"radioTechnology": "IEEE802_11", "frequencyBand": fb, "type": "NUMBER_OF_ACCESS_POINTS",
                             "function": "AT_LEAST", "value": 2.0, "additionalLimit": float(r.secondary_rssi_dbm)})
    return {"key": "wifiplan", "name": f"wifiplan: {building.name}"[:200], "noiseType": "AUTOMATIC", "isDefault": True,
            "criteria": criteria, "id": req_id, "status": "CREATED"}


def _capacity_settings() -> list[dict]:
    # basic rates as in the 11.6 template: legacy rates below 12 Mbit/s disabled
    legacy = {"2.4": ["R1", "R2", "R5D5", "R6", "R9", "R11"], "5": ["R6", "R9"], "6": ["R6", "R9"]}
    mandatory = ["R12", "R18", "R24", "R36", "R48", "R54"]
    return [{"frequencyBand": BAND_NAMES[b], "numberOfSsids": 2, "rtsCtsEnabled": False,
             "maxAssociatedClientsAmount": 200,
             "abgRates": [{"rate": r, "state": "DISABLED"} for r in legacy[b]]
             + [{"rate": r, "state": "MANDATORY"} for r in mandatory],
             "bssColoring": False, "id": uid("networkCapacitySettings", b), "status": "CREATED"} for b in _BANDS]


def export_esx(plan: Plan, building: Building, *, px_per_m: float = 20.0, progress: Progress = no_progress) -> bytes:
    """An Ekahau project (ZIP bytes) with the building's floors, walls, exclude areas and zones
    and the plan's APs.

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

    def thickness(name: str) -> float:
        m = lib.materials.get(name)
        return float(m.thickness_m) if m is not None and name not in building.materials else 0.1

    members: dict[str, bytes] = {}
    project_id = uid("project", building.name)
    config_id = uid("projectConfiguration", building.name)
    members["project.json"] = json.dumps({"project": {
        "schemaVersion": SCHEMA_VERSION, "name": building.name, "title": building.name, "customer": "",
        "location": building.country, "responsiblePerson": "", "noteIds": [], "projectAncestors": [],
        "history": {"createdAt": "2020-01-01T00:00:00.000Z", "createdBy": "wifiplan",
                    "modifiedAt": "2020-01-01T00:00:00.000Z", "modifiedBy": "wifiplan"},
        "projectConfigurationId": config_id, "tags": [], "description": "Exported by wifiplan",
        "id": project_id, "status": "CREATED",
    }}, indent=1, ensure_ascii=False).encode()
    members["projectConfiguration.json"] = _dump("projectConfiguration", {
        "enabledGroupingLogics": [], "displayOptions": [], "favoriteSsids": [], "id": config_id, "status": "CREATED"})
    members["projectHistorys.json"] = _dump("projectHistorys", [{
        "parentIds": [], "timestamp": "2020-01-01T00:00:00.000Z", "projectId": project_id,
        "projectName": building.name, "productName": "wifiplan", "productVersion": "1",
        "schemaVersion": SCHEMA_VERSION, "operation": "LOCAL_SAVE", "platform": "wifiplan",
        "id": uid("projectHistory", building.name), "status": "CREATED"}])
    req_id = uid("requirement", building.name)
    members["requirements.json"] = _dump("requirements", [_requirement(building, req_id)])
    members["networkCapacitySettings.json"] = _dump("networkCapacitySettings", _capacity_settings())
    building_id = uid("building", building.name)
    members["buildings.json"] = _dump("buildings", [{"name": building.name, "tags": [], "id": building_id,
                                                     "status": "CREATED"}])
    upper = max(f.height_m for f in building.floors)
    wall_mats = sorted({w.material for f in building.floors for w in f.walls})
    members["wallTypes.json"] = _dump("wallTypes", [
        {"name": name, "key": name, "color": (lib.materials[name].color if name in lib.materials else "#555555"),
         "propagationProperties": _props(losses[name], thickness(name)), "thickness": thickness(name),
         "lowerEdge": 0.0, "upperEdge": float(upper), "id": uid("wallType", name), "status": "CREATED"}
        for name in wall_mats])
    slabs = sorted({f.slab for f in building.floors})
    members["floorTypes.json"] = _dump("floorTypes", [
        {"key": s, "name": s, "propagationProperties": _props(losses[s], thickness(s)), "isDefault": False,
         "id": uid("floorType", s), "status": "CREATED"} for s in slabs])
    members["attenuationAreaTypes.json"] = _dump("attenuationAreaTypes", [])
    members["attenuationAreas.json"] = _dump("attenuationAreas", [])
    members["referencePoints.json"] = _dump("referencePoints", [])  # floors share one frame: no alignment needed
    colors = {name: (lib.materials[name].color if name in lib.materials else "#555555") for name in wall_mats}
    order = sorted(range(len(building.floors)), key=lambda i: building.floors[i].elevation_m)
    floor_plans, images, bfloors, wpoints, wsegs, areas, excl = [], [], [], [], [], [], []
    uses: set[str] = set()
    for n, i in enumerate(order):
        f = building.floors[i]
        progress("floors", n, len(order))
        fp_id = uid("floorPlan", f.name)
        img_id = uid("image", f.name)
        members[f"image-{img_id}"] = _render_png(f, colors, x0, y_top, mpu, w_px, h_px)
        images.append({"imageFormat": "PNG", "resolutionWidth": float(w_px), "resolutionHeight": float(h_px),
                       "id": img_id, "status": "CREATED"})
        floor_plans.append({
            "name": f.name, "width": float(w_px), "height": float(h_px), "metersPerUnit": mpu,
            "imageId": img_id, "bitmapImageId": img_id, "gpsReferencePoints": [], "floorPlanType": "FSPL",
            "cropMinX": 0.0, "cropMinY": 0.0, "cropMaxX": float(w_px), "cropMaxY": float(h_px),
            "rotateUpDirection": "UP", "tags": [], "id": fp_id, "status": "CREATED",
        })
        # elevation is not an Ekahau field: kept so that our own round trip keeps gaps between floors
        bfloors.append({"floorPlanId": fp_id, "buildingId": building_id, "floorTypeId": uid("floorType", f.slab),
                        "floorNumber": n, "height": f.height_m, "thickness": thickness(f.slab),
                        "elevation": f.elevation_m, "id": uid("buildingFloor", f.name), "status": "CREATED"})
        point_ids: dict[tuple[float, float], str] = {}
        for j, wall in enumerate(f.walls):
            ids = []
            for p in wall.path:
                key = (float(p[0]), float(p[1]))
                if key not in point_ids:
                    pid = uid("wallPoint", f.name, key[0], key[1])
                    point_ids[key] = pid
                    wpoints.append({"location": {"floorPlanId": fp_id, "coord": px(p)}, "id": pid, "status": "CREATED"})
                ids.append(point_ids[key])
            for k, (a, b) in enumerate(zip(ids[:-1], ids[1:])):
                if a != b:
                    wsegs.append({"wallPoints": [a, b], "wallTypeId": uid("wallType", wall.material),
                                  "originType": "WALL_TOOL", "id": uid("wallSegment", f.name, j, k), "status": "CREATED"})
        for j, poly in enumerate(f.exclude):
            excl.append({"floorPlanId": fp_id, "name": f"Exclusion Area-{j + 1}", "area": [px(p) for p in poly],
                         "id": uid("exclusionArea", f.name, j), "status": "CREATED"})
        for zone in f.zones:
            uses.add(zone.use)
            areas.append({"floorPlanId": fp_id, "name": zone.name, "noteIds": [], "requirementId": req_id,
                          "capacityItems": [{"deviceCount": zone.headcount, "deviceProfileId": uid("deviceProfile", "person"),
                                             "usageProfileId": uid("usageProfile", zone.use)}],
                          "color": "#4a90d9", "area": [px(p) for p in zone.polygon],
                          "id": uid("area", f.name, zone.name), "status": "CREATED"})
    members["floorPlans.json"] = _dump("floorPlans", floor_plans)
    members["images.json"] = _dump("images", images)
    members["buildingFloors.json"] = _dump("buildingFloors", bfloors)
    members["wallPoints.json"] = _dump("wallPoints", wpoints)
    members["wallSegments.json"] = _dump("wallSegments", wsegs)
    members["exclusionAreas.json"] = _dump("exclusionAreas", excl)
    members["areas.json"] = _dump("areas", areas)
    apps, usage = [], []
    for k, u in enumerate(sorted(uses)):
        prof = building.profiles.get(u) or lib.profiles.get(u)
        down = float(getattr(prof, "down_mbps", 1.0) or 1.0)
        apps.append({"name": f"wifiplan {u}", "key": f"ApplicationProfile.wifiplan.{u}", "accessCategory": "AC_BE",
                     "applicationProtocols": ["UNKNOWN"], "packetSize": 1500, "bitRate": down * 1e6,
                     "fullDuplex": False, "id": uid("applicationProfile", u), "status": "CREATED"})
        usage.append({"name": u, "key": f"UsageProfile.wifiplan.{u}", "editable": True,
                      "applicationProfileIds": [uid("applicationProfile", u)], "id": uid("usageProfile", u),
                      "legacyId": 1000 + k, "status": "CREATED"})
    members["applicationProfiles.json"] = _dump("applicationProfiles", apps)
    members["usageProfiles.json"] = _dump("usageProfiles", usage)
    members["deviceProfiles.json"] = _dump("deviceProfiles", [{
        "name": "person (wifiplan headcount)", "key": "DeviceProfile.wifiplan.person", "mimoTxChains": 2,
        "mimoRxChains": 2, "spatialStreams": 2, "offset24": 0.0, "offset5": 0.0, "offset6": 0.0,
        "maxSupportedBandwidth": "BW_80", "deviceProfileTechnology": "AX_6GHZ", "bandSelectionBehaviour": "AUTOMATIC",
        "editable": True, "id": uid("deviceProfile", "person"), "legacyId": 1000, "status": "CREATED"}])
    used_bands = sorted({b for ap in plan.aps for b in ap.radios}, key=float)
    members["antennaTypes.json"] = _dump("antennaTypes", [
        {"name": f"wifiplan omni {b} GHz", "vendor": "wifiplan", "apCoupling": "INTERNAL_ANTENNA",
         "frequencyBand": BAND_NAMES[b], "id": uid("antennaType", b), "status": "CREATED"} for b in used_bands])
    aps, radios = [], []
    floor_ids = {f.name: uid("floorPlan", f.name) for f in building.floors}
    for ap in plan.aps:
        if ap.floor not in floor_ids:
            continue
        f = building.floor(ap.floor)
        ap_id = uid("accessPoint", ap.name)
        aps.append({"location": {"floorPlanId": floor_ids[ap.floor], "coord": px(ap.at)}, "name": ap.name,
                    "mine": True, "hidden": False, "userDefinedPosition": True, "noteIds": [], "vendor": "wifiplan",
                    "model": ap.model or plan.settings.ap_preset, "tags": [], "id": ap_id, "status": "CREATED"})
        for band in sorted(ap.radios, key=float):
            r = ap.radios[band]
            freqs = narrow_channels_mhz(band, r.channel, r.width_mhz)
            chans = [int(round((fq - BASE_MHZ[band]) / 5.0)) if not (band == "2.4" and fq == 2484.0) else 14 for fq in freqs]
            radios.append({
                "accessPointId": ap_id, "accessPointIndex": SLOT[band], "transmitPower": r.tx_power_dbm,
                "channel": chans, "channelByCenterFrequencyDefinedNarrowChannels": freqs,
                "antennaTypeId": uid("antennaType", band),
                "antennaHeight": ap.height_m if ap.height_m is not None else f.ap_height_m,
                "antennaMounting": "CEILING", "antennaDirection": 0.0, "antennaTilt": 0.0, "enabled": r.enabled,
                "radioTechnology": "IEEE802_11", "technology": "AX", "spatialStreamCount": 2,
                "shortGuardInterval": True, "greenfield": False,
                "defaultAntennas": [{"radioTechnology": "IEEE802_11", "frequencyBand": BAND_NAMES[band],
                                     "antennaTypeId": uid("antennaType", band)}],
                "id": uid("radio", ap.name, band), "status": "CREATED",
            })
    members["accessPoints.json"] = _dump("accessPoints", aps)
    members["simulatedRadios.json"] = _dump("simulatedRadios", radios)
    members["version"] = ESX_VERSION.encode()
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
