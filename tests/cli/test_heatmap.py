"""`wifiplan heatmap` and `wifiplan coverage`: outputs, CSV format, exit codes, hand-written plans."""

from __future__ import annotations

import csv
import json
import math
import textwrap
from pathlib import Path

import pytest
import shapely

from wifiplan.cli import main

BUILDING = textwrap.dedent(
    """\
    format: 1
    name: Heatmap test
    country: JP
    floors:
      - name: 1F
        elevation_m: 0
        height_m: 4.0
        ap_height_m: 2.7
        slab: concrete-slab
        outline: [[0, 0], [20, 0], [20, 10], [0, 10]]
        walls:
          - {material: concrete, path: [[0, 0], [20, 0], [20, 10], [0, 10], [0, 0]]}
          - {material: drywall, path: [[8, 0], [8, 4]]}
          - {material: wood-door, path: [[8, 4], [8, 5]]}
          - {material: drywall, path: [[8, 5], [8, 10]]}
          - {material: glass, path: [[14, 0], [14, 10]]}
        exclude:
          - [[17, 7], [20, 7], [20, 10], [17, 10]]
        telecom_rooms:
          - {name: MDF, kind: mdf, at: [1, 1]}
      - name: 2F
        elevation_m: 4.0
        height_m: 4.0
        slab: concrete-slab
        outline: [[0, 0], [20, 0], [20, 10], [0, 10]]
        walls:
          - {material: concrete, path: [[0, 0], [20, 0], [20, 10], [0, 10], [0, 0]]}
        telecom_rooms:
          - {name: IDF2, kind: idf, at: [1, 1]}
    requirements:
      band: 5
      min_rssi_dbm: -67
      min_snr_db: 25
      secondary_rssi_dbm: -75
    """
)

