"""Semantic and geometric checks of a building: located errors and warnings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import networkx as nx
import numpy as np
import shapely

from wifiplan.errors import ConfigError, Location, Problem, format_path
from wifiplan.model.building import Building
from wifiplan.model.geometry import floor_area, polygon
from wifiplan.model.resolve import domain_code

__all__ = ["validate_building", "LIMITS", "CODES"]

#: Documented limits (docs/limits.md): beyond these a building is refused.
LIMITS = {
    "coordinate_abs_m": 10_000.0,
    "walls_per_building": 200_000,
    "wall_points_per_building": 1_000_000,
    "zones_per_building": 50_000,
}

#: Problem codes of building validation, with what each means.
CODES = {
    "BD01": "polygon is not a valid area (self-intersecting, zero area or too few points)",
    "BD02": "wall lies outside the floor outline",
    "BD03": "zones overlap",
    "BD04": "zone lies outside the floor outline",
    "BD05": "exclude area lies outside the floor outline",
    "BD06": "telecom room or riser outside the outline",
    "BD07": "riser stands on one floor only / risers misaligned",
    "BD08": "duplicate name",
    "BD09": "floors at one elevation or overlapping",
    "BD10": "unknown material",
    "BD11": "unknown use",
    "BD12": "absurd headcount",
    "BD13": "floor without a reachable telecom room",
    "BD14": "unknown country, AP preset or client preset",
    "BD15": "AP mount height outside the floor",
    "BD16": "absurd size or beyond limits",
    "BD17": "zone overlaps an exclude area",
    "BD18": "zone without a headcount",
    "BD19": "requirement beyond its usual range (growth above 100 %)",
}

#: Tolerance for geometry lying on the outline, m.
TOL_M = 0.05
#: People per m²: above WARN is odd (> 2/m² is a packed room), above ERROR impossible.
DENSITY_WARN = 2.0
DENSITY_ERROR = 6.0

Locate = Callable[[tuple], Location]


def validate_building(building: Building, *, locate: Locate | None = None) -> list[Problem]:
    """Check names, geometry and connectivity of ``building``; return problems, errors first.

    ``locate`` maps a field path tuple to a :class:`Location` (from the loader's source
    map); without it, locations carry the field path only.
    """
    def loc(*path) -> Location:
        return locate(tuple(path)) if locate else Location(path=format_path(tuple(path)))

    out: list[Problem] = []

    def err(code, msg, where, hint=None, severity="error"):
        out.append(Problem(msg, where, severity, hint, code))

    _check_limits(building, loc, err)
    if any(p.code == "BD16" and p.severity == "error" for p in out):
        return out
    _check_names(building, loc, err)
    _check_library_refs(building, loc, err)
    for i, floor in enumerate(building.floors):
        _check_floor(building, i, loc, err)
    _check_vertical(building, loc, err)
    _check_requirements(building, loc, err)
    out.sort(key=lambda p: (p.severity != "error", p.location.line or 0))
    return out


def _check_limits(b: Building, loc, err) -> None:
    n_walls = sum(len(f.walls) for f in b.floors)
    n_points = sum(len(w.path) for f in b.floors for w in f.walls)
    if n_walls > LIMITS["walls_per_building"] or n_points > LIMITS["wall_points_per_building"]:
        err("BD16", f"{n_walls:,} walls / {n_points:,} wall points exceed the limits "
            f"({LIMITS['walls_per_building']:,} / {LIMITS['wall_points_per_building']:,})",
            loc("floors"), "simplify the drawing (merge collinear pieces, drop furniture layers)")
    n_zones = sum(len(f.zones) for f in b.floors)
    if n_zones > LIMITS["zones_per_building"]:
        err("BD16", f"{n_zones:,} zones exceed the limit of {LIMITS['zones_per_building']:,}", loc("floors"))
    lim = LIMITS["coordinate_abs_m"]
    for i, f in enumerate(b.floors):
        arrays = [("outline", np.asarray(f.outline, float))]
        arrays += [(("walls", j, "path"), np.asarray(w.path, float)) for j, w in enumerate(f.walls)]
        arrays += [(("zones", j, "polygon"), np.asarray(z.polygon, float)) for j, z in enumerate(f.zones)]
        for key, arr in arrays:
            if arr.size and np.abs(arr).max() > lim:
                path = ("floors", i) + (key if isinstance(key, tuple) else (key,))
                err("BD16", f"a coordinate of {np.abs(arr).max():,.0f} m is beyond ±{lim:,.0f} m",
                    loc(*path), "coordinates are metres in one building frame; check the units (mm?)")
                break


def _dupes(names: list[str]) -> dict[str, list[int]]:
    seen: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(names):
        seen[n].append(i)
    return {n: idx for n, idx in seen.items() if len(idx) > 1}


def _check_names(b: Building, loc, err) -> None:
    for name, idx in _dupes([f.name for f in b.floors]).items():
        err("BD08", f"floor name '{name}' is used {len(idx)} times", loc("floors", idx[1], "name"), "floor names must be unique")
    tr_all: list[tuple[str, int, int]] = [(t.name, i, j) for i, f in enumerate(b.floors) for j, t in enumerate(f.telecom_rooms)]
    for name, idx in _dupes([t[0] for t in tr_all]).items():
        _, i, j = tr_all[idx[1]]
        err("BD08", f"telecom room name '{name}' is used {len(idx)} times", loc("floors", i, "telecom_rooms", j, "name"),
            "telecom room names must be unique in the building")
    for i, f in enumerate(b.floors):
        for name, idx in _dupes([z.name for z in f.zones]).items():
            err("BD08", f"zone name '{name}' is used {len(idx)} times on floor {f.name}", loc("floors", i, "zones", idx[1], "name"),
                "zone names must be unique on a floor")
        for name, idx in _dupes([r.name for r in f.risers]).items():
            err("BD08", f"riser name '{name}' is used {len(idx)} times on floor {f.name}", loc("floors", i, "risers", idx[1], "name"))


def _check_library_refs(b: Building, loc, err) -> None:
    from wifiplan.library import load_library, suggest

    lib = load_library()
    materials = set(lib.materials) | set(b.materials)
    profiles = set(lib.profiles) | set(b.profiles)

    def unknown(code, kind, name, where, choices, define):
        guess = suggest(name, sorted(choices))
        hint = f"did you mean '{guess}'?" if guess else f"see `wifiplan {kind}s` or define it under {define}:"
        err(code, f"unknown {kind} '{name}'", where, hint)

    for i, f in enumerate(b.floors):
        if f.slab not in materials:
            unknown("BD10", "material", f.slab, loc("floors", i, "slab"), materials, "materials")
        for j, w in enumerate(f.walls):
            if w.material not in materials:
                unknown("BD10", "material", w.material, loc("floors", i, "walls", j, "material"), materials, "materials")
        for j, z in enumerate(f.zones):
            if z.use not in profiles:
                unknown("BD11", "use", z.use, loc("floors", i, "zones", j, "use"), profiles, "profiles")
    try:
        domain_code(b.country)
    except ConfigError as e:
        err("BD14", str(e), loc("country"))
    if b.ap.preset not in lib.ap_presets:
        guess = suggest(b.ap.preset, sorted(lib.ap_presets))
        err("BD14", f"unknown AP preset '{b.ap.preset}'", loc("ap", "preset"),
            f"did you mean '{guess}'?" if guess else f"known: {', '.join(sorted(lib.ap_presets))}")
    elif b.requirements.band not in lib.ap_presets[b.ap.preset].bands:
        err("BD14", f"AP preset '{b.ap.preset}' has no {b.requirements.band} GHz radio", loc("requirements", "band"),
            "choose a 6E or 7 preset for 6 GHz")
    if b.ap.client not in lib.client_presets:
        guess = suggest(b.ap.client, sorted(lib.client_presets))
        err("BD14", f"unknown client preset '{b.ap.client}'", loc("ap", "client"),
            f"did you mean '{guess}'?" if guess else f"known: {', '.join(sorted(lib.client_presets))}")
    for name, p in b.profiles.items():
        if p.client and p.client not in lib.client_presets:
            err("BD14", f"unknown client preset '{p.client}'", loc("profiles", name, "client"))
        for key in p.client_mix or {}:
            if key not in lib.client_presets:
                guess = suggest(key, sorted(lib.client_presets))
                err("BD14", f"unknown client preset '{key}' in client_mix", loc("profiles", name, "client_mix", key),
                    f"did you mean '{guess}'?" if guess else f"known: {', '.join(sorted(lib.client_presets))}")


def _headcount_hint(b: Building, use: str, area_m2: float) -> str:
    """``write headcount: N`` with N from the use's occupancy density when the library has one."""
    from wifiplan.library import load_library

    profile = load_library().profiles.get(use)
    if profile is None or use in b.profiles:
        return "write headcount: N (people normally there), or headcount: 0 for a space without Wi-Fi users"
    density = float(profile.occupancy_m2_per_person)
    n = int(round(area_m2 / density))
    return (f"write headcount: N; at the '{use}' occupancy of {density:g} m² per person (an estimate, "
            f"`wifiplan profiles`) its {area_m2:,.0f} m² hold about {n}")


