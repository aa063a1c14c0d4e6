"""Channel plan: width by density, interference graph, greedy colouring and local improvement."""

from __future__ import annotations

import networkx as nx
import numpy as np

from wifiplan.capacity.airtime import CCA_THRESHOLD_DBM
from wifiplan.library.regulatory import Channel, RegDomain

__all__ = [
    "STRONG_CO_CHANNEL_DBM",
    "MIN_REUSE_CHANNELS",
    "PLAN_24_CHANNELS",
    "band_channels",
    "design_channels",
    "EXCLUDED_CHANNELS",
    "interference_graph",
    "needed_colours",
    "choose_width",
    "assign_channels",
    "utilisation_for",
]

#: On 5 GHz no two co-channel APs should hear each other at or above −67 dBm: that is the
#: primary-coverage level, i.e. the other cell's edge ([S29]; same-channel separation of
#: ~19 dB, [S30], [S37]).
STRONG_CO_CHANNEL_DBM = -67.0

#: At least 4 non-overlapping channels to control co-channel interference ([S38]).
MIN_REUSE_CHANNELS = 4

#: 2.4 GHz 20 MHz plans: 1/6/11 where 12–13 are not allowed (US), else 1/5/9/13 (20 MHz OFDM
#: spacing, [S54]; 1/6/11 [S30]).
PLAN_24_CHANNELS = {"US": (1, 6, 11), "JP": (1, 5, 9, 13), "EU": (1, 5, 9, 13)}


def band_channels(domain: RegDomain, band: str, width_mhz: int, *, avoid_dfs: bool = False) -> list[Channel]:
    """Legal indoor channels for a band and width; at 2.4 GHz the non-overlapping plan only.

    >>> from wifiplan.library import get_domain
    >>> [c.number for c in band_channels(get_domain("US"), "2.4", 20)]
    [1, 6, 11]
    >>> len(band_channels(get_domain("JP"), "5", 20)), len(band_channels(get_domain("JP"), "5", 20, avoid_dfs=True))
    (20, 4)
    """
    chans = domain.channels(band, width_mhz, avoid_dfs=avoid_dfs)
    if band == "2.4":
        plan = PLAN_24_CHANNELS.get(domain.code, (1, 6, 11))
        chans = [c for c in chans if c.number in plan]
    return chans


#: 20 MHz channels the planner leaves out by default: 144 is not supported by many older
#: clients, so many designs drop it (Hamina channel-planning docs; an estimate of practice).
EXCLUDED_CHANNELS: dict[str, tuple[int, ...]] = {"5": (144,)}


def design_channels(domain: RegDomain, band: str, width_mhz: int, *, avoid_dfs: bool = False) -> list[Channel]:
    """The channels the planner uses, in order of preference (the colouring fills them in this order).

    Non-DFS channels first (JP W52, US UNII-1 and UNII-3), then DFS channels from 100 up
    (JP W56, US UNII-2C), then the DFS channels below 100 (JP W53, US UNII-2A), as issue 12
    asks for JP (W52, W56, W53) and US (UNII-1 and UNII-3 first); channels
    with a member in :data:`EXCLUDED_CHANNELS` (144) are left out.

    >>> from wifiplan.library import get_domain
    >>> [c.number for c in design_channels(get_domain("JP"), "5", 20)][:6]
    [36, 40, 44, 48, 100, 104]
    >>> [c.number for c in design_channels(get_domain("US"), "5", 80)]
    [42, 155, 106, 122, 58]
    """
    excluded = set(EXCLUDED_CHANNELS.get(band, ()))
    chans = [c for c in band_channels(domain, band, width_mhz, avoid_dfs=avoid_dfs) if not excluded & set(c.members)]
    return sorted(chans, key=lambda c: (c.dfs, c.dfs and c.members[0] < 100, c.members[0]))


def _sym(hear_dbm: np.ndarray) -> np.ndarray:
    h = np.asarray(hear_dbm, dtype=float)
    s = np.maximum(h, h.T)
    np.fill_diagonal(s, -np.inf)
    return s


def interference_graph(hear_dbm: np.ndarray, *, threshold_dbm: float = CCA_THRESHOLD_DBM) -> nx.Graph:
    """Graph of APs (nodes 0..n-1) joined when either hears the other at or above ``threshold_dbm``.

    Edge attribute ``weight`` is how strongly they hear each other, in mW (linear), and
    ``dbm`` the level.
    """
    s = _sym(hear_dbm)
    g = nx.Graph()
    g.add_nodes_from(range(len(s)))
    ii, jj = np.nonzero(np.triu(s >= threshold_dbm, 1))
    for i, j in zip(ii.tolist(), jj.tolist(), strict=True):
        g.add_edge(i, j, dbm=float(s[i, j]), weight=float(10 ** (s[i, j] / 10)))
    return g


