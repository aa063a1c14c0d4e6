"""Conduit sizing by fill (NEC Chapter 9 in the US, 内線規程 32 % in Japan) and riser core drills."""

from __future__ import annotations

import math
from typing import Literal

from wifiplan.cabling.options import EMT_TRADE_SIZES, ConduitSize, fill_limit

__all__ = ["cable_area_mm2", "size_conduit", "design_count", "JP_E_SIZES", "JP_FILL_LIMIT", "conduit_system"]

#: Conduit practice by country: ``nec`` (EMT, NEC Ch. 9 fill) or ``jis`` (ねじなし E conduit, 32 % fill).
ConduitSystem = Literal["nec", "jis"]


def _e(size: int, id_mm: float) -> ConduitSize:
    return ConduitSize(trade_size=f"E{size}", metric_designator=size, inner_diameter_mm=id_mm,
                       area_mm2=round(math.pi * id_mm**2 / 4.0, 1))


#: Japanese threadless steel conduit (ねじなし電線管, JIS C 8305) E19…E75 with internal
#: diameters ([S1804]); the size name is the outer diameter in mm.
JP_E_SIZES: tuple[ConduitSize, ...] = (
    _e(19, 16.7), _e(25, 23.0), _e(31, 29.0), _e(39, 35.3), _e(51, 48.0), _e(63, 60.3), _e(75, 72.6),
)

#: Japanese practice: the cables' total cross-section ≤ 32 % of the conduit's internal area
#: (内線規程 JEAC 8001, [S1804]), whatever the cable count.
JP_FILL_LIMIT = 0.32


def conduit_system(country: str) -> ConduitSystem:
    """``jis`` for Japan, ``nec`` elsewhere.

    >>> conduit_system("JP"), conduit_system("us")
    ('jis', 'nec')
    """
    return "jis" if country.strip().upper() == "JP" else "nec"


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


def size_conduit(areas_mm2: list[float], od_mm: float, system: ConduitSystem = "nec") -> tuple[ConduitSize, int, float]:
    """Smallest conduit size (and how many of them) whose fill stays within the limit.

    Parameters
    ----------
    areas_mm2 : list of float
        Cross-section of every cable to carry, mm².
    od_mm : float
        Largest cable outer diameter, mm (for the three-cable jam check).
    system : {"nec", "jis"}
        ``nec``: EMT trade sizes, NEC fill limits; ``jis``: E conduit, 32 % fill.

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

    In Japan (``jis``) every count is held to 32 % of the E conduit's area ([S1804]):
    four 7.5 mm cables (177 mm²) need E31 (660 mm² × 0.32 = 211 mm²), not E25 (133 mm²).

    >>> [size_conduit([44.18] * k, 7.5)[0].trade_size for k in (3, 4)]
    ['3/4"', '1"']
    >>> size_conduit([44.18] * 4, 7.5, "jis")[0].trade_size
    'E31'
    """
    sizes = JP_E_SIZES if system == "jis" else EMT_TRADE_SIZES

    def limit(k: int) -> float:
        return JP_FILL_LIMIT if system == "jis" else fill_limit(k)

    n = len(areas_mm2)
    total = float(sum(areas_mm2))
    if n == 0:
        return sizes[0], 0, 0.0
    for size in sizes:
        if total <= limit(n) * size.area_mm2 and not _jams(size, n, od_mm):
            return size, 1, total / size.area_mm2
    largest = sizes[-1]
    per = max(int(limit(3) * largest.area_mm2 // (total / n)), 1)
    count = math.ceil(n / per)
    return largest, count, (total / count) / largest.area_mm2
