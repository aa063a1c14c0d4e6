"""The plan report as data: sections of tables and figures, rendered to HTML and Markdown."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wifiplan import __version__
from wifiplan.check.context import CheckContext, CheckOptions, StageUnavailable, stage
from wifiplan.check.runner import check_context
from wifiplan.check.rules import default_registry

__all__ = ["Table", "Figure", "Section", "ReportDocument", "HEATMAP_METRICS", "build_report"]

#: Heatmaps drawn per floor: (key, rf metric or "utilisation", caption).
HEATMAP_METRICS: tuple[tuple[str, str, str], ...] = (
    ("rssi", "rssi", "Best RSSI"),
    ("secondary", "secondary", "Second-best RSSI (roaming)"),
    ("snr", "snr", "SNR"),
    ("channels", "overlap", "Co-channel APs heard ≥ −85 dBm (channel plan)"),
    ("utilisation", "utilisation", "Channel utilisation of the serving AP at the growth scenario"),
)


@dataclass
class Table:
    """A table: headers and rows of text; ``numeric`` columns are right-aligned."""

    headers: list[str]
    rows: list[list[str]]
    caption: str | None = None
    numeric: set[int] = field(default_factory=set)


@dataclass
class Figure:
    """A PNG figure: file name (for Markdown), caption, bytes."""

    name: str
    caption: str
    png: bytes


@dataclass
class Section:
    """A titled section: paragraphs, key/value facts, tables, figures, subsections."""

    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class ReportDocument:
    """The whole report: title, subtitle, status line and sections."""

    title: str
    subtitle: str
    status: str
    passed: bool
    sections: list[Section]

    def figures(self) -> list[Figure]:
        """Every figure, in document order."""
        out: list[Figure] = []

        def walk(s: Section) -> None:
            out.extend(s.figures)
            for sub in s.subsections:
                walk(sub)

        for s in self.sections:
            walk(s)
        return out


# -- formatting helpers ---------------------------------------------------------------------
def _pct(x: float | None) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.1f} %"


def _num(x: float | None, nd: int = 1) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{nd}f}"


def _money(x: float, currency: str, decimals: int) -> str:
    return f"{currency} {x:,.{decimals}f}"


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def _try(fn, default=None):
    try:
        return fn()
    except StageUnavailable:
        return default


# -- the builder ----------------------------------------------------------------------------
def build_report(ctx: CheckContext, *, plan_label: str, dpi: int = 110, heatmaps: bool = True) -> ReportDocument:
    """Evaluate the plan again (coverage, capacity, channels, cabling, cost, checks) and lay out the report.

    Sections whose stage is not installed say so instead of failing. Figures are PNG
    bytes from ``wifiplan.report.heatmap.render_heatmap`` (and a utilisation map drawn here).
    """
    b = ctx.building
    req = b.requirements
    band = req.band
    findings, ran, skipped = check_context(ctx, CheckOptions(), default_registry())
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    passed = not errors
    cap = _try(ctx.capacity)
    cab = _try(ctx.cabling)
    cost = _try(lambda: _costs(ctx, cab)) if cab is not None else None

    sections = [
        _summary(ctx, cap, cost, findings, skipped),
        _checks(findings, skipped),
    ]
    if heatmaps:
        sections.append(_floors(ctx, cap, dpi))
    from wifiplan.report import tables

    sections += [
        tables.ap_section(ctx, cab),
        tables.channel_section(ctx),
        tables.capacity_section(ctx, cap),
        tables.cabling_section(ctx, cab),
        tables.cost_section(cost),
        tables.prepare_section(cost),
        tables.assumptions_section(ctx, cost),
    ]
    status = (f"{'PASSED' if passed else 'FAILED'}: {len(errors)} error(s), {len(warnings)} warning(s) "
              f"from {len(ran)} check rule(s)")
    return ReportDocument(
        title=f"Wi-Fi plan: {b.name}",
        subtitle=f"{plan_label} · {len(ctx.aps)} APs on {len(b.floors)} floor(s) · design band {band} GHz · "
                 f"wifiplan {__version__}",
        status=status, passed=passed, sections=[s for s in sections if s is not None],
    )


def _costs(ctx: CheckContext, cab) -> dict[str, Any]:
    estimate_costs = stage("wifiplan.cost", "estimate_costs")

    def make():
        out = {}
        for scenario in ("new-build", "retrofit"):
            out[scenario] = estimate_costs(ctx.building, ctx.plan.model_copy(update={"aps": ctx.aps, "spares": ctx.spares}),
                                           cab, scenario=scenario, locate=ctx.building_file.source_map.locate,
                                           compare=scenario == "new-build")
        return out

    return ctx.cache("costs", make)


def _summary(ctx: CheckContext, cap, cost, findings, skipped) -> Section:
    b = ctx.building
    req = b.requirements
    from wifiplan.model.geometry import coverage_area

    s = Section("summary", "Summary")
    area = sum(coverage_area(f).area for f in b.floors)
    s.facts = [
        ("Building", b.name),
        ("Country (regulatory domain)", b.country),
        ("Floors", str(len(b.floors))),
        ("Covered area", f"{area:,.0f} m²"),
        ("Access points", str(len(ctx.aps))),
        ("Spare positions (pre-cabled)", str(len(ctx.spares))),
        ("Design band", f"{req.band} GHz"),
        ("Requirements", f"RSSI ≥ {req.min_rssi_dbm:g} dBm and SNR ≥ {req.min_snr_db:g} dB on "
                         f"{req.coverage_target:.0%} of the area; utilisation ≤ {req.max_utilization:.0%} "
                         f"with {req.growth:.0%} growth; spares {req.spare_positions:.0%} of APs"
                         + (f"; second AP ≥ {req.secondary_rssi_dbm:g} dBm on {req.secondary_target:.0%}"
                            if req.secondary_rssi_dbm is not None else "")),
    ]
    if cost:
        nb = cost["new-build"]
        s.facts.append(("Cost (new build)", _money(nb.total, nb.currency, nb.decimals)))
        s.facts.append(("Cost (retrofit)", _money(cost["retrofit"].total, nb.currency, nb.decimals)))
    rows = []
    for floor in ctx.floors:
        shares = _floor_shares(ctx, floor.name)
        ff = None
        if cap is not None:
            ff = next((x for x in cap.floors if x.floor == floor.name), None)
        rows.append([
            floor.name, str(len(ctx.aps_on(floor.name))), str(sum(1 for sp in ctx.spares if sp.floor == floor.name)),
            _pct(shares.get("rssi")), _pct(shares.get("snr")),
            _pct(shares.get("secondary")) if req.secondary_rssi_dbm is not None else "—",
            _pct(ff.worst_utilization) if ff else "—", _num(ff.max_clients_per_radio, 0) if ff else "—",
            _num(ff.demand_down_mbps, 0) if ff else "—",
        ])
    s.tables.append(Table(
        ["Floor", "APs", "Spares", f"RSSI ≥ {req.min_rssi_dbm:g} dBm", f"SNR ≥ {req.min_snr_db:g} dB",
         "Secondary", "Worst utilisation", "Max clients/radio", "Demand down (Mbit/s)"],
        rows, caption="Per floor, re-evaluated from the building and the APs (shares of covered area)",
        numeric={1, 2, 3, 4, 5, 6, 7, 8},
    ))
    return s


def _floor_shares(ctx: CheckContext, floor: str) -> dict[str, float]:
    req = ctx.building.requirements

    def make():
        maps = ctx.coverage(floor, req.band)
        n = len(maps.best_rssi_dbm)
        if n == 0:
            return {}

        def share(values, thr):
            return float((np.nan_to_num(np.asarray(values, float), nan=-np.inf) >= thr - 1e-9).mean())

        out = {"rssi": share(maps.best_rssi_dbm, req.min_rssi_dbm), "snr": share(maps.snr_db, req.min_snr_db)}
        if req.secondary_rssi_dbm is not None:
            out["secondary"] = share(maps.second_rssi_dbm, req.secondary_rssi_dbm)
        return out

    return _try(lambda: ctx.cache(("shares", floor), make), {})


def _checks(findings, skipped) -> Section:
    s = Section("checks", "Checks")
    if not findings:
        s.paragraphs.append("Every check rule passed (see docs/check.md for the rules).")
    else:
        by_rule: dict[tuple[str, str, str], list[str]] = {}
        for f in findings:
            by_rule.setdefault((f.id, f.name, f.severity), []).append(f.location.floor or "building")
        rows = [[f"{code} {name}", sev, str(len(floors)), ", ".join(dict.fromkeys(floors))]
                for (code, name, sev), floors in sorted(by_rule.items())]
        s.tables.append(Table(["Rule", "Severity", "Findings", "Floors"], rows, caption="Findings by rule",
                              numeric={2}))
        rows = []
        for f in findings:
            loc = f.location
            where = f"{loc.file}:{loc.line}" if loc.file and loc.line else (loc.file or "")
            rows.append([f.severity, f"{f.id} {f.name}", loc.floor or "—", f.message, where])
        s.tables.append(Table(["Severity", "Rule", "Floor", "Message", "Where"], rows, caption="All findings"))
    if skipped:
        s.paragraphs.append("Skipped: " + "; ".join(f"{k.code} ({k.reason})" for k in skipped))
    return s


def _floors(ctx: CheckContext, cap, dpi: int) -> Section:
    s = Section("floors", "Floors: coverage, channels and utilisation")
    req = ctx.building.requirements
    try:
        render_heatmap, metric_threshold = stage("wifiplan.report.heatmap", "render_heatmap", "metric_threshold")
    except StageUnavailable as err:
        s.paragraphs.append(f"Heatmaps are not available: {err}.")
        return s
    for floor in ctx.floors:
        sub = Section(f"floor-{_safe(floor.name)}", f"Floor {floor.name}")
        try:
            maps = ctx.coverage(floor.name, req.band)
        except StageUnavailable as err:
            sub.paragraphs.append(f"Coverage maps are not available: {err}.")
            s.subsections.append(sub)
            continue
        if len(maps.best_rssi_dbm) == 0:
            sub.paragraphs.append("No covered area on this floor.")
            s.subsections.append(sub)
            continue
        for key, metric, caption in HEATMAP_METRICS:
            if key == "secondary" and req.secondary_rssi_dbm is None:
                caption += " (no secondary requirement set)"
            if metric == "utilisation":
                if cap is None:
                    continue
                png = _utilisation_png(ctx, maps, cap, dpi)
            else:
                thr = metric_threshold(ctx.building, metric)
                png = render_heatmap(ctx.building, maps, metric, ctx.aps, fmt="png", threshold=thr, dpi=dpi)
            sub.figures.append(Figure(f"{_safe(floor.name)}-{key}.png", f"{floor.name}: {caption}", png))
        s.subsections.append(sub)
    return s


def _utilisation_png(ctx: CheckContext, maps, cap, dpi: int) -> bytes:
    """Per grid cell, the utilisation of the AP serving it (growth scenario), as a PNG."""
    import io

    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure as MplFigure

    from wifiplan.model.geometry import polygon

    req = ctx.building.requirements
    util_by_name = dict(zip(cap.ap_names, np.asarray(cap.utilization, float), strict=False))
    per_ap = np.array([util_by_name.get(n, np.nan) for n in maps.ap_names] + [np.nan])
    serving = np.asarray(maps.serving, int)
    values = per_ap[np.where(serving >= 0, serving, len(per_ap) - 1)] * 100.0
    grid = maps.grid
    image = grid.to_image(values)
    xmin, xmax, ymin, ymax = grid.extent
    w, h = max(xmax - xmin, 1.0), max(ymax - ymin, 1.0)
    fig = MplFigure(figsize=(11.0, min(max(11.0 * 0.62 * h / w + 1.3, 4.0), 16.0)), dpi=dpi)
    ax = fig.add_axes((0.07, 0.09, 0.62, 0.82))
    cax = fig.add_axes((0.77, 0.09, 0.02, 0.82))
    top = max(100.0, float(np.nanmax(values)) if np.isfinite(values).any() else 100.0)
    cmap = matplotlib.colormaps["RdYlGn_r"].with_extremes(bad=(1, 1, 1, 0))
    mesh = ax.imshow(np.ma.masked_invalid(image), origin="lower", extent=(xmin, xmax, ymin, ymax), cmap=cmap,
                     vmin=0.0, vmax=top, interpolation="nearest", alpha=0.85)
    bar = fig.colorbar(mesh, cax=cax)
    bar.set_label("Channel utilisation of the serving AP (%)")
    cap_pct = 100.0 * req.max_utilization
    bar.ax.axhline(cap_pct, color="black", linewidth=3.0)
    bar.ax.text(-0.5, cap_pct, f"cap {cap_pct:g}", transform=bar.ax.get_yaxis_transform(), ha="right", va="center",
                fontsize=8, fontweight="bold")
    floor = ctx.building.floor(maps.floor)
    ring = np.asarray(polygon(floor.outline).exterior.coords)
    ax.plot(ring[:, 0], ring[:, 1], color="black", linewidth=1.2)
    for wall in floor.walls:
        pts = np.asarray(wall.path, float)
        ax.plot(pts[:, 0], pts[:, 1], color="#444444", linewidth=1.0)
    for ap in ctx.aps_on(maps.floor):
        x, y = float(ap.at[0]), float(ap.at[1])
        u = util_by_name.get(ap.name)
        ax.plot([x], [y], marker="^", markersize=9, markerfacecolor="white", markeredgecolor="black", linestyle="none")
        label = ap.name + (f" {100 * u:.0f}%" if u is not None else "")
        ax.annotate(label, (x, y), xytext=(5, 5), textcoords="offset points", fontsize=7,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    pad = 0.02 * max(w, h)
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad, ymax + pad)
    ax.set_aspect("equal")
    ax.set_xlabel("x (m)")
    ax.set_ylabel("y (m)")
    ax.set_title(f"{ctx.building.name} — floor {maps.floor} — {maps.band} GHz — utilisation at "
                 f"{req.growth:.0%} growth", fontsize=10)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": "wifiplan"})
    return buf.getvalue()