def _structure_graph(hear_dbm: np.ndarray, threshold_dbm: float) -> nx.Graph:
    """:func:`interference_graph` without the edge attributes (same nodes, edges and insertion order): all
    a colouring reads, built with one ``add_edges_from`` instead of one ``add_edge`` per pair."""
    s = _sym(hear_dbm)
    g = nx.Graph()
    g.add_nodes_from(range(len(s)))
    ii, jj = np.nonzero(np.triu(s >= threshold_dbm, 1))
    g.add_edges_from(zip(ii.tolist(), jj.tolist(), strict=True))
    return g


def needed_colours(graph: nx.Graph | np.ndarray, *, threshold_dbm: float = CCA_THRESHOLD_DBM) -> int:
    """Colours a greedy colouring (largest first) needs: an upper estimate of the chromatic number.

    ``graph`` is an interference graph, or a hearing matrix in dBm (then the graph joins
    APs that hear each other at or above ``threshold_dbm``; same result, computed with
    numpy for dense graphs).

    >>> needed_colours(nx.cycle_graph(5)), needed_colours(nx.complete_graph(4))
    (3, 4)
    """
    if isinstance(graph, nx.Graph):
        if graph.number_of_nodes() == 0:
            return 0
        colours = nx.greedy_color(graph, strategy="largest_first")
        return max(colours.values()) + 1
    s = _sym(graph)
    n = len(s)
    if n == 0:
        return 0
    adj = s >= threshold_dbm
    order = sorted(range(n), key=lambda i: (-int(adj[i].sum()), i))
    colour = np.full(n, -1)
    for i in order:
        used = np.zeros(n + 1, bool)
        nb = colour[adj[i]]
        used[nb[nb >= 0]] = True
        colour[i] = int(np.argmin(used))
    return int(colour.max()) + 1


def choose_width(
    graph: nx.Graph, channel_counts: dict[int, int], *, widths_mhz: tuple[int, ...] = (20, 40, 80)
) -> int:
    """The widest of ``widths_mhz`` whose channel count ≥ max(needed colours, 4); else the narrowest.

    >>> g = nx.complete_graph(5)
    >>> choose_width(g, {20: 20, 40: 10, 80: 5}), choose_width(g, {20: 20, 40: 10, 80: 4})
    (80, 40)
    """
    need = max(needed_colours(graph), MIN_REUSE_CHANNELS)
    ok = [w for w in sorted(widths_mhz) if channel_counts.get(w, 0) >= need]
    usable = [w for w in sorted(widths_mhz) if channel_counts.get(w, 0) > 0]
    if ok:
        return ok[-1]
    return usable[0] if usable else min(widths_mhz)


def _pair_weights(hear_dbm: np.ndarray, airtime: np.ndarray, threshold_dbm: float, strong_dbm: float | None) -> np.ndarray:
    s = _sym(hear_dbm)
    air = np.asarray(airtime, dtype=float)
    heard = s >= threshold_dbm
    w = np.where(np.isfinite(s), 10.0 ** ((np.where(np.isfinite(s), s, -300.0) - threshold_dbm) / 10.0), 0.0) * 1e-3
    w = w + heard * (1.0 + 10.0 * (air[:, None] + air[None, :]))
    if strong_dbm is not None:
        w = w + (s >= strong_dbm) * 1e4
    np.fill_diagonal(w, 0.0)
    return w


def utilisation_for(colour: np.ndarray, hear_dbm: np.ndarray, airtime: np.ndarray, *, threshold_dbm: float = CCA_THRESHOLD_DBM) -> np.ndarray:
    """Utilisation per AP for a channel index per AP (all channels of one width: same index = overlap)."""
    colour = np.asarray(colour)
    shares = (np.asarray(hear_dbm) >= threshold_dbm) & (colour[:, None] == colour[None, :])
    np.fill_diagonal(shares, True)
    return shares.astype(float) @ np.asarray(airtime, dtype=float)


