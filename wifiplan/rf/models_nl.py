"""multiwall-nl: the multi-wall model with diminishing loss for each further wall or slab crossed.

The plain multi-wall sum over-predicts the loss through many walls: past the first few
walls, energy arrives by other routes (diffraction round partitions, corridors, reflections)
rather than through every wall. COST 231 models this for floors with a sub-linear floor
term k_f^((k_f+2)/(k_f+1) − b)·L_f (b = 0.46) [1]_. multiwall-nl applies the same idea to
walls and to slabs with one nested, order-free form:

    total = Σ_k w^(k−1) · L_(k)

where L_(1) ≥ L_(2) ≥ … are the losses of the crossed walls (on the AP's floor) sorted
strongest first, and separately of the slabs crossed, and 0 < w ≤ 1 is the wall weight.
w = 1 is exactly the multi-wall model; COST 231's floor term for two floors (2^(4/3 −
0.46) = 1.83 floors, so the second counts 0.83) gives the default w = 0.83. The weight is
``settings.params["wall_weight"][band]`` (fitted by ``wifiplan calibrate --model
multiwall-nl``).

References
----------
.. [1] COST 231 final report §4.7, Eq. 4.7.2 (multi-wall model with non-linear floor term),
   as coded in Vienna SL ``Cost231Indoor.m`` — standards.md §1.5, [S8].
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wifiplan.model.plan import Settings
from wifiplan.rf.context import PathContext, fspl_1m_db, path_loss_exponent

__all__ = ["DEFAULT_WALL_WEIGHT", "WALL_WEIGHT_KEY", "effective_counts", "multiwall_nl", "wall_weight"]

#: Weight of the k-th strongest crossing (it counts w^(k−1)); derived from COST 231's floor
#: term with b = 0.46 [S8]: two floors count 2^((2+2)/(2+1) − 0.46) = 1.83 floors.
DEFAULT_WALL_WEIGHT = 0.83

#: ``settings.params`` key of the wall weight: ``{band: w}`` (a bare number applies to every band).
WALL_WEIGHT_KEY = "wall_weight"


def wall_weight(settings: Settings, band: str) -> float:
    """The multiwall-nl wall weight w on ``band`` from ``settings.params`` (default 0.83)."""
    value: Any = settings.params.get(WALL_WEIGHT_KEY, DEFAULT_WALL_WEIGHT)
    if isinstance(value, dict):
        value = value.get(band, DEFAULT_WALL_WEIGHT)
    w = float(value)
    if not 0.0 < w <= 1.0:
        from wifiplan.errors import ConfigError

        raise ConfigError(f"settings.params.wall_weight: must be in (0, 1] (got {w})")
    return w


def effective_counts(counts: np.ndarray, loss_db: np.ndarray, weight: float | None) -> np.ndarray:
    """Crossings per material as they count in the loss sum, shape like ``counts`` (..., M).

    ``weight`` None or 1: the counts themselves (multi-wall). Otherwise crossings are ranked
    by loss, strongest first (ties by material order), the k-th counts ``weight**(k−1)``,
    and a material's effective count is the sum of its crossings' weights.

    >>> effective_counts(np.array([[2, 1]]), np.array([3.0, 10.0]), 0.5).round(3).tolist()
    [[0.75, 1.0]]
    """
    c = np.asarray(counts, dtype=float)
    if weight is None or abs(1.0 - weight) < 1e-12:
        return c
    w = float(weight)
    order = np.argsort(-np.asarray(loss_db, dtype=float), kind="stable")
    cs = c[..., order]
    upto = np.cumsum(cs, axis=-1)
    before = upto - cs
    eff_sorted = (w**before - w**upto) / (1.0 - w)
    out = np.empty_like(eff_sorted)
    out[..., order] = eff_sorted
    return out


def multiwall_nl(ctx: PathContext) -> np.ndarray:
    """Multi-wall model with diminishing wall and slab losses (module notes), dB, shape (m, n).

    PL = FSPL(1 m, f) + 10·n·log10(d) + Σ_k w^(k−1)·slab_(k) + Σ_k w^(k−1)·wall_(k).
    """
    n = path_loss_exponent(ctx.settings, ctx.band)
    w = wall_weight(ctx.settings, ctx.band)
    slabs = np.sort(np.asarray(ctx.slab_losses_db, dtype=float))[::-1]
    if slabs.size:
        slab_db = float(np.sum(slabs * w ** np.arange(slabs.size)))
    else:
        slab_db = float(ctx.slab_loss_db)
    base = fspl_1m_db(ctx.freq_mhz) + 10.0 * n * np.log10(ctx.distance_m) + slab_db
    if ctx.wall_counts is None or ctx.floors_crossed != 0:
        return base
    active = None
    if ctx.max_loss_db is not None:
        active = base < ctx.max_loss_db
    _names, counts, loss = ctx.wall_counts(active)
    if counts.shape[-1] == 0:
        return base
    return base + effective_counts(counts, loss, w) @ loss
