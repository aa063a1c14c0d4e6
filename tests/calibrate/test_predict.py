"""predict_points: the maps' culling for "every AP", named APs always answered, sorted rows, CSV text."""

from __future__ import annotations

import numpy as np
import pytest

from tests.calibrate import synth
from wifiplan.calibrate.predict import Prediction, predict_points, prediction_csv
from wifiplan.calibrate.survey import Points
from wifiplan.errors import InputError
from wifiplan.rf.engine import rssi_dbm


def _points(rows):
    return Points("p.csv", [r[0] for r in rows], np.array([[r[1], r[2]] for r in rows], float), [r[3] for r in rows], list(range(2, 2 + len(rows))))


def test_named_ap_below_the_range_cut_still_gets_a_value() -> None:
    b = synth.building()
    s = synth.settings(b).model_copy(update={"eirp_offset_db": {"5": -60.0}})
    aps = synth.aps()
    pts = _points([("1F", 59.0, 39.0, "2F-AP08"), ("1F", 59.0, 39.0, None)])
    culled = rssi_dbm(b, s, aps, "5", "1F", np.array([[59.0, 39.0]]))[7, 0]
    assert culled == -np.inf  # the maps do not hear it
    rows = predict_points(b, s, aps, pts, "5")
    named = [r for r in rows if r.ap == "2F-AP08"]
    assert len(named) == 1 and named[0].rssi_dbm < -120  # asked for by name: answered
    assert all(np.isfinite(r.rssi_dbm) for r in rows)


def test_rows_sorted_and_min_rssi() -> None:
    b = synth.building()
    pts = _points([("2F", 3.0, 3.0, None), ("1F", 9.0, 1.0, None), ("1F", 2.0, 5.0, None)])
    rows = predict_points(b, synth.settings(b), synth.aps(), pts, "5")
    keys = [(r.floor, r.x_m, r.y_m, r.ap) for r in rows]
    assert keys == sorted(keys) and len(rows) == 24
    strong = predict_points(b, synth.settings(b), synth.aps(), pts, "5", min_rssi_dbm=-70.0)
    assert 0 < len(strong) < 24 and min(r.rssi_dbm for r in strong) >= -70


def test_unknown_names_are_located() -> None:
    b = synth.building()
    with pytest.raises(InputError, match=r"p.csv:3: column 'ap': unknown AP"):
        predict_points(b, synth.settings(b), synth.aps(), _points([("1F", 1.0, 1.0, None), ("1F", 1.0, 1.0, "nope")]), "5")


def test_csv_text_rounding() -> None:
    text = prediction_csv([Prediction("1F", 1.23456, 2.0, "A,1", -50.004), Prediction("1F", 3.0, 4.5, "B", -0.001)])
    assert text == 'floor,x_m,y_m,ap,rssi_dbm\n1F,1.2346,2,"A,1",-50.00\n1F,3,4.5,B,0.00\n'