def assign_channels(
    hear_dbm: np.ndarray,
    n_channels: int,
    *,
    airtime: np.ndarray | None = None,
    max_utilization: float | None = None,
    threshold_dbm: float = CCA_THRESHOLD_DBM,
    strong_dbm: float | None = STRONG_CO_CHANNEL_DBM,
    seed: int = 0,
    initial: np.ndarray | None = None,
    sweeps: int = 8,
    kicks: int = 0,
    channel_cost: np.ndarray | None = None,
) -> np.ndarray:
    """Channel index (0..n_channels-1) per AP minimising co-channel interference.

    ``hear_dbm[i, j]``: power AP i receives from AP j. Start: networkx greedy colouring
    (largest first) of the interference graph, colours beyond the channel count placed where they
    cost least; then local improvement: move one AP at a time to the channel with the least
    summed co-channel weight (pairs hearing each other above ``strong_dbm`` cost most, then
    pairs above ``threshold_dbm`` weighted by their airtime, then raw strength), until no
    move helps. With ``max_utilization`` the moves also price the utilisation (own + heard
    co-channel airtime) above the cap, and ``kicks`` > 0 adds iterated local search
    (perturb the worst neighbourhood, descend, keep if better). ``channel_cost`` (n, n_channels)
    adds a cost per AP and channel (e.g. an AP serving a critical zone on a DFS channel).
    Deterministic for a given ``seed`` (it orders ties and draws the kicks).

    Raises
    ------
    ValueError
        If ``n_channels`` < 1 or the matrix is not square.
    """
    h = np.asarray(hear_dbm, dtype=float)
    n = h.shape[0]
    if h.shape != (n, n):
        raise ValueError(f"hear_dbm must be square (got {h.shape})")
    if n_channels < 1:
        raise ValueError("n_channels must be >= 1")
    if n == 0:
        return np.zeros(0, dtype=int)
    air = np.zeros(n) if airtime is None else np.asarray(airtime, dtype=float)
    w = _pair_weights(h, air, threshold_dbm, strong_dbm)
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    if initial is not None and len(initial) == n:
        colour = np.asarray(initial, dtype=int).copy()
        colour[colour >= n_channels] %= n_channels
        for i in np.flatnonzero(colour < 0):   # new APs: the cheapest channel against the others
            assigned = colour >= 0
            cost0 = np.zeros(n_channels)
            np.add.at(cost0, colour[assigned], w[i, assigned])
            colour[i] = int(np.argmin(cost0))
    else:
        greedy = nx.greedy_color(_structure_graph(h, threshold_dbm), strategy="largest_first")
        colour = np.full(n, -1, dtype=int)
        # Most-interfered APs first keep their colour; the rest are fitted by cost.
        for i in sorted(range(n), key=lambda i: (greedy[i], int(np.argwhere(order == i)[0, 0]))):
            if greedy[i] < n_channels:
                colour[i] = greedy[i]
        for i in order:
            if colour[i] < 0:
                assigned = colour >= 0
                cost = np.zeros(n_channels)
                np.add.at(cost, colour[assigned], w[i, assigned])
                colour[i] = int(np.argmin(cost))
    cap = np.inf if max_utilization is None or airtime is None else float(max_utilization)
    cc = np.zeros((n, n_channels)) if channel_cost is None else np.asarray(channel_cost, dtype=float)
    if cc.shape != (n, n_channels):
        raise ValueError(f"channel_cost must have shape ({n}, {n_channels}) (got {cc.shape})")
    colour = _local_search(colour, h, air, w, n_channels, cap, threshold_dbm, strong_dbm, order, sweeps,
                           kicks=kicks, seed=seed, channel_cost=cc)
    return colour


#: Weight of one co-channel pair above ``strong_dbm`` against one unit of excess utilisation.
_STRONG_PENALTY = 100.0
#: Weight of the raw co-channel weights (tie-breaker when utilisation is within the cap).
_PAIR_EPS = 1e-3


#: A single AP is re-priced only when its last pricing could be out of date: its cost per
#: channel is a function of its own row of ``M``/``S``/``Wc`` and of the utilisation and channel
#: of the APs that hear it. When none of those changed since it was last priced (and did not
#: move), the only drift is the pair-weight tie-breaker, bounded by ``2·_PAIR_EPS·w``; while
#: that bound stays this far under its margin to the best other channel it cannot move, and
#: is skipped. Far above the float error of the costs (≤ 1e4 · 1e-15), far under any real step.
_SKIP_SAFETY = 1e-7


