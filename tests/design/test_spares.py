"""design/spares.py: spares where a growing headcount splits the busiest cells first."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from wifiplan.design.fasteval import Criteria, evaluate
from wifiplan.design.radio import ap_spec
from wifiplan.design.spares import GROWTH_PROBES, SPARE_MIN_DISTANCE_M, place_spares, predicted_splits
from wifiplan.design.workspace import Workspace
from wifiplan.rf.settings import make_settings

from .conftest import make_building

BASE = Criteria(width_mhz=20, rssi_dbm=-67.0, secondary_rssi_dbm=None, coverage_target=0.95,
                secondary_target=0.95, max_utilization=0.5, max_clients=1e9, mac_efficiency=0.6)


@pytest.fixture(scope="module")
def ws():
    b = make_building(floors=2)
    return Workspace(b, make_settings(b), band="5", spec=ap_spec(b), cover_freq_mhz=5825.0,
                     hear_freq_mhz=5180.0, max_eirp_dbm=20.0)


def _one_ap_per_floor(ws):
    """The candidate nearest each floor's centre (12, 8), one AP per floor, at 20 dBm EIRP."""
    aps = []
    for f in ws.floors:
        d = np.hypot(*(f.cand_xy - (12.0, 8.0)).T)
        aps.append(f.cand_start + int(np.argmin(d)))
    return np.asarray(aps), np.full(len(aps), 20.0)


def _loaded(ws, own_load: list[float]):
    """An evaluation whose APs' own loads (airtime over the cap) are ``own_load``, per AP.

    The cap is the airtime of the most loaded AP over its wanted load; the other APs' loads
    follow from their airtime. Returns the evaluation and its criteria.
    """
    aps, eirp = _one_ap_per_floor(ws)
    ev0 = evaluate(ws, aps, eirp, BASE, colour=np.zeros(len(aps), int), n_channels=1, repair=False)
    cap = float(ev0.airtime[0]) / own_load[0]
    c = replace(BASE, max_utilization=cap)
    return evaluate(ws, aps, eirp, c, colour=np.zeros(len(aps), int), n_channels=1, repair=False), c


def test_a_cell_splits_at_the_first_headcount_step_that_pushes_it_over_the_cap(ws) -> None:
    # own load 0.85 at the design headcount: × 1.1 = 0.935 (under the cap), × 1.2 = 1.02 (over):
    # the first split is predicted at +20 %
    ev, c = _loaded(ws, [0.85])
    got = predicted_splits(ws, ev, 1, criteria=c)
    assert len(got) == 1
    cand, factor, ap = got[0]
    assert factor == pytest.approx(1.2)
    assert ap == int(np.argmax(ev.airtime))
    assert ws.cand_floor[cand] == ws.cand_floor[ev.aps[ap]]
    assert np.hypot(*(ws.cand_xy[cand] - ws.cand_xy[ev.aps[ap]])) >= SPARE_MIN_DISTANCE_M


def test_cells_split_in_the_order_the_headcount_pushes_them_over(ws) -> None:
    ev, c = _loaded(ws, [0.85])
    got = predicted_splits(ws, ev, 6, criteria=c)
    factors = [g[1] for g in got]
    assert factors == sorted(factors)
    assert set(factors) <= set(GROWTH_PROBES)
    # the busiest cell goes over first: own load ∝ airtime, so the other floor's AP goes over at
    # the first probe where airtime × factor > cap, never before the busiest
    busiest = int(np.argmax(ev.airtime))
    assert got[0][2] == busiest
    loads = np.asarray(ev.airtime) / c.max_utilization
    for cand, factor, ap in got:
        if ap < len(ev.aps) and ap != busiest:
            assert loads[ap] * factor > 1.0
    cands = [g[0] for g in got]
    assert len(set(cands)) == len(cands)


def test_prediction_leaves_the_workspace_demand_as_it_was(ws) -> None:
    before = [(f.total_mbps, f.total_mbps.copy(), f.devices, f.devices.copy()) for f in ws.floors]
    ev, c = _loaded(ws, [0.95])
    predicted_splits(ws, ev, 4, criteria=c)
    for f, (mbps, mbps_copy, dev, dev_copy) in zip(ws.floors, before, strict=True):
        assert f.total_mbps is mbps and np.array_equal(f.total_mbps, mbps_copy)
        assert f.devices is dev and np.array_equal(f.devices, dev_copy)


def test_no_prediction_without_criteria_or_budget(ws) -> None:
    ev, c = _loaded(ws, [0.95])
    ev.criteria = None
    assert predicted_splits(ws, ev, 4) == []
    assert predicted_splits(ws, ev, 0, criteria=c) == []
    # a cell far under the cap (own load 0.3 × the largest probe 2.0 = 0.6) never splits
    light, c2 = _loaded(ws, [0.3])
    assert predicted_splits(ws, light, 4, criteria=c2) == []


def test_spares_go_to_the_predicted_splits(ws) -> None:
    ev, c = _loaded(ws, [0.85])
    names = {i: f"AP{i}" for i in range(len(ev.aps))}
    got = predicted_splits(ws, ev, 4, criteria=c)
    spares = place_spares(ws, ev, 1.0, names, criteria=c)   # ceil(1.0 × 2 APs) = 2 spares
    assert len(spares) == 2
    assert {s.floor for s in spares} == {0, 1}                 # every floor with an AP has one
    predicted = {g[0] for g in got}
    assert {s.candidate for s in spares} <= predicted
    assert all("splits at +" in s.reason for s in spares)
    # without criteria: the busiest cells' split points at the design load, still one per floor
    ev.criteria = None
    old = place_spares(ws, ev, 1.0, names)
    assert {s.floor for s in old} == {0, 1}
    assert all(s.reason.startswith("capacity: next split of") for s in old)
