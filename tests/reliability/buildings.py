"""Hypothesis strategies: small valid buildings with junctions, exclude areas, pathways,
spares and up to four floors (fast to plan: at most 30 × 20 m per floor)."""

from __future__ import annotations

import copy

from hypothesis import strategies as st

__all__ = ["MATERIALS", "USES", "buildings", "translated", "with_headcounts_scaled"]

MATERIALS = ["drywall", "glass", "concrete", "wood-door", "concrete-block", "cubicle", "brick"]
USES = ["office", "office-web-meetings", "meeting-room", "paperless-meeting", "break-room", "circulation"]
#: Legal on every generated country (JP, US, DE) at 20 MHz: the channel an extra AP uses.
LEGAL_20MHZ = {"2.4": 1, "5": 36, "6": 5}


def _rect(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


@st.composite
def floor_walls(draw, width: int, depth: int, cuts: list[int]) -> list[dict]:
    """Outer walls (L corners), zone walls with optional door gaps, and a corridor wall that
    ends on a zone wall (a T-junction) or crosses them (X-junctions)."""
    walls = [{"material": "concrete", "path": [[0, 0], [width, 0], [width, depth], [0, depth], [0, 0]]}]
    for x in cuts:
        material = draw(st.sampled_from(MATERIALS))
        if depth >= 6 and draw(st.booleans()):
            door = draw(st.integers(1, depth - 3))  # a 1 m door gap: two walls meeting the outline
            walls.append({"material": material, "path": [[x, 0], [x, door]]})
            walls.append({"material": material, "path": [[x, door + 1], [x, depth]]})
        else:
            walls.append({"material": material, "path": [[x, 0], [x, depth]]})
    if depth >= 6 and draw(st.booleans()):
        y = draw(st.integers(2, depth - 2))
        end = draw(st.sampled_from([*cuts, width])) if cuts else width
        walls.append({"material": draw(st.sampled_from(MATERIALS)), "path": [[0, y], [end, y]]})
    return walls


@st.composite
def buildings(draw, *, min_floors: int = 1, max_floors: int = 4) -> dict:
    """A building file as a dict (the YAML contract), valid by construction."""
    width = draw(st.integers(8, 30))
    depth = draw(st.integers(6, 20))
    n_floors = draw(st.integers(min_floors, max_floors))
    n_zones = draw(st.integers(1, min(4, width // 3)))
    cuts = sorted(draw(st.lists(st.integers(2, width - 2), min_size=n_zones - 1, max_size=n_zones - 1, unique=True)))
    xs = [0, *cuts, width]
    tr_x = draw(st.integers(1, width - 1)) + 0.5 if width > 2 else 1.0
    tr_x = min(tr_x, width - 0.5)
    floors = []
    for f in range(n_floors):
        zones = []
        for i, (a, b) in enumerate(zip(xs, xs[1:])):
            area = (b - a) * depth
            zones.append({
                "name": f"Z{i}", "use": draw(st.sampled_from(USES)),
                "headcount": draw(st.integers(0, max(0, int(area * 0.2)))),
                "polygon": _rect(a, 0, b, depth),
            })
        floor = {
            "name": f"{f + 1}F", "elevation_m": 3.5 * f, "height_m": 3.5,
            "outline": _rect(0, 0, width, depth),
            "walls": draw(floor_walls(width, depth, cuts)),
            "zones": zones,
            "telecom_rooms": [{"name": "MDF" if f == 0 else f"IDF{f + 1}", "kind": "mdf" if f == 0 else "idf",
                               "at": [tr_x, 0.5]}],
            "risers": [{"name": "R1", "at": [0.5, 0.5]}] if n_floors > 1 else [],
        }
        if draw(st.booleans()):
            # a shaft in the far corner, clear of the telecom room and riser (both at y = 0.5)
            side = draw(st.integers(2, min(4, depth - 2, width - 2)))
            floor["exclude"] = [_rect(width - side, depth - side, width, depth)]
        if draw(st.booleans()):
            y = draw(st.integers(1, depth - 1))
            floor["pathways"] = [{"kind": draw(st.sampled_from(["tray", "conduit"])),
                                  "path": [[tr_x, 0.5], [tr_x, y], [0.5, y]]}]
        floors.append(floor)
    country = draw(st.sampled_from(["JP", "US", "DE"]))
    band = draw(st.sampled_from(["2.4", "5", "6"]))
    requirements = {"band": band, "spare_positions": draw(st.sampled_from([0.0, 0.2, 0.5, 1.0, 2.0]))}
    return {"format": 1, "name": "Generated", "country": country, "floors": floors, "requirements": requirements}


def translated(building: dict, dx: float, dy: float) -> dict:
    """The same building with every coordinate moved by (dx, dy) metres."""
    out = copy.deepcopy(building)

    def move(p):
        return [p[0] + dx, p[1] + dy]

    for f in out["floors"]:
        f["outline"] = [move(p) for p in f["outline"]]
        for w in f.get("walls", []):
            w["path"] = [move(p) for p in w["path"]]
        for z in f.get("zones", []):
            z["polygon"] = [move(p) for p in z["polygon"]]
        f["exclude"] = [[move(p) for p in ring] for ring in f.get("exclude", [])]
        for key in ("telecom_rooms", "risers"):
            for item in f.get(key, []):
                item["at"] = move(item["at"])
        for pw in f.get("pathways", []):
            pw["path"] = [move(p) for p in pw["path"]]
    return out


def with_headcounts_scaled(building: dict, factor: float, extra: int = 0) -> dict:
    """The same building with every zone's headcount × ``factor`` + ``extra`` (rounded up)."""
    out = copy.deepcopy(building)
    for f in out["floors"]:
        for z in f["zones"]:
            z["headcount"] = int(-(-z["headcount"] * factor // 1)) + extra
    return out
