"""Where an unmet capacity requirement is: the worst radio of the floor and the zone it stands in."""

from __future__ import annotations

from typing import Any

import numpy as np

from wifiplan.model.building import Building
from wifiplan.model.plan import Plan

__all__ = ["explain_unmet", "guessed_headcount_zone"]


def _metric(text: str, kind: str) -> str | None:
    if kind == "utilization":
        return "utilization"
    if kind == "clients":
        return "associated" if "associated" in text else "clients"
    return None


def _zone_at(building: Building, floor: str, xy: list[float]):
    import shapely

    point = shapely.Point(xy)
    for zone in building.floor(floor).zones:
        if shapely.Polygon(zone.polygon).covers(point):
            return zone
    return None


def _zone_text(building: Building, floor: str, zone, demand: dict) -> str:
    from wifiplan.library import load_library

    d = demand.get((floor, zone.name))
    area = d.area_m2 if d is not None else 0.0
    head = zone.headcount or 0
    text = f"zone '{zone.name}' ({zone.use}, {area:,.0f} m², headcount {head:,.0f}"
    if d is not None:
        text += f", {d.down_mbps + d.up_mbps:,.0f} Mbit/s at the growth scenario"
    text += ")"
    profile = load_library().profiles.get(zone.use)
    if profile is None or zone.use in building.profiles:   # the file's own profile: its own density
        return text
    per_person = float(profile.occupancy_m2_per_person)
    if head and area and head == round(area / per_person):
        text += (f"; its headcount is its area ÷ {per_person:g} m² per person, the use's default density "
                 "(what an importer guesses): give the zone its real headcount, or split it by its inner walls")
    return text


def guessed_headcount_zone(building: Building, floor: str, xy: list[float]) -> str | None:
    """The zone at ``xy`` when its headcount is only its area ÷ the use's default density, as a hint; else None.

    What importers write when the source gives no headcount (``io.importcommon.headcount_for``):
    a figure a user should replace, e.g. a cinema complex imported as one auditorium at 1 m²
    per person.
    """
    from wifiplan.library import load_library

    zone = _zone_at(building, floor, xy)
    if zone is None or not zone.headcount or zone.use in building.profiles:
        return None
    import shapely

    profile = load_library().profiles.get(zone.use)
    if profile is None:
        return None
    per_person = float(profile.occupancy_m2_per_person)
    area = float(shapely.Polygon(zone.polygon).area)
    if zone.headcount != round(area / per_person):
        return None
    return (f"it stands in zone '{zone.name}' ({zone.use}, {area:,.0f} m²), whose headcount {zone.headcount:,} is "
            f"its area ÷ {per_person:g} m² per person (the use's default, what an importer guesses): give the zone "
            "its real headcount, or split it by its inner walls")


def explain_unmet(building: Building, plan: Plan, per_band: dict[str, Any] | None, unmet: list[str]) -> list[str]:
    """``unmet`` with each capacity line (utilisation, clients, associated) told where it is.

    The floor's worst radio on the metric over every band of ``per_band`` (``evaluate_bands``,
    as ``check`` evaluates) and the zone at its position: its use, area, headcount and demand,
    and whether the headcount is only the use's default density times the area (as importers
    guess it), which a user should replace with the real figure. Other lines are unchanged.
    """
    if not per_band:
        return unmet
    from wifiplan.capacity.demand import zone_demands
    from wifiplan.design.planner import Unmet

    demand = {(d.floor, d.zone): d for d in zone_demands(building)}
    ap_of = {a.name: a for a in plan.aps}
    out: list[str] = []
    for line in unmet:
        kind = getattr(line, "kind", "other")
        metric = _metric(str(line), kind)
        floor = str(line).split(":", 1)[0]
        if metric is None or floor not in {f.name for f in building.floors}:
            out.append(line)
            continue
        best = None
        for band, ev in sorted(per_band.items()):
            values = getattr(ev, metric, None)
            if values is None:
                continue
            for name, v in zip(ev.ap_names, np.asarray(values, float), strict=True):
                if ap_of[name].floor == floor and (best is None or v > best[0]):
                    best = (float(v), name, band)
        if best is None:
            out.append(line)
            continue
        value, name, band = best
        ap = ap_of[name]
        where = f"worst radio {name} on {band} GHz ({value:.3g}) at ({ap.at[0]:.1f}, {ap.at[1]:.1f})"
        zone = _zone_at(building, floor, ap.at)
        where += f", in {_zone_text(building, floor, zone, demand)}" if zone is not None else ", in no zone"
        out.append(Unmet(f"{line} — {where}", kind))
    return out
