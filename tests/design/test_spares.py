"""design/spares.py: spares where a growing headcount splits the busiest cells first."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.design.fasteval import Criteria, evaluate
from wifiplan.design.spares import (
    GROWTH_PROBES,
    SPARE_MIN_DISTANCE_M,
    place_spares,
    predicted_splits,
    probes_up_to,
    spare_count,
)

from .conftest import make_workspace

BASE = Criteria(width_mhz=20, rssi_dbm=-67.0, secondary_rssi_dbm=None, coverage_target=0.95,
                secondary_target=0.95, max_utilization=0.5, max_clients=1e9, mac_efficiency=0.6)


@pytest.fixture(scope="module")
def ws():
    return make_workspace(floors=2)


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


def _spacing_ok(ws, ev, spares) -> bool:
    """Every spare ≥ SPARE_MIN_DISTANCE_M from each AP and other spare on its floor."""
    pts = [int(a) for a in ev.aps] + [s.candidate for s in spares]
    for k, s in enumerate(spares):
        others = [p for j, p in enumerate(pts) if j != len(ev.aps) + k and ws.cand_floor[p] == s.floor]
        d = np.hypot(*(ws.cand_xy[np.asarray(others)] - ws.cand_xy[s.candidate]).T)
        if d.min() < SPARE_MIN_DISTANCE_M - 1e-9:
            return False
    return True


def test_probes_start_at_the_design_load_in_5_percent_steps() -> None:
    assert GROWTH_PROBES[0] == 1.0 and GROWTH_PROBES[-1] == 2.0
    assert np.allclose(np.diff(GROWTH_PROBES), 0.05)
    # spare_growth 0.5 on a design at growth 0.3: 1.5 / 1.3 = 1.1538 over the design load
    assert probes_up_to(1.5 / 1.3) == (1.0, 1.05, 1.1, 1.15, 1.1538)


@pytest.mark.parametrize(("share", "n_aps", "floors", "predicted", "want"), [
    (0.2, 94, 7, None, 19),     # ceil(0.2 × 94) = ceil(18.8) = 19
    (0.2, 94, 7, 46, 46),       # the growth rule asks more: 46 predicted splits
    (0.2, 94, 7, 5, 19),        # the share asks more: the share's 19
    (0.0, 10, 3, None, 3),      # share 0: one per floor with APs
    (0.0, 10, 3, 7, 7),
    (0.2, 2, 2, 500, 10),       # at most MAX_SPARE_SHARE × APs = 5 × 2
])
def test_spare_count_is_the_larger_of_the_share_and_the_predicted_splits(share, n_aps, floors, predicted, want) -> None:
    assert spare_count(share, n_aps, floors, predicted) == want


def test_growth_rule_puts_a_spare_on_every_split_predicted_up_to_that_headcount(ws) -> None:
    # own load 1.3: both cells over at the design load; split, each is over again further up
    ev, c = _loaded(ws, [1.3])
    names = {i: f"AP{i}" for i in range(len(ev.aps))}
    want = predicted_splits(ws, ev, 100, criteria=c, probes=probes_up_to(2.0))
    assert len(want) > 2                        # more than the share's max(ceil(0.2 × 2 APs), 2 floors) = 2
    assert max(w[1] for w in want) > 1.0        # splits of the split cells, at higher headcounts
    got = place_spares(ws, ev, 0.2, names, criteria=c, growth_factor=2.0)
    assert len(got) == len(want)
    assert {s.candidate for s in got} == {w[0] for w in want}
    assert {s.floor for s in got} == {0, 1}
    assert _spacing_ok(ws, ev, got)
    assert all(s.reason.startswith("capacity: where the cell of AP") for s in got)
    # each cell's first split reads "splits at", the later ones (of the split cells) "splits again at"
    assert sum(" splits again at " in s.reason for s in got) == len(got) - len({w[2] for w in want})
    # a lower growth: fewer splits predicted, fewer spares (here the design load's two: the share's count)
    low = place_spares(ws, ev, 0.2, names, criteria=c, growth_factor=1.1)
    first = predicted_splits(ws, ev, 100, criteria=c, probes=probes_up_to(1.1))
    assert len(first) == 2 and {s.candidate for s in low} == {w[0] for w in first}
    # a larger share than the rule's count: the share's count, the rule's splits among them
    many = place_spares(ws, ev, 5.0, names, criteria=c, growth_factor=2.0)   # ceil(5 × 2) = 10
    assert len(many) == 10 and {w[0] for w in want} <= {s.candidate for s in many}
    assert _spacing_ok(ws, ev, many)


def test_same_inputs_same_spares(ws) -> None:
    ev, c = _loaded(ws, [0.85])
    names = {i: f"AP{i}" for i in range(len(ev.aps))}
    a = place_spares(ws, ev, 0.2, names, criteria=c, growth_factor=1.6, n_channels=4)
    b = place_spares(ws, ev, 0.2, names, criteria=c, growth_factor=1.6, n_channels=4)
    assert a == b


def test_channel_sharing_is_re_tuned_before_any_split(ws) -> None:
    # the two floors' APs hear each other through the slab (5 GHz, 3.5 m, concrete slab: about
    # −43 and −52 dBm, above the −82 dBm CCA threshold), both on channel 0, each at 0.6 of the cap
    # on its own: 1.2 utilisation each at the design load. With 2 channels the step re-tunes them
    # apart and no cell splits until its own load is over (0.6 × 1.7 = 1.02); with 1 channel a
    # split would only add sharing, so none is predicted before that either.
    ev, c = _loaded(ws, [0.6])
    assert np.all(ev.hear[~np.eye(2, dtype=bool)] > -82.0)
    assert_allclose(ev.utilisation / c.max_utilization, [1.2, 1.2], atol=0.02)
    own = predicted_splits(ws, ev, 4, criteria=c)
    assert [g[1] for g in own] == [1.7, 1.7]
    two = predicted_splits(ws, ev, 4, criteria=c, n_channels=2)
    assert two == own
    one = predicted_splits(ws, ev, 4, criteria=c, n_channels=1)
    assert min(g[1] for g in one) == 1.7


def test_a_cell_over_the_cap_on_channel_sharing_alone_splits_where_the_split_relieves_it(ws) -> None:
    # the busier floor's cell (own load 0.85) shares channel 0 with the other floor's: with one
    # channel its utilisation is over the cap from the design load on; its own load goes over at
    # × 1.2. Channel sharing alone never earns a split that only adds sharing, so the first
    # split is at × 1.2 as for the own load, and on the busiest cell.
    ev, c = _loaded(ws, [0.85])
    one = predicted_splits(ws, ev, 2, criteria=c, n_channels=1)
    assert one[0][1] == pytest.approx(1.2) and one[0][2] == int(np.argmax(ev.airtime))


def test_the_cell_check_finds_crowded_splits_first(ws) -> None:
    # airtime far under the cap (0.3 × 2.0 = 0.6 at the largest probe); client limit 1.2 × the
    # search's largest count: no cell is over before × 1.2. Check counts 1.5 × the search's
    # clients on AP1: 1.5 / 1.2 = 1.25 > 1, so AP1's cell splits at the design load, before any other.
    ev, c = _loaded(ws, [0.3])
    c = replace(c, max_clients=1.2 * float(ev.clients.max()))
    check = ev.clients.copy()
    check[1] *= 1.5
    got = predicted_splits(ws, ev, 2, criteria=c, clients=check)
    assert got[0][1] == 1.0 and got[0][2] == 1
    assert got[1][1] > 1.0 and got[1][2] == 0
    # without check's counts nothing is over at the design load
    plain = predicted_splits(ws, ev, 2, criteria=c)
    assert min(g[1] for g in plain) > 1.0
