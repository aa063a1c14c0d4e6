"""MCS table: rates against the published HE/EHT table, SNR floors, MCS from SNR."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.library import load_library

MCS = load_library().mcs

# Published rates, 0.8 us GI, Mbit/s (standards.md 2.1 [S22]-[S24]): (mcs, width, streams, rate).
PUBLISHED = [
    (0, 20, 1, 8.6), (0, 20, 2, 17.2), (0, 80, 1, 36.0), (0, 320, 2, 288.2),
    (3, 40, 2, 137.6), (5, 160, 1, 576.5), (7, 20, 1, 86.0), (7, 80, 2, 720.6),
    (9, 20, 2, 229.4), (9, 40, 2, 458.8), (9, 80, 1, 480.4), (10, 160, 2, 2161.8),
    (11, 20, 1, 143.4), (11, 80, 2, 1201.0), (11, 160, 2, 2402.0), (11, 320, 2, 4803.9),
    (12, 20, 2, 309.7), (13, 80, 1, 720.6), (13, 320, 2, 5764.7),
]


@pytest.mark.parametrize(("mcs", "width", "streams", "rate"), PUBLISHED)
def test_rate_reproduces_published_table(mcs: int, width: int, streams: int, rate: float) -> None:
    assert MCS.rate_mbps(mcs, width, streams) == pytest.approx(rate, abs=0.1)


def test_rate_formula_by_hand() -> None:
    # N_SD 980 x 10 bits x 5/6 x 2 SS / 13.6 us = 1200.98 Mbit/s.
    assert MCS.rate_mbps(11, 80, 2) == pytest.approx(980 * 10 * 5 / 6 * 2 / 13.6, rel=1e-12)
    # Longer guard interval (3.2 us) lowers the rate: 234 x 1 x 1/2 / 16 us.
    assert MCS.rate_mbps(0, 20, 1, gi_us=3.2) == pytest.approx(234 * 0.5 / 16.0)


def test_rate_broadcasts_over_mcs_and_streams() -> None:
    rates = MCS.rate_mbps(np.array([[0], [9]]), 20, np.array([1, 2]))
    assert rates.shape == (2, 2)
    assert_allclose(rates, [[8.6, 17.2], [114.7, 229.4]], atol=0.06)
    assert isinstance(MCS.rate_mbps(9, 20, 2), float)


def test_rates_mbps_is_monotonic_per_width() -> None:
    for width in MCS.widths_mhz:
        rates = MCS.rates_mbps(width, 2)
        assert rates.shape == (14,)
        assert np.all(np.diff(rates) > 0)


def test_table_shape_and_constants() -> None:
    assert MCS.widths_mhz == [20, 40, 80, 160, 320]
    assert MCS.data_subcarriers == {20: 234, 40: 468, 80: 980, 160: 1960, 320: 3920}
    assert (MCS.symbol_us, MCS.gi_us) == (12.8, 0.8)
    assert MCS.indices.tolist() == list(range(14))
    assert MCS.max_mcs == {"wifi6": 11, "wifi6e": 11, "wifi7": 13}
    assert MCS.mac_efficiency == 0.5 and "[S41]" in MCS.mac_efficiency_source
    assert "[S24]" in MCS.source


@pytest.mark.parametrize(
    ("width", "first", "mcs9", "mcs11"),
    [(20, 2, 31, 36), (40, 5, 34, 39), (80, 8, 37, 42), (160, 11, 40, 45), (320, 14, 43, 48)],
)
def test_min_snr_matches_hostap_floors(width: int, first: float, mcs9: float, mcs11: float) -> None:
    snr = MCS.min_snr_db(width)
    assert (snr[0], snr[9], snr[11]) == (first, mcs9, mcs11)
    assert np.all(np.diff(snr) > 0)


def test_min_snr_rises_3_db_per_width_doubling() -> None:
    assert_allclose(MCS.min_snr_db(40) - MCS.min_snr_db(20), 3.0)
    assert_allclose(MCS.min_snr_db(320) - MCS.min_snr_db(160), 3.0)


def test_sensitivity_published_values() -> None:
    # 802.11ax minimum sensitivity [S25], [S26]: MCS0 20 MHz -82 dBm, MCS11 160 MHz -43 dBm.
    assert MCS.sensitivity_dbm(20)[0] == -82
    assert MCS.sensitivity_dbm(160)[11] == -43
    assert MCS.sensitivity_dbm(80)[9] == -51


def test_arrays_are_read_only() -> None:
    with pytest.raises(ValueError):
        MCS.min_snr_db(20)[0] = 0.0


def test_mcs_for_snr_vectorised() -> None:
    snr = np.array([[np.nan, 1.9, 2.0], [31.0, 36.0, 99.0]])
    got = MCS.mcs_for_snr(snr, 20)
    assert got.tolist() == [[-1, -1, 0], [9, 11, 13]]
    assert MCS.mcs_for_snr(99.0, 20, max_mcs=MCS.max_mcs["wifi6"]).tolist() == 11
    assert MCS.mcs_for_snr(36.9, 80).tolist() == 8  # 80 MHz floors are 6 dB above 20 MHz


@pytest.mark.parametrize("width", [0, 30, 640, 20.5])
def test_unknown_width_raises(width: float) -> None:
    with pytest.raises(ValueError, match="unknown channel width"):
        MCS.min_snr_db(width)


@pytest.mark.parametrize(("mcs", "streams"), [(14, 1), (-1, 1), (0, 0)])
def test_rate_rejects_bad_mcs_or_streams(mcs: int, streams: int) -> None:
    with pytest.raises(ValueError):
        MCS.rate_mbps(mcs, 20, streams)
