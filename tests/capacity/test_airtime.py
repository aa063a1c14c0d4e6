"""Airtime per AP, channel overlap, utilisation over the hearing graph."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.capacity.airtime import CCA_THRESHOLD_DBM, ap_airtime, channel_utilisation, overlap_matrix


def test_airtime_is_demand_over_rate_times_efficiency():
    serving = np.array([0, 0, 1, 1, -1])
    rate = np.array([286.8, 143.4, 100.0, 0.0, 50.0])
    demand = np.array([10.0, 10.0, 20.0, 7.0, 3.0])
    devices = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    air, clients, dem, unserved = ap_airtime(serving, rate, demand, devices, 3, mac_efficiency=0.5)
    assert_allclose(air, [10 / 143.4 + 10 / 71.7, 20 / 50.0, 0.0])
    assert_allclose(clients, [3.0, 3.0, 0.0])      # the point below MCS 0 cannot associate
    assert_allclose(dem, [20.0, 20.0, 0.0])
    assert unserved == pytest.approx(10.0)


def test_airtime_rejects_bad_efficiency():
    with pytest.raises(ValueError):
        ap_airtime(np.zeros(1, int), np.ones(1), np.ones(1), np.ones(1), 1, mac_efficiency=0.0)


def test_overlap_matrix_bonded_and_24ghz():
    m = overlap_matrix("5", [(36, 20), (38, 40), (42, 80), (52, 20), (100, 20)])
    assert m.tolist() == [
        [True, True, True, False, False],
        [True, True, True, False, False],
        [True, True, True, False, False],
        [False, False, False, True, False],
        [False, False, False, False, True],
    ]
    m24 = overlap_matrix("2.4", [(1, 20), (5, 20), (3, 20), (6, 20)])
    assert m24[0].tolist() == [True, False, True, False]   # 1 and 5 touch; 1 and 3 overlap; 1 and 6 clear
    assert bool(m24[2, 1])


def test_utilisation_counts_heard_cochannel_airtime_only():
    air = np.array([0.2, 0.3, 0.25])
    hear = np.array([[-np.inf, -81.0, -50.0], [-83.0, -np.inf, -90.0], [-60.0, -95.0, -np.inf]])
    same = np.ones((3, 3), bool)
    u = channel_utilisation(air, hear, same)
    # AP0 hears AP1 (-81 >= -82) and AP2; AP1 hears nobody; AP2 hears AP0
    assert_allclose(u, [0.75, 0.3, 0.45])
    # on different channels nobody shares
    u2 = channel_utilisation(air, hear, np.eye(3, dtype=bool))
    assert_allclose(u2, air)
    assert CCA_THRESHOLD_DBM == -82.0


def test_utilisation_shape_check():
    with pytest.raises(ValueError):
        channel_utilisation(np.ones(2), np.zeros((3, 3)), np.ones((3, 3), bool))