# Written by hand: just `building:` and `aps:` (radio defaults: 20 MHz, 17 dBm).
PLAN = textwrap.dedent(
    """\
    building: building.yaml
    aps:
      - {name: AP1, floor: 1F, at: [4, 5], radios: {5: {channel: 36}}}
      - {name: AP2, floor: 1F, at: [16, 3], radios: {5: {channel: 36}}}
      - {name: AP3, floor: 2F, at: [10, 5], radios: {5: {channel: 40}, 2.4: {channel: 1}}}
      - {name: AP4, floor: 2F, at: [2, 2], radios: {2.4: {channel: 6}}}
    """
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "building.yaml").write_text(BUILDING, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    return plan


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    return int(exc.value.code or 0)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_format_sorted_rounded_and_deterministic(project: Path, tmp_path: Path):
    out = tmp_path / "rssi.csv"
    assert run("heatmap", str(project), "--floor", "1F", "--metric", "rssi", "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "floor,x_m,y_m,value"
    rows = read_csv(out)
    assert len(rows) == 200 - 9  # 20 x 10 m at 1 m, minus the 3 x 3 m excluded corner
    keys = [(float(r["x_m"]), float(r["y_m"])) for r in rows]
    assert keys == sorted(keys)
    assert all(r["floor"] == "1F" and len(r["value"].split(".")[1]) == 2 for r in rows)
    assert not any(17 < x and y > 7 for x, y in keys)
    again = tmp_path / "again.csv"
    assert run("heatmap", str(project), "--floor", "1F", "--metric", "rssi", "-o", str(again)) == 0
    assert again.read_bytes() == out.read_bytes()


def _naive_rssi(building: dict, x: float, y: float) -> float:
    """Independent re-implementation: plain Python, one shapely LineString per AP and wall."""
    from wifiplan.library import load_library

    lib = load_library()
    walls = [(w["material"], w["path"]) for w in building["floors"][0]["walls"]]
    best = -math.inf
    aps = [("1F", (4.0, 5.0), 0.0), ("1F", (16.0, 3.0), 0.0), ("2F", (10.0, 5.0), 4.0)]
    for floor, (ax, ay), elevation in aps:
        gain = lib.ap_presets["wifi6e-2x2"].antenna_gain_dbi["5"]
        freq = 5000 + 5 * (36 if floor == "1F" else 40)
        dz = (elevation + 2.7) - 1.0
        d = max(math.sqrt((ax - x) ** 2 + (ay - y) ** 2 + dz**2), 1.0)
        loss = 20 * math.log10(freq) - 27.55 + 20 * math.log10(d)
        if floor == "1F":
            path = shapely.LineString([(ax, ay), (x, y)])
            for material, pts in walls:
                for p, q in zip(pts[:-1], pts[1:]):
                    if path.intersects(shapely.LineString([p, q])):
                        loss += lib.materials[material].loss_db["5"]
        else:
            loss += lib.materials["concrete-slab"].loss_db["5"]
        best = max(best, 17.0 + gain - loss)
    return best


def test_csv_values_match_an_independent_plain_python_computation(project: Path, tmp_path: Path):
    import yaml

    out = tmp_path / "rssi.csv"
    assert run("heatmap", str(project), "--floor", "1F", "--metric", "rssi", "-o", str(out)) == 0
    rows = {(float(r["x_m"]), float(r["y_m"])): float(r["value"]) for r in read_csv(out)}
    building = yaml.safe_load(BUILDING)
    # cells behind the drywall, the door, the glass, and in the open (no vertex hits)
    for x, y in [(2.5, 2.5), (10.5, 4.5), (10.5, 8.5), (15.5, 8.5), (18.5, 1.5), (6.5, 6.5), (12.5, 0.5)]:
        assert abs(rows[(x, y)] - _naive_rssi(building, x, y)) < 0.1, (x, y)


@pytest.mark.parametrize("metric", ["rssi", "secondary", "snr", "sinr", "overlap", "rate", "serving", "cochannel"])
def test_every_metric_writes_png(project: Path, tmp_path: Path, metric: str):
    out = tmp_path / f"{metric}.png"
    assert run("heatmap", str(project), "--floor", "1F", "--metric", metric, "-o", str(out)) == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_svg_and_band_and_other_floor(project: Path, tmp_path: Path):
    out = tmp_path / "2f.svg"
    assert run("heatmap", str(project), "--floor", "2F", "--band", "2.4", "--metric", "serving", "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    csv_out = tmp_path / "2f.csv"
    assert run("heatmap", str(project), "--floor", "2F", "--band", "2.4", "--metric", "serving", "-o", str(csv_out)) == 0
    served = {r["value"] for r in read_csv(csv_out)}
    assert served <= {"0", "1"} and served  # AP3 and AP4 serve 2.4 GHz on 2F (indices 0 and 1)


def test_missing_floor_exits_2_naming_the_floors(project: Path, tmp_path: Path, capsys):
    out = tmp_path / "x.png"
    assert run("heatmap", str(project), "--floor", "3F", "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "3F" in err and "1F, 2F" in err
    assert not out.exists()


def test_existing_output_needs_force(project: Path, tmp_path: Path, capsys):
    out = tmp_path / "map.csv"
    out.write_text("keep me\n", encoding="utf-8")
    assert run("heatmap", str(project), "--floor", "1F", "-o", str(out)) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert run("heatmap", str(project), "--floor", "1F", "-o", str(out), "--force") == 0
    assert out.read_text(encoding="utf-8").startswith("floor,x_m,y_m,value")


def test_never_overwrites_the_plan(project: Path):
    assert run("heatmap", str(project), "--floor", "1F", "-o", str(project.with_suffix(".csv"))) == 0
    renamed = project.rename(project.with_name("plan.csv"))
    assert run("heatmap", str(renamed), "--floor", "1F", "-o", str(renamed), "--force") == 2


@pytest.mark.parametrize(
    "args",
    [["--metric", "loudness", "-o", "x.png"], ["-o", "x.bmp"], ["--band", "7", "-o", "x.png"], ["-o", "x.png", "--grid", "0"]],
)
def test_bad_options_exit_2(project: Path, tmp_path: Path, args: list[str]):
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    assert run("heatmap", str(project), "--floor", "1F", *args) == 2


def test_plan_without_building_exits_2(tmp_path: Path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_text("aps: []\n", encoding="utf-8")
    assert run("heatmap", str(plan), "--floor", "1F", "-o", str(tmp_path / "x.csv")) == 2
    assert "--building" in capsys.readouterr().err


def test_ap_on_unknown_floor_exits_2(project: Path, tmp_path: Path, capsys):
    project.write_text(PLAN + "  - {name: AP9, floor: 9F, at: [1, 1], radios: {5: {channel: 44}}}\n", encoding="utf-8")
    assert run("heatmap", str(project), "--floor", "1F", "-o", str(tmp_path / "x.csv")) == 2
    err = capsys.readouterr().err
    assert "aps[4].floor" in err and "9F" in err
    assert not (tmp_path / "x.csv").exists()


def test_duplicate_ap_names_exit_2(project: Path, tmp_path: Path, capsys):
    project.write_text(PLAN + "  - {name: AP1, floor: 1F, at: [1, 1], radios: {5: {channel: 44}}}\n", encoding="utf-8")
    assert run("coverage", str(project)) == 2
    assert "AP1" in capsys.readouterr().err


def test_illegal_channel_is_a_located_error(project: Path, tmp_path: Path, capsys):
    project.write_text(PLAN.replace("channel: 36}}}\n  - {name: AP2", "channel: 34}}}\n  - {name: AP2"), encoding="utf-8")
    assert "channel: 34" in project.read_text(encoding="utf-8")
    assert run("heatmap", str(project), "--floor", "1F", "-o", str(tmp_path / "x.csv")) == 2
    err = capsys.readouterr().err
    assert "aps[0]" in err and "34" in err
    assert not (tmp_path / "x.csv").exists()


def test_coverage_json(project: Path, capsys):
    assert run("coverage", str(project), "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["band"] == "5" and [f["floor"] for f in data["floors"]] == ["1F", "2F"]
    first = data["floors"][0]
    assert [r["name"] for r in first["requirements"]] == ["rssi", "snr", "secondary"]
    assert first["requirements"][0]["threshold"] == -67 and first["requirements"][0]["target"] == 0.95
    assert first["points"] == 191 and first["area_m2"] == 191.0
    for r in first["requirements"]:
        assert 0.0 <= r["share"] <= 1.0 and r["passed"] == (r["share"] >= r["target"])
    assert data["passed"] == all(f["passed"] for f in data["floors"])


def test_coverage_table(project: Path, capsys):
    assert run("coverage", str(project)) == 0
    out = capsys.readouterr().out
    assert "1F" in out and "2F" in out and "RSSI" in out and "target 95%" in out
    assert "Co-channel APs" in out and "(p95)" in out


def test_coverage_bad_format(project: Path):
    assert run("coverage", str(project), "--format", "xml") == 2


# The recommended model (multiwall-office) written in a hand-made plan: settings recorded as
# `recommended_settings` writes them (dual slope, oblique slab cap, P.2040 200 mm slab); the
# default 20 m breakpoint and TGax's 10 m, which this 20 x 10 m floor reaches.
OFFICE_SETTINGS = textwrap.dedent(
    """\
    settings:
      model: multiwall-office
      params: {{breakpoint_m: {bp}, exponent_beyond_breakpoint: 3.5, slab_oblique_cap: 1.3}}
      materials:
        concrete-slab: {{'2.4': 14.8, '5': 26.5, '6': 28.9}}
    """
)


def _naive_rssi_office(building: dict, x: float, y: float, bp: float = 10.0, rx_floor: str = "1F") -> list[float]:
    """Independent re-implementation of multiwall-office: plain Python, one shapely LineString per AP and wall.

    PL = FSPL(1 m) + 20 log10(min(d, bp)) + 35 log10(max(d / bp, 1)) + walls on the AP's floor
    + slab * min(d / |dh|, 1.3) across floors (TGax enterprise [S9]; oblique slab, docs/propagation.md).
    Returns the RSSI of every AP at (x, y) 1 m above ``rx_floor``, strongest first.
    """
    from wifiplan.library import load_library

    lib = load_library()
    floors = {f["name"]: f for f in building["floors"]}
    walls = [(w["material"], w["path"]) for w in floors[rx_floor]["walls"]]
    rx_z = floors[rx_floor]["elevation_m"] + 1.0
    values = []
    for floor, (ax, ay), elevation in [("1F", (4.0, 5.0), 0.0), ("1F", (16.0, 3.0), 0.0), ("2F", (10.0, 5.0), 4.0)]:
        gain = lib.ap_presets["wifi6e-2x2"].antenna_gain_dbi["5"]
        freq = 5000 + 5 * (36 if floor == "1F" else 40)
        dz = (elevation + 2.7) - rx_z
        d = max(math.sqrt((ax - x) ** 2 + (ay - y) ** 2 + dz**2), 1.0)
        loss = 20 * math.log10(freq) - 27.55 + 20 * math.log10(min(d, bp)) + 35 * math.log10(max(d / bp, 1.0))
        if floor == rx_floor:
            path = shapely.LineString([(ax, ay), (x, y)])
            for material, pts in walls:
                for p, q in zip(pts[:-1], pts[1:]):
                    if path.intersects(shapely.LineString([p, q])):
                        loss += lib.materials[material].loss_db["5"]
        else:
            loss += 26.5 * min(d / abs(dz), 1.3)
        values.append(17.0 + gain - loss)
    return sorted(values, reverse=True)


@pytest.mark.parametrize("bp", [20.0, 10.0])
def test_new_model_csv_values_match_an_independent_plain_python_computation(project: Path, tmp_path: Path, bp: float):
    import yaml

    project.write_text(PLAN + OFFICE_SETTINGS.format(bp=bp), encoding="utf-8")
    rows = {}
    for metric in ("rssi", "secondary"):
        out = tmp_path / f"{metric}.csv"
        assert run("heatmap", str(project), "--floor", "1F", "--metric", metric, "-o", str(out)) == 0
        rows[metric] = {(float(r["x_m"]), float(r["y_m"])): float(r["value"]) for r in read_csv(out)}
    building = yaml.safe_load(BUILDING)
    # behind the drywall, the door, the glass, in the open; with bp = 10 m the second AP is
    # often beyond the breakpoint
    points = [(2.5, 2.5), (10.5, 4.5), (10.5, 8.5), (15.5, 8.5), (18.5, 1.5), (6.5, 6.5), (12.5, 0.5), (16.5, 9.5)]
    for x, y in points:
        naive = _naive_rssi_office(building, x, y, bp)
        assert abs(rows["rssi"][(x, y)] - naive[0]) < 0.1, (x, y)
        assert abs(rows["secondary"][(x, y)] - naive[1]) < 0.1, (x, y)
    # 2F: its own AP first, then the 1F APs through the slab at an angle (26.5 dB x up to 1.3)
    out2 = tmp_path / "second-2f.csv"
    assert run("heatmap", str(project), "--floor", "2F", "--metric", "secondary", "-o", str(out2)) == 0
    second_2f = {(float(r["x_m"]), float(r["y_m"])): float(r["value"]) for r in read_csv(out2)}
    for x, y in [(4.5, 5.5), (16.5, 2.5), (10.5, 8.5), (1.5, 1.5)]:
        assert abs(second_2f[(x, y)] - _naive_rssi_office(building, x, y, bp, "2F")[1]) < 0.1, (x, y)
    # the same plan on the legacy model: 2F hears 1F through a 16 dB slab at any angle
    project.write_text(PLAN, encoding="utf-8")
    legacy = tmp_path / "legacy-2f.csv"
    assert run("heatmap", str(project), "--floor", "2F", "--metric", "secondary", "-o", str(legacy)) == 0
    old = {(float(r["x_m"]), float(r["y_m"])): float(r["value"]) for r in read_csv(legacy)}
    assert max(old[p] - second_2f[p] for p in second_2f) > 10.0


def test_cochannel_csv_and_coverage_figure(project: Path, tmp_path: Path, capsys):
    # 1F: AP1 and AP2 both on channel 36, 17 dBm + 5 dBi, at most ~15 m and a glass wall from
    # any cell of the 20 x 10 m floor: about 22 - 46.7 - 23.5 - 3.3 = -51.5 dBm >> -82 dBm, so
    # every cell hears 2 co-channel APs (the serving one included); AP3 upstairs is on 40.
    out = tmp_path / "cochannel.csv"
    assert run("heatmap", str(project), "--floor", "1F", "--metric", "cochannel", "-o", str(out)) == 0
    values = {r["value"] for r in read_csv(out)}
    assert values == {"2"}
    capsys.readouterr()
    assert run("coverage", str(project), "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    first = data["floors"][0]
    assert first["cochannel_aps"] == 2 and first["cochannel_percentile"] == 0.95
