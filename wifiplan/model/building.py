"""The building file (format 1): floors, walls, zones, telecom rooms, risers, pathways."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from wifiplan.model.common import BANDS, Band, BandMap, FiniteFloat, Point, Polygon, Polyline, StrictModel

__all__ = [
    "Wall",
    "Zone",
    "TelecomRoom",
    "Riser",
    "Pathway",
    "Floor",
    "Requirements",
    "MaterialDef",
    "ProfileDef",
    "ApConfig",
    "CostConfig",
    "Building",
]

Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


class Wall(StrictModel):
    """A wall as a polyline of segments of one material (loss per crossing, per band)."""

    material: Name = Field(description="Material name: the shipped library, or `materials:` of this file.")
    path: Polyline = Field(description="Polyline [[x, y], ...] in metres; each segment is one wall piece.")


class Zone(StrictModel):
    """An area with people and a usage profile (the capacity input)."""

    name: Name
    use: Name = Field(description="Usage profile: the shipped library (`wifiplan profiles`) or `profiles:`.")
    headcount: Annotated[int, Field(ge=0, le=100_000)] = Field(
        0, description="People normally in the zone (before growth)."
    )
    polygon: Polygon = Field(description="Outline [[x, y], ...] in metres.")


class TelecomRoom(StrictModel):
    """A telecom room: `mdf` (main distribution) or `idf` (floor distribution)."""

    name: Name
    kind: Literal["mdf", "idf"] = "idf"
    at: Point = Field(description="Position [x, y] in metres (the rack).")
    switch_ports: Annotated[int, Field(gt=0, le=10_000)] | None = Field(
        None, description="Access switch ports available for APs (default: sized by the planner)."
    )
    poe_budget_w: Annotated[float, Field(gt=0, le=100_000)] | None = Field(
        None, description="PoE budget of the switches in this room, W (default: sized by the planner)."
    )


class Riser(StrictModel):
    """A vertical cable path; the same name on several floors joins them."""

    name: Name
    at: Point


class Pathway(StrictModel):
    """A horizontal cable pathway: tray, conduit or accessible ceiling route."""

    kind: Literal["tray", "conduit", "ceiling"] = "tray"
    path: Polyline


class Floor(StrictModel):
    """One storey: its outline, walls, zones, exclusions, telecom rooms, risers, pathways."""

    name: Name
    elevation_m: FiniteFloat = Field(description="Finished floor level, m.")
    height_m: Annotated[FiniteFloat, Field(gt=0, le=100)] = Field(3.5, description="Slab to slab, m.")
    ap_height_m: Annotated[FiniteFloat, Field(gt=0, le=50)] = Field(
        2.7, description="Default AP mount height above this floor, m."
    )
    slab: Name = Field("concrete-slab", description="Material of the slab under this floor.")
    outline: Polygon
    walls: list[Wall] = Field(default_factory=list)
    zones: list[Zone] = Field(default_factory=list)
    exclude: list[Polygon] = Field(
        default_factory=list, description="Areas with no coverage asked and no AP mounted (shafts, stairs, voids)."
    )
    telecom_rooms: list[TelecomRoom] = Field(default_factory=list)
    risers: list[Riser] = Field(default_factory=list)
    pathways: list[Pathway] = Field(
        default_factory=list, description="Cable pathways; absent = the router's rectilinear fallback."
    )


class Requirements(StrictModel):
    """What the design must meet; every field has a documented default.

    Defaults: primary −67 dBm and SNR 25 dB (Cisco voice/video guidance, [S29] in
    docs/sources.md); utilisation ≤ 50 % ([S29], [S30]); growth 30 % and spares 20 % are
    planning choices (unsourced estimates: 25–40 % headroom is typical).
    """

    band: Band = Field("5", description="Design band: 2.4, 5 or 6.")
    min_rssi_dbm: Annotated[FiniteFloat, Field(ge=-100, le=-20)] = -67.0
    min_snr_db: Annotated[FiniteFloat, Field(ge=0, le=60)] = 25.0
    secondary_rssi_dbm: Annotated[FiniteFloat, Field(ge=-100, le=-20)] | None = Field(
        None, description="Optional: a second AP at least this strong (roaming, voice)."
    )
    coverage_target: Annotated[FiniteFloat, Field(gt=0, le=1)] = 0.95
    secondary_target: Annotated[FiniteFloat, Field(gt=0, le=1)] = Field(
        0.85, description="Share of area that must meet secondary_rssi_dbm when it is set (Hamina's 85 %)."
    )
    max_utilization: Annotated[FiniteFloat, Field(gt=0, le=1)] = 0.5
    max_clients_per_radio: Annotated[int, Field(gt=0, le=1000)] | None = Field(
        None, description="Client limit per radio (default: the AP preset's design limit)."
    )
    growth: Annotated[FiniteFloat, Field(ge=0, le=10)] = 0.3
    spare_positions: Annotated[FiniteFloat, Field(ge=0, le=5)] = 0.2
    avoid_dfs: bool = Field(False, description="Plan 5 GHz without DFS channels (W53/W56, UNII-2).")


class MaterialDef(StrictModel):
    """A custom material: loss per crossing in dB per band.

    Written either in full (``{loss_db: {2.4: 3, 5: 4, 6: 5}, color: "#888", source: ...}``)
    or as the bare per-band map ``{2.4: 3, 5: 4, 6: 5}``.
    """

    loss_db: dict[Band, Annotated[FiniteFloat, Field(ge=0, le=200)]]
    color: str | None = None
    source: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_map(cls, data: Any) -> Any:
        if isinstance(data, dict) and data and all(str(k) in BANDS for k in data):
            return {"loss_db": data}
        return data


class ProfileDef(StrictModel):
    """A custom usage profile."""

    devices_per_person: Annotated[FiniteFloat, Field(ge=0, le=20)]
    concurrency: Annotated[FiniteFloat, Field(ge=0, le=1)]
    down_mbps: Annotated[FiniteFloat, Field(ge=0, le=10_000)]
    up_mbps: Annotated[FiniteFloat, Field(ge=0, le=10_000)] = 0.0
    client: str | None = None
    source: str | None = None


class ApConfig(StrictModel):
    """AP radio choice: a preset from the library, optionally overridden per band."""

    preset: str = Field("wifi6e-2x2", description="AP radio preset (library `ap_presets`).")
    tx_power_dbm: BandMap | None = Field(None, description="Maximum conducted power per band, dBm.")
    antenna_gain_dbi: BandMap | None = None
    streams: Annotated[int, Field(ge=1, le=16)] | None = None
    widths_mhz: list[Literal[20, 40, 80, 160, 320]] | None = Field(
        None, description="Channel widths the planner may use (default: chosen by density)."
    )
    client: str = Field("laptop", description="Client preset used for rates and uplink.")


class CostConfig(StrictModel):
    """Cost book choice and overrides."""

    book: str | None = Field(None, description="Cost book name (default by country: JP → jp, else us).")
    currency: str | None = None
    items: dict[str, Annotated[FiniteFloat, Field(ge=0)]] = Field(
        default_factory=dict, description="Override unit costs by item key."
    )
    factors: dict[str, Annotated[FiniteFloat, Field(ge=0)]] = Field(
        default_factory=dict, description="Override factors (retrofit multipliers etc.) by key."
    )


class Building(StrictModel):
    """A building file (format 1)."""

    format: Literal[1] = 1
    name: Name = "Unnamed building"
    country: Annotated[str, Field(min_length=2, max_length=2)] = Field(
        "JP", description="ISO 3166 alpha-2 code: regulatory domain (JP, US, EU members)."
    )
    floors: Annotated[list[Floor], Field(min_length=1, max_length=500)]
    requirements: Requirements = Field(default_factory=Requirements)
    materials: dict[str, MaterialDef] = Field(
        default_factory=dict, description="Custom materials: {name: {2.4: dB, 5: dB, 6: dB}}."
    )
    profiles: dict[str, ProfileDef] = Field(default_factory=dict)
    ap: ApConfig = Field(default_factory=ApConfig)
    costs: CostConfig | str = Field(default_factory=CostConfig, description="Cost book name or items.")

    def floor(self, name: str) -> Floor:
        """Return the floor called ``name`` (KeyError if absent)."""
        for floor in self.floors:
            if floor.name == name:
                return floor
        raise KeyError(name)

    def floor_index(self, name: str) -> int:
        """Index of floor ``name`` in bottom-up order."""
        for i, floor in enumerate(self.floors):
            if floor.name == name:
                return i
        raise KeyError(name)
