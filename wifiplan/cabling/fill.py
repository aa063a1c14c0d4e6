"""Conduit sizing by fill (NEC Chapter 9) and riser core drills."""

from __future__ import annotations

import math

from wifiplan.cabling.options import EMT_TRADE_SIZES, ConduitSize, fill_limit

__all__ = ["cable_area_mm2", "size_conduit", "design_count"]


def cable_area_mm2(od_mm: float) -> float:
    """Cross-section of one round cable of outer diameter ``od_mm``, mm².

    >>> round(cable_area_mm2(7.5), 2)
    44.18
    """
    return math.pi * od_mm**2 / 4.0


def design_count(growth: int, spare_share: float) -> int:
    """Cables a pathway is sized for: the growth count plus ``spare_share``, rounded up.

    >>> design_count(10, 0.25), design_count(0, 0.25)
    (13, 0)
    """
    return math.ceil(growth * (1.0 + spare_share) - 1e-9)


def _jams(size: ConduitSize, n: int, od_mm: float) -> bool:
    # three cables jam when conduit ID / cable OD lies in 2.8-3.2 ([S77])
    return n == 3 and 2.8 <= size.inner_diameter_mm / od_mm <= 3.2


def size_conduit(areas_mm2: list[float], od_mm: float) -> tuple[ConduitSize, int, float]:
    """Smallest EMT trade size (and how many of them) whose fill stays within the limit.

    Parameters
    ----------
    areas_mm2 : list of float
        Cross-section of every cable to carry, mm².
    od_mm : float
        Largest cable outer diameter, mm (for the three-cable jam check).

    Returns
    -------
    (size, count, fill_frac)
        The trade size, the number of parallel conduits of that size (more than one only
        beyond 4"), and the fill fraction of each.

    Notes
    -----
    Fill limits 53 % / 31 % / 40 % for 1 / 2 / more cables (NEC Ch. 9 Table 1, [S77]);
    a size where three cables could jam (ID/OD 2.8–3.2, [S77]) is skipped. Trade-size
    areas: :data:`~wifiplan.cabling.options.EMT_TRADE_SIZES` (estimate, NEC Ch. 9 Table 4).

    >>> [size_conduit([44.18] * k, 7.5)[0].trade_size for k in (3, 4)]
    ['3/4"', '1"']
    """
    n = len(areas_mm2)
    total = float(sum(areas_mm2))
    if n == 0:
        return EMT_TRADE_SIZES[0], 0, 0.0
    for size in EMT_TRADE_SIZES:
        if total <= fill_limit(n) * size.area_mm2 and not _jams(size, n, od_mm):
            return size, 1, total / size.area_mm2
    largest = EMT_TRADE_SIZES[-1]
    per = max(int(fill_limit(3) * largest.area_mm2 // (total / n)), 1)
    count = math.ceil(n / per)
    return largest, count, (total / count) / largest.area_mm2
