"""Generate the example buildings in floorplans/ (building file format 1), deterministically.

Usage::

    python tools/make_floorplans.py            # rewrites floorplans/*.yaml
    python tools/make_floorplans.py --out DIR  # writes them to DIR instead
    python tools/make_floorplans.py --check    # exit 1 if floorplans/*.yaml are stale

The YAML text is written by hand (not yaml.dump) so that the files keep comments, flow-style
points and a stable layout; every file is parsed back with yaml.safe_load and compared with
the data it was written from before it is saved.

Sources for the numbers used here (see docs/sources.md):
one telecom room per floor near the centre, stacked vertically, more TRs above 1000 m² or
when links exceed 90 m [S78], [S79]; horizontal permanent link <= 90 m [S71].
Headcount densities (office 8-12 m² per person, meeting rooms 3-4 m² per seat, waiting
areas 2-3 m² per visitor) are planning assumptions (unsourced estimates), stated next to
each zone as "m2/person".
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["BUILDINGS", "render", "main"]

REPO = Path(__file__).resolve().parents[1]

Pt = tuple[float, float]


def _r(v: float) -> float:
    """Round to 0.1 m (and turn -0.0 into 0.0)."""
    return round(float(v), 1) + 0.0


def _fmt(v: float) -> str:
    return f"{_r(v):.1f}"


def _pts(points) -> str:
    return "[" + ", ".join(f"[{_fmt(x)}, {_fmt(y)}]" for x, y in points) + "]"


def _rect(x0: float, y0: float, x1: float, y1: float) -> list[Pt]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _area(poly: list[Pt]) -> float:
    s = 0.0
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
        s += x0 * y1 - x1 * y0
    return abs(s) / 2.0


def _name(text: str) -> str:
    """A YAML scalar for a name: plain when it reads back as the same string inside a
    flow mapping, else double-quoted."""
    unsafe = set(":,#[]{}&*!|>'\"%@`")
    if text and not (set(text) & unsafe) and text == text.strip():
        try:
            if yaml.safe_load(f"{{k: {text}}}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class Floor:
    """One storey under construction: a list of walls (with section comments) and the rest."""

    name: str
    comment: str
    height_m: float
    ap_height_m: float
    outline: list[Pt]
    slab: str = "concrete-slab"
    elevation_m: float = 0.0
    walls: list[tuple] = field(default_factory=list)  # ("#", text) or (material, points)
    zones: list[tuple] = field(default_factory=list)  # (name, use, headcount, polygon, note)
    exclude: list[tuple] = field(default_factory=list)  # (polygon, note)
    telecom_rooms: list[tuple] = field(default_factory=list)  # (name, kind, at, note)
    risers: list[tuple] = field(default_factory=list)  # (name, at, note)
    pathways: list[tuple] = field(default_factory=list)  # (kind, points, note)
    pathways_note: str = ""

    # -- walls -------------------------------------------------------------------------
    def section(self, text: str) -> None:
        self.walls.append(("#", text))

    def wall(self, material: str, *points: Pt) -> None:
        pts = [(_r(x), _r(y)) for x, y in points]
        last = self.walls[-1] if self.walls else ("#", None)
        # extend the previous wall when it is the same material and runs straight on
        if (last[0] == material and len(pts) == 2 and last[1][-1] == pts[0]
                and _collinear(last[1][-2], pts[0], pts[1])):
            last[1][-1] = pts[1]
            return
        self.walls.append((material, pts))

    def line(self, a: Pt, b: Pt, material: str, doors=(), door: str = "wood-door", width: float = 1.0) -> None:
        """A straight wall from a to b, with door leaves of `width` m starting at the
        given distances from a (door segments are separate walls of `door` material)."""
        (ax, ay), (bx, by) = a, b
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        ux, uy = (bx - ax) / length, (by - ay) / length
        cuts = [0.0]
        for d in sorted(doors):
            if not (cuts[-1] <= d and d + width <= length + 1e-9):
                raise ValueError(f"door at {d} m does not fit in wall {a}-{b}")
            cuts += [d, d + width]
        cuts.append(length)
        for k, (s, e) in enumerate(zip(cuts, cuts[1:])):
            if e - s < 1e-9:
                continue
            mat = material if k % 2 == 0 else door
            self.wall(mat, (ax + ux * s, ay + uy * s), (ax + ux * e, ay + uy * e))

    def hline(self, y: float, x0: float, x1: float, material: str, doors=(), door="wood-door") -> None:
        """Wall along y from x0 to x1; doors given by their west x."""
        self.line((x0, y), (x1, y), material, [d - x0 for d in doors], door)

    def vline(self, x: float, y0: float, y1: float, material: str, doors=(), door="wood-door") -> None:
        """Wall along x from y0 to y1; doors given by their south y."""
        self.line((x, y0), (x, y1), material, [d - y0 for d in doors], door)

    def exterior(self, width: float, depth: float, bay: float, pier_half: float, solid: str,
                 window: str, special: dict | None = None) -> None:
        """Exterior wall of a width x depth rectangle: solid piers on a `bay` column grid
        and one window per bay, each a separate segment on the exterior wall line.
        `special` maps (face, bay index) to another window material, or None = solid."""
        special = special or {}
        corners = [(0.0, 0.0), (width, 0.0), (width, depth), (0.0, depth)]
        pieces: list[tuple[str, list[Pt]]] = []
        for face, (a, b) in zip("SENW", zip(corners, corners[1:] + corners[:1])):
            length = abs(b[0] - a[0]) + abs(b[1] - a[1])
            n = round(length / bay)
            ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length

            def at(s, a=a, ux=ux, uy=uy):
                return (_r(a[0] + ux * s), _r(a[1] + uy * s))

            s = 0.0
            for i in range(n):
                w0, w1 = i * bay + pier_half, (i + 1) * bay - pier_half
                mat = special.get((face, i), window)
                if mat is None:
                    continue
                pieces.append((solid, [at(s), at(w0)]))
                pieces.append((mat, [at(w0), at(w1)]))
                s = w1
            pieces.append((solid, [at(s), at(length)]))
        # merge consecutive solid pieces (round the corners), starting after a window
        last = max(k for k, p in enumerate(pieces) if p[0] != solid)
        pieces = pieces[last + 1:] + pieces[: last + 1]  # start with the SW corner
        merged: list[tuple[str, list[Pt]]] = []
        for mat, pts in pieces:
            if merged and merged[-1][0] == mat == solid and merged[-1][1][-1] == pts[0]:
                prev = merged[-1][1]
                # drop a collinear middle point
                if len(prev) >= 2 and _collinear(prev[-2], prev[-1], pts[1]):
                    prev[-1] = pts[1]
                else:
                    prev.append(pts[1])
            else:
                merged.append((mat, list(pts)))
        for mat, pts in merged:
            self.wall(mat, *pts)

    # -- the rest ----------------------------------------------------------------------
    def zone(self, name: str, use: str, headcount: int, poly: list[Pt], note: str = "") -> None:
        self.zones.append((name, use, headcount, [(_r(x), _r(y)) for x, y in poly], note))

    def excl(self, poly: list[Pt], note: str) -> None:
        self.exclude.append(([(_r(x), _r(y)) for x, y in poly], note))

    def tr(self, name: str, kind: str, at: Pt, note: str = "") -> None:
        self.telecom_rooms.append((name, kind, (_r(at[0]), _r(at[1])), note))

    def riser(self, name: str, at: Pt, note: str = "") -> None:
        self.risers.append((name, (_r(at[0]), _r(at[1])), note))

    def path(self, kind: str, points: list[Pt], note: str = "") -> None:
        self.pathways.append((kind, [(_r(x), _r(y)) for x, y in points], note))


def _collinear(a: Pt, b: Pt, c: Pt) -> bool:
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) < 1e-9


@dataclass
class Building:
    slug: str
    name: str
    country: str
    header: str
    floors: list[Floor]


# ======================================================================================
# (a) City hall: 7 storeys, 70 x 35 m, JP
# ======================================================================================

CH_W, CH_D = 70.0, 35.0
# x splits of the central core band (y 16..22), shared by every floor
CH_CORE_Y = (16.0, 22.0)
CH_TR_AT = (23.0, 19.0)  # telecom room (MDF on 1F, IDF above): room x 21..25, y 16..22
CH_RISER_AT = (24.3, 19.0)  # riser R1, inside the same room, stacked on every floor


def _ch_core(f: Floor, rooms: dict[str, tuple]) -> None:
    """Central core band y 16..22: stairs, elevators, toilets (excluded), the telecom room
    and three rooms whose use varies by floor (`rooms`: key -> (name, use, headcount))."""
    y0, y1 = CH_CORE_Y
    f.section("core band y 16-22: stair W, room, telecom room, elevators, toilets, rooms, stair E")
    # south side of the core (faces the south corridor)
    f.hline(y0, 0.0, 7.0, "concrete", doors=[5.0], door="metal-door")  # stair W fire door
    f.hline(y0, 7.0, 21.0, "drywall", doors=[9.0])
    f.hline(y0, 21.0, 25.0, "drywall", doors=[21.5], door="metal-door")  # telecom room door
    f.wall("elevator-shaft", (25.0, y0), (35.0, y0), (35.0, y1), (25.0, y1), (25.0, y0))
    f.hline(y0, 35.0, 42.0, "concrete-block", doors=[36.0])  # toilets
    f.hline(y0, 42.0, 49.0, "drywall", doors=[47.0])
    f.hline(y0, 49.0, 63.0, "drywall", doors=[50.0])
    f.hline(y0, 63.0, 70.0, "concrete", doors=[64.0], door="metal-door")  # stair E fire door
    # north side of the core (faces the north corridor)
    f.hline(y1, 0.0, 7.0, "concrete")
    f.hline(y1, 7.0, 21.0, "drywall", doors=[19.0])
    f.hline(y1, 21.0, 25.0, "drywall")
    f.hline(y1, 35.0, 42.0, "concrete-block", doors=[40.0])
    f.hline(y1, 42.0, 49.0, "drywall", doors=[43.0])
    f.hline(y1, 49.0, 63.0, "drywall")
    f.hline(y1, 63.0, 70.0, "concrete")
    # cross walls
    f.vline(7.0, y0, y1, "concrete")
    f.vline(21.0, y0, y1, "drywall")
    f.vline(42.0, y0, y1, "concrete-block")
    f.vline(49.0, y0, y1, "drywall")
    f.vline(63.0, y0, y1, "concrete")
    for key, (x0, x1) in (("W", (7.0, 21.0)), ("M", (42.0, 49.0)), ("E", (49.0, 63.0))):
        name, use, hc = rooms[key]
        f.zone(name, use, hc, _rect(x0, y0, x1, y1))
    f.excl(_rect(0.0, y0, 7.0, y1), "stair W")
    f.excl(_rect(25.0, y0, 35.0, y1), "elevators (4 cars)")
    f.excl(_rect(35.0, y0, 42.0, y1), "toilets")
    f.excl(_rect(63.0, y0, 70.0, y1), "stair E")


def _ch_north(f: Floor, rooms: list[tuple], corridor_hc: int = 10) -> None:
    """North corridor y 22..25 and the north band y 25..35 split into `rooms`:
    (x0, x1, name, use, headcount, front material, door x list)."""
    f.zone("North corridor", "circulation", corridor_hc, _rect(0.0, 22.0, 70.0, 25.0))
    f.section("north band y 25-35: room fronts on the corridor (glass for meeting rooms), partitions")
    for x0, x1, name, use, hc, front, doors in rooms:
        if front:
            f.hline(25.0, x0, x1, front, doors=doors)
        f.zone(name, use, hc, _rect(x0, 25.0, x1, 35.0))
    for x in sorted({r[0] for r in rooms} - {0.0}):
        f.vline(x, 25.0, 35.0, "drywall")


def _ch_south_rooms(f: Floor, rooms: list[tuple], partition: str = "drywall") -> None:
    """South band y 0..13 and the south corridor y 13..16."""
    f.zone("South corridor", "circulation", 10, _rect(0.0, 13.0, 70.0, 16.0))
    f.section("south band y 0-13: room fronts on the south corridor, partitions on column lines")
    for x0, x1, name, use, hc, front, doors in rooms:
        if front:
            f.hline(13.0, x0, x1, front, doors=doors)
        f.zone(name, use, hc, _rect(x0, 0.0, x1, 13.0))
    for x in sorted({r[0] for r in rooms} - {0.0}):
        f.vline(x, 0.0, 13.0, partition)


def _ch_exterior(f: Floor, special=None) -> None:
    f.section("exterior: concrete piers on the 7 m column grid, low-e glass windows between")
    f.exterior(CH_W, CH_D, 7.0, 0.6, "concrete", "low-e-glass", special)


def _ch_services(f: Floor, tr_name: str, tr_kind: str, extra_trays=()) -> None:
    f.tr(tr_name, tr_kind, CH_TR_AT, "telecom room x 21-25, y 16-22 (24 m2), stacked")
    f.riser("R1", CH_RISER_AT, "fiber backbone riser, same x,y on every floor")
    for kind, pts, note in extra_trays:
        f.path(kind, pts, note)
    f.path("tray", [(1.0, 14.5), (23.0, 14.5), (69.0, 14.5)], "south corridor")
    f.path("tray", [(1.0, 23.5), (23.0, 23.5), (69.0, 23.5)], "north corridor")


def city_hall() -> Building:
    floors: list[Floor] = []
    depts = {
        2: ("Citizens affairs", "Health insurance and pension", "Welfare"),
        3: ("Urban planning", "Construction", "Environment"),
        4: ("General affairs", "Finance", "Digital transformation"),
        5: ("Board of education", "Industry and tourism", "Disaster management"),
    }

    # ---- 1F ---------------------------------------------------------------------------
    f = Floor("1F", "1F: entrance lobbies, waiting hall and service counters (south), back offices, MDF",
              5.0, 3.0, _rect(0, 0, CH_W, CH_D))
    _ch_exterior(f, special={("S", 4): "glass", ("S", 5): "glass"})
    f.section("1F south y 0-16: one open hall (lobbies, waiting hall, counters, back office),")
    f.section("no partitions; main entrance = clear glass in the two middle south bays")
    f.zone("Entrance lobby W", "circulation", 15, _rect(0.0, 0.0, 7.0, 16.0))
    f.zone("Waiting hall", "counter-service", 140, _rect(7.0, 0.0, 63.0, 7.0), "~120 seats + standing")
    f.zone("Service counters", "counter-service", 60, _rect(7.0, 7.0, 63.0, 10.0),
           "56 m of counter, 28 windows")
    f.zone("Citizen services back office", "office", 36, _rect(7.0, 10.0, 63.0, 16.0))
    f.zone("Entrance lobby E", "circulation", 15, _rect(63.0, 0.0, 70.0, 16.0))
    _ch_core(f, {"W": ("Staff break room", "break-room", 20),
                 "M": ("Storage 1F", "warehouse", 1),
                 "E": ("Consultation booths", "meeting-room", 12)})
    _ch_north(f, [
        (0.0, 21.0, "Tax office", "office", 22, "drywall", [2.0, 18.0]),
        (21.0, 28.0, "Consultation room 1", "meeting-room", 10, "glass", [22.0]),
        (28.0, 35.0, "Consultation room 2", "meeting-room", 10, "glass", [29.0]),
        (35.0, 49.0, "Childcare and welfare counter", "counter-service", 40, None, []),
        (49.0, 70.0, "Welfare office", "office", 22, "drywall", [50.0, 67.0]),
    ], corridor_hc=15)
    _ch_services(f, "MDF", "mdf", extra_trays=[
        ("tray", [(8.0, 8.5), (23.0, 8.5), (62.0, 8.5)], "over the service counters"),
        ("tray", [(23.0, 8.5), (23.0, 14.5), (23.0, 19.0), (23.0, 23.5)], "spine through the MDF"),
    ])
    floors.append(f)

    # ---- 2F-5F: departments ------------------------------------------------------------
    for level in (2, 3, 4, 5):
        a, b, c = depts[level]
        f = Floor(f"{level}F", f"{level}F: open offices ({a}, {b}, {c}), meeting rooms, IDF",
                  4.0, 2.7, _rect(0, 0, CH_W, CH_D))
        _ch_exterior(f)
        web = "office-web-meetings" if level == 4 else "office"
        _ch_south_rooms(f, [
            (0.0, 21.0, f"{a} office", "office", 29, "drywall", [2.0, 18.0]),
            (21.0, 49.0, f"{b} office", web, 38, "drywall", [22.0, 46.0]),
            (49.0, 70.0, f"{c} office", "office", 29, "drywall", [50.0, 67.0]),
        ])
        _ch_core(f, {"W": (f"Copy and storage {level}F", "warehouse", 2),
                     "M": (f"Break room {level}F", "break-room", 12),
                     "E": (f"Archive {level}F", "warehouse", 1)})
        _ch_north(f, [
            (0.0, 21.0, f"Project office {level}F", "office-web-meetings", 22, "drywall", [2.0, 18.0]),
            (21.0, 28.0, f"Meeting room {level}A", "meeting-room", 16, "glass", [22.0]),
            (28.0, 35.0, f"Meeting room {level}B", "meeting-room", 16, "glass", [29.0]),
            (35.0, 42.0, f"Paperless meeting room {level}C", "paperless-meeting", 20, "glass", [36.0]),
            (42.0, 49.0, f"Meeting room {level}D", "meeting-room", 16, "glass", [43.0]),
            (49.0, 70.0, f"{c} office annex", "office", 22, "drywall", [50.0, 67.0]),
        ])
        _ch_services(f, f"IDF-{level}F", "idf", extra_trays=[
            ("tray", [(23.0, 14.5), (23.0, 19.0), (23.0, 23.5)], "spine through the IDF"),
        ])
        floors.append(f)

    # ---- 6F: council ---------------------------------------------------------------------
    f = Floor("6F", "6F: council chamber (double height, void above on 7F), committee rooms, IDF",
              4.0, 2.7, _rect(0, 0, CH_W, CH_D))
    _ch_exterior(f)
    _ch_south_rooms(f, [
        (0.0, 21.0, "Council secretariat", "office", 24, "drywall", [2.0, 18.0]),
        (21.0, 49.0, "Council chamber", "council-chamber", 88, "concrete-block", [23.0, 46.0]),
        (49.0, 70.0, "Council members offices", "office", 20, "drywall", [50.0, 67.0]),
    ], partition="concrete-block")
    _ch_core(f, {"W": ("Copy and storage 6F", "warehouse", 2),
                 "M": ("Break room 6F", "break-room", 12),
                 "E": ("Council archive", "warehouse", 1)})
    _ch_north(f, [
        (0.0, 21.0, "Committee room 1 (paperless)", "paperless-meeting", 40, "glass", [2.0, 18.0]),
        (21.0, 28.0, "Committee room 2", "meeting-room", 18, "drywall", [22.0]),
        (28.0, 35.0, "Committee room 3", "meeting-room", 18, "drywall", [29.0]),
        (35.0, 49.0, "Council members lounge", "break-room", 24, "drywall", [36.0, 47.0]),
        (49.0, 70.0, "Press room and council library", "office", 14, "drywall", [50.0, 67.0]),
    ])
    _ch_services(f, "IDF-6F", "idf", extra_trays=[
        ("tray", [(23.0, 14.5), (23.0, 19.0), (23.0, 23.5)], "spine through the IDF"),
    ])
    floors.append(f)

    # ---- 7F: mayor, public gallery --------------------------------------------------------
    f = Floor("7F", "7F: mayor's suite, public gallery over the chamber void, emergency operations centre, IDF",
              4.0, 2.7, _rect(0, 0, CH_W, CH_D))
    _ch_exterior(f)
    f.zone("South corridor", "circulation", 10, _rect(0.0, 13.0, 70.0, 16.0))
    f.section("7F south y 0-13: mayor's suite, gallery (glass balustrade at y 9 over the chamber void),")
    f.section("executive board room, reception room")
    f.hline(13.0, 0.0, 21.0, "drywall", doors=[2.0, 18.0])
    f.hline(13.0, 21.0, 49.0, "concrete-block", doors=[24.0, 45.0])
    f.hline(13.0, 49.0, 63.0, "glass", doors=[50.0])
    f.hline(13.0, 63.0, 70.0, "drywall", doors=[64.0])
    f.vline(21.0, 0.0, 13.0, "concrete-block")
    f.vline(49.0, 0.0, 13.0, "concrete-block")
    f.vline(63.0, 0.0, 13.0, "drywall")
    f.hline(9.0, 21.0, 49.0, "glass")  # balustrade
    f.zone("Mayor's suite", "office", 18, _rect(0.0, 0.0, 21.0, 13.0), "mayor, deputies, secretaries")
    f.zone("Public gallery", "auditorium", 80, _rect(21.0, 9.0, 49.0, 13.0), "80 seats in 4 rows")
    f.zone("Executive board room", "paperless-meeting", 36, _rect(49.0, 0.0, 63.0, 13.0))
    f.zone("Reception room", "meeting-room", 14, _rect(63.0, 0.0, 70.0, 13.0))
    f.excl(_rect(21.0, 0.0, 49.0, 9.0), "void over the council chamber (6F, double height)")
    _ch_core(f, {"W": ("Copy and storage 7F", "warehouse", 2),
                 "M": ("Break room 7F", "break-room", 12),
                 "E": ("Archive 7F", "warehouse", 1)})
    _ch_north(f, [
        (0.0, 21.0, "Emergency operations centre", "office-web-meetings", 36, "drywall", [2.0, 18.0]),
        (21.0, 28.0, "Meeting room 7A", "meeting-room", 16, "glass", [22.0]),
        (28.0, 35.0, "Meeting room 7B", "meeting-room", 16, "glass", [29.0]),
        (35.0, 49.0, "Paperless meeting room 7C", "paperless-meeting", 32, "glass", [36.0, 47.0]),
        (49.0, 70.0, "Policy planning office", "office-web-meetings", 22, "drywall", [50.0, 67.0]),
    ])
    _ch_services(f, "IDF-7F", "idf", extra_trays=[
        ("tray", [(23.0, 14.5), (23.0, 19.0), (23.0, 23.5)], "spine through the IDF"),
    ])
    floors.append(f)

    header = """\
