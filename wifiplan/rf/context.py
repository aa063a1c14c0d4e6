"""What a path-loss model sees: the PathContext of m transmitters × n receivers, and shared terms.

Kept apart from :mod:`wifiplan.rf.models` (the name table) so that model modules
(``models_nl``, ``models_office``) import it without importing the table that registers them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from wifiplan.model.plan import Settings

__all__ = ["EXPONENT_PER_BAND_KEY", "ModelFunc", "PathContext", "fspl_1m_db", "path_loss_exponent"]


@dataclass
class PathContext:
    """Everything a path-loss model may use for m transmitters × n receivers on one band.

    Attributes
    ----------
    band : str
        ``"2.4"``, ``"5"`` or ``"6"``.
    settings : Settings
        The plan's settings (``path_loss_exponent``, ``params``, ...).
    freq_mhz : ndarray, shape (m, 1)
        Centre frequency of each transmitter's channel, MHz.
    distance_m : ndarray, shape (m, n)
        3-D distance, at least 1 m.
    floors_crossed : int
        Number of floors between transmitter and receiver floor (0 = same floor).
    slab_loss_db : float
        Sum of the slab losses between the two floors on this band, dB.
    max_loss_db : ndarray, shape (m, 1), or None
        Pairs whose loss already exceeds this may skip the wall computation (range culling).
    slab_losses_db : tuple of float
        The loss of each slab crossed, dB (their sum is ``slab_loss_db``).
    wall_counts : callable or None
        Walls crossed per material (see the field comment), for non-linear wall models.
    height_diff_m : ndarray, shape (m, 1), or None
        Transmitter height above the receiver, m (for the angle through a slab).
    """

    band: str
    settings: Settings
    freq_mhz: np.ndarray
    distance_m: np.ndarray
    floors_crossed: int
    slab_loss_db: float
    max_loss_db: np.ndarray | None = None
    walls: Callable[[np.ndarray | None], np.ndarray] | None = field(default=None, repr=False)
    #: Loss of each slab crossed, dB (for models that weigh slabs one by one, e.g. multiwall-nl).
    slab_losses_db: tuple[float, ...] = ()
    #: ``wall_counts(active) -> (materials (M,), counts (m, n, M), loss_db (M,))``: walls crossed
    #: per material on the transmitter's floor (None across floors or without walls).
    wall_counts: Callable[[np.ndarray | None], tuple[list[str], np.ndarray, np.ndarray]] | None = field(default=None, repr=False)
    #: Height of each transmitter above each receiver, m, shape (m, 1) (negative below); None
    #: when unknown. With ``distance_m`` it gives the angle of a path through a slab.
    height_diff_m: np.ndarray | None = field(default=None, repr=False)

    def wall_loss_db(self, base_loss_db: np.ndarray | None = None) -> np.ndarray:
        """Wall losses along each path on the transmitter's floor, dB, shape (m, n).

        Zero across floors (format 1 counts slabs only). With ``base_loss_db`` and
        ``max_loss_db`` set, pairs whose base loss already reaches ``max_loss_db`` are
        skipped (their wall loss is reported as 0; they are culled by the engine).
        """
        if self.walls is None or self.floors_crossed != 0:
            return np.zeros_like(self.distance_m)
        active = None
        if base_loss_db is not None and self.max_loss_db is not None:
            active = base_loss_db < self.max_loss_db
        return self.walls(active)


ModelFunc = Callable[[PathContext], np.ndarray]


def fspl_1m_db(freq_mhz: float | np.ndarray) -> float | np.ndarray:
    """Free-space path loss at 1 m in dB: 20·log10(f_MHz) − 27.55.

    >>> round(float(fspl_1m_db(5180.0)), 4)
    46.7366
    """
    return 20.0 * np.log10(freq_mhz) - 27.55


#: ``settings.params`` key of a per-band path-loss exponent ``{band: n}`` (written by
#: ``wifiplan calibrate`` when it fits several bands); absent bands use ``path_loss_exponent``.
EXPONENT_PER_BAND_KEY = "path_loss_exponent_per_band"


def path_loss_exponent(settings: Settings, band: str) -> float:
    """n on ``band``: ``settings.params["path_loss_exponent_per_band"][band]`` or ``path_loss_exponent``."""
    per_band = settings.params.get(EXPONENT_PER_BAND_KEY) or {}
    return float(per_band.get(band, settings.path_loss_exponent))
