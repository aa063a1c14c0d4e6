"""`wifiplan predict`: values equal the coverage maps at grid points; located CSV errors exit 2."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.calibrate import synth
from wifiplan.rf.grid import floor_grid
from wifiplan.rf.maps import coverage_maps
from wifiplan.rf.settings import effective_settings
from tests.cli.helpers import cli



def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _b, plan = synth.write_project(tmp_path)
    return plan


def _grid_points(tmp_path: Path, floor: str, grid_m: float = 4.0):
    b = synth.building()
    grid = floor_grid(b, floor, grid_m)
    path = tmp_path / "points.csv"
    path.write_text("floor,x_m,y_m\n" + "".join(f"{floor},{float(x)!r},{float(y)!r}\n" for x, y in grid.xy), encoding="utf-8")
    return grid, path


@pytest.mark.parametrize("floor", ["1F", "2F"])
def test_predict_equals_maps_at_grid_points(tmp_path: Path, capsys, project: Path, floor: str) -> None:
    grid, points = _grid_points(tmp_path, floor)
    code, out, err = cli(capsys, "predict", str(project), "--at", str(points))
    assert code == 0, err
    b = synth.building()
    maps = coverage_maps(b, effective_settings(b, synth.settings(b)), synth.aps(), floor, "5", grid=grid)
    rows = _rows(out)
    assert list(rows[0]) == ["floor", "x_m", "y_m", "ap", "rssi_dbm"]
    got = {}
    for r in rows:
        got[(float(r["x_m"]), float(r["y_m"]), r["ap"])] = float(r["rssi_dbm"])
    key_xy = [(round(x, 4), round(y, 4)) for x, y in grid.xy]
    # every AP's value, and the best (the heatmap value) per point, to 0.01 dB
    for a, name in enumerate(maps.ap_names):
        expect = maps.rssi_dbm[a]
        values = np.array([got.get((x, y, name), -np.inf) for x, y in key_xy])
        finite = np.isfinite(expect)
        assert np.array_equal(np.isfinite(values), finite)
        assert_allclose(values[finite], expect[finite], atol=0.005 + 1e-9)
    best = np.array([max(v for (x, y, _a), v in got.items() if (x, y) == xy) for xy in key_xy[:50]])
    assert_allclose(best, maps.best_rssi_dbm[:50], atol=0.005 + 1e-9)


def test_named_ap_rows_sorted_and_rounded(tmp_path: Path, capsys, project: Path) -> None:
    pts = tmp_path / "p.csv"
    pts.write_text("floor,x_m,y_m,ap\n2F,30,20,1F-AP02\n1F,21,8,1F-AP01\n1F,3,3,\n", encoding="utf-8")
    code, out, err = cli(capsys, "predict", str(project), "--at", str(pts))
    assert code == 0, err
    rows = _rows(out)
    keys = [(r["floor"], float(r["x_m"]), float(r["y_m"]), r["ap"]) for r in rows]
    assert keys == sorted(keys)
    assert [r["ap"] for r in rows if r["floor"] == "2F"] == ["1F-AP02"]
    assert len([r for r in rows if r["x_m"] == "3"]) == 8  # every AP heard at (3, 3)
    assert all(len(r["rssi_dbm"].split(".")[1]) == 2 for r in rows)
    # hand check: 1F-AP01 at (5, 8), 2.7 m → (21, 8), 1 m: d = sqrt(16² + 1.7²); walls drywall 4 + brick 8.7;
    # EIRP 17 dBm + 5 dBi (wifi6e-2x2 preset at 5 GHz); FSPL(1 m, 5180 MHz) = 46.7355 dB; n = 2
    d = np.hypot(16.0, 1.7)
    expect = 17 + 5 - (20 * np.log10(5180) - 27.55) - 20 * np.log10(d) - 12.7
    (hand,) = [float(r["rssi_dbm"]) for r in rows if r["ap"] == "1F-AP01" and r["x_m"] == "21"]
    assert hand == pytest.approx(round(expect, 2), abs=1e-9)


def test_output_file_force_and_min_rssi(tmp_path: Path, capsys, project: Path) -> None:
    pts = tmp_path / "p.csv"
    pts.write_text("floor,x_m,y_m\n1F,3,3\n", encoding="utf-8")
    out_csv = tmp_path / "out.csv"
    assert cli(capsys, "predict", str(project), "--at", str(pts), "-o", str(out_csv))[0] == 0
    all_rows = _rows(out_csv.read_text(encoding="utf-8"))
    code, _out, err = cli(capsys, "predict", str(project), "--at", str(pts), "-o", str(out_csv))
    assert code == 2 and "already exists" in err
    code, _out, err = cli(capsys, "predict", str(project), "--at", str(pts), "-o", str(out_csv), "--force", "--min-rssi", "-70")
    assert code == 0, err
    strong = _rows(out_csv.read_text(encoding="utf-8"))
    assert 0 < len(strong) < len(all_rows) and all(float(r["rssi_dbm"]) >= -70 for r in strong)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("floor,x_m,y_m\n1F,abc,2\n", "p.csv:2: column 'x_m': not a number 'abc'"),
        ("floor,x_m\n1F,1\n", "p.csv:1: missing column 'y_m'"),
        ("floor,x_m,y_m\n1G,1,2\n", "p.csv:2: column 'floor': unknown floor '1G'; floors: 1F, 2F"),
        ("floor,x_m,y_m,ap\n1F,1,2,1F-AP1\n", "p.csv:2: column 'ap': unknown AP '1F-AP1'; did you mean"),
    ],
)
def test_bad_points_exit_2_located(tmp_path: Path, capsys, project: Path, text: str, message: str) -> None:
    pts = tmp_path / "p.csv"
    pts.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "predict", str(project), "--at", str(pts))
    assert code == 2 and out == ""
    assert message in err.replace(str(tmp_path) + "/", "")
    assert "Traceback" not in err


def test_band_option(tmp_path: Path, capsys, project: Path) -> None:
    pts = tmp_path / "p.csv"
    pts.write_text("floor,x_m,y_m,ap\n1F,3,3,1F-AP01\n", encoding="utf-8")
    code, _out, err = cli(capsys, "predict", str(project), "--at", str(pts), "--band", "2.4")
    assert code == 2 and "no enabled 2.4 GHz radio" in err
    code, _out, err = cli(capsys, "predict", str(project), "--at", str(pts), "--band", "7")
    assert code == 2


@pytest.mark.parametrize("floor", ["1F", "2F"])
def test_predict_equals_heatmap_csv(tmp_path: Path, capsys, project: Path, floor: str) -> None:
    heat = tmp_path / "heat.csv"
    code, _o, err = cli(capsys, "heatmap", str(project), "--floor", floor, "--metric", "rssi", "--grid", "3", "-o", str(heat))
    assert code == 0, err
    cells = _rows(heat.read_text(encoding="utf-8"))
    assert len(cells) > 100
    pts = tmp_path / "pts.csv"
    pts.write_text("floor,x_m,y_m\n" + "".join(f"{c['floor']},{c['x_m']},{c['y_m']}\n" for c in cells), encoding="utf-8")
    code, out, err = cli(capsys, "predict", str(project), "--at", str(pts))
    assert code == 0, err
    best: dict[tuple[float, float], float] = {}
    for r in _rows(out):
        key = (float(r["x_m"]), float(r["y_m"]))
        best[key] = max(best.get(key, -np.inf), float(r["rssi_dbm"]))
    heat_values = np.array([float(c["value"]) for c in cells])
    predicted = np.array([best[(float(c["x_m"]), float(c["y_m"]))] for c in cells])
    assert_allclose(predicted, heat_values, atol=1e-9)  # same float, same rounding to 0.01 dB

