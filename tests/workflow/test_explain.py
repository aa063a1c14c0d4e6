"""Unmet capacity lines say where: the floor's worst radio and the zone it stands in."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from wifiplan.design.planner import Unmet
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Plan, Radio
from wifiplan.workflow.explain import explain_unmet


def _building() -> Building:
    # a 60 x 40 m auditorium at the library's 1.0 m² per person (2,400 people: what an importer
    # writes) and a 20 x 40 m office with its own headcount
    return Building.model_validate({
        "name": "hall", "country": "JP",
        "floors": [{"name": "1F", "elevation_m": 0, "outline": [[0, 0], [80, 0], [80, 40], [0, 40]],
                    "zones": [{"name": "Cinema", "use": "auditorium", "headcount": 2400,
                               "polygon": [[0, 0], [60, 0], [60, 40], [0, 40]]},
                              {"name": "Office", "use": "office", "headcount": 30,
                               "polygon": [[60, 0], [80, 0], [80, 40], [60, 40]]}]}],
    })


def _plan() -> Plan:
    aps = [AccessPoint(name=n, floor="1F", at=xy, radios={"5": Radio(channel=36, tx_power_dbm=10)})
           for n, xy in (("1F-AP01", [30.0, 20.0]), ("1F-AP02", [70.0, 20.0]))]
    return Plan(aps=aps)


def _per_band(util, assoc):
    ev = SimpleNamespace(ap_names=["1F-AP01", "1F-AP02"], utilization=np.array(util), clients=np.array([10.0, 5.0]),
                         associated=np.array(assoc))
    return {"5": ev}


def test_utilisation_line_names_the_worst_radio_and_its_zone_and_the_guessed_headcount():
    line = Unmet("1F: channel utilisation 0.900 > cap 0.5 (co-channel APs that hear each other above −82 dBm "
                 "share airtime)", "utilization")
    out = explain_unmet(_building(), _plan(), _per_band([0.9, 0.2], [20.0, 60.0]), [line])
    assert len(out) == 1 and out[0].kind == "utilization"
    text = str(out[0])
    assert text.startswith(str(line) + " — worst radio 1F-AP01 on 5 GHz (0.9) at (30.0, 20.0), in zone 'Cinema' "
                           "(auditorium, 2,400 m², headcount 2,400")
    # 2,400 m² ÷ 1.0 m² per person = 2,400 = the headcount: the importer's guess
    assert "area ÷ 1 m² per person, the use's default density" in text


def test_associated_line_uses_the_associated_figure_and_a_real_headcount_gets_no_hint():
    line = Unmet("1F: 60 associated clients on one radio > limit 50", "clients")
    text = str(explain_unmet(_building(), _plan(), _per_band([0.9, 0.2], [20.0, 60.0]), [line])[0])
    # the office's 30 people on 800 m² is not 800 ÷ 10 m² per person = 80: its own figure
    assert "worst radio 1F-AP02 on 5 GHz (60) at (70.0, 20.0), in zone 'Office' (office, 800 m², headcount 30" in text
    assert "default density" not in text


def test_other_lines_and_legacy_plans_are_unchanged():
    lines = [Unmet("1F: coverage 80.0% < target 95%", "coverage"), "1F: AP 1F-AP01 permanent link 95.0 m > 90 m"]
    assert explain_unmet(_building(), _plan(), _per_band([0.9, 0.2], [20.0, 60.0]), lines) == lines
    assert explain_unmet(_building(), _plan(), None, lines) == lines
