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
    "LEGACY_MODELS",
    "NEW_REQUIREMENT_DEFAULTS",
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
    docs/sources.md); utilisation ≤ 50 % ([S30]; Cisco asks < 40 % for voice, [S29]); growth 30 % and spares 20 % are
    planning choices (unsourced estimates: 25–40 % headroom is typical).

    The issue-12 fields (``max_co_channel_aps`` … ``client_contention``) default to None:
    :meth:`effective` fills :data:`NEW_REQUIREMENT_DEFAULTS` in for plans of a non-legacy
    model, so a legacy (``multiwall``) plan is checked exactly as before unless the
    building sets them (docs/format.md).
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
    spare_growth: Annotated[FiniteFloat, Field(ge=0, le=10)] | None = Field(
        None, description="Size the spares to a later headcount growth (a share of the headcount, like growth): at "
        "least one spare for every cell split the planner predicts up to headcount × (1 + spare_growth); "
        "none: spare_positions alone sets the count.",
    )
    avoid_dfs: bool = Field(False, description="Plan 5 GHz without DFS channels (W53/W56, UNII-2).")
    # -- issue 12 requirements: enforced by default only for plans whose settings.model is not
    #    the legacy one (LEGACY_MODELS), or when the building file sets them (docs/format.md).
    max_co_channel_aps: dict[Band, Annotated[int, Field(ge=1, le=100)]] | None = Field(
        None, description="Most APs on the serving channel heard at >= CCA per location, per band "
        "(new-model default {2.4: 3, 5: 2, 6: 2}: Hamina/Ekahau channel overlap).",
    )
    co_channel_percentile: Annotated[FiniteFloat, Field(gt=0, le=1)] = Field(
        0.95, description="Share of a floor's coverage area at which max_co_channel_aps is read.",
    )
    min_own_floor_share: Annotated[FiniteFloat, Field(ge=0, le=1)] | None = Field(
        None, description="Share of a floor's coverage area served by an AP on that floor (new-model default 0.9).",
    )
    min_eirp_dbm: dict[Band, Annotated[FiniteFloat, Field(ge=-10, le=40)]] | None = Field(
        None, description="EIRP floor of every enabled radio, dBm per band (new-model default "
        "{2.4: 3, 5: 9, 6: 9}: ArubaOS ARM default minimum EIRP 9 dBm; 2.4 GHz 6 dB lower).",
    )
    realtime_secondary_rssi_dbm: Annotated[FiniteFloat, Field(ge=-100, le=-20)] | None = Field(
        None, description="Second-AP signal asked in zones whose use is realtime (new-model default -75 dBm, "
        "survey-tool practice: −67 to −75 dBm).",
    )
    realtime_secondary_target: Annotated[FiniteFloat, Field(gt=0, le=1)] = Field(
        0.85, description="Share of the realtime zones' area that must meet realtime_secondary_rssi_dbm "
        "(Hamina's secondary coverage on 85 %).",
    )
    association_share: Annotated[FiniteFloat, Field(gt=0, le=1)] = Field(
        0.95, description="Share of the devices present that associate (offices 90-100 %, an estimate); "
        "associated clients per radio are checked against max_clients_per_radio.",
    )
    check_associated_clients: bool | None = Field(
        None, description="Check associated (not only active) clients per radio on every band (new-model default on).",
    )
    min_uplink_rssi_dbm: Annotated[FiniteFloat, Field(ge=-100, le=-20)] | None = Field(
        None, description="Weakest expected client heard at its AP at least this strong (new-model default: "
        "min_rssi_dbm; Cisco: uplink at the AP also >= -67 dBm, [S29]).",
    )
    non_dfs_critical: bool | None = Field(
        None, description="Keep zones whose use is critical (counters, council chamber, meetings) off DFS "
        "channels (new-model default on).",
    )
    legacy_24_coverage: bool | None = Field(
        None, description="Zones whose client mix has 2.4 GHz-only devices keep 2.4 GHz coverage (min_rssi_dbm on "
        "coverage_target of their area) when surplus 2.4 GHz radios are switched off (new-model default on).",
    )
    client_contention: bool | None = Field(
        None, description="Count co-channel cells' clients in channel utilisation (new-model default on).",
    )

    def effective(self, model: str | None) -> Requirements:
        """These requirements with the issue-12 defaults filled in for a plan made with ``model``.

        A plan of a legacy model (``multiwall``, format-1 plans written before the new
        model) keeps only what the building sets explicitly, so it evaluates as before.

        >>> r = Requirements().effective("multiwall-office")
        >>> r.max_co_channel_aps, r.min_own_floor_share, r.min_eirp_dbm["5"]
        ({'2.4': 3, '5': 2, '6': 2}, 0.9, 9.0)
        >>> Requirements().effective("multiwall").max_co_channel_aps is None
        True
        """
        if model in LEGACY_MODELS:
            return self
        update: dict[str, Any] = {}
        for name, default in NEW_REQUIREMENT_DEFAULTS.items():
            value = getattr(self, name)
            if value is None:
                update[name] = dict(default) if isinstance(default, dict) else default
            elif isinstance(default, dict):
                update[name] = {**default, **value}
        if self.min_uplink_rssi_dbm is None:
            update["min_uplink_rssi_dbm"] = self.min_rssi_dbm
        return self.model_copy(update=update)


