"""A4 PDF of the report with WeasyPrint: the HTML page with its print CSS (page numbers,
table of contents with page numbers, long tables unfolded).

Japanese text uses IPAex Gothic from ``matplotlib-fontja`` (the same font as the figures),
embedded by the HTML page as an ``@font-face`` subset, so the PDF does not depend on the
machine's fonts.
"""

from __future__ import annotations

from wifiplan.report.document import ReportDocument
from wifiplan.report.html import render_html

__all__ = ["render_pdf"]


def render_pdf(doc: ReportDocument) -> bytes:
    """The report as A4 PDF bytes.

    Raises
    ------
    ModuleNotFoundError
        If WeasyPrint is not installed.
    """
    import logging

    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # subsetting chatter
    html = render_html(doc, for_print=True)
    fonts = FontConfiguration()  # makes the @font-face font available to the layout
    return HTML(string=html).write_pdf(font_config=fonts)
