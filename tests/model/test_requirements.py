"""Issue-12 requirements and profile fields: new-model defaults, legacy plans untouched, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL_BUILDING
from wifiplan.errors import InputError
from wifiplan.library import load_library
from wifiplan.model.building import NEW_REQUIREMENT_DEFAULTS, Building, ProfileDef, Requirements
from wifiplan.model.resolve import resolve_profile
from wifiplan.model.validate import validate_building


def test_legacy_model_gets_none_of_the_new_defaults():
    r = Requirements().effective("multiwall")
    for name in NEW_REQUIREMENT_DEFAULTS:
        assert getattr(r, name) is None, name
    assert r.min_uplink_rssi_dbm is None


def test_new_model_gets_every_default():
    r = Requirements(min_rssi_dbm=-65).effective("multiwall-office")
    assert r.max_co_channel_aps == {"2.4": 3, "5": 2, "6": 2}
    assert r.min_eirp_dbm == {"2.4": 3.0, "5": 9.0, "6": 9.0}   # 2.4 GHz 6 dB under 9 dBm
    assert r.min_own_floor_share == 0.9 and r.realtime_secondary_rssi_dbm == -75.0
    assert r.check_associated_clients and r.non_dfs_critical and r.client_contention
    assert r.min_uplink_rssi_dbm == -65.0        # the uplink follows the primary level


def test_explicit_requirement_applies_to_legacy_plans_and_merges_bands():
    r = Requirements(max_co_channel_aps={"5": 1}).effective("multiwall")
    assert r.max_co_channel_aps == {"5": 1}
    merged = Requirements(max_co_channel_aps={"5": 1}).effective("p1238")
    assert merged.max_co_channel_aps == {"2.4": 3, "5": 1, "6": 2}


def test_client_mix_must_sum_to_one():
    with pytest.raises(ValueError, match="sum to 1"):
        ProfileDef(devices_per_person=1, concurrency=0.5, down_mbps=1, client_mix={"laptop": 0.5, "phone": 0.3})


@pytest.mark.parametrize(("line", "field"), [("max_co_channel_aps: {5: 0}", "max_co_channel_aps"),
                                             ("spare_growth: -0.5", "spare_growth")])
def test_bad_requirement_is_a_located_error(tmp_path: Path, line: str, field: str):
    from wifiplan.io.load import load_building

    path = tmp_path / "b.yaml"
    path.write_text(SMALL_BUILDING.replace("  band: 5\n", f"  band: 5\n  {line}\n"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_building(str(path))
    text = str(err.value)
    assert "b.yaml" in text and f"requirements.{field}" in text


def test_bad_client_mix_is_a_located_error(tmp_path: Path):
    from wifiplan.io.load import load_building

    path = tmp_path / "b.yaml"
    path.write_text(SMALL_BUILDING + "profiles:\n  x: {devices_per_person: 1, concurrency: 0.5, down_mbps: 1,"
                    " client_mix: {laptop: 0.7}}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_building(str(path))
    assert "profiles.x" in str(err.value) and "sum to 1" in str(err.value)


def test_unknown_client_in_mix_is_bd14():
    import yaml

    data = yaml.safe_load(SMALL_BUILDING)
    data["profiles"] = {"x": {"devices_per_person": 1, "concurrency": 0.5, "down_mbps": 1,
                              "client_mix": {"lapptop": 1.0}}}
    problems = validate_building(Building.model_validate(data))
    assert [(p.code, p.location.path) for p in problems] == [("BD14", "profiles.x.client_mix.lapptop")]
    assert "laptop" in problems[0].hint


@pytest.mark.parametrize("name", sorted(load_library().profiles))
def test_every_shipped_profile_has_a_mix_and_an_uplink_share_from_its_demand(name):
    p = load_library().profiles[name]
    assert p.client_mix and abs(sum(p.client_mix.values()) - 1) < 1e-9
    assert set(p.client_mix) <= set(load_library().client_presets)
    # uplink share = up / (down + up), rounded to 0.01 (profiles.yaml header)
    assert p.uplink_share == pytest.approx(p.up_mbps / (p.up_mbps + p.down_mbps), abs=0.006)


@pytest.mark.parametrize(("name", "realtime", "critical"), [
    ("office-web-meetings", True, False), ("meeting-room", True, True), ("council-chamber", True, True),
    ("counter-service", False, True), ("office", False, False), ("circulation", False, False),
])
def test_realtime_and_critical_profiles(name, realtime, critical):
    p = load_library().profiles[name]
    assert (p.realtime, p.critical) == (realtime, critical)


def test_devices_without_6ghz():
    lib = load_library().client_presets
    assert "6" not in lib["tablet"].bands and "6" not in lib["laptop-wifi6"].bands
    assert lib["legacy-2g4"].bands == ["2.4"]
    assert list(lib)[:3] == ["laptop", "phone", "tablet"]     # new presets appended at the end


def test_resolved_profile_defaults():
    b = Building.model_validate({
        "floors": [{"name": "1F", "elevation_m": 0, "outline": [[0, 0], [1, 0], [1, 1]]}],
        "profiles": {"x": {"devices_per_person": 1, "concurrency": 0.5, "down_mbps": 3, "up_mbps": 1}}})
    p = resolve_profile(b, "x")
    assert p.mix("phone") == {"phone": 1.0}           # no client: the building's ap.client
    assert p.uplink_share == pytest.approx(0.25)       # 1 / (3 + 1)
    assert not p.realtime and not p.critical
