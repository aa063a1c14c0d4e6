"""Fit material losses, path-loss exponent and EIRP offsets to survey readings (robust least squares)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import optimize

from wifiplan.calibrate.params import ModelParams, PathSet, predict_rssi_dbm
from wifiplan.rf.models_nl import DEFAULT_WALL_WEIGHT, effective_counts

__all__ = [
    "BOUNDS",
    "CALIBRATION_MODELS",
    "DEFAULT_WALL_WEIGHT",
    "MIN_OFFSET_PATHS",
    "Parameter",
    "FitResult",
    "effective_counts",
    "fit_paths",
]

#: Models calibrate can fit: multiwall, multiwall-nl (wall weight too) and multiwall-office
#: (exponent to its breakpoint, materials and offset; breakpoint, far slope and oblique cap kept).
CALIBRATION_MODELS: tuple[str, ...] = ("multiwall", "multiwall-nl", "multiwall-office")

#: Plausible ranges the fitted values are bounded to: per-crossing loss of a wall or slab
#: (dB; the shipped library spans 1–40 dB, NIST young concrete up to ~53 dB at 5.5 GHz
#: [S19]), path-loss exponent (log-distance tables 1.6–5.4 [S6], [S8]), EIRP offset (dB)
#: and the multiwall-nl wall weight.
BOUNDS: dict[str, tuple[float, float]] = {
    "material": (0.0, 60.0),
    "exponent": (1.5, 5.0),
    "offset": (-30.0, 30.0),
    "wall_weight": (0.2, 1.0),
}

#: Fewest readings of a band (global offset) or of one AP (per-AP offset) for an offset fit.
MIN_OFFSET_PATHS = 10


@dataclass
class Parameter:
    """One row of the calibration table: a parameter before → after, ± 1 σ, paths informing it."""

    name: str
    kind: str  # "offset" | "exponent" | "material" | "wall_weight"
    before: float
    after: float
    sigma: float | None
    n_paths: int
    fitted: bool
    note: str = ""
    key: str = ""  # offsets: the AP name ("" global, "*" APs with few readings); else the name


@dataclass
class FitResult:
    """Fitted values for one band, the table rows and in-sample figures."""

    band: str
    model: str
    params: ModelParams
    table: list[Parameter]
    residual_db: np.ndarray  # measured − predicted, in-sample, (n,)
    rmse_db: float
    median_abs_db: float
    n_paths: int
    success: bool
    message: str


@dataclass
class _Layout:
    """Which parameters are free and where they sit in the vector."""

    offset_aps: list[int]  # per-AP mode: indices of APs with their own offset; [] = global
    rare_global: bool  # per-AP mode: a shared offset for APs with few readings
    fit_offset: bool
    fit_exponent: bool
    free_materials: list[int]
    fit_weight: bool

    @property
    def n_offsets(self) -> int:
        if not self.fit_offset:
            return 0
        if self.offset_aps:
            return len(self.offset_aps) + int(self.rare_global)
        return 1


def _pack(layout: _Layout, params: ModelParams, paths: PathSet) -> np.ndarray:
    values: list[float] = []
    if layout.fit_offset:
        totals = params.ap_total_offsets(paths.ap_names)
        if layout.offset_aps:
            values.extend(totals[i] for i in layout.offset_aps)
            if layout.rare_global:
                values.append(params.offset_db)
        else:
            values.append(params.offset_db)
    if layout.fit_exponent:
        values.append(params.exponent)
    values.extend(params.materials_db[paths.materials[j]] for j in layout.free_materials)
    if layout.fit_weight:
        values.append(params.wall_weight if params.wall_weight is not None else DEFAULT_WALL_WEIGHT)
    return np.asarray(values, dtype=float)


def _unpack(layout: _Layout, x: np.ndarray, prior: ModelParams, paths: PathSet) -> ModelParams:
    k = 0
    offset = prior.offset_db
    ap_offsets = dict(prior.ap_offset_db)
    if layout.fit_offset:
        if layout.offset_aps:
            own = x[: len(layout.offset_aps)]
            k = len(layout.offset_aps)
            if layout.rare_global:
                offset = float(x[k])
                k += 1
            else:
                offset = float(np.median(own))
            for i, value in zip(layout.offset_aps, own):
                ap_offsets[paths.ap_names[i]] = float(value) - offset
        else:
            offset = float(x[0])
            k = 1
    exponent = prior.exponent
    if layout.fit_exponent:
        exponent = float(x[k])
        k += 1
    materials = dict(prior.materials_db)
    for j in layout.free_materials:
        materials[paths.materials[j]] = float(x[k])
        k += 1
    weight = prior.wall_weight
    if layout.fit_weight:
        weight = float(x[k])
        k += 1
    return ModelParams(exponent, materials, offset, ap_offsets, weight)


def _bounds(layout: _Layout) -> tuple[np.ndarray, np.ndarray]:
    lo: list[float] = []
    hi: list[float] = []
    for _ in range(layout.n_offsets):
        lo.append(BOUNDS["offset"][0])
        hi.append(BOUNDS["offset"][1])
    if layout.fit_exponent:
        lo.append(BOUNDS["exponent"][0])
        hi.append(BOUNDS["exponent"][1])
    for _ in layout.free_materials:
        lo.append(BOUNDS["material"][0])
        hi.append(BOUNDS["material"][1])
    if layout.fit_weight:
        lo.append(BOUNDS["wall_weight"][0])
        hi.append(BOUNDS["wall_weight"][1])
    return np.asarray(lo), np.asarray(hi)


def _linear_design(layout: _Layout, paths: PathSet, params: ModelParams) -> np.ndarray:
    """Jacobian of the multiwall prediction w.r.t. the free parameters (exact for w = 1)."""
    n = len(paths)
    cols: list[np.ndarray] = []
    if layout.fit_offset:
        if layout.offset_aps:
            for i in layout.offset_aps:
                cols.append((paths.ap_index == i).astype(float))
            if layout.rare_global:
                own = np.isin(paths.ap_index, layout.offset_aps)
                cols.append((~own).astype(float))
        else:
            cols.append(np.ones(n))
    if layout.fit_exponent:
        cols.append(-paths.log_d)
    loss = np.array([params.materials_db[m] for m in paths.materials], dtype=float)
    eff = effective_counts(paths.wall_counts, loss, params.wall_weight) + effective_counts(
        paths.slab_counts, loss, params.wall_weight
    )
    for j in layout.free_materials:
        cols.append(-eff[:, j])
    return np.column_stack(cols) if cols else np.zeros((n, 0))


def _jacobian(layout: _Layout, x: np.ndarray, prior: ModelParams, paths: PathSet) -> np.ndarray:
    """d(prediction)/dx: analytic for the linear part, central differences for the wall weight."""
    params = _unpack(layout, x, prior, paths)
    jac = _linear_design(layout, paths, params)
    if layout.fit_weight:
        h = 1e-5
        lo, hi = BOUNDS["wall_weight"]
        a, b = max(lo, x[-1] - h), min(hi, x[-1] + h)
        xa, xb = x.copy(), x.copy()
        xa[-1], xb[-1] = a, b
        d = (predict_rssi_dbm(paths, _unpack(layout, xb, prior, paths)) - predict_rssi_dbm(paths, _unpack(layout, xa, prior, paths))) / (b - a)
        jac = np.column_stack([jac, d])
    return jac


def _informing(paths: PathSet) -> np.ndarray:
    """Paths crossing each material at least once (wall or slab), shape (M,)."""
    if not paths.materials:
        return np.zeros(0, dtype=int)
    return ((paths.wall_counts + paths.slab_counts) > 0).sum(axis=0).astype(int)


def fit_paths(
    paths: PathSet,
    prior: ModelParams,
    *,
    model: str = "multiwall",
    eirp: str = "global",
    min_paths: int = 50,
    loss: str = "soft_l1",
    f_scale_db: float = 4.0,
    free_materials: list[str] | None = None,
) -> FitResult:
    """Fit one band's parameters to measured RSS by robust least squares.

    Parameters
    ----------
    paths : PathSet
        Readings of one band with measured ``rss_dbm``.
    prior : ModelParams
        Values before calibration (the plan's settings); parameters that are not fitted keep them.
    model : {"multiwall", "multiwall-nl", "multiwall-office"}
        multiwall-nl also fits the wall weight w (the k-th strongest crossing counts w^(k−1));
        multiwall-office fits like multiwall on its own features (``build_paths(model=...)``).
    eirp : {"global", "per-ap"}
        One EIRP offset for the band, or one per AP with ≥ MIN_OFFSET_PATHS readings (APs
        with fewer share one offset).
    min_paths : int
        A material crossed by fewer paths keeps its prior value; so does the exponent when the
        band has fewer readings, and the wall weight when fewer paths cross ≥ 2 walls/slabs.
    loss, f_scale_db
        Robust loss of :func:`scipy.optimize.least_squares` and its scale, dB.
    free_materials
        Fit exactly these materials (still subject to having ≥ 1 path); default: by ``min_paths``.

    Returns
    -------
    FitResult

    Raises
    ------
    ValueError
        Unknown ``model`` or ``eirp``, or a material of ``paths`` missing from ``prior``.

    Notes
    -----
    The multiwall model is linear in its parameters, so an ordinary least-squares solve of the
    deviations from the prior (minimum norm, so unidentified directions keep their prior)
    clipped to the bounds is the warm start; ``least_squares`` (trust-region reflective,
    bounded) then down-weights outliers. σ of each parameter is sqrt(diag((JᵀJ)⁺)·s²) with
    J the model Jacobian and s² = Σr²/(n − p).
    """
    if model not in CALIBRATION_MODELS:
        raise ValueError(f"unknown calibration model {model!r}; use {', '.join(CALIBRATION_MODELS)}")
    if eirp not in ("global", "per-ap"):
        raise ValueError(f"unknown eirp mode {eirp!r}; use global or per-ap")
    missing = [m for m in paths.materials if m not in prior.materials_db]
    if missing:
        raise ValueError(f"no prior value for material(s) {missing}")
    n = len(paths)
    if not np.all(np.isfinite(paths.rss_dbm)):
        raise ValueError("paths.rss_dbm must be finite for a fit")
    prior = replace(prior, wall_weight=(prior.wall_weight if prior.wall_weight is not None else DEFAULT_WALL_WEIGHT) if model == "multiwall-nl" else None)
    informing = _informing(paths)
    n_ap_paths = np.bincount(paths.ap_index, minlength=len(paths.ap_names)) if n else np.zeros(len(paths.ap_names), int)
    if free_materials is None:
        free = [j for j, c in enumerate(informing) if c >= min_paths]
    else:
        free = [j for j, m in enumerate(paths.materials) if m in free_materials and informing[j] > 0]
    multi = int((paths.crossings() >= 2).sum()) if n else 0
    fit_offset = n >= MIN_OFFSET_PATHS
    offset_aps: list[int] = []
    rare = False
    if fit_offset and eirp == "per-ap":
        offset_aps = [i for i, c in enumerate(n_ap_paths) if c >= MIN_OFFSET_PATHS]
        rare = any(0 < c < MIN_OFFSET_PATHS for c in n_ap_paths)
    layout = _Layout(
        offset_aps=offset_aps,
        rare_global=rare,
        fit_offset=fit_offset,
        fit_exponent=n >= min_paths,
        free_materials=free,
        fit_weight=model == "multiwall-nl" and multi >= min_paths,
    )
    x0 = _pack(layout, prior, paths)
    lo, hi = _bounds(layout)
    success, message = True, "nothing to fit"
    x = x0.copy()
    if x0.size:
        # warm start: linear least squares on the deviations from the prior
        design = _linear_design(layout, paths, prior)
        resid0 = paths.rss_dbm - predict_rssi_dbm(paths, prior)
        if design.shape[1]:
            delta, *_ = np.linalg.lstsq(design, resid0, rcond=None)
            start = x0.copy()
            start[: design.shape[1]] += delta
        else:
            start = x0.copy()
        eps = 1e-9
        start = np.clip(start, lo + eps, hi - eps)

        def fun(v: np.ndarray) -> np.ndarray:
            return predict_rssi_dbm(paths, _unpack(layout, v, prior, paths)) - paths.rss_dbm

        def jac(v: np.ndarray) -> np.ndarray:
            return _jacobian(layout, v, prior, paths)

        res = optimize.least_squares(
            fun, start, jac=jac, bounds=(lo, hi), loss=loss, f_scale=f_scale_db, method="trf", x_scale="jac", tr_solver="lsmr",
            max_nfev=200,
        )
        x = res.x
        success, message = bool(res.success), str(res.message)
    params = _unpack(layout, x, prior, paths)
    pred = predict_rssi_dbm(paths, params)
    residual = paths.rss_dbm - pred
    sigma = _sigmas(layout, x, prior, paths, residual)
    table = _table(layout, prior, params, paths, sigma, informing, n_ap_paths, multi, min_paths, model)
    return FitResult(
        band=paths.band,
        model=model,
        params=params,
        table=table,
        residual_db=residual,
        rmse_db=float(np.sqrt(np.mean(residual**2))) if n else float("nan"),
        median_abs_db=float(np.median(np.abs(residual))) if n else float("nan"),
        n_paths=n,
        success=success,
        message=message,
    )


def _sigmas(layout: _Layout, x: np.ndarray, prior: ModelParams, paths: PathSet, residual: np.ndarray) -> np.ndarray:
    p = x.size
    n = len(paths)
    if p == 0 or n <= p:
        return np.full(p, np.nan)
    jac = _jacobian(layout, x, prior, paths)
    s2 = float(residual @ residual) / (n - p)
    cov = np.linalg.pinv(jac.T @ jac) * s2
    return np.sqrt(np.clip(np.diag(cov), 0.0, None))


def _table(
    layout: _Layout,
    prior: ModelParams,
    params: ModelParams,
    paths: PathSet,
    sigma: np.ndarray,
    informing: np.ndarray,
    n_ap_paths: np.ndarray,
    multi: int,
    min_paths: int,
    model: str,
) -> list[Parameter]:
    rows: list[Parameter] = []
    k = 0
    n = len(paths)
    if layout.offset_aps:
        before_tot = prior.ap_total_offsets(paths.ap_names)
        after_tot = params.ap_total_offsets(paths.ap_names)
        for i in layout.offset_aps:
            rows.append(Parameter(f"EIRP offset {paths.ap_names[i]}", "offset", float(before_tot[i]), float(after_tot[i]), float(sigma[k]), int(n_ap_paths[i]), True, key=paths.ap_names[i]))
            k += 1
        if layout.rare_global:
            few = int(sum(c for c in n_ap_paths if 0 < c < MIN_OFFSET_PATHS))
            rows.append(Parameter("EIRP offset (APs with few readings)", "offset", prior.offset_db, params.offset_db, float(sigma[k]), few, True, f"shared by APs with < {MIN_OFFSET_PATHS} readings", key="*"))
            k += 1
    else:
        note = "" if layout.fit_offset else f"kept: {n} readings < {MIN_OFFSET_PATHS}"
        rows.append(Parameter("EIRP offset", "offset", prior.offset_db, params.offset_db, float(sigma[k]) if layout.fit_offset else None, n, layout.fit_offset, note))
        k += int(layout.fit_offset)
    if layout.fit_exponent:
        rows.append(Parameter("path-loss exponent", "exponent", prior.exponent, params.exponent, float(sigma[k]), n, True))
        k += 1
    else:
        rows.append(Parameter("path-loss exponent", "exponent", prior.exponent, params.exponent, None, n, False, f"kept: {n} readings < --min-paths {min_paths}"))
    free = set(layout.free_materials)
    order = {j: i for i, j in enumerate(layout.free_materials)}
    for j, name in enumerate(paths.materials):
        if j in free:
            rows.append(Parameter(name, "material", prior.materials_db[name], params.materials_db[name], float(sigma[k + order[j]]), int(informing[j]), True))
        else:
            note = "not crossed by any path" if informing[j] == 0 else f"kept library value: {int(informing[j])} paths < --min-paths {min_paths}"
            rows.append(Parameter(name, "material", prior.materials_db[name], params.materials_db[name], None, int(informing[j]), False, note))
    k += len(layout.free_materials)
    if model == "multiwall-nl":
        w0 = prior.wall_weight if prior.wall_weight is not None else DEFAULT_WALL_WEIGHT
        if layout.fit_weight:
            rows.append(Parameter("wall weight w", "wall_weight", w0, float(params.wall_weight or 0), float(sigma[k]), multi, True))
        else:
            rows.append(Parameter("wall weight w", "wall_weight", w0, w0, None, multi, False, f"kept: {multi} paths cross ≥ 2 walls/slabs < --min-paths {min_paths}"))
    return rows
