"""Pydantic models of the file contracts: building file and plan file (format 1)."""

from wifiplan.model.building import Building, Floor, Requirements, Wall, Zone
from wifiplan.model.plan import AccessPoint, CableRun, Plan, Radio, Settings, Spare

__all__ = [
    "AccessPoint",
    "Building",
    "CableRun",
    "Floor",
    "Plan",
    "Radio",
    "Requirements",
    "Settings",
    "Spare",
    "Wall",
    "Zone",
]
