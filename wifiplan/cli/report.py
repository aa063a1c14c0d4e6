"""``wifiplan report``: a self-contained HTML report and a Markdown report (with PNG files) of a plan."""

from __future__ import annotations

from pathlib import Path

import typer

from wifiplan.errors import EXIT_OK, InputError, OutputExistsError, PlanFileError

__all__ = ["register", "write_report"]


def write_report(plan: Path, out_dir: Path, *, building: Path | None = None, force: bool = False,
                 dpi: int = 110, lang: str | None = None, pdf: bool = False) -> tuple[Path, Path, int]:
    """Evaluate ``plan`` and write ``index.html``, ``report.md`` and ``img/*.png`` into ``out_dir``
    (and ``report.pdf``, A4, with ``pdf``).

    ``lang`` is ``en`` or ``ja``; None takes the building's country (JP → ja).
    Returns the HTML path, the Markdown path and the number of figures.

    Raises
    ------
    OutputExistsError
        If a report file exists in ``out_dir`` and ``force`` is false.
    InputError
        If ``out_dir`` is a file, or the plan or building cannot be read or has errors
        (duplicate AP names, unknown floors or rooms: the report would be misleading).
    """
    from wifiplan.check.context import display_path, load_context
    from wifiplan.io.atomic import write_bytes, write_text
    from wifiplan.report.document import build_report
    from wifiplan.report.html import render_html
    from wifiplan.report.markdown import render_markdown

    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: is a file; give a directory for the report")
    html_path, md_path, img_dir = out_dir / "index.html", out_dir / "report.md", out_dir / "img"
    pdf_path = out_dir / "report.pdf"
    if pdf:
        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError) as err:
            raise InputError(f"--pdf needs WeasyPrint and the pango library ({err}); install them "
                             "(`pip install weasyprint`, Debian: `apt-get install libpango-1.0-0 libpangoft2-1.0-0`) "
                             "or leave out --pdf") from None
    if not force:
        for p in (html_path, md_path, *([pdf_path] if pdf else [])):
            if p.exists():
                raise OutputExistsError(f"{p}: already exists; use --force to overwrite the report")
    ctx = load_context(plan, building=building)
    bad = [p for p in ctx.building_problems if p.severity == "error"]
    if bad:
        raise InputError("the building has errors; fix them first:\n" + "\n".join(str(p) for p in bad[:20]),
                         problems=bad)
    from wifiplan.model.validate_plan import validate_plan

    bad = [p for p in validate_plan(ctx.plan, ctx.building, locate=ctx.plan_file.source_map.locate)
           if p.severity == "error" and p.code != "PL08"]  # illegal channels are shown as CH01 findings
    if bad:
        raise PlanFileError("the plan has errors; fix them first (`wifiplan validate`):\n"
                            + "\n".join(str(p) for p in bad[:20]), problems=bad)
    doc = build_report(ctx, plan_label=display_path(plan), dpi=dpi, lang=lang)
    img_dir.mkdir(parents=True, exist_ok=True)
    figures = doc.figures()
    for fig in figures:
        write_bytes(img_dir / fig.name, fig.png)
    write_text(html_path, render_html(doc))
    write_text(md_path, render_markdown(doc, image_dir="img"))
    if pdf:
        from wifiplan.report.pdf import render_pdf

        write_bytes(pdf_path, render_pdf(doc))
    return html_path, md_path, len(figures)


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        plan: Path = typer.Argument(..., help="Plan file (YAML or JSON).", show_default=False),
        output: Path = typer.Option(..., "--output", "-o", help="Directory for index.html, report.md and img/."),
        building: Path | None = typer.Option(None, "--building", "-b", help="Building file (default: the plan's `building:`)."),
        force: bool = typer.Option(False, "--force", help="Overwrite an existing report in the directory."),
        dpi: int = typer.Option(110, "--dpi", min=50, max=300, help="Resolution of the figures."),
        lang: str | None = typer.Option(None, "--lang", help="Report language: ja or en (default: from the "
                                        "building's country, JP → ja)."),
        pdf: bool = typer.Option(False, "--pdf", help="Also write report.pdf (A4, page numbers, contents; WeasyPrint)."),
    ) -> None:
        """Write an HTML report (self-contained, opens offline) and a Markdown report of a plan.

        Executive summary, budget (phased, prepare now vs retrofit later), floor maps,
        coverage per floor, checks, and the tables behind them; in Japanese or English.
        """
        from wifiplan.cli._common import err_console
        from wifiplan.report.i18n import LANGUAGES

        if lang is not None and lang not in LANGUAGES:
            raise typer.BadParameter(f"use one of {', '.join(LANGUAGES)}", param_hint="--lang")
        html, md, n = write_report(plan, output, building=building, force=force, dpi=dpi, lang=lang, pdf=pdf)
        extra = f" and {output / 'report.pdf'}" if pdf else ""
        err_console().print(f"wrote {html}, {md}{extra} with {n} figure(s)", soft_wrap=True)
        raise typer.Exit(EXIT_OK)
