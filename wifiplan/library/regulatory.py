"""Regulatory domains: legal Wi-Fi channels per band and width, with DFS and EIRP limits."""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PrivateAttr, model_validator

from wifiplan.library.models import LibraryModel, band_keyed
from wifiplan.bands import BANDS, Band, band_key

__all__ = [
    "CHANNEL_BASE_MHZ",
    "Channel",
    "ChannelGroup",
    "BandPlan",
    "RegDomain",
    "channel_centre_mhz",
]

#: Centre frequency of 20 MHz channel n is ``base + 5 n`` MHz (IEEE 802.11 numbering).
CHANNEL_BASE_MHZ: dict[str, int] = {"2.4": 2407, "5": 5000, "6": 5950}

#: Channel numbers step by 4 between adjacent 20 MHz channels in a bonded channel.
_STEP = 4


def channel_centre_mhz(band: str, number: float) -> float:
    """Centre frequency in MHz of channel ``number`` in ``band`` (IEEE 802.11 numbering).

    >>> channel_centre_mhz("5", 36), channel_centre_mhz("6", 1), channel_centre_mhz("2.4", 6)
    (5180.0, 5955.0, 2437.0)
    """
    return float(CHANNEL_BASE_MHZ[band_key(band)] + 5 * number)


class Channel(LibraryModel):
    """A legal channel: number as used in plans (the centre number when bonded) and its limits.

    ``members`` are the 20 MHz channel numbers it covers; ``max_eirp_dbm`` is the legal
    EIRP for this width; ``group`` is the sub-band name (``"W52+W53"`` when it spans two).
    """

    band: Band
    number: int
    width_mhz: int
    centre_mhz: float
    members: tuple[int, ...]
    group: str
    dfs: bool
    tpc: bool
    indoor_only: bool
    max_eirp_dbm: float
    recommended: bool = True

    @property
    def primary(self) -> int:
        """The primary 20 MHz channel a plan writes (the lowest member: 36 for 36–48 at 80 MHz)."""
        return self.members[0] if self.band != "2.4" else self.number


class ChannelGroup(LibraryModel):
    """A sub-band (``W52``, ``UNII-1``, ``LPI``...): its 20 MHz channels and power rule.

    The legal EIRP at width W is ``min(max_eirp_dbm, psd_dbm_per_mhz + 10 log10 W)``.
    """

    name: str = Field(min_length=1)
    range_mhz: tuple[float, float]
    channels: list[int] = Field(min_length=1)
    dfs: bool
    tpc: bool
    indoor_only: bool
    psd_dbm_per_mhz: float | None = None
    max_eirp_dbm: float | None = None
    estimate: bool = False
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _has_limit(self) -> ChannelGroup:
        if self.psd_dbm_per_mhz is None and self.max_eirp_dbm is None:
            raise ValueError("give psd_dbm_per_mhz, max_eirp_dbm or both")
        if self.range_mhz[0] >= self.range_mhz[1]:
            raise ValueError(f"range_mhz must be ascending (got {self.range_mhz})")
        return self

    def eirp_dbm(self, width_mhz: int) -> float:
        """Legal EIRP in dBm for a channel of ``width_mhz`` under this group's rule.

        >>> g = ChannelGroup(name="LPI", range_mhz=(5925, 7125), channels=[1], dfs=False,
        ...                  tpc=False, indoor_only=True, psd_dbm_per_mhz=5, max_eirp_dbm=30,
        ...                  source="[S33]")
        >>> g.eirp_dbm(20), g.eirp_dbm(80), g.eirp_dbm(320)
        (18.0, 24.0, 30.0)
        """
        limits = []
        if self.max_eirp_dbm is not None:
            limits.append(self.max_eirp_dbm)
        if self.psd_dbm_per_mhz is not None:
            limits.append(self.psd_dbm_per_mhz + 10.0 * math.log10(width_mhz))
        return round(min(limits), 1)


def _named_groups(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            str(k): ({"name": str(k), **v} if isinstance(v, dict) else v) for k, v in value.items()
        }
    return value


