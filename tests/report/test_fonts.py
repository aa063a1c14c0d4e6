"""Japanese text in figures and pages: an explicit CJK font, no missing-glyph warnings."""

from __future__ import annotations

import io
import warnings

import pytest

from tests.rf.helpers import ap, building, settings
from wifiplan.report.fonts import CJK_FONT, cjk_font_face, cjk_font_path, figure_fonts
from wifiplan.report.heatmap import render_heatmap
from wifiplan.rf.maps import coverage_maps


def test_the_font_is_the_packaged_ipaex_gothic():
    path = cjk_font_path()
    assert path is not None and path.name == "ipaexg.ttf" and "matplotlib_fontja" in path.parts


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_heatmap_with_japanese_names_has_no_glyph_warning(fmt):
    b = building([{"name": "１階", "outline": [[0, 0], [6, 0], [6, 4], [0, 4]],
                   "walls": [{"material": "drywall", "path": [[3, 0], [3, 4]]}]}]).model_copy(
        update={"name": "市役所 本庁舎"})
    aps = [ap("窓口AP", [1, 2], floor="１階"), ap("会議室AP", [5, 1], channel=40, floor="１階")]
    maps = coverage_maps(b, settings(grid_m=1.0), aps, "１階", "5")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s) DejaVu Sans" would raise
        for metric in ("rssi", "serving"):
            data = render_heatmap(b, maps, metric, aps, fmt=fmt, threshold=-67.0, dpi=40)
            assert data[:4] in (b"\x89PNG", b"<?xm")


def test_figure_fonts_restores_settings():
    import matplotlib

    before = list(matplotlib.rcParams["font.family"])
    with figure_fonts():
        assert CJK_FONT in matplotlib.rcParams["font.family"]
    assert list(matplotlib.rcParams["font.family"]) == before


def test_page_font_subset_has_the_page_characters():
    from fontTools.ttLib import TTFont
    import base64
    import re

    css = cjk_font_face("市民ホール 電波強度 ２F")
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1))
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    for ch in "市民ホール電波強度２Fa":
        assert ord(ch) in cmap, ch
    assert ord("鬱") not in cmap  # a subset, not the whole 4 MB font
    assert len(data) < 200_000
    assert cjk_font_face("plain English only") == ""


def test_heatmap_and_report_commands_on_a_japanese_building(tmp_path, capsys):
    """The commands a user runs, with every warning an error: no glyph (or other) warning."""
    from tests.check.helpers import ONE_FLOOR, needs, write_project
    from tests.cli.helpers import cli

    needs("wifiplan.rf.maps")
    building = (ONE_FLOOR.replace("name: Rule test office", "name: 市役所 本庁舎").replace("name: 1F", "name: １階")
                .replace("name: West", "name: 市民課").replace("name: East", "name: 会議室")
                .replace("name: MDF", "name: 通信機械室"))
    aps = [{"name": "窓口AP", "floor": "１階", "at": [8, 10], "idf": "通信機械室",
            "radios": {"5": {"channel": 36, "width_mhz": 20, "tx_power_dbm": 14}}},
           {"name": "会議室AP", "floor": "１階", "at": [22, 10], "idf": "通信機械室",
            "radios": {"5": {"channel": 44, "width_mhz": 20, "tx_power_dbm": 14}}}]
    plan = write_project(tmp_path, building=building, aps=aps,
                         spares=[{"name": "予備1", "floor": "１階", "at": [15, 15], "idf": "通信機械室"}])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for metric, out in (("rssi", "a.png"), ("serving", "b.svg"), ("serving", "c.csv")):
            code, _out, err = cli(capsys, "heatmap", str(plan), "--floor", "１階", "--metric", metric,
                                  "-o", str(tmp_path / out))
            assert code == 0, err
        code, _out, err = cli(capsys, "report", str(plan), "-o", str(tmp_path / "rep"), "--dpi", "50", "--pdf",
                              "--growth-steps", "0.6")  # the growth chart too, labelled in Japanese
        assert code == 0, err
    assert "Glyph" not in err and "missing from font" not in err and ".notdef" not in err
    csv = (tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()
    assert csv[0] == "floor,x_m,y_m,value" and {row.split(",")[3] for row in csv[1:]} == {"窓口AP", "会議室AP"}
    html = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html and "市民課" in html
    assert "段階ごとの累計費用と収容人数" in html  # the growth chart's caption
