"""Self-contained HTML rendering of a plan report: inline CSS, figures embedded as base64 PNG."""

from __future__ import annotations

import base64
from html import escape

from wifiplan.report.document import ReportDocument, Section, Table

__all__ = ["render_html", "CSS"]

CSS = """
:root { --ink: #1d2433; --muted: #5b6475; --line: #d9dee8; --bg: #f6f8fb; --ok: #1a7f37; --bad: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
       color: var(--ink); background: #fff; }
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
@media print { nav { display: none; } .figs { display: block; } }
"""

#: Tables longer than this many rows are folded into a <details> element.
FOLD_ROWS = 40


def _table(t: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in t.headers)
    body = []
    for row in t.rows:
        cells = "".join(
            f'<td class="num">{escape(c)}</td>' if i in t.numeric else f"<td>{escape(c)}</td>" for i, c in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{escape(t.caption)}</caption>" if t.caption else ""
    html = f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    if len(t.rows) > FOLD_ROWS:
        label = escape(t.caption or "Table")
        return f"<details><summary>{label} ({len(t.rows)} rows)</summary>{html}</details>"
    return html


def _section(s: Section, level: int) -> str:
    h = f"h{min(level, 4)}"
    parts = [f'<section id="{escape(s.id)}"><{h}>{escape(s.title)}</{h}>']
    if s.facts:
        parts.append('<dl class="facts">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in s.facts)
                     + "</dl>")
    parts += [f"<p>{escape(p)}</p>" for p in s.paragraphs]
    parts += [_table(t) for t in s.tables]
    if s.figures:
        figs = []
        for f in s.figures:
            data = base64.b64encode(f.png).decode("ascii")
            figs.append(f'<figure><img alt="{escape(f.caption)}" src="data:image/png;base64,{data}">'
                        f"<figcaption>{escape(f.caption)}</figcaption></figure>")
        parts.append('<div class="figs">' + "".join(figs) + "</div>")
    parts += [_section(sub, level + 1) for sub in s.subsections]
    parts.append("</section>")
    return "\n".join(parts)


def render_html(doc: ReportDocument) -> str:
    """One HTML page that opens offline: inline CSS, no scripts, images as data URIs."""
    nav = "".join(f'<a href="#{escape(s.id)}">{escape(s.title)}</a>' for s in doc.sections)
    body = "\n".join(_section(s, 2) for s in doc.sections)
    klass = "ok" if doc.passed else "bad"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(doc.title)}</h1><div class=\"sub\">{escape(doc.subtitle)}</div>"
        f"<div class=\"status {klass}\">{escape(doc.status)}</div></header>\n"
        f"<nav>{nav}</nav>\n<main>\n{body}\n</main>\n"
        "<footer>Generated by wifiplan. Every figure was re-evaluated from the building file and the plan's "
        "access points.</footer>\n</body>\n</html>\n"
    )
