"""Model settings as used: fill a Settings with every material the building uses."""

from __future__ import annotations

from typing import Any

from wifiplan.model.building import Building
from wifiplan.model.common import BANDS, band_key
from wifiplan.model.plan import Settings
from wifiplan.model.resolve import resolve_materials, used_materials

__all__ = ["make_settings", "effective_settings", "material_losses", "slab_loss_db"]


def make_settings(building: Building, **overrides: Any) -> Settings:
    """Settings for ``building``: defaults, then ``overrides``, with ``materials`` filled in full.

    ``materials`` records the resolved loss per band of every material the building uses
    (walls and slabs), so a plan file reproduces its numbers even if the library changes;
    materials given in ``overrides["materials"]`` win. ``client`` and ``ap_preset`` default
    to the building's ``ap:`` section. For the P.1238 models the environment is recorded
    in ``params`` (``office`` / ``office-nlos`` by default).

    >>> from wifiplan.model.building import Building
    >>> b = Building.model_validate({"floors": [{"name": "1F", "elevation_m": 0,
    ...     "outline": [[0, 0], [1, 0], [1, 1]], "walls": [{"material": "drywall", "path": [[0, 0], [1, 0]]}]}]})
    >>> sorted(make_settings(b).materials)
    ['concrete-slab', 'drywall']

    Raises
    ------
    ConfigError
        If a material name is unknown, or the model or its environment is unknown.
    pydantic.ValidationError
        If an override is not a valid Settings field value.
    """
    values = dict(overrides)
    values.setdefault("client", building.ap.client)
    values.setdefault("ap_preset", building.ap.preset)
    given = {name: {band_key(k): float(v) for k, v in losses.items()} for name, losses in (values.pop("materials", None) or {}).items()}
    settings = Settings(**values)
    resolved = resolve_materials(building)
    for name, losses in given.items():
        resolved[name] = {**resolved.get(name, {}), **losses}
    settings.materials = dict(sorted(resolved.items()))
    from wifiplan.rf.models import default_params, get_model

    if isinstance(settings.model, str):
        get_model(settings.model)
        params = {**default_params(settings.model), **settings.params}
        settings.params = dict(sorted(params.items()))
    return settings


def effective_settings(building: Building, settings: Settings) -> Settings:
    """A copy of ``settings`` completed for ``building`` (e.g. a hand-written plan's defaults).

    Materials missing from ``settings.materials`` are resolved (file, then library), and
    ``client`` / ``ap_preset`` not written in the plan take the building's ``ap:`` values.
    Values present in ``settings`` are kept as they are.
    """
    data = settings.model_dump()
    explicit = settings.model_fields_set
    if "client" not in explicit:
        data["client"] = building.ap.client
    if "ap_preset" not in explicit:
        data["ap_preset"] = building.ap.preset
    data["materials"] = material_losses(building, settings)
    return Settings.model_validate(data)


def material_losses(building: Building, settings: Settings) -> dict[str, dict[str, float]]:
    """Loss per crossing in dB per band of every material the building uses.

    ``settings.materials`` wins when it has the material (and the band); anything missing
    is resolved with :func:`wifiplan.model.resolve.resolve_materials` (the building's own
    ``materials:`` first, then the shipped library).

    Raises
    ------
    ConfigError
        If a used material is neither in the settings, the building nor the library.
    """
    names = used_materials(building)
    missing = [n for n in names if n not in settings.materials or any(b not in settings.materials[n] for b in BANDS)]
    resolved = resolve_materials(building, missing) if missing else {}
    out: dict[str, dict[str, float]] = {}
    for name in names:
        given = {band_key(k): float(v) for k, v in settings.materials.get(name, {}).items()}
        out[name] = {**resolved.get(name, {}), **given}
    return out


def slab_loss_db(building: Building, settings: Settings, losses: dict[str, dict[str, float]], floor_name: str, band: str) -> float:
    """Loss in dB of the slab under ``floor_name`` on ``band`` (``settings.slab_materials`` first)."""
    slab = building.floor(floor_name).slab
    key = band_key(band)
    if slab in settings.slab_materials and key in settings.slab_materials[slab]:
        return float(settings.slab_materials[slab][key])
    return float(losses[slab][key])
