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
