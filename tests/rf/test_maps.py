"""Coverage maps: serving AP, second best, SNR and SINR on hand-made two-AP cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.rf.helpers import ap, building, settings
from wifiplan.rf.grid import floor_grid
from wifiplan.rf.maps import METRICS, co_channel_matrix, coverage_maps
from wifiplan.rf.rate import phy_rate_mbps


def fspl1(f_mhz: float) -> float:
    return 20 * math.log10(f_mhz) - 27.55


def rssi_by_hand(ap_xy, rx_xy, f_mhz=5180.0, tx=17.0, dz=1.7) -> float:
    d = math.sqrt((ap_xy[0] - rx_xy[0]) ** 2 + (ap_xy[1] - rx_xy[1]) ** 2 + dz**2)
    return tx - fspl1(f_mhz) - 20 * math.log10(max(d, 1.0))


def cell(maps, x, y) -> int:
    idx = np.nonzero(np.all(np.isclose(maps.grid.xy, [x, y]), axis=1))[0]
    assert idx.size == 1
    return int(idx[0])


@pytest.fixture
def two_rooms():
    return building([{"outline": [[0, 0], [20, 0], [20, 10], [0, 10]]}])


def test_two_co_channel_aps_snr_and_sinr_by_hand(two_rooms):
    aps = [ap("A", [2.5, 5.5]), ap("B", [17.5, 5.5])]
    m = coverage_maps(two_rooms, settings(grid_m=1.0), aps, "1F", "5")
    i = cell(m, 5.5, 5.5)
    ra, rb = rssi_by_hand([2.5, 5.5], [5.5, 5.5]), rssi_by_hand([17.5, 5.5], [5.5, 5.5])
    assert m.serving[i] == 0 and m.ap_names == ["A", "B"]
    assert_allclose(m.best_rssi_dbm[i], ra, atol=0.01)
    assert_allclose(m.second_rssi_dbm[i], rb, atol=0.01)
    assert_allclose(m.snr_db[i], ra - (-95.0), atol=0.01)
    sinr = ra - 10 * math.log10(10 ** (-95.0 / 10) + 10 ** (rb / 10))
    assert_allclose(m.sinr_db[i], sinr, atol=0.01)
    assert m.sinr_db[i] < m.snr_db[i] - 10  # B is loud at 12 m
    assert m.overlap_count[i] == 1  # B heard above -85 dBm on the same channel
    assert_allclose(m.rate_mbps[i], phy_rate_mbps(m.snr_db[i], 20, 2, "wifi6e"), atol=1e-9)


def test_other_channels_do_not_interfere(two_rooms):
    aps = [ap("A", [2.5, 5.5], channel=36), ap("B", [17.5, 5.5], channel=40)]
    m = coverage_maps(two_rooms, settings(grid_m=1.0), aps, "1F", "5")
    assert_allclose(m.sinr_db, m.snr_db, atol=1e-9)
    assert m.overlap_count.max() == 0


def test_bonded_channel_overlaps_its_members(two_rooms):
    aps = [ap("A", [2.5, 5.5], channel=36), ap("B", [17.5, 5.5], channel=38, width=40)]
    m = coverage_maps(two_rooms, settings(grid_m=1.0), aps, "1F", "5")
    i = cell(m, 15.5, 5.5)  # served by B (40 MHz): noise is 3 dB higher
    assert m.serving[i] == 1
    assert_allclose(m.snr_db[i], m.best_rssi_dbm[i] - (-95.0 + 10 * math.log10(2)), atol=1e-9)
    assert m.sinr_db[i] < m.snr_db[i]


def test_co_channel_matrix():
    aps = [ap("A", [0, 0], channel=36), ap("B", [1, 0], channel=38, width=40), ap("C", [2, 0], channel=44),
           ap("D", [3, 0], channel=42, width=80)]
    co = co_channel_matrix(aps, "5")
    assert co.tolist() == [
        [False, True, False, True],
        [True, False, False, True],
        [False, False, False, True],
        [True, True, True, False],
    ]


def test_second_best_nan_with_one_ap_and_serving_index(two_rooms):
    m = coverage_maps(two_rooms, settings(grid_m=2.0), [ap("A", [2.5, 5.5])], "1F", "5")
    assert np.all(np.isnan(m.second_rssi_dbm)) and np.all(m.serving == 0)
    assert np.all(np.isfinite(m.best_rssi_dbm))


def test_no_ap_on_the_band(two_rooms):
    m = coverage_maps(two_rooms, settings(grid_m=2.0), [ap("A", [2.5, 5.5], band="2.4", channel=1)], "1F", "5")
    assert m.ap_names == [] and np.all(m.serving == -1) and np.all(np.isnan(m.best_rssi_dbm))
    assert np.all(m.rate_mbps == 0)


def test_ap_on_another_floor_serves_through_the_slab():
    b = building([{"name": "1F", "elevation_m": 0.0}, {"name": "2F", "elevation_m": 4.0}])
    aps = [ap("UP", [10, 5], floor="2F")]
    m = coverage_maps(b, settings(grid_m=1.0), aps, "1F", "5")
    i = cell(m, 10.5, 5.5)
    dz = (4.0 + 2.7) - 1.0
    expected = 17 - fspl1(5180) - 20 * math.log10(math.sqrt(0.5**2 + 0.5**2 + dz**2)) - 24.0
    assert m.serving[i] == 0
    assert_allclose(m.best_rssi_dbm[i], expected, atol=0.01)


def test_walls_shape_the_serving_map():
    b = building([{"walls": [{"material": "concrete", "path": [[10, 0], [10, 10]]}]}])
    aps = [ap("W", [5, 5]), ap("E", [15, 5], channel=40)]
    m = coverage_maps(b, settings(grid_m=1.0), aps, "1F", "5")
    west = m.grid.xy[:, 0] < 10
    assert np.all(m.serving[west] == 0) and np.all(m.serving[~west] == 1)
    i = cell(m, 12.5, 5.5)
    assert_allclose(m.second_rssi_dbm[i], rssi_by_hand([5, 5], [12.5, 5.5]) - 15.0, atol=0.01)


def test_metric_names():
    b = building([{}])
    m = coverage_maps(b, settings(grid_m=5.0), [ap("A", [2.5, 5.5])], "1F", "5")
    for name in METRICS:
        assert m.metric(name).shape == (m.grid.n,)
    with pytest.raises(KeyError):
        m.metric("nope")


def test_given_grid_is_used():
    b = building([{}])
    g = floor_grid(b, "1F", 2.5)
    m = coverage_maps(b, settings(), [ap("A", [2.5, 5.5])], "1F", "5", grid=g)
    assert m.grid is g and m.best_rssi_dbm.shape == (g.n,)


def test_far_cells_are_culled_as_not_heard():
    # 2 km long floor, exponent 3.5: far cells are below -120 dBm even without walls
    b = building([{"outline": [[0, 0], [2000, 0], [2000, 10], [0, 10]]}])
    grid = floor_grid(b, "1F", 50.0)
    m = coverage_maps(b, settings(path_loss_exponent=3.5), [ap("A", [5, 5])], "1F", "5", grid=grid)
    far = m.grid.xy[:, 0] > 1500
    assert np.all(np.isneginf(m.rssi_dbm[0, far]))
    assert np.all(np.isnan(m.best_rssi_dbm[far])) and np.all(m.serving[far] == -1) and np.all(m.rate_mbps[far] == 0)
    near = m.grid.xy[:, 0] < 100
    assert np.all(np.isfinite(m.best_rssi_dbm[near])) and np.all(m.serving[near] == 0)


# -- co-channel APs heard (definition: serving AP included, signal >= CCA of the serving width) --

@pytest.fixture
def long_hall():
    return building([{"outline": [[0, 0], [60, 0], [60, 10], [0, 10]]}])


def test_cochannel_counts_serving_and_aps_above_cca(long_hall):
    # tx -5 dBm, 0 dBi, free space at 5180 MHz: FSPL(1 m) 46.74 dB, so -82 dBm is reached at
    # 20·log10(d) = -5 - 46.74 + 82 = 30.26 dB, d = 32.6 m (3-D, 1.7 m height difference)
    aps = [ap("A", [5.5, 5.5], tx=-5), ap("B", [25.5, 5.5], tx=-5), ap("C", [45.5, 5.5], tx=-5)]
    m = coverage_maps(long_hall, settings(grid_m=1.0), aps, "1F", "5")
    i = cell(m, 5.5, 5.5)          # A serves; B at 20 m heard (-82 + 20·log10(32.6/20.07) = -77.8), C at 40 m not
    assert rssi_by_hand([25.5, 5.5], [5.5, 5.5], tx=-5) >= -82 > rssi_by_hand([45.5, 5.5], [5.5, 5.5], tx=-5)
    assert m.serving[i] == 0 and m.metric("cochannel")[i] == 2
    j = cell(m, 25.5, 5.5)         # B serves; A and C both 20 m away
    assert m.metric("cochannel")[j] == 3


def test_cochannel_other_channel_and_wider_threshold(long_hall):
    aps = [ap("A", [5.5, 5.5], tx=-5), ap("B", [25.5, 5.5], tx=-5, channel=40), ap("C", [45.5, 5.5], tx=-5)]
    m = coverage_maps(long_hall, settings(grid_m=1.0), aps, "1F", "5")
    assert m.metric("cochannel")[cell(m, 5.5, 5.5)] == 1        # B on 40 does not overlap 36
    # at 80 MHz (channel 42, 5210 MHz) the threshold is -76 dBm: B at 20 m is heard at about
    # -5 - 46.79 - 26.1 = -77.9 dBm < -76, so only the serving AP counts
    wide = [ap("A", [5.5, 5.5], tx=-5, channel=42, width=80), ap("B", [25.5, 5.5], tx=-5, channel=42, width=80)]
    w = coverage_maps(long_hall, settings(grid_m=1.0), wide, "1F", "5")
    assert rssi_by_hand([25.5, 5.5], [5.5, 5.5], f_mhz=5210.0, tx=-5) < -76
    assert w.metric("cochannel")[cell(w, 5.5, 5.5)] == 1


def test_cochannel_zero_where_nothing_serves():
    from wifiplan.rf.maps import cochannel_heard

    out = cochannel_heard(np.full((2, 3), -np.inf), np.array([-1, -1, -1]), np.ones((2, 2), bool), np.array([20, 20]))
    assert out.tolist() == [0, 0, 0]


def test_area_percentile_reads_the_floor_share():
    from wifiplan.rf.maps import area_percentile

    counts = np.array([1] * 94 + [3] * 6)      # 6 % of the area hears 3 APs
    assert area_percentile(counts, 0.95) == 3.0 and area_percentile(counts, 0.94) == 1.0
    with pytest.raises(ValueError):
        area_percentile(counts, 0.0)


def _reference_figures(rssi, aps, key):
    """The per-point figures as computed over every AP row (before the maps kept heard rows only)."""
    from wifiplan.rf.maps import OVERLAP_RSSI_DBM, cochannel_heard

    k, n = rssi.shape
    cols = np.arange(n)
    serving = np.argmax(rssi, axis=0)
    best = rssi[serving, cols]
    heard = np.isfinite(best)
    serving = np.where(heard, serving, -1)
    rest = rssi.copy()
    rest[np.maximum(serving, 0), cols] = -np.inf
    second = rest.max(axis=0) if k > 1 else np.full(n, -np.inf)
    second = np.where(np.isfinite(second) & heard, second, np.nan)
    srv = np.maximum(serving, 0)
    co_rows = co_channel_matrix(aps, key)[srv].T
    interference = np.einsum("ji,ji->i", co_rows, np.power(10.0, rssi / 10.0))
    overlap = np.where(heard, np.count_nonzero(co_rows & (rssi >= OVERLAP_RSSI_DBM), axis=0), 0)
    widths = np.array([a.radios[key].width_mhz for a in aps])
    cochannel = cochannel_heard(rssi, serving, co_channel_matrix(aps, key), widths)
    return serving, second, interference, overlap, cochannel


@pytest.mark.parametrize("floor", ["1F", "3F", "6F"])
def test_maps_of_a_tower_equal_the_all_rows_figures(floor):
    """Six floors under concrete slabs: APs floors away are culled (-inf rows); the maps' figures,
    computed over the heard rows only, equal the figures over every row, bit for bit."""
    b = building([{"slab": "concrete-slab"} for _ in range(6)])
    s = settings()
    rng = np.random.default_rng(4)
    aps = [ap(f"A{i}", [float(rng.uniform(1, 19)), float(rng.uniform(1, 9))], floor=f"{i % 6 + 1}F",
              channel=int(rng.choice([36, 40, 44])), tx=float(rng.uniform(10, 20))) for i in range(18)]
    m = coverage_maps(b, s, aps, floor, "5")
    assert np.isinf(m.rssi_dbm).all(axis=1).any()        # some rows are culled: the restriction is exercised
    serving, second, interference, overlap, cochannel = _reference_figures(m.rssi_dbm, aps, "5")
    assert np.array_equal(m.serving, serving)
    assert np.array_equal(m.second_rssi_dbm, second, equal_nan=True)
    noise_mw = np.power(10.0, m.noise_dbm / 10.0)
    assert np.array_equal(m.sinr_db, m.best_rssi_dbm - 10.0 * np.log10(noise_mw + interference), equal_nan=True)
    assert np.array_equal(m.overlap_count, overlap)
    assert np.array_equal(m.cochannel_count, cochannel)


@pytest.mark.parametrize("cull", [False, True])
def test_blocks_of_points_and_transmitters_give_the_same_maps(monkeypatch, cull):
    # coverage_maps works in blocks of points and rssi_dbm in blocks of transmitters (memory on
    # mall floors); every figure is per point and every row per transmitter, so any block size
    # must give the same arrays, bit for bit. A second floor (cull=True: 4 km up, under the −120 dBm cull) makes
    # some APs unheard, which takes the "APs heard on this floor" branch.
    import wifiplan.rf.engine as engine
    import wifiplan.rf.maps as maps

    b = building([{"name": "1F", "elevation_m": 0.0, "walls": [{"material": "drywall", "path": [[10, 0], [10, 10]]}]},
                  {"name": "2F", "elevation_m": 4000.0 if cull else 3.5}])
    aps = [ap(f"A{i}", [1.5 + 2.5 * i, 2.5 + (i % 3) * 2.5], channel=(36, 40, 36, 44)[i % 4]) for i in range(7)]
    aps += [ap("UP", [10, 5], floor="2F", channel=36)]
    whole = coverage_maps(b, settings(grid_m=1.0), aps, "1F", "5")
    monkeypatch.setattr(maps, "_MAP_BLOCK", 7)
    monkeypatch.setattr(engine, "_RSSI_BLOCK", 3)
    blocks = coverage_maps(b, settings(grid_m=1.0), aps, "1F", "5")
    assert np.isfinite(whole.rssi_dbm[-1]).any() != cull
    for name in ("rssi_dbm", "best_rssi_dbm", "second_rssi_dbm", "serving", "snr_db", "sinr_db", "overlap_count",
                 "rate_mbps", "cochannel_count"):
        np.testing.assert_array_equal(getattr(blocks, name), getattr(whole, name), err_msg=name)
