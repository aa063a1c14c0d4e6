"""Workspace: adaptive planning grid and candidate lattice on large floors, hearing losses per floor pair."""

from __future__ import annotations

import numpy as np
import pytest

from wifiplan.capacity.demand import zone_demands
from wifiplan.design.candidates import adaptive_spacing_m, candidate_layout, candidate_positions
from wifiplan.design.radio import ap_spec
from wifiplan.design.workspace import Workspace
from wifiplan.rf.engine import path_loss_db
from wifiplan.rf.settings import make_settings

from .conftest import make_building


def test_adaptive_spacing_hand_values():
    assert adaptive_spacing_m(2264.0, 1.0, 8000) == 1.0              # city hall floor: unchanged
    assert adaptive_spacing_m(52000.0, 1.0, 8000) == 2.55            # sqrt(6.5) = 2.5495 -> 2.55
    assert adaptive_spacing_m(0.0, 2.5, 700) == 2.5
    with pytest.raises(ValueError):
        adaptive_spacing_m(100.0, 0.0, 10)


def test_candidates_unchanged_under_the_cap_and_capped_over_it():
    floor = make_building().floors[0]
    full, step = candidate_layout(floor)
    same, step2 = candidate_layout(floor, max_candidates=10_000)
    assert step == step2 == 2.5 and np.array_equal(full, same)
    few, coarse = candidate_layout(floor, max_candidates=12)
    assert 0 < len(few) <= 12 and coarse > 2.5
    assert np.array_equal(candidate_positions(floor, max_candidates=12), few)


def _ws(building, **caps):
    settings = make_settings(building)
    return Workspace(building, settings, band="5", spec=ap_spec(building), cover_freq_mhz=5825.0,
                     hear_freq_mhz=5180.0, max_eirp_dbm=20.0, **caps)


def test_capped_workspace_conserves_demand_and_bounds_sizes():
    b = make_building(floors=2)
    ws = _ws(b, max_points=100, max_candidates=15)
    for f in ws.floors:
        assert f.n <= 110 and f.grid_m > 1.0
        assert 0 < len(f.cand_xy) <= 15 and f.lattice_m > 2.5
        assert f.loss.shape == (len(f.rel), f.n)
        want = sum(z.total_mbps for z in zone_demands(b) if z.floor == f.name)
        assert np.isclose(f.total_mbps.sum(), want, rtol=1e-12)


def test_hearing_blocks_match_the_engine():
    b = make_building(floors=2)
    ws = _ws(b)
    assert ws.floors[0].grid_m == 1.0 and ws.floors[0].lattice_m == 2.5   # small floors keep full resolution
    f0, f1 = ws.floors
    aps = np.array([f0.cand_start, f0.cand_start + 3, f1.cand_start + 1])
    got = ws.hear_loss_db(aps, aps)
    s = ws.settings
    want = path_loss_db(b, s, tx_floor=f0.name, tx_xy=ws.cand_xy[aps[:2]], tx_height_m=f0.ap_height_m,
                        rx_floor=f1.name, rx_xy=ws.cand_xy[aps[2:]], band="5", freq_mhz=5180.0)
    assert ws.coupled[0, 1]
    np.testing.assert_allclose(got[:2, 2:], want, rtol=1e-5)
    h = ws.hear_dbm(aps, np.full(3, 20.0))
    assert h.shape == (3, 3) and np.all(np.isneginf(np.diag(h)))
    np.testing.assert_allclose(h[2, 0], 20.0 + ws.eirp_offset_db + ws.spec.antenna_gain_dbi["5"] - got[0, 2], rtol=1e-5)


def test_lattice_candidates_keep_2m_from_the_exterior():
    """Lattice candidates stay ≥ 2 m from the outline; zone points may not (a shallow room along the facade)."""
    import shapely

    from tests.design.conftest import make_building
    from wifiplan.design.candidates import EXTERIOR_SETBACK_M
    from wifiplan.model.geometry import polygon

    floor = make_building().floors[0]                # 24 x 16 m
    pts, _ = candidate_layout(floor)
    outline = polygon(floor.outline).exterior
    d = shapely.distance(shapely.points(pts), outline)
    zone_pts = {tuple(np.round([z.x, z.y], 2)) for z in (polygon(zn.polygon).centroid for zn in floor.zones)}
    lattice = np.array([tuple(p) not in zone_pts for p in pts])
    assert lattice.any() and (d[lattice] >= EXTERIOR_SETBACK_M - 1e-9).all()
    without, _ = candidate_layout(floor, setback_m=0.0)
    assert len(without) > len(pts)                   # the setback removed the facade ring
    assert shapely.distance(shapely.points(without), outline).min() < EXTERIOR_SETBACK_M


def test_a_floor_too_narrow_for_the_setback_keeps_its_candidates():
    from wifiplan.model.building import Floor

    floor = Floor.model_validate({"name": "1F", "elevation_m": 0, "outline": [[0, 0], [20, 0], [20, 3], [0, 3]]})
    pts, _ = candidate_layout(floor)
    assert len(pts) > 0
