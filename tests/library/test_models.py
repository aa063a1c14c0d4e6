"""Shipped materials, usage profiles and radio presets: sources, ranges and orderings."""

from __future__ import annotations

import pydantic
import pytest

from wifiplan.library import ApPreset, Material, Profile, load_library

LIB = load_library()
BANDS = ("2.4", "5", "6")

REQUIRED_MATERIALS = [
    "drywall", "glass", "low-e-glass", "wood-door", "metal-door", "brick", "concrete-block",
    "concrete", "concrete-slab", "elevator-shaft", "metal", "cubicle",
]
REQUIRED_PROFILES = [
    "office", "office-web-meetings", "meeting-room", "paperless-meeting", "counter-service",
    "council-chamber", "auditorium", "break-room", "circulation", "warehouse",
]
REQUIRED_APS = ["wifi6-2x2", "wifi6-4x4", "wifi6e-2x2", "wifi6e-4x4", "wifi7-2x2", "wifi7-4x4"]
REQUIRED_CLIENTS = ["laptop", "phone", "tablet"]


@pytest.mark.parametrize("name", REQUIRED_MATERIALS)
def test_required_material_present(name: str) -> None:
    assert name in LIB.materials
    assert LIB.materials[name].name == name


@pytest.mark.parametrize("name", sorted(LIB.materials))
def test_material_has_source_all_bands_and_plausible_loss(name: str) -> None:
    mat = LIB.materials[name]
    assert mat.source.strip() and mat.description.strip()
    assert "[S" in mat.source or mat.estimate
    assert set(mat.loss_db) == set(BANDS)
    for band in BANDS:
        assert 0 < mat.loss_db[band] < 60
    assert mat.color.startswith("#") and len(mat.color) == 7
    assert 0 < mat.thickness_m <= 0.5
    if mat.estimate:
        assert mat.note or "estimate" in mat.source


@pytest.mark.parametrize("band", BANDS)
@pytest.mark.parametrize(
    ("heavier", "lighter"),
    [
        ("concrete", "drywall"),
        ("heavy-concrete", "concrete"),
        ("low-e-glass", "glass"),
        ("metal-door", "wood-door"),
        ("elevator-shaft", "concrete"),
        ("drywall", "cubicle"),
    ],
)
def test_material_ordering_per_band(heavier: str, lighter: str, band: str) -> None:
    assert LIB.materials[heavier].loss_db[band] > LIB.materials[lighter].loss_db[band]


@pytest.mark.parametrize(
    "name", ["concrete", "heavy-concrete", "concrete-block", "concrete-slab", "low-e-glass"]
)
def test_heavy_material_loss_grows_with_frequency(name: str) -> None:
    loss = LIB.materials[name].loss_db
    assert loss["2.4"] < loss["5"] < loss["6"]


def test_concrete_matches_p2040_slab_150mm() -> None:
    # P.2040 slab, concrete 150 mm: 11.5 / 20.2 / 22.1 dB (standards.md 1.8c), rounded.
    loss = LIB.materials["concrete"].loss_db
    assert loss == {"2.4": 12.0, "5": 20.0, "6": 22.0}


def test_concrete_slab_uses_p1238_floor_values() -> None:
    # P.1238 office, one floor: 14 dB at 2.4 GHz [S7], 16 dB at 5.2 GHz [S1].
    loss = LIB.materials["concrete-slab"].loss_db
    assert loss["2.4"] == 14.0 and loss["5"] == 16.0
    assert loss["6"] == pytest.approx(16.0 * 28.9 / 26.5, abs=0.1)


def test_material_rejects_missing_band_and_bad_colour() -> None:
    good = dict(name="x", description="d", source="[S1]", color="#000000", thickness_m=0.1)
    with pytest.raises(pydantic.ValidationError, match="every band"):
        Material(loss_db={"2.4": 1, "5": 2}, **good)
    with pytest.raises(pydantic.ValidationError, match="color"):
        Material(loss_db={"2.4": 1, "5": 2, "6": 3}, **{**good, "color": "grey"})
    mat = Material(loss_db={2.4: 1, 5: 2, 6: 3}, **good)  # YAML gives numeric keys
    assert mat.loss_db == {"2.4": 1.0, "5": 2.0, "6": 3.0}
    with pytest.raises(pydantic.ValidationError):
        mat.thickness_m = 0.2  # frozen


