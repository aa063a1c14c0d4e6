"""The cost of a growth step: a plan made with ``plan --existing`` priced as the work it adds.

Every AP of such a plan carries ``origin``:

* ``existing`` — on the ceiling already: costs nothing (a re-tune is configuration).
* ``spare`` — on a pre-cabled spare position: the AP, its mount and installation labour;
  the cable (drop, patch-panel port) was paid when the spare was prepared; its switch port
  comes from the telecom room's installed switches (below).
* ``new`` — a new position: the AP, mount and labour plus a **retrofit** run into the
  occupied building (the cost book's renovation labour and time restrictions, a ceiling
  opening per outlet and along concealed routes, new surface raceway or conduit where no
  pathway has room — a fallback route, a drawn conduit (sized for the cables it carries), a
  drawn stretch no cable of the existing deployment uses (never built) — core drills and
  firestop where the run crosses a slab, the asbestos survey by building age), as
  ``compare_prepare_now`` prices its retrofit-later case after a new build.

Every floor worked on gets mobilisation and protection. The telecom rooms' switch ports
and PoE budgets are respected: ports installed = the room's ``switch_ports`` when the
building gives it, else the switches the existing deployment needed (its APs' drops with the
spare-port share; spare outlets are patched, not switched) × ports per switch; when the step
needs more, a whole switch is a line item (its ports, a day to install it and an uplink: two
optics on the backbone's spare strands), as when the PoE load
would exceed ``poe_max_load`` of the room's stated ``poe_budget_w`` ([S85]). New runs longer than the
permanent-link limit (90 m, TIA-568) are listed and not priced as if they were legal.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from wifiplan.cabling.models import CablingResult
from wifiplan.cabling.power import ap_pse_power_w, ports_needed, switches_needed
from wifiplan.cost.bom import BomBuilder, labour_multiplier, sum_lines
from wifiplan.cost.books import CostBook, resolve_book
from wifiplan.cost.estimate import build_estimate
from wifiplan.cost.models import BomLine, Estimate
from wifiplan.cost.scenarios import (
    _aps,
    _asbestos,
    _copper,
    _floor_names,
    _preset,
    _retrofit_routes,
    _risers,
    _site_floor_visits,
    add_switches,
)
from wifiplan.model.building import Building
from wifiplan.model.plan import Plan

__all__ = ["StepCost", "RoomStep", "step_cost", "is_step"]


def is_step(plan: Plan) -> bool:
    """True when the plan was made with ``plan --existing`` (some AP has an ``origin``)."""
    return any(a.origin is not None for a in plan.aps)


@dataclass(frozen=True)
class RoomStep:
    """One telecom room in a step: ports and PoE before and after."""

    name: str
    floor: str
    ports_installed: int
    ports_used: int
    switches_added: int
    poe_budget_w: float | None
    poe_load_w: float
    note: str | None = None


@dataclass
class StepCost:
    """Lines and totals of one growth step."""

    book: str
    currency: str
    decimals: int
    labour_multiplier: float
    kept: int
    on_spares: int
    new_positions: int
    new_runs: int
    new_cable_m: float
    lines: list[BomLine]
    total: float
    estimate: Estimate | None
    rooms: list[RoomStep] = field(default_factory=list)
    over_limit: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    @property
    def total_incl_tax(self) -> float:
        return self.estimate.total_incl_tax if self.estimate is not None else self.total

    def summary(self) -> dict[str, Any]:
        """JSON-ready figures (what the plan summary and ``grow`` print)."""
        return {
            "book": self.book, "currency": self.currency, "kept": self.kept, "on_spares": self.on_spares,
            "new_positions": self.new_positions, "new_runs": self.new_runs, "new_cable_m": round(self.new_cable_m, 1),
            "switches_added": sum(r.switches_added for r in self.rooms), "total": self.total,
            "total_incl_tax": self.total_incl_tax, "over_limit": list(self.over_limit),
            "by_category": _by_category(self.lines, self.decimals),
        }


def _by_category(lines: list[BomLine], decimals: int) -> dict[str, float]:
    cats: dict[str, list[BomLine]] = defaultdict(list)
    for line in lines:
        cats[line.category].append(line)
    return {c: sum_lines(v, decimals) for c, v in sorted(cats.items())}


def step_cost(building: Building, plan: Plan, cabling: CablingResult, *,
              book: str | CostBook | None = None) -> StepCost:
    """Price ``plan`` (with ``origin`` on its APs) as a growth step into the occupied building.

    ``cabling`` is :func:`wifiplan.cabling.route_plan` of the plan's APs and spares (the
    new APs' runs give the lengths, segments and riser crossings priced).
    """
    cb = book if isinstance(book, CostBook) else resolve_book(building, book=book)
    mult = labour_multiplier(cb, occupied=True)
    floors = _floor_names(building)
    preset = _preset(building, plan)
    o = cabling.options
    origin = {a.name: a.origin or "existing" for a in plan.aps}
    runs = {r.name: r for r in cabling.runs}
    spare_aps = [a for a in plan.aps if origin[a.name] == "spare"]
    new_aps = [a for a in plan.aps if origin[a.name] == "new"]
    new_runs = [runs[a.name] for a in new_aps if a.name in runs]
    legal = [r for r in new_runs if r.to is not None and r.length_m <= o.max_link_m + 1e-9]
    over = [f"{r.name} ({r.floor}): " + ("no telecom room reachable" if r.to is None else
                                          f"{r.length_m:.1f} m > {o.max_link_m:g} m permanent link")
            for r in new_runs if r not in legal]
    b = BomBuilder(cb, labour_mult=mult, section="retrofit-later", phase="later", floors=floors)
    by_floor = Counter(a.floor for a in spare_aps + new_aps)
    for floor in sorted(by_floor, key=lambda n: floors.index(n) if n in floors else len(floors)):
        _aps(b, floor, by_floor[floor], preset)
    # new runs: copper, an opening per outlet, pathway work where they share routes, risers
    _copper(b, legal)
    for floor, n in sorted(Counter(r.floor for r in legal).items()):
        b.add("retrofit", "ceiling_opening", floor, n, note="one per new outlet")
    drops_on: dict[str, int] = defaultdict(int)
    for r in legal:
        for s in r.segments:
            drops_on[s] += r.drops
    # a drawn stretch no cable of the existing deployment (its APs, the spares) uses was not built
    built = {s for r in cabling.runs if r.outlet == "spare" or origin.get(r.name) in ("existing", "spare")
             for s in r.segments}
    _retrofit_routes(b, cabling, drops_on, o, note="new runs into the occupied building",
                     absent={s for s in drops_on if s not in built})
    _risers(b, cabling, occupied=True, only={c for r in legal for c in r.risers})
    rooms = _rooms(building, plan, cabling, origin, preset)
    for room in rooms:
        if room.switches_added:
            add_switches(b, cabling, room.name, room.floor, room.switches_added, note=f"{room.name}: {room.note}")
    work_floors = sorted(by_floor, key=lambda n: floors.index(n) if n in floors else len(floors))
    _site_floor_visits(b, work_floors)
    if legal:
        _asbestos(b, cb, sorted({r.floor for r in legal}, key=lambda n: floors.index(n) if n in floors else len(floors)))
    b.flush_labour()
    b.add_sundries()
    lines = b.sorted_lines()
    est = build_estimate(cb, lines, renovation=True, what="this growth step") if lines else None
    assumptions = [
        f"cost book {cb.name!r}; the step is work in the occupied building: labour × {mult:.3f} "
        "(renovation labour and time restrictions of the book)",
        "existing APs: no cost (re-tuning channels and power is configuration)",
        "APs on spare positions: AP, mount and installation; the cable was paid when prepared, the switch port "
        "comes from the room's installed switches",
        "APs on new positions: AP, mount, installation and a retrofit run (copper, ceiling openings, raceway or "
        "conduit where the book says so, core drills where a slab is crossed, asbestos survey by building age)",
        f"switches: {o.switch_ports} ports each; a room whose ports or PoE budget ({o.poe_max_load:.0%} load, [S85]) "
        "run out gets a whole switch",
    ]
    if over:
        assumptions.append(f"{len(over)} new run(s) beyond the {o.max_link_m:g} m permanent link are not priced: "
                           "a telecom room nearer is needed")
    return StepCost(book=cb.name, currency=cb.currency, decimals=cb.decimals, labour_multiplier=round(mult, 4),
                    kept=sum(v == "existing" for v in origin.values()), on_spares=len(spare_aps),
                    new_positions=len(new_aps), new_runs=len(legal),
                    new_cable_m=float(sum(r.length_m * r.drops for r in legal)), lines=lines,
                    total=sum_lines(lines, cb.decimals), estimate=est, rooms=rooms, over_limit=over,
                    assumptions=assumptions)


def _rooms(building: Building, plan: Plan, cabling: CablingResult, origin: dict[str, str], preset: str) -> list[RoomStep]:
    """Ports and PoE per telecom room before (existing APs and every spare outlet) and after the step."""
    o = cabling.options
    trs = {tr.name: tr for f in building.floors for tr in f.telecom_rooms}
    pse = o.ap_pse_power_w or ap_pse_power_w(preset)
    out = []
    for room in cabling.rooms:
        served = [r for r in cabling.runs if r.to == room.name]
        kept = [r for r in served if r.outlet == "ap" and origin.get(r.name) == "existing"]
        activated = [r for r in served if r.outlet == "ap" and origin.get(r.name) == "spare"]
        added = [r for r in served if r.outlet == "ap" and origin.get(r.name) == "new"]
        tr = trs.get(room.name)
        # the existing deployment's switches: its APs' drops and the spare-port share (spare
        # outlets are patched, not switched, until an AP is installed on them)
        before_ports = ports_needed(sum(r.drops for r in kept), 0, o.spare_port_share)
        installed = (tr.switch_ports if tr is not None and tr.switch_ports is not None
                     else switches_needed(before_ports, o.switch_ports) * o.switch_ports)
        used = sum(r.drops for r in kept + activated + added)
        # PoE: the room's stated budget; a room the planner sized gets switches whose budget
        # follows their ports (checked by the port count above)
        budget = tr.poe_budget_w if tr is not None and tr.poe_budget_w is not None else math.inf
        load = pse * (len(kept) + len(activated) + len(added))
        extra = 0
        note = None
        if used > installed:
            extra = switches_needed(used - installed, o.switch_ports)
            note = f"switch full: {used} ports used of {installed} installed; {extra} more switch(es)"
        if load > o.poe_max_load * budget + 1e-9 and not extra:
            extra = 1
            note = f"PoE {load:.0f} W over {o.poe_max_load:.0%} of the {budget:.0f} W budget; one more switch"
        out.append(RoomStep(name=room.name, floor=room.floor, ports_installed=int(installed), ports_used=int(used),
                            switches_added=extra, poe_budget_w=round(budget, 1) if math.isfinite(budget) else None, poe_load_w=round(load, 1), note=note))
    return out
