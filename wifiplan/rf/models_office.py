"""multiwall-office: free space to a breakpoint, a furnished-office slope beyond, explicit walls and slabs.

The recommended model for new plans (``wifiplan.rf.settings.recommended_settings``):

    PL = FSPL(1 m, f) + 10·n·log10(min(d, d_bp)) + [d > d_bp]·10·n_bp·log10(d / d_bp)
         + Σ walls crossed on the AP's floor + Σ slab_k · min(1 / cos θ, cap)

d is the 3-D distance (≥ 1 m), n = ``settings.path_loss_exponent`` (2.0: free space),
d_bp = ``params["breakpoint_m"]`` (10 m) and n_bp = ``params["exponent_beyond_breakpoint"]``
(3.5): the IEEE 802.11ax (TGax) enterprise channel model [1]_, whose distance term stands
for the furniture, people and clutter of an office while walls are added one by one — so the
walls drawn in the building file are not counted twice. θ is the angle of the path from the
vertical; a slab's loss (at normal incidence, per band) grows with the path length through
it, 1/cos θ, as Hamina models floors [2]_, capped at ``params["slab_oblique_cap"]`` (1.3):
ITU-R P.2040's oblique-incidence slab equations give a 200 mm concrete slab only 1.2×
its normal-incidence loss at 80° (31.7 vs 26.5 dB at 5.5 GHz, derived, docs/propagation.md),
because the ray bends towards the normal inside the slab.

Walls are not counted on paths to other floors (format 1): the model is cautious there,
it rather over-states cross-floor signal (interference) than hides it.

References
----------
.. [1] IEEE 802.11-14/0980 TGax simulation scenarios, enterprise path loss, as reproduced in
   the ns-3 spatial-reuse documentation — [S9].
.. [2] Hamina docs ``basics/maps-floors.md``: the floor loss is entered for a vertical path,
   oblique paths travel further through the floor and lose more — [S10].
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wifiplan.errors import ConfigError
from wifiplan.model.plan import Settings
from wifiplan.rf.context import PathContext, fspl_1m_db, path_loss_exponent

__all__ = [
    "BREAKPOINT_KEY",
    "EXPONENT_BEYOND_KEY",
    "OFFICE_DEFAULT_PARAMS",
    "SLAB_CAP_KEY",
    "multiwall_office",
    "office_distance_loss_db",
    "office_parameters",
    "oblique_factor",
]

#: ``settings.params`` keys of the multiwall-office model.
BREAKPOINT_KEY = "breakpoint_m"
EXPONENT_BEYOND_KEY = "exponent_beyond_breakpoint"
SLAB_CAP_KEY = "slab_oblique_cap"

#: Defaults recorded in every plan made with the model. 35 dB/decade beyond the breakpoint:
#: TGax enterprise [S9]; breakpoint 20 m (TGax: 10 m): an estimate, chosen on seven measured
#: surveys [S1251], [S1252], [S1253] — 19 m is the smallest breakpoint no worse than free space on
#: every one (docs/propagation.md "Measured data"). Oblique cap 1.3: the P.2040 slab loss
#: ratio of 200 mm concrete at 80–85° incidence is 1.20–1.32 at 5.5 GHz (derived from
#: [S21]'s Table 3 constants, docs/propagation.md "Slabs").
OFFICE_DEFAULT_PARAMS: dict[str, Any] = {BREAKPOINT_KEY: 20.0, EXPONENT_BEYOND_KEY: 3.5, SLAB_CAP_KEY: 1.3}


def _param(settings: Settings, key: str, lo: float, hi: float) -> float:
    value = settings.params.get(key, OFFICE_DEFAULT_PARAMS[key])
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"settings.params.{key}: must be a number (got {value!r})") from None
    if not (lo <= number <= hi):
        raise ConfigError(f"settings.params.{key}: must be in {lo:g}..{hi:g} (got {number:g})")
    return number


def office_parameters(settings: Settings) -> tuple[float, float, float]:
    """``(breakpoint_m, exponent_beyond_breakpoint, slab_oblique_cap)`` from ``settings.params`` (defaults if absent).

    Raises
    ------
    ConfigError
        If a value is not a number or out of range (breakpoint 1..100 m, exponent 1..8, cap 1..10).
    """
    return (_param(settings, BREAKPOINT_KEY, 1.0, 100.0), _param(settings, EXPONENT_BEYOND_KEY, 1.0, 8.0),
            _param(settings, SLAB_CAP_KEY, 1.0, 10.0))


def office_distance_loss_db(distance_m: np.ndarray, n_near: float, breakpoint_m: float, n_far: float) -> np.ndarray:
    """Distance term in dB relative to 1 m: slope n to the breakpoint, n_far beyond.

    10·n·log10(min(d, d_bp)) + [d > d_bp]·10·n_far·log10(d / d_bp).

    >>> office_distance_loss_db(np.array([10.0, 20.0]), 2.0, 10.0, 3.5).round(2).tolist()
    [20.0, 30.54]
    """
    d = np.asarray(distance_m, dtype=float)
    near = np.minimum(d, breakpoint_m)
    far = np.maximum(d / breakpoint_m, 1.0)
    return 10.0 * n_near * np.log10(near) + 10.0 * n_far * np.log10(far)


def oblique_factor(height_diff_m: np.ndarray, distance_m: np.ndarray, cap: float) -> np.ndarray:
    """min(1/cos θ, cap): how much longer a path crosses a slab than a vertical one.

    cos θ = |Δh| / d for a path of 3-D length d rising or falling Δh. A horizontal path
    (Δh = 0) gets the cap.

    >>> oblique_factor(np.array([[3.0]]), np.array([[3.0, 6.0, 30.0]]), 1.3).round(3).tolist()
    [[1.0, 1.3, 1.3]]
    """
    dh = np.abs(np.asarray(height_diff_m, dtype=float))
    d = np.asarray(distance_m, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(dh > 0, d / np.maximum(dh, 1e-12), np.inf)
    return np.clip(factor, 1.0, cap)


def multiwall_office(ctx: PathContext) -> np.ndarray:
    """multiwall-office path loss (module notes), dB, shape (m, n).

    Example (TGax enterprise, breakpoint 10 m): 5.5 GHz, no walls, 20 m →
    47.26 + 20 + 35·log10(2) = 77.8 dB.
    """
    n = path_loss_exponent(ctx.settings, ctx.band)
    d_bp, n_far, cap = office_parameters(ctx.settings)
    base = fspl_1m_db(ctx.freq_mhz) + office_distance_loss_db(ctx.distance_m, n, d_bp, n_far)
    if ctx.floors_crossed and ctx.slab_loss_db:
        if ctx.height_diff_m is None:
            factor = np.ones_like(ctx.distance_m)
        else:
            factor = oblique_factor(ctx.height_diff_m, ctx.distance_m, cap)
        base = base + ctx.slab_loss_db * factor
    return base + ctx.wall_loss_db(base)
