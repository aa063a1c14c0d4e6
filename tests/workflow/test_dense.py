"""Fast planner cases beyond the easy ones: more than 8 channels, more spares than floors.

Oracles are behavioural (legal channels, no strong co-channel pair, the spare share asked
for), so they hold whatever AP count the planner arrives at.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
import shapely

from wifiplan.capacity.evaluate import ap_hearing_dbm
from wifiplan.library import get_domain
from wifiplan.model.building import Building
from wifiplan.model.geometry import coverage_area
from wifiplan.rf.maps import co_channel_matrix
from wifiplan.workflow.plan import plan_building

#: −67 dBm: co-channel APs this loud overlap at the primary-coverage level ([S29], [S30]).
STRONG_DBM = -67.0
#: −82 dBm: the CCA / preamble-detection level, MCS0 sensitivity at 20 MHz ([S9], [S26] in
#: docs/sources.md): co-channel APs that hear each other this loud share airtime.
CCA_DBM = -82.0


def stack(*, floors: int = 3, people: int = 60, spare_positions: float = 0.2) -> Building:
    """``floors`` open 24 × 16 m floors, one above another, every AP within earshot of the others.

    Timber joist floors (2.5 dB at 5 GHz, the library's value) let the floors hear each other:
    with concrete slabs (26.5 dB) each floor's APs form a separate, smaller clique.
    """
    w, d = 24, 16
    return Building.model_validate({
        "name": "Dense stack", "country": "JP",
        "floors": [{
            "name": f"{i + 1}F", "elevation_m": 3.5 * i, "height_m": 3.5, "ap_height_m": 2.7,
            "slab": "timber-joist-floor",
            "outline": [[0, 0], [w, 0], [w, d], [0, d]],
            "walls": [{"material": "concrete", "path": [[0, 0], [w, 0], [w, d], [0, d], [0, 0]]}],
            "zones": [{"name": f"Hall {i + 1}", "use": "office-web-meetings", "headcount": people,
                       "polygon": [[0, 0], [w, 0], [w, d], [0, d]]}],
            "telecom_rooms": [{"name": f"TR{i + 1}", "kind": "mdf" if i == 0 else "idf", "at": [12, 0.5]}],
            "risers": [{"name": "R1", "at": [13, 0.5]}],
        } for i in range(floors)],
        "requirements": {"band": "5", "spare_positions": spare_positions},
    })


@pytest.fixture(scope="module")
def dense():
    b = stack(spare_positions=1.0)
    return b, plan_building(b, seed=0, with_cost=False)


def _graph(b: Building, result, level_dbm: float) -> nx.Graph:
    """APs joined when either hears the other at or above ``level_dbm``."""
    aps = result.plan.aps
    h = ap_hearing_dbm(b, result.plan.settings, aps, "5")
    loud = np.maximum(h, h.T) >= level_dbm
    g = nx.Graph()
    g.add_nodes_from(range(len(aps)))
    g.add_edges_from((int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(loud, 1))))
    return g


def test_case_needs_more_than_eight_channels(dense):
    b, result = dense
    assert result.requirements_met, result.unmet
    # a clique of APs that all hear each other above CCA needs that many channels to share no
    # airtime; JP has 10 channels of 40 MHz and 19 of 20 MHz, so the planner can give them all
    clique = max(nx.find_cliques(_graph(b, result, CCA_DBM)), key=len)
    assert len(clique) > 8, len(clique)
    co = co_channel_matrix(result.plan.aps, "5")
    assert not any(co[i, j] for i in clique for j in clique if i != j)


def test_no_strong_pair_shares_a_channel_and_all_are_legal(dense):
    b, result = dense
    aps = result.plan.aps
    co = co_channel_matrix(aps, "5")
    g = _graph(b, result, STRONG_DBM)
    clashes = [(aps[i].name, aps[j].name) for i, j in g.edges if co[i, j]]
    assert clashes == []
    domain = get_domain("JP")
    for ap in aps:
        r = ap.radios["5"]
        ch = domain.find("5", r.channel, r.width_mhz)
        assert ch is not None, (ap.name, r)
        assert r.tx_power_dbm + ap.antenna_gain_dbi["5"] <= ch.max_eirp_dbm + 1e-9


def test_spare_share_above_one_per_floor(dense):
    b, result = dense
    plan = result.plan
    n_floors = len(b.floors)
    # spare_positions 1.0: one spare for every AP (100 %), here more than one per floor
    assert len(plan.spares) == len(plan.aps)
    assert len(plan.spares) > n_floors
    per_floor = {f.name: sum(s.floor == f.name for s in plan.spares) for f in b.floors}
    assert max(per_floor.values()) >= 2, per_floor
    floors = {f.name: f for f in b.floors}
    for s in plan.spares:
        assert shapely.contains_xy(coverage_area(floors[s.floor]), *s.at), s.name
        # ≥ 3 m from every AP and every other spare on its floor (room to mount both)
        others = [x for x in [*plan.aps, *plan.spares] if x.floor == s.floor and x.name != s.name]
        assert min(math.dist(s.at, o.at) for o in others) >= 3.0 - 1e-9, s.name


@pytest.mark.parametrize(("share", "expected"), [(0.0, 3), (0.5, None), (2.0, None)])
def test_spare_count_follows_the_share(share, expected):
    b = stack(spare_positions=share)
    result = plan_building(b, seed=0, with_cost=False)
    n_aps, n_spares = len(result.plan.aps), len(result.plan.spares)
    floors_with_aps = len({a.floor for a in result.plan.aps})
    assert floors_with_aps == 3
    if expected is not None:
        # no share asked: still one pre-cabled position per floor with APs (3 floors)
        assert n_spares == expected
    else:
        # e.g. 9 APs: 0.5 → ⌈4.5⌉ = 5 spares; 2.0 → 18 spares (two per AP)
        assert n_spares >= math.ceil(share * n_aps - 1e-9)
        assert n_spares >= floors_with_aps
