"""Result models of the cabling stage: runs, pathway segments, risers, backbone, rooms."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from wifiplan.cabling.options import CablingOptions

__all__ = [
    "Run",
    "PathwaySegment",
    "RiserCrossing",
    "FiberLink",
    "RoomLoad",
    "SuggestedRoom",
    "CablingViolation",
    "CablingResult",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Run(_Frozen):
    """A horizontal copper run from an AP or spare outlet to a telecom room.

    ``length_m`` is the permanent link: ``horizontal_m + riser_m + vertical_m +
    service_loop_m``. ``straight_m`` is the straight 3-D distance outlet → rack.
    """

    name: str
    outlet: Literal["ap", "spare"]
    floor: str
    to: str | None = Field(None, description="Telecom room, or None when no route exists.")
    to_floor: str | None = None
    drops: int
    length_m: float
    horizontal_m: float
    riser_m: float
    vertical_m: float
    service_loop_m: float
    straight_m: float
    metres_by_kind: dict[str, float] = Field(default_factory=dict, description="Route metres per edge kind.")
    route: list[list[float]] = Field(default_factory=list, description="[x, y] points outlet → room.")
    route_floors: list[str] = Field(default_factory=list, description="Floor of each route point.")
    segments: list[str] = Field(default_factory=list, description="Pathway segment ids used.")
    risers: list[str] = Field(default_factory=list, description="Riser crossing ids used.")
    violation: str | None = None


class PathwaySegment(_Frozen):
    """One pathway piece between two graph nodes, with its cable counts and conduit size.

    ``cables_design = ceil(cables_growth × (1 + spare_fill_share))``; conduit is sized so
    the fill stays within NEC Chapter 9 Table 1 limits at that count ([S77]).
    """

    id: str
    floor: str
    kind: str
    existing: bool
    a: list[float]
    b: list[float]
    length_m: float
    cables_now: int
    cables_growth: int
    cables_design: int
    cable_area_mm2: float
    conduit_trade_size: str | None = None
    conduit_count: int = 0
    fill_frac: float | None = None


class RiserCrossing(_Frozen):
    """A riser between two floors: cables through it and core drills (one per slab)."""

    id: str
    riser: str
    floor_below: str
    floor_above: str
    length_m: float
    slabs: int
    copper_now: int
    copper_growth: int
    fiber_cables: int
    cables_design: int
    sleeve_trade_size: str
    sleeves_per_slab: int
    core_drills: int


class FiberLink(_Frozen):
    """The fiber backbone from an IDF to the MDF over the risers."""

    idf: str
    mdf: str | None
    floor: str
    route_m: float
    length_m: float
    fiber_type: Literal["om4", "os2"]
    reach_m: float | None
    strands: int
    active_strands: int
    spare_strands: int
    risers: list[str] = Field(default_factory=list)
    violation: str | None = None


class RoomLoad(_Frozen):
    """Switch ports and PoE of one telecom room (now and with the spares activated)."""

    name: str
    floor: str
    kind: str
    aps: int
    spares: int
    drops: int
    ports_needed: int
    switches: int
    ports_available: int | None
    poe_per_ap_w: float
    poe_load_now_w: float
    poe_load_growth_w: float
    poe_budget_needed_w: float
    poe_budget_w: float | None
    violation: str | None = None


class SuggestedRoom(_Frozen):
    """A suggested new telecom room for outlets that no room can serve within the limit."""

    floor: str
    at: list[float]
    serves: list[str]
    reason: str


class CablingViolation(_Frozen):
    """A cabling limit that is not met (stable code, subject, floor, message)."""

    code: str
    subject: str
    floor: str | None
    message: str


class CablingResult(_Frozen):
    """Everything the router computed; input of :func:`wifiplan.cost.estimate_costs`."""

    options: CablingOptions
    runs: list[Run]
    segments: list[PathwaySegment]
    risers: list[RiserCrossing]
    backbone: list[FiberLink]
    rooms: list[RoomLoad]
    violations: list[CablingViolation]
    suggested_rooms: list[SuggestedRoom]
    fallback_floors: list[str]

    def run(self, name: str) -> Run:
        """The run of outlet ``name`` (KeyError if absent)."""
        for r in self.runs:
            if r.name == name:
                return r
        raise KeyError(name)
