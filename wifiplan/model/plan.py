"""The plan file (format 1): settings as used, APs with radios, spares, cabling, summary."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from wifiplan.model.common import Band, BandMap, FiniteFloat, Point, StrictModel

__all__ = ["Settings", "Radio", "AccessPoint", "Spare", "CableRun", "Plan", "DEFAULT_NOISE_FLOOR_DBM"]

#: Noise floor per band for a 20 MHz channel, dBm: thermal −101 dBm + ~6 dB receiver noise
#: figure at 5/6 GHz; 3 dB more at 2.4 GHz for the busier band. Sourced examples: voice
#: design guidance assumes ≤ −92 dBm ([S29]); hostap defaults −89/−92/−92 ([S24]). Wider
#: channels add 10·log10(width/20) dB.
DEFAULT_NOISE_FLOOR_DBM: dict[str, float] = {"2.4": -92.0, "5": -95.0, "6": -95.0}


class Settings(StrictModel):
    """The propagation model and every parameter as used, so a run reproduces exactly."""

    model: str = Field("multiwall", description="Path-loss model name: multiwall, p1238, p1238-site, ...")
    path_loss_exponent: Annotated[FiniteFloat, Field(gt=0, le=10)] = Field(
        2.0, description="n in 10·n·log10(d); 2.0 = free space beyond 1 m with walls counted (COST 231 MWM, [S8])."
    )
    receiver_height_m: Annotated[FiniteFloat, Field(ge=0, le=10)] = Field(
        1.0, description="Client height above the floor, m (design practice [S29]/peers)."
    )
    grid_m: Annotated[FiniteFloat, Field(gt=0.05, le=20)] = Field(1.0, description="Sample grid spacing, m.")
    client_antenna_gain_dbi: Annotated[FiniteFloat, Field(ge=-20, le=20)] = Field(
        0.0, description="Client antenna gain, dBi (0 dBi: an estimate for built-in antennas)."
    )
    noise_floor_dbm: BandMap = Field(
        default_factory=lambda: dict(DEFAULT_NOISE_FLOOR_DBM),
        description="Noise floor per band for a 20 MHz channel, dBm; wider channels add 10·log10(w/20).",
    )
    eirp_offset_db: BandMap = Field(
        default_factory=dict, description="Calibration offset added to every AP's EIRP per band, dB."
    )
    materials: dict[str, BandMap] = Field(
        default_factory=dict, description="Every material the building uses, resolved: dB per crossing per band."
    )
    slab_materials: dict[str, BandMap] = Field(
        default_factory=dict, description="Reserved: separate slab losses (materials are used when empty)."
    )
    params: dict[str, Any] = Field(
        default_factory=dict, description="Extra model parameters by name (e.g. P.1238 environment)."
    )
    client: str = Field("laptop", description="Client preset used for SNR→rate.")
    ap_preset: str = Field("wifi6e-2x2", description="AP preset the plan was made with.")
    seed: int = 0


class Radio(StrictModel):
    """One radio of an AP on one band."""

    channel: Annotated[int, Field(ge=1, le=233)] = Field(
        description="Primary 20 MHz channel (36 for 36–48 at 80 MHz); the centre index of a bonded "
                    "channel (42), as older plans wrote it, reads the same.")
    width_mhz: Literal[20, 40, 80, 160, 320] = 20
    tx_power_dbm: Annotated[FiniteFloat, Field(ge=-10, le=40)] = 17.0
    enabled: bool = True
    disabled_reason: str | None = Field(
        None, description="Why the planner switched this radio off (e.g. surplus 2.4 GHz radio).")


class AccessPoint(StrictModel):
    """A mounted access point and its radios."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    floor: str
    at: Point
    height_m: Annotated[FiniteFloat, Field(gt=0, le=50)] | None = Field(
        None, description="Mount height above the floor, m (default: the floor's ap_height_m)."
    )
    idf: str | None = Field(None, description="Telecom room that serves it.")
    model: str | None = Field(None, description="AP preset or hardware model name.")
    antenna_gain_dbi: BandMap = Field(default_factory=dict, description="Per band, dBi (default: preset).")
    radios: dict[Band, Radio] = Field(default_factory=dict)
    reason: str | None = Field(None, description="Why the planner put it there: coverage or capacity.")
    origin: Literal["existing", "spare", "new"] | None = Field(
        None, description="Plans made with `plan --existing`: existing (was there, kept in place), spare (on a "
                          "pre-cabled spare position of the existing plan) or new (a new position and cable run).")


class Spare(StrictModel):
    """A pre-cabled spare mount position for later capacity."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    floor: str
    at: Point
    height_m: Annotated[FiniteFloat, Field(gt=0, le=50)] | None = None
    idf: str | None = None
    reason: str | None = None


class CableRun(StrictModel):
    """A horizontal cable run from an AP or spare to its telecom room."""

    from_: str = Field(alias="from")
    to: str
    length_m: Annotated[FiniteFloat, Field(ge=0)]
    drops: Annotated[int, Field(ge=0, le=16)] = 2
    route: list[Point] = Field(default_factory=list)
    violation: str | None = None


class Plan(StrictModel):
    """A plan file (format 1). Only ``aps`` is needed to write one by hand."""

    format: Literal[1] = 1
    building: str | None = Field(None, description="Building file, relative to this plan file.")
    building_sha256: str | None = None
    settings: Settings = Field(default_factory=Settings)
    aps: list[AccessPoint] = Field(default_factory=list)
    spares: list[Spare] = Field(default_factory=list)
    cabling: list[CableRun] = Field(default_factory=list)
    summary: dict[str, Any] = Field(default_factory=dict, description="Figures as computed; never trusted by check.")
