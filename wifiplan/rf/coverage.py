"""Share of each floor's area that meets the building's coverage requirements."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wifiplan.model.building import Building
from wifiplan.model.common import band_key
from wifiplan.model.plan import AccessPoint, Settings
from wifiplan.rf.devices import device_offset_db
from wifiplan.rf.engine import floor_order
from wifiplan.rf.grid import Grid
from wifiplan.rf.maps import Maps, area_percentile, coverage_maps

__all__ = ["RequirementShare", "FloorCoverage", "coverage_summary", "requirement_shares"]


@dataclass(frozen=True)
class RequirementShare:
    """One requirement on one floor: the share of sampled area meeting it vs its target."""

    name: str
    threshold: float
    unit: str
    share: float
    target: float

    @property
    def passed(self) -> bool:
        """True when the share reaches the target (an empty floor passes)."""
        return bool(np.isnan(self.share) or self.share + 1e-12 >= self.target)


@dataclass(frozen=True)
class FloorCoverage:
    """Coverage figures of one floor on one band.

    ``cochannel`` is the number of co-channel APs heard (serving AP included, at ≥ CCA) at
    the ``cochannel_percentile`` of the floor's area (``rf.maps.cochannel_heard``); it is a
    figure here, the requirement is checked by ``check`` (CH04/CH05).
    """

    floor: str
    band: str
    area_m2: float
    n_points: int
    requirements: list[RequirementShare] = field(default_factory=list)
    cochannel: float | None = None
    cochannel_percentile: float = 0.95

    @property
    def passed(self) -> bool:
        """True when every requirement meets its target."""
        return all(r.passed for r in self.requirements)


def requirement_shares(building: Building, maps: Maps, *, signal_offset_db: float = 0.0) -> list[RequirementShare]:
    """Shares of ``maps`` cells meeting min RSSI, min SNR and (if set) secondary RSSI.

    A cell meets a requirement when its value + ``signal_offset_db`` (the design device's
    offset, :func:`wifiplan.rf.devices.device_offset_db`; 0 for legacy plans) is at or above
    the threshold; cells with no signal fail. Shares are by cell count (every cell has the
    same area).
    """
    req = building.requirements
    n = maps.grid.n

    def share(values: np.ndarray, threshold: float) -> float:
        if n == 0:
            return float("nan")
        ok = np.nan_to_num(values, nan=-np.inf) + signal_offset_db >= threshold - 1e-9
        return float(np.count_nonzero(ok)) / n

    out = [
        RequirementShare("rssi", req.min_rssi_dbm, "dBm", share(maps.best_rssi_dbm, req.min_rssi_dbm), req.coverage_target),
        RequirementShare("snr", req.min_snr_db, "dB", share(maps.snr_db, req.min_snr_db), req.coverage_target),
    ]
    if req.secondary_rssi_dbm is not None:
        out.append(RequirementShare("secondary", req.secondary_rssi_dbm, "dBm",
                                    share(maps.second_rssi_dbm, req.secondary_rssi_dbm), req.secondary_target))
    return out


def coverage_summary(
    building: Building,
    settings: Settings,
    aps: list[AccessPoint],
    *,
    band: str | None = None,
    floors: list[str] | None = None,
    grids: dict[str, Grid] | None = None,
) -> list[FloorCoverage]:
    """Per floor (bottom-up), the share of area meeting each requirement on ``band``.

    ``band`` defaults to the building's design band (``requirements.band``).

    Raises
    ------
    InputError
        If a floor is unknown.
    """
    key = band_key(band if band is not None else building.requirements.band)
    out: list[FloorCoverage] = []
    for name in floors if floors is not None else floor_order(building):
        grid = grids.get(name) if grids else None
        maps = coverage_maps(building, settings, aps, name, key, grid=grid)
        area = maps.grid.n * maps.grid.cell_area_m2
        shares = requirement_shares(building, maps, signal_offset_db=device_offset_db(settings))
        pct = building.requirements.co_channel_percentile
        cochannel = area_percentile(maps.metric("cochannel"), pct) if maps.grid.n else None
        out.append(FloorCoverage(name, key, area, maps.grid.n, shares, cochannel, pct))
    return out
