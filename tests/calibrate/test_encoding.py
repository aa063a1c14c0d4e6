"""Survey and points CSV from a Japanese PC: cp932 detected with a note, --encoding, full-width digits."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.calibrate import synth
from tests.cli.helpers import cli
from wifiplan.calibrate.survey import read_points_csv, read_survey_csv
from wifiplan.errors import InputError

#: What Excel on a Japanese Windows PC writes for "CSV (comma separated)": cp932, CRLF, a Japanese column.
POINTS = "floor,x_m,y_m,メモ\r\n# 測定日 2026年12月4日（庁舎 1階）\r\n1F,12.5,3.0,窓口付近\r\n1F,20,7,待合ロビー\r\n"
SURVEY = ("floor,x_m,y_m,ap,rss_dbm,メモ\r\n1F,12.5,3.0,AP1,-55.5,窓口付近\r\n"
          "1F,２０,７,AP1,－６１,全角で入力\r\n")


def _write(tmp_path: Path, name: str, text: str, encoding: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_cp932_points_are_read_with_a_note(tmp_path):
    path = _write(tmp_path, "points.csv", POINTS, "cp932")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really not UTF-8
    pts = read_points_csv(path)
    assert pts.floor == ["1F", "1F"] and pts.xy_m.tolist() == [[12.5, 3.0], [20.0, 7.0]]
    assert "cp932" in pts.note and "detected" in pts.note and "--encoding" in pts.note


def test_utf8_needs_no_note(tmp_path):
    pts = read_points_csv(_write(tmp_path, "points.csv", POINTS, "utf-8"))
    assert pts.note == "" and len(pts) == 2


def test_named_encoding(tmp_path):
    path = _write(tmp_path, "points.csv", POINTS, "cp932")
    pts = read_points_csv(path, encoding="cp932")
    assert "cp932 (--encoding)" in pts.note and len(pts) == 2
    with pytest.raises(InputError, match=r"points\.csv:1: not utf-8 text"):
        read_points_csv(path, encoding="utf-8")  # the header (line 1) has the first Japanese byte
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_points_csv(path, encoding="klingon")


def test_full_width_numbers_in_a_survey(tmp_path):
    survey = read_survey_csv(_write(tmp_path, "survey.csv", SURVEY, "cp932"))
    # "２０", "７" and "－６１" typed with the IME in full-width mode read as 20, 7 and -61
    assert survey.xy_m.tolist() == [[12.5, 3.0], [20.0, 7.0]]
    assert survey.rss_dbm.tolist() == [-55.5, -61.0]
    assert "cp932" in survey.note


def test_predict_cli_reads_cp932(tmp_path, capsys):
    _b, plan = synth.write_project(tmp_path)
    sjis = _write(tmp_path, "points-sjis.csv", POINTS, "cp932")
    utf8 = _write(tmp_path, "points-utf8.csv", POINTS, "utf-8")
    code, out_sjis, err = cli(capsys, "predict", str(plan), "--at", str(sjis))
    assert code == 0, err
    assert "note:" in err and "cp932" in err
    code, out_utf8, err = cli(capsys, "predict", str(plan), "--at", str(utf8))
    assert code == 0 and "note:" not in err
    assert out_sjis == out_utf8  # the same predictions, whatever the encoding


def test_predict_cli_wrong_encoding_exits_2(tmp_path, capsys):
    _b, plan = synth.write_project(tmp_path)
    sjis = _write(tmp_path, "points.csv", POINTS, "cp932")
    code, _out, err = cli(capsys, "predict", str(plan), "--at", str(sjis), "--encoding", "utf-8")
    assert code == 2 and "not utf-8 text" in err and "Traceback" not in err
