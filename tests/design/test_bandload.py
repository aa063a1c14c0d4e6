"""Airtime weight of the 6 GHz share on the design band: the rate factor against the MCS tables."""

from __future__ import annotations

import numpy as np

from wifiplan.design.bandload import SIX_GHZ_EXTRA_LOSS_DB, rate_factor
from wifiplan.model.plan import Settings

from .test_bounds import _building, _setup


def test_rate_factor_at_top_mcs_is_the_width_ratio():
    """Where both radios run MCS 11 (−40 dBm and up), a 2-stream laptop gets 286.76 Mbit/s at 20 MHz
    and 573.53 at 40 MHz: factor 286.76 / 573.53 = 0.5."""
    f = rate_factor(Settings(), "5", 20, "laptop", "6", 40, ["laptop"], 2, "wifi6e", -40.0)
    np.testing.assert_allclose(f, 286.76 / 573.53, rtol=1e-3)


def test_rate_factor_grows_with_the_weaker_6ghz_signal_and_stays_under_one():
    """Over the covered range with the 6 GHz signal 3 dB weaker, the worst ratio is above 0.5
    (the 40 MHz radio drops an MCS earlier) and under 1 (40 MHz still carries more)."""
    f0 = rate_factor(Settings(), "5", 20, "laptop", "6", 40, ["laptop", "phone"], 2, "wifi6e", -67.0)
    f3 = rate_factor(Settings(), "5", 20, "laptop", "6", 40, ["laptop", "phone"], 2, "wifi6e", -67.0,
                     extra_loss_db=SIX_GHZ_EXTRA_LOSS_DB)
    assert 0.5 < f0 <= f3 < 1.0


def test_rate_factor_is_infinite_when_6ghz_has_no_rate():
    """At −92 dBm a 20 MHz radio still has MCS 0 (SNR 3 dB over −95 dBm noise), a 40 MHz radio heard
    30 dB weaker has none: the 6 GHz share cannot be priced, the factor says so."""
    assert rate_factor(Settings(), "5", 20, "laptop", "6", 40, ["laptop"], 2, "wifi6e", -92.0,
                       extra_loss_db=30.0) == float("inf")


def test_band_load_halves_roughly_the_office_weight_and_keeps_devices():
    """Office mix {laptop 0.3, laptop-wifi6 0.2, phone 0.5}: 6 GHz carries 0.8, 5 GHz 0.2. The search's
    weight was 0.8 (busiest band); priced at 40 MHz it is 0.8 × factor (≈ 0.83 × 0.8 = 0.67), and
    never under the 5 GHz share; devices (the client limit) are untouched."""
    ws, _c, _e, _b = _setup(_building(40, use="office"))
    f = ws.floors[0]
    m = f.band_frac[:, 0] > 0
    weight = f.total_mbps[m] / f.demand.total_mbps[m]
    assert np.all(weight >= f.band_frac[m, 1] - 1e-12) and np.all(weight < f.band_frac[m].max(axis=1))
    raw, *_ = _setup(_building(40, use="office"), band_load=False)
    np.testing.assert_allclose(raw.floors[0].total_mbps[m] / f.demand.total_mbps[m], f.band_frac[m].max(axis=1))
    np.testing.assert_allclose(raw.floors[0].devices, f.devices)


def test_no_change_when_6ghz_is_not_wider_than_the_design_width():
    """Design at 40 MHz, 6 GHz at 40 MHz: same rates, so the search keeps the busiest band's share."""
    from wifiplan.design.bandload import apply_band_load

    ws, *_ = _setup(_building(40, use="office"), band_load=False)
    before = [f.total_mbps.copy() for f in ws.floors]
    assert apply_band_load(ws, ws.building, ws.settings, ws.spec, 40, 40) == {}
    for f, b in zip(ws.floors, before, strict=True):
        np.testing.assert_array_equal(f.total_mbps, b)
