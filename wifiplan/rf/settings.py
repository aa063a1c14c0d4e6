"""Model settings as used: fill a Settings with every material the building uses; the recommended settings."""

from __future__ import annotations

from typing import Any

from wifiplan.model.building import Building
from wifiplan.model.common import BANDS, band_key
from wifiplan.model.plan import Settings
from wifiplan.model.resolve import resolve_materials, used_materials

__all__ = [
    "LEGACY_MODEL",
    "RECOMMENDED_MODEL",
    "RECOMMENDED_NOISE_FLOOR_DBM",
    "RECOMMENDED_SLAB_MATERIAL",
    "effective_settings",
    "make_settings",
    "material_losses",
    "recommended_overrides",
    "recommended_settings",
    "slab_loss_db",
]

#: The model of plan files written before issue 12 (and of ``Settings()``): its numbers
#: never change (format 1 is a contract).
LEGACY_MODEL = "multiwall"

#: The model recommended for new plans (docs/propagation.md).
RECOMMENDED_MODEL = "multiwall-office"

#: Noise floor per band for new plans, 20 MHz, dBm: hostap's defaults −89 / −92 / −92 dBm
#: ([S24], standards.md §2.4); −92 dBm is also the voice design assumption ([S29]).
#: Old plans keep the value they recorded (the legacy default is −92 / −95 / −95).
RECOMMENDED_NOISE_FLOOR_DBM: dict[str, float] = {"2.4": -89.0, "5": -92.0, "6": -92.0}

#: Under the recommended model the generic ``concrete-slab`` (P.1238's effective floor loss,
#: made for a steep distance term) is read as this physical slab: 200 mm reinforced concrete,
#: ITU-R P.2040 14.8 / 26.5 / 28.9 dB ([S21], materials.yaml).
RECOMMENDED_SLAB_MATERIAL = "rc-slab-200"


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


def recommended_overrides(building: Building) -> dict[str, Any]:
    """The :func:`make_settings` overrides of the recommended model for ``building``.

    ``model`` = ``multiwall-office`` with its parameters (breakpoint 20 m, 3.5 beyond,
    oblique slab cap 1.3), ``noise_floor_dbm`` = :data:`RECOMMENDED_NOISE_FLOOR_DBM`, and
    ``materials["concrete-slab"]`` = the 200 mm reinforced-concrete slab when the building
    uses ``concrete-slab`` and does not define it itself. ``params["design_client"]`` and
    ``params["client_signal_offset_db"]`` are the weakest device the building expects
    (:func:`wifiplan.rf.devices.weakest_client`): coverage requirements apply to RSSI + offset.
    """
    from wifiplan.model.resolve import used_materials
    from wifiplan.rf.devices import DESIGN_CLIENT_KEY, DEVICE_OFFSET_KEY, weakest_client
    from wifiplan.rf.models import default_params

    values: dict[str, Any] = {
        "model": RECOMMENDED_MODEL,
        "params": default_params(RECOMMENDED_MODEL),
        "noise_floor_dbm": dict(RECOMMENDED_NOISE_FLOOR_DBM),
    }
    device = weakest_client(building)
    values["params"][DESIGN_CLIENT_KEY] = device.name
    values["params"][DEVICE_OFFSET_KEY] = device.signal_offset_db
    if "concrete-slab" in used_materials(building) and "concrete-slab" not in building.materials:
        slab = resolve_materials(building, [RECOMMENDED_SLAB_MATERIAL])[RECOMMENDED_SLAB_MATERIAL]
        values["materials"] = {"concrete-slab": dict(slab)}
    return values


def recommended_settings(building: Building, **overrides: Any) -> Settings:
    """Settings for a new plan of ``building`` with the recommended model (docs/propagation.md).

    :func:`make_settings` with :func:`recommended_overrides`, then ``overrides`` (they win;
    ``params`` and ``materials`` are merged key by key).

    >>> from wifiplan.model.building import Building
    >>> b = Building.model_validate({"floors": [{"name": "1F", "elevation_m": 0,
    ...     "outline": [[0, 0], [1, 0], [1, 1]]}]})
    >>> s = recommended_settings(b)
    >>> s.model, s.materials["concrete-slab"]["5"], s.noise_floor_dbm["5"]
    ('multiwall-office', 26.5, -92.0)

    Raises
    ------
    ConfigError
        As :func:`make_settings`; or if a profile names an unknown client preset.
    """
    values = recommended_overrides(building)
    for key in ("params", "materials"):
        if key in overrides:
            values[key] = {**values.get(key, {}), **(overrides.pop(key) or {})}
    values.update(overrides)
    return make_settings(building, **values)