@pytest.mark.parametrize("name", REQUIRED_PROFILES)
def test_required_profile_present(name: str) -> None:
    assert name in LIB.profiles


@pytest.mark.parametrize("name", sorted(LIB.profiles))
def test_profile_fields_in_range(name: str) -> None:
    prof = LIB.profiles[name]
    assert prof.source.strip() and "[S" in prof.source
    assert 0.5 <= prof.devices_per_person <= 4
    assert 0 < prof.concurrency <= 1
    assert 0 < prof.down_mbps <= 25 and 0 < prof.up_mbps <= 25
    assert prof.up_mbps <= prof.down_mbps
    assert 0.5 <= prof.occupancy_m2_per_person <= 100
    assert prof.client in LIB.client_presets
    assert prof.active_devices_per_person == pytest.approx(
        prof.devices_per_person * prof.concurrency
    )


def test_web_meetings_profile_carries_hd_group_video() -> None:
    # Teams HD group video: 2 Mbit/s down, 1 Mbit/s up [S45] per active device, plus background.
    prof = LIB.profiles["office-web-meetings"]
    assert prof.down_mbps >= 2.0 and prof.up_mbps >= 1.0
    assert prof.down_mbps > LIB.profiles["office"].down_mbps
    assert LIB.profiles["paperless-meeting"].client == "tablet"


def test_profile_rejects_concurrency_above_one() -> None:
    with pytest.raises(pydantic.ValidationError, match="concurrency"):
        Profile(name="p", description="d", source="s", devices_per_person=1, concurrency=1.5,
                down_mbps=1, up_mbps=1, occupancy_m2_per_person=10, client="phone")


@pytest.mark.parametrize("name", REQUIRED_APS)
def test_ap_preset(name: str) -> None:
    ap = LIB.ap_presets[name]
    assert ap.source.strip()
    assert ap.generation == name.split("-")[0]
    assert ap.streams == int(name[-1])
    assert set(ap.max_tx_power_dbm) == set(ap.bands) == set(ap.antenna_gain_dbi)
    assert ("6" in ap.bands) == (ap.generation != "wifi6")
    assert (320 in ap.widths_mhz) == (ap.generation == "wifi7")
    assert all(10 <= p <= 30 for p in ap.max_tx_power_dbm.values())
    assert all(0 <= g <= 10 for g in ap.antenna_gain_dbi.values())
    assert 30 <= ap.max_clients_per_radio <= 75  # [S47] tiers, [S41]
    assert ap.power_w <= ap.pse_power_w


# PoE class -> (PSE W, PD W) per [S84].
POE = {4: (30.0, 25.5), 5: (45.0, 40.0), 6: (60.0, 51.0), 7: (75.0, 62.0), 8: (90.0, 71.3)}


@pytest.mark.parametrize("name", REQUIRED_APS)
def test_ap_poe_matches_class_table(name: str) -> None:
    ap = LIB.ap_presets[name]
    assert (ap.pse_power_w, ap.power_w) == POE[ap.poe_class]
    if ap.generation == "wifi7":
        assert ap.poe_class >= 7  # 802.3bt Type 4 [S85]
    if ap.generation == "wifi6e":
        assert ap.poe_class in (5, 6)  # 802.3bt Type 3 [S85]


def test_ap_preset_rejects_band_mismatch() -> None:
    data = LIB.ap_presets["wifi6-2x2"].model_dump()
    data["max_tx_power_dbm"] = {"2.4": 20.0}
    with pytest.raises(pydantic.ValidationError, match="max_tx_power_dbm"):
        ApPreset(**data)


@pytest.mark.parametrize("name", REQUIRED_CLIENTS)
def test_client_preset(name: str) -> None:
    client = LIB.client_presets[name]
    assert client.source.strip()
    assert client.antenna_gain_dbi == 0.0  # an estimate (0 dBi, no source)
    assert 10 <= client.tx_power_dbm <= 20
    assert client.streams in (1, 2)
    assert client.max_width_mhz in (80, 160)
    assert client.max_width_mhz in LIB.mcs.data_subcarriers


def test_weakest_client_is_phone_at_12_dbm() -> None:
    # [S31]: phone / tablet about 12 dBm max; laptops stronger.
    assert LIB.client_presets["phone"].tx_power_dbm == 12.0
    assert LIB.client_presets["laptop"].tx_power_dbm > LIB.client_presets["phone"].tx_power_dbm
