"""Cabling: pathway graphs, AP → telecom-room routing, copper limits, backbone, conduit fill."""

from wifiplan.cabling.export import cable_runs, cabling_summary
from wifiplan.cabling.graph import PathwayGraph, build_pathway_graph
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
from wifiplan.cabling.options import CablingOptions
from wifiplan.cabling.route import route_plan

__all__ = [
    "CablingOptions",
    "CablingResult",
    "CablingViolation",
    "FiberLink",
    "PathwayGraph",
    "PathwaySegment",
    "RiserCrossing",
    "RoomLoad",
    "Run",
    "SuggestedRoom",
    "build_pathway_graph",
    "cable_runs",
    "cabling_summary",
    "route_plan",
]
