"""Client devices a building expects, and the weakest of them that the design must serve.

Coverage is predicted for a reference receiver (a laptop-class survey adapter). Each client
preset carries a ``signal_offset_db`` (antenna gain and body loss relative to that
reference, as Ekahau's device offsets; phones are weaker than laptops) and a
``tx_power_dbm`` (its uplink). A design meets its coverage requirement for the weakest
device the building expects: RSSI + that device's offset ≥ ``min_rssi_dbm``.
"""

from __future__ import annotations

from dataclasses import dataclass

from wifiplan.errors import ConfigError
from wifiplan.model.building import Building
from wifiplan.model.plan import Settings

__all__ = ["DESIGN_CLIENT_KEY", "DEVICE_OFFSET_KEY", "DesignDevice", "device_offset_db", "expected_clients", "weakest_client"]

#: ``settings.params`` keys recording the design device of a plan (written by
#: ``recommended_settings``; absent in legacy plans = offset 0).
DESIGN_CLIENT_KEY = "design_client"
DEVICE_OFFSET_KEY = "client_signal_offset_db"


@dataclass(frozen=True)
class DesignDevice:
    """The client preset a design is made for, with the numbers the link budget uses.

    Attributes
    ----------
    name : str
        Client preset name (``radios.yaml`` ``client_presets``).
    signal_offset_db : float
        Its received signal relative to the reference receiver, dB (≤ 0 for weaker devices).
    tx_power_dbm : float
        Its transmit power, dBm (uplink).
    antenna_gain_dbi : float
        Its antenna gain, dBi.
    """

    name: str
    signal_offset_db: float
    tx_power_dbm: float
    antenna_gain_dbi: float


def _library():
    from wifiplan.library import load_library

    return load_library()


def _profile_devices(building: Building, use: str) -> list[str]:
    """Client presets a usage profile lists: its ``client_mix`` keys if any, else its ``client``."""
    lib = _library()
    profile = building.profiles.get(use) or lib.profiles.get(use)
    if profile is None:
        raise ConfigError(f"unknown use '{use}'; see `wifiplan profiles` or define it under profiles:")
    mix = getattr(profile, "client_mix", None) or {}
    names = [name for name, share in mix.items() if share is None or float(share) > 0]
    if names:
        return sorted(names)
    client = getattr(profile, "client", None)
    return [client] if client else []


def expected_clients(building: Building) -> list[str]:
    """Client presets the building expects, sorted: those of the zones with people.

    A zone counts when its headcount is above 0; its use profile names the devices
    (``client_mix`` keys, else ``client``). Without any such zone (or a profile naming no
    device), the building's ``ap.client`` is the one device.

    Raises
    ------
    ConfigError
        If a zone's use profile is unknown.
    """
    names: set[str] = set()
    for floor in building.floors:
        for zone in floor.zones:
            if (zone.headcount or 0) > 0:
                names.update(_profile_devices(building, zone.use))
    if not names:
        names.add(building.ap.client)
    return sorted(names)


def weakest_client(building: Building) -> DesignDevice:
    """The weakest device the building expects (lowest ``signal_offset_db``; ties: lower tx power, then name).

    The design uses it for coverage (RSSI + its offset) and the uplink (its tx power).

    >>> from wifiplan.model.building import Building
    >>> b = Building.model_validate({"floors": [{"name": "1F", "elevation_m": 0,
    ...     "outline": [[0, 0], [10, 0], [10, 10], [0, 10]],
    ...     "zones": [{"name": "Hall", "use": "counter-service", "headcount": 5,
    ...                "polygon": [[0, 0], [10, 0], [10, 10], [0, 10]]}]}]})
    >>> weakest_client(b).name
    'phone'

    Raises
    ------
    ConfigError
        If a profile names a client preset that is not in the library.
    """
    presets = _library().client_presets
    devices = []
    for name in expected_clients(building):
        if name not in presets:
            raise ConfigError(
                f"unknown client preset '{name}' (named by a use profile or ap.client); "
                f"use one of {', '.join(sorted(presets))}"
            )
        p = presets[name]
        devices.append(DesignDevice(name, float(p.signal_offset_db), float(p.tx_power_dbm), float(p.antenna_gain_dbi)))
    return min(devices, key=lambda d: (d.signal_offset_db, d.tx_power_dbm, d.name))


def device_offset_db(settings: Settings) -> float:
    """The design device's signal offset recorded in ``settings.params``, dB (0 for legacy plans).

    Coverage requirements (min RSSI, min SNR, secondary RSSI) apply to the predicted
    value + this offset.

    >>> device_offset_db(Settings()), device_offset_db(Settings(params={"client_signal_offset_db": -5}))
    (0.0, -5.0)

    Raises
    ------
    ConfigError
        If the recorded value is not a number in −20..10 dB.
    """
    value = settings.params.get(DEVICE_OFFSET_KEY, 0.0)
    try:
        offset = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"settings.params.{DEVICE_OFFSET_KEY}: must be a number in dB (got {value!r})") from None
    if not -20.0 <= offset <= 10.0:
        raise ConfigError(f"settings.params.{DEVICE_OFFSET_KEY}: must be in -20..10 dB (got {offset:g})")
    return offset
