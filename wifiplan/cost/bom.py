"""Bill-of-materials builder: cost-book items × quantities, labour from productivities."""

from __future__ import annotations

import math
from collections import defaultdict

from wifiplan.cabling.fill import ConduitSystem, cable_area_mm2, size_conduit
from wifiplan.cabling.models import PathwaySegment
from wifiplan.cost.books import CostBook
from wifiplan.cost.models import BomLine

__all__ = ["BomBuilder", "LINE_CATEGORIES", "ap_item", "floor_order", "labour_derivation", "labour_multiplier", "segment_work",
           "sum_lines"]

#: Categories in the order they are printed.
LINE_CATEGORIES = ("access-points", "copper", "pathways", "risers", "fiber", "switching", "retrofit", "labour", "sundries")

#: Categories whose material lines carry sundries (雑材料).
_SUNDRY_CATEGORIES = ("copper", "pathways", "risers", "fiber")

#: Pathway kind → (material item, labour productivity item) in a new build.
_NEW_PATHWAY = {
    "tray": ("tray_m", "tray_days_m"),
    "ceiling": ("ceiling_support_m", "ceiling_support_days_m"),
}


def labour_multiplier(book: CostBook, *, occupied: bool) -> float:
    """Labour multiplier: 1 in a new build; in a finished, occupied building

    ``renovation_labour × (day_share × time_restriction + night_share × night_premium +
    holiday_share × holiday_premium)``

    — 改修 labour over 新営 labour, times the blended hourly factor: the time-restriction
    factor on the daytime hours only, the statutory premiums ([S105] in Japan) on the night
    and holiday hours only. Protection and mobilisation are priced per floor, and the size of
    a small later contract through its common-cost rates, so no factor prices them again.
    """
    if not occupied:
        return 1.0
    f = book.factor
    night, holiday = f("night_work_share"), f("holiday_work_share")
    day = max(0.0, 1.0 - night - holiday)
    hours = day * f("time_restriction") + night * f("night_premium") + holiday * f("holiday_premium")
    return f("renovation_labour") * hours


def labour_derivation(book: CostBook) -> list[str]:
    """The labour multiplier of an occupied building, step by step (for ``cost --detail``)."""
    f = book.factor
    night, holiday = f("night_work_share"), f("holiday_work_share")
    day = max(0.0, 1.0 - night - holiday)
    hours = day * f("time_restriction") + night * f("night_premium") + holiday * f("holiday_premium")
    cite = {k: book.factors[k].cite() for k in ("renovation_labour", "time_restriction", "night_premium", "holiday_premium")}
    return [
        f"hours: {day:.0%} day × time restriction {f('time_restriction'):g} ({cite['time_restriction']}) + "
        f"{night:.0%} night × premium {f('night_premium'):g} ({cite['night_premium']}) + "
        f"{holiday:.0%} holiday × premium {f('holiday_premium'):g} ({cite['holiday_premium']}) = {hours:.4f}",
        f"renovation labour {f('renovation_labour'):g} ({cite['renovation_labour']}) × {hours:.4f} = "
        f"{labour_multiplier(book, occupied=True):.4f}",
        "no separate occupied, congested or small-job factor: protection and mobilisation are lines per floor, "
        "and a small later contract carries the higher common-cost rates of its size",
    ]


def ap_item(book: CostBook, preset: str | None) -> str:
    """Book item of the AP hardware: ``ap_hardware_<preset>`` when the book has one and the
    building file did not override ``ap_hardware``, else ``ap_hardware``."""
    key = f"ap_hardware_{(preset or '').replace('-', '_')}"
    if key in book.items and not book.items["ap_hardware"].overridden:
        return key
    return "ap_hardware"


def sum_lines(lines: list[BomLine], decimals: int) -> float:
    """Exact sum of line totals in the currency's minor unit, as a float rounded to it."""
    scale = 10**decimals
    return round(sum(round(line.total * scale) for line in lines) / scale, decimals)


def segment_work(seg: PathwaySegment, cables: int, od_mm: float, *, new: bool, raceway: bool,
                 system: ConduitSystem = "nec") -> list[tuple[str, str, float]]:
    """What building a pathway segment for ``cables`` cables takes: ``[(material, labour, qty_m)]``.

    ``new`` pathways (a new build, or a fallback route) are priced; in a finished building
    (``new`` false) a drawn tray, conduit or ceiling route is reused (no line). A conduit or
    fallback route is sized by fill (``system``: EMT and NEC fill [S77], or Japanese E
    conduit at 32 % [S1804]); in a finished building without a concealed
    route, ``raceway`` chooses surface raceway over conduit: one run per conduit, small or large
    by the same size split as the conduit items.
    """
    if cables <= 0:
        return []
    if not new and seg.existing:
        return []
    if seg.kind in _NEW_PATHWAY and seg.existing:
        mat, lab = _NEW_PATHWAY[seg.kind]
        return [(mat, lab, seg.length_m)]
    size, count, _ = size_conduit([cable_area_mm2(od_mm)] * cables, od_mm, system)
    small = size.metric_designator <= 35  # up to 1-1/4" EMT (35) or E31
    if raceway and not seg.existing:  # a raceway of the conduit's size class
        mat, lab = ("surface_raceway_m", "surface_raceway_days_m") if small else \
            ("surface_raceway_large_m", "surface_raceway_large_days_m")
        return [(mat, lab, seg.length_m * count)]
    mat, lab = ("conduit_small_m", "conduit_small_days_m") if small else ("conduit_large_m", "conduit_large_days_m")
    return [(mat, lab, seg.length_m * count)]


