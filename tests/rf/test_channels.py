"""Channel centre frequencies, spans and overlap; the noise floor per width."""

from __future__ import annotations

import pytest

from tests.rf.helpers import settings
from wifiplan.library import get_domain
from wifiplan.rf.channels import (
    centre_channel,
    centre_mhz,
    channel_span_mhz,
    channels_overlap,
    member_channels,
    primary_channel,
)
from wifiplan.rf.noise import noise_floor_dbm


@pytest.mark.parametrize(("band", "ch", "mhz"), [("2.4", 1, 2412), ("2.4", 13, 2472), ("2.4", 14, 2484),
                                                  ("5", 36, 5180), ("5", 165, 5825), ("6", 1, 5955), ("6", 233, 7115)])
def test_centre_frequencies(band, ch, mhz):
    assert centre_mhz(band, ch) == mhz


def test_members_and_spans():
    assert member_channels("5", 50, 160) == [36, 40, 44, 48, 52, 56, 60, 64]
    assert member_channels("6", 7, 80) == [1, 5, 9, 13]
    assert channel_span_mhz("5", 42, 80) == (5170.0, 5250.0)


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [(("5", 36, 20), ("5", 36, 20), True), (("5", 36, 20), ("5", 40, 20), False),
     (("5", 42, 80), ("5", 48, 20), True), (("5", 42, 80), ("5", 52, 20), False),
     (("2.4", 1, 20), ("2.4", 6, 20), False), (("2.4", 1, 20), ("2.4", 3, 20), True),
     (("2.4", 1, 20), ("2.4", 5, 20), False), (("5", 36, 20), ("6", 36, 20), False)],
)
def test_overlap(a, b, overlap):
    assert channels_overlap(*a, *b) is overlap
    assert channels_overlap(*b, *a) is overlap


def test_noise_floor_per_width():
    s = settings(noise_floor_dbm={"5": -94.0})
    assert noise_floor_dbm(s, "5", 20) == -94.0
    assert noise_floor_dbm(s, "5", 40) == pytest.approx(-94.0 + 3.0103, abs=1e-4)
    assert noise_floor_dbm(s, "2.4", 20) == -92.0  # default for a band not in the settings
    with pytest.raises(ValueError):
        noise_floor_dbm(s, "5", 0)


@pytest.mark.parametrize("code", ["JP", "US", "EU"])
@pytest.mark.parametrize("band", ["5", "6"])
def test_primary_and_centre_numbers_agree_with_the_regulatory_tables(code, band):
    """Every bonded channel of the library: each member names it, the primary is its lowest member."""
    dom = get_domain(code)
    if band not in dom.band_keys:
        pytest.skip("this country has no such band in the library")
    for width in (40, 80, 160):
        for ch in dom.channels(band, width):
            if width == 160 and band == "6" and ch.members[0] % 32 != 1:
                continue
            assert primary_channel(band, ch.number, width) == ch.members[0]
            for m in ch.members:
                assert centre_channel(band, m, width) == ch.number, (code, band, width, m)
            assert centre_mhz(band, ch.members[0], width) == ch.centre_mhz
            assert member_channels(band, ch.members[0], width) == list(ch.members)


def test_old_centre_index_and_primary_overlap_the_same():
    # 80 MHz on 36-48 written as centre 42 (old plans) or primary 36 (new plans): 5170-5250 MHz both
    assert channel_span_mhz("5", 36, 80) == channel_span_mhz("5", 42, 80) == (5170.0, 5250.0)
    assert channels_overlap("5", 36, 80, "5", 48, 20) and not channels_overlap("5", 36, 80, "5", 52, 20)
    assert centre_channel("5", 36, 20) == 36 and centre_channel("2.4", 6, 20) == 6
