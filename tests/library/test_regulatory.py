"""Regulatory domains: channel counts, numbering, centre frequencies, DFS and EIRP limits."""

from __future__ import annotations

import pydantic
import pytest

from wifiplan.library import BandPlan, Channel, channel_centre_mhz, get_domain

JP = get_domain("JP")
US = get_domain("US")
EU = get_domain("EU")


# Japan 5 GHz, derived table in standards.md 4.2: total / without DFS.
@pytest.mark.parametrize(
    ("width", "total", "no_dfs"), [(20, 20, 4), (40, 10, 2), (80, 5, 1), (160, 2, 0)]
)
def test_jp_5ghz_channel_counts(width: int, total: int, no_dfs: int) -> None:
    assert len(JP.channels("5", width)) == total
    assert len(JP.channels("5", width, avoid_dfs=True)) == no_dfs


def test_jp_5ghz_80mhz_sets() -> None:
    members = [c.members for c in JP.channels("5", 80)]
    assert members == [
        (36, 40, 44, 48), (52, 56, 60, 64), (100, 104, 108, 112),
        (116, 120, 124, 128), (132, 136, 140, 144),
    ]
    assert [c.members[0] for c in JP.channels("5", 160)] == [36, 100]


# Japan 6 GHz: 24 x 20, 12 x 40, 6 x 80, 3 x 160 MHz [S63], [S64].
@pytest.mark.parametrize(
    ("width", "count", "numbers"),
    [
        (20, 24, None),
        (40, 12, list(range(3, 92, 8))),
        (80, 6, [7, 23, 39, 55, 71, 87]),
        (160, 3, [15, 47, 79]),
        (320, 2, [31, 63]),
    ],
)
def test_jp_6ghz_channels(width: int, count: int, numbers: list[int] | None) -> None:
    channels = JP.channels("6", width)
    assert len(channels) == count
    if numbers is not None:
        assert [c.number for c in channels] == numbers
    assert all(c.indoor_only and c.max_eirp_dbm == 23.0 for c in channels)  # LPI 200 mW


def test_jp_6ghz_20mhz_numbers_and_edges() -> None:
    channels = JP.channels("6", 20)
    assert [c.number for c in channels] == list(range(1, 94, 4))
    assert channels[0].centre_mhz - 10 == 5945 and channels[-1].centre_mhz + 10 == 6425


@pytest.mark.parametrize(
    ("domain", "numbers"),
    [("JP", list(range(1, 14))), ("EU", list(range(1, 14))), ("US", list(range(1, 12)))],
)
def test_24ghz_channel_lists(domain: str, numbers: list[int]) -> None:
    assert [c.number for c in get_domain(domain).channels("2.4", 20)] == numbers


def test_24ghz_no_channel_14_and_us_has_no_12_13() -> None:
    assert JP.find("2.4", 14, 20) is None
    assert US.find("2.4", 12, 20) is None and US.find("2.4", 13, 20) is None
    assert JP.find("2.4", 13, 20) is not None


def test_24ghz_40mhz_legal_but_not_recommended() -> None:
    assert JP.widths("2.4") == [20, 40]
    assert JP.recommended_widths("2.4") == [20]
    assert all(not c.recommended for c in JP.channels("2.4", 40))
    assert all(c.recommended for c in JP.channels("2.4", 20))
    assert JP.find("2.4", 3, 40).members == (1, 5)


@pytest.mark.parametrize(
    ("domain", "band", "number", "width", "centre"),
    [
        ("JP", "5", 36, 20, 5180.0),
        ("JP", "5", 42, 80, 5210.0),
        ("JP", "5", 38, 40, 5190.0),
        ("JP", "5", 50, 160, 5250.0),
        ("JP", "5", 144, 20, 5720.0),
        ("JP", "6", 1, 20, 5955.0),
        ("JP", "6", 3, 40, 5965.0),
        ("US", "6", 233, 20, 7115.0),
        ("US", "2.4", 6, 20, 2437.0),
        ("EU", "2.4", 13, 20, 2472.0),
    ],
)
def test_centre_frequencies(domain: str, band: str, number: int, width: int, centre: float) -> None:
    channel = get_domain(domain).find(band, number, width)
    assert channel is not None
    assert channel.centre_mhz == centre
    assert channel.width_mhz == width


def test_channel_centre_helper() -> None:
    assert channel_centre_mhz(5, 149) == 5745.0
    assert channel_centre_mhz("2.4", 1) == 2412.0


def test_jp_groups_dfs_and_power() -> None:
    w52 = JP.find("5", 36, 20)
    assert (w52.group, w52.dfs, w52.indoor_only, w52.max_eirp_dbm) == ("W52", False, True, 23.0)
    w53 = JP.find("5", 60, 20)
    assert (w53.group, w53.dfs, w53.tpc, w53.max_eirp_dbm) == ("W53", True, True, 23.0)
    w56 = JP.find("5", 120, 20)
    assert (w56.group, w56.dfs, w56.indoor_only, w56.max_eirp_dbm) == ("W56", True, False, 30.0)
    # 160 MHz 36-64 spans W52 + W53: DFS, indoor, the lower EIRP; 200 mW cap at any width.
    wide = JP.find("5", 50, 160)
    assert (wide.group, wide.dfs, wide.max_eirp_dbm) == ("W52+W53", True, 23.0)
    assert JP.find("5", 106, 80).max_eirp_dbm == 30.0


