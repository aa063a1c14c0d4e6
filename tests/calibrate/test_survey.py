"""Survey and points CSV reading: located errors, optional columns, matching against a plan."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.calibrate.survey import match_survey, read_points_csv, read_survey_csv
from wifiplan.errors import InputError


def write(tmp_path: Path, text: str, name: str = "s.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_survey_basic(tmp_path: Path) -> None:
    path = write(tmp_path, "# walk 1\nfloor,x_m,y_m,ap,rss_dbm,band,channel\n1F,1.5,2,AP1,-55.5,5,36\n\n1F,3,4,AP2,-70,,\n")
    s = read_survey_csv(path)
    assert len(s) == 2
    assert_allclose(s.xy_m, [[1.5, 2.0], [3.0, 4.0]])
    assert_allclose(s.rss_dbm, [-55.5, -70.0])
    assert s.ap == ["AP1", "AP2"]
    assert s.band == ["5", None]
    assert s.channel == [36, None]
    assert s.line == [3, 5]
    assert len(s.sha256) == 64


def test_header_is_case_and_space_tolerant_and_column_order_free(tmp_path: Path) -> None:
    path = write(tmp_path, " AP , rss_dbm,Floor,y_m,x_m\nA,-60,2F,7,8\n")
    s = read_survey_csv(path)
    assert s.floor == ["2F"] and s.ap == ["A"]
    assert_allclose(s.xy_m, [[8.0, 7.0]])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("floor,x_m,y_m,ap,rss_dbm\n1F,abc,2,A,-50\n", "s.csv:2: column 'x_m': not a number 'abc'"),
        ("floor,x_m,y_m,ap,rss_dbm\n1F,1,2,A,-50\n1F,1,nan,A,-50\n", "s.csv:3: column 'y_m': must be a finite number"),
        ("floor,x_m,y_m,ap,rss_dbm\n1F,1,2,A,50\n", "s.csv:2: column 'rss_dbm': 50 dBm is outside"),
        ("floor,x_m,y_m,ap\n1F,1,2,A\n", "s.csv:1: missing column 'rss_dbm'"),
        ("floor,x_m,y_m,ap,rss_dbm\n1F,1,2\n", "s.csv:2: column 'ap': missing value"),
        ("floor,x_m,y_m,ap,rss_dbm\n1F,1,2,,-50\n", "s.csv:2: column 'ap': empty"),
        ("floor,x_m,y_m,ap,rss_dbm,band\n1F,1,2,A,-50,7\n", "s.csv:2: column 'band': unknown band '7'"),
        ("floor,x_m,y_m,ap,rss_dbm,channel\n1F,1,2,A,-50,3.5\n", "s.csv:2: column 'channel': not a channel number"),
        ("floor,x_m,y_m,ap,rss_dbm,x_m\n", "column 'x_m' appears twice"),
        ("", "the file is empty"),
        ("floor;x_m;y_m;ap;rss_dbm\n1F;1;2;A;-50\n", "s.csv:1: the file looks semicolon-separated"),
        ("floor,x_m,y_m,ap,rss_dbm\n", "no data rows"),
    ],
)
def test_bad_survey_is_a_located_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        read_survey_csv(path)
    assert message in str(err.value).replace(str(tmp_path) + "/", "")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such CSV file"):
        read_survey_csv(tmp_path / "nope.csv")


def test_read_points(tmp_path: Path) -> None:
    p = read_points_csv(write(tmp_path, "floor,x_m,y_m,ap\n1F,1,2,\n2F,3,4,AP9\n"))
    assert p.ap == [None, "AP9"]
    assert_allclose(p.xy_m, [[1, 2], [3, 4]])
    p2 = read_points_csv(write(tmp_path, "floor,x_m,y_m\n1F,1,2\n", "p.csv"))
    assert p2.ap == [None]
    with pytest.raises(InputError, match=r"p.csv:2: column 'y_m': not a number 'z'"):
        read_points_csv(write(tmp_path, "floor,x_m,y_m\n1F,1,z\n", "p.csv"))


def test_match_reports_unknown_floor_ap_and_band(tmp_path: Path) -> None:
    text = (
        "floor,x_m,y_m,ap,rss_dbm,band,channel\n"
        "1F,1,1,A,-50,5,36\n"      # ok
        "9F,1,1,A,-50,5,36\n"      # unknown floor
        "1F,1,1,ZZ,-50,5,36\n"     # unknown AP
        "1F,2,1,ZZ,-51,5,36\n"     # unknown AP again
        "1F,1,1,A,-50,2.4,1\n"     # no 2.4 radio
        "1F,1,1,A,-50,5,40\n"      # channel differs: kept
        "1F,1,1,A,-50,,\n"         # default band
    )
    s = read_survey_csv(write(tmp_path, text))
    keep, bands, skipped = match_survey(s, floors=["1F", "2F"], aps={"A": {"5": 36}}, default_band="5")
    assert keep.tolist() == [True, False, False, False, False, True, True]
    assert bands[-1] == "5"
    summary = [(k.reason, k.value, k.count, k.lines) for k in skipped]
    assert summary == [
        ("unknown floor", "9F", 1, (3,)),
        ("unknown AP", "ZZ", 2, (4, 5)),
        ("AP has no enabled 2.4 GHz radio", "A", 1, (6,)),
        ("channel differs from plan (plan's used)", "A: 40", 1, (7,)),
    ]
    # every row is either used or reported
    assert int(keep.sum()) + sum(k.count for k in skipped if "differs" not in k.reason) == len(s)
    assert np.all(np.isfinite(s.rss_dbm))


def test_survey_as_points_checks_rss(tmp_path: Path) -> None:
    p = read_points_csv(write(tmp_path, "floor,x_m,y_m,ap,rss_dbm,band\n1F,1,2,A,-50,5\n"))
    assert p.ap == ["A"]
    with pytest.raises(InputError, match=r"s.csv:2: column 'rss_dbm': not a number 'loud'"):
        read_points_csv(write(tmp_path, "floor,x_m,y_m,ap,rss_dbm\n1F,1,2,A,loud\n"))


def test_predict_output_header_reads_as_a_survey(tmp_path: Path) -> None:
    # `wifiplan predict` writes floor,x_m,y_m,ap,rssi_dbm; it said "missing column 'rss_dbm'"
    s = read_survey_csv(write(tmp_path, "floor,x_m,y_m,ap,rssi_dbm\n1F,1,2,AP1,-61.25\n"))
    assert_allclose(s.rss_dbm, [-61.25])


def test_rss_dbm_wins_when_both_columns_are_given(tmp_path: Path) -> None:
    s = read_survey_csv(write(tmp_path, "floor,x_m,y_m,ap,rss_dbm,rssi_dbm\n1F,1,2,AP1,-50,-70\n"))
    assert_allclose(s.rss_dbm, [-50.0])
