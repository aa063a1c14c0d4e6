"""Path-loss models by name: multi-wall (legacy default), multiwall-office, multiwall-nl, ITU-R P.1238.

A model is a function ``model(ctx: PathContext) -> ndarray (m, n)`` of loss in dB. The
table :data:`MODELS` maps names to functions; :func:`get_model` also accepts a callable
(like networkx's colouring strategies), so a calibrated model can be plugged in.

References
----------
.. [1] ITU-R P.1238-7 (02/2012), Propagation data and prediction methods for the planning
   of indoor radiocommunication systems, §3 (N and Lf tables) — standards.md §1.2, [S1].
.. [2] ITU-R P.1238-11 Table 2, site-general model coefficients as coded in
   aajuvonen/octave-rxt ``model_p1238.m`` — standards.md §1.3, [S5].
.. [3] COST 231 final report §4.7 multi-wall model (Motley–Keenan family) — standards.md
   §1.5, [S8].
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from wifiplan.errors import ConfigError
from wifiplan.rf.context import EXPONENT_PER_BAND_KEY, ModelFunc, PathContext, fspl_1m_db, path_loss_exponent
from wifiplan.rf.models_nl import DEFAULT_WALL_WEIGHT, WALL_WEIGHT_KEY, multiwall_nl
from wifiplan.rf.models_office import OFFICE_DEFAULT_PARAMS, multiwall_office

__all__ = [
    "MODELS",
    "PathContext",
    "ModelFunc",
    "default_params",
    "fspl_1m_db",
    "get_model",
    "multiwall",
    "multiwall_nl",
    "multiwall_office",
    "p1238",
    "p1238_site",
    "P1238_ENVIRONMENTS",
    "P1238_SITE_COEFFS",
    "EXPONENT_PER_BAND_KEY",
    "path_loss_exponent",
]


def multiwall(ctx: PathContext) -> np.ndarray:
    """Multi-wall model (the default, DESIGN.md "Path-loss model"), dB.

    PL = FSPL(1 m, f) + 10·n·log10(d) + Σ walls crossed on the same floor + Σ slabs between
    floors, with n = ``settings.path_loss_exponent`` (or its per-band value in ``params``) and
    d the 3-D distance (≥ 1 m).
    The COST 231 multi-wall family [3]_ with a 1 m free-space reference.
    """
    n = path_loss_exponent(ctx.settings, ctx.band)
    base = fspl_1m_db(ctx.freq_mhz) + 10.0 * n * np.log10(ctx.distance_m) + ctx.slab_loss_db
    return base + ctx.wall_loss_db(base)


#: P.1238 classic tables [1]_: distance power-loss coefficient N and floor penetration loss
#: Lf(n) per frequency row and environment. "1.8-2" rows are sourced [S1]; "2.4" office N=30,
#: Lf=14 [S7]; "5.2" office N=31, Lf=16 and residential (apartment) N=30 [S1]. Residential
#: 2.4 GHz N=28, Lf=10 and 5.2 GHz Lf=13 are unsourced estimates (standards.md §1.2); Lf for
#: more floors than the table gives adds 4 dB per extra floor (the 1.8-2 GHz office slope,
#: an estimate). Commercial has no 2.4/5.2 GHz row: the 1.8-2 GHz row is used.
_P1238_ROWS: dict[str, dict[str, tuple[float, Callable[[int], float]]]] = {
    "1.8-2": {
        "residential": (28.0, lambda n: 4.0 * n),
        "office": (30.0, lambda n: 15.0 + 4.0 * (n - 1)),
        "commercial": (22.0, lambda n: 6.0 + 3.0 * (n - 1)),
    },
    "2.4": {
        "residential": (28.0, lambda n: 10.0 + 4.0 * (n - 1)),
        "office": (30.0, lambda n: 14.0 + 4.0 * (n - 1)),
    },
    "5.2": {
        "residential": (30.0, lambda n: 13.0 + 4.0 * (n - 1)),
        "office": (31.0, lambda n: 16.0 + 4.0 * (n - 1)),
    },
}

#: Environments the classic P.1238 model knows.
P1238_ENVIRONMENTS: tuple[str, ...] = ("commercial", "office", "residential")


def _p1238_row(freq_mhz: float) -> str:
    """Table row for a frequency: < 2.2 GHz → 1.8-2 GHz; < 4 GHz → 2.4 GHz; else 5.2 GHz.

    The 5 and 6 GHz Wi-Fi bands both use the 5.2 GHz row (P.1238-7 has no 6 GHz row; using
    it at 6 GHz is an extrapolation). The 5.8 GHz row (office N=24) is not used: it would
    give 5.8 GHz less loss than 5.2 GHz.
    """
    if freq_mhz < 2200.0:
        return "1.8-2"
    if freq_mhz < 4000.0:
        return "2.4"
    return "5.2"


def p1238_coefficients(freq_mhz: float, environment: str, floors: int) -> tuple[float, float]:
    """``(N, Lf(n))`` of the classic P.1238 model for a frequency, environment and floor count.

    >>> p1238_coefficients(2114.0, "residential", 2)
    (28.0, 8.0)

    Raises
    ------
    ConfigError
        If the environment is unknown.
    """
    if environment not in P1238_ENVIRONMENTS:
        raise ConfigError(
            f"unknown P.1238 environment '{environment}' (settings.params.environment); "
            f"use one of {', '.join(P1238_ENVIRONMENTS)}"
        )
    row = _P1238_ROWS[_p1238_row(freq_mhz)]
    n_coef, lf = row.get(environment, _P1238_ROWS["1.8-2"][environment])
    return n_coef, (lf(int(floors)) if floors > 0 else 0.0)


def p1238(ctx: PathContext) -> np.ndarray:
    """ITU-R P.1238 classic site-general model [1]_, dB.

    L = 20·log10(f_MHz) + N·log10(d) + Lf(n) − 28, with N and Lf from the tables for
    ``settings.params["environment"]`` (office, residential, commercial; default office),
    d the 3-D distance (≥ 1 m) and n the floors crossed. Walls are not counted: N already
    stands for a typical building's walls.

    Example [1]_ (as in ns-3's ``ItuR1238PropagationLossModel`` test): 2114 MHz,
    residential, 2 floors, 31.32 m → 20·log10(2114) + 28·log10(31.32) + 8 − 28 = 88.3855 dB.
    """
    env = str(ctx.settings.params.get("environment", "office"))
    freqs = np.asarray(ctx.freq_mhz, dtype=float).reshape(-1)
    out = np.empty_like(ctx.distance_m, dtype=float)
    for i, f in enumerate(freqs):
        n_coef, lf = p1238_coefficients(float(f), env, ctx.floors_crossed)
        out[i] = 20.0 * np.log10(f) + n_coef * np.log10(ctx.distance_m[i]) + lf - 28.0
    return out


#: P.1238-11 Table 2 site-general coefficients (α, β, γ, σ dB) [2]_ (standards.md §1.3, [S5]).
P1238_SITE_COEFFS: dict[str, tuple[float, float, float, float]] = {
    "office-los": (1.46, 34.62, 2.03, 3.76),
    "office-nlos": (2.46, 29.53, 2.38, 5.04),
    "corridor-los": (1.63, 28.12, 2.25, 4.07),
    "corridor-nlos": (2.77, 29.27, 2.48, 7.63),
    "industrial-los": (2.31, 24.52, 2.06, 2.69),
    "industrial-nlos": (3.79, 21.01, 1.34, 9.05),
}


def p1238_site(ctx: PathContext) -> np.ndarray:
    """ITU-R P.1238-11 site-general model [2]_, median loss in dB.

    L = 10·α·log10(d) + β + 10·γ·log10(f_GHz), α, β, γ per ``settings.params["environment"]``
    (default ``office-nlos``), d the 3-D distance (≥ 1 m). The model has no floor term, so
    the slabs between floors are added from the materials (as in the multi-wall model);
    walls are not counted (NLoS coefficients include them). Shadow fading σ is not applied.

    Example (standards.md §1.3, derived): office NLoS, 2.45 GHz, 10 m → 63.4 dB.
    """
    env = str(ctx.settings.params.get("environment", "office-nlos"))
    if env not in P1238_SITE_COEFFS:
        raise ConfigError(
            f"unknown P.1238 site-general environment '{env}' (settings.params.environment); "
            f"use one of {', '.join(sorted(P1238_SITE_COEFFS))}"
        )
    alpha, beta, gamma, _sigma = P1238_SITE_COEFFS[env]
    f_ghz = np.asarray(ctx.freq_mhz, dtype=float) / 1000.0
    return 10.0 * alpha * np.log10(ctx.distance_m) + beta + 10.0 * gamma * np.log10(f_ghz) + ctx.slab_loss_db


#: Path-loss models by name (``settings.model``).
MODELS: dict[str, ModelFunc] = {
    "multiwall": multiwall,
    "p1238": p1238,
    "p1238-site": p1238_site,
    "multiwall-nl": multiwall_nl,
    "multiwall-office": multiwall_office,
}

_DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    "multiwall": {},
    "p1238": {"environment": "office"},
    "p1238-site": {"environment": "office-nlos"},
    "multiwall-nl": {WALL_WEIGHT_KEY: DEFAULT_WALL_WEIGHT},
    "multiwall-office": dict(OFFICE_DEFAULT_PARAMS),
}


def default_params(name: str) -> dict[str, Any]:
    """The default ``settings.params`` of model ``name`` (recorded in plan files)."""
    return dict(_DEFAULT_PARAMS.get(name, {}))


def get_model(model: str | ModelFunc) -> ModelFunc:
    """The model function for a name in :data:`MODELS`, or ``model`` itself if callable.

    Raises
    ------
    ConfigError
        If the name is unknown (the message lists the valid names).
    """
    if callable(model):
        return model
    if model in MODELS:
        return MODELS[model]
    raise ConfigError(f"unknown path-loss model '{model}' (settings.model); use one of {', '.join(sorted(MODELS))}")