def _check_requirements(b: Building, loc, err) -> None:
    growth = b.requirements.growth
    if growth > 1.0:
        err("BD19", f"growth {growth:g} plans for {growth:.0%} more people than today",
            loc("requirements", "growth"),
            f"growth is a fraction: 0.3 means 30 % more people; write {growth / 100:g} if you meant {growth:g} %",
            "warning")


def _poly_ok(points, where, err, what) -> shapely.Geometry | None:
    geom = polygon(points)
    if len({tuple(p) for p in points}) < 3:
        err("BD01", f"{what} has fewer than 3 distinct corners", where, "a polygon needs at least 3 distinct points")
        return None
    if not geom.is_valid and geom.area > 1e-9 or (not geom.is_valid and "Self-intersection" in shapely.is_valid_reason(geom)):
        reason = shapely.is_valid_reason(geom)
        err("BD01", f"{what} is not a simple polygon ({reason})", where,
            "list the corners in order around the edge; the edge must not cross itself")
        fixed = shapely.make_valid(geom)
        return fixed if fixed.area > 1e-9 else None
    if geom.area <= 1e-9:
        err("BD01", f"{what} has zero area", where, "the corners must enclose an area (not all on one line)")
        return None
    return geom


def _check_floor(b: Building, i: int, loc, err) -> None:
    f = b.floors[i]
    outline = _poly_ok(f.outline, loc("floors", i, "outline"), err, f"floor {f.name} outline")
    if f.ap_height_m > f.height_m:
        err("BD15", f"ap_height_m {f.ap_height_m} m is above the floor height {f.height_m} m",
            loc("floors", i, "ap_height_m"), "mount heights are metres above this floor")
    if outline is None:
        return
    outline = floor_area(f)
    grown = outline.buffer(TOL_M)
    # walls: vectorised containment of every wall piece
    for j, w in enumerate(f.walls):
        line = shapely.linestrings(np.asarray(w.path, float))
        if not grown.covers(line):
            outside = line.difference(grown).length
            sev = "error" if outside > 0.5 else "warning"
            err("BD02", f"{outside:.2f} m of this {w.material} wall lies outside the outline of {f.name}",
                loc("floors", i, "walls", j, "path"), "move the wall inside the outline or fix the outline", sev)
    excl = []
    for j, pts in enumerate(f.exclude):
        g = _poly_ok(pts, loc("floors", i, "exclude", j), err, "exclude area")
        if g is None:
            continue
        excl.append(g)
        if not grown.covers(g):
            err("BD05", f"exclude area {j} reaches {g.difference(outline).area:.1f} m² outside the outline",
                loc("floors", i, "exclude", j), "keep exclude areas inside the floor outline", "warning")
    excluded = shapely.union_all(excl) if excl else None
    zones = []
    for j, z in enumerate(f.zones):
        where = loc("floors", i, "zones", j, "polygon")
        g = _poly_ok(z.polygon, where, err, f"zone '{z.name}'")
        if g is None:
            zones.append(None)
            continue
        zones.append(g)
        out_area = g.difference(outline).area
        if out_area > max(0.5, 0.01 * g.area):
            err("BD04", f"zone '{z.name}' has {out_area:.1f} m² outside the outline of {f.name}", where,
                "keep zones inside the floor outline")
        if "headcount" not in z.model_fields_set:
            err("BD18", f"zone '{z.name}' has no headcount: it is planned for 0 people",
                loc("floors", i, "zones", j), _headcount_hint(b, z.use, g.area), "warning")
        density = z.headcount / g.area if g.area > 0 else 0.0
        if density > DENSITY_ERROR:
            err("BD12", f"zone '{z.name}': {z.headcount} people on {g.area:.1f} m² ({density:.1f}/m²) is impossible",
                loc("floors", i, "zones", j, "headcount"), f"more than {DENSITY_ERROR:g} people per m² cannot stand there")
        elif density > DENSITY_WARN:
            err("BD12", f"zone '{z.name}': {density:.1f} people per m² is very dense",
                loc("floors", i, "zones", j, "headcount"), "check the headcount", "warning")
        if excluded is not None:
            shared = g.intersection(excluded).area
            if shared > 0.5 * g.area:
                err("BD17", f"zone '{z.name}' lies {shared / g.area:.0%} inside exclude areas", where,
                    "excluded area gets no coverage; its people are spread over the rest of the zone", "warning")
    valid = [(j, g) for j, g in enumerate(zones) if g is not None]
    if len(valid) > 1:
        tree = shapely.STRtree([g for _, g in valid])
        a_idx, b_idx = tree.query([g for _, g in valid], predicate="intersects")
        for a, c in zip(a_idx.tolist(), b_idx.tolist()):
            if a >= c:
                continue
            (ja, ga), (jc, gc) = valid[a], valid[c]
            shared = ga.intersection(gc).area
            if shared > 0.01:
                err("BD03", f"zones '{f.zones[ja].name}' and '{f.zones[jc].name}' overlap by {shared:.2f} m²",
                    loc("floors", i, "zones", jc, "polygon"), "zones must not overlap; people would be counted twice")
    for kind, items in (("telecom_rooms", f.telecom_rooms), ("risers", f.risers)):
        for j, item in enumerate(items):
            if not grown.covers(shapely.points(item.at)):
                label = "telecom room" if kind == "telecom_rooms" else "riser"
                err("BD06", f"{label} '{item.name}' at {item.at} is outside the outline of {f.name}",
                    loc("floors", i, kind, j, "at"), "place it inside the floor outline")


