"""Format 1 is a contract: plans on the legacy ``multiwall`` model evaluate exactly as before issue 12.

The numbers below were computed with the code of commit 593bed0 (before the multiwall-office
model, the slab materials and the device offsets were added) and must never change.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.io.project import load_project
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Radio, Settings
from wifiplan.rf.coverage import coverage_summary
from wifiplan.rf.engine import rssi_dbm
from wifiplan.rf.maps import coverage_maps
from wifiplan.rf.settings import effective_settings, make_settings

REPO = Path(__file__).resolve().parents[2]

# examples/small-office.plan.yaml, floor 1F: (cells, sum of best RSSI, sum of SNR, best RSSI at 4 cells)
SMALL_OFFICE = {
    "2.4": (582, -23084.30546, 30459.69454, [-46.36759, -37.956306, -43.047072, -53.644268]),
    "5": (582, -23330.005029, 28456.005821, [-46.056799, -37.645515, -43.736281, -55.333476]),
    "6": (582, -25410.172363, 26375.838487, [-49.261327, -40.850043, -47.940809, -60.538005]),
}


@pytest.mark.parametrize("band", ["2.4", "5", "6"])
def test_shipped_example_plan_evaluates_as_before(band):
    project = load_project(REPO / "examples" / "small-office.plan.yaml")
    building, plan = project.building.model, project.plan.model
    assert plan.settings.model == "multiwall"
    maps = coverage_maps(building, effective_settings(building, plan.settings), plan.aps, "1F", band)
    n, rssi_sum, snr_sum, samples = SMALL_OFFICE[band]
    finite = np.isfinite(maps.best_rssi_dbm)
    assert maps.grid.n == n
    assert_allclose(float(np.sum(maps.best_rssi_dbm[finite])), rssi_sum, atol=1e-5)
    assert_allclose(float(np.sum(maps.snr_db[finite])), snr_sum, atol=1e-5)
    assert_allclose(maps.best_rssi_dbm[[0, n // 3, n // 2, n - 1]], samples, atol=1e-6)


def _three_floors() -> tuple[Building, list[AccessPoint]]:
    floors = [{"name": name, "elevation_m": 3.8 * i, "height_m": 3.8, "ap_height_m": 2.7, "slab": "concrete-slab",
               "outline": [[0, 0], [30, 0], [30, 15], [0, 15]],
               "walls": [{"material": "concrete", "path": [[0, 0], [30, 0], [30, 15], [0, 15], [0, 0]]},
                         {"material": "drywall", "path": [[12, 0], [12, 15]]}]}
              for i, name in enumerate(("1F", "2F", "3F"))]
    building = Building.model_validate({"name": "legacy", "country": "JP", "floors": floors})
    gains = {"5": 5, "2.4": 4}
    aps = [AccessPoint(name="A", floor="1F", at=[5, 5], antenna_gain_dbi=gains,
                       radios={"5": Radio(channel=36, tx_power_dbm=17), "2.4": Radio(channel=1, tx_power_dbm=14)}),
           AccessPoint(name="B", floor="2F", at=[20, 10], antenna_gain_dbi=gains,
                       # 20 MHz: "100 at 40 MHz" was read as a centre index (5500 MHz) before plans wrote
                       # primary channels; it now reads as the primary of 100+104 (5510 MHz, issue 12 def. 10)
                       radios={"5": Radio(channel=100, width_mhz=20, tx_power_dbm=20), "2.4": Radio(channel=6, tx_power_dbm=14)})]
    return building, aps


# RSSI (dBm) of APs A and B at (5, 5), (25, 12), (14, 3) on each floor, computed at 593bed0.
THREE_FLOORS = {
    ("2.4", "1F"): [[-26.706524, -51.647873, -44.536941], [-60.662567, -53.913994, -56.80352]],
    ("2.4", "2F"): [[-42.541932, -62.662457, -55.611407], [-49.216427, -37.223656, -41.626505]],
    ("2.4", "3F"): [[-65.514586, -76.944294, -70.882477], [-60.242452, -51.425875, -55.700972]],
    ("5", "1F"): [[-29.345574, -55.286923, -48.17599], [-62.73271, -55.984137, -58.873663]],
    ("5", "2F"): [[-47.180981, -67.301506, -60.250456], [-50.28657, -37.293799, -41.696648]],
    ("5", "3F"): [[-72.153635, -83.583344, -77.521526], [-62.312596, -53.496019, -57.771115]],
}


@pytest.mark.parametrize(("band", "floor"), sorted(THREE_FLOORS))
def test_legacy_cross_floor_numbers_are_unchanged(band, floor):
    building, aps = _three_floors()
    settings = make_settings(building)
    assert settings.model == "multiwall" and settings.materials["concrete-slab"]["5"] == 16.0
    got = rssi_dbm(building, settings, aps, band, floor, np.array([[5, 5], [25, 12], [14, 3]], dtype=float))
    assert_allclose(got, THREE_FLOORS[(band, floor)], atol=1e-6)


def test_default_settings_stay_legacy():
    # the planner and Settings() stay on the legacy model on this branch (i12c switches them)
    s = Settings()
    assert (s.model, s.path_loss_exponent, s.noise_floor_dbm) == ("multiwall", 2.0, {"2.4": -92.0, "5": -95.0, "6": -95.0})
    assert "client_signal_offset_db" not in s.params


def test_legacy_coverage_shares_ignore_device_offsets():
    # a legacy plan has no recorded device offset: shares are those of the raw RSSI
    building, aps = _three_floors()
    settings = make_settings(building)
    shares = {f.floor: f.requirements[0].share for f in coverage_summary(building, settings, aps)}
    maps = coverage_maps(building, settings, aps, "3F", "5")
    assert_allclose(shares["3F"], float(np.mean(maps.best_rssi_dbm >= -67 - 1e-9)), atol=1e-12)
