"""``wifiplan report``: a self-contained HTML report and a Markdown report (with PNG files) of a plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from wifiplan.errors import EXIT_OK, InputError, OutputExistsError, PlanFileError

__all__ = ["register", "write_report"]


def write_report(plan: Path, out_dir: Path, *, building: Path | None = None, force: bool = False,
                 dpi: int = 110, lang: str | None = None, pdf: bool = False,
                 growth_steps: list[float] | None = None, growth_path: Path | None = None,
                 compare_presets: list[str] | None = None, seed: int = 0,
                 note: Callable[[str], None] | None = None) -> tuple[Path, Path, int]:
    """Evaluate ``plan`` and write ``index.html``, ``report.md`` and ``img/*.png`` into ``out_dir``
    (and ``report.pdf``, A4, with ``pdf``).

    ``lang`` is ``en`` or ``ja``; None takes the building's country (JP → ja).
    ``growth_steps`` (headcount shares, e.g. ``[0.15, 0.3, 0.5]``) computes the expansion
    path from the plan's APs and spares (:func:`wifiplan.workflow.grow.grow_path`, with and
    without the spares); ``growth_path`` reads one that ``wifiplan grow --existing PLAN
    --format json`` wrote instead. ``compare_presets`` plans the same building with each
    of these AP presets (``seed``) and shows them beside the plan in the budget. ``note``
    receives progress messages for the slow parts.
    Returns the HTML path, the Markdown path and the number of figures.

    Raises
    ------
    OutputExistsError
        If a report file exists in ``out_dir`` and ``force`` is false.
    InputError
        If ``out_dir`` is a file, or the plan or building cannot be read or has errors
        (duplicate AP names, unknown floors or rooms: the report would be misleading);
        if both ``growth_steps`` and ``growth_path`` are given, the path file is not a
        ``wifiplan grow`` JSON or does not start from this plan, or a preset is unknown.
    """
    if growth_steps and growth_path is not None:
        raise InputError("give --growth-steps or --growth-path, not both")
    if compare_presets:
        from wifiplan.library import load_library

        known = load_library().ap_presets
        for name in compare_presets:
            if name not in known:
                raise InputError(f"--compare-preset {name}: unknown AP preset; use one of {', '.join(sorted(known))}")
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
    say = note or (lambda _m: None)
    path = None
    if growth_path is not None:
        from wifiplan.report.expansion import read_growth_json

        path = read_growth_json(growth_path)
    elif growth_steps:
        from wifiplan.workflow.grow import existing_from_plan, grow_path

        say(f"planning {len(growth_steps)} growth step(s) twice (with and without the spare positions); "
            "this takes a while")
        path = grow_path(ctx.building, list(growth_steps), seed=seed,
                         existing=existing_from_plan(ctx.plan, display_path(plan)))
    if path is not None:
        from wifiplan.cost.books import resolve_book
        from wifiplan.report.expansion import check_path_start

        check_path_start(path, building=ctx.building.name, aps=len(ctx.aps), spares=len(ctx.spares),
                         currency=resolve_book(ctx.building).currency,
                         source=display_path(growth_path) if growth_path is not None else "the expansion path")
    options = [_preset_option(ctx, name, seed, say) for name in compare_presets or ()]
    doc = build_report(ctx, plan_label=display_path(plan), dpi=dpi, lang=lang, growth_path=path, options=options)
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


def _preset_option(ctx, preset: str, seed: int, say: Callable[[str], None]):
    """The building planned with AP preset ``preset`` (the building file as written, ``ap.preset`` replaced)."""
    from wifiplan.io.load import load_building
    from wifiplan.io.overrides import parse_overrides, using_overrides
    from wifiplan.report.options import preset_context
    from wifiplan.workflow.plan import plan_building

    say(f"planning the building with AP preset {preset} for the options table")
    with using_overrides(parse_overrides([f"ap.preset={preset}"])):
        bld = load_building(ctx.building_file.path)
    result = plan_building(bld.model, building_ref=ctx.plan.building, building_sha256=bld.sha256, seed=seed)
    return preset_context(bld, result.plan, f"<plan with --set ap.preset={preset}>")


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
        growth_steps: str | None = typer.Option(None, "--growth-steps", metavar="0.15,0.3,0.5",
                                                help="Budget these headcount steps: plan each on the previous one "
                                                     "from this plan, with and without the spare positions (slow: "
                                                     "two plans per step)."),
        growth_path: Path | None = typer.Option(None, "--growth-path", metavar="FILE.json",
                                                help="Budget the steps of `wifiplan grow --existing PLAN --format "
                                                     "json` instead of computing them."),
        compare_preset: list[str] | None = typer.Option(None, "--compare-preset", metavar="PRESET",
                                                        help="Also plan the building with this AP preset and show it "
                                                             "beside the plan in the budget (repeatable)."),
        seed: int = typer.Option(0, "--seed", min=0, help="Seed of the plans made for --growth-steps and "
                                                          "--compare-preset."),
    ) -> None:
        """Write an HTML report (self-contained, opens offline) and a Markdown report of a plan.

        Executive summary, budget (phased, prepare now vs retrofit later), floor maps,
        coverage per floor, checks, and the tables behind them; in Japanese or English.
        With --growth-steps (or --growth-path) the phased budget runs through each growth
        step with and without the spare positions, with a chart; --compare-preset adds the
        same building planned with another AP preset as a column.
        """
        from wifiplan.cli._common import err_console
        from wifiplan.report.i18n import LANGUAGES

        if lang is not None and lang not in LANGUAGES:
            raise typer.BadParameter(f"use one of {', '.join(LANGUAGES)}", param_hint="--lang")
        steps = None
        if growth_steps is not None:
            from wifiplan.cli.grow import parse_steps

            try:
                steps = parse_steps(growth_steps)
            except typer.BadParameter as err:
                raise typer.BadParameter(str(err.message), param_hint="--growth-steps") from None
        con = err_console()
        html, md, n = write_report(plan, output, building=building, force=force, dpi=dpi, lang=lang, pdf=pdf,
                                   growth_steps=steps, growth_path=growth_path, compare_presets=compare_preset or [],
                                   seed=seed, note=lambda m: con.print(m, soft_wrap=True))
        extra = f" and {output / 'report.pdf'}" if pdf else ""
        con.print(f"wrote {html}, {md}{extra} with {n} figure(s)", soft_wrap=True)
        raise typer.Exit(EXIT_OK)
