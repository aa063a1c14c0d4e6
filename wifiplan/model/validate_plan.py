"""Checks of a plan file against its building: names, floors, positions, channels."""

from __future__ import annotations


import shapely

from wifiplan.errors import Location, Problem, format_path
from wifiplan.model.building import Building
from wifiplan.model.geometry import coverage_area, floor_area
from wifiplan.model.plan import Plan
from wifiplan.model.resolve import domain_code

__all__ = ["validate_plan"]


def validate_plan(plan: Plan, building: Building, *, locate=None) -> list[Problem]:
    """Check APs and spares: unique names, known floors and rooms, inside the floor, legal channels."""
    from wifiplan.library import load_library

    def loc(*path) -> Location:
        return locate(tuple(path)) if locate else Location(path=format_path(tuple(path)))

    out: list[Problem] = []
    floors = {f.name: f for f in building.floors}
    rooms = {t.name for f in building.floors for t in f.telecom_rooms}
    try:
        domain = load_library().domains[domain_code(building.country)]
    except Exception:  # unknown country is reported by building validation
        domain = None
    seen: set[str] = set()
    areas = {}
    for kind, items in (("aps", plan.aps), ("spares", plan.spares)):
        for j, ap in enumerate(items):
            if ap.name in seen:
                out.append(Problem(f"name '{ap.name}' is used twice", loc(kind, j, "name"), "error",
                                   "AP and spare names must be unique", "PL03"))
            seen.add(ap.name)
            floor = floors.get(ap.floor)
            if floor is None:
                out.append(Problem(f"unknown floor '{ap.floor}'", loc(kind, j, "floor"), "error",
                                   f"floors: {', '.join(floors)}", "PL04"))
                continue
            if ap.floor not in areas:
                areas[ap.floor] = (floor_area(floor).buffer(0.05), coverage_area(floor))
            if not areas[ap.floor][0].covers(shapely.points(ap.at)):
                out.append(Problem(f"{ap.name} at {ap.at} is outside the outline of {ap.floor}", loc(kind, j, "at"),
                                   "error", "move it inside the floor", "PL05"))
            if ap.idf is not None and ap.idf not in rooms:
                out.append(Problem(f"unknown telecom room '{ap.idf}'", loc(kind, j, "idf"), "error",
                                   f"telecom rooms: {', '.join(sorted(rooms))}", "PL06"))
            height = ap.height_m if ap.height_m is not None else floor.ap_height_m
            if height > floor.height_m:
                out.append(Problem(f"{ap.name}: mount height {height} m is above the floor height {floor.height_m} m",
                                   loc(kind, j, "height_m"), "error", None, "PL07"))
            if kind == "aps" and domain is not None:
                for band, radio in ap.radios.items():
                    if domain.find(band, radio.channel, radio.width_mhz) is None:
                        out.append(Problem(
                            f"{ap.name}: channel {radio.channel} at {radio.width_mhz} MHz is not a legal "
                            f"{band} GHz channel in {building.country}", loc(kind, j, "radios", band, "channel"),
                            "error", "see `wifiplan channels` for the legal list", "PL08"))
    return out


