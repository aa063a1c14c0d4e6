"""Buildings and plans for the cabling and cost tests, written as YAML into tmp_path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from wifiplan.model.building import Building
from wifiplan.model.plan import Plan

__all__ = ["corridor", "tower", "tower_plan", "write_yaml", "building", "plan"]


def _floor(name: str, elev: float, *, w: float = 40.0, d: float = 25.0, height: float = 3.6, ap_h: float = 2.5,
           rooms: list | None = None, risers: list | None = None, pathways: list | None = None) -> dict[str, Any]:
    return {
        "name": name, "elevation_m": elev, "height_m": height, "ap_height_m": ap_h, "slab": "concrete-slab",
        "outline": [[0, 0], [w, 0], [w, d], [0, d]],
        "walls": [{"material": "concrete", "path": [[0, 0], [w, 0], [w, d], [0, d], [0, 0]]}],
        "zones": [{"name": f"Office {name}", "use": "office", "headcount": 60,
                   "polygon": [[0, 0], [w, 0], [w, d], [0, d]]}],
        "telecom_rooms": rooms or [], "risers": risers or [], "pathways": pathways or [],
    }


def corridor(length_m: float = 60.0, *, height_m: float = 4.0, ap_h: float = 2.7, rooms=None, country: str = "JP",
             costs: Any = None) -> dict[str, Any]:
    """One floor ``length_m`` × 20 m; a tray along y = 10; MDF at (5, 10) unless ``rooms`` given."""
    rooms = rooms if rooms is not None else [{"name": "MDF", "kind": "mdf", "at": [5, 10]}]
    data = {
        "format": 1, "name": "Corridor", "country": country,
        "floors": [_floor("1F", 0.0, w=length_m, d=20.0, height=height_m, ap_h=ap_h, rooms=rooms,
                          pathways=[{"kind": "tray", "path": [[0, 10], [length_m, 10]]}])],
    }
    if costs is not None:
        data["costs"] = costs
    return data


def tower(*, costs: Any = None) -> dict[str, Any]:
    """A 10-storey concrete office tower like floorplans/old-office-tower.yaml: 40 × 25 m floors,
    3.6 m slab to slab, riser R1 on every floor, telecom rooms only on 1F (MDF), 4F and 8F
    (IDFs), trays only on those floors; the other floors have no pathways."""
    floors = []
    for i in range(10):
        name = f"{i + 1}F"
        rooms, pathways = [], []
        if i in (0, 3, 7):
            rooms = [{"name": "MDF" if i == 0 else f"IDF-{name}", "kind": "mdf" if i == 0 else "idf", "at": [13.0, 15.5]}]
            pathways = [
                {"kind": "tray", "path": [[2.0, 18.5], [13.0, 18.5], [38.0, 18.5]]},
                {"kind": "tray", "path": [[13.0, 15.5], [13.0, 18.5]]},
                {"kind": "tray", "path": [[10.5, 18.5], [10.5, 4.0], [38.0, 4.0]]},
            ]
        floors.append(_floor(name, round(3.6 * i, 2), rooms=rooms, risers=[{"name": "R1", "at": [14.5, 15.5]}],
                             pathways=pathways))
    data = {"format": 1, "name": "Test tower", "country": "JP", "floors": floors}
    if costs is not None:
        data["costs"] = costs
    return data


#: AP positions per floor of the tower and the spare position.
TOWER_APS = [(5, 4), (20, 4), (35, 4), (5, 21), (20, 21), (35, 21)]
TOWER_SPARE = (30, 12)


def tower_plan(building_file: str = "building.yaml", *, spares: bool = True) -> dict[str, Any]:
    """Six APs per floor and one spare per floor of :func:`tower`."""
    aps, sps = [], []
    for i in range(10):
        fl = f"{i + 1}F"
        for j, (x, y) in enumerate(TOWER_APS):
            aps.append({"name": f"{fl}-AP{j + 1:02d}", "floor": fl, "at": [x, y]})
        if spares:
            sps.append({"name": f"{fl}-SP01", "floor": fl, "at": list(TOWER_SPARE)})
    return {"format": 1, "building": building_file, "aps": aps, "spares": sps}


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def building(data: dict[str, Any]) -> Building:
    return Building.model_validate(data)


def plan(data: dict[str, Any]) -> Plan:
    return Plan.model_validate(data)
