"""Cabling options (every default documented with its source) and reference tables."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CablingOptions",
    "ConduitSize",
    "EMT_TRADE_SIZES",
    "FILL_LIMITS",
    "OM4_REACH_M",
    "fill_limit",
]


class ConduitSize(BaseModel):
    """One conduit trade size: internal diameter and 100 % internal area."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    trade_size: str
    metric_designator: int
    inner_diameter_mm: float
    area_mm2: float


def _emt(trade: str, metric: int, id_in: float, area_in2: float) -> ConduitSize:
    return ConduitSize(
        trade_size=trade, metric_designator=metric, inner_diameter_mm=round(id_in * 25.4, 1),
        area_mm2=round(area_in2 * 645.16, 1),
    )


#: EMT trade sizes 3/4"…4" with internal diameter and total (100 %) area, as reproduced from
#: NEC Chapter 9 Table 4 (article 358, EMT). ESTIMATE: the table itself is not in
#: shared/reference (only Table 1's fill percentages are, [S77]); verify against the code book.
EMT_TRADE_SIZES: tuple[ConduitSize, ...] = (
    _emt('3/4"', 21, 0.824, 0.533),
    _emt('1"', 27, 1.049, 0.864),
    _emt('1-1/4"', 35, 1.380, 1.496),
    _emt('1-1/2"', 41, 1.610, 2.036),
    _emt('2"', 53, 2.067, 3.356),
    _emt('2-1/2"', 63, 2.731, 5.858),
    _emt('3"', 78, 3.356, 8.846),
    _emt('3-1/2"', 91, 3.834, 11.545),
    _emt('4"', 103, 4.334, 14.753),
)

#: Maximum conduit fill by number of cables: 1 → 53 %, 2 → 31 %, more → 40 %
#: (NEC Chapter 9 Table 1 [S77]). Japanese practice (32 %): :data:`wifiplan.cabling.fill.JP_FILL_LIMIT`.
FILL_LIMITS: dict[int, float] = {1: 0.53, 2: 0.31}


def fill_limit(n_cables: int) -> float:
    """Allowed fill fraction for ``n_cables`` cables in one conduit ([S77]).

    >>> fill_limit(1), fill_limit(2), fill_limit(3)
    (0.53, 0.31, 0.4)
    """
    return FILL_LIMITS.get(int(n_cables), 0.40)


#: Reach of multimode OM4 per Ethernet uplink speed, m: 1G 550 m (1000BASE-SX on 50 µm,
#: [S86]); 10G 400 m (10GBASE-SR, [S87]); 25G 100 m ([S89]); 40G 150 m (40GBASE-SR4, [S88]);
#: 100G 100 m (100GBASE-SR4, [S89]).
OM4_REACH_M: dict[str, float] = {"1G": 550.0, "10G": 400.0, "25G": 100.0, "40G": 150.0, "100G": 100.0}

Pos = Annotated[float, Field(ge=0)]