class BomBuilder:
    """Collects BOM lines for one section; labour is priced at ``labour_mult`` × day rate."""

    def __init__(self, book: CostBook, *, labour_mult: float, section: str = "bom", phase: str = "now",
                 floors: list[str] | None = None) -> None:
        self.book = book
        self.floor_rank = {name: i for i, name in enumerate(floors or [])}
        self.labour_mult = labour_mult
        self.section = section
        self.phase = phase
        self.lines: list[BomLine] = []
        self._labour: dict[tuple[str, str], float] = defaultdict(float)
        self.ap_units = 0  # APs of this contract so far (the repeat-unit rule)

    def _round_total(self, quantity: float, unit_cost: float) -> float:
        return round(quantity * unit_cost, self.book.decimals) + 0.0

    def add(self, category: str, key: str, floor: str, quantity: float, *, note: str | None = None) -> None:
        """A material/service line of book item ``key`` (skipped when the quantity is 0)."""
        quantity = round(float(quantity), 2)
        if quantity == 0:
            return
        item = self.book.item(key)
        uc = round(item.value, 2)
        self.lines.append(BomLine(
            section=self.section, phase=self.phase, category=category, item=item.label, key=key, floor=floor,
            quantity=quantity, unit=item.unit, unit_cost=uc, total=self._round_total(quantity, uc),
            source=item.cite(), note=note,
        ))

    def add_custom(self, category: str, key: str, item: str, floor: str, quantity: float, unit: str,
                   unit_cost: float, source: str, note: str | None = None) -> None:
        """A line priced here (e.g. a cost difference); still quantity × unit cost."""
        quantity = round(float(quantity), 2)
        if quantity == 0:
            return
        uc = round(float(unit_cost), 2)
        self.lines.append(BomLine(
            section=self.section, phase=self.phase, category=category, item=item, key=key, floor=floor,
            quantity=quantity, unit=unit, unit_cost=uc, total=self._round_total(quantity, uc), source=source, note=note,
        ))

    def work(self, prod_key: str, floor: str, units: float) -> None:
        """Accumulate labour: ``units`` × productivity ``prod_key`` person-days on ``floor``."""
        if units:
            self._labour[(floor, prod_key)] += units * self.book.value(prod_key)

    def ap_labour_units(self, n: int) -> float:
        """Labour units for ``n`` more identical APs in this contract: the first AP of the
        contract at 1, every further one at ``repeat_unit_labour`` ([S1806]: 2nd and later
        identical units at one site = 0.7 × installation and adjustment labour).

        A large project so averages close to 0.7 per AP, a small later job of 2 APs 0.85.
        """
        if n <= 0:
            return 0.0
        k = self.book.factor("repeat_unit_labour") if "repeat_unit_labour" in self.book.factors else 1.0
        first = 1 if self.ap_units == 0 else 0
        self.ap_units += n
        return first + k * (n - first)

    def flush_labour(self) -> None:
        """Turn accumulated person-days into labour lines (one per floor and productivity item)."""
        day = self.book.item("labour_day")
        uc = round(day.value * self.labour_mult, 2)
        for (floor, key), days in sorted(self._labour.items()):
            days = round(days, 2)
            if days == 0:
                continue
            prod = self.book.item(key)
            self.lines.append(BomLine(
                section=self.section, phase=self.phase, category="labour", item=prod.label, key=f"labour:{key}",
                floor=floor, quantity=days, unit="person-day", unit_cost=uc, total=self._round_total(days, uc),
                source=f"{day.cite()}; productivity: {prod.cite()}",
                note=f"day rate {day.value:g} × labour multiplier {self.labour_mult:.3f}",
            ))
        other = self.book.factor("labour_other") if "labour_other" in self.book.factors else 0.0
        if other > 0:
            by_floor: dict[str, float] = defaultdict(float)
            for line in self.lines:
                if line.key.startswith("labour:") and line.key != "labour:other":
                    by_floor[line.floor] += line.total
            src = self.book.factors["labour_other"].cite()
            for floor in sorted(by_floor):
                amount = round(by_floor[floor] * other, self.book.decimals)
                if amount:
                    self.add_custom("labour", "labour:other", f"その他 / other ({other:.0%} of labour)", floor, 1, "lot",
                                    amount, src)
        self._labour.clear()

    def add_sundries(self) -> None:
        """Sundries line per floor: ``sundries`` × the material lines of cabling categories."""
        share = self.book.factor("sundries")
        by_floor: dict[str, float] = defaultdict(float)
        for line in self.lines:
            if line.category in _SUNDRY_CATEGORIES:
                by_floor[line.floor] += line.total
        src = self.book.factors["sundries"].cite()
        for floor in sorted(by_floor):
            amount = round(by_floor[floor] * share, self.book.decimals)
            if amount:
                self.add_custom("sundries", "sundries", f"Sundries ({share:.0%} of cabling material)", floor, 1, "lot",
                                amount, src)

    def sorted_lines(self) -> list[BomLine]:
        """Lines in print order: category, floor, item key."""
        order = {c: i for i, c in enumerate(LINE_CATEGORIES)}
        rank = self.floor_rank
        return sorted(self.lines, key=lambda l: (order.get(l.category, 99), l.floor == "-",
                                                 rank.get(l.floor, len(rank)), l.floor, l.key, l.item))


def floor_order(names, building_floors: list[str]) -> list[str]:
    """Floors in building (elevation) order, then "-"."""
    pos = {n: i for i, n in enumerate(building_floors)}
    return sorted(names, key=lambda n: (n == "-", pos.get(n, math.inf), n))
