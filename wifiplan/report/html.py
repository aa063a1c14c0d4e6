"""Self-contained HTML rendering of a plan report: inline CSS, figures embedded as base64 PNG.

The same page is the source of the A4 PDF (``wifiplan.report.pdf``): the print CSS sets
A4 pages, page numbers in the footer, a table of contents with page numbers (WeasyPrint's
``target-counter``), figures that do not break across pages and tables whose header rows
repeat.
"""

from __future__ import annotations

import base64
from html import escape

from wifiplan.report.document import ReportDocument, Section, Table
from wifiplan.report.fonts import cjk_font_face
from wifiplan.report.i18n import _, language

__all__ = ["render_html", "CSS"]

CSS = """
:root { --ink: #1d2433; --muted: #5b6475; --line: #d9dee8; --bg: #f6f8fb; --ok: #1a7f37; --bad: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
       "IPAexGothic", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif;
       color: var(--ink); background: #fff; }
html:lang(ja) body { line-height: 1.6; }
header { padding: 24px 40px 16px; background: var(--bg); border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 26px; }
header .sub { color: var(--muted); }
.status { display: inline-block; margin-top: 10px; padding: 4px 10px; border-radius: 4px; font-weight: 600; color: #fff; }
.status.ok { background: var(--ok); } .status.bad { background: var(--bad); }
nav { padding: 8px 40px; border-bottom: 1px solid var(--line); font-size: 13px; }
nav a { margin-right: 14px; color: #2456a6; text-decoration: none; }
main { padding: 8px 40px 40px; max-width: 1500px; }
h2 { margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); font-size: 20px; }
h3 { margin: 20px 0 6px; font-size: 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 8px 0 14px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; font-weight: 500; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
caption { text-align: left; color: var(--muted); padding: 2px 0 6px; font-style: italic; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
th { background: var(--bg); text-align: left; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:nth-child(even) td { background: #fbfcfe; }
figure { margin: 10px 0 22px; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.figs { display: grid; grid-template-columns: repeat(auto-fill, minmax(620px, 1fr)); gap: 12px; }
details summary { cursor: pointer; color: #2456a6; margin: 4px 0; }
footer { color: var(--muted); font-size: 12px; padding: 16px 40px; border-top: 1px solid var(--line); }
nav.toc ul { margin: 4px 0; padding-left: 8px; list-style: none; }
nav.toc li { margin: 2px 0; }
nav.toc p.appendix { margin: 8px 0 2px; font-weight: 600; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); background: #eef2f8 !important; }  /* bold may not exist in the CJK font */
p.links a { margin-right: 12px; color: #2456a6; }
.figs.maps { grid-template-columns: 1fr; }
@page { size: A4; margin: 16mm 14mm 18mm;
        @bottom-center { content: counter(page) " / " counter(pages); font: 9pt sans-serif; color: #5b6475; } }
@media print {
  body { font-size: 9.5pt; }
  header { padding: 0 0 8px; background: none; }
  header h1 { font-size: 18pt; }
  nav.toc { border: none; padding: 0; page-break-after: always; }
  nav.toc a { color: var(--ink); }
  nav.toc a::after { content: leader('.') target-counter(attr(href), page); }
  main { padding: 0; max-width: none; }
  section#summary { page-break-after: always; }
  h2 { page-break-before: always; page-break-after: avoid; margin-top: 0; }
  section#summary h2, section#budget h2 { page-break-before: avoid; }
  h3 { page-break-after: avoid; }
  .figs { display: block; }
  figure { page-break-inside: avoid; margin: 4mm 0; }
  figure img { max-height: 225mm; object-fit: contain; border: none; }
  table { font-size: 8pt; page-break-inside: auto; }
  div.keep { page-break-inside: avoid; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  details > summary { display: none; }
  p.links { display: none; }
  footer { border: none; padding: 8px 0; }
}
"""

#: Tables longer than this many rows are folded into a <details> element.
FOLD_ROWS = 40
#: Tables of at most this many rows are not split across printed pages (budget tables, options).
SHORT_ROWS = 20


