"""The fonts of every figure: DejaVu Sans for Latin text, IPAex Gothic for Japanese.

IPAex Gothic comes from the ``matplotlib-fontja`` package (IPA Font License v1.0, shipped
with the package). It is registered explicitly and used as a per-glyph fallback, so a
floor or zone named 市民ホール renders on a fresh machine without "Glyph missing"
warnings, and nothing depends on which fonts the operating system has. The package's own
import side effect (``japanize()``, which changes matplotlib's global settings) is avoided:
only its font file is used.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

__all__ = ["CJK_FONT", "cjk_font_path", "figure_fonts"]

#: The family name of the bundled Japanese font.
CJK_FONT = "IPAexGothic"


@lru_cache(maxsize=1)
def cjk_font_path() -> Path | None:
    """The IPAex Gothic TTF inside the installed ``matplotlib-fontja`` package, or None."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        path = Path(base) / "fonts" / "ipaexg.ttf"
        if path.is_file():
            return path
    return None


class _NoBoldFallbackNote(logging.Filter):
    """Drop matplotlib's note that IPAex Gothic has no bold (Japanese in bold labels renders regular)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (CJK_FONT in record.getMessage() and "Failed to find font weight" in record.getMessage())


@lru_cache(maxsize=1)
def _register() -> bool:
    from matplotlib import font_manager

    path = cjk_font_path()
    if path is None:
        return False
    font_manager.fontManager.addfont(str(path))
    logging.getLogger("matplotlib.font_manager").addFilter(_NoBoldFallbackNote())
    return True


@contextmanager
def figure_fonts() -> Iterator[None]:
    """Within the block, figures use DejaVu Sans with IPAex Gothic as fallback for Japanese."""
    import matplotlib

    families = ["DejaVu Sans", CJK_FONT] if _register() else ["DejaVu Sans"]
    # An explicit list (not the generic "sans-serif") so matplotlib falls back per glyph.
    with matplotlib.rc_context({"font.family": families, "axes.unicode_minus": True}):
        yield


def cjk_font_face(text: str) -> str:
    """A CSS ``@font-face`` for IPAex Gothic subset to the characters of ``text`` (data URI).

    Empty when ``text`` has no CJK character or the font is not installed; otherwise the
    subset has every character of ``text`` the font has, and printable ASCII. The HTML
    report embeds it so Japanese renders in any browser, without fonts on the machine and
    without a network (the subset keeps the page small: about 340 kB of base64 for the
    400-odd characters of the city-hall report).
    """
    path = cjk_font_path()
    if not any(ord(c) >= 0x2E80 for c in text) or path is None:
        return ""
    import base64
    import io

    from fontTools import subset

    options = subset.Options()
    options.name_IDs = ["*"]  # keep the licence and copyright names
    options.notdef_outline = True
    options.layout_features = ["*"]
    font = subset.load_font(io.BytesIO(path.read_bytes()), options)  # no file left open
    sub = subset.Subsetter(options)
    # every character of the page: Japanese pages are set in this font throughout
    sub.populate(text="".join(sorted(set(text))) + "".join(chr(c) for c in range(0x20, 0x7F)))
    sub.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return ('@font-face { font-family: "IPAexGothic"; '
            f'src: url("data:font/ttf;base64,{data}") format("truetype"); }}\n')
