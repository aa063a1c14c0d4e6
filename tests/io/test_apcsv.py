"""AP-positions CSV: one row per AP or per radio, located errors for every bad value."""

from __future__ import annotations

import pytest

from wifiplan.errors import InputError
from wifiplan.io.apcsv import read_ap_csv

FLOORS = ["1F", "2F"]


def _write(tmp_path, text: str):
    path = tmp_path / "aps.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_per_radio_make_one_ap(tmp_path):
    path = _write(tmp_path, "floor,name,x_m,y_m,height_m,model,band,channel,width_mhz,tx_power_dbm\n"
                            "1F,AP-01,10,5,2.7,wifi6e-2x2,5,36,40,14\n"
                            "1F,AP-01,10,5,,,2.4,1,,8\n"
                            "2F,AP-02,12.5,5.25,,,,,,\n")
    a, b = read_ap_csv(path, floors=FLOORS)
    assert (a.name, a.floor, a.at, a.height_m, a.model) == ("AP-01", "1F", [10.0, 5.0], 2.7, "wifi6e-2x2")
    assert (a.radios["5"].channel, a.radios["5"].width_mhz, a.radios["5"].tx_power_dbm) == (36, 40, 14.0)
    assert (a.radios["2.4"].channel, a.radios["2.4"].width_mhz, a.radios["2.4"].tx_power_dbm) == (1, 20, 8.0)
    assert (b.name, b.floor, b.at, b.radios, b.height_m) == ("AP-02", "2F", [12.5, 5.25], {}, None)


def test_minimal_columns(tmp_path):
    (ap,) = read_ap_csv(_write(tmp_path, "name,floor,y_m,x_m\nA,2F,3,4\n"), floors=FLOORS)
    assert (ap.name, ap.floor, ap.at) == ("A", "2F", [4.0, 3.0])


@pytest.mark.parametrize(("text", "message"), [
    ("floor,name,x_m\n1F,A,1\n", r"aps.csv:1: missing column 'y_m'"),
    ("floor,name,x_m,y_m\n1G,A,1,2\n", r"aps.csv:2: floor: unknown floor '1G' — did you mean '1F'\?"),
    ("floor,name,x_m,y_m\n1F,A,one,2\n", r"aps.csv:2: x_m: not a number \('one'\)"),
    ("floor,name,x_m,y_m\n1F,,1,2\n", r"aps.csv:2: name: empty"),
    ("floor,name,x_m,y_m\n1F,A,1,2\n1F,A,5,2\n", r"aps.csv:3: AP 'A' is on 1F at \[1.0, 2.0\] on line 2"),
    ("floor,name,x_m,y_m,band,channel\n1F,A,1,2,5,36\n1F,A,1,2,5,40\n", r"aps.csv:3: AP 'A' has a 5 GHz radio already \(line 2\)"),
    ("floor,name,x_m,y_m,band,channel\n1F,A,1,2,7,36\n", r"aps.csv:2: band: '7' is not a band"),
    ("floor,name,x_m,y_m,band,channel\n1F,A,1,2,5,\n", r"aps.csv:2: channel: empty; a radio needs both"),
    ("floor,name,x_m,y_m,band,channel,width_mhz\n1F,A,1,2,5,36,30\n", r"aps.csv:2: width_mhz: 30 is not a channel width"),
    ("floor,name,x_m,y_m,band,channel,tx_power_dbm\n1F,A,1,2,5,36,99\n", r"aps.csv:2: tx_power_dbm: must be between -10 and 40"),
    ("floor,name,x_m,y_m\n", r"aps.csv: no AP rows"),
])
def test_located_errors(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        read_ap_csv(_write(tmp_path, text), floors=FLOORS)
