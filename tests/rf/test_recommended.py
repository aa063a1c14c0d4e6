"""recommended_settings: the new model for new plans, every parameter recorded; the two-storey slab case."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Radio, Settings
from wifiplan.rf.coverage import coverage_summary
from wifiplan.rf.engine import rssi_dbm
from wifiplan.rf.settings import (
    LEGACY_MODEL,
    RECOMMENDED_MODEL,
    effective_settings,
    make_settings,
    recommended_overrides,
    recommended_settings,
)


def two_storey(**extra) -> Building:
    """A two-storey 40 x 20 m concrete building: concrete shell, two drywall corridor walls per floor."""
    shell = [[0, 0], [40, 0], [40, 20], [0, 20], [0, 0]]
    floors = [{"name": name, "elevation_m": 4.0 * i, "height_m": 4.0, "ap_height_m": 2.7, "slab": "concrete-slab",
               "outline": [[0, 0], [40, 0], [40, 20], [0, 20]],
               "walls": [{"material": "concrete", "path": shell},
                         {"material": "drywall", "path": [[0, 7], [40, 7]]},
                         {"material": "drywall", "path": [[0, 13], [40, 13]]}],
               "zones": [{"name": f"office {name}", "use": "office", "headcount": 60,
                          "polygon": [[0, 0], [40, 0], [40, 20], [0, 20]]}],
               "telecom_rooms": [{"name": f"IDF{i + 1}", "kind": "idf", "at": [1, 1]}]}
              for i, name in enumerate(("1F", "2F"))]
    return Building.model_validate({"name": "two storey", "country": "JP", "floors": floors,
                                    "requirements": {"band": 5, "min_rssi_dbm": -67}, **extra})


ONE_AP = [AccessPoint(name="AP1", floor="1F", at=[20, 10], radios={"5": Radio(channel=36, width_mhz=20, tx_power_dbm=17)})]


def test_recommended_settings_record_every_parameter():
    s = recommended_settings(two_storey())
    assert s.model == RECOMMENDED_MODEL == "multiwall-office"
    assert s.path_loss_exponent == 2.0  # free space to the breakpoint (TGax [S9])
    # the office profile's client_mix (i12b) includes phones: the weakest device is the phone (−5 dB)
    assert s.params == {"breakpoint_m": 20.0, "client_signal_offset_db": -5.0, "design_client": "phone",
                        "exponent_beyond_breakpoint": 3.5, "slab_oblique_cap": 1.3}
    assert s.noise_floor_dbm == {"2.4": -89.0, "5": -92.0, "6": -92.0}  # hostap [S24], Cisco voice [S29]
    assert s.materials["concrete-slab"] == {"2.4": 14.8, "5": 26.5, "6": 28.9}  # P.2040 200 mm [S21]
    assert s.materials["drywall"] == {"2.4": 3.0, "5": 4.0, "6": 5.0}
    # a plan file round trip keeps it: nothing is filled in again from the library
    again = effective_settings(two_storey(), Settings.model_validate(s.model_dump(mode="json")))
    assert again == s


def test_the_weakest_device_is_recorded():
    b = two_storey()
    floors = b.model_dump()["floors"]
    floors[1]["zones"][0]["use"] = "counter-service"  # phones
    s = recommended_settings(Building.model_validate({**b.model_dump(), "floors": floors}))
    assert (s.params["design_client"], s.params["client_signal_offset_db"]) == ("phone", -5.0)


def test_overrides_win_and_merge():
    s = recommended_settings(two_storey(), params={"slab_oblique_cap": 2.0}, materials={"drywall": {"5": 6.0}},
                             grid_m=0.5)
    assert s.params["slab_oblique_cap"] == 2.0 and s.params["breakpoint_m"] == 20.0
    assert s.materials["drywall"]["5"] == 6.0 and s.materials["concrete-slab"]["5"] == 26.5
    assert s.grid_m == 0.5


def test_a_building_that_defines_concrete_slab_keeps_its_own():
    b = two_storey(materials={"concrete-slab": {"loss_db": {"2.4": 10, "5": 12, "6": 13}}})
    assert "materials" not in recommended_overrides(b)
    assert recommended_settings(b).materials["concrete-slab"]["5"] == 12.0


def test_make_settings_stays_legacy():
    assert make_settings(two_storey()).model == LEGACY_MODEL == "multiwall"


# Issue 12: in a two-storey 40 x 20 m concrete building one AP left on 1F covered most of 2F
# through the slab at -67 dBm. Measured with this fixture (AP at the centre, 17 dBm + 5 dBi):
#   legacy multiwall:  1F 100 %, 2F 97.5 %      multiwall-office: 1F 100 %, 2F 1.5 %
def _shares(settings: Settings) -> dict[str, float]:
    return {f.floor: f.requirements[0].share for f in coverage_summary(two_storey(), settings, ONE_AP)}


def test_one_ap_on_1f_no_longer_covers_2f_through_the_slab():
    old = _shares(make_settings(two_storey()))
    new = _shares(recommended_settings(two_storey()))
    assert old["2F"] > 0.9  # the defect the issue reports
    assert new["2F"] < 0.05
    assert new["1F"] > 0.9  # the AP still covers its own open-plan floor (TGax: -65 dBm at ~22 m)


def test_directly_above_the_ap_hand_value():
    # AP 1F at (20, 10), 2.7 m; receiver 2F at (20, 10), 4 + 1 = 5 m: dh = 2.3 m, vertical path.
    # PL = FSPL(1 m, 5180) + 20 log10(2.3) + 26.5 = 46.7366 + 7.2346 + 26.5 = 80.471 dB
    # RSSI = 17 dBm + 5 dBi (wifi6e-2x2 preset) - 80.471 = -58.471 dBm
    s = recommended_settings(two_storey())
    got = rssi_dbm(two_storey(), s, ONE_AP, "5", "2F", np.array([[20.0, 10.0]]))
    assert_allclose(float(got[0, 0]), -58.471, atol=1e-3)


@pytest.mark.parametrize("model", ["multiwall", "multiwall-office"])
def test_removing_every_2f_ap_fails_2f_only_under_the_new_model(model):
    # an AP per floor covers each floor; without the 2F AP, 2F fails under the new model
    aps = [*ONE_AP, AccessPoint(name="AP2", floor="2F", at=[20, 10],
                                radios={"5": Radio(channel=40, width_mhz=20, tx_power_dbm=17)})]
    s = recommended_settings(two_storey()) if model == "multiwall-office" else make_settings(two_storey())
    both = {f.floor: f.passed for f in coverage_summary(two_storey(), s, aps)}
    only_1f = {f.floor: f.passed for f in coverage_summary(two_storey(), s, ONE_AP)}
    assert both == {"1F": True, "2F": True}
    assert only_1f["2F"] is (model == "multiwall")