class BandPlan(LibraryModel):
    """The channels of one band in one domain: groups of 20 MHz channels and bonded sets."""

    groups: Annotated[dict[str, ChannelGroup], BeforeValidator(_named_groups)]
    bonded: dict[int, list[list[int]]] = Field(default_factory=dict)
    not_recommended_mhz: list[int] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> BandPlan:
        owner: dict[int, str] = {}
        for group in self.groups.values():
            for number in group.channels:
                if number in owner:
                    raise ValueError(
                        f"channel {number} is in both {owner[number]} and {group.name}"
                    )
                owner[number] = group.name
        for width, sets in self.bonded.items():
            if width not in (40, 80, 160, 320):
                raise ValueError(f"bonded width must be 40, 80, 160 or 320 (got {width})")
            for members in sets:
                if len(members) != width // 20:
                    raise ValueError(f"bonded {width} MHz {members}: needs {width // 20} channels")
                if any(b - a != _STEP for a, b in zip(members, members[1:], strict=False)):
                    raise ValueError(f"bonded {width} MHz {members}: not adjacent 20 MHz channels")
                unknown = [m for m in members if m not in owner]
                if unknown:
                    raise ValueError(f"bonded {width} MHz {members}: unknown channels {unknown}")
        for width in self.not_recommended_mhz:
            if width != 20 and width not in self.bonded:
                raise ValueError(f"not_recommended_mhz lists {width}, which has no channels")
        return self

    @property
    def widths_mhz(self) -> list[int]:
        """Legal widths in MHz, ascending."""
        return [20, *sorted(w for w in self.bonded if self.bonded[w])]

    def build_channels(self, band: str) -> dict[int, tuple[Channel, ...]]:
        """Every legal channel of this band, by width, sorted by channel number."""
        group_of = {n: g for g in self.groups.values() for n in g.channels}
        sets: dict[int, list[list[int]]] = {20: [[n] for n in sorted(group_of)]}
        sets.update({w: v for w, v in self.bonded.items() if v})
        out: dict[int, tuple[Channel, ...]] = {}
        for width, member_lists in sorted(sets.items()):
            channels = []
            for members in member_lists:
                groups = [group_of[m] for m in members]
                names = list(dict.fromkeys(g.name for g in groups))
                centre_number = (members[0] + members[-1]) / 2
                channels.append(
                    Channel(
                        band=band,
                        number=int(centre_number),
                        width_mhz=width,
                        centre_mhz=channel_centre_mhz(band, centre_number),
                        members=tuple(members),
                        group="+".join(names),
                        dfs=any(g.dfs for g in groups),
                        tpc=any(g.tpc for g in groups),
                        indoor_only=any(g.indoor_only for g in groups),
                        max_eirp_dbm=min(g.eirp_dbm(width) for g in groups),
                        recommended=width not in self.not_recommended_mhz,
                    )
                )
            out[width] = tuple(sorted(channels, key=lambda c: (c.number, c.members)))
        return out


class RegDomain(LibraryModel):
    """A regulatory domain (country or region): bands, channels, DFS and power limits.

    Examples
    --------
    >>> from wifiplan.library import get_domain
    >>> jp = get_domain("JP")
    >>> [c.number for c in jp.channels("5", 80)]
    [42, 58, 106, 122, 138]
    >>> jp.find("5", 42, 80).members
    (36, 40, 44, 48)
    """

    code: str = Field(min_length=2)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    source: str = Field(min_length=1)
    bands: Annotated[dict[Band, BandPlan], BeforeValidator(band_keyed)]

    _channels: dict[tuple[str, int], tuple[Channel, ...]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        table: dict[tuple[str, int], tuple[Channel, ...]] = {}
        for band, plan in self.bands.items():
            for width, channels in plan.build_channels(band).items():
                table[(band, width)] = channels
        self._channels = table

    def _plan(self, band: str | float) -> tuple[str, BandPlan | None]:
        key = band_key(band)
        return key, self.bands.get(key)

    def widths(self, band: str | float) -> list[int]:
        """Legal channel widths in MHz for ``band`` (empty if the band is not allowed).

        Raises
        ------
        ValueError
            If ``band`` is not 2.4, 5 or 6.
        """
        _, plan = self._plan(band)
        return plan.widths_mhz if plan else []

    def recommended_widths(self, band: str | float) -> list[int]:
        """Legal widths minus those marked not recommended (e.g. 40 MHz at 2.4 GHz [S53])."""
        _, plan = self._plan(band)
        if plan is None:
            return []
        return [w for w in plan.widths_mhz if w not in plan.not_recommended_mhz]

    def channels(
        self,
        band: str | float,
        width_mhz: int,
        *,
        avoid_dfs: bool = False,
        outdoor: bool = False,
    ) -> list[Channel]:
        """Legal channels of ``width_mhz`` in ``band``, sorted by channel number.

        ``avoid_dfs`` drops channels needing radar detection; ``outdoor`` drops indoor-only
        channels. An illegal width gives an empty list.

        Raises
        ------
        ValueError
            If ``band`` is not 2.4, 5 or 6.
        """
        key, _ = self._plan(band)
        found = self._channels.get((key, int(width_mhz)), ())
        return [
            c for c in found if not (avoid_dfs and c.dfs) and not (outdoor and c.indoor_only)
        ]

    def find(self, band: str | float, number: int, width_mhz: int) -> Channel | None:
        """The channel with plan number ``number``, or None.

        A bonded channel is found by its centre number (plans written before) or by a
        primary 20 MHz channel, i.e. one of its members (plans write the lowest).

        >>> from wifiplan.library import get_domain
        >>> get_domain("US").find("6", 7, 80).max_eirp_dbm
        24.0
        >>> get_domain("JP").find("5", 36, 80).number
        42
        """
        key, _ = self._plan(band)
        found = self._channels.get((key, int(width_mhz)), ())
        for channel in found:
            if channel.number == number:
                return channel
        if int(width_mhz) > 20 and key != "2.4":
            for channel in found:
                if number in channel.members:
                    return channel
        return None

    def containing(self, band: str | float, number: int, width_mhz: int) -> list[Channel]:
        """Channels of ``width_mhz`` whose members include 20 MHz channel ``number``.

        Useful to map a primary channel (``36`` at 80 MHz) to its bonded channel (``42``).
        """
        key, _ = self._plan(band)
        return [c for c in self._channels.get((key, int(width_mhz)), ()) if number in c.members]

    @property
    def band_keys(self) -> list[str]:
        """Bands this domain allows, in the order 2.4, 5, 6."""
        return [b for b in BANDS if b in self.bands]