#: Propagation models whose plans predate issue 12's requirements (format-1 contract).
LEGACY_MODELS = frozenset({"multiwall"})

#: Defaults of the issue-12 requirements for plans of a new model (sources: the field descriptions).
NEW_REQUIREMENT_DEFAULTS: dict[str, Any] = {
    "max_co_channel_aps": {"2.4": 3, "5": 2, "6": 2},
    "min_own_floor_share": 0.9,
    "min_eirp_dbm": {"2.4": 3.0, "5": 9.0, "6": 9.0},
    "realtime_secondary_rssi_dbm": -75.0,
    "check_associated_clients": True,
    "non_dfs_critical": True,
    "legacy_24_coverage": True,
    "client_contention": True,
}


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
    client_mix: dict[Name, Annotated[FiniteFloat, Field(gt=0, le=1)]] | None = Field(
        None, description="Share of the devices per client preset, summing to 1 (default {client: 1.0}).",
    )
    uplink_share: Annotated[FiniteFloat, Field(ge=0, le=1)] | None = Field(
        None, description="Share of the cell's airtime that clients transmit (default up ÷ (down + up)).",
    )
    realtime: bool = Field(False, description="Real-time use (web meetings, voice): secondary coverage asked.")
    critical: bool = Field(False, description="Critical use (counters, council chamber): kept off DFS where possible.")
    source: str | None = None

    @model_validator(mode="after")
    def _mix_sums_to_one(self) -> ProfileDef:
        if self.client_mix is not None and abs(sum(self.client_mix.values()) - 1.0) > 1e-6:
            total = sum(self.client_mix.values())
            raise ValueError(f"client_mix shares must sum to 1 (got {total:g}); scale them")
        return self


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

    def scaled(self, step: float) -> Building:
        """This building with every zone's headcount × (1 + ``step``) (rounded) and ``growth: 0``: a
        growth step of ``plan --existing`` and ``wifiplan grow``, and the headcount the spares'
        prediction evaluates ``check`` at.

        >>> b = Building.model_validate({"name": "t", "country": "US", "floors": [{"name": "1F", "elevation_m": 0,
        ...     "outline": [[0, 0], [10, 0], [10, 10], [0, 10]], "zones": [{"name": "z", "use": "office",
        ...     "polygon": [[0, 0], [10, 0], [10, 10], [0, 10]], "headcount": 10}]}]})
        >>> s = b.scaled(0.3)
        >>> s.floors[0].zones[0].headcount, s.requirements.growth
        (13, 0.0)
        """
        floors = [f.model_copy(update={"zones": [z.model_copy(update={"headcount": int(round(z.headcount * (1.0 + step)))})
                                                for z in f.zones]}) for f in self.floors]
        return self.model_copy(update={"floors": floors,
                                       "requirements": self.requirements.model_copy(update={"growth": 0.0})})
