"""Pydantic models of the shipped library: materials, usage profiles, radio presets."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from wifiplan.bands import BANDS, Band, band_key

__all__ = [
    "Generation",
    "LibraryModel",
    "Material",
    "Profile",
    "ApPreset",
    "ClientPreset",
    "band_keyed",
]

#: Wi-Fi generations the library knows (keys of ``mcs.yaml`` ``generations``).
Generation = Literal["wifi6", "wifi6e", "wifi7"]

_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class LibraryModel(BaseModel):
    """Base of every library entry: unknown keys are errors and entries are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def band_keyed(value: Any) -> Any:
    """Normalise the keys of a per-band mapping (YAML gives ``2.4`` as a float, ``5`` as an int).

    >>> band_keyed({2.4: 3, 5: 4, "6": 5})
    {'2.4': 3, '5': 4, '6': 5}
    """
    if isinstance(value, dict):
        return {band_key(k): v for k, v in value.items()}
    return value


def _band_list(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [band_key(v) for v in value]
    return value


BandFloats = Annotated[dict[Band, float], BeforeValidator(band_keyed)]
BandList = Annotated[list[Band], BeforeValidator(_band_list), Field(min_length=1)]
SourceText = Annotated[str, Field(min_length=1)]


class _Sourced(LibraryModel):
    """Fields every entry carries: a source, and whether its numbers are estimates."""

    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    source: SourceText
    estimate: bool = False
    note: str | None = None

    @field_validator("source")
    @classmethod
    def _source_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("source must not be blank")
        return value.strip()


class Material(_Sourced):
    """A wall or slab material: one-pass loss per band in dB, drawing colour, typical thickness.

    ``loss_db`` has the keys ``"2.4"``, ``"5"`` and ``"6"`` (all three are required).
    """

    loss_db: BandFloats
    color: str
    thickness_m: float = Field(gt=0, le=2.0)

    @field_validator("loss_db")
    @classmethod
    def _all_bands(cls, value: dict[str, float]) -> dict[str, float]:
        missing = [b for b in BANDS if b not in value]
        if missing:
            raise ValueError(f"loss_db needs every band {list(BANDS)} (missing {missing})")
        for band, loss in value.items():
            if not 0.0 <= loss <= 100.0:
                raise ValueError(f"loss_db[{band}] must be in 0..100 dB (got {loss})")
        return {b: float(value[b]) for b in BANDS}

    @field_validator("color")
    @classmethod
    def _hex_color(cls, value: str) -> str:
        if not _HEX_COLOR.match(value):
            raise ValueError(f"color must be '#rrggbb' (got {value!r})")
        return value.lower()


class Profile(_Sourced):
    """A usage profile: how many devices per person, how many active, and Mbit/s per active device.

    Demand of a zone = headcount x ``devices_per_person`` x ``concurrency`` x ``down_mbps``
    (and ``up_mbps``), following the codingace planner formula [S40].
    """

    devices_per_person: float = Field(gt=0, le=10)
    concurrency: float = Field(ge=0, le=1)
    down_mbps: float = Field(ge=0, le=1000)
    up_mbps: float = Field(ge=0, le=1000)
    occupancy_m2_per_person: float = Field(gt=0, le=1000)
    client: str = Field(min_length=1)
    client_mix: dict[str, float] | None = Field(
        None, description="Share of the devices per client preset, summing to 1 (default {client: 1.0})."
    )
    uplink_share: float | None = Field(
        None, ge=0, le=1, description="Share of the cell's airtime clients transmit (default up ÷ (down + up))."
    )
    realtime: bool = False
    critical: bool = False

    @field_validator("client_mix")
    @classmethod
    def _mix_sums_to_one(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        if value is None:
            return value
        if any(not 0 < v <= 1 for v in value.values()):
            raise ValueError(f"client_mix shares must be in (0, 1] (got {value})")
        if abs(sum(value.values()) - 1.0) > 1e-6:
            raise ValueError(f"client_mix shares must sum to 1 (got {sum(value.values()):g})")
        return value

    @property
    def active_devices_per_person(self) -> float:
        """Concurrently active devices per person (``devices_per_person * concurrency``)."""
        return self.devices_per_person * self.concurrency


class _Radio(_Sourced):
    generation: Generation
    streams: int = Field(ge=1, le=16)
    bands: BandList

    @field_validator("bands")
    @classmethod
    def _unique_bands(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError(f"bands must not repeat (got {value})")
        return sorted(value, key=BANDS.index)


class ApPreset(_Radio):
    """An access-point preset: radio capabilities per band, PoE class and power draw.

    ``max_tx_power_dbm`` is the conducted power the radio reaches; the regulatory EIRP
    cap of the chosen channel applies on top. ``power_w`` is the maximum draw at the AP
    (PD side), ``pse_power_w`` what the switch port allocates.
    """

    max_tx_power_dbm: BandFloats
    antenna_gain_dbi: BandFloats
    widths_mhz: list[Literal[20, 40, 80, 160, 320]] = Field(min_length=1)
    poe_standard: Literal["802.3af", "802.3at", "802.3bt"]
    poe_class: int = Field(ge=0, le=8)
    power_w: float = Field(gt=0, le=100)
    pse_power_w: float = Field(gt=0, le=100)
    max_clients_per_radio: int = Field(ge=1, le=1024)

    @model_validator(mode="after")
    def _per_band_complete(self) -> ApPreset:
        for field in ("max_tx_power_dbm", "antenna_gain_dbi"):
            keys = sorted(getattr(self, field), key=BANDS.index)
            if keys != list(self.bands):
                raise ValueError(f"{field} must give exactly the bands {self.bands} (got {keys})")
        if self.power_w > self.pse_power_w:
            raise ValueError(
                f"power_w ({self.power_w}) cannot exceed pse_power_w ({self.pse_power_w})"
            )
        if sorted(set(self.widths_mhz)) != list(self.widths_mhz):
            raise ValueError(f"widths_mhz must be ascending and unique (got {self.widths_mhz})")
        return self


class ClientPreset(_Radio):
    """A client-device preset (laptop, phone, tablet): the uplink side of the link budget."""

    tx_power_dbm: float = Field(ge=-10, le=30)
    antenna_gain_dbi: float = Field(ge=-10, le=10)
    max_width_mhz: Literal[20, 40, 80, 160, 320]
    signal_offset_db: float = Field(
        0.0, ge=-20, le=10,
        description="Received signal of this device relative to the reference receiver (a laptop-class "
        "survey adapter), dB: antenna gain and body loss, as Ekahau's device offsets. Negative = weaker.",
    )
