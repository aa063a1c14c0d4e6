"""Pathway graph of a building: trays, conduit and ceiling routes per floor, joined by risers."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point as ShPoint

from wifiplan.cabling.options import CablingOptions
from wifiplan.model.building import Building, Floor
from wifiplan.model.geometry import floor_area

__all__ = [
    "Node",
    "PathwayGraph",
    "PATHWAY_KINDS",
    "build_pathway_graph",
    "floors_by_elevation",
    "pathway_z_m",
]

#: A graph node: (floor name, x_m, y_m), coordinates rounded to the millimetre.
Node = tuple[str, float, float]

#: Edge kinds that are cable pathways (counted for fill and priced as pathway metres).
PATHWAY_KINDS = ("tray", "conduit", "ceiling", "fallback")

_EPS = 1e-3


def _node(floor: str, x: float, y: float) -> Node:
    return (floor, round(float(x), 3) + 0.0, round(float(y), 3) + 0.0)


def floors_by_elevation(building: Building) -> list[Floor]:
    """Floors sorted bottom-up by ``elevation_m`` (list order is not trusted)."""
    return sorted(building.floors, key=lambda f: (f.elevation_m, f.name))


def pathway_z_m(floor: Floor, options: CablingOptions) -> float:
    """Absolute height of the floor's cable pathways, m (slab above minus the ceiling void)."""
    return floor.elevation_m + max(floor.height_m - options.pathway_below_slab_m, 0.0)


@dataclass
class PathwayGraph:
    """The building's cable graph and where each named point joins it.

    ``graph`` edges carry ``length_m`` (the routing weight), ``kind`` (tray, conduit,
    ceiling, fallback, drop, riser), ``existing`` (a pathway drawn in the building file)
    and, for drops, ``via`` (corner points of a rectilinear drop). Riser edges carry
    ``riser``, ``slabs`` (slabs crossed) and ``floors`` (lower, upper).
    """

    graph: nx.Graph
    nodes: dict[str, Node]
    fallback_floors: list[str] = field(default_factory=list)


