"""design/spares.py: the growth prediction calibrated to ``check``'s load and the step's power re-tune."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.design.fasteval import Criteria, evaluate
from wifiplan.design.spares import check_load_ratio, place_spares, predicted_splits, probes_up_to

from .conftest import make_workspace

BASE = Criteria(width_mhz=20, rssi_dbm=-67.0, secondary_rssi_dbm=None, coverage_target=0.0,
                secondary_target=0.0, max_utilization=0.5, max_clients=1e9, mac_efficiency=0.6)


@pytest.fixture(scope="module")
def ws():
    return make_workspace(floors=1)


def _two_cells(ws, own_load: float):
    """Two APs on the 24 x 16 m floor, west (6, 8) and east (18, 8), at 20 dBm EIRP; the cap set so
    that the busier cell's own airtime is ``own_load`` of it at the design load."""
    f = ws.floors[0]
    aps = np.array([f.cand_start + int(np.argmin(np.hypot(*(f.cand_xy - xy).T)))
                    for xy in ((6.0, 8.0), (18.0, 8.0))])
    eirp = np.full(2, 20.0)
    ev0 = evaluate(ws, aps, eirp, BASE, colour=np.array([0, 1]), n_channels=2, repair=False)
    c = replace(BASE, max_utilization=float(ev0.airtime.max()) / own_load)
    return evaluate(ws, aps, eirp, c, colour=np.array([0, 1]), n_channels=2, repair=False), c


def test_the_ratio_is_checks_load_over_the_searchs_at_that_headcount(ws) -> None:
    ev, c = _two_cells(ws, 0.8)
    before = [(f.total_mbps.copy(), f.devices.copy()) for f in ws.floors]
    # the search's load at × 1.25: own airtime ∝ demand, 0.8 × 1.25 = 1.0 on the busier cell
    busy = int(np.argmax(ev.airtime))
    fast = ev.airtime / c.max_utilization * 1.25
    assert_allclose(fast[busy], 1.0, rtol=1e-9)
    # check counts 0.7 on the busier cell (its radios spread over the bands) and 1.5 × the
    # search's load on the other: ratios 0.7 / 1.0 = 0.7 and 1.5
    check = np.where(np.arange(2) == busy, 0.7, 1.5 * fast)
    got = check_load_ratio(ws, ev, check, 1.25, criteria=c, n_channels=2)
    assert_allclose(got[busy], 0.7, rtol=1e-6)
    assert_allclose(got[1 - busy], 1.5, rtol=1e-6)
    for f, (mbps, dev) in zip(ws.floors, before, strict=True):   # the workspace's demand as it was
        assert np.array_equal(f.total_mbps, mbps) and np.array_equal(f.devices, dev)


def test_a_cell_check_finds_within_its_limits_does_not_split(ws) -> None:
    # the busier cell: 0.95 of the cap at the design load, over at × 1.1 (1.045) on the search's
    # evaluation; check counts it at 0.8 of the search's load: 0.95 × 0.8 × 1.25 = 0.95 at × 1.25,
    # still within, so nothing splits up to × 1.25; without the ratio it splits at × 1.1
    ev, c = _two_cells(ws, 0.95)
    plain = predicted_splits(ws, ev, 4, criteria=c, n_channels=2, probes=probes_up_to(1.25))
    assert plain and plain[0][1] == pytest.approx(1.1)
    calibrated = predicted_splits(ws, ev, 4, criteria=c, n_channels=2, probes=probes_up_to(1.25),
                                  load_ratio=np.full(2, 0.8))
    assert calibrated == []


def test_a_cell_check_finds_crowded_splits_at_the_design_load(ws) -> None:
    # 0.5 of the cap on the search's evaluation; check counts 2.4 × that on the busier cell:
    # 0.5 × 2.4 = 1.2 > 1 at the design load, so that cell splits first, at × 1.0
    ev, c = _two_cells(ws, 0.5)
    busy = int(np.argmax(ev.airtime))
    ratio = np.where(np.arange(2) == busy, 2.4, 1.0)
    got = predicted_splits(ws, ev, 4, criteria=c, n_channels=2, probes=probes_up_to(1.1), load_ratio=ratio)
    assert got and got[0][1] == 1.0 and got[0][2] == busy
    assert predicted_splits(ws, ev, 4, criteria=c, n_channels=2, probes=probes_up_to(1.1)) == []


def test_a_cell_whose_excess_a_neighbour_absorbs_is_re_tuned_not_split(ws) -> None:
    # the west cell 1.05 × the cap (ratio 1.05 / 0.5 = 2.1 on a cell at 0.5), the east one at
    # 0.5 × 0.6 = 0.3: lowering the west AP 1 dB moves its edge devices to the east AP, which has
    # room; the step re-tunes power first, so no split is predicted at the design load. Without
    # the re-tune (no EIRP floor given) the west cell splits there.
    ev, c = _two_cells(ws, 0.5)
    busy = int(np.argmax(ev.airtime))
    ratio = np.where(np.arange(2) == busy, 2.1, 0.6)
    kw = dict(criteria=c, n_channels=2, probes=(1.0,), load_ratio=ratio)
    split = predicted_splits(ws, ev, 4, **kw)
    assert split and split[0][2] == busy
    assert predicted_splits(ws, ev, 4, floor_eirp_dbm=9.0, **kw) == []


def test_the_re_tune_never_goes_under_the_eirp_floor(ws) -> None:
    # with the floor at the APs' own EIRP (20 dBm) nothing can be lowered: the split stays
    ev, c = _two_cells(ws, 0.5)
    busy = int(np.argmax(ev.airtime))
    ratio = np.where(np.arange(2) == busy, 2.1, 0.6)
    kw = dict(criteria=c, n_channels=2, probes=(1.0,), load_ratio=ratio)
    assert predicted_splits(ws, ev, 4, floor_eirp_dbm=20.0, **kw) == predicted_splits(ws, ev, 4, **kw)


def test_the_growth_rule_counts_the_calibrated_splits(ws) -> None:
    # check counts 4 × the search's load on the busier cell (2.0 of the cap at the design load:
    # more than a re-tune can hand to the other cell at 0.5), the search's on the other: the
    # growth rule's spares are the calibrated prediction's splits, at least the share's one per
    # floor (ceil(0.2 × 2 APs) = 1 on this one floor)
    ev, c = _two_cells(ws, 0.5)
    busy = int(np.argmax(ev.airtime))
    ratio = np.where(np.arange(2) == busy, 4.0, 1.0)
    names = {0: "AP0", 1: "AP1"}
    want = predicted_splits(ws, ev, 10, criteria=c, n_channels=2, probes=probes_up_to(1.3), load_ratio=ratio,
                            floor_eirp_dbm=9.0)
    assert want and want[0][2] == busy
    loose = replace(c, max_utilization=10 * c.max_utilization)   # the share's criteria: nothing over
    got = place_spares(ws, ev, 0.2, names, criteria=loose, n_channels=2, growth_factor=1.3, growth_criteria=c,
                       load_ratio=ratio, floor_eirp_dbm=9.0)
    assert len(got) == max(len(want), 1)
    assert {s.candidate for s in got} == {w[0] for w in want}