def test_jp_24ghz_eirp_from_psd() -> None:
    # 10 mW/MHz conducted + 2.14 dBi allowance = 12.14 dBm/MHz -> 25.15 dBm at 20 MHz.
    assert JP.find("2.4", 1, 20).max_eirp_dbm == pytest.approx(25.2)
    # Wider channels keep the 20 MHz value (conservative cap, no 40 MHz rule in the reference).
    assert JP.find("2.4", 3, 40).max_eirp_dbm == pytest.approx(25.2)


@pytest.mark.parametrize(
    ("width", "eirp"), [(20, 18.0), (40, 21.0), (80, 24.0), (160, 27.0), (320, 30.0)]
)
def test_us_6ghz_lpi_eirp_scales_with_width(width: int, eirp: float) -> None:
    # FCC LPI AP 5 dBm/MHz, 30 dBm max [S33].
    channels = US.channels("6", width)
    assert {c.max_eirp_dbm for c in channels} == {eirp}


@pytest.mark.parametrize(("width", "count"), [(20, 59), (40, 29), (80, 14), (160, 7)])
def test_us_6ghz_counts(width: int, count: int) -> None:
    assert len(US.channels("6", width)) == count  # [S61]


def test_us_5ghz_unii() -> None:
    assert len(US.channels("5", 20)) == 25
    assert len(US.channels("5", 20, avoid_dfs=True)) == 9  # [S38]: 9 without DFS
    assert US.find("5", 155, 80).members == (149, 153, 157, 161)
    assert US.find("5", 36, 20).max_eirp_dbm == 36.0
    assert US.find("5", 100, 20).group == "UNII-2C"


def test_eu_5ghz_and_6ghz() -> None:
    indoor = [c.number for c in EU.channels("5", 20) if c.indoor_only]
    assert indoor == [36, 40, 44, 48, 52, 56, 60, 64]
    assert EU.find("5", 144, 20) is None
    assert all(c.dfs for c in EU.channels("5", 20) if c.number >= 100)
    assert len(EU.channels("5", 80)) == 4
    assert {c.max_eirp_dbm for c in EU.channels("6", 80)} == {23.0}
    assert EU.find("6", 1, 20).centre_mhz == 5955.0


def test_outdoor_filter_drops_indoor_only() -> None:
    outdoor = JP.channels("5", 20, outdoor=True)
    assert [c.number for c in outdoor][:2] == [100, 104]
    assert JP.channels("6", 20, outdoor=True) == []


def test_channels_sorted_and_unique() -> None:
    for domain in (JP, US, EU):
        for band in domain.band_keys:
            for width in domain.widths(band):
                numbers = [c.number for c in domain.channels(band, width)]
                assert numbers == sorted(numbers)
                assert len(set(numbers)) == len(numbers)


def test_illegal_width_and_missing_channel() -> None:
    assert JP.channels("5", 320) == []
    assert JP.find("5", 37, 40) is None  # neither a 40 MHz centre (38, 46) nor a 20 MHz channel
    assert JP.find("5", 36, 40).number == 38  # a primary 20 MHz channel names its bonded channel
    assert JP.find("5", 36, 40) == JP.find("5", 38, 40) == JP.find("5", 40, 40)
    assert [c.number for c in JP.containing("5", 36, 80)] == [42]
    assert JP.widths("6") == [20, 40, 80, 160, 320]


def test_bad_band_raises_value_error() -> None:
    with pytest.raises(ValueError, match="unknown band"):
        JP.channels("7", 20)


def test_band_accepts_numbers() -> None:
    assert JP.channels(5, 20) == JP.channels("5", 20)
    assert JP.widths(2.4) == [20, 40]


def test_channel_is_frozen_and_hashable() -> None:
    channel = JP.find("5", 36, 20)
    assert isinstance(channel, Channel)
    assert hash(channel) == hash(JP.find("5", 36, 20))
    with pytest.raises(pydantic.ValidationError):
        channel.number = 40


def _group(channels: list[int], **extra: object) -> dict[str, object]:
    return {"range_mhz": [5150, 5250], "channels": channels, "dfs": False, "tpc": False,
            "indoor_only": True, "max_eirp_dbm": 23.0, "source": "[S54]", **extra}


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ({"groups": {"A": _group([36, 40])}, "bonded": {40: [[36, 44]]}}, "not adjacent"),
        ({"groups": {"A": _group([36, 40])}, "bonded": {80: [[36, 40]]}}, "needs 4"),
        ({"groups": {"A": _group([36, 40])}, "bonded": {40: [[40, 44]]}}, "unknown channels"),
        ({"groups": {"A": _group([36]), "B": _group([36])}}, "both"),
        ({"groups": {"A": _group([36], max_eirp_dbm=None)}}, "psd_dbm_per_mhz"),
    ],
)
def test_band_plan_validation(plan: dict[str, object], message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        BandPlan(**plan)
