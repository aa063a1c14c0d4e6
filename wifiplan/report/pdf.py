"""A4 PDF of the report with WeasyPrint: the HTML page with its print CSS (page numbers,
table of contents with page numbers, long tables unfolded).

Japanese text uses IPAex Gothic from ``matplotlib-fontja`` (the same font as the figures),
declared with ``@font-face`` so the PDF does not depend on the machine's fonts.
"""

from __future__ import annotations

from wifiplan.report.document import ReportDocument
from wifiplan.report.fonts import cjk_font_path
from wifiplan.report.html import render_html

__all__ = ["render_pdf"]


def _font_css() -> str:
    path = cjk_font_path()
    if path is None:
        return ""
    return ('@font-face { font-family: "IPAexGothic"; src: url("%s"); }\n'
            'body { font-family: "DejaVu Sans", "IPAexGothic", sans-serif; }\n' % path.as_uri())


def render_pdf(doc: ReportDocument) -> bytes:
    """The report as A4 PDF bytes.

    Raises
    ------
    ModuleNotFoundError
        If WeasyPrint is not installed.
    """
    import logging

    from weasyprint import CSS, HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = render_html(doc, for_print=True)
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=_font_css())], metadata={"lang": doc.lang})
