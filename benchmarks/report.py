"""Benchmark: the report of a plan in Japanese — evaluation and figures, HTML, Markdown, A4 PDF.

Usage: python benchmarks/report.py PLAN.yaml [--lang ja|en]
(make a plan first: ``wifiplan plan floorplans/city-hall.yaml -o /tmp/ch.plan.yaml``).
Prints timings, sizes and page counts; asserts nothing about wall-clock time.
"""

from __future__ import annotations

import re
import sys
import time

from wifiplan.check.context import load_context
from wifiplan.report.document import build_report
from wifiplan.report.html import render_html
from wifiplan.report.markdown import render_markdown
from wifiplan.report.pdf import render_pdf


def main(argv: list[str]) -> None:
    plan = argv[0] if argv else "/tmp/ch.plan.yaml"
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv else None
    t0 = time.perf_counter()
    ctx = load_context(plan)
    t1 = time.perf_counter()
    doc = build_report(ctx, plan_label=plan, dpi=110, lang=lang)
    t2 = time.perf_counter()
    html = render_html(doc)
    t3 = time.perf_counter()
    md = render_markdown(doc)
    t4 = time.perf_counter()
    pdf = render_pdf(doc)
    t5 = time.perf_counter()
    import zlib

    chunks = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, flags=re.S):  # pages may sit in object streams
        try:
            chunks.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", b"\n".join(chunks)))
    figs = doc.figures()
    print(f"plan {plan}: {len(ctx.aps)} APs, {len(ctx.building.floors)} floors, language {doc.lang}")
    print(f"load {t1 - t0:.1f} s; evaluate + {len(figs)} figures {t2 - t1:.1f} s; HTML {t3 - t2:.2f} s "
          f"({len(html) / 1e6:.1f} MB); Markdown {t4 - t3:.2f} s; PDF {t5 - t4:.1f} s ({len(pdf) / 1e6:.1f} MB, "
          f"{pages or '?'} pages)")


if __name__ == "__main__":
    main(sys.argv[1:])
