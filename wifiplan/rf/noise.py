"""Receiver noise floor per band and channel width."""

from __future__ import annotations

import math

from wifiplan.model.common import band_key
from wifiplan.model.plan import DEFAULT_NOISE_FLOOR_DBM, Settings

__all__ = ["noise_floor_dbm"]


def noise_floor_dbm(settings: Settings, band: str, width_mhz: float) -> float:
    """Noise floor in dBm: ``settings.noise_floor_dbm[band]`` (20 MHz) + 10·log10(width/20).

    Thermal noise rises 3 dB per doubling of bandwidth (derived from
    −174 dBm/Hz + 10·log10(B)). A band missing from the settings takes the default
    (``DEFAULT_NOISE_FLOOR_DBM``: −92 / −95 / −95 dBm, see wifiplan.model.plan).

    >>> from wifiplan.model.plan import Settings
    >>> round(noise_floor_dbm(Settings(), "5", 80), 2)
    -88.98

    Raises
    ------
    ValueError
        If ``width_mhz`` is not positive.
    """
    if not width_mhz > 0:
        raise ValueError(f"width_mhz must be > 0 (got {width_mhz})")
    key = band_key(band)
    base = settings.noise_floor_dbm.get(key, DEFAULT_NOISE_FLOOR_DBM[key])
    return float(base) + 10.0 * math.log10(float(width_mhz) / 20.0)
