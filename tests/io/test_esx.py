"""Ekahau .esx: export structure (members, keys), import, and the round trip within 1 cm."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from wifiplan.rf.channels import primary_channel
from numpy.testing import assert_allclose

from wifiplan.errors import InputError, LimitError
from wifiplan.io.esx import EXPORT_MEMBERS, channel_from_mhz, export_esx, import_esx, narrow_channels_mhz
from wifiplan.model.building import Building
from wifiplan.model.plan import Plan
from wifiplan.model.validate import validate_building

BUILDING = {
    "name": "Round trip",
    "floors": [
        {"name": "1F", "elevation_m": 0, "height_m": 4, "outline": [[0, 0], [60, 0], [60, 30], [0, 30]],
         "walls": [{"material": "concrete", "path": [[0, 0], [60, 0], [60, 30], [0, 30], [0, 0]]},
                   {"material": "drywall", "path": [[20, 0], [20, 12]]},
                   {"material": "glass", "path": [[20, 12], [20, 18]]},
                   {"material": "my-panel", "path": [[33.33, 7.77], [41.07, 19.91]]}],
         "zones": [{"name": "Hall", "use": "counter-service", "headcount": 120,
                    "polygon": [[0, 0], [20, 0], [20, 30], [0, 30]]},
                   {"name": "Office", "use": "office", "headcount": 45, "polygon": [[20, 0], [60, 0], [60, 12], [20, 12]]}],
         "telecom_rooms": [{"name": "MDF", "kind": "mdf", "at": [30, 20]}], "risers": [{"name": "R1", "at": [31, 20]}]},
        {"name": "2F", "elevation_m": 4, "height_m": 3.5, "slab": "concrete-slab",
         "outline": [[0, 0], [60, 0], [60, 30], [0, 30]],
         "walls": [{"material": "brick", "path": [[10.37, 3.21], [40.11, 3.21], [40.11, 25.55]]}],
         "risers": [{"name": "R1", "at": [31, 20]}]},
    ],
    "materials": {"my-panel": {"2.4": 5.5, "5": 7.25, "6": 8.0}},
}
PLAN = {
    "aps": [
        {"name": "AP1", "floor": "1F", "at": [12.5, 8.03],
         "radios": {"5": {"channel": 42, "width_mhz": 80, "tx_power_dbm": 17}, "2.4": {"channel": 6, "tx_power_dbm": 12.5}}},
        {"name": "AP2", "floor": "2F", "at": [45.27, 20.11], "height_m": 3.1,
         "radios": {"6": {"channel": 3, "width_mhz": 40, "tx_power_dbm": 20}}},
        {"name": "AP3", "floor": "2F", "at": [0.01, 29.99], "radios": {"5": {"channel": 100, "tx_power_dbm": 14}}},
    ]
}


@pytest.fixture(scope="module")
def exported() -> bytes:
    return export_esx(Plan.model_validate(PLAN), Building.model_validate(BUILDING))


@pytest.fixture(scope="module")
def imported(exported: bytes, tmp_path_factory):
    path = tmp_path_factory.mktemp("esx") / "rt.esx"
    path.write_bytes(exported)
    return import_esx(path)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.mark.parametrize("band, channel, width, freqs", [
    ("5", 42, 80, [5180, 5200, 5220, 5240]), ("5", 36, 20, [5180]), ("2.4", 14, 20, [2484]),
    ("6", 3, 40, [5955, 5975]), ("6", 15, 160, [5955 + 20 * k for k in range(8)]), ("2.4", 1, 20, [2412]),
])
def test_channel_frequencies_both_ways(band: str, channel: int, width: int, freqs: list[float]) -> None:
    assert narrow_channels_mhz(band, channel, width) == freqs
    assert channel_from_mhz(freqs) == (band, channel, width)


def test_export_members_and_keys(exported: bytes) -> None:
    m = members(exported)
    images = [n for n in m if n.startswith("image-")]
    assert set(m) - set(images) == set(EXPORT_MEMBERS)
    assert len(images) == 2 and all(m[n][:8] == b"\x89PNG\r\n\x1a\n" for n in images)
    for name in EXPORT_MEMBERS:
        if name.endswith(".json"):
            data = json.loads(m[name])
            assert list(data) == [name.removesuffix(".json")]
    fp = json.loads(m["floorPlans.json"])["floorPlans"][0]
    assert {"id", "name", "width", "height", "metersPerUnit", "imageId", "bitmapImageId", "cropMinX", "cropMinY",
            "cropMaxX", "cropMaxY", "rotateUpDirection"} <= set(fp)
    assert f"image-{fp['imageId']}" in m
    wt = json.loads(m["wallTypes.json"])["wallTypes"]
    concrete = next(w for w in wt if w["name"] == "concrete")
    assert [p["band"] for p in concrete["propagationProperties"]] == ["TWO", "FIVE", "SIX"]
    # dB per metre × thickness = the library's loss per crossing (concrete: 12/20/22 dB)
    assert_allclose([p["attenuationFactor"] * concrete["thickness"] for p in concrete["propagationProperties"]],
                    [12, 20, 22])
    seg = json.loads(m["wallSegments.json"])["wallSegments"][0]
    assert set(seg) >= {"id", "wallPoints", "wallTypeId"} and len(seg["wallPoints"]) == 2
    wp = json.loads(m["wallPoints.json"])["wallPoints"][0]
    assert set(wp["location"]) == {"floorPlanId", "coord"} and set(wp["location"]["coord"]) == {"x", "y"}
    radios = json.loads(m["simulatedRadios.json"])["simulatedRadios"]
    r5 = next(r for r in radios if r["channelByCenterFrequencyDefinedNarrowChannels"][0] == 5180)
    assert r5["channel"] == [36, 40, 44, 48] and r5["transmitPower"] == 17 and r5["antennaHeight"] == 2.7
    area = json.loads(m["areas.json"])["areas"][0]
    assert area["capacityItems"][0]["deviceCount"] in (120, 45)
    assert len(area["area"]) == 4


def test_export_is_deterministic(exported: bytes) -> None:
    again = export_esx(Plan.model_validate(PLAN), Building.model_validate(BUILDING))
    assert again == exported


def test_pixels_are_top_left_y_down(exported: bytes) -> None:
    m = members(exported)
    fp = json.loads(m["floorPlans.json"])["floorPlans"][0]
    ap = next(a for a in json.loads(m["accessPoints.json"])["accessPoints"] if a["name"] == "AP3")
    mpu, h = fp["metersPerUnit"], fp["height"]
    assert ap["location"]["coord"]["x"] * mpu == pytest.approx(0.01)
    assert (h - ap["location"]["coord"]["y"]) * mpu == pytest.approx(29.99)


def segs(building: Building, floor: str) -> list[tuple]:
    out = []
    for w in building.floor(floor).walls:
        for a, b in zip(w.path[:-1], w.path[1:]):
            out.append((w.material.removeprefix("esx-"), *sorted([tuple(a), tuple(b)])))
    return sorted(out)


def test_round_trip_walls_within_1_cm(imported) -> None:
    original = Building.model_validate(BUILDING)
    b = imported.building
    for floor in ("1F", "2F"):
        got, want = segs(b, floor), segs(original, floor)
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert g[0] == w[0]
            assert_allclose(np.array(g[1:]), np.array(w[1:]), atol=0.01)
    assert b.materials["esx-my-panel"].loss_db == pytest.approx({"2.4": 5.5, "5": 7.25, "6": 8.0})


def test_round_trip_aps_and_channels(imported) -> None:
    plan = imported.plan
    want = {a["name"]: a for a in PLAN["aps"]}
    assert sorted(a.name for a in plan.aps) == sorted(want)
    for ap in plan.aps:
        w = want[ap.name]
        assert ap.floor == w["floor"]
        assert_allclose(ap.at, w["at"], atol=0.01)
        assert sorted(ap.radios) == sorted(w["radios"])
        for band, r in w["radios"].items():
            # the same channel block; the import writes its primary 20 MHz channel (42 at 80 MHz -> 36)
            width = r.get("width_mhz", 20)
            assert ap.radios[band].channel == primary_channel(band, r["channel"], width)
            assert ap.radios[band].width_mhz == width
            assert ap.radios[band].tx_power_dbm == pytest.approx(r["tx_power_dbm"])
    assert {a.name: a.height_m for a in plan.aps} == {"AP1": 2.7, "AP2": 3.1, "AP3": 2.7}


def test_round_trip_floors_zones_and_validity(imported) -> None:
    b = imported.building
    assert [(f.name, f.elevation_m, f.height_m) for f in b.floors] == [("1F", 0, 4), ("2F", 4, 3.5)]
    zones = {z.name: (z.use, z.headcount) for z in b.floor("1F").zones}
    assert zones == {"Hall": ("counter-service", 120), "Office": ("office", 45)}
    assert [p for p in validate_building(b) if p.severity == "error"] == []
    assert b.floor("2F").outline  # little drawn on 2F: takes the building's outline
    assert imported.report.count("guessed", "telecom room") == 2


def write_zip(path: Path, entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def test_zip_slip_is_rejected(tmp_path: Path, exported: bytes) -> None:
    entries = members(exported)
    for evil in ("../../etc/cron.d/x", "/abs/path.json", "C:\\windows\\x.json", "a/../../b.json"):
        bad = write_zip(tmp_path / "slip.esx", {**entries, evil: b"{}"})
        with pytest.raises(InputError, match="unsafe member name"):
            import_esx(bad)


def test_zip_bomb_is_rejected(tmp_path: Path) -> None:
    bomb = write_zip(tmp_path / "bomb.esx", {"floorPlans.json": b"0" * (8 << 20)})
    with pytest.raises(LimitError, match="zip bomb"):
        import_esx(bomb)


def test_not_an_ekahau_file(tmp_path: Path) -> None:
    (tmp_path / "x.esx").write_bytes(b"plain text")
    with pytest.raises(InputError, match="not a ZIP"):
        import_esx(tmp_path / "x.esx")
    old = write_zip(tmp_path / "old.esx", {"project.xml": b"<project/>"})
    with pytest.raises(InputError, match="before version 10"):
        import_esx(old)
    empty = write_zip(tmp_path / "empty.esx", {"version": b"1"})
    with pytest.raises(InputError, match="floorPlans"):
        import_esx(empty)


def test_import_real_style_records(tmp_path: Path) -> None:
    """Older files: channel lists only, a wall type with a name not in the library, crop offsets.

    The bitmap is stored at twice the floor plan's width: coordinates are floor-plan units,
    so the bitmap's resolution plays no part in the scale (issue 14: 6.3× too large).
    """
    fp = {"id": "fp", "name": "Ground", "width": 1000.0, "height": 500.0, "metersPerUnit": 0.1,
          "imageId": "img", "bitmapImageId": "img", "cropMinX": 100.0, "cropMinY": 0.0, "cropMaxX": 900.0, "cropMaxY": 400.0}
    entries = {
        "floorPlans.json": json.dumps({"floorPlans": [fp]}).encode(),
        "images.json": json.dumps({"images": [{"id": "img", "resolutionWidth": 2000, "resolutionHeight": 1000}]}).encode(),
        "wallTypes.json": json.dumps({"wallTypes": [{"id": "wt", "name": "Wall, Concrete", "thickness": 0.5,
            "propagationProperties": [{"band": b, "attenuationFactor": 24.0} for b in ("TWO", "FIVE", "SIX")]}]}).encode(),
        "wallPoints.json": json.dumps({"wallPoints": [
            {"id": "p1", "location": {"floorPlanId": "fp", "coord": {"x": 100, "y": 400}}},
            {"id": "p2", "location": {"floorPlanId": "fp", "coord": {"x": 300, "y": 400}}}]}).encode(),
        "wallSegments.json": json.dumps({"wallSegments": [{"id": "s", "wallPoints": ["p1", "p2"], "wallTypeId": "wt"}]}).encode(),
        "accessPoints.json": json.dumps({"accessPoints": [
            {"id": "a", "name": "AP-1", "mine": True, "location": {"floorPlanId": "fp", "coord": {"x": 200, "y": 300}}},
            {"id": "n", "name": "neighbour", "mine": False, "location": {"floorPlanId": "fp", "coord": {"x": 1, "y": 1}}}]}).encode(),
        "simulatedRadios.json": json.dumps({"simulatedRadios": [
            {"id": "r1", "accessPointId": "a", "accessPointIndex": 0, "channel": [11], "transmitPower": 13.9794},
            {"id": "r2", "accessPointId": "a", "accessPointIndex": 1, "channel": [36, 40], "transmitPower": 20, "antennaHeight": 3.0}]}).encode(),
    }
    res = import_esx(write_zip(tmp_path / "old-style.esx", entries), country="JP")
    f = res.building.floors[0]
    # x_m = (x − cropMinX) × 0.1 = (300 − 100) × 0.1 = 20; y_m = (cropMaxY − y) × 0.1 = 0
    assert f.walls[0].path == [[0.0, 0.0], [20.0, 0.0]]
    assert f.walls[0].material == "esx-wall-concrete"
    assert res.building.materials["esx-wall-concrete"].loss_db == {"2.4": 12.0, "5": 12.0, "6": 12.0}
    (ap,) = res.plan.aps
    # (200 − 100) × 0.1 = 10; (400 − 300) × 0.1 = 10
    assert ap.at == [10.0, 10.0] and ap.height_m == 3.0
    assert ap.radios["2.4"].channel == 11 and ap.radios["2.4"].tx_power_dbm == pytest.approx(13.98)
    assert ap.radios["5"].channel == 36 and ap.radios["5"].width_mhz == 40  # channels [36, 40]: primary 36 (centre 38)
    assert res.report.count("skipped", "accessPoint") == 1
    assert [p for p in validate_building(res.building) if p.severity == "error"] == []
