"""The HTML report: one self-contained page (inline CSS, base64 PNGs, no external references)."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess

import pytest

from tests.check.helpers import GOOD_APS, needs, write_project


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    needs("wifiplan.rf.maps")
    needs("wifiplan.report.heatmap")
    from wifiplan.cli.report import write_report

    tmp = tmp_path_factory.mktemp("html")
    plan = write_project(tmp)
    out = tmp / "out"
    html, md, n = write_report(plan, out, dpi=60, lang="en")
    return out, n


def test_self_contained(report_dir):
    out, n = report_dir
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "<script" not in html and "<link" not in html
    srcs = re.findall(r'src="([^"]+)"', html)
    assert len(srcs) == n == 3  # floor map, signal strength, serving AP on the one floor (no secondary requirement)
    for src in srcs:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert not re.search(r'(href|src)="(https?:)?//', html)


def test_sections_and_content(report_dir):
    out, _ = report_dir
    html = (out / "index.html").read_text(encoding="utf-8")
    for sid in ("summary", "budget", "requirements", "floormaps", "floors", "checks", "aps", "channels", "capacity",
                "cabling", "cost", "prepare", "assumptions"):
        assert f'<section id="{sid}">' in html
        assert f'<a href="#{sid}">' in html.split("<main>")[0]  # in the table of contents
    assert '<html lang="en">' in html
    assert "PASSED" in html and "AP1" in html and "AP2" in html and "MDF" in html
    assert "multiwall" in html
    assert "concrete" in html.split('id="assumptions"')[1]  # the wall material and its source


def test_markdown_images_are_files(report_dir):
    out, n = report_dir
    md = (out / "report.md").read_text(encoding="utf-8")
    refs = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert len(refs) == n
    for ref in refs:
        assert (out / ref).read_bytes()[:4] == b"\x89PNG"
    assert "| AP | Floor |" in md and "## Executive summary" in md


def test_failing_plan_says_failed(tmp_path):
    needs("wifiplan.rf.maps")
    from wifiplan.cli.report import write_report

    html, _, _ = write_report(write_project(tmp_path, aps=GOOD_APS[:1]), tmp_path / "out", dpi=50, lang="en")
    text = html.read_text(encoding="utf-8")
    assert "FAILED" in text and "CV01 coverage.min_rssi" in text


def test_refuses_to_overwrite(tmp_path):
    needs("wifiplan.rf.maps")
    from wifiplan.cli.report import write_report
    from wifiplan.errors import OutputExistsError

    plan = write_project(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.md").write_text("old")
    with pytest.raises(OutputExistsError, match="--force"):
        write_report(plan, tmp_path / "out", dpi=50)
    assert (tmp_path / "out" / "report.md").read_text() == "old"
    write_report(plan, tmp_path / "out", dpi=50, force=True)
    assert (tmp_path / "out" / "report.md").read_text() != "old"


@pytest.mark.slow
def test_renders_in_headless_chromium(report_dir, tmp_path):
    """Open the page in Chromium and check the screenshot shows the (colourful) heatmaps."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("chromium is not installed")
    from pathlib import Path

    import numpy as np
    from PIL import Image

    out, _ = report_dir
    script = Path(__file__).resolve().parents[2] / "tools" / "screenshot_report.sh"
    shot = tmp_path / "shot.png"
    subprocess.run(["bash", str(script), str(out / "index.html"), str(shot), "1400", "6000"],
                   check=True, timeout=120, capture_output=True)
    rgb = np.asarray(Image.open(shot).convert("RGB"), dtype=float)
    assert rgb.shape[:2] == (6000, 1400)
    saturation = rgb.max(axis=2) - rgb.min(axis=2)
    # the floor map and heatmap colours (turbo, categorical) are strongly saturated; text and tables are not
    assert (saturation > 120).mean() > 0.01  # about 2.5 % of this 6000-px page (3 figures, one floor)


def test_commands_in_sentences_are_code_not_backticks():
    from wifiplan.report.html import _inline

    assert _inline("run `wifiplan grow` <now>") == "run <code>wifiplan grow</code> &lt;now&gt;"
    assert _inline("no command here") == "no command here"


def test_short_tables_are_kept_on_one_printed_page():
    from wifiplan.report.document import Table
    from wifiplan.report.html import SHORT_ROWS, _table

    short = _table(Table(["a"], [["1"]] * SHORT_ROWS))
    long = _table(Table(["a"], [["1"]] * (SHORT_ROWS + 1)), fold=False)
    assert short.startswith('<div class="keep"><table>') and long.startswith("<table>")
