"""Load the shipped library (YAML in wifiplan/library/data) into validated, cached models."""

from __future__ import annotations

import functools
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, model_validator

from wifiplan.errors import ConfigError
from wifiplan.library.mcs import McsTable
from wifiplan.library.models import ApPreset, ClientPreset, LibraryModel, Material, Profile
from wifiplan.library.regulatory import RegDomain

__all__ = [
    "LIBRARY_FILES",
    "Library",
    "data_dir",
    "get_domain",
    "load_library",
    "load_library_from",
]

#: The files the library reads; any other file in data/ (e.g. cost books) is ignored here.
LIBRARY_FILES: tuple[str, ...] = (
    "materials.yaml",
    "profiles.yaml",
    "radios.yaml",
    "mcs.yaml",
    "regulatory.yaml",
)

_FORMAT = 1


class Library(LibraryModel):
    """Everything shipped: materials, profiles, AP and client presets, MCS table, domains."""

    materials: dict[str, Material] = Field(min_length=1)
    profiles: dict[str, Profile] = Field(min_length=1)
    ap_presets: dict[str, ApPreset] = Field(min_length=1)
    client_presets: dict[str, ClientPreset] = Field(min_length=1)
    mcs: McsTable
    domains: dict[str, RegDomain] = Field(min_length=1)

    @model_validator(mode="after")
    def _cross_references(self) -> Library:
        for name, profile in self.profiles.items():
            if profile.client not in self.client_presets:
                raise ValueError(
                    f"profiles.{name}.client: unknown client preset {profile.client!r}; "
                    f"known: {', '.join(sorted(self.client_presets))}"
                )
            for key in profile.client_mix or {}:
                if key not in self.client_presets:
                    raise ValueError(f"profiles.{name}.client_mix: unknown client preset {key!r}")
        presets: dict[str, ApPreset | ClientPreset] = {**self.ap_presets, **self.client_presets}
        for name, preset in presets.items():
            if preset.generation not in self.mcs.generations:
                raise ValueError(f"{name}.generation {preset.generation!r} not in mcs.yaml")
        for name, ap in self.ap_presets.items():
            bad = [w for w in ap.widths_mhz if w not in self.mcs.data_subcarriers]
            if bad:
                raise ValueError(f"ap_presets.{name}.widths_mhz: no MCS data for {bad}")
        return self

    def domain_for(self, code: str) -> RegDomain:
        """The domain for a country code or alias (``"jp"``, ``"DE"`` -> EU), case-insensitive.

        Raises
        ------
        ConfigError
            If the code names no known domain.
        """
        key = code.strip().upper()
        if key in self.domains:
            return self.domains[key]
        for domain in self.domains.values():
            if key in domain.aliases:
                return domain
        raise ConfigError(f"unknown country {code!r}; known: {', '.join(sorted(self.domains))}")


def data_dir() -> Traversable:
    """The shipped data directory (a Traversable: works from a wheel or an editable install)."""
    return resources.files("wifiplan.library").joinpath("data")


def _read_yaml(folder: Traversable | Path, name: str) -> dict[str, Any]:
    path = folder.joinpath(name)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError as err:
        raise ConfigError(f"{name}: library file missing from {folder}") from err
    except yaml.YAMLError as err:
        raise ConfigError(f"{name}: invalid YAML: {err}") from err
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: expected a mapping at the top level")
    if data.get("format", _FORMAT) != _FORMAT:
        raise ConfigError(f"{name}: format {data.get('format')!r} not supported (want {_FORMAT})")
    data.pop("format", None)
    return data


def _named(section: Any, *, key: str = "name") -> dict[str, Any]:
    """Copy ``{name: {...}}`` into ``{name: {name: ..., ...}}`` so entries know their name."""
    if not isinstance(section, dict):
        return section
    return {
        str(name): ({key: str(name), **entry} if isinstance(entry, dict) else entry)
        for name, entry in section.items()
    }


def _location(err: ValidationError, name: str) -> str:
    lines = []
    for item in err.errors():
        path = ".".join(str(p) for p in item["loc"])
        lines.append(f"{name}: {path}: {item['msg']}")
    return "; ".join(lines)


def load_library_from(folder: Traversable | Path) -> Library:
    """Read and validate the library YAML files in ``folder`` (uncached).

    Files other than :data:`LIBRARY_FILES` in the folder are ignored.

    Raises
    ------
    ConfigError
        If a file is missing, not YAML, or does not validate; the message names the
        file and the field path.
    """
    raw = {name: _read_yaml(folder, name) for name in LIBRARY_FILES}
    radios = raw["radios.yaml"]
    sections = {
        "materials": ("materials.yaml", _named(raw["materials.yaml"].get("materials"))),
        "profiles": ("profiles.yaml", _named(raw["profiles.yaml"].get("profiles"))),
        "ap_presets": ("radios.yaml", _named(radios.get("ap_presets"))),
        "client_presets": ("radios.yaml", _named(radios.get("client_presets"))),
        "mcs": ("mcs.yaml", raw["mcs.yaml"]),
        "domains": ("regulatory.yaml", _named(raw["regulatory.yaml"].get("domains"), key="code")),
    }
    try:
        return Library(**{field: value for field, (_, value) in sections.items()})
    except ValidationError as err:
        first = err.errors()[0]["loc"][0] if err.errors() and err.errors()[0]["loc"] else None
        name = sections[first][0] if first in sections else "library"
        raise ConfigError(_location(err, name)) from err


@functools.cache
def load_library() -> Library:
    """The shipped library, loaded once per process (immutable; safe to share).

    >>> lib = load_library()
    >>> lib.materials["drywall"].loss_db["5"]
    4.0
    """
    return load_library_from(data_dir())


def get_domain(code: str) -> RegDomain:
    """The regulatory domain for a country code (``"JP"``, ``"US"``, ``"EU"`` or an EU member).

    Raises
    ------
    ConfigError
        If the code is unknown: ``unknown country 'XX'; known: EU, JP, US``.
    """
    return load_library().domain_for(code)
