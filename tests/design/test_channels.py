"""Channel sets by country, width by density, colouring and local improvement."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from wifiplan.design.channels import (
    assign_channels,
    band_channels,
    choose_width,
    interference_graph,
    needed_colours,
    utilisation_for,
)
from wifiplan.library import get_domain


@pytest.mark.parametrize(("code", "expected"), [("JP", [1, 5, 9, 13]), ("EU", [1, 5, 9, 13]), ("US", [1, 6, 11])])
def test_24ghz_plans(code, expected):
    assert [c.number for c in band_channels(get_domain(code), "2.4", 20)] == expected


def test_avoid_dfs_keeps_w52_only_in_japan():
    chans = band_channels(get_domain("JP"), "5", 20, avoid_dfs=True)
    assert [c.number for c in chans] == [36, 40, 44, 48]
    assert not any(c.dfs for c in chans)
    assert len(band_channels(get_domain("JP"), "5", 80)) == 5


def test_choose_width_by_colours():
    sparse = nx.empty_graph(3)
    counts = {20: 20, 40: 10, 80: 5}
    assert choose_width(sparse, counts) == 80      # at least 4 colours: 80 MHz has 5
    assert choose_width(nx.complete_graph(8), counts) == 40    # 8 colours: 40 MHz has 10
    assert choose_width(nx.complete_graph(12), counts) == 20   # 12 colours: only 20 MHz has enough
    assert choose_width(nx.complete_graph(25), counts) == 20  # nothing fits: the narrowest


def test_choose_width_dense_prefers_20():
    assert choose_width(nx.complete_graph(11), {20: 20, 40: 10, 80: 5}) == 20


def _clique(n: int, level: float = -50.0) -> np.ndarray:
    h = np.full((n, n), level)
    np.fill_diagonal(h, -np.inf)
    return h


def test_interference_graph_threshold_and_weight():
    h = np.array([[-np.inf, -81.0, -83.0], [-90.0, -np.inf, -100.0], [-83.0, -100.0, -np.inf]])
    g = interference_graph(h)
    assert sorted(g.edges) == [(0, 1)]             # either direction at or above -82 dBm
    assert g.edges[0, 1]["dbm"] == -81.0
    assert g.edges[0, 1]["weight"] == pytest.approx(10 ** -8.1)


def test_needed_colours_matrix_matches_graph():
    rng = np.random.default_rng(3)
    h = rng.uniform(-100, -60, (30, 30))
    h = np.maximum(h, h.T)
    np.fill_diagonal(h, -np.inf)
    g = interference_graph(h)
    clique = max(len(c) for c in nx.find_cliques(g))
    assert needed_colours(h) >= clique
    assert needed_colours(g) >= clique


def test_clique_gets_distinct_channels_when_enough():
    colour = assign_channels(_clique(4), 4, seed=1)
    assert sorted(colour.tolist()) == [0, 1, 2, 3]


def test_strong_pairs_avoided_then_utilisation_balanced():
    # 6 APs that all hear each other, 3 channels: 2 per channel is the best possible
    h = _clique(6, -70.0)
    air = np.array([0.2, 0.2, 0.2, 0.2, 0.2, 0.2])
    colour = assign_channels(h, 3, airtime=air, max_utilization=0.5, seed=0)
    assert np.bincount(colour, minlength=3).tolist() == [2, 2, 2]
    assert np.allclose(utilisation_for(colour, h, air), 0.4)


def test_deterministic_for_a_seed():
    rng = np.random.default_rng(7)
    h = rng.uniform(-95, -55, (25, 25))
    np.fill_diagonal(h, -np.inf)
    a = assign_channels(h, 5, seed=11)
    b = assign_channels(h, 5, seed=11)
    assert a.tolist() == b.tolist()


def test_assign_channels_errors():
    with pytest.raises(ValueError):
        assign_channels(np.zeros((2, 3)), 4)
    with pytest.raises(ValueError):
        assign_channels(_clique(2), 0)
    assert assign_channels(np.zeros((0, 0)), 3).tolist() == []
