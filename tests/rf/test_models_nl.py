"""multiwall-nl: nested in multiwall (w = 1), hand-checked weights, registered by name; per-AP/per-band params."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.calibrate import synth
from wifiplan.errors import ConfigError
from wifiplan.rf.engine import path_loss_db, rssi_dbm
from wifiplan.rf.models import MODELS, get_model
from wifiplan.rf.models_nl import DEFAULT_WALL_WEIGHT, effective_counts, multiwall_nl, wall_weight
from wifiplan.rf.settings import make_settings


def _pl(b, s, rx, *, rx_floor="1F", model=None):
    return path_loss_db(b, s, tx_floor="1F", tx_xy=np.array([[5.0, 8.0]]), tx_height_m=2.7, rx_floor=rx_floor,
                        rx_xy=rx, band="5", freq_mhz=5180.0, model=model)


def test_registered_by_name_with_default_weight() -> None:
    assert get_model("multiwall-nl") is multiwall_nl and MODELS["multiwall-nl"] is multiwall_nl
    s = make_settings(synth.building(), model="multiwall-nl")
    assert s.params["wall_weight"] == DEFAULT_WALL_WEIGHT == 0.83


def test_weight_one_is_multiwall() -> None:
    b = synth.building()
    rx = np.random.default_rng(0).uniform(1, 59, (300, 2))
    s1 = make_settings(b, model="multiwall-nl", params={"wall_weight": {"5": 1.0}})
    s0 = make_settings(b)
    assert_allclose(_pl(b, s1, rx), _pl(b, s0, rx), atol=1e-9)
    assert_allclose(_pl(b, s1, rx, rx_floor="2F"), _pl(b, s0, rx, rx_floor="2F"), atol=1e-9)


def test_hand_computed_two_walls() -> None:
    # AP (5, 8) → receiver (21, 8) on 1F crosses drywall (4 dB at 5 GHz) at x=10 and brick
    # (8.7 dB) at x=20: the stronger counts 1, the other w = 0.5.
    b = synth.building()
    s_nl = make_settings(b, model="multiwall-nl", params={"wall_weight": {"5": 0.5}})
    s_mw = make_settings(b)
    rx = np.array([[21.0, 8.0]])
    diff = _pl(b, s_mw, rx) - _pl(b, s_nl, rx)
    # multiwall: 8.7 + 4 ; nl: 8.7 + 0.5·4  → 2 dB less
    assert_allclose(diff, [[2.0]], atol=1e-9)


def test_slabs_weighted_across_floors() -> None:
    b = synth.building()
    s_nl = make_settings(b, model="multiwall-nl", params={"wall_weight": 0.5})
    s_mw = make_settings(b)
    rx = np.array([[30.0, 30.0]])
    # one slab only: no reduction (the first crossing always counts fully)
    assert_allclose(_pl(b, s_nl, rx, rx_floor="2F"), _pl(b, s_mw, rx, rx_floor="2F"), atol=1e-9)


def test_bad_weight_is_a_config_error() -> None:
    s = make_settings(synth.building(), model="multiwall-nl", params={"wall_weight": 1.5})
    with pytest.raises(ConfigError, match="wall_weight"):
        wall_weight(s, "5")


def test_effective_counts_orders_by_loss() -> None:
    assert_allclose(effective_counts(np.array([[1, 1, 1]]), np.array([2.0, 9.0, 5.0]), 0.5), [[0.25, 1.0, 0.5]])


def test_per_ap_offset_and_per_band_exponent_are_honoured() -> None:
    b = synth.building()
    aps = synth.aps()
    base = make_settings(b)
    rx = np.array([[30.0, 5.0], [50.0, 35.0]])
    ref = rssi_dbm(b, base, aps, "5", "1F", rx, cull_rssi_dbm=None)
    s = make_settings(b, params={"eirp_offset_db_per_ap": {"5": {aps[1].name: 3.5}}})
    got = rssi_dbm(b, s, aps, "5", "1F", rx, cull_rssi_dbm=None)
    expect = ref.copy()
    expect[1] += 3.5
    assert_allclose(got, expect, atol=1e-9)
    s2 = make_settings(b, params={"path_loss_exponent_per_band": {"5": 3.0}, "eirp_offset_db_per_ap": {"2.4": {aps[1].name: 9}}})
    s3 = make_settings(b, path_loss_exponent=3.0)
    assert_allclose(rssi_dbm(b, s2, aps, "5", "1F", rx), rssi_dbm(b, s3, aps, "5", "1F", rx), atol=1e-9)