def _noded_segments(floor: Floor, snap_m: float) -> list[tuple[tuple[float, float], tuple[float, float], str]]:
    """The floor's pathways split at every crossing, joint and snapped endpoint."""
    lines: list[LineString] = []
    kinds: list[str] = []
    for pw in floor.pathways:
        pts = [tuple(map(float, p)) for p in pw.path]
        dedup = [pts[0]] + [p for a, p in zip(pts, pts[1:]) if p != a]
        if len(dedup) < 2:
            continue
        lines.append(LineString(dedup))
        kinds.append(pw.kind)
    if not lines:
        return []
    # Snap: an endpoint within snap_m of another pathway gets a short connector of its kind.
    extra: list[LineString] = []
    extra_kinds: list[str] = []
    for i, line in enumerate(lines):
        for end in (line.coords[0], line.coords[-1]):
            p = ShPoint(end)
            best = None
            for j, other in enumerate(lines):
                if j == i:
                    continue
                d = other.distance(p)
                if _EPS < d <= snap_m and (best is None or d < best[0]):
                    best = (d, j)
            if best is not None:
                q = lines[best[1]].interpolate(lines[best[1]].project(p))
                extra.append(LineString([end, (q.x, q.y)]))
                extra_kinds.append(kinds[i])
    all_lines = lines + extra
    all_kinds = kinds + extra_kinds
    noded = shapely.unary_union(all_lines)
    parts = list(noded.geoms) if isinstance(noded, MultiLineString) else [noded]
    tree = shapely.STRtree(all_lines)
    out = []
    for part in parts:
        coords = list(part.coords)
        for a, b in zip(coords, coords[1:]):
            if a == b:
                continue
            mid = ShPoint((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            idx = tree.query(mid, predicate="dwithin", distance=1e-6)
            # the first pathway drawn wins when two overlap
            kind = all_kinds[int(min(idx))] if len(idx) else "tray"
            out.append((a, b, kind))
    return out


class _FloorNet:
    """Mutable edge list of one floor while points are attached (vectorised nearest edge)."""

    def __init__(self, floor: str) -> None:
        self.floor = floor
        self.a: list[tuple[float, float]] = []
        self.b: list[tuple[float, float]] = []
        self.kind: list[str] = []
        self.existing: list[bool] = []

    def add(self, a, b, kind: str, existing: bool) -> None:
        a = (round(a[0], 3), round(a[1], 3))
        b = (round(b[0], 3), round(b[1], 3))
        if a != b:
            self.a.append(a)
            self.b.append(b)
            self.kind.append(kind)
            self.existing.append(existing)

    def nearest(self, xy: np.ndarray) -> tuple[int, np.ndarray, float]:
        a = np.asarray(self.a, dtype=float)
        b = np.asarray(self.b, dtype=float)
        ab = b - a
        denom = np.einsum("ij,ij->i", ab, ab)
        t = np.clip(np.einsum("ij,ij->i", xy - a, ab) / np.where(denom > 0, denom, 1.0), 0.0, 1.0)
        proj = a + t[:, None] * ab
        d = np.hypot(*(proj - xy).T)
        i = int(np.argmin(d))
        return i, proj[i], float(d[i])

    def split(self, i: int, p: tuple[float, float]) -> tuple[float, float]:
        """Split edge ``i`` at ``p`` (or snap to an end); return the node point."""
        p = (round(float(p[0]), 3), round(float(p[1]), 3))
        a, b = self.a[i], self.b[i]
        for end in (a, b):
            if abs(end[0] - p[0]) <= _EPS and abs(end[1] - p[1]) <= _EPS:
                return end
        kind, existing = self.kind[i], self.existing[i]
        self.b[i] = p
        self.add(p, b, kind, existing)
        return p


def _components_joined(net: _FloorNet) -> None:
    """Join disconnected pathway pieces with rectilinear fallback links (nearest node pairs)."""
    g = nx.Graph()
    for a, b in zip(net.a, net.b):
        g.add_edge(a, b)
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    if len(comps) < 2:
        return
    main = list(comps[0])
    for comp in comps[1:]:
        m = np.asarray(main, dtype=float)
        c = np.asarray(comp, dtype=float)
        d = np.abs(m[:, None, :] - c[None, :, :]).sum(axis=2)
        i, j = np.unravel_index(int(np.argmin(d)), d.shape)
        p, q = main[i], comp[j]
        corner = (q[0], p[1])
        net.add(p, corner, "fallback", False)
        net.add(corner, q, "fallback", False)
        main.extend(comp)
        main.append(corner)


def _fallback_trunk(floor: Floor, anchor: tuple[float, float]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """A straight trunk through ``anchor`` along the floor's longer axis, clipped to the outline."""
    area = floor_area(floor)
    minx, miny, maxx, maxy = area.bounds
    x, y = anchor
    if maxx - minx >= maxy - miny:
        line = LineString([(minx, y), (maxx, y)])
    else:
        line = LineString([(x, miny), (x, maxy)])
    clipped = line.intersection(area)
    parts = [g for g in getattr(clipped, "geoms", [clipped]) if isinstance(g, LineString) and g.length > 0]
    if not parts:
        return []
    anchor_pt = ShPoint(anchor)
    part = min(parts, key=lambda g: (g.distance(anchor_pt), g.bounds))
    coords = list(part.coords)
    return [(tuple(a), tuple(b)) for a, b in zip(coords, coords[1:])]


def build_pathway_graph(
    building: Building,
    points: dict[str, tuple[str, tuple[float, float]]],
    options: CablingOptions,
) -> PathwayGraph:
    """Build the building's cable graph and join every named point to it.

    Parameters
    ----------
    building : Building
    points : dict
        ``{name: (floor, (x_m, y_m))}`` of the outlets (APs, spares) to join; telecom rooms
        and risers are added automatically as ``"tr:<name>"`` and ``"riser:<floor>:<name>"``.
    options : CablingOptions

    Returns
    -------
    PathwayGraph

    Notes
    -----
    Pathways are noded at crossings and joints (shapely ``unary_union``); an endpoint within
    ``snap_m`` of another pathway is joined to it; disconnected pieces are joined by
    rectilinear fallback links. Each point joins its nearest pathway by a perpendicular
    drop. A floor with no pathways gets a rectilinear fallback: a trunk along the floor's
    longer axis through its first telecom room (else riser, else the outline centroid), and
    drops at right angles, every length × ``fallback_slack``. Risers with the same name join
    consecutive floors with a vertical edge as long as the difference of pathway heights.
    """
    g = nx.Graph()
    nodes: dict[str, Node] = {}
    fallback_floors: list[str] = []
    per_floor: dict[str, list[tuple[str, tuple[float, float]]]] = {}
    for name in sorted(points):
        fl, xy = points[name]
        per_floor.setdefault(fl, []).append((name, (float(xy[0]), float(xy[1]))))
    for floor in floors_by_elevation(building):
        pts = list(per_floor.get(floor.name, []))
        anchors = [(f"tr:{tr.name}", (float(tr.at[0]), float(tr.at[1]))) for tr in sorted(floor.telecom_rooms, key=lambda t: t.name)]
        anchors += [(f"riser:{floor.name}:{r.name}", (float(r.at[0]), float(r.at[1]))) for r in sorted(floor.risers, key=lambda r: r.name)]
        net = _FloorNet(floor.name)
        segs = _noded_segments(floor, options.snap_m)
        fallback = not segs
        if fallback:
            fallback_floors.append(floor.name)
            if anchors:
                origin = anchors[0][1]
            else:
                c = floor_area(floor).centroid
                origin = (c.x, c.y)
            for a, b in _fallback_trunk(floor, origin):
                net.add(a, b, "fallback", False)
        else:
            for a, b, kind in segs:
                net.add(a, b, kind, True)
            _components_joined(net)
        drops: list[tuple[Node, Node, float, list, str]] = []
        for name, xy in anchors + pts:
            here = _node(floor.name, *xy)
            nodes[name] = here
            g.add_node(here)
            if not net.a:
                continue
            i, proj, dist = net.nearest(np.asarray(xy, dtype=float))
            p = net.split(i, (proj[0], proj[1]))
            there = _node(floor.name, *p)
            if there == here:
                continue
            if fallback:
                dx, dy = abs(xy[0] - p[0]), abs(xy[1] - p[1])
                via = [] if dx < _EPS or dy < _EPS else [[round(p[0], 3), round(xy[1], 3)]]
                drops.append((here, there, (dx + dy) * options.fallback_slack, via, "fallback"))
            else:
                drops.append((here, there, dist, [], "drop"))
        for a, b, kind, existing in zip(net.a, net.b, net.kind, net.existing):
            length = float(np.hypot(a[0] - b[0], a[1] - b[1]))
            if kind == "fallback":
                length *= options.fallback_slack
            g.add_edge(_node(floor.name, *a), _node(floor.name, *b), length_m=length, kind=kind, existing=existing, via=[])
        for here, there, length, via, kind in drops:
            if not g.has_edge(here, there):
                g.add_edge(here, there, length_m=float(length), kind=kind, existing=False, via=via)
    _add_risers(building, g, nodes, options)
    return PathwayGraph(graph=g, nodes=nodes, fallback_floors=fallback_floors)


def _add_risers(building: Building, g: nx.Graph, nodes: dict[str, Node], options: CablingOptions) -> None:
    floors = floors_by_elevation(building)
    by_name: dict[str, list[tuple[int, Floor]]] = {}
    for i, floor in enumerate(floors):
        for r in floor.risers:
            by_name.setdefault(r.name, []).append((i, floor))
    for rname in sorted(by_name):
        stack = by_name[rname]
        for (i, lo), (j, hi) in zip(stack, stack[1:]):
            a = nodes[f"riser:{lo.name}:{rname}"]
            b = nodes[f"riser:{hi.name}:{rname}"]
            length = abs(pathway_z_m(hi, options) - pathway_z_m(lo, options))
            g.add_edge(a, b, length_m=float(length), kind="riser", existing=True, via=[],
                       riser=rname, slabs=j - i, floors=(lo.name, hi.name))
