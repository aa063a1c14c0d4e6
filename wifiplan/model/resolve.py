"""Resolve names in a building against the shipped library and the file's own definitions."""

from __future__ import annotations

from dataclasses import dataclass

from wifiplan.errors import ConfigError
from wifiplan.model.building import Building

__all__ = [
    "EU_COUNTRIES",
    "domain_code",
    "material_names",
    "profile_names",
    "resolve_materials",
    "ResolvedProfile",
    "resolve_profile",
    "used_materials",
]

#: Countries whose Wi-Fi rules follow the EU harmonised decisions (EU/EEA, plus CH and GB,
#: which apply the same ETSI limits for 2.4/5/6 GHz WLAN).
EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK "
    "IS LI NO CH GB EU".split()
)


def domain_code(country: str) -> str:
    """Regulatory domain code (``JP``, ``US``, ``EU``) for an ISO 3166 alpha-2 country.

    Raises
    ------
    ConfigError
        If wifiplan ships no rules for the country.
    """
    code = country.strip().upper()
    if code in ("JP", "US"):
        return code
    if code in EU_COUNTRIES:
        return "EU"
    raise ConfigError(
        f"country '{country}': wifiplan ships channel and power rules for JP, US and the EU/EEA "
        "(e.g. DE, FR, GB); use one of those codes"
    )


def _library():
    from wifiplan.library import load_library

    return load_library()


def material_names(building: Building) -> list[str]:
    """Every material name the building may use: library first, then the file's own."""
    return sorted(set(_library().materials) | set(building.materials))


def profile_names(building: Building) -> list[str]:
    """Every usage profile name the building may use."""
    return sorted(set(_library().profiles) | set(building.profiles))


def used_materials(building: Building) -> list[str]:
    """Materials used by walls and slabs, sorted."""
    names = {w.material for f in building.floors for w in f.walls}
    names |= {f.slab for f in building.floors}
    return sorted(names)


def resolve_materials(building: Building, names: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Loss per crossing in dB per band for ``names`` (default: every used material).

    The file's own ``materials:`` override the library. A custom material missing a band
    takes the value of the nearest band it has (6 from 5, 5 from 6 or 2.4).

    Raises
    ------
    ConfigError
        If a name is in neither the file nor the library.
    """
    lib = _library()
    out: dict[str, dict[str, float]] = {}
    for name in names if names is not None else used_materials(building):
        if name in building.materials:
            given = {k: float(v) for k, v in building.materials[name].loss_db.items()}
            fallback = {"2.4": ("5", "6"), "5": ("6", "2.4"), "6": ("5", "2.4")}
            band_map = {}
            for band, order in fallback.items():
                if band in given:
                    band_map[band] = given[band]
                else:
                    band_map[band] = next(given[b] for b in order if b in given)
            out[name] = band_map
        elif name in lib.materials:
            out[name] = {k: float(v) for k, v in lib.materials[name].loss_db.items()}
        else:
            raise ConfigError(f"unknown material '{name}'; see `wifiplan materials` or define it under materials:")
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class ResolvedProfile:
    """A usage profile as numbers: devices per person, concurrency, Mbps per active device.

    ``client_mix`` is ``{preset: share}`` (``{client: 1.0}`` when the profile gives none;
    ``client`` None = the building's ``ap.client``); ``uplink_share`` defaults to
    ``up ÷ (down + up)`` (clients transmit their own demand at about the rate they receive).
    """

    name: str
    devices_per_person: float
    concurrency: float
    down_mbps: float
    up_mbps: float
    client: str | None
    client_mix: dict[str, float] | None = None
    uplink_share: float = 0.0
    realtime: bool = False
    critical: bool = False

    def mix(self, default_client: str) -> dict[str, float]:
        """The client mix with the building's default client filled in."""
        return dict(self.client_mix) if self.client_mix else {self.client or default_client: 1.0}


def _resolved(name: str, p) -> ResolvedProfile:
    total = p.down_mbps + p.up_mbps
    uplink = p.uplink_share if p.uplink_share is not None else (p.up_mbps / total if total > 0 else 0.0)
    return ResolvedProfile(name, p.devices_per_person, p.concurrency, p.down_mbps, p.up_mbps, p.client,
                           dict(p.client_mix) if p.client_mix else None, float(uplink),
                           bool(p.realtime), bool(p.critical))


def resolve_profile(building: Building, name: str) -> ResolvedProfile:
    """The usage profile ``name``: the file's ``profiles:`` first, then the library."""
    if name in building.profiles:
        return _resolved(name, building.profiles[name])
    lib = _library()
    if name in lib.profiles:
        return _resolved(name, lib.profiles[name])
    raise ConfigError(f"unknown use '{name}'; see `wifiplan profiles` or define it under profiles:")
