"""Channel centre frequencies and channel overlap (IEEE 802.11 channel numbering)."""

from __future__ import annotations

from wifiplan.model.common import band_key

__all__ = ["BASE_MHZ", "centre_mhz", "channel_span_mhz", "channels_overlap", "member_channels"]

#: Centre of 20 MHz channel n is ``base + 5 n`` MHz; 2.4 GHz channel 14 is 2484 MHz
#: (IEEE 802.11-2020 §19.3.15 / §27.3.23; same numbering as wifiplan.library.regulatory).
BASE_MHZ: dict[str, float] = {"2.4": 2407.0, "5": 5000.0, "6": 5950.0}


def centre_mhz(band: str, channel: int) -> float:
    """Centre frequency in MHz of ``channel`` on ``band`` (the centre channel when bonded).

    >>> centre_mhz("2.4", 1), centre_mhz("2.4", 14), centre_mhz("5", 36), centre_mhz("6", 1)
    (2412.0, 2484.0, 5180.0, 5955.0)

    Raises
    ------
    ValueError
        If the band is unknown.
    """
    key = band_key(band)
    if key == "2.4" and int(channel) == 14:
        return 2484.0
    return BASE_MHZ[key] + 5.0 * float(channel)


def channel_span_mhz(band: str, channel: int, width_mhz: int) -> tuple[float, float]:
    """Occupied band ``(low, high)`` in MHz of a channel of ``width_mhz`` centred on ``channel``.

    >>> channel_span_mhz("5", 38, 40)
    (5170.0, 5210.0)
    """
    centre = centre_mhz(band, channel)
    half = float(width_mhz) / 2.0
    return centre - half, centre + half


def member_channels(band: str, channel: int, width_mhz: int) -> list[int]:
    """The 20 MHz channel numbers a bonded channel covers (5 and 6 GHz numbering: 4 apart).

    >>> member_channels("5", 42, 80)
    [36, 40, 44, 48]
    """
    count = max(1, int(width_mhz) // 20)
    return [int(channel) - 2 * (count - 1) + 4 * k for k in range(count)]


def channels_overlap(band_a: str, channel_a: int, width_a_mhz: int, band_b: str, channel_b: int, width_b_mhz: int) -> bool:
    """True when two channels share spectrum: their occupied bands intersect by more than 0 MHz.

    On 5 and 6 GHz this is exactly "their 20 MHz member channels intersect"; on 2.4 GHz it
    treats channels 1, 5, 9, 13 (or 1, 6, 11) at 20 MHz as non-overlapping and 1 vs 3 as
    overlapping. Overlapping channels are modelled as fully co-channel (no adjacent-channel
    rejection credit).

    >>> channels_overlap("5", 36, 20, "5", 38, 40), channels_overlap("5", 36, 20, "5", 40, 20)
    (True, False)
    """
    if band_key(band_a) != band_key(band_b):
        return False
    lo_a, hi_a = channel_span_mhz(band_a, channel_a, width_a_mhz)
    lo_b, hi_b = channel_span_mhz(band_b, channel_b, width_b_mhz)
    return min(hi_a, hi_b) - max(lo_a, lo_b) > 1e-9
