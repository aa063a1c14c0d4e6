"""Ekahau .esx as real projects are: 10.x and 11.x wall encodings and scale, every record
type used or reported, refusals, country, and the export's structure against the 11.6 template.

No real project can be committed: the projects here are built in code with the structure
real ones have (issue 14; interop.md §2a). A 10.4 project (schema 1.5) names a wall
segment's points ``point1Id``/``point2Id``; 11.x writes ``wallPoints: [a, b]``. Both store
coordinates in floor-plan units with ``metersPerUnit`` per unit, while the bitmap may be
stored at another resolution (6.3× in the project of issue 14).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from wifiplan.errors import InputError
from wifiplan.io.country import PLACEHOLDER_COUNTRY
from wifiplan.io.esx import ESX_VERSION, SCHEMA_VERSION, export_esx, import_esx
from wifiplan.model.building import Building
from wifiplan.model.plan import Plan
from wifiplan.model.validate import validate_building

#: The drawing's stated dimensions: 50 m × 30 m; floor plan 1000 × 600 units at 0.05 m/unit.
W_M, H_M, MPU = 50.0, 30.0, 0.05
W_U, H_U = W_M / MPU, H_M / MPU
#: Bitmap resolution 6.3× the floor plan's width (as in the 10.4 project of issue 14).
BITMAP_SCALE = 6.3


def _pt(pid: str, fp: str, x_m: float, y_m: float) -> dict:
    # metres → floor-plan units, origin top-left, y down
    return {"id": pid, "location": {"floorPlanId": fp, "coord": {"x": x_m / MPU, "y": (H_M - y_m) / MPU}},
            "status": "CREATED"}


def _poly(pts_m: list[tuple[float, float]]) -> list[dict]:
    return [{"x": x / MPU, "y": (H_M - y) / MPU} for x, y in pts_m]


def make_project(version: str, *, location: str = "", walls: int = 40, mpu: float = MPU) -> dict[str, bytes]:
    """A two-floor project of ``version`` "10" or "11": perimeter + ``walls`` partitions per
    floor, an exclusion area, an attenuation area, reference points, notes and an AP."""
    fps, pts, segs, bfl = [], [], [], []
    for n, fname in enumerate(("Ground", "First")):
        fp = f"fp{n}"
        fps.append({"id": fp, "name": fname, "width": W_U, "height": H_U, "metersPerUnit": mpu,
                    "imageId": f"img{n}", "bitmapImageId": f"img{n}", "cropMinX": 0.0, "cropMinY": 0.0,
                    "cropMaxX": W_U, "cropMaxY": H_U, "rotateUpDirection": "UP", "status": "CREATED"})
        bfl.append({"id": f"bf{n}", "floorPlanId": fp, "buildingId": "b", "floorTypeId": "ft", "floorNumber": n,
                    "height": 4.0, "thickness": 0.3})
        corners = [(0, 0), (W_M, 0), (W_M, H_M), (0, H_M)]
        for k, (x, y) in enumerate(corners):
            pts.append(_pt(f"{fp}-c{k}", fp, x, y))
        lines = [(f"{fp}-c{k}", f"{fp}-c{(k + 1) % 4}", "wt-conc") for k in range(4)]
        for k in range(walls):  # partitions 1 m apart, 10 m long
            x = 1.0 + k
            pts += [_pt(f"{fp}-a{k}", fp, x, 0.0), _pt(f"{fp}-b{k}", fp, x, 10.0)]
            lines.append((f"{fp}-a{k}", f"{fp}-b{k}", "wt-dry"))
        for k, (a, b, wt) in enumerate(lines):
            seg = {"id": f"{fp}-s{k}", "wallTypeId": wt, "originType": "WALL_TOOL", "status": "CREATED"}
            seg |= {"point1Id": a, "point2Id": b} if version == "10" else {"wallPoints": [a, b]}
            segs.append(seg)
    images = [{"id": f"img{n}", "imageFormat": "PNG", "resolutionWidth": W_U * BITMAP_SCALE,
               "resolutionHeight": H_U * BITMAP_SCALE} for n in range(2)]
    props = [{"band": b, "attenuationFactor": 24.0, "reflectionCoefficient": 0.4982, "diffractionCoefficient": 17.0}
             for b in ("TWO", "FIVE", "SIX")]
    dry = [{"band": b, "attenuationFactor": 30.0} for b in ("TWO", "FIVE", "SIX")]
    members = {
        "floorPlans": fps, "images": images, "buildingFloors": bfl, "wallPoints": pts, "wallSegments": segs,
        "wallTypes": [{"id": "wt-conc", "name": "Wall, Concrete", "thickness": 0.5, "propagationProperties": props},
                      {"id": "wt-dry", "name": "Wall, Drywall", "thickness": 0.1, "propagationProperties": dry}],
        "floorTypes": [{"id": "ft", "name": "Office (US)", "thickness": 0.3,
                        "propagationProperties": [{"band": b, "attenuationFactor": 60.0} for b in ("TWO", "FIVE", "SIX")]}],
        "exclusionAreas": [{"id": "ex", "floorPlanId": "fp0", "name": "Stair",
                            "area": _poly([(40, 20), (45, 20), (45, 25), (40, 25)])}],
        "attenuationAreaTypes": [{"id": "aat", "name": "Elevator", "key": "elevator",
                                  "propagationProperties": [{"band": b, "attenuationFactor": 17.0}
                                                            for b in ("TWO", "FIVE", "SIX")]}],
        "attenuationAreas": [{"id": "aa", "floorPlanId": "fp1", "attenuationAreaTypeId": "aat",
                              "area": _poly([(30, 20), (33, 20), (33, 23), (30, 23)])}],
        "referencePoints": [{"id": "r1"}, {"id": "r2"}, {"id": "r3"}],
        "notes": [{"id": "n1"}, {"id": "n2"}],
        "areas": [{"id": "ar", "floorPlanId": "fp0", "name": "Open office",
                   "area": _poly([(0, 10), (20, 10), (20, 30), (0, 30)]),
                   "capacityItems": [{"deviceCount": 25, "usageProfileId": "u", "deviceProfileId": "d"}]}],
        "accessPoints": [{"id": "ap", "name": "AP-1", "mine": True,
                          "location": {"floorPlanId": "fp0", "coord": {"x": 25 / MPU, "y": (H_M - 15) / MPU}}}],
        "simulatedRadios": [{"id": "r", "accessPointId": "ap", "accessPointIndex": 1,
                             "channelByCenterFrequencyDefinedNarrowChannels": [5745.0, 5765.0, 5785.0, 5805.0],
                             "transmitPower": 17.0}],
    }
    out = {f"{k}.json": json.dumps({k: v}).encode() for k, v in members.items()}
    schema = "1.5.0" if version == "10" else "1.8.0"
    out["project.json"] = json.dumps({"project": {"id": "p", "name": f"Office {version}", "location": location,
                                                  "schemaVersion": schema}}).encode()
    out["version"] = b"1.5" if version == "10" else b"2.0"
    return out


def write(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("version", ["10", "11"])
def test_walls_at_the_drawing_scale(tmp_path: Path, version: str) -> None:
    res = import_esx(write(tmp_path / f"v{version}.esx", make_project(version)))
    b = res.building
    assert [f.name for f in b.floors] == ["Ground", "First"]
    ground = b.floors[0]
    # 4 perimeter segments + 40 partitions on each floor: all 88 read (none skipped)
    assert res.report.count("skipped", "wallSegment") == 0
    assert sum(len(w.path) - 1 for f in b.floors for w in f.walls) >= 88
    xs = [p[0] for w in ground.walls for p in w.path]
    ys = [p[1] for w in ground.walls for p in w.path]
    # extents within 5 % of the stated 50 m × 30 m (not 6.3× larger)
    assert max(xs) - min(xs) == pytest.approx(W_M, rel=0.05)
    assert max(ys) - min(ys) == pytest.approx(H_M, rel=0.05)
    # "Wall, Concrete": 24 dB/m × 0.5 m = 12 dB per crossing; "Wall, Drywall": 30 dB/m × 0.1 m = 3 dB
    losses = {res.building.materials[w.material].loss_db["5"] for w in ground.walls}
    assert losses == {12.0, 3.0}
    (ap,) = res.plan.aps
    assert ap.at == [25.0, 15.0]
    # 5745..5805 MHz: centre 5775 MHz = channel (5775 − 5000) / 5 = 155, 4 × 20 = 80 MHz; primary 149
    assert ap.radios["5"].channel == 149 and ap.radios["5"].width_mhz == 80


def test_exclusion_attenuation_and_other_records_are_used_or_reported(tmp_path: Path) -> None:
    res = import_esx(write(tmp_path / "p.esx", make_project("11")))
    ground, first = res.building.floors
    assert len(ground.exclude) == 1
    assert ground.exclude[0] and abs(_area(ground.exclude[0]) - 25.0) < 0.01  # 5 m × 5 m
    # the attenuation area becomes a closed wall (3 m × 3 m: 12 m) of its type's loss per crossing
    att = [w for w in first.walls if w.material.startswith("esx-elevator")]
    assert att and sum(_length(w.path) for w in att) == pytest.approx(12.0, abs=0.01)
    assert res.building.materials[att[0].material].loss_db["5"] == 17.0
    rows = {(r.entity, r.kind): r.count for r in res.report.sorted_rows()}
    assert rows[("referencePoint", "skipped")] == 3
    assert rows[("notes", "skipped")] == 2
    assert rows[("exclusionArea", "imported")] == 1
    assert [p for p in validate_building(res.building) if p.severity == "error" and p.code != "BD18"] == []


def _area(poly: list[list[float]]) -> float:
    from shapely.geometry import Polygon

    return Polygon(poly).area


def _length(path: list[list[float]]) -> float:
    from shapely.geometry import LineString

    return LineString(path).length


def test_an_import_that_loses_most_walls_is_an_error(tmp_path: Path) -> None:
    entries = make_project("11")
    segs = json.loads(entries["wallSegments.json"])["wallSegments"]
    for s in segs[: int(len(segs) * 0.8)]:
        s["wallPoints"] = ["nowhere", "else"]
    entries["wallSegments.json"] = json.dumps({"wallSegments": segs}).encode()
    with pytest.raises(InputError, match=r"only \d+ of 88 wall segments"):
        import_esx(write(tmp_path / "lossy.esx", entries))


def test_an_implausible_size_is_an_error(tmp_path: Path) -> None:
    # metersPerUnit 100× too large: a 5 km floor
    with pytest.raises(InputError, match="metersPerUnit"):
        import_esx(write(tmp_path / "huge.esx", make_project("10", mpu=MPU * 100)))


def test_country_from_project_location_is_a_guess_and_flag_wins(tmp_path: Path) -> None:
    path = write(tmp_path / "us.esx", make_project("11", location="100 Main St, Springfield, IL, USA"))
    res = import_esx(path)
    assert res.building.country == "US"
    assert res.report.count("guessed", "country") == 1
    assert import_esx(path, country="de").building.country == "DE"
    bare = import_esx(write(tmp_path / "none.esx", make_project("11")))
    assert bare.building.country == PLACEHOLDER_COUNTRY
    assert any(p.code == "BD18" for p in validate_building(bare.building))


# ---------------------------------------------------------------- export structure (11.6 template)

#: What the Ekahau AI Pro 11.6 empty project template holds, read from protolabo/plugin-revit
#: src/NET8.0/Tools/build_files/EmptyTemplate/ (version, project.json, projectConfiguration.json,
#: projectHistorys.json, requirements.json, networkCapacitySettings.json, deviceProfiles.json,
#: usageProfiles.json, applicationProfiles.json, wallTypes.json, floorTypes.json,
#: attenuationAreaTypes.json) and its docs/docs.md in the repository history (accessPoints,
#: areas, buildingFloors, buildings, floorPlans, images, wallPoints, wallSegments records),
#: plus antennaTypes.json / exclusionAreas.json / attenuationAreas.json as written by
#: nicoliu0212/Ekahau-Revit-Transfer EsxExportCommand.cs. Field sets are the template's keys.
TEMPLATE_FIELDS = {
    "project": {"schemaVersion", "name", "title", "customer", "location", "responsiblePerson", "noteIds",
                "projectAncestors", "history", "projectConfigurationId", "tags", "id", "status"},
    "projectConfiguration": {"enabledGroupingLogics", "displayOptions", "favoriteSsids", "id", "status"},
    "projectHistorys": {"parentIds", "timestamp", "projectId", "projectName", "productName", "productVersion",
                        "schemaVersion", "operation", "platform", "id", "status"},
    "requirements": {"key", "name", "noiseType", "isDefault", "criteria", "id", "status"},
    "networkCapacitySettings": {"frequencyBand", "numberOfSsids", "rtsCtsEnabled", "maxAssociatedClientsAmount",
                                "abgRates", "bssColoring", "id", "status"},
    "deviceProfiles": {"name", "key", "mimoTxChains", "mimoRxChains", "spatialStreams", "offset24", "offset5",
                       "offset6", "maxSupportedBandwidth", "deviceProfileTechnology", "bandSelectionBehaviour",
                       "editable", "id", "legacyId", "status"},
    "usageProfiles": {"name", "key", "editable", "applicationProfileIds", "id", "legacyId", "status"},
    "applicationProfiles": {"name", "key", "accessCategory", "applicationProtocols", "packetSize", "bitRate",
                            "fullDuplex", "id", "status"},
    "wallTypes": {"name", "key", "color", "propagationProperties", "thickness", "lowerEdge", "id", "status"},
    "floorTypes": {"key", "name", "propagationProperties", "isDefault", "id", "status"},
    "accessPoints": {"location", "name", "mine", "hidden", "userDefinedPosition", "noteIds", "vendor", "model",
                     "tags", "id", "status"},
    "areas": {"floorPlanId", "name", "noteIds", "requirementId", "capacityItems", "color", "area", "id", "status"},
    "buildingFloors": {"floorPlanId", "buildingId", "floorTypeId", "floorNumber", "height", "thickness", "id",
                       "status"},
    "buildings": {"name", "tags", "id", "status"},
    "floorPlans": {"name", "width", "height", "metersPerUnit", "imageId", "gpsReferencePoints", "floorPlanType",
                   "cropMinX", "cropMinY", "cropMaxX", "cropMaxY", "rotateUpDirection", "tags", "id", "status"},
    "images": {"imageFormat", "resolutionWidth", "resolutionHeight", "id", "status"},
    "wallPoints": {"location", "id", "status"},
    "wallSegments": {"wallPoints", "wallTypeId", "originType", "id", "status"},
    "antennaTypes": {"id", "name", "vendor", "apCoupling"},
    "exclusionAreas": {"floorPlanId", "name", "area", "id", "status"},
    "attenuationAreas": set(),
    "attenuationAreaTypes": set(),
}
#: Every propagation property in the template has these four fields, one per band.
PROPAGATION_FIELDS = {"band", "attenuationFactor", "reflectionCoefficient", "diffractionCoefficient"}

BUILDING = {
    "name": "Structure", "country": "US",
    "requirements": {"secondary_rssi_dbm": -75},
    "floors": [
        {"name": "1F", "elevation_m": 0, "outline": [[0, 0], [40, 0], [40, 20], [0, 20]],
         "walls": [{"material": "concrete", "path": [[0, 0], [40, 0], [40, 20], [0, 20], [0, 0]]},
                   {"material": "drywall", "path": [[20, 0], [20, 12]]}],
         "zones": [{"name": "Office", "use": "office", "headcount": 30, "polygon": [[0, 0], [20, 0], [20, 20], [0, 20]]},
                   {"name": "Meeting", "use": "meeting-room", "headcount": 12,
                    "polygon": [[20, 0], [30, 0], [30, 12], [20, 12]]}],
         "exclude": [[[34, 14], [38, 14], [38, 18], [34, 18]]],
         "telecom_rooms": [{"name": "MDF", "kind": "mdf", "at": [25, 16]}]},
    ],
}
PLAN = {"aps": [{"name": "AP1", "floor": "1F", "at": [10, 10],
                 "radios": {"5": {"channel": 157, "width_mhz": 40, "tx_power_dbm": 17},
                            "2.4": {"channel": 11, "tx_power_dbm": 12}}},
                {"name": "AP2", "floor": "1F", "at": [30, 5], "radios": {"6": {"channel": 37, "width_mhz": 80,
                                                                                "tx_power_dbm": 20}}}]}


@pytest.fixture(scope="module")
def esx_members() -> dict[str, bytes]:
    data = export_esx(Plan.model_validate(PLAN), Building.model_validate(BUILDING))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _recs(m: dict[str, bytes], key: str):
    return json.loads(m[f"{key}.json"])[key]


#: The members of a real 11.6 project (protolabo/plugin-revit docs/docs.md, file list; the
#: template spells the history member projectHistorys.json).
REAL_11_6_MEMBERS = {
    "accessPoints.json", "antennaTypes.json", "applicationProfiles.json", "areas.json", "attenuationAreaTypes.json",
    "buildingFloors.json", "buildings.json", "deviceProfiles.json", "floorPlans.json", "floorTypes.json",
    "images.json", "networkCapacitySettings.json", "project.json", "projectConfiguration.json",
    "projectHistorys.json", "referencePoints.json", "requirements.json", "simulatedRadios.json",
    "usageProfiles.json", "version", "wallPoints.json", "wallSegments.json", "wallTypes.json",
}


def test_export_structure_matches_the_11_6_template(esx_members) -> None:
    m = esx_members
    assert REAL_11_6_MEMBERS <= set(m), REAL_11_6_MEMBERS - set(m)
    assert m["version"].decode() == ESX_VERSION == "2.0"
    for key, fields in TEMPLATE_FIELDS.items():
        assert f"{key}.json" in m, key
        data = json.loads(m[f"{key}.json"])
        assert list(data) == [key]
        recs = data[key] if isinstance(data[key], list) else [data[key]]
        for rec in recs:
            assert fields <= set(rec), (key, fields - set(rec))
            if "id" in fields:
                assert len(rec["id"]) == 36 and rec["id"].count("-") == 4  # a UUID string
    project = _recs(m, "project")
    assert project["schemaVersion"] == SCHEMA_VERSION == "1.8.0"
    assert project["projectConfigurationId"] == _recs(m, "projectConfiguration")["id"]
    for kind in ("wallTypes", "floorTypes"):
        for rec in _recs(m, kind):
            props = rec["propagationProperties"]
            assert sorted(p["band"] for p in props) == ["FIVE", "SIX", "TWO"]
            assert all(set(p) == PROPAGATION_FIELDS for p in props)
    for wt in _recs(m, "wallTypes"):
        assert wt["upperEdge"] > wt["lowerEdge"] == 0.0


def test_export_references_resolve(esx_members) -> None:
    m = esx_members
    ids = lambda key: {r["id"] for r in _recs(m, key)}  # noqa: E731
    antennas = ids("antennaTypes")
    for r in _recs(m, "simulatedRadios"):
        assert r["antennaTypeId"] in antennas
        assert all(a["antennaTypeId"] in antennas for a in r["defaultAntennas"])
        assert r["accessPointId"] in ids("accessPoints")
    reqs = ids("requirements")
    for a in _recs(m, "areas"):
        assert a["requirementId"] in reqs
        for item in a["capacityItems"]:
            assert item["usageProfileId"] in ids("usageProfiles")
            assert item["deviceProfileId"] in ids("deviceProfiles")
    apps = ids("applicationProfiles")
    assert all(set(u["applicationProfileIds"]) <= apps for u in _recs(m, "usageProfiles"))
    points = ids("wallPoints")
    assert all(set(s["wallPoints"]) <= points and s["wallTypeId"] in ids("wallTypes") for s in _recs(m, "wallSegments"))
    for bf in _recs(m, "buildingFloors"):
        assert bf["floorPlanId"] in ids("floorPlans") and bf["floorTypeId"] in ids("floorTypes")
    for fp in _recs(m, "floorPlans"):
        assert f"image-{fp['imageId']}" in m and fp["imageId"] in ids("images")
    # requirement: −67 dBm / 25 dB per band and 2 APs at −75 dBm (the building's secondary)
    crit = _recs(m, "requirements")[0]["criteria"]
    assert {(c["frequencyBand"], c["type"], c["value"]) for c in crit} >= {
        ("FIVE", "SIGNAL_STRENGTH", -67.0), ("FIVE", "SIGNAL_TO_NOISE_RATIO", 25.0),
        ("FIVE", "NUMBER_OF_ACCESS_POINTS", 2.0)}


def test_round_trip_keeps_exclude_areas_zones_aps_and_country(tmp_path: Path) -> None:
    b = Building.model_validate(BUILDING)
    path = tmp_path / "rt.esx"
    path.write_bytes(export_esx(Plan.model_validate(PLAN), b))
    res = import_esx(path)
    (f,) = res.building.floors
    assert len(f.exclude) == 1
    xs = sorted({p[0] for p in f.exclude[0]})
    ys = sorted({p[1] for p in f.exclude[0]})
    assert xs == pytest.approx([34, 38], abs=0.01) and ys == pytest.approx([14, 18], abs=0.01)
    assert {z.name: z.headcount for z in f.zones} == {"Office": 30, "Meeting": 12}
    assert {z.name: z.use for z in f.zones} == {"Office": "office", "Meeting": "meeting-room"}
    assert res.building.country == "US"
    aps = {a.name: a for a in res.plan.aps}
    assert aps["AP1"].radios["5"].channel == 157 and aps["AP1"].radios["5"].width_mhz == 40
    assert aps["AP2"].radios["6"].channel == 33 and aps["AP2"].radios["6"].width_mhz == 80  # centre 37 at 80 MHz: primary 33
