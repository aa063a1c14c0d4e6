"""Contention that counts clients: CCA by width, loudest client heard, utilisation per radio."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.capacity.contention import (
    CLIENT_LEVEL_MARGIN_DB,
    cca_threshold_dbm,
    client_heard_dbm,
    client_heard_levels_dbm,
    client_levels,
    contention_utilisation,
)


@pytest.mark.parametrize(("width", "dbm"), [(20, -82.0), (40, -79.0), (80, -76.0), (160, -73.0), (320, -70.0)])
def test_cca_threshold_three_db_per_doubling(width, dbm):
    assert_allclose(cca_threshold_dbm(width), dbm, atol=1e-12)


def test_cca_rejects_zero_width():
    with pytest.raises(ValueError):
        cca_threshold_dbm(np.array([20, 0]))


def test_client_heard_is_client_eirp_minus_smallest_path_loss_of_the_cell():
    # AP0 EIRP 20 dBm, AP1 EIRP 10 dBm; points 0,1 served by AP0, 2,3 by AP1
    rssi = np.array([[-50.0, -70.0, -85.0, -100.0],
                     [-90.0, -75.0, -40.0, -60.0]])
    eirp = np.array([20.0, 10.0])
    serving = np.array([0, 0, 1, 1])
    out = client_heard_dbm(rssi, eirp, serving, 18.0)
    # AP1 hears cell 0: path loss 10 - (-75) = 85 dB at point 1 (smallest) -> 18 - 85 = -67
    # AP0 hears cell 1: path loss 20 - (-85) = 105 dB at point 2 -> 18 - 105 = -87
    assert_allclose(out, [[18 - 70, -87.0], [-67.0, 18 - 50]])


def test_client_heard_per_point_eirp_mask_and_empty_cell():
    rssi = np.array([[-50.0, -60.0, -70.0], [-80.0, -60.0, -90.0]])
    eirp = np.array([20.0, 20.0])
    serving = np.array([0, 0, -1])
    client = np.array([12.0, 18.0, 30.0])   # a phone at point 0, a laptop at point 1
    out = client_heard_dbm(rssi, eirp, serving, client, n_cells=3, mask=np.array([True, True, True]))
    # AP0 at cell 0: phone 12 - 70 = -58 beats laptop 18 - 80 = -62; AP1: phone -88, laptop -62;
    # the unserved point 2 (30 dBm) is ignored
    assert_allclose(out[:, 0], [12 - 70, -62.0])
    assert np.all(np.isneginf(out[:, 1:]))
    masked = client_heard_dbm(rssi, eirp, serving, client, mask=np.array([True, False, True]))
    assert_allclose(masked[:, 0], [12 - 70, 12 - 100])


def test_client_heard_combines_floors_with_maximum():
    a = client_heard_dbm(np.array([[-60.0], [-90.0]]), np.array([20.0, 20.0]), np.array([0]), 18.0)
    b = client_heard_dbm(np.array([[-95.0], [-70.0]]), np.array([20.0, 20.0]), np.array([1]), 18.0)
    both = np.maximum(a, b)
    assert_allclose(both, [[-62.0, -97.0], [-92.0, -72.0]])


@pytest.mark.parametrize("bad", [
    dict(rssi_dbm=np.zeros(3), eirp_dbm=np.zeros(1), serving=np.zeros(3, int)),
    dict(rssi_dbm=np.zeros((2, 3)), eirp_dbm=np.zeros(3), serving=np.zeros(3, int)),
    dict(rssi_dbm=np.zeros((2, 3)), eirp_dbm=np.zeros(2), serving=np.array([0, 1, 2])),
])
def test_client_heard_rejects_bad_shapes(bad):
    with pytest.raises(ValueError):
        client_heard_dbm(client_eirp_dbm=18.0, **bad)


def _three():
    air = np.array([0.2, 0.3, 0.1])
    return air, np.ones((3, 3), bool)


def test_mutual_ap_hearing_counts_the_whole_airtime_either_direction():
    air, ov = _three()
    ap = np.full((3, 3), -120.0)
    ap[0, 1] = -81.0          # AP0 hears AP1 (above -82); AP1 does not hear AP0
    cl = np.full((3, 3), -120.0)
    u = contention_utilisation(air, ap, cl, ov, 0.3)
    assert_allclose(u, [0.2 + 0.3, 0.3 + 0.2, 0.1])


def test_clients_heard_count_only_the_uplink_share():
    air, ov = _three()
    ap = np.full((3, 3), -120.0)
    cl = np.full((3, 3), -120.0)
    cl[2, 0] = -70.0          # a laptop of cell 0 reaches AP2, AP0 and AP2 do not hear each other
    u = contention_utilisation(air, ap, cl, ov, np.array([0.4, 0.5, 0.5]))
    assert_allclose(u, [0.2, 0.3, 0.1 + 0.2 * 0.4])


def test_non_overlapping_channels_do_not_count():
    air, _ = _three()
    ov = np.eye(3, dtype=bool)
    ap = np.full((3, 3), -40.0)
    u = contention_utilisation(air, ap, ap, ov, 1.0)
    assert_allclose(u, air)


def test_wide_channel_threshold_is_per_receiving_radio():
    air, ov = _three()
    ap = np.full((3, 3), -120.0)
    ap[0, 1] = ap[1, 0] = -78.0   # heard at 20 MHz (-82) but not at 160 MHz (-73)
    cl = np.full((3, 3), -120.0)
    narrow = contention_utilisation(air, ap, cl, ov, 0.5, cca_dbm=cca_threshold_dbm(np.array([20, 20, 20])))
    wide = contention_utilisation(air, ap, cl, ov, 0.5, cca_dbm=cca_threshold_dbm(np.array([160, 160, 20])))
    assert_allclose(narrow, [0.5, 0.5, 0.1])
    assert_allclose(wide, air)


def test_client_counting_never_lowers_utilisation_of_the_old_model():
    rng = np.random.default_rng(1)
    n = 12
    air = rng.uniform(0, 0.3, n)
    ap = rng.uniform(-100, -60, (n, n))
    cl = ap + rng.uniform(0, 20, (n, n))        # clients are louder than APs here
    ov = rng.random((n, n)) < 0.5
    ov = ov | ov.T
    from wifiplan.capacity.airtime import channel_utilisation

    old = channel_utilisation(air, ap, ov)
    new = contention_utilisation(air, ap, cl, ov, 0.3)
    assert np.all(new >= old - 1e-12)


@pytest.mark.parametrize("bad", [
    dict(airtime_frac=np.zeros((2, 2))),
    dict(ap_heard_dbm=np.zeros((2, 2))),
    dict(overlap=np.ones((3, 2), bool)),
    dict(uplink_share=1.5),
])
def test_contention_rejects_bad_input(bad):
    args = dict(airtime_frac=np.zeros(3), ap_heard_dbm=np.zeros((3, 3)), client_heard_dbm=np.zeros((3, 3)),
                overlap=np.ones((3, 3), bool), uplink_share=0.5)
    args.update(bad)
    with pytest.raises(ValueError):
        contention_utilisation(**args)


def test_client_heard_adds_the_receiving_ap_antenna_gain():
    # RSSI of AP0 at the point -60 dBm from 20 dBm EIRP: 80 dB between antennas; a laptop
    # (18 dBm EIRP) reaches AP0's receiver at 18 - 80 + 5 dBi = -57 dBm
    out = client_heard_dbm(np.array([[-60.0]]), np.array([20.0]), np.array([0]), 18.0, rx_gain_dbi=5.0)
    assert_allclose(out, [[-57.0]])


def test_client_levels_keep_only_what_can_reach_cca():
    # AP0: EIRP 20 dBm, gain 4 dBi, CCA -82 dBm, loudest client 18 dBm:
    # heard = rssi - 20 + 18 + 4 >= -82 - 1  <=>  rssi >= -83 - 2 = -85 dBm
    rssi = np.array([[-84.9, -85.0, -85.1, -np.inf]])
    lv = client_levels(rssi, np.array([20.0]), loudest_client_eirp_dbm=18.0, cca_dbm=-82.0, rx_gain_dbi=4.0)
    assert CLIENT_LEVEL_MARGIN_DB == 1.0
    assert lv.point.tolist() == [0, 1]
    assert lv.rssi_dbm.tolist() == [-84.9, -85.0]


def _random_case(seed: int):
    rng = np.random.default_rng(seed)
    k, n = 7, 40
    rssi = rng.uniform(-130.0, -75.0, (k, n))
    rssi[rng.random((k, n)) < 0.2] = -np.inf
    eirp = rng.uniform(3.0, 23.0, k)
    gain = rng.uniform(0.0, 6.0, k)
    serving = rng.integers(-1, k, n)
    client = rng.choice([12.0, 15.0, 18.0, -np.inf], n)
    mask = rng.random(n) < 0.8
    cca = cca_threshold_dbm(rng.choice([20, 40, 80], k))
    return rssi, eirp, gain, serving, client, mask, cca


@pytest.mark.parametrize("seed", range(6))
def test_sparse_client_heard_equals_the_dense_one_wherever_it_can_matter(seed):
    rssi, eirp, gain, serving, client, mask, cca = _random_case(seed)
    dense = client_heard_dbm(rssi, eirp, serving, client, mask=mask, rx_gain_dbi=gain)
    lv = client_levels(rssi, eirp, loudest_client_eirp_dbm=18.0, cca_dbm=cca, rx_gain_dbi=gain)
    sparse = client_heard_levels_dbm(lv, eirp, serving, client, mask=mask, rx_gain_dbi=gain)
    assert lv.rssi_dbm.size < np.isfinite(rssi).sum()              # some levels were dropped
    floor = np.broadcast_to((cca - CLIENT_LEVEL_MARGIN_DB)[:, None], dense.shape)
    near = dense >= floor
    assert near.any() and (~near & np.isfinite(dense)).any()       # both cases occur
    assert np.array_equal(sparse[near], dense[near])                # bit for bit
    assert np.all(sparse[~near] < floor[~near])
    assert np.all(sparse <= dense)
    # so the utilisation, which only compares them with CCA, is the same bit for bit
    k = len(eirp)
    rng = np.random.default_rng(seed)
    air = rng.uniform(0.0, 0.3, k)
    ap = rng.uniform(-100.0, -60.0, (k, k))
    ov = rng.random((k, k)) < 0.6
    u_dense = contention_utilisation(air, ap, dense, ov, 0.3, cca_dbm=cca)
    u_sparse = contention_utilisation(air, ap, sparse, ov, 0.3, cca_dbm=cca)
    assert np.array_equal(u_dense, u_sparse)


def test_client_levels_reject_bad_shapes():
    with pytest.raises(ValueError):
        client_levels(np.zeros(3), np.zeros(1), loudest_client_eirp_dbm=18.0)
    with pytest.raises(ValueError):
        client_levels(np.zeros((2, 3)), np.zeros(3), loudest_client_eirp_dbm=18.0)
    lv = client_levels(np.zeros((2, 3)), np.zeros(2), loudest_client_eirp_dbm=18.0)
    with pytest.raises(ValueError):
        client_heard_levels_dbm(lv, np.zeros(2), np.array([0, 1, 2]), 18.0)
    with pytest.raises(ValueError):
        client_heard_levels_dbm(lv, np.zeros(3), np.array([0, 1, 1]), 18.0)
