"""Device profiles: signal offsets of the client presets and the weakest device a building expects."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.rf.helpers import ap, building, settings
from wifiplan.errors import ConfigError
from wifiplan.library import load_library
from wifiplan.model.plan import Settings
from wifiplan.rf import devices
from wifiplan.rf.coverage import coverage_summary, requirement_shares
from wifiplan.rf.devices import device_offset_db, expected_clients, weakest_client
from wifiplan.rf.maps import coverage_maps

SQUARE = [[0, 0], [20, 0], [20, 10], [0, 10]]


def _zones(*uses_and_heads):
    zones = []
    for i, (use, heads) in enumerate(uses_and_heads):
        x0 = 4 * i
        zones.append({"name": f"z{i}", "use": use, "headcount": heads,
                      "polygon": [[x0, 0], [x0 + 4, 0], [x0 + 4, 10], [x0, 10]]})
    return building([{"zones": zones}])


@pytest.mark.parametrize(("name", "offset"), [("laptop", 0.0), ("tablet", -3.0), ("phone", -5.0)])
def test_shipped_presets_carry_offsets_phones_weaker_than_laptops(name, offset):
    # Ekahau device offsets: phones about 5-10 dB under the survey adapter (standards.md §2.7)
    preset = load_library().client_presets[name]
    assert preset.signal_offset_db == offset
    assert "signal offset" in preset.source.lower()


def test_phone_is_weaker_than_tablet_and_laptop_both_ways():
    lib = load_library().client_presets
    assert lib["phone"].signal_offset_db < lib["tablet"].signal_offset_db < lib["laptop"].signal_offset_db
    assert lib["phone"].tx_power_dbm < lib["laptop"].tx_power_dbm  # 12 vs 18 dBm [S31], [S34]


def test_expected_clients_come_from_zones_with_people():
    # the shipped profiles' client_mix keys (i12b): office {laptop, laptop-wifi6, phone},
    # counter-service {phone, laptop-wifi6}; an empty paperless meeting's tablet does not count
    b = _zones(("office", 10), ("counter-service", 3), ("paperless-meeting", 0))
    assert expected_clients(b) == ["laptop", "laptop-wifi6", "phone"]
    assert weakest_client(b).name == "phone" and weakest_client(b).signal_offset_db == -5.0


def test_without_people_the_buildings_ap_client_is_the_device():
    b = building([{}], ap={"client": "tablet"})
    assert expected_clients(b) == ["tablet"]
    assert weakest_client(b).tx_power_dbm == 14.0


def test_client_mix_keys_win_over_client(monkeypatch):
    # i12b's profiles gain client_mix {preset: share}; the listed devices are the expected ones
    lib = load_library()
    fake = SimpleNamespace(client_presets=lib.client_presets,
                           profiles={"mixed": SimpleNamespace(client="laptop", client_mix={"laptop": 0.7, "tablet": 0.3}),
                                     "zero": SimpleNamespace(client="laptop", client_mix={"laptop": 1.0, "phone": 0.0})})
    monkeypatch.setattr(devices, "_library", lambda: fake)
    assert expected_clients(_zones(("mixed", 5))) == ["laptop", "tablet"]
    assert expected_clients(_zones(("zero", 5))) == ["laptop"]  # a zero share expects no such device
    assert weakest_client(_zones(("mixed", 5), ("zero", 2))).name == "tablet"


def test_unknown_preset_named_by_a_profile_is_a_config_error():
    b = building([{"zones": [{"name": "z", "use": "mine", "headcount": 1, "polygon": SQUARE}]}],
                 profiles={"mine": {"devices_per_person": 1, "concurrency": 1, "down_mbps": 1, "client": "watch"}})
    with pytest.raises(ConfigError, match="unknown client preset 'watch'.*laptop, laptop-wifi6, legacy-2g4, phone, tablet"):
        weakest_client(b)


def test_unknown_use_is_a_config_error():
    b = building([{"zones": [{"name": "z", "use": "nosuch", "headcount": 1, "polygon": SQUARE}]}])
    with pytest.raises(ConfigError, match="unknown use 'nosuch'"):
        expected_clients(b)


@pytest.mark.parametrize("bad", ["loud", 15.0, -25.0])
def test_bad_recorded_offset_is_a_config_error(bad):
    with pytest.raises(ConfigError, match="settings.params.client_signal_offset_db"):
        device_offset_db(Settings(params={"client_signal_offset_db": bad}))


def test_coverage_requirements_apply_to_rssi_plus_offset():
    # one AP, -3 dBm, 0 dBi, free space (legacy model): the share at -67 dBm with a -5 dB device
    # equals the raw share at -62 dBm
    b = building([{}])
    aps = [ap("A", [2.0, 5.0], height=2.7, tx=-3.0)]
    plain = settings()
    phone = settings(params={"client_signal_offset_db": -5.0})
    maps = coverage_maps(b, plain, aps, "1F", "5")
    raw_62 = float(np.mean(maps.best_rssi_dbm >= -62 - 1e-9))
    raw_67 = float(np.mean(maps.best_rssi_dbm >= -67 - 1e-9))
    got = coverage_summary(b, phone, aps)[0].requirements[0].share
    assert_allclose(got, raw_62, atol=1e-12)
    assert raw_62 < raw_67  # the offset bites on this floor (so the test can fail)
    assert_allclose(requirement_shares(b, maps)[0].share, raw_67, atol=1e-12)
