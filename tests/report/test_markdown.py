"""Markdown rendering: tables, escaping, image references."""

from __future__ import annotations

from wifiplan.report.document import Figure, ReportDocument, Section, Table
from wifiplan.report.markdown import md_escape, md_table, render_markdown


def test_table_alignment_and_escaping():
    text = md_table(Table(["Name", "Value"], [["a|b", "1"], ["line\nbreak", "2"]], caption="Cap", numeric={1}))
    lines = text.splitlines()
    assert lines[0] == "*Cap*" and lines[2] == "| Name | Value |" and lines[3] == "|---|---:|"
    assert "a\\|b" in lines[4] and "line<br>break" in lines[5]
    assert md_escape("x|y") == "x\\|y"


def test_document_with_figures():
    doc = ReportDocument("T", "sub", "PASSED", True, [
        Section("s1", "One", paragraphs=["p"], facts=[("k", "v")],
                subsections=[Section("s2", "Two", figures=[Figure("f.png", "cap", b"\x89PNG")])]),
    ])
    md = render_markdown(doc, image_dir="img")
    assert md.startswith("# T\n") and "## One" in md and "### Two" in md
    assert "![cap](img/f.png)" in md and "- **k:** v" in md and '<a id="s1"></a>' in md
    assert doc.figures()[0].name == "f.png"
