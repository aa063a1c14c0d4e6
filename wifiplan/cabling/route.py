"""Route every AP and spare outlet to a telecom room; size pathways, risers, backbone, ports."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import shapely
import shapely.ops
from shapely.geometry import LineString, Point as ShPoint

from wifiplan.cabling.fill import cable_area_mm2, design_count, size_conduit
from wifiplan.cabling.graph import PATHWAY_KINDS, Node, PathwayGraph, build_pathway_graph, pathway_z_m
from wifiplan.cabling.models import (
    CablingResult,
    CablingViolation,
    FiberLink,
    PathwaySegment,
    RiserCrossing,
    RoomLoad,
    Run,
    SuggestedRoom,
)
from wifiplan.cabling.options import OM4_REACH_M, CablingOptions
from wifiplan.cabling.power import ap_pse_power_w, poe_budget_needed_w, ports_needed, switches_needed
from wifiplan.errors import PlanFileError
from wifiplan.model.building import Building, Floor, TelecomRoom
from wifiplan.model.geometry import coverage_area
from wifiplan.model.plan import AccessPoint, Spare

__all__ = ["route_plan"]


@dataclass
class _Outlet:
    name: str
    outlet: str
    floor: Floor
    xy: tuple[float, float]
    z_m: float
    idf: str | None
    drops: int
    preset: str | None


def _r(x: float, nd: int = 2) -> float:
    return round(float(x), nd) + 0.0


def route_plan(
    building: Building,
    plan_aps: Sequence[AccessPoint],
    plan_spares: Sequence[Spare] = (),
    options: CablingOptions | None = None,
    *,
    ap_preset: str | None = None,
) -> CablingResult:
    """Route each AP and spare outlet to a telecom room and size everything around it.

    Parameters
    ----------
    building : Building
    plan_aps, plan_spares : sequence of AccessPoint, Spare
        Outlets to cable. Each gets ``drops_per_ap`` (spares: ``drops_per_spare``) cables.
    options : CablingOptions, optional
        Limits, slack and sizing rules (defaults documented there).
    ap_preset : str, optional
        AP preset for PoE power when an AP names none (default: ``building.ap.preset``).

    Returns
    -------
    CablingResult
        Runs (permanent link length = route + vertical drops + service loops), pathway
        segments with cable counts and conduit sizes, riser crossings with core drills,
        the fiber backbone, switch ports and PoE per room, violations and suggested rooms.

    Raises
    ------
    PlanFileError
        If an outlet names a floor the building does not have, or two outlets share a name.

    Notes
    -----
    Each outlet goes to the telecom room nearest by route whose permanent link stays
    within ``max_link_m`` (90 m, TIA-568 [S71]); an outlet with ``idf:`` set goes to that
    room when ``respect_idf``. Outlets no room can serve are violations, and a new room is
    suggested per floor at the centroid of those outlets, snapped onto the pathways (or
    into the floor outline). Routing is Dijkstra from every room over the graph of
    :func:`~wifiplan.cabling.graph.build_pathway_graph`: O(rooms × E log V).
    """
    opts = options or CablingOptions()
    preset_default = ap_preset or building.ap.preset
    outlets = _outlets(building, plan_aps, plan_spares, opts, preset_default)
    points = {o.name: (o.floor.name, o.xy) for o in outlets}
    pg = build_pathway_graph(building, points, opts)
    floors = {f.name: f for f in building.floors}
    rooms: list[tuple[Floor, TelecomRoom]] = sorted(
        ((f, tr) for f in building.floors for tr in f.telecom_rooms), key=lambda ft: ft[1].name
    )
    sp = {tr.name: nx.single_source_dijkstra(pg.graph, pg.nodes[f"tr:{tr.name}"], weight="length_m") for _, tr in rooms}
    violations: list[CablingViolation] = []
    seg_ids = _segment_ids(pg)
    runs = [_route_one(o, rooms, sp, pg, seg_ids, opts, violations) for o in outlets]
    used_rooms = {r.to for r in runs if r.to is not None}
    backbone = _backbone([(f, tr) for f, tr in rooms if tr.kind == "mdf" or tr.name in used_rooms or opts.backbone_all_rooms],
                         sp, pg, opts, violations)
    segments = _segments(pg, seg_ids, runs, opts)
    risers = _risers(pg, runs, backbone, opts)
    loads = _rooms(rooms, runs, outlets, opts, violations)
    suggested = _suggest(runs, outlets, floors, opts.max_link_m)
    violations.sort(key=lambda v: (v.code, v.floor or "", v.subject))
    return CablingResult(
        options=opts, runs=sorted(runs, key=lambda r: r.name), segments=segments, risers=risers,
        backbone=backbone, rooms=loads, violations=violations, suggested_rooms=suggested,
        fallback_floors=list(pg.fallback_floors),
    )


def _outlets(building, aps, spares, opts, preset_default) -> list[_Outlet]:
    floors = {f.name: f for f in building.floors}
    out: list[_Outlet] = []
    seen: set[str] = set()
    for kind, items in (("ap", aps), ("spare", spares)):
        for i, item in enumerate(items):
            where = f"{'aps' if kind == 'ap' else 'spares'}[{i}]"
            if item.floor not in floors:
                raise PlanFileError(f"{where}.floor: unknown floor {item.floor!r} (building has {sorted(floors)})")
            if item.name in seen:
                raise PlanFileError(f"{where}.name: duplicate outlet name {item.name!r}")
            seen.add(item.name)
            fl = floors[item.floor]
            h = item.height_m if item.height_m is not None else fl.ap_height_m
            preset = getattr(item, "model", None) or preset_default
            out.append(_Outlet(
                name=item.name, outlet=kind, floor=fl, xy=(float(item.at[0]), float(item.at[1])),
                z_m=fl.elevation_m + h, idf=item.idf, drops=opts.drops_per_ap if kind == "ap" else opts.spare_drops,
                preset=preset,
            ))
    return sorted(out, key=lambda o: o.name)


def _route_one(o: _Outlet, rooms, sp, pg: PathwayGraph, seg_ids, opts: CablingOptions, violations) -> Run:
    node = pg.nodes[o.name]
    loops = opts.service_loop_ap_m + opts.service_loop_rack_m
    v_out = abs(pathway_z_m(o.floor, opts) - o.z_m)
    cands = []
    for floor, tr in rooms:
        dist, _paths = sp[tr.name]
        if node not in dist:
            continue
        v_rack = abs(pathway_z_m(floor, opts) - (floor.elevation_m + opts.rack_height_m))
        total = dist[node] + v_out + v_rack + loops
        cands.append((total, tr.name, floor, tr, v_rack))
    cands.sort(key=lambda c: (c[0], c[1]))
    violation = None
    chosen = None
    if o.idf is not None and opts.respect_idf:
        named = [c for c in cands if c[1] == o.idf]
        if named:
            chosen = named[0]
        elif not any(tr.name == o.idf for _, tr in rooms):
            violations.append(CablingViolation(code="unknown_idf", subject=o.name, floor=o.floor.name,
                                               message=f"{o.name}: idf {o.idf!r} is not a telecom room of the building; routed to the nearest room"))
    if chosen is None:
        ok = [c for c in cands if c[0] <= opts.max_link_m + 1e-9]
        chosen = ok[0] if ok else (cands[0] if cands else None)
    if chosen is None:
        violation = f"no route to any telecom room from {o.floor.name} (no pathway or riser reaches one)"
        violations.append(CablingViolation(code="no_route", subject=o.name, floor=o.floor.name, message=f"{o.name}: {violation}"))
        return Run(name=o.name, outlet=o.outlet, floor=o.floor.name, drops=o.drops, length_m=0.0, horizontal_m=0.0,
                   riser_m=0.0, vertical_m=0.0, service_loop_m=0.0, straight_m=0.0, violation=violation,
                   route=[[_r(o.xy[0], 3), _r(o.xy[1], 3)]], route_floors=[o.floor.name])
    total, tr_name, tr_floor, tr, v_rack = chosen
    path = list(reversed(sp[tr_name][1][node]))  # outlet -> room
    by_kind: dict[str, float] = {}
    route: list[list[float]] = []
    route_floors: list[str] = []
    segs: list[str] = []
    risers: list[str] = []
    for u, v in zip(path, path[1:]):
        data = pg.graph.edges[u, v]
        by_kind[data["kind"]] = by_kind.get(data["kind"], 0.0) + data["length_m"]
        if data["kind"] in PATHWAY_KINDS:
            segs.append(seg_ids[_edge_key(u, v)])
        elif data["kind"] == "riser":
            risers.append(seg_ids[_edge_key(u, v)])
    for i, n in enumerate(path):
        if i > 0:
            for c in pg.graph.edges[path[i - 1], n].get("via", []):
                route.append([c[0], c[1]])
                route_floors.append(n[0])
        route.append([n[1], n[2]])
        route_floors.append(n[0])
    riser_m = by_kind.get("riser", 0.0)
    horizontal_m = sum(v for k, v in by_kind.items() if k != "riser")
    vertical_m = v_out + v_rack
    rack = np.array([tr.at[0], tr.at[1], tr_floor.elevation_m + opts.rack_height_m])
    here = np.array([o.xy[0], o.xy[1], o.z_m])
    straight = float(np.linalg.norm(rack - here))
    if total > opts.max_link_m + 1e-9:
        violation = (f"permanent link {total:.1f} m to {tr_name} exceeds {opts.max_link_m:g} m "
                     "(TIA-568 [S71]); add a telecom room closer to it")
        violations.append(CablingViolation(code="link_too_long", subject=o.name, floor=o.floor.name, message=f"{o.name}: {violation}"))
    return Run(
        name=o.name, outlet=o.outlet, floor=o.floor.name, to=tr_name, to_floor=tr_floor.name, drops=o.drops,
        length_m=_r(total), horizontal_m=_r(horizontal_m), riser_m=_r(riser_m), vertical_m=_r(vertical_m),
        service_loop_m=_r(opts.service_loop_ap_m + opts.service_loop_rack_m), straight_m=_r(straight),
        metres_by_kind={k: _r(v) for k, v in sorted(by_kind.items())},
        route=[[_r(x, 3), _r(y, 3)] for x, y in route], route_floors=route_floors, violation=violation,
        segments=segs, risers=risers,
    )


def _edge_key(u: Node, v: Node) -> tuple[Node, Node]:
    return (u, v) if u <= v else (v, u)


def _segment_ids(pg: PathwayGraph) -> dict[tuple[Node, Node], str]:
    ids: dict[tuple[Node, Node], str] = {}
    per_floor: dict[str, list[tuple[Node, Node]]] = {}
    for u, v, data in pg.graph.edges(data=True):
        if data["kind"] in PATHWAY_KINDS:
            per_floor.setdefault(u[0], []).append(_edge_key(u, v))
        elif data["kind"] == "riser":
            lo, hi = data["floors"]
            ids[_edge_key(u, v)] = f"{data['riser']}:{lo}-{hi}"
    for floor, edges in per_floor.items():
        for k, e in enumerate(sorted(edges)):
            ids[e] = f"{floor}/p{k + 1:03d}"
    return ids


def _backbone(rooms, sp, pg: PathwayGraph, opts: CablingOptions, violations) -> list[FiberLink]:
    mdfs = [(f, tr) for f, tr in rooms if tr.kind == "mdf"]
    links: list[FiberLink] = []
    for floor, tr in rooms:
        if tr.kind != "idf":
            continue
        node = pg.nodes[f"tr:{tr.name}"]
        best = None
        for mf, mtr in mdfs:
            dist, paths = sp[mtr.name]
            if node in dist and (best is None or dist[node] < best[0]):
                best = (dist[node], mf, mtr, paths[node])
        strands, active, spare = _strands(opts)
        if best is None:
            msg = "no MDF in the building" if not mdfs else "no route to the MDF (no riser joins the floors)"
            violations.append(CablingViolation(code="no_backbone", subject=tr.name, floor=floor.name, message=f"{tr.name}: {msg}"))
            links.append(FiberLink(idf=tr.name, mdf=None, floor=floor.name, route_m=0.0, length_m=0.0, fiber_type="os2",
                                   reach_m=None, strands=strands, active_strands=active, spare_strands=spare, violation=msg))
            continue
        route_m, mf, mtr, path = best
        vert = sum(abs(pathway_z_m(f, opts) - (f.elevation_m + opts.rack_height_m)) for f in (floor, mf))
        length = (route_m + vert + 2 * opts.fiber_service_loop_m) * (1.0 + opts.fiber_slack)
        reach = OM4_REACH_M[opts.uplink_speed]
        risers = []
        for u, v in zip(path, path[1:]):
            d = pg.graph.edges[u, v]
            if d["kind"] == "riser":
                lo, hi = d["floors"]
                risers.append(f"{d['riser']}:{lo}-{hi}")
        # auto: OS2 between floors ("almost always", [S90]) and beyond OM4's reach; OM4 only
        # for a same-floor link within reach
        ftype = opts.fiber_type if opts.fiber_type != "auto" else ("om4" if length <= reach and not risers else "os2")
        violation = None
        if ftype == "om4" and length > reach:
            violation = f"OM4 backbone {length:.0f} m exceeds its {reach:.0f} m reach at {opts.uplink_speed}; use OS2"
            violations.append(CablingViolation(code="fiber_reach", subject=tr.name, floor=floor.name, message=f"{tr.name}: {violation}"))
        links.append(FiberLink(
            idf=tr.name, mdf=mtr.name, floor=floor.name, route_m=_r(route_m), length_m=_r(length), fiber_type=ftype,
            reach_m=reach if ftype == "om4" else 10_000.0, strands=strands, active_strands=active, spare_strands=spare,
            risers=risers, violation=violation,
        ))
    return links


def _strands(opts: CablingOptions) -> tuple[int, int, int]:
    """Strand count: at least the configured count and the active strands, raised in steps of
    6 until spare strands ≥ ``fiber_spare_per_6`` per 6 strands."""
    strands = max(opts.fiber_strands_per_idf, opts.fiber_active_strands)
    while strands - opts.fiber_active_strands < opts.fiber_spare_per_6 * math.ceil(strands / 6):
        strands += 6
    return strands, opts.fiber_active_strands, strands - opts.fiber_active_strands


def _segments(pg: PathwayGraph, seg_ids, runs: list[Run], opts: CablingOptions) -> list[PathwaySegment]:
    now: dict[str, int] = {}
    growth: dict[str, int] = {}
    for r in runs:
        for s in r.segments:
            growth[s] = growth.get(s, 0) + r.drops
            if r.outlet == "ap":
                now[s] = now.get(s, 0) + r.drops
    area = cable_area_mm2(opts.cable_od_mm)
    out = []
    for (u, v), sid in seg_ids.items():
        d = pg.graph.edges[u, v]
        if d["kind"] not in PATHWAY_KINDS or sid not in growth:
            continue
        design = design_count(growth[sid], opts.spare_fill_share)
        size, count, fill = (None, 0, None)
        if d["kind"] in ("conduit", "fallback"):
            s, count, fill = size_conduit([area] * design, opts.cable_od_mm)
            size = s.trade_size
        out.append(PathwaySegment(
            id=sid, floor=u[0], kind=d["kind"], existing=bool(d["existing"]), a=[u[1], u[2]], b=[v[1], v[2]],
            length_m=_r(d["length_m"], 3), cables_now=now.get(sid, 0), cables_growth=growth[sid], cables_design=design,
            cable_area_mm2=_r(design * area, 1), conduit_trade_size=size, conduit_count=count,
            fill_frac=None if fill is None else _r(fill, 3),
        ))
    return sorted(out, key=lambda s: s.id)


def _risers(pg: PathwayGraph, runs: list[Run], backbone: list[FiberLink], opts: CablingOptions) -> list[RiserCrossing]:
    now: dict[str, int] = {}
    growth: dict[str, int] = {}
    fiber: dict[str, int] = {}
    for r in runs:
        for s in r.risers:
            growth[s] = growth.get(s, 0) + r.drops
            if r.outlet == "ap":
                now[s] = now.get(s, 0) + r.drops
    for link in backbone:
        for s in link.risers:
            fiber[s] = fiber.get(s, 0) + 1
    cu, fo = cable_area_mm2(opts.cable_od_mm), cable_area_mm2(opts.fiber_od_mm)
    out = []
    for u, v, d in pg.graph.edges(data=True):
        if d["kind"] != "riser":
            continue
        sid = f"{d['riser']}:{d['floors'][0]}-{d['floors'][1]}"
        g, f = growth.get(sid, 0), fiber.get(sid, 0)
        if g + f == 0:
            continue
        design_cu = design_count(g, opts.spare_fill_share)
        design_fo = design_count(f, opts.spare_fill_share)
        size, count, _fill = size_conduit([cu] * design_cu + [fo] * design_fo, max(opts.cable_od_mm, opts.fiber_od_mm))
        out.append(RiserCrossing(
            id=sid, riser=d["riser"], floor_below=d["floors"][0], floor_above=d["floors"][1], length_m=_r(d["length_m"], 3),
            slabs=int(d["slabs"]), copper_now=now.get(sid, 0), copper_growth=g, fiber_cables=f,
            cables_design=design_cu + design_fo, sleeve_trade_size=size.trade_size, sleeves_per_slab=count,
            core_drills=int(d["slabs"]) * count,
        ))
    return sorted(out, key=lambda s: s.id)


def _rooms(rooms, runs: list[Run], outlets: list[_Outlet], opts: CablingOptions, violations) -> list[RoomLoad]:
    by_name = {o.name: o for o in outlets}
    out = []
    for floor, tr in rooms:
        served = [r for r in runs if r.to == tr.name]
        aps = [r for r in served if r.outlet == "ap"]
        spares = [r for r in served if r.outlet == "spare"]
        ap_drops = sum(r.drops for r in aps)
        ports = ports_needed(ap_drops, len(spares), opts.spare_port_share)
        def pse(r: Run) -> float:
            return opts.ap_pse_power_w or ap_pse_power_w(by_name[r.name].preset)
        now_w = sum(pse(r) for r in aps)
        growth_w = now_w + sum(pse(r) for r in spares)
        per_ap = max([pse(r) for r in served], default=opts.ap_pse_power_w or ap_pse_power_w(None))
        need_w = poe_budget_needed_w(growth_w, opts.poe_max_load)
        problems = []
        if tr.switch_ports is not None and tr.switch_ports < ports:
            problems.append(f"needs {ports} switch ports, has {tr.switch_ports}")
        if tr.poe_budget_w is not None and growth_w > opts.poe_max_load * tr.poe_budget_w + 1e-9:
            problems.append(f"PoE load {growth_w:.0f} W with spares exceeds {opts.poe_max_load:.0%} of its "
                            f"{tr.poe_budget_w:.0f} W budget ([S85]); needs {need_w:.0f} W")
        violation = "; ".join(problems) or None
        if violation:
            violations.append(CablingViolation(code="room_capacity", subject=tr.name, floor=floor.name, message=f"{tr.name}: {violation}"))
        out.append(RoomLoad(
            name=tr.name, floor=floor.name, kind=tr.kind, aps=len(aps), spares=len(spares),
            drops=sum(r.drops for r in served), ports_needed=ports, switches=switches_needed(ports, opts.switch_ports),
            ports_available=tr.switch_ports, poe_per_ap_w=_r(per_ap, 1), poe_load_now_w=_r(now_w, 1),
            poe_load_growth_w=_r(growth_w, 1), poe_budget_needed_w=_r(need_w, 1), poe_budget_w=tr.poe_budget_w,
            violation=violation,
        ))
    return out


def _suggest(runs: list[Run], outlets: list[_Outlet], floors: dict[str, Floor], max_link_m: float) -> list[SuggestedRoom]:
    by_name = {o.name: o for o in outlets}
    bad: dict[str, list[str]] = {}
    for r in runs:
        if r.violation is not None:
            bad.setdefault(r.floor, []).append(r.name)
    out = []
    for floor_name in sorted(bad):
        names = sorted(bad[floor_name])
        floor = floors[floor_name]
        xy = np.array([by_name[n].xy for n in names], dtype=float)
        c = ShPoint(*xy.mean(axis=0))
        lines = [LineString(p.path) for p in floor.pathways if len({tuple(q) for q in p.path}) >= 2]
        if lines:
            target = shapely.union_all(lines)
            how = "the nearest pathway"
        else:
            target = coverage_area(floor)
            how = "the floor outline"
        if target.area > 0 and target.contains(c):
            at = c
        else:
            at = shapely.ops.nearest_points(target, c)[0]
        out.append(SuggestedRoom(
            floor=floor_name, at=[_r(at.x), _r(at.y)], serves=names,
            reason=(f"{len(names)} outlet(s) beyond {max_link_m:g} m of every telecom room: "
                    f"their centroid snapped onto {how}"),
        ))
    return out
