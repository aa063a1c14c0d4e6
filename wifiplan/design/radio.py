"""The AP and client radios a design uses, and legal transmit power per channel."""

from __future__ import annotations

from dataclasses import dataclass

from wifiplan.errors import ConfigError
from wifiplan.library import load_library, suggest
from wifiplan.library.regulatory import Channel
from wifiplan.model.building import Building

__all__ = ["ApSpec", "ClientSpec", "ap_spec", "client_spec", "UPLINK_MARGIN_DB", "legal_tx_power_dbm"]

#: AP power aims a few dB above the client's: the uplink-limited design point ("set AP
#: power to roughly match the weakest client", [S31]); 3 dB allows for the AP's
#: better receiver and antenna.
UPLINK_MARGIN_DB = 3.0


@dataclass(frozen=True)
class ApSpec:
    """AP radio capabilities after the building's ``ap:`` overrides."""

    preset: str
    generation: str
    bands: tuple[str, ...]
    streams: int
    max_tx_power_dbm: dict[str, float]
    antenna_gain_dbi: dict[str, float]
    widths_mhz: tuple[int, ...]
    max_clients_per_radio: int


@dataclass(frozen=True)
class ClientSpec:
    """A client preset: streams, generation, widest channel, transmit power."""

    name: str
    generation: str
    streams: int
    max_width_mhz: int
    tx_power_dbm: float
    antenna_gain_dbi: float
    bands: tuple[str, ...]


def ap_spec(building: Building) -> ApSpec:
    """The AP preset named by ``building.ap.preset`` with the file's overrides applied.

    Raises
    ------
    ConfigError
        If the preset is unknown (with a suggestion).
    """
    lib = load_library()
    cfg = building.ap
    if cfg.preset not in lib.ap_presets:
        hint = suggest(cfg.preset, lib.ap_presets)
        more = f"; did you mean '{hint}'?" if hint else ""
        raise ConfigError(f"ap.preset: unknown AP preset '{cfg.preset}'{more} (see `wifiplan library`)")
    p = lib.ap_presets[cfg.preset]
    tx = {b: float(v) for b, v in p.max_tx_power_dbm.items()}
    gain = {b: float(v) for b, v in p.antenna_gain_dbi.items()}
    if cfg.tx_power_dbm:
        tx.update({b: float(v) for b, v in cfg.tx_power_dbm.items() if b in tx})
    if cfg.antenna_gain_dbi:
        gain.update({b: float(v) for b, v in cfg.antenna_gain_dbi.items() if b in gain})
    widths = tuple(p.widths_mhz)
    if cfg.widths_mhz:
        widths = tuple(sorted(set(cfg.widths_mhz)))
    return ApSpec(
        preset=cfg.preset,
        generation=p.generation,
        bands=tuple(p.bands),
        streams=int(cfg.streams or p.streams),
        max_tx_power_dbm=tx,
        antenna_gain_dbi=gain,
        widths_mhz=widths,
        max_clients_per_radio=int(p.max_clients_per_radio),
    )


def client_spec(name: str) -> ClientSpec:
    """The client preset ``name`` from the library.

    Raises
    ------
    ConfigError
        If it is unknown.
    """
    lib = load_library()
    if name not in lib.client_presets:
        hint = suggest(name, lib.client_presets)
        more = f"; did you mean '{hint}'?" if hint else ""
        raise ConfigError(f"unknown client preset '{name}'{more} (see `wifiplan library`)")
    c = lib.client_presets[name]
    return ClientSpec(name, c.generation, int(c.streams), int(c.max_width_mhz), float(c.tx_power_dbm),
                      float(c.antenna_gain_dbi), tuple(c.bands))


def legal_tx_power_dbm(spec: ApSpec, band: str, channel: Channel) -> float:
    """Highest conducted power on ``channel``: min(preset max, channel EIRP limit − antenna gain)."""
    return min(spec.max_tx_power_dbm[band], channel.max_eirp_dbm - spec.antenna_gain_dbi[band])
