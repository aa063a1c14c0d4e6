"""`report --pdf`: an A4 PDF with page numbers and the Japanese font embedded."""

from __future__ import annotations

import re
import zlib

import pytest

from wifiplan.report.document import ReportDocument, Section, Table


def _weasy():
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # pragma: no cover - pango missing
        pytest.skip("needs WeasyPrint with the pango library (pip install weasyprint; apt-get install libpango-1.0-0)")


def _objects(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream decompressed appended (page objects may sit in object streams)."""
    out = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, flags=re.S):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)


def test_a4_pages_and_japanese_font():
    _weasy()
    from wifiplan.report.pdf import render_pdf

    rows = [[f"AP{i}", "1F", "36"] for i in range(120)]  # long enough for several pages
    doc = ReportDocument("無線LAN整備計画：市役所", "sub", "合格", True,
                         [Section("summary", "概要", paragraphs=["予備位置と配線"]),
                          Section("aps", "アクセスポイント", tables=[Table(["名称", "階", "チャネル"], rows)])],
                         lang="ja")
    pdf = render_pdf(doc)
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", _objects(pdf))
    assert len(boxes) >= 3
    for w, h in boxes:
        # A4 = 210 × 297 mm = 595.28 × 841.89 pt
        assert float(w) == pytest.approx(595.28, abs=0.5) and float(h) == pytest.approx(841.89, abs=0.5)
    assert b"IPAexGothic" in _objects(pdf)  # the Japanese text is set in the embedded font, not .notdef boxes


def test_cli_pdf(tmp_path):
    _weasy()
    from tests.check.helpers import needs, write_project
    from wifiplan.cli.report import write_report

    needs("wifiplan.rf.maps")
    plan = write_project(tmp_path)
    write_report(plan, tmp_path / "out", dpi=40, pdf=True)
    pdf = (tmp_path / "out" / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and (tmp_path / "out" / "index.html").exists()