def _table(t: Table, *, fold: bool = True) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in t.headers)
    body = []
    for k, row in enumerate(t.rows):
        cells = "".join(
            f'<td class="num">{escape(c)}</td>' if i in t.numeric else f"<td>{escape(c)}</td>" for i, c in enumerate(row))
        body.append(f'<tr class="total">{cells}</tr>' if k in t.total_rows else f"<tr>{cells}</tr>")
    cap = f"<caption>{escape(t.caption)}</caption>" if t.caption else ""
    html = f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    if len(t.rows) <= SHORT_ROWS:  # printed on one page, caption included
        return f'<div class="keep">{html}</div>'

    if fold and len(t.rows) > FOLD_ROWS:
        label = escape(_("{caption} ({rows} rows)").format(caption=t.caption or _("Table"), rows=len(t.rows)))
        return f"<details><summary>{label}</summary>{html}</details>"
    return html


def _inline(text: str) -> str:
    """Escaped text with `commands` set as <code> (as the Markdown report shows them)."""
    import re

    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def _section(s: Section, level: int, fold: bool = True) -> str:
    h = f"h{min(level, 4)}"
    parts = [f'<section id="{escape(s.id)}"><{h}>{escape(s.title)}</{h}>']
    if s.facts:
        parts.append('<dl class="facts">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in s.facts)
                     + "</dl>")
    parts += [f"<p>{_inline(p)}</p>" for p in s.paragraphs]
    if s.links:
        parts.append('<p class="links">' + escape(_("See also:")) + " "
                     + " ".join(f'<a href="#{escape(i)}">{escape(label)}</a>' for i, label in s.links) + "</p>")
    parts += [_table(t, fold=fold) for t in s.tables]
    if s.figures:
        figs = []
        for f in s.figures:
            data = base64.b64encode(f.png).decode("ascii")
            figs.append(f'<figure><img alt="{escape(f.caption)}" src="data:image/png;base64,{data}">'
                        f"<figcaption>{escape(f.caption)}</figcaption></figure>")
        maps = all(f.kind == "map" for f in s.figures)
        parts.append(f'<div class="figs{" maps" if maps else ""}">' + "".join(figs) + "</div>")
    parts += [_section(sub, level + 1, fold) for sub in s.subsections]
    parts.append("</section>")
    return "\n".join(parts)


def render_html(doc: ReportDocument, *, for_print: bool = False) -> str:
    """One HTML page that opens offline: inline CSS, no scripts, images as data URIs.

    ``lang`` is the document's language; the table of contents lists every section.
    ``for_print`` unfolds long tables (a PDF has no clickable ``<details>``).
    """
    with language(doc.lang):
        return _page(doc, for_print)


def _page(doc: ReportDocument, for_print: bool) -> str:
    main = [s for s in doc.sections if not s.appendix]
    extra = [s for s in doc.sections if s.appendix]

    def item(k: int, s: Section) -> str:  # numbered in text: print engines ignore <ol start>
        return f'<li><a href="#{escape(s.id)}">{k}. {escape(s.title)}</a></li>'

    toc = "<ul>" + "".join(item(k, s) for k, s in enumerate(main, 1)) + "</ul>"
    if extra:
        label = escape(_("Appendix: details for engineers"))
        toc += (f'<p class="appendix">{label}</p><ul>'
                + "".join(item(k, s) for k, s in enumerate(extra, len(main) + 1)) + "</ul>")
    body = "\n".join(_section(s, 2, fold=not for_print) for s in doc.sections)
    klass = "ok" if doc.passed else "bad"
    contents = escape(_("Contents"))
    face = cjk_font_face(doc.title + doc.subtitle + doc.status + contents + toc + body + _("Generated by wifiplan. Every figure "
                         "was re-evaluated from the building file and the plan's access points."))
    if face:  # Japanese text on the page: set it all in the embedded font (browsers' per-glyph fallback is unreliable)
        face += 'body { font-family: "IPAexGothic", sans-serif; }\n'
    footer = escape(_("Generated by wifiplan. Every figure was re-evaluated from the building file and the plan's "
                      "access points."))
    return (
        f"<!DOCTYPE html>\n<html lang=\"{escape(doc.lang)}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(doc.title)}</title>\n<style>{CSS}{face}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(doc.title)}</h1><div class=\"sub\">{escape(doc.subtitle)}</div>"
        f"<div class=\"status {klass}\">{escape(doc.status)}</div></header>\n"
        f"<nav class=\"toc\"><strong>{contents}</strong>{toc}</nav>\n<main>\n{body}\n</main>\n"
        f"<footer>{footer}</footer>\n</body>\n</html>\n"
    )