def _check_vertical(b: Building, loc, err) -> None:
    order = sorted(range(len(b.floors)), key=lambda i: b.floors[i].elevation_m)
    for a, c in zip(order, order[1:]):
        fa, fc = b.floors[a], b.floors[c]
        if abs(fa.elevation_m - fc.elevation_m) < 1e-6:
            err("BD09", f"floors {fa.name} and {fc.name} are both at elevation {fc.elevation_m} m",
                loc("floors", c, "elevation_m"), "each floor needs its own elevation_m")
        elif fa.elevation_m + fa.height_m > fc.elevation_m + 1e-6:
            err("BD09", f"floor {fa.name} ({fa.elevation_m}+{fa.height_m} m) reaches into {fc.name} at {fc.elevation_m} m",
                loc("floors", a, "height_m"), "height_m is slab to slab; check the elevations", "warning")
    # risers join floors; telecom rooms must be reachable
    graph = nx.Graph()
    riser_at: dict[str, list[tuple[int, int, list[float]]]] = defaultdict(list)
    for i, f in enumerate(b.floors):
        graph.add_node(("floor", i))
        for j, r in enumerate(f.risers):
            riser_at[r.name].append((i, j, r.at))
    for name, places in riser_at.items():
        if len(b.floors) > 1 and len(places) == 1:
            i, j, _ = places[0]
            err("BD07", f"riser '{name}' stands on floor {b.floors[i].name} only", loc("floors", i, "risers", j, "name"),
                "give the riser the same name on every floor it passes through", "warning")
        ordered = sorted(places, key=lambda p: b.floors[p[0]].elevation_m)
        for (i, j, at), (i2, j2, at2) in zip(ordered, ordered[1:]):
            gap = float(np.hypot(at[0] - at2[0], at[1] - at2[1]))
            if gap > 1.0:
                err("BD07", f"riser '{name}' moves {gap:.1f} m between {b.floors[i].name} and {b.floors[i2].name}",
                    loc("floors", i2, "risers", j2, "at"), "a riser is vertical: use the same [x, y] on every floor", "warning")
            graph.add_edge(("floor", i), ("floor", i2))
    has_tr = [bool(f.telecom_rooms) for f in b.floors]
    if not any(has_tr):
        err("BD13", "the building has no telecom room", loc("floors"),
            "add telecom_rooms: [{name: MDF, kind: mdf, at: [x, y]}] to a floor")
        return
    for i, f in enumerate(b.floors):
        if has_tr[i]:
            continue
        reach = nx.node_connected_component(graph, ("floor", i))
        if not any(has_tr[k] for _, k in reach):
            err("BD13", f"floor {f.name} has no telecom room and no riser to a floor that has one",
                loc("floors", i, "name"), "add a telecom room on this floor or a riser (same name) to a floor with one")
