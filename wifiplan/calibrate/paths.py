"""Per-path features of survey readings (distance, walls and slabs per material) from the rf stage."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from wifiplan.calibrate.params import ModelParams, PathSet
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Settings
from wifiplan.rf.engine import PER_AP_OFFSET_KEY
from wifiplan.rf.models import EXPONENT_PER_BAND_KEY, path_loss_exponent
from wifiplan.rf.models_nl import WALL_WEIGHT_KEY, wall_weight

__all__ = [
    "PER_AP_KEY",
    "WALL_WEIGHT_KEY",
    "EXPONENT_PER_BAND_KEY",
    "SLAB_PREFIX",
    "slabs_between",
    "prior_params",
    "build_paths",
    "rf_rssi_dbm",
]

#: settings.params keys the rf stage honours: per-AP EIRP offsets ``{band: {ap: dB}}`` (added
#: to eirp_offset_db[band]), the multiwall-nl wall weight ``{band: w}``, a per-band exponent ``{band: n}``.
PER_AP_KEY = PER_AP_OFFSET_KEY
#: Parameter name prefix of a slab whose loss comes from settings.slab_materials.
SLAB_PREFIX = "slab:"


def slabs_between(building: Building, floor_a: str, floor_b: str) -> list[str]:
    """Floor names whose slab (under the floor) a path from ``floor_a`` to ``floor_b`` crosses."""
    from wifiplan.rf.engine import floor_order

    order = floor_order(building)
    i, j = sorted((order.index(floor_a), order.index(floor_b)))
    return order[i + 1 : j + 1]


def _slab_key(settings: Settings, material: str, band: str) -> str:
    if material in settings.slab_materials and band in settings.slab_materials[material]:
        return SLAB_PREFIX + material
    return material


def prior_params(building: Building, settings: Settings, band: str, *, model: str | None = None) -> tuple[ModelParams, list[str]]:
    """The model values of ``settings`` on ``band`` as :class:`ModelParams`, and the material keys.

    Keys are material names; a slab whose loss is set in ``settings.slab_materials`` gets
    its own key ``"slab:<name>"``.
    """
    from wifiplan.rf.settings import material_losses

    losses = material_losses(building, settings)
    values: dict[str, float] = {name: float(v[band]) for name, v in losses.items()}
    for name, bands in settings.slab_materials.items():
        if band in bands:
            values[SLAB_PREFIX + name] = float(bands[band])
    exponent = path_loss_exponent(settings, band)
    per_ap = (settings.params.get(PER_AP_KEY) or {}).get(band, {})
    weight = None
    name = model or settings.model
    if name == "multiwall-nl":
        weight = wall_weight(settings, band)
    params = ModelParams(
        exponent=exponent,
        materials_db=dict(sorted(values.items())),
        offset_db=float(settings.eirp_offset_db.get(band, 0.0)),
        ap_offset_db={str(k): float(v) for k, v in sorted(per_ap.items())},
        wall_weight=weight,
    )
    return params, sorted(values)


def _ap_z_m(building: Building, ap: AccessPoint) -> float:
    from wifiplan.rf.engine import ap_height_m

    return float(building.floor(ap.floor).elevation_m + ap_height_m(building, ap))


def build_paths(
    building: Building,
    settings: Settings,
    aps: Sequence[AccessPoint],
    band: str,
    *,
    floor: Sequence[str],
    xy_m: np.ndarray,
    ap: Sequence[str],
    rss_dbm: np.ndarray | None = None,
    line: np.ndarray | None = None,
    model: str = "multiwall",
) -> PathSet:
    """Features of readings (AP ``ap[i]`` heard at ``floor[i]``, ``xy_m[i]``) on ``band``.

    Distances, wall crossings per material (:func:`wifiplan.rf.features.wall_crossings`,
    the rf crossing code itself) and slabs per material come from the building; the
    constant ``base_db`` (EIRP + client gain − FSPL(1 m, f)) is taken from
    :func:`wifiplan.rf.engine.rssi_dbm` under ``settings`` minus the parametric part,
    so the features reproduce rf's prediction exactly for the multiwall model.

    With ``model="multiwall-office"`` the features are those of that model (its parameters
    from ``settings.params``): ``log_d`` is 10·log10(min(d, breakpoint)), the fixed slope
    beyond the breakpoint stays in ``base_db``, and a slab counts min(1/cos θ, cap) times,
    so the fit (exponent to the breakpoint, materials, offset) reproduces rf exactly too.

    Raises
    ------
    ValueError
        If an AP name, floor or band does not match the plan (callers filter rows first with
        :func:`wifiplan.calibrate.survey.match_survey`).
    """
    from wifiplan.rf.engine import band_aps, rssi_dbm
    from wifiplan.rf.features import wall_crossings
    from wifiplan.rf.settings import material_losses
    from wifiplan.rf.walls import prepare_walls

    xy = np.asarray(xy_m, dtype=float).reshape(-1, 2)
    n = xy.shape[0]
    heard = band_aps(list(aps), band)
    by_name = {a.name: a for a in heard}
    unknown = sorted({a for a in ap if a not in by_name})
    if unknown:
        raise ValueError(f"AP(s) {unknown} have no enabled radio on band {band}")
    office = model == "multiwall-office"
    if office:
        from wifiplan.rf.models_office import oblique_factor, office_parameters

        bp_m, _n_far, cap = office_parameters(settings)
    prior, keys = prior_params(building, settings, band, model="multiwall")
    column = {k: j for j, k in enumerate(keys)}
    ap_names = sorted(by_name)
    ap_col = {name: i for i, name in enumerate(ap_names)}
    ap_index = np.array([ap_col[a] for a in ap], dtype=int)
    log_d = np.zeros(n)
    wall_counts = np.zeros((n, len(keys)), dtype=np.int64)
    slab_counts = np.zeros((n, len(keys)), dtype=float if office else np.int64)
    rssi_rf = np.full(n, np.nan)
    losses = material_losses(building, settings)
    floor_arr = np.asarray(list(floor), dtype=object)
    ap_arr = np.asarray(list(ap), dtype=object)
    groups = sorted({(str(a), str(f)) for a, f in zip(ap_arr, floor_arr)})
    heard_index = {a.name: i for i, a in enumerate(heard)}
    for ap_name, rx_floor in groups:
        sel = np.flatnonzero((ap_arr == ap_name) & (floor_arr == rx_floor))
        the_ap = by_name[ap_name]
        rx_z = building.floor(rx_floor).elevation_m + settings.receiver_height_m
        dxy = xy[sel] - np.asarray(the_ap.at, dtype=float)
        dz = rx_z - _ap_z_m(building, the_ap)
        d3 = np.sqrt(dxy[:, 0] ** 2 + dxy[:, 1] ** 2 + dz**2)
        d_m = np.maximum(d3, 1.0)
        log_d[sel] = 10.0 * np.log10(np.minimum(d_m, bp_m) if office else d_m)
        if rx_floor == the_ap.floor:
            walls = prepare_walls(building.floor(rx_floor))
            if len(walls):
                piece_loss = walls.losses_db(losses, band)
                wall_counts[sel] = wall_crossings(walls, piece_loss, np.asarray(the_ap.at, dtype=float), xy[sel], keys)
        else:
            for slab_floor in slabs_between(building, the_ap.floor, rx_floor):
                material = building.floor(slab_floor).slab
                slab_counts[sel, column[_slab_key(settings, material, band)]] += (
                    oblique_factor(np.array([dz]), d_m, cap) if office else 1
                )
        rssi = rssi_dbm(building, settings, heard, band, rx_floor, xy[sel], model="multiwall-office" if office else "multiwall",
                        cull_rssi_dbm=None)
        rssi_rf[sel] = np.asarray(rssi)[heard_index[ap_name]]
    loss_vec = np.array([prior.materials_db[k] for k in keys], dtype=float)
    offsets = prior.ap_total_offsets(ap_names)[ap_index] if n else np.zeros(0)
    base = rssi_rf - offsets + prior.exponent * log_d + (wall_counts + slab_counts) @ loss_vec
    return PathSet(
        band=band,
        ap_names=ap_names,
        ap_index=ap_index,
        base_db=base,
        log_d=log_d,
        materials=keys,
        wall_counts=wall_counts,
        slab_counts=slab_counts,
        rss_dbm=np.asarray(rss_dbm, dtype=float) if rss_dbm is not None else np.full(n, np.nan),
        floor=[str(f) for f in floor],
        xy_m=xy,
        line=np.asarray(line, dtype=int) if line is not None else np.arange(n),
    )


def rf_rssi_dbm(
    building: Building, settings: Settings, aps: Sequence[AccessPoint], band: str, *,
    floor: Sequence[str], xy_m: np.ndarray, ap: Sequence[str],
) -> np.ndarray:
    """The rf engine's RSSI for each reading under ``settings`` (any model, no culling), dBm (n,)."""
    from wifiplan.rf.engine import band_aps, rssi_dbm

    xy = np.asarray(xy_m, dtype=float).reshape(-1, 2)
    heard = band_aps(list(aps), band)
    row = {a.name: i for i, a in enumerate(heard)}
    out = np.full(xy.shape[0], np.nan)
    floor_arr = np.asarray(list(floor), dtype=object)
    ap_rows = np.array([row[a] for a in ap], dtype=int)
    for f in sorted(set(floor_arr.tolist())):
        sel = np.flatnonzero(floor_arr == f)
        rssi = rssi_dbm(building, settings, heard, band, f, xy[sel], cull_rssi_dbm=None)
        out[sel] = rssi[ap_rows[sel], np.arange(sel.size)]
    return out
