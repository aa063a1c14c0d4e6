"""Radio propagation: path-loss models, wall and slab crossing, sample grids, coverage maps."""

from wifiplan.rf.channels import centre_mhz, channel_span_mhz, channels_overlap
from wifiplan.rf.devices import DesignDevice, device_offset_db, expected_clients, weakest_client
from wifiplan.rf.coverage import FloorCoverage, RequirementShare, coverage_summary
from wifiplan.rf.engine import band_aps, eirp_dbm, floor_order, path_loss_db, rssi_dbm
from wifiplan.rf.grid import Grid, floor_grid
from wifiplan.rf.maps import METRICS, Maps, coverage_maps
from wifiplan.rf.models import MODELS, PathContext, get_model
from wifiplan.rf.noise import noise_floor_dbm
from wifiplan.rf.rate import phy_rate_mbps
from wifiplan.rf.settings import (
    LEGACY_MODEL,
    RECOMMENDED_MODEL,
    effective_settings,
    make_settings,
    material_losses,
    recommended_settings,
)

__all__ = [
    "DesignDevice",
    "FloorCoverage",
    "LEGACY_MODEL",
    "Grid",
    "METRICS",
    "MODELS",
    "Maps",
    "PathContext",
    "RECOMMENDED_MODEL",
    "RequirementShare",
    "band_aps",
    "centre_mhz",
    "channel_span_mhz",
    "channels_overlap",
    "coverage_maps",
    "coverage_summary",
    "device_offset_db",
    "effective_settings",
    "eirp_dbm",
    "expected_clients",
    "floor_grid",
    "floor_order",
    "get_model",
    "make_settings",
    "material_losses",
    "noise_floor_dbm",
    "path_loss_db",
    "phy_rate_mbps",
    "recommended_settings",
    "rssi_dbm",
    "weakest_client",
]
