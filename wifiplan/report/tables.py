"""Report sections made of tables: APs, channel plan, capacity, cabling, cost, prepare-now, assumptions."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, StageUnavailable, stage
from wifiplan.report.document import Section, Table, _money, _num, _pct

__all__ = [
    "ap_section",
    "channel_section",
    "capacity_section",
    "cabling_section",
    "cost_section",
    "prepare_section",
    "assumptions_section",
]


def _radio_text(ap) -> str:
    parts = []
    for band, r in sorted(ap.radios.items(), key=lambda kv: float(kv[0])):
        state = "" if r.enabled else " (off)"
        parts.append(f"{band} GHz: ch {r.channel}/{r.width_mhz} MHz {r.tx_power_dbm:g} dBm{state}")
    return "; ".join(parts) or "—"


def ap_section(ctx: CheckContext, cab) -> Section:
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


def channel_section(ctx: CheckContext) -> Section:
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


def capacity_section(ctx: CheckContext, cap) -> Section:
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


def cabling_section(ctx: CheckContext, cab) -> Section:
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


def cost_section(cost) -> Section:
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


def prepare_section(cost) -> Section:
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


def assumptions_section(ctx: CheckContext, cost) -> Section:
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
