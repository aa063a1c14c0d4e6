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
    sections += [
        _ap_table(ctx, cab),
        _channel_plan(ctx),
        _capacity(ctx, cap),
        _cabling(ctx, cab),
        _cost(cost),
        _prepare(cost),
        _assumptions(ctx, cost),
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


def _radio_text(ap) -> str:
    parts = []
    for band, r in sorted(ap.radios.items(), key=lambda kv: float(kv[0])):
        state = "" if r.enabled else " (off)"
        parts.append(f"{band} GHz: ch {r.channel}/{r.width_mhz} MHz {r.tx_power_dbm:g} dBm{state}")
    return "; ".join(parts) or "—"


def _ap_table(ctx: CheckContext, cab) -> Section:
    s = Section("aps", "Access points")
    rooms = {}
    lengths = {}
    if cab is not None:
        for run in cab.runs:
            rooms[run.name] = run.to or "—"
            lengths[run.name] = run.length_m
    rows = []
    for ap in ctx.aps:
        floor = ctx.building.floor(ap.floor)
        height = ap.height_m if ap.height_m is not None else floor.ap_height_m
        rows.append([ap.name, ap.floor, f"{ap.at[0]:.1f}, {ap.at[1]:.1f}", f"{height:.1f}", ap.model or "—",
                     _radio_text(ap), rooms.get(ap.name, ap.idf or "—"),
                     _num(lengths.get(ap.name)), ap.reason or "—"])
    s.tables.append(Table(["AP", "Floor", "x, y (m)", "Height (m)", "Model", "Radios", "Telecom room", "Cable (m)", "Why"],
                          rows, numeric={3, 7}))
    if ctx.spares:
        rows = [[sp.name, sp.floor, f"{sp.at[0]:.1f}, {sp.at[1]:.1f}", rooms.get(sp.name, sp.idf or "—"),
                 _num(lengths.get(sp.name)), sp.reason or "—"] for sp in ctx.spares]
        s.tables.append(Table(["Spare", "Floor", "x, y (m)", "Telecom room", "Cable (m)", "Why"], rows,
                              caption="Pre-cabled spare mount positions (capacity can be added without opening ceilings)",
                              numeric={4}))
    return s


def _channel_plan(ctx: CheckContext) -> Section:
    from wifiplan.check.rules._util import domain

    s = Section("channels", "Channel plan")
    dom = domain(ctx)
    by: dict[tuple[str, int, int], list[str]] = {}
    for ap in ctx.aps:
        for band, r in ap.radios.items():
            if r.enabled:
                by.setdefault((band, r.channel, r.width_mhz), []).append(ap.name)
    rows = []
    for (band, ch, width), names in sorted(by.items(), key=lambda kv: (float(kv[0][0]), kv[0][1], kv[0][2])):
        info = dom.find(band, ch, width) if dom is not None and band in dom.band_keys else None
        rows.append([f"{band} GHz", str(ch), str(width), info.group if info else "not legal",
                     ("yes" if info.dfs else "no") if info else "—", _num(info.max_eirp_dbm) if info else "—",
                     str(len(names)), ", ".join(names)])
    s.tables.append(Table(["Band", "Channel", "Width (MHz)", "Group", "DFS", "Max EIRP (dBm)", "APs", "AP names"],
                          rows, numeric={1, 2, 5, 6}))
    s.paragraphs.append(f"Regulatory domain {ctx.building.country}; avoid DFS: "
                        f"{'yes' if ctx.building.requirements.avoid_dfs else 'no'}.")
    return s


def _capacity(ctx: CheckContext, cap) -> Section:
    s = Section("capacity", "Capacity")
    try:
        zone_demands = stage("wifiplan.capacity.demand", "zone_demands")
    except StageUnavailable as err:
        s.paragraphs.append(f"Capacity evaluation is not available: {err}.")
        return s
    req = ctx.building.requirements
    base = {(z.floor, z.zone): z for z in zone_demands(ctx.building, growth=0.0)}
    rows = []
    for z in zone_demands(ctx.building):
        z0 = base.get((z.floor, z.zone))
        rows.append([z.floor, z.zone, z.use, _num(z0.people if z0 else None, 0), _num(z.people, 0),
                     _num(z.active_devices, 0), _num(z.down_mbps, 0), _num(z.up_mbps, 0), _num(z.area_m2, 0)])
    s.tables.append(Table(["Floor", "Zone", "Use", "People", f"People +{req.growth:.0%}", "Active devices",
                           "Down (Mbit/s)", "Up (Mbit/s)", "Area (m²)"], rows,
                          caption=f"Demand per zone at the growth scenario ({req.growth:.0%} more people)",
                          numeric={3, 4, 5, 6, 7, 8}))
    if cap is not None:
        by_name = {ap.name: ap for ap in ctx.aps}
        rows = []
        for k, name in enumerate(cap.ap_names):
            ap = by_name[name]
            r = ap.radios[cap.band]
            util = float(cap.utilization[k])
            rows.append([name, ap.floor, f"{r.channel}/{r.width_mhz}", _num(float(cap.clients[k]), 0),
                         _num(float(cap.demand_mbps[k]), 0), _pct(float(cap.airtime[k])), _pct(util),
                         "over cap" if util > req.max_utilization + 1e-9 else "ok"])
        s.tables.append(Table(["AP", "Floor", "Channel/width", "Active clients", "Demand (Mbit/s)", "Own airtime",
                               "Utilisation", f"vs cap {req.max_utilization:.0%}"], rows,
                              caption=f"Per AP on {cap.band} GHz at the growth scenario", numeric={3, 4, 5, 6}))
    return s


def _cabling(ctx: CheckContext, cab) -> Section:
    s = Section("cabling", "Cabling")
    if cab is None:
        s.paragraphs.append("Cabling is not available in this version.")
        return s
    rows = [[r.name, r.outlet, r.floor, r.to or "—", str(r.drops), _num(r.horizontal_m), _num(r.riser_m),
             _num(r.length_m), r.violation or "ok"] for r in cab.runs]
    s.tables.append(Table(["Outlet", "Kind", "Floor", "Room", "Drops", "Route (m)", "Riser (m)", "Permanent link (m)",
                           "Status"], rows, caption=f"Horizontal runs (limit {cab.options.max_link_m:g} m)",
                          numeric={4, 5, 6, 7}))
    rows = [[ld.name, ld.floor, ld.kind, str(ld.aps), str(ld.spares), str(ld.ports_needed),
             "—" if ld.ports_available is None else str(ld.ports_available), str(ld.switches),
             _num(ld.poe_load_growth_w, 0), _num(ld.poe_budget_needed_w, 0),
             "—" if ld.poe_budget_w is None else _num(ld.poe_budget_w, 0), ld.violation or "ok"] for ld in cab.rooms]
    s.tables.append(Table(["Room", "Floor", "Kind", "APs", "Spares", "Ports needed", "Ports", "Switches",
                           "PoE load with spares (W)", "PoE budget needed (W)", "PoE budget (W)", "Status"], rows,
                          caption="Telecom rooms", numeric={3, 4, 5, 6, 7, 8, 9, 10}))
    if cab.backbone:
        rows = [[f.idf, f.mdf or "—", f.floor, f.fiber_type.upper(), _num(f.length_m), str(f.strands),
                 str(f.spare_strands), f.violation or "ok"] for f in cab.backbone]
        s.tables.append(Table(["IDF", "MDF", "Floor", "Fiber", "Length (m)", "Strands", "Spare strands", "Status"],
                              rows, caption="Fiber backbone", numeric={4, 5, 6}))
    if cab.suggested_rooms:
        s.paragraphs += [f"Suggested telecom room on {r.floor} at ({r.at[0]:.1f}, {r.at[1]:.1f}): {r.reason}"
                         for r in cab.suggested_rooms]
    return s


def _cost(cost) -> Section:
    s = Section("cost", "Cost")
    if not cost:
        s.paragraphs.append("Cost estimation is not available in this version.")
        return s
    nb, rf = cost["new-build"], cost["retrofit"]
    cats = sorted(set(nb.totals_by_category) | set(rf.totals_by_category))
    rows = [[c, _money(nb.totals_by_category.get(c, 0.0), nb.currency, nb.decimals),
             _money(rf.totals_by_category.get(c, 0.0), rf.currency, rf.decimals)] for c in cats]
    rows.append(["Total", _money(nb.total, nb.currency, nb.decimals), _money(rf.total, rf.currency, rf.decimals)])
    s.tables.append(Table(["Category", "New build", "Retrofit"], rows,
                          caption=f"Cost book {nb.book} ({nb.book_title})", numeric={1, 2}))
    rows = [[ln.category, ln.item, ln.floor, _num(ln.quantity, 1), ln.unit, _money(ln.unit_cost, nb.currency, nb.decimals),
             _money(ln.total, nb.currency, nb.decimals)] for ln in nb.lines]
    s.tables.append(Table(["Category", "Item", "Floor", "Qty", "Unit", "Unit cost", "Total"], rows,
                          caption="Bill of materials, new build", numeric={3, 5, 6}))
    return s


def _prepare(cost) -> Section:
    s = Section("prepare", "Prepare now vs retrofit later")
    cmp_ = cost["new-build"].comparison if cost else None
    if cmp_ is None:
        s.paragraphs.append("No comparison available (no spare positions, or cost estimation missing).")
        return s
    nb = cost["new-build"]
    s.facts = [
        ("Growth APs (spare positions)", str(cmp_.growth_aps)),
        ("Floors concerned", ", ".join(cmp_.growth_floors) or "—"),
        ("Prepare now: cabling and pathways now", _money(cmp_.prepare_now_now, nb.currency, nb.decimals)),
        ("Prepare now: APs added later", _money(cmp_.prepare_now_later, nb.currency, nb.decimals)),
        ("Prepare now: total", _money(cmp_.prepare_now_total, nb.currency, nb.decimals)),
        ("Retrofit later: total", _money(cmp_.retrofit_later_total, nb.currency, nb.decimals)),
        ("Saving by preparing now", _money(cmp_.saving, nb.currency, nb.decimals)),
    ]
    rows = [[ln.section, ln.phase, ln.category, ln.item, _num(ln.quantity, 1), ln.unit,
             _money(ln.total, nb.currency, nb.decimals)] for ln in cmp_.lines]
    s.tables.append(Table(["Option", "When", "Category", "Item", "Qty", "Unit", "Total"], rows, numeric={4, 6}))
    s.paragraphs += cmp_.assumptions
    return s


def _assumptions(ctx: CheckContext, cost) -> Section:
    from wifiplan.library import load_library
    from wifiplan.check.rules._util import ap_preset, domain

    s = Section("assumptions", "Assumptions and sources")
    st = ctx.settings
    s.facts = [
        ("Propagation model", f"{st.model if isinstance(st.model, str) else 'custom'} (path-loss exponent "
                              f"{st.path_loss_exponent:g}, receiver at {st.receiver_height_m:g} m, grid {st.grid_m:g} m)"),
        ("Noise floor (20 MHz)", ", ".join(f"{k} GHz {v:g} dBm" for k, v in sorted(st.noise_floor_dbm.items(),
                                                                                   key=lambda kv: float(kv[0])))),
        ("Client antenna gain", f"{st.client_antenna_gain_dbi:g} dBi"),
        ("EIRP calibration offset", ", ".join(f"{k} GHz {v:+g} dB" for k, v in sorted(st.eirp_offset_db.items()))
         or "none"),
    ]
    if st.params:
        s.facts.append(("Model parameters", ", ".join(f"{k}={v}" for k, v in sorted(st.params.items()))))
    lib = load_library()
    rows = []
    for name, losses in sorted(st.materials.items()):
        src = ctx.building.materials[name].source if name in ctx.building.materials else (
            lib.materials[name].source if name in lib.materials else "plan settings")
        rows.append([name, _num(losses.get("2.4")), _num(losses.get("5")), _num(losses.get("6")), src or "building file"])
    s.tables.append(Table(["Material", "2.4 GHz (dB)", "5 GHz (dB)", "6 GHz (dB)", "Source"], rows,
                          caption="Wall and slab losses per crossing", numeric={1, 2, 3}))
    uses = sorted({z.use for f in ctx.building.floors for z in f.zones})
    rows = []
    for use in uses:
        if use in ctx.building.profiles:
            p = ctx.building.profiles[use]
            rows.append([use, _num(p.devices_per_person, 2), _num(p.concurrency, 2), _num(p.down_mbps, 2),
                         _num(p.up_mbps, 2), p.source or "building file"])
        elif use in lib.profiles:
            p = lib.profiles[use]
            rows.append([use, _num(p.devices_per_person, 2), _num(p.concurrency, 2), _num(p.down_mbps, 2),
                         _num(p.up_mbps, 2), p.source])
    s.tables.append(Table(["Use", "Devices/person", "Concurrency", "Down (Mbit/s)", "Up (Mbit/s)", "Source"], rows,
                          caption="Usage profiles", numeric={1, 2, 3, 4}))
    presets = {}
    for ap in ctx.aps:
        p = ap_preset(ctx, ap)
        if p is not None:
            presets[p.name] = p
    rows = [[p.name, p.description, p.source] for p in presets.values()]
    client = lib.client_presets.get(st.client)
    if client is not None:
        rows.append([client.name, client.description, client.source])
    dom = domain(ctx)
    if dom is not None:
        rows.append([f"domain {dom.code}", dom.name, dom.source])
    s.tables.append(Table(["Radio / rules", "Description", "Source"], rows, caption="Radios and regulatory rules"))
    if cost:
        s.paragraphs += [f"Cost: {a}" for a in cost["new-build"].assumptions]
    s.paragraphs.append("Numbers marked as sourced cite docs/sources.md; every figure in this report was "
                        "re-computed from the building file and the plan's APs, not read from the plan's summary.")
    return s