City hall (example): a new 7-storey city hall in Japan, 70 x 35 m (2,450 m2 per floor).

Layout of every floor (x east, y north, metres, one frame for all floors):
  y  0-13  south band: offices, or on 1F the waiting hall + service counters
  y 13-16  south corridor (cable tray at y 14.5)
  y 16-22  core band: stair W | room | telecom room + riser R1 | elevators | toilets
           | break room | archive | stair E  (stairs, elevators, toilets are exclude areas)
  y 22-25  north corridor (cable tray at y 23.5)
  y 25-35  north band: open offices, meeting rooms (glass fronts), paperless rooms
Structure: concrete exterior piers on a 7 m column grid with low-e glass windows,
concrete stair cores, elevator shafts, drywall partitions, wood/metal doors.
1F is 5.0 m high (APs at 3.0 m), the others 4.0 m (APs at 2.7 m).
The council chamber (6F) is double height: 7F has a void over it and a public gallery.

Telecom rooms: MDF on 1F, one IDF per floor above it, all at the same x,y next to
riser R1 (one TR per floor, stacked, near the centre: [S78], [S79]). One TR serves
2,450 m2 here, above the 1,000 m2 TIA guideline [S78]; the trays keep every outlet within
the 90 m permanent link [S71] (farthest corner ~ 66 m of tray + drop), so a second TR per
floor is optional: a planner can flag it.
Headcounts: offices ~9-10 m2 per person, meeting rooms ~4 m2 per seat, the waiting hall
~2.8 m2 per visitor, council chamber 60 members + 20 executives + 8 staff, gallery 80
seats (planning assumptions, unsourced estimates).
Generated by tools/make_floorplans.py: edit the script, not this file."""
    return Building("city-hall", "City hall (example, 7 storeys)", "JP", header, floors)


# ======================================================================================
# (b) Old office tower: 10 storeys, 40 x 25 m, built ~1975, JP, retrofit
# ======================================================================================

OT_W, OT_D = 40.0, 25.0
OT_TR_AT = (13.0, 15.5)  # in the electrical pipe shaft room (EPS) x 12..15.5, y 14..17
OT_RISER_AT = (14.5, 15.5)
OT_TRAY_FLOORS = (1, 4, 8)


def _ot_fixed(f: Floor, level: int) -> None:
    """Walls and exclusions that every floor of the tower shares."""
    f.section("exterior: heavy concrete piers on the 5 m grid, single clear glazing (1975)")
    f.exterior(OT_W, OT_D, 5.0, 0.8, "heavy-concrete", "glass")
    f.section("central core x 12-28, y 8-17: heavy concrete shear walls; lobby open to the south")
    f.wall("heavy-concrete", (15.5, 8.0), (12.0, 8.0), (12.0, 17.0))
    f.hline(17.0, 12.0, 28.0, "heavy-concrete", doors=[12.5], door="metal-door")  # EPS door
    f.wall("heavy-concrete", (24.5, 8.0), (28.0, 8.0), (28.0, 17.0))
    f.vline(15.5, 8.0, 17.0, "heavy-concrete", doors=[9.0], door="metal-door")  # stair A door
    f.vline(24.5, 8.0, 17.0, "heavy-concrete", doors=[9.0], door="metal-door")  # stair B door
    f.hline(14.0, 12.0, 15.5, "heavy-concrete")  # stair A / EPS
    f.wall("elevator-shaft", (15.5, 11.0), (20.0, 11.0), (20.0, 17.0))
    f.hline(11.0, 20.0, 24.5, "concrete-block", doors=[21.5])  # toilets
    f.excl(_rect(12.0, 8.0, 15.5, 14.0), "stair A")
    f.excl(_rect(15.5, 11.0, 20.0, 17.0), "elevators (2 cars)")
    f.excl(_rect(20.0, 11.0, 24.5, 17.0), "toilets")
    f.excl(_rect(24.5, 8.0, 28.0, 17.0), "stair B")
    f.section("concrete block partitions of 1975: west rooms x 0-12 and east rooms x 28-40 (y 8-17)")
    f.hline(8.0, 0.0, 12.0, "concrete-block", doors=[2.0, 8.0])
    f.hline(17.0, 0.0, 12.0, "concrete-block")
    f.vline(6.0, 8.0, 17.0, "concrete-block")
    f.hline(8.0, 28.0, 40.0, "concrete-block", doors=[29.0])
    f.hline(17.0, 28.0, 40.0, "concrete-block", doors=[38.0])
    f.zone("Elevator lobby", "circulation", 6, _rect(15.5, 8.0, 24.5, 11.0))
    f.riser("R1", OT_RISER_AT, "EPS riser, all floors")


def old_office_tower() -> Building:
    floors: list[Floor] = []
    tenants = {
        2: ("Tenant A", "office", 32, 30, "break-room", "Break room"),
        3: ("Tenant A", "office", 32, 32, "office", "Project room"),
        4: ("Tenant B", "office-web-meetings", 30, 30, "break-room", "Break room"),
        5: ("Tenant B", "office", 32, 32, "warehouse", "Storage"),
        6: ("Tenant C", "office", 34, 32, "office", "Project room"),
        7: ("Tenant C", "office-web-meetings", 30, 30, "break-room", "Break room"),
        8: ("Tenant D", "office", 32, 32, "warehouse", "Storage"),
        9: ("Tenant D", "office-web-meetings", 30, 30, "break-room", "Break room"),
    }
    east_hc = {"break-room": 18, "office": 10, "warehouse": 1}
    for level in range(1, 11):
        if level == 1:
            comment = "1F: entrance hall, reception counter, cafe, back office, MDF in the EPS room"
        elif level == 10:
            comment = "10F: executive floor (offices, board room, lounge); no TR, served via riser R1"
        else:
            t = tenants[level]
            tr = f", IDF-{level}F in the EPS room" if level in OT_TRAY_FLOORS else "; no TR, served via riser R1"
            comment = f"{level}F: {t[0]} open offices around the core, meeting rooms{tr}"
        f = Floor(f"{level}F", comment, 3.6, 2.5, _rect(0, 0, OT_W, OT_D))
        _ot_fixed(f, level)
        west = [("Meeting room A", "meeting-room", 10, _rect(0.0, 8.0, 6.0, 17.0)),
                ("Meeting room B", "meeting-room", 10, _rect(6.0, 8.0, 12.0, 17.0))]
        if level == 1:
            f.section("1F: glass cafe front, reception open to the entrance hall")
            f.vline(28.0, 0.0, 8.0, "glass", doors=[4.0])
            f.zone("Reception counter", "counter-service", 14, _rect(0.0, 0.0, 12.0, 8.0))
            f.zone("Entrance hall", "circulation", 12, _rect(12.0, 0.0, 28.0, 8.0))
            f.zone("Cafe", "break-room", 24, _rect(28.0, 0.0, 40.0, 8.0))
            f.zone("Back office", "office", 30, _rect(0.0, 17.0, 40.0, 25.0))
            for z in west:
                f.zone(*z)
            f.zone("Mail room and storage", "warehouse", 2, _rect(28.0, 8.0, 40.0, 17.0))
        elif level == 10:
            f.section("10F: board room / lounge partition")
            f.vline(20.0, 17.0, 25.0, "concrete-block", doors=[20.0])
            f.zone("Executive offices", "office", 18, _rect(0.0, 0.0, 40.0, 8.0))
            f.zone("Board room", "paperless-meeting", 30, _rect(0.0, 17.0, 20.0, 25.0))
            f.zone("Executive lounge", "break-room", 16, _rect(20.0, 17.0, 40.0, 25.0))
            for z in west:
                f.zone(*z)
            f.zone("Secretariat", "office", 10, _rect(28.0, 8.0, 40.0, 17.0))
        else:
            tenant, use, hc_s, hc_n, east_use, east_name = tenants[level]
            f.zone(f"{tenant} office south", use, hc_s, _rect(0.0, 0.0, 40.0, 8.0))
            f.zone(f"{tenant} office north", use, hc_n, _rect(0.0, 17.0, 40.0, 25.0))
            for z in west:
                f.zone(*z)
            f.zone(east_name, east_use, east_hc[east_use], _rect(28.0, 8.0, 40.0, 17.0))
        if level == 1:
            f.tr("MDF", "mdf", OT_TR_AT, "in the EPS room (x 12-15.5, y 14-17): cramped, 10.5 m2")
        elif level in OT_TRAY_FLOORS:
            f.tr(f"IDF-{level}F", "idf", OT_TR_AT, "in the EPS room, above the MDF")
        if level in OT_TRAY_FLOORS:
            f.path("tray", [(2.0, 18.5), (10.5, 18.5), (13.0, 18.5), (38.0, 18.5)], "north office ceiling")
            f.path("tray", [(13.0, 15.5), (13.0, 18.5)], "from the TR out through the EPS door")
            f.path("tray", [(10.5, 18.5), (10.5, 4.0), (38.0, 4.0)], "west side and south office ceiling")
        else:
            f.pathways_note = "none: no trays on this floor (1975 building); cables need new routes"
        floors.append(f)

    header = """\
