"""Capacity: zone demand, demand points, airtime per AP, channel utilisation, plan re-evaluation."""

from wifiplan.capacity.airtime import CCA_THRESHOLD_DBM, ap_airtime, channel_utilisation, overlap_matrix
from wifiplan.capacity.bands import BAND_ORDER, BandSplit, band_split, evaluate_bands
from wifiplan.capacity.contention import CCA_20MHZ_DBM, cca_threshold_dbm, client_heard_dbm, contention_utilisation
from wifiplan.capacity.demand import DemandPoints, ZoneDemand, client_for_use, demand_points, zone_demands
from wifiplan.capacity.evaluate import CapacityEvaluation, FloorFigures, ap_hearing_dbm, evaluate_plan

__all__ = [
    "BAND_ORDER",
    "BandSplit",
    "band_split",
    "evaluate_bands",
    "CCA_20MHZ_DBM",
    "cca_threshold_dbm",
    "client_heard_dbm",
    "contention_utilisation",
    "CCA_THRESHOLD_DBM",
    "CapacityEvaluation",
    "DemandPoints",
    "FloorFigures",
    "ZoneDemand",
    "ap_airtime",
    "ap_hearing_dbm",
    "channel_utilisation",
    "client_for_use",
    "demand_points",
    "evaluate_plan",
    "overlap_matrix",
    "zone_demands",
]
