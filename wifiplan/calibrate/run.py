"""Calibrate a plan's model settings from a survey: match rows, fit per band, cross-validate, update settings."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from wifiplan.calibrate.crossval import BLOCK_M, CrossValidation, cross_validate
from wifiplan.calibrate.diagnostics import NlCheck, Trend, check_nonlinear, wall_count_trend
from wifiplan.calibrate.fit import CALIBRATION_MODELS, FitResult, fit_paths
from wifiplan.calibrate.params import ModelParams, PathSet, predict_rssi_dbm
from wifiplan.calibrate.paths import (
    EXPONENT_PER_BAND_KEY,
    PER_AP_KEY,
    SLAB_PREFIX,
    WALL_WEIGHT_KEY,
    build_paths,
    prior_params,
    rf_rssi_dbm,
)
from wifiplan.calibrate.survey import Skipped, Survey, match_survey
from wifiplan.errors import ConfigError
from wifiplan.model.building import Building
from wifiplan.model.common import BANDS
from wifiplan.model.plan import AccessPoint, Settings

__all__ = ["CALIBRATION_KEY", "CalibrationOptions", "BandCalibration", "Calibration", "calibrate"]

#: settings.params key of the calibration record.
CALIBRATION_KEY = "calibration"

#: Decimals written to the plan: losses and offsets 0.01 dB, exponent and weight 0.001.
_DB_DECIMALS = 2
_COEF_DECIMALS = 3


@dataclass(frozen=True)
class CalibrationOptions:
    """Options of :func:`calibrate` (the CLI flags)."""

    model: str = "multiwall"
    eirp: str = "global"
    min_paths: int = 50
    folds: int = 5
    seed: int = 0
    block_m: float = BLOCK_M
    loss: str = "soft_l1"
    f_scale_db: float = 4.0


@dataclass
class BandCalibration:
    """The result on one band: fit, held-out accuracy, the before figures and diagnostics."""

    band: str
    paths: PathSet
    fit: FitResult
    cv: CrossValidation | None
    before_rmse_db: float
    before_median_abs_db: float
    trend_before: Trend
    nl_check: NlCheck | None
    note: str = ""


@dataclass
class Calibration:
    """Everything ``wifiplan calibrate`` reports and writes."""

    survey_file: str
    survey_sha256: str
    n_rows: int
    n_used: int
    skipped: list[Skipped]
    bands: list[BandCalibration]
    settings: Settings
    options: CalibrationOptions
    notes: list[str] = field(default_factory=list)


def calibrate(
    building: Building,
    settings: Settings,
    aps: list[AccessPoint],
    survey: Survey,
    options: CalibrationOptions | None = None,
) -> Calibration:
    """Fit the model of ``settings`` to ``survey`` band by band; return the new settings and the report.

    Rows for floors or APs the plan does not know (or an AP without that band) are not
    used and are listed in ``skipped``. Per band: the prior (the plan's settings) is scored
    on every used reading, the parameters are fitted on all readings (the in-sample
    figures) and, separately, by spatially blocked k-fold so every reading is also
    predicted by a fit that did not see its 5 m cell (the held-out figures).

    Raises
    ------
    ConfigError
        If no survey row can be used, or the options are invalid.
    """
    opts = options or CalibrationOptions()
    if opts.model not in CALIBRATION_MODELS:
        raise ConfigError(f"--model {opts.model!r}: use {', '.join(CALIBRATION_MODELS)}")
    if opts.eirp not in ("global", "per-ap"):
        raise ConfigError(f"--eirp {opts.eirp!r}: use global or per-ap")
    if opts.folds < 2:
        raise ConfigError(f"--folds {opts.folds}: use 2 or more")
    if opts.min_paths < 1:
        raise ConfigError(f"--min-paths {opts.min_paths}: use 1 or more")
    radios = {
        a.name: {b: r.channel for b, r in a.radios.items() if r.enabled}
        for a in aps
    }
    keep, bands, skipped = match_survey(
        survey, floors=[f.name for f in building.floors], aps=radios, default_band=building.requirements.band
    )
    keep, outside = _inside_outline(building, survey, keep)
    if outside:
        notes = [k for k in skipped if k.reason.startswith("channel")]
        skipped = [k for k in skipped if not k.reason.startswith("channel")] + outside + notes
    if not keep.any():
        raise ConfigError(
            f"{survey.file}: no survey row matches the plan (floors: {', '.join(f.name for f in building.floors)}; "
            f"APs: {', '.join(sorted(radios)) or 'none'}); check the floor and AP names"
        )
    new = settings.model_copy(deep=True)
    params = copy.deepcopy(dict(new.params))
    results: list[BandCalibration] = []
    band_arr = np.asarray(bands, dtype=object)
    for band in [b for b in BANDS if np.any(keep & (band_arr == b))]:
        sel = np.flatnonzero(keep & (band_arr == band))
        paths = build_paths(
            building, settings, aps, band,
            floor=[survey.floor[i] for i in sel], xy_m=survey.xy_m[sel], ap=[str(survey.ap[i]) for i in sel],
            rss_dbm=survey.rss_dbm[sel], line=np.asarray(survey.line)[sel], model=opts.model,
        )
        prior, _keys = prior_params(building, settings, band, model=opts.model)
        # before: the plan as it stands (its own model, whatever it is), from the rf engine
        before = paths.rss_dbm - rf_rssi_dbm(
            building, settings, aps, band, floor=paths.floor, xy_m=paths.xy_m, ap=[paths.ap_names[i] for i in paths.ap_index]
        )
        fit_kw = dict(model=opts.model, eirp=opts.eirp, min_paths=opts.min_paths, loss=opts.loss, f_scale_db=opts.f_scale_db)
        fit = fit_paths(paths, prior, **fit_kw)  # type: ignore[arg-type]
        fit = _rounded(fit, paths, prior)
        # A path through a wall junction counts as the strongest material there; if the fit
        # reorders the materials' losses, recount with the fitted values and refit (rare).
        for _ in range(2):
            trial, trial_params = new.model_copy(deep=True), copy.deepcopy(params)
            _write_band(trial, trial_params, fit, band, building, settings)
            recount = build_paths(
                building, trial, aps, band, floor=paths.floor, xy_m=paths.xy_m,
                ap=[paths.ap_names[i] for i in paths.ap_index], rss_dbm=paths.rss_dbm, line=paths.line,
                model=opts.model,
            )
            if np.array_equal(recount.wall_counts, paths.wall_counts) and np.array_equal(recount.slab_counts, paths.slab_counts):
                break
            paths.wall_counts, paths.slab_counts = recount.wall_counts, recount.slab_counts
            fit = _rounded(fit_paths(paths, prior, **fit_kw), paths, prior)  # type: ignore[arg-type]
        free = [r.name for r in fit.table if r.kind == "material" and r.fitted]
        cv = None
        note = ""
        if len(paths) >= 2 * opts.folds:
            cv = cross_validate(
                paths, prior, folds=opts.folds, seed=opts.seed, block_m=opts.block_m,
                model=opts.model, eirp=opts.eirp, min_paths=opts.min_paths, loss=opts.loss,
                f_scale_db=opts.f_scale_db, free_materials=free,
            )
        else:
            note = f"too few readings ({len(paths)}) for {opts.folds}-fold cross-validation"
        nl = None
        if opts.model == "multiwall":
            nl = check_nonlinear(paths, prior, min_paths=opts.min_paths, eirp=opts.eirp, loss=opts.loss, f_scale_db=opts.f_scale_db)
        results.append(BandCalibration(
            band, paths, fit, cv,
            float(np.sqrt(np.mean(before**2))), float(np.median(np.abs(before))),
            wall_count_trend(paths, before), nl, note,
        ))
        _write_band(new, params, fit, band, building, settings)
    _write_exponents(new, params, results, building.requirements.band)
    n_used = int(keep.sum())
    params[CALIBRATION_KEY] = {
        "survey": Path(survey.file).name,
        "survey_sha256": survey.sha256,
        "n_points": len({(survey.floor[i], float(survey.xy_m[i, 0]), float(survey.xy_m[i, 1])) for i in np.flatnonzero(keep)}),
        "n_readings": n_used,
        "model": opts.model,
        "eirp": opts.eirp,
        "folds": opts.folds,
        "seed": opts.seed,
        "min_paths": opts.min_paths,
        "bands": {
            r.band: {
                "n_readings": len(r.paths),
                "rmse_before_db": _r(r.before_rmse_db),
                "rmse_insample_db": _r(r.fit.rmse_db),
                "rmse_heldout_db": _r(r.cv.rmse_db) if r.cv else None,
                "median_abs_heldout_db": _r(r.cv.median_abs_db) if r.cv else None,
            }
            for r in results
        },
    }
    if opts.model != new.model:
        from wifiplan.rf.models import default_params

        params = {**default_params(opts.model), **params}
    new.model = opts.model
    new.params = dict(sorted(params.items()))
    notes = [s.reason for s in skipped]
    return Calibration(survey.file, survey.sha256, len(survey), n_used, skipped, results, new, opts, notes)


def _r(value: float, digits: int = _DB_DECIMALS) -> float | None:
    return round(float(value), digits) if np.isfinite(value) else None


def _rounded(fit: FitResult, paths: PathSet, prior: ModelParams) -> FitResult:
    """The fit with its values rounded as written to the plan; residual and RMSE recomputed."""
    p = fit.params
    params = ModelParams(
        exponent=round(p.exponent, _COEF_DECIMALS),
        materials_db={k: round(v, _DB_DECIMALS) for k, v in p.materials_db.items()},
        offset_db=round(p.offset_db, _DB_DECIMALS),
        ap_offset_db={k: round(v, _DB_DECIMALS) for k, v in p.ap_offset_db.items()},
        wall_weight=None if p.wall_weight is None else round(p.wall_weight, _COEF_DECIMALS),
    )
    residual = paths.rss_dbm - predict_rssi_dbm(paths, params)
    fit.params = params
    fit.residual_db = residual
    fit.rmse_db = float(np.sqrt(np.mean(residual**2)))
    fit.median_abs_db = float(np.median(np.abs(residual)))
    for row in fit.table:
        if row.kind == "offset":
            row.after = params.offset_db + (params.ap_offset_db.get(row.key, 0.0) if row.key not in ("", "*") else 0.0)
        elif row.kind == "material":
            row.after = params.materials_db[row.name]
        elif row.kind == "exponent":
            row.after = params.exponent
        elif row.kind == "wall_weight" and params.wall_weight is not None:
            row.after = params.wall_weight
    return fit


def _write_band(new: Settings, params: dict, fit: FitResult, band: str, building: Building, old: Settings) -> None:
    """Put one band's fitted values into ``new`` / ``params`` (only what was fitted)."""
    fitted = {r.name for r in fit.table if r.fitted and r.kind == "material"}
    materials = {k: dict(v) for k, v in new.materials.items()}
    slabs = {k: dict(v) for k, v in new.slab_materials.items()}
    if fitted and not materials:
        from wifiplan.rf.settings import material_losses

        materials = {k: dict(v) for k, v in material_losses(building, old).items()}
    for name in sorted(fitted):
        value = fit.params.materials_db[name]
        if name.startswith(SLAB_PREFIX):
            slabs.setdefault(name[len(SLAB_PREFIX):], {})[band] = value
        else:
            if name not in materials:
                from wifiplan.rf.settings import material_losses

                materials[name] = dict(material_losses(building, old)[name])
            materials[name][band] = value
    new.materials = dict(sorted(materials.items()))
    new.slab_materials = dict(sorted(slabs.items()))
    offset_rows = [r for r in fit.table if r.kind == "offset" and r.fitted]
    if offset_rows:
        new.eirp_offset_db = {**new.eirp_offset_db, band: fit.params.offset_db}
        per_ap = {k: v for k, v in fit.params.ap_offset_db.items()}
        all_bands = dict(params.get(PER_AP_KEY) or {})
        if per_ap and any(abs(v) > 0 for v in per_ap.values()):
            all_bands[band] = dict(sorted(per_ap.items()))
        else:
            all_bands.pop(band, None)
        if all_bands:
            params[PER_AP_KEY] = dict(sorted(all_bands.items()))
        else:
            params.pop(PER_AP_KEY, None)
    w_row = next((r for r in fit.table if r.kind == "wall_weight"), None)
    if w_row is not None and fit.params.wall_weight is not None:
        weights = dict(params.get(WALL_WEIGHT_KEY) or {})
        weights[band] = fit.params.wall_weight
        params[WALL_WEIGHT_KEY] = dict(sorted(weights.items()))


def _write_exponents(new: Settings, params: dict, results: list[BandCalibration], design_band: str) -> None:
    """One fitted band: ``path_loss_exponent``. Several: the design band's (or the most-read
    band's) value there, and every band's in ``params["path_loss_exponent_per_band"]``."""
    fitted = {r.band: (r.fit.params.exponent, len(r.paths)) for r in results if any(x.kind == "exponent" and x.fitted for x in r.fit.table)}
    if not fitted:
        return
    per_band = {**(params.get(EXPONENT_PER_BAND_KEY) or {}), **{b: v for b, (v, _n) in fitted.items()}}
    main = design_band if design_band in fitted else max(fitted, key=lambda b: (fitted[b][1], b))
    new.path_loss_exponent = fitted[main][0]
    others = {b: v for b, v in per_band.items() if abs(v - new.path_loss_exponent) > 1e-12}
    if others:
        params[EXPONENT_PER_BAND_KEY] = dict(sorted(per_band.items()))
    else:
        params.pop(EXPONENT_PER_BAND_KEY, None)


#: Survey points farther than this outside their floor's outline are not used, m (a sign of a
#: coordinate-frame mistake: pixels instead of metres, another origin).
OUTSIDE_TOL_M = 1.0


def _inside_outline(building: Building, survey: Survey, keep: np.ndarray) -> tuple[np.ndarray, list[Skipped]]:
    """Drop rows whose point lies more than OUTSIDE_TOL_M outside the floor outline; report them."""
    import shapely

    from wifiplan.model.geometry import floor_area

    keep = keep.copy()
    skipped: list[Skipped] = []
    floor_arr = np.asarray(survey.floor, dtype=object)
    for floor in building.floors:
        sel = np.flatnonzero(keep & (floor_arr == floor.name))
        if not sel.size:
            continue
        area = floor_area(floor).buffer(OUTSIDE_TOL_M)
        inside = shapely.contains_xy(area, survey.xy_m[sel, 0], survey.xy_m[sel, 1])
        bad = sel[~inside]
        if bad.size:
            keep[bad] = False
            lines = tuple(int(survey.line[i]) for i in bad)
            skipped.append(Skipped(f"point outside the floor outline (> {OUTSIDE_TOL_M:g} m)", floor.name, len(lines), lines))
    return keep, skipped