Old office tower (example): a 10-storey reinforced concrete office building in Japan,
built around 1975, 40 x 25 m (1,000 m2 per floor), to be retrofitted with Wi-Fi.

Layout of every floor (x east, y north, metres, one frame for all floors):
  central core x 12-28, y 8-17: stair A, EPS room (riser R1), elevator lobby (open to the
  south office), 2 elevators, toilets, stair B; stairs, elevators and toilets are exclude
  areas; heavy concrete shear walls
  open offices south (y 0-8) and north (y 17-25); concrete-block rooms west (x 0-12) and
  east (x 28-40) of the core, y 8-17
Exterior: heavy concrete piers on a 5 m grid with single clear glazing.
Slab to slab 3.6 m, low ceilings (APs at 2.5 m).

Retrofit situation: telecom rooms only on 1F (MDF), 4F and 8F (IDFs), all in the small
EPS room around riser R1; the other floors have no TR and reach one through R1 (TIA
asks for a TR on every floor [S78], [S79]). Cable trays only on the TR floors; the other
floors have no pathways, so the router falls back to its own routes.
Headcounts: offices ~10 m2 per person, meeting rooms ~5 m2 per seat (planning
assumptions, unsourced estimates).
Generated by tools/make_floorplans.py: edit the script, not this file."""
    return Building("old-office-tower", "Old office tower (example, 10 storeys, 1975)", "JP", header, floors)


# ======================================================================================
# (c) Small office: one floor, 30 x 20 m, US
# ======================================================================================


def small_office() -> Building:
    f = Floor("1F", "1F: open office, reception, conference and meeting rooms, break room, IT closet (MDF)",
              4.0, 2.7, _rect(0, 0, 30.0, 20.0))
    f.section("exterior: brick piers on a 5 m grid, low-e glass windows; glass entrance in the SE bay")
    f.exterior(30.0, 20.0, 5.0, 0.5, "brick", "low-e-glass", {("S", 5): "glass"})
    f.section("corridor walls (y 9 and y 11)")
    f.hline(9.0, 0.0, 22.0, "drywall", doors=[3.0, 17.0])
    f.hline(11.0, 0.0, 7.0, "glass", doors=[5.5])
    f.hline(11.0, 7.0, 11.0, "glass", doors=[7.5])
    f.hline(11.0, 11.0, 15.0, "glass", doors=[11.5])
    f.hline(11.0, 15.0, 22.0, "drywall", doors=[16.0])
    f.hline(11.0, 22.0, 25.0, "drywall", doors=[23.0], door="metal-door")  # IT closet
    f.hline(11.0, 25.0, 30.0, "glass", doors=[26.0])
    f.section("north rooms: drywall partitions, block walls round the restrooms")
    f.vline(7.0, 11.0, 20.0, "drywall")
    f.vline(11.0, 11.0, 20.0, "drywall")
    f.vline(15.0, 11.0, 20.0, "drywall")
    f.vline(22.0, 11.0, 14.0, "drywall")
    f.vline(22.0, 14.0, 20.0, "concrete-block", doors=[18.0])
    f.vline(25.0, 11.0, 14.0, "drywall")
    f.vline(25.0, 14.0, 20.0, "concrete-block")
    f.hline(14.0, 22.0, 25.0, "concrete-block")
    f.zone("Open office", "office", 22, _rect(0.0, 0.0, 22.0, 9.0), "benching")
    f.zone("Reception", "circulation", 5, _rect(22.0, 0.0, 30.0, 9.0))
    f.zone("Corridor", "circulation", 3, _rect(0.0, 9.0, 30.0, 11.0))
    f.zone("Conference room", "meeting-room", 16, _rect(0.0, 11.0, 7.0, 20.0))
    f.zone("Meeting room 1", "meeting-room", 6, _rect(7.0, 11.0, 11.0, 20.0))
    f.zone("Meeting room 2", "meeting-room", 6, _rect(11.0, 11.0, 15.0, 20.0))
    f.zone("Break room", "break-room", 12, _rect(15.0, 11.0, 22.0, 20.0))
    f.zone("Huddle room", "office-web-meetings", 8, _rect(25.0, 11.0, 30.0, 20.0))
    f.excl(_rect(22.0, 14.0, 25.0, 20.0), "restrooms")
    f.tr("MDF", "mdf", (23.5, 12.5), "IT closet x 22-25, y 11-14 (9 m2)")
    f.path("tray", [(1.0, 10.0), (23.5, 10.0), (29.0, 10.0)], "corridor ceiling")
    f.path("tray", [(23.5, 10.0), (23.5, 12.5)], "into the IT closet")
    header = """\
