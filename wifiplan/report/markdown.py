"""Markdown rendering of a plan report (figures as separate PNG files), e.g. for a repository or PR."""

from __future__ import annotations

from wifiplan.report.document import ReportDocument, Section, Table
from wifiplan.report.i18n import _, language

__all__ = ["render_markdown", "md_escape", "md_table"]


def md_escape(text: str) -> str:
    """Escape a table cell: pipes and line breaks.

    >>> md_escape("a|b\\nc")
    'a\\\\|b<br>c'
    """
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def md_table(t: Table) -> str:
    """A GitHub-flavoured Markdown table (numeric columns right-aligned)."""
    lines = []
    if t.caption:
        lines.append(f"*{md_escape(t.caption)}*")
        lines.append("")
    lines.append("| " + " | ".join(md_escape(h) for h in t.headers) + " |")
    lines.append("|" + "|".join("---:" if i in t.numeric else "---" for i in range(len(t.headers))) + "|")
    lines += ["| " + " | ".join(f"**{md_escape(c)}**" if k in t.total_rows and c else md_escape(c) for c in row) + " |"
              for k, row in enumerate(t.rows)]
    return "\n".join(lines)


def _section(s: Section, level: int, image_dir: str) -> list[str]:
    out = [f"{'#' * min(level, 6)} {s.title}", ""]
    if s.facts:
        out += [f"- **{k}:** {v}" for k, v in s.facts] + [""]
    for p in s.paragraphs:
        out += [p, ""]
    if s.links:
        out += [_("See also:") + " " + " · ".join(f"[{label}](#{i})" for i, label in s.links), ""]
    for t in s.tables:
        out += [md_table(t), ""]
    for f in s.figures:
        out += [f"![{f.caption}]({image_dir}/{f.name})", "", f"*{f.caption}*", ""]
    for sub in s.subsections:
        out += _section(sub, level + 1, image_dir)
    return out


def render_markdown(doc: ReportDocument, *, image_dir: str = "img") -> str:
    """The report as Markdown; figures are referenced as ``image_dir/<name>.png`` (write them there)."""
    with language(doc.lang):
        return _markdown(doc, image_dir)


def _markdown(doc: ReportDocument, image_dir: str) -> str:
    out = [f"# {doc.title}", "", doc.subtitle, "", f"**{doc.status}**", ""]
    out += [_("Contents:") + " " + " · ".join(f"[{s.title}](#{s.id})" for s in doc.sections), ""]
    for s in doc.sections:
        out += [f'<a id="{s.id}"></a>', ""] + _section(s, 2, image_dir)
    return "\n".join(out).rstrip() + "\n"
