"""Heatmap writers: CSV text format and deterministic PNG/SVG images."""

from __future__ import annotations

import numpy as np
import pytest

from tests.rf.helpers import ap, building, settings
from wifiplan.report.heatmap import map_csv, metric_threshold, render_heatmap
from wifiplan.rf.maps import coverage_maps


@pytest.fixture
def sample():
    b = building([{"outline": [[0, 0], [6, 0], [6, 4], [0, 4]],
                   "walls": [{"material": "drywall", "path": [[3, 0], [3, 4]]}],
                   "exclude": [[[5, 3], [6, 3], [6, 4], [5, 4]]]}],
                 requirements={"min_rssi_dbm": -60, "secondary_rssi_dbm": -70, "min_snr_db": 30})
    aps = [ap("A", [1, 2]), ap("B", [5, 1], channel=40)]
    return b, aps, coverage_maps(b, settings(grid_m=1.0), aps, "1F", "5")


def test_csv_rows_sorted_and_rounded(sample):
    _, _, maps = sample
    lines = map_csv(maps, "rssi").splitlines()
    assert lines[0] == "floor,x_m,y_m,value" and len(lines) == 1 + 23
    rows = [line.split(",") for line in lines[1:]]
    assert rows[0][:3] == ["1F", "0.500", "0.500"] and rows[1][:3] == ["1F", "0.500", "1.500"]
    order = [(float(r[1]), float(r[2])) for r in rows]
    assert order == sorted(order)
    i = int(np.nonzero(np.all(maps.grid.xy == [0.5, 0.5], axis=1))[0][0])
    assert rows[0][3] == f"{round(maps.best_rssi_dbm[i], 2):.2f}"


def test_csv_integer_metrics_and_missing_values(sample):
    _, _, maps = sample
    serving = [line.split(",")[3] for line in map_csv(maps, "serving").splitlines()[1:]]
    assert set(serving) == {"A", "B"}  # the AP names (sample APs A and B), not indices
    lone = coverage_maps(sample[0], settings(grid_m=2.0), [ap("A", [1, 2])], "1F", "5")
    second = [line.split(",")[3] for line in map_csv(lone, "secondary").splitlines()[1:]]
    assert second and all(v == "" for v in second)


def test_csv_negative_zero_and_unknown_metric(sample):
    _, _, maps = sample
    object.__setattr__(maps, "snr_db", np.full_like(maps.snr_db, -0.001))
    values = {line.split(",")[3] for line in map_csv(maps, "snr").splitlines()[1:]}
    assert values == {"0.00"}
    with pytest.raises(KeyError):
        map_csv(maps, "loudness")


def test_thresholds_follow_the_requirements(sample):
    b = sample[0]
    assert metric_threshold(b, "rssi") == -60 and metric_threshold(b, "secondary") == -70
    assert metric_threshold(b, "snr") == 30 and metric_threshold(b, "sinr") == 30
    assert metric_threshold(b, "rate") is None and metric_threshold(building([{}]), "secondary") is None


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_images_are_deterministic(sample, fmt):
    b, aps, maps = sample
    one = render_heatmap(b, maps, "rssi", aps, fmt=fmt, threshold=-60.0, dpi=60)
    two = render_heatmap(b, maps, "rssi", aps, fmt=fmt, threshold=-60.0, dpi=60)
    assert one == two
    assert one.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in one


def test_svg_shows_title_labels_and_ap_names(sample):
    b, aps, maps = sample
    svg = render_heatmap(b, maps, "snr", aps, fmt="svg", threshold=30.0, dpi=60).decode("utf-8")
    for text in ("floor 1F", "5 GHz", "SNR (dB)", "x (m)", "y (m)", "drywall", "min 30", "excluded"):
        assert text in svg, text
    assert ">A<" in svg and ">B<" in svg


def test_bad_format_or_metric(sample):
    b, aps, maps = sample
    with pytest.raises(ValueError, match="png"):
        render_heatmap(b, maps, "rssi", aps, fmt="bmp")
    with pytest.raises(ValueError, match="rssi"):
        render_heatmap(b, maps, "loudness", aps)
