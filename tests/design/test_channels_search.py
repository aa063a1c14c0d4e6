"""The channel local search's skips and incremental utilisation make the same moves as the plain search."""

from __future__ import annotations

import numpy as np
import pytest

from wifiplan.design import channels
from wifiplan.design.channels import _pair_weights, _sym, assign_channels


def _plain_local_search(colour, h, air, w, n_channels, cap, threshold_dbm, strong_dbm, order, sweeps, kicks=0,
                        seed=0, channel_cost=None):
    """The search before issue 16's speed-up: every AP priced on every sweep, utilisation recomputed each time."""
    n = len(colour)
    colour = np.asarray(colour, dtype=int).copy()
    cc = np.zeros((n, n_channels)) if channel_cost is None else channel_cost
    heard = (h >= threshold_dbm).astype(float)
    np.fill_diagonal(heard, 0.0)
    s = _sym(h)
    strong = ((s >= strong_dbm) if strong_dbm is not None else np.zeros((n, n), bool)).astype(float)
    np.fill_diagonal(strong, 0.0)
    onehot = np.zeros((n, n_channels))
    onehot[np.arange(n), colour] = 1.0
    M, S, Wc = heard @ (onehot * air[:, None]), strong @ onehot, w @ onehot
    finite_cap = np.isfinite(cap)
    idx, chans = np.arange(n), np.arange(n_channels)
    big, eps = channels._STRONG_PENALTY, channels._PAIR_EPS

    def excess(u):
        return np.maximum(u - cap, 0.0) if finite_cap else np.zeros_like(u)

    def move(m, b):
        a = colour[m]
        colour[m] = b
        M[:, a] -= heard[:, m] * air[m]
        M[:, b] += heard[:, m] * air[m]
        S[:, a] -= strong[:, m]
        S[:, b] += strong[:, m]
        Wc[:, a] -= w[:, m]
        Wc[:, b] += w[:, m]

    def total():
        util = air + M[idx, colour]
        return (big * float(S[idx, colour].sum()) / 2 + float(excess(util).sum())
                + eps * float(Wc[idx, colour].sum()) / 2 + float(cc[idx, colour].sum()))

    def descend(limit):
        for _ in range(limit):
            moved = False
            util = air + M[idx, colour]
            for m in (order if not finite_cap else np.argsort(-(util - cap), kind="stable")):
                a = colour[m]
                util = air + M[idx, colour]
                own = excess(air[m] + M[m]) if finite_cap else np.zeros(n_channels)
                if finite_cap:
                    ex = excess(util)
                    delta_on = (excess(util + air[m]) - ex) * heard[:, m]
                    delta_off = (excess(util - air[m]) - ex) * heard[:, m]
                    add = np.bincount(colour, weights=delta_on, minlength=n_channels)
                    add[a] = 0.0
                    leave = float(delta_off[colour == a].sum() - delta_off[m])
                    util_cost = own + add + np.where(chans == a, 0.0, leave)
                    util_cost[a] = own[a]
                else:
                    util_cost = own
                cost = big * S[m] + util_cost + eps * Wc[m] + cc[m]
                b = int(np.argmin(cost))
                if b != a and cost[b] < cost[a] - 1e-9:
                    move(m, b)
                    moved = True
            if not moved:
                return

    descend(max(sweeps, 1) * 3)
    if kicks and finite_cap:
        rng = np.random.default_rng(seed)
        best_colour, best = colour.copy(), total()
        for _ in range(kicks):
            util = air + M[idx, colour]
            if excess(util).sum() <= 0:
                break
            worst = int(np.argmax(util - cap))
            group = [worst, *np.flatnonzero((heard[worst] > 0) & (colour == colour[worst])).tolist()]
            for m in group:
                b = int(rng.integers(n_channels))
                if b != colour[m]:
                    move(m, b)
            descend(3)
            t = total()
            if t < best - 1e-9:
                best, best_colour = t, colour.copy()
            else:
                for m in np.flatnonzero(colour != best_colour):
                    move(int(m), int(best_colour[m]))
        colour = best_colour
    return colour


def _building(n: int, seed: int, size_m: float):
    """APs at random on a square floor; hearing by log-distance (−40 dBm at 1 m, exponent 3.5), culled under −100."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, size_m, (n, 2))
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) + 1.0
    h = -40.0 - 35.0 * np.log10(d) + rng.normal(0, 2.0, (n, n))
    h[h < -100] = -np.inf
    np.fill_diagonal(h, -np.inf)
    return h, rng.uniform(0.02, 0.25, n)


@pytest.mark.parametrize(("n", "n_channels", "size_m", "cap", "kicks", "seed"), [
    (60, 4, 60.0, 0.5, 30, 0),      # crowded: the cap is broken, every kick runs
    (120, 19, 150.0, 0.475, 100, 1),  # a mall floor at 20 MHz (19 channels)
    (120, 9, 150.0, 0.475, 50, 2),
    (80, 6, 120.0, None, 0, 3),     # no cap: strong pairs and pair weights only
    (40, 1, 50.0, 0.5, 10, 4),      # one channel: nothing can move
])
def test_search_moves_as_the_plain_search(n, n_channels, size_m, cap, kicks, seed):
    h, air = _building(n, seed, size_m)
    thr, strong = channels.CCA_THRESHOLD_DBM, channels.STRONG_CO_CHANNEL_DBM
    rng = np.random.default_rng(seed)
    start = rng.integers(n_channels, size=n)
    order = rng.permutation(n)
    w = _pair_weights(h, air, thr, strong)
    cap_v = np.inf if cap is None else cap
    cc = 0.02 * (rng.random((n, n_channels)) < 0.2)
    got = channels._local_search(start, h, air, w, n_channels, cap_v, thr, strong, order, 8, kicks=kicks, seed=seed,
                                 channel_cost=cc)
    want = _plain_local_search(start, h, air, w, n_channels, cap_v, thr, strong, order, 8, kicks=kicks, seed=seed,
                               channel_cost=cc)
    assert np.array_equal(got, want)
    assert not np.array_equal(want, start) or n_channels == 1   # the case exercises moves


def test_assign_channels_lowers_the_excess_on_a_crowded_floor():
    # the search is worth running: from the greedy start, the kicks lower the summed excess
    h, air = _building(80, 7, 70.0)
    col0 = assign_channels(h, 4, airtime=air, max_utilization=0.5, seed=0, sweeps=0)
    col1 = assign_channels(h, 4, airtime=air, max_utilization=0.5, seed=0, kicks=50)
    from wifiplan.design.channels import utilisation_for

    def over(col):
        return float(np.maximum(utilisation_for(col, h, air) - 0.5, 0).sum())

    assert over(col1) <= over(col0)


def test_structure_graph_is_the_interference_graph_without_attributes():
    # the greedy colouring reads structure only; same edges in the same order -> the same colouring
    import networkx as nx

    from wifiplan.design.channels import _structure_graph, interference_graph

    h, _air = _building(90, 11, 80.0)
    full, bare = interference_graph(h), _structure_graph(h, channels.CCA_THRESHOLD_DBM)
    assert full.number_of_edges() > 50
    assert list(full.nodes) == list(bare.nodes) and list(full.edges) == list(bare.edges)
    assert nx.greedy_color(full, strategy="largest_first") == nx.greedy_color(bare, strategy="largest_first")
