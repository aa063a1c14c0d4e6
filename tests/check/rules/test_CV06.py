"""CV06 coverage.uplink: the weakest expected client reaches its AP."""

from __future__ import annotations

import numpy as np
import pytest

from tests.check.helpers import needs, run, write_project
from tests.check.issue12 import NEW_MODEL, ap5, hall

LAPTOPS = "profiles:\n  laptops: {devices_per_person: 1, concurrency: 0.5, down_mbps: 1, client_mix: {laptop: 1.0}}\n"


def _ap(x, tx=20.0):
    a = ap5("A" + str(x), x, tx=tx)
    a["antenna_gain_dbi"] = {"5": 5}
    return a


@pytest.fixture(autouse=True)
def _rf():
    needs("wifiplan.rf.maps")


# Free space (legacy multiwall), 5180 MHz: FSPL(1 m) = 46.74 dB. Uplink at the AP =
# RSSI - tx + client EIRP = (20 + 5 - 46.74 - 20·log10 d) - 20 + client = client - 41.74 - 20·log10 d.
# Phone (12 dBm): >= -55 dBm needs d <= 10^((12 - 41.74 + 55) / 20) = 18.3 m -> one AP in the
# middle of a 60 m hall reaches about 61 % of it. Laptop (18 dBm): d <= 36.6 m -> all of it
# (the farthest point is 30.5 m away).
def test_phone_uplink_fails_where_the_downlink_is_fine(tmp_path):
    building = hall(use="office", requirements="min_uplink_rssi_dbm: -55\n")
    report = run(write_project(tmp_path, building=building, aps=[_ap(30)], spares=[]), "CV06")
    assert [(f.id, f.location.floor) for f in report.findings] == [("CV06", "1F")]
    # by hand over the 1 m grid (cell centres): the phone transmits tx_power + antenna gain
    from wifiplan.library import load_library

    phone = load_library().client_presets["phone"]
    eirp = phone.tx_power_dbm + phone.antenna_gain_dbi  # 12 dBm
    reach_m = 10 ** ((eirp - 41.74 + 55) / 20)           # 18.3 m
    x, y = np.meshgrid(np.arange(0.5, 60), np.arange(0.5, 10))
    share = float(np.mean(np.sqrt((x - 30) ** 2 + (y - 5) ** 2 + 1.7**2) <= reach_m))
    assert report.findings[0].value == pytest.approx(share, abs=0.02)


def test_laptops_only_pass(tmp_path):
    building = hall(use="laptops", requirements="min_uplink_rssi_dbm: -55\n", extra=LAPTOPS)
    assert run(write_project(tmp_path, building=building, aps=[_ap(30)], spares=[]), "CV06").findings == []


def test_three_aps_pass_for_phones(tmp_path):
    building = hall(use="office", requirements="min_uplink_rssi_dbm: -55\n")
    aps = [_ap(10), _ap(30), _ap(50)]
    assert run(write_project(tmp_path, building=building, aps=aps, spares=[]), "CV06").findings == []


def test_new_model_uses_min_rssi_and_legacy_is_untouched(tmp_path):
    # min_rssi_dbm -45 as the uplink level by default (new model); legacy: not checked
    building = hall(use="office", requirements="min_rssi_dbm: -45\n")
    report = run(write_project(tmp_path, building=building, aps=[_ap(30)], spares=[], settings=NEW_MODEL), "CV06")
    assert [(f.id, f.limit) for f in report.findings] == [("CV06", 0.95)] and "-45" in report.findings[0].message
    (tmp_path / "legacy").mkdir()
    assert run(write_project(tmp_path / "legacy", building=building, aps=[_ap(30)], spares=[]), "CV06").findings == []
