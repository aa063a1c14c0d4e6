"""Expected PHY rate from SNR: the highest MCS whose SNR floor is met (library MCS table)."""

from __future__ import annotations

import numpy as np

__all__ = ["mcs_from_snr", "phy_rate_mbps"]


def _table():
    from wifiplan.library import load_library

    return load_library().mcs


def _max_mcs(generation: str | None) -> int | None:
    table = _table()
    if generation is None:
        return None
    gens = table.max_mcs
    if generation not in gens:
        from wifiplan.errors import ConfigError

        raise ConfigError(f"unknown Wi-Fi generation '{generation}'; use one of {', '.join(sorted(gens))}")
    return gens[generation]


def mcs_from_snr(snr_db: float | np.ndarray, width_mhz: int, generation: str | None = None) -> np.ndarray:
    """Highest MCS index whose SNR floor (hostap table, [S24]) ``snr_db`` meets; -1 below MCS 0.

    ``generation`` (``wifi6``, ``wifi6e``, ``wifi7``) caps the index (MCS 11 for Wi-Fi 6,
    13 for Wi-Fi 7). NaN gives -1.
    """
    return _table().mcs_for_snr(snr_db, int(width_mhz), max_mcs=_max_mcs(generation))


def phy_rate_mbps(
    snr_db: float | np.ndarray, width_mhz: int, streams: int, generation: str | None = None
) -> np.ndarray:
    """Expected PHY rate in Mbit/s for an SNR, channel width, spatial streams and generation.

    The MCS is the highest whose SNR floor at ``width_mhz`` is met
    ([S24]); the rate is N_SD·bits·R·N_SS/(12.8 + 0.8 µs) ([S22], [S23]). Below
    MCS 0 the rate is 0. Vectorised over ``snr_db`` (any shape). MAC efficiency is not
    applied (``load_library().mcs.mac_efficiency`` is the capacity stage's business).

    >>> round(float(phy_rate_mbps(30.0, 20, 2, "wifi6")), 1)   # MCS 8 at 20 MHz, 2 streams
    206.5

    Raises
    ------
    ValueError
        If the width is not in the MCS table or ``streams`` < 1.
    ConfigError
        If the generation is unknown.
    """
    if int(streams) < 1:
        raise ValueError(f"streams must be >= 1 (got {streams})")
    table = _table()
    mcs = np.asarray(mcs_from_snr(snr_db, width_mhz, generation))
    rate = np.asarray(table.rate_mbps(np.maximum(mcs, 0), int(width_mhz), int(streams)), dtype=float)
    return np.where(mcs >= 0, rate, 0.0)