class CablingOptions(BaseModel):
    """Options of the cable router; every default carries its source or says *estimate*.

    Defaults
    --------
    max_link_m = 90
        Horizontal permanent link limit, copper or fiber (TIA-568, [S71]).
    drops_per_ap = 2
        Two Cat 6A per wireless service outlet (TIA TSB-162 / ISO TR 24704, [S82], [S83]).
    service_loop_ap_m = 3, service_loop_rack_m = 3
        Slack left at the outlet (AP) end and in the telecom room. ESTIMATE: common BICSI
        installation practice (about 3 m / 10 ft in the TR), not in shared/reference.
    fallback_slack = 1.1
        Where a floor has no pathways the route is rectilinear (Manhattan: a trunk along
        the floor's longer axis through the first telecom room or riser, then straight
        across to the outlet) times this slack for offsets around obstacles. ESTIMATE.
    pathway_below_slab_m = 0.3
        Cable pathways run this far below the slab above (ceiling void). ESTIMATE.
    rack_height_m = 1.5
        Patch panel height above the telecom-room floor. ESTIMATE.
    snap_m = 0.5
        Pathway endpoints closer than this to another pathway are joined to it.
    cable_od_mm = 7.5
        Cat 6A outer diameter (typical 7–8 mm; ESTIMATE).
    fiber_od_mm = 6.0
        Indoor 12–24 strand fiber cable OD (ESTIMATE).
    spare_fill_share = 0.25
        Conduit is sized for the growth cable count plus this share (25–50 % spare conduit
        or tray capacity; unsourced estimate in standards.md §5).
    spare_port_share = 0.20
        Switch ports are sized with 20 % spare (unsourced estimate, standards.md §5).
    poe_max_load = 0.70
        Connected PoE load at most 70 % of the switch budget ([S85]).
    fiber_strands_per_idf = 12, fiber_active_strands = 4, spare strands ≥ 2 per 6
        Two duplex uplinks (4 strands) per IDF; ≥ 2 spare strands per 6 (unsourced estimate,
        standards.md §5); the count is raised in steps of 6 until the spare rule holds.
    fiber_slack = 0.10, fiber_service_loop_m = 3
        Backbone length = (route + vertical at both ends + a service loop at each end) × 1.10.
        ESTIMATE.
    uplink_speed = "10G", fiber_type = "auto"
        OM4 while the backbone length is within its reach for the uplink speed
        (:data:`OM4_REACH_M`), else OS2 single-mode (the usual riser choice, [S90]).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_link_m: Annotated[float, Field(gt=0, le=100)] = 90.0
    drops_per_ap: Annotated[int, Field(ge=1, le=8)] = 2
    drops_per_spare: Annotated[int, Field(ge=0, le=8)] | None = Field(
        None, description="Drops per spare outlet (default: drops_per_ap)."
    )
    service_loop_ap_m: Pos = 3.0
    service_loop_rack_m: Pos = 3.0
    fallback_slack: Annotated[float, Field(ge=1.0, le=3.0)] = 1.1
    pathway_below_slab_m: Pos = 0.3
    rack_height_m: Pos = 1.5
    snap_m: Annotated[float, Field(ge=0, le=5)] = 0.5
    respect_idf: bool = Field(True, description="Route an AP with `idf:` set to that room.")
    cable_od_mm: Annotated[float, Field(gt=0, le=30)] = 7.5
    fiber_od_mm: Annotated[float, Field(gt=0, le=30)] = 6.0
    spare_fill_share: Annotated[float, Field(ge=0, le=5)] = 0.25
    spare_port_share: Annotated[float, Field(ge=0, le=5)] = 0.20
    switch_ports: Annotated[int, Field(ge=4, le=96)] = Field(48, description="Ports per access switch.")
    poe_max_load: Annotated[float, Field(gt=0, le=1)] = 0.70
    ap_pse_power_w: Annotated[float, Field(gt=0, le=100)] | None = Field(
        None, description="PoE power allocated per AP, W (default: the AP preset's pse_power_w)."
    )
    fiber_strands_per_idf: Annotated[int, Field(ge=2, le=288)] = 12
    fiber_active_strands: Annotated[int, Field(ge=1, le=288)] = 4
    fiber_spare_per_6: Annotated[int, Field(ge=0, le=6)] = 2
    fiber_slack: Annotated[float, Field(ge=0, le=2)] = 0.10
    fiber_service_loop_m: Pos = 3.0
    backbone_all_rooms: bool = Field(
        False, description="Give every IDF a fiber backbone (default: only IDFs that serve an outlet)."
    )
    uplink_speed: Literal["1G", "10G", "25G", "40G", "100G"] = "10G"
    fiber_type: Literal["auto", "om4", "os2"] = "auto"

    @property
    def spare_drops(self) -> int:
        """Drops per spare outlet."""
        return self.drops_per_ap if self.drops_per_spare is None else self.drops_per_spare
