"""Zone demand (people × devices × application rate, with growth) spread over grid points."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from wifiplan.model.building import Building
from wifiplan.model.geometry import polygon
from wifiplan.model.resolve import resolve_profile

__all__ = ["ZoneDemand", "DemandPoints", "zone_demands", "demand_points", "client_for_use"]


@dataclass(frozen=True)
class ZoneDemand:
    """Demand of one zone at the growth scenario.

    ``people`` = headcount × (1 + growth); ``present_devices`` = people × devices per
    person; ``active_devices`` = present devices × concurrency; ``down_mbps`` / ``up_mbps`` = active devices × Mbit/s per active
    device (codingace planner formula [S40], standards.md §3.1).
    """

    floor: str
    zone: str
    use: str
    client: str
    people: float
    active_devices: float
    down_mbps: float
    up_mbps: float
    area_m2: float
    present_devices: float = 0.0

    @property
    def total_mbps(self) -> float:
        """Down plus up, Mbit/s (both take airtime on the same channel)."""
        return self.down_mbps + self.up_mbps


@dataclass(frozen=True)
class DemandPoints:
    """Demand carried by the grid points of one floor, arrays of shape ``(n_points,)``.

    ``zone`` is the index into the floor's zones (-1: no zone); ``client`` is the index
    into ``clients`` (the client preset of the zone's usage profile).
    """

    floor: str
    down_mbps: np.ndarray
    up_mbps: np.ndarray
    devices: np.ndarray
    zone: np.ndarray
    client: np.ndarray
    clients: tuple[str, ...]
    #: devices present (people × (1 + growth) × devices per person) per point, shape (n,)
    present: np.ndarray | None = None
    #: index of the zone whose demand the point carries (the last one when a small zone's
    #: demand falls on a point of another), -1 for none, shape (n,)
    demand_zone: np.ndarray | None = None

    @property
    def total_mbps(self) -> np.ndarray:
        return self.down_mbps + self.up_mbps


def client_for_use(building: Building, use: str) -> str:
    """The client preset of a usage profile (the building's ``ap.client`` when it names none)."""
    profile = resolve_profile(building, use)
    return profile.client or building.ap.client


def zone_demands(building: Building, *, growth: float | None = None) -> list[ZoneDemand]:
    """Demand of every zone of every floor, in file order, at ``growth`` (default: requirements).

    >>> from wifiplan.model.building import Building
    >>> b = Building(floors=[{"name": "1F", "elevation_m": 0, "outline": [[0, 0], [10, 0], [10, 10]],
    ...     "zones": [{"name": "A", "use": "office", "headcount": 10, "polygon": [[0, 0], [10, 0], [10, 10]]}]}])
    >>> z = zone_demands(b, growth=0.0)[0]
    >>> round(z.active_devices, 2), round(z.down_mbps, 2)   # 10 × 2 × 0.65, × 3.5 Mbit/s
    (13.0, 45.5)
    """
    g = building.requirements.growth if growth is None else float(growth)
    if g < 0:
        raise ValueError(f"growth must be >= 0 (got {g})")
    out = []
    for floor in building.floors:
        for zone in floor.zones:
            profile = resolve_profile(building, zone.use)
            people = zone.headcount * (1.0 + g)
            active = people * profile.devices_per_person * profile.concurrency
            out.append(
                ZoneDemand(
                    floor=floor.name,
                    zone=zone.name,
                    use=zone.use,
                    client=profile.client or building.ap.client,
                    people=people,
                    active_devices=active,
                    down_mbps=active * profile.down_mbps,
                    up_mbps=active * profile.up_mbps,
                    area_m2=float(polygon(zone.polygon).area),
                    present_devices=people * profile.devices_per_person,
                )
            )
    return out


def demand_points(
    building: Building, floor_name: str, xy: np.ndarray, *, growth: float | None = None
) -> DemandPoints:
    """Spread each zone's demand evenly over the grid points ``xy`` (shape ``(n, 2)``, m) inside it.

    A point belongs to the first zone (file order) that contains it. A zone with no grid
    point inside (smaller than a cell, or wholly in an exclude area) puts its demand on
    the grid point nearest to it, so no demand is lost.

    Raises
    ------
    KeyError
        If the floor does not exist.
    ValueError
        If ``xy`` is not of shape ``(n, 2)``.
    """
    xy = np.asarray(xy, dtype=float)
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise ValueError(f"xy must have shape (n, 2) (got {xy.shape})")
    floor = building.floor(floor_name)
    demands = [d for d in zone_demands(building, growth=growth) if d.floor == floor_name]
    n = len(xy)
    down = np.zeros(n)
    up = np.zeros(n)
    devices = np.zeros(n)
    zone_ix = np.full(n, -1, dtype=int)
    clients = tuple(sorted({d.client for d in demands}))
    client_ix = np.full(n, -1, dtype=int)
    present = np.zeros(n)
    demand_zone = np.full(n, -1, dtype=int)
    for k, (zone, dem) in enumerate(zip(floor.zones, demands, strict=True)):
        geom = polygon(zone.polygon)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        inside = shapely.contains_xy(geom, xy[:, 0], xy[:, 1]) & (zone_ix < 0) if n else np.zeros(0, bool)
        idx = np.flatnonzero(inside)
        if idx.size == 0:
            if n == 0:
                continue
            rp = geom.representative_point()
            idx = np.array([int(np.argmin(np.hypot(xy[:, 0] - rp.x, xy[:, 1] - rp.y)))])
        else:
            zone_ix[idx] = k
        share = 1.0 / idx.size
        np.add.at(down, idx, dem.down_mbps * share)
        np.add.at(up, idx, dem.up_mbps * share)
        np.add.at(devices, idx, dem.active_devices * share)
        client_ix[idx] = clients.index(dem.client)
        np.add.at(present, idx, dem.present_devices * share)
        demand_zone[idx] = k
    return DemandPoints(floor_name, down, up, devices, zone_ix, client_ix, clients, present, demand_zone)