Small office (example): a one-floor office in the US, 30 x 20 m (600 m2).

Layout (x east, y north, metres): open office and reception on the south side (y 0-9),
corridor y 9-11 with a cable tray, conference room, two meeting rooms, break room,
IT closet (the MDF), restrooms (excluded) and a huddle room on the north side (y 11-20).
Brick exterior with low-e glass windows, drywall partitions, glass meeting-room fronts.
One telecom room serves the floor (under 1,000 m2 and within 90 m: [S78], [S71]).
Headcounts: open office ~9 m2 per person, meeting rooms ~4 m2 per seat (planning
assumptions, unsourced estimates).
Generated by tools/make_floorplans.py: edit the script, not this file."""
    return Building("small-office", "Small office (example, 1 floor)", "US", header, [f])


BUILDINGS = (city_hall, old_office_tower, small_office)


# ======================================================================================
# YAML writer
# ======================================================================================


def _stack(b: Building) -> None:
    elevation = 0.0
    for f in b.floors:
        f.elevation_m = _r(elevation)
        elevation += f.height_m


def _data(b: Building) -> dict:
    """The plain data the YAML text must parse back to."""
    floors = []
    for f in b.floors:
        floors.append({
            "name": f.name, "elevation_m": f.elevation_m, "height_m": f.height_m,
            "ap_height_m": f.ap_height_m, "slab": f.slab,
            "outline": [list(p) for p in f.outline],
            "walls": [{"material": m, "path": [list(p) for p in pts]} for m, pts in f.walls if m != "#"],
            "zones": [{"name": n, "use": u, "headcount": h, "polygon": [list(p) for p in poly]}
                      for n, u, h, poly, _ in f.zones],
            "exclude": [[list(p) for p in poly] for poly, _ in f.exclude],
            "telecom_rooms": [{"name": n, "kind": k, "at": list(at)} for n, k, at, _ in f.telecom_rooms],
            "risers": [{"name": n, "at": list(at)} for n, at, _ in f.risers],
            "pathways": [{"kind": k, "path": [list(p) for p in pts]} for k, pts, _ in f.pathways],
        })
    return {"format": 1, "name": b.name, "country": b.country, "floors": floors}


def _stats(b: Building) -> tuple[int, int, int]:
    walls = sum(1 for f in b.floors for m, _ in f.walls if m != "#")
    zones = sum(len(f.zones) for f in b.floors)
    people = sum(z[2] for f in b.floors for z in f.zones)
    return walls, zones, people


def render(b: Building) -> str:
    """The YAML text of building `b` (comments, flow-style points)."""
    _stack(b)
    walls, zones, people = _stats(b)
    out: list[str] = []
    for line in b.header.splitlines():
        out.append(f"# {line}".rstrip())
    out.append(f"# Totals: {len(b.floors)} floors, {walls} walls, {zones} zones, {people} people.")
    out += ["", "format: 1", f"name: {_name(b.name)}",
            f"country: {b.country}                 # ISO 3166 alpha-2: regulatory domain", "floors:"]
    for f in b.floors:
        area = _area(f.outline)
        fp = sum(z[2] for z in f.zones)
        out.append("")
        out.append(f"  # ---- {f.comment}")
        out.append(f"  #      {area:,.0f} m2, {len(f.zones)} zones, {fp} people")
        out.append(f"  - name: {_name(f.name)}")
        out.append(f"    elevation_m: {_fmt(f.elevation_m)}")
        out.append(f"    height_m: {_fmt(f.height_m)}")
        out.append(f"    ap_height_m: {_fmt(f.ap_height_m)}")
        out.append(f"    slab: {f.slab}")
        out.append(f"    outline: {_pts(f.outline)}")
        out.append("    walls:")
        for m, pts in f.walls:
            if m == "#":
                out.append(f"      # {pts}")
            else:
                out.append(f"      - {{material: {m}, path: {_pts(pts)}}}")
        out.append("    zones:")
        for n, u, h, poly, note in f.zones:
            a = _area(poly)
            density = f", {a / h:.1f} m2/person" if h else ""
            extra = f"; {note}" if note else ""
            out.append(f"      - {{name: {_name(n)}, use: {u}, headcount: {h},")
            out.append(f"         polygon: {_pts(poly)}}}   # {a:,.0f} m2{density}{extra}")
        out.append("    exclude:                   # no coverage asked, no AP mounted")
        for poly, note in f.exclude:
            out.append(f"      - {_pts(poly)}   # {note}")
        if f.telecom_rooms:
            out.append("    telecom_rooms:")
            for n, k, at, note in f.telecom_rooms:
                c = f"   # {note}" if note else ""
                out.append(f"      - {{name: {_name(n)}, kind: {k}, at: {_pts([at])[1:-1]}}}{c}")
        else:
            out.append("    telecom_rooms: []          # none on this floor: reached through the riser")
        out.append("    risers:")
        for n, at, note in f.risers:
            c = f"   # {note}" if note else ""
            out.append(f"      - {{name: {_name(n)}, at: {_pts([at])[1:-1]}}}{c}")
        if not f.risers:
            out[-1] = "    risers: []"
        if f.pathways:
            out.append("    pathways:")
            for k, pts, note in f.pathways:
                c = f"   # {note}" if note else ""
                out.append(f"      - {{kind: {k}, path: {_pts(pts)}}}{c}")
        else:
            out.append(f"    pathways: []               # {f.pathways_note or 'none'}")
    text = "\n".join(out) + "\n"
    parsed = yaml.safe_load(text)
    if parsed != _data(b):
        raise AssertionError(f"{b.slug}: the YAML text does not parse back to its data")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "floorplans", help="output directory")
    parser.add_argument("--check", action="store_true", help="only compare with the files on disk")
    args = parser.parse_args(argv)
    stale = []
    for make in BUILDINGS:
        b = make()
        text = render(b)
        path = args.out / f"{b.slug}.yaml"
        walls, zones, people = _stats(b)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {len(b.floors)} floors, {walls} walls, {zones} zones, {people} people")
    for path in stale:
        print(f"stale: {path} (run python tools/make_floorplans.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
