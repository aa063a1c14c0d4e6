"""Channel centre frequencies and channel overlap (IEEE 802.11 channel numbering)."""

from __future__ import annotations

from wifiplan.model.common import band_key

__all__ = ["BASE_MHZ", "centre_mhz", "centre_channel", "primary_channel", "channel_span_mhz", "channels_overlap",
           "member_channels"]

#: Centre of 20 MHz channel n is ``base + 5 n`` MHz; 2.4 GHz channel 14 is 2484 MHz
#: (IEEE 802.11-2020 §19.3.15 / §27.3.23; same numbering as wifiplan.library.regulatory).
BASE_MHZ: dict[str, float] = {"2.4": 2407.0, "5": 5000.0, "6": 5950.0}


#: First 20 MHz channel of each run of aligned bonded blocks (IEEE 802.11-2020 Annex E,
#: the 5 GHz U-NII-1..2C blocks start at 36, U-NII-3 at 149; 6 GHz blocks start at 1).
_BLOCK_BASES: dict[str, tuple[int, ...]] = {"5": (36, 149), "6": (1,)}


def _is_20mhz_number(key: str, channel: int) -> bool:
    if key == "5":
        return (36 <= channel <= 144 and channel % 4 == 0) or (channel >= 149 and (channel - 149) % 4 == 0)
    if key == "6":
        return channel % 4 == 1
    return False


def centre_channel(band: str, channel: int, width_mhz: int = 20) -> int:
    """The centre channel number of a channel given as written in a plan.

    A plan names a bonded channel either by its primary 20 MHz channel (what AP
    configurations and Ekahau show: 36 at 80 MHz) or, in plans written before, by its
    centre index (42 at 80 MHz). On 5 and 6 GHz the two never collide (bonded centres are
    not 20 MHz channel numbers), so both read the same. 2.4 GHz numbers are returned as given.

    >>> centre_channel("5", 36, 80), centre_channel("5", 42, 80), centre_channel("5", 44, 40)
    (42, 42, 46)
    >>> centre_channel("5", 157, 80), centre_channel("6", 37, 160), centre_channel("5", 40, 20)
    (155, 47, 40)
    """
    key = band_key(band)
    k = int(width_mhz) // 20
    ch = int(channel)
    if key not in _BLOCK_BASES or k <= 1 or not _is_20mhz_number(key, ch):
        return ch
    base = max(b for b in _BLOCK_BASES[key] if b <= ch) if ch >= min(_BLOCK_BASES[key]) else ch
    start = base + ((ch - base) // (4 * k)) * 4 * k
    return start + 2 * (k - 1)


def primary_channel(band: str, channel: int, width_mhz: int = 20) -> int:
    """The primary 20 MHz channel written for a channel (the lowest member of a bonded one).

    >>> primary_channel("5", 42, 80), primary_channel("5", 36, 80), primary_channel("6", 7, 80)
    (36, 36, 1)
    """
    k = int(width_mhz) // 20
    centre = centre_channel(band, channel, width_mhz)
    if band_key(band) not in _BLOCK_BASES or k <= 1:
        return centre
    return centre - 2 * (k - 1)


def centre_mhz(band: str, channel: int, width_mhz: int = 20) -> float:
    """Centre frequency in MHz of ``channel`` on ``band`` (the centre of the bonded channel
    when ``width_mhz`` > 20; ``channel`` may be its primary or its centre number).

    >>> centre_mhz("2.4", 1), centre_mhz("2.4", 14), centre_mhz("5", 36), centre_mhz("6", 1)
    (2412.0, 2484.0, 5180.0, 5955.0)
    >>> centre_mhz("5", 36, 80), centre_mhz("5", 42, 80)
    (5210.0, 5210.0)

    Raises
    ------
    ValueError
        If the band is unknown.
    """
    key = band_key(band)
    if key == "2.4" and int(channel) == 14:
        return 2484.0
    return BASE_MHZ[key] + 5.0 * float(centre_channel(key, channel, width_mhz))


def channel_span_mhz(band: str, channel: int, width_mhz: int) -> tuple[float, float]:
    """Occupied band ``(low, high)`` in MHz of a channel of ``width_mhz`` centred on ``channel``.

    >>> channel_span_mhz("5", 38, 40), channel_span_mhz("5", 36, 40)
    ((5170.0, 5210.0), (5170.0, 5210.0))
    """
    centre = centre_mhz(band, channel, width_mhz)
    half = float(width_mhz) / 2.0
    return centre - half, centre + half


def member_channels(band: str, channel: int, width_mhz: int) -> list[int]:
    """The 20 MHz channel numbers a bonded channel covers (5 and 6 GHz numbering: 4 apart).

    >>> member_channels("5", 42, 80), member_channels("5", 36, 80)
    ([36, 40, 44, 48], [36, 40, 44, 48])
    """
    count = max(1, int(width_mhz) // 20)
    channel = centre_channel(band, channel, width_mhz)
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