def _local_search(colour, h, air, w, n_channels, cap, threshold_dbm, strong_dbm, order, sweeps, kicks=0, seed=0,
                  channel_cost=None):
    """Move single APs to the channel that lowers: strong pairs, then excess utilisation, then pair weight.

    ``M[i, c]`` = airtime of the APs on channel c that AP i hears; ``util_i = air_i + M[i, c_i]``.
    A move of AP m from a to b changes column a and b of M by ``H[:, m]·air_m``; every
    move of m is priced in O(deg m) for all channels at once. With ``kicks`` (iterated local
    search), the worst AP and the co-channel APs it hears get random channels, the search
    descends again, and the result is kept only when the total cost fell.

    Notes
    -----
    Speed (issue 16): the utilisation per AP is kept up to date after each move (the same
    elementwise sums as recomputing it), a move is priced over the APs that hear the moving
    AP only, and an AP whose inputs did not change since it was last priced without moving
    is skipped (:data:`_SKIP_SAFETY`): a sweep after a kick re-prices the kicked group's
    neighbourhood, not every AP. The moves made, and so the result, are those of pricing
    every AP every sweep (``tests/design/test_channels.py`` compares with a plain reference).
    """
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
    M = heard @ (onehot * air[:, None])        # (n, C)
    S = strong @ onehot                        # strong neighbours per channel
    Wc = w @ onehot                            # pair weight per channel
    finite_cap = np.isfinite(cap)
    idx = np.arange(n)
    chans = np.arange(n_channels)
    hb = heard > 0                             # hb[i, m]: i hears m
    sb = strong > 0
    hearers = [np.flatnonzero(hb[:, m]) for m in range(n)]
    util = air + M[idx, colour]                # kept up to date by move()
    gap = np.full(n, -np.inf)                  # margin of the last pricing without a move (-inf: price again)
    drift = np.zeros(n)                        # bound on the cost change since (pair weights only)
    w_drift = 2.0 * _PAIR_EPS * w

    def excess(u):
        return np.maximum(u - cap, 0.0) if finite_cap else np.zeros_like(u)

    ex = excess(util)

    def move(m, b):
        a = colour[m]
        if a == b:
            return
        colour[m] = b
        M[:, a] -= heard[:, m] * air[m]
        M[:, b] += heard[:, m] * air[m]
        S[:, a] -= strong[:, m]
        S[:, b] += strong[:, m]
        Wc[:, a] -= w[:, m]
        Wc[:, b] += w[:, m]
        nb = hearers[m]
        col_nb = colour[nb]
        changed = np.append(nb[(col_nb == a) | (col_nb == b)], m)   # APs whose utilisation changed
        util[changed] = air[changed] + M[changed, colour[changed]]
        ex[changed] = excess(util[changed])
        if finite_cap:
            dirty = hb[:, m] | sb[:, m] | hb[changed].any(axis=0)
        else:   # without a cap the price is strong pairs and pair weights only
            dirty = sb[:, m].copy()
        dirty[m] = True
        gap[dirty] = -np.inf
        drift[:] += w_drift[:, m]

    def total():
        util = air + M[idx, colour]
        return (_STRONG_PENALTY * float(S[idx, colour].sum()) / 2 + float(excess(util).sum())
                + _PAIR_EPS * float(Wc[idx, colour].sum()) / 2 + float(cc[idx, colour].sum()))

    full = np.zeros(n)

    def descend(limit):
        for _ in range(limit):
            moved = False
            for m in (order if not finite_cap else np.argsort(-(util - cap), kind="stable")):
                if gap[m] - drift[m] > _SKIP_SAFETY:
                    continue
                a = colour[m]
                if finite_cap:
                    own = excess(air[m] + M[m])
                    nb = hearers[m]
                    u_nb, ex_nb = util[nb], ex[nb]
                    add = np.bincount(colour[nb], weights=excess(u_nb + air[m]) - ex_nb, minlength=n_channels)
                    add[a] = 0.0
                    # summed over the full vector as before (same float grouping), zeros off the hearers
                    full[nb] = excess(u_nb - air[m]) - ex_nb
                    leave = float(full[colour == a].sum())
                    full[nb] = 0.0
                    util_cost = own + add + np.where(chans == a, 0.0, leave)
                    util_cost[a] = own[a]
                    cost = _STRONG_PENALTY * S[m] + util_cost + _PAIR_EPS * Wc[m] + cc[m]
                else:
                    cost = _STRONG_PENALTY * S[m] + np.zeros(n_channels) + _PAIR_EPS * Wc[m] + cc[m]
                b = int(np.argmin(cost))
                if b != a and cost[b] < cost[a] - 1e-9:
                    move(m, b)
                    moved = True
                else:   # no move: remember by how much (the best other channel's cost over this one's)
                    cost_a = float(cost[a])
                    cost[a] = np.inf
                    gap[m] = float(cost.min()) - cost_a + 1e-9
                    drift[m] = 0.0
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
                move(m, int(rng.integers(n_channels)))
            descend(3)
            t = total()
            if t < best - 1e-9:
                best, best_colour = t, colour.copy()
            else:
                for m in np.flatnonzero(colour != best_colour):
                    move(int(m), int(best_colour[m]))
        colour = best_colour
    return colour
