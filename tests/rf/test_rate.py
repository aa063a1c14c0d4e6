"""Expected PHY rate from SNR via the library MCS table (standards.md §2.1, §2.3)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.errors import ConfigError
from wifiplan.rf.rate import mcs_from_snr, phy_rate_mbps


@pytest.mark.parametrize(
    ("snr", "width", "streams", "gen", "mbps"),
    [(1.9, 20, 1, "wifi6", 0.0), (2.0, 20, 1, "wifi6", 8.6), (25.0, 20, 2, "wifi6", 172.1),
     (36.0, 20, 2, "wifi6", 286.8), (60.0, 20, 1, "wifi6", 143.4), (60.0, 20, 1, "wifi7", 172.1),
     (42.0, 80, 2, "wifi6", 1201.0), (41.9, 80, 2, "wifi6", 1080.9), (37.0, 80, 1, "wifi6e", 480.4)],
)
def test_rates_from_the_published_table(snr, width, streams, gen, mbps):
    assert_allclose(float(phy_rate_mbps(snr, width, streams, gen)), mbps, atol=0.05)


def test_vectorised_and_nan():
    out = phy_rate_mbps(np.array([[np.nan, 10.0], [30.0, -5.0]]), 20, 1, "wifi6")
    assert out.shape == (2, 2) and out[0, 0] == 0 and out[1, 1] == 0 and out[1, 0] > out[0, 1] > 0
    assert mcs_from_snr(np.array([1.0, 29.0]), 20).tolist() == [-1, 8]


def test_bad_inputs():
    with pytest.raises(ValueError):
        phy_rate_mbps(20.0, 30, 1, "wifi6")
    with pytest.raises(ValueError):
        phy_rate_mbps(20.0, 20, 0, "wifi6")
    with pytest.raises(ConfigError, match="wifi6"):
        phy_rate_mbps(20.0, 20, 1, "wifi5")
