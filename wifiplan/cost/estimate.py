"""The estimate above the bill of materials: common costs, contingency and tax by country.

Japan (``common_costs`` factor 1): the public-works method of 公共建築工事共通費積算基準
([S1801], 電気設備工事) — 直接工事費 P → 共通仮設費 (rate Kr) → 純工事費 Np → 現場管理費
(rate Jo) → 工事原価 Cp → 一般管理費等 (rate Gp) → 工事価格; then a contingency line and
消費税 on the works price. The rates fall with the contract size and differ for 新営 (new
build) and 改修 (renovation), so a small later retrofit carries higher rates than the
same work inside a large project.

United States (``common_costs`` 0): direct cost → general conditions → overhead & profit →
contingency, and sales tax on the material lines only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from wifiplan.cost.books import CostBook
from wifiplan.cost.models import BomLine, Estimate, EstimateLine

__all__ = ["MLIT_ELECTRICAL", "common_rates_jp", "build_estimate", "construction_months", "material_total"]


@dataclass(frozen=True)
class _PowerLaw:
    """rate % = a × X^b × T^c with X in thousand yen; for X ≤ threshold, X = threshold and the
    rate is held within [lo, hi]; above it within [fl × X^g, fu × X^g]."""

    a: float
    b: float
    c: float
    threshold_yen: float
    hi: float
    lo: float
    fu: float
    fl: float
    g: float

    def rate(self, x_yen: float, months: float) -> float:
        small = x_yen <= self.threshold_yen
        x = (self.threshold_yen if small else x_yen) / 1000.0
        r = self.a * x**self.b * months**self.c
        lo, hi = (self.lo, self.hi) if small else (self.fl * x**self.g, self.fu * x**self.g)
        return min(max(r, lo), hi)


#: 電気設備工事 coefficients of 公共建築工事共通費積算基準 (MLIT, 平成26年版 tables, [S1801]):
#: 共通仮設費率 Kr = a·P^b·T^c (P: 直接工事費, 千円; T: 工期, months), 現場管理費率
#: Jo = a·Np^b·T^c (Np: 純工事費), 一般管理費等率 Gp = 17.286 − 1.577·log10(Cp) (Cp: 工事原価,
#: 千円; 11.80 % up to ¥3 M, 7.35 % above ¥2 G). Later editions revised some coefficients:
#: verify against the edition in force (docs/costs.md).
MLIT_ELECTRICAL: dict[str, dict[str, _PowerLaw]] = {
    "new": {
        "Kr": _PowerLaw(22.89, -0.2462, 0.41, 5e6, 7.19, 3.90, 16.73, 9.08, -0.0992),
        "Jo": _PowerLaw(351.48, -0.3528, 0.3524, 5e6, 38.60, 22.91, 263.03, 156.07, -0.2253),
    },
    "renovation": {
        "Kr": _PowerLaw(10.15, -0.2462, 0.6929, 3e6, 5.21, 1.91, 8.47, 3.10, -0.0608),
        "Jo": _PowerLaw(658.42, -0.4896, 0.7247, 3e6, 50.37, 17.67, 530.68, 186.18, -0.2941),
    },
}


def _gp(cp_yen: float) -> float:
    if cp_yen <= 3e6:
        return 11.80
    if cp_yen > 2e9:
        return 7.35
    return 17.286 - 1.577 * math.log10(cp_yen / 1000.0)


def common_rates_jp(direct_yen: float, months: float, *, renovation: bool) -> tuple[float, float, float]:
    """共通仮設費率, 現場管理費率 and 一般管理費等率 (fractions) for 電気設備工事 ([S1801]).

    Each rate is applied to the running subtotal: Kr to P, Jo to P + 共通仮設費, Gp to
    P + 共通仮設費 + 現場管理費. Rates are rounded to 0.01 % as an estimator writes them.

    >>> kr, jo, gp = common_rates_jp(2_000_000, 1.0, renovation=True)  # a ¥2 M 改修 contract
    >>> round(kr * 100, 2), round(jo * 100, 2), round(gp * 100, 2)
    (1.91, 17.67, 11.8)
    """
    laws = MLIT_ELECTRICAL["renovation" if renovation else "new"]
    kr = round(laws["Kr"].rate(direct_yen, months), 2) / 100.0
    np_ = direct_yen + round(direct_yen * kr)
    jo = round(laws["Jo"].rate(np_, months), 2) / 100.0
    cp = np_ + round(np_ * jo)
    return kr, jo, round(_gp(cp), 2) / 100.0


def construction_months(book: CostBook, lines: list[BomLine], *, renovation: bool = False) -> float:
    """工期 T, months: the book's ``construction_months``, or ``preparation_months`` plus the
    work: labour person-days / crew / 20 working days, in half months (at least half a month).

    In a finished building the work takes ``renovation_labour`` times longer, and its daytime
    hours ``time_restriction`` times longer (premiums on night and holiday hours are money,
    not time).
    """
    fixed = book.factor("construction_months")
    if fixed > 0:
        return fixed
    days = sum(l.quantity for l in lines if l.unit == "person-day")
    if renovation:
        f = book.factor
        night, holiday = f("night_work_share"), f("holiday_work_share")
        day = max(0.0, 1.0 - night - holiday)
        days *= f("renovation_labour") * (day * f("time_restriction") + night + holiday)
    crew = max(book.factor("crew_size"), 1.0)
    work = max(0.5, math.ceil(days / crew / 20.0 * 2 - 1e-9) / 2)
    return book.factor("preparation_months") + work


_NOT_MATERIAL = ("core_drill", "firestop", "spare_conduit_capacity", "mobilisation", "protection", "ceiling_opening",
                 "asbestos_survey", "asbestos_survey_floor", "asbestos_sample")


def material_total(lines: list[BomLine], decimals: int) -> float:
    """Material lines only: no labour, services (drilling, openings, surveys) or mixed lines."""
    scale = 10**decimals
    return round(sum(round(l.total * scale) for l in lines
                     if not l.key.startswith("labour:") and l.key not in _NOT_MATERIAL) / scale, decimals)


def _money(x: float, decimals: int) -> float:
    return round(x, decimals) + 0.0


def build_estimate(book: CostBook, lines: list[BomLine], *, renovation: bool, what: str,
                   months: float | None = None) -> Estimate:
    """The estimate of a contract whose direct cost is the sum of ``lines``.

    Parameters
    ----------
    book : CostBook
    lines : list of BomLine
        The contract's bill of materials.
    renovation : bool
        Price as 改修 / retrofit (rates of a renovation contract) rather than a new build.
    what : str
        What the contract is (shown in ``Estimate.contract``).
    months : float, optional
        工期; default from :func:`construction_months`.
    """
    d = book.decimals
    scale = 10**d
    direct = round(sum(round(l.total * scale) for l in lines) / scale, d)
    t = months if months is not None else construction_months(book, lines, renovation=renovation)
    f = book.factors
    out: list[EstimateLine] = [EstimateLine(
        key="direct_cost", label="直接工事費 Direct cost" if book.country == "JP" else "Direct cost", kind="direct",
        amount=direct, formula="sum of the bill-of-materials lines", source="bill of materials")]
    kind = "改修 renovation" if renovation else "新営 new build"
    if book.factor("common_costs") >= 0.5:
        kr, jo, gp = common_rates_jp(direct, t, renovation=renovation)
        src = f["common_costs"].cite() + " 電気設備工事, " + ("改修" if renovation else "新営")
        temp = _money(direct * kr, d)
        np_ = direct + temp
        site = _money(np_ * jo, d)
        cp = np_ + site
        adm = _money(cp * gp, d)
        law = MLIT_ELECTRICAL["renovation" if renovation else "new"]
        out += [
            EstimateLine(key="temporary_works", label="共通仮設費 Common temporary works", kind="common", base=direct,
                         rate=kr, amount=temp, source=src,
                         formula=f"P × Kr; Kr = {law['Kr'].a}·P^{law['Kr'].b}·T^{law['Kr'].c} "
                                 f"(P in ¥1000, T = {t:g} months) within the table's limits = {kr:.2%}"),
            EstimateLine(key="site_management", label="現場管理費 Site management", kind="common", base=np_,
                         rate=jo, amount=site, source=src,
                         formula=f"Np × Jo; Np = P + 共通仮設費; Jo = {law['Jo'].a}·Np^{law['Jo'].b}·T^{law['Jo'].c} "
                                 f"within the table's limits = {jo:.2%}"),
            EstimateLine(key="general_admin", label="一般管理費等 General administration", kind="common", base=cp,
                         rate=gp, amount=adm, source=src,
                         formula=f"Cp × Gp; Cp = Np + 現場管理費; Gp = 17.286 − 1.577·log10(Cp in ¥1000) "
                                 f"(11.80 % up to ¥3 M) = {gp:.2%}"),
        ]
        common = _money(temp + site + adm, d)
        works = _money(direct + common, d)
        out.append(EstimateLine(key="works_price", label="工事価格 Works price", kind="subtotal", amount=works,
                                formula="直接工事費 + 共通仮設費 + 現場管理費 + 一般管理費等", source="sum of the lines above"))
        contract = (f"{kind} 電気設備工事 contract, 直接工事費 {direct:,.{d}f} {book.currency}, T = {t:g} month(s): "
                    f"Kr {kr:.2%}, Jo {jo:.2%}, Gp {gp:.2%}")
        cont_rate = book.factor("contingency")
        cont = _money(works * cont_rate, d)
        out.append(EstimateLine(key="contingency", label="予備費 Contingency", kind="contingency", base=works,
                                rate=cont_rate, amount=cont, formula=f"工事価格 × {cont_rate:.0%}",
                                source=f["contingency"].cite()))
        excl = _money(works + cont, d)
        tax_rate = book.factor("consumption_tax")
        tax = _money(excl * tax_rate, d)
        out.append(EstimateLine(key="total_excl_tax", label="税抜合計 Total excl. tax", kind="subtotal", amount=excl,
                                formula="工事価格 + 予備費", source="sum of the lines above"))
        out.append(EstimateLine(key="consumption_tax", label="消費税等 Consumption tax", kind="tax", base=excl,
                                rate=tax_rate, amount=tax, formula=f"税抜合計 × {tax_rate:.0%}",
                                source=f["consumption_tax"].cite()))
        method = "jp-public-works"
    else:
        gc_rate, op_rate = book.factor("general_conditions"), book.factor("overhead_profit")
        gc = _money(direct * gc_rate, d)
        op = _money((direct + gc) * op_rate, d)
        out += [
            EstimateLine(key="general_conditions", label="General conditions", kind="common", base=direct, rate=gc_rate,
                         amount=gc, formula=f"direct cost × {gc_rate:.1%}", source=f["general_conditions"].cite()),
            EstimateLine(key="overhead_profit", label="Overhead & profit", kind="common", base=_money(direct + gc, d),
                         rate=op_rate, amount=op, formula=f"(direct cost + general conditions) × {op_rate:.1%}",
                         source=f["overhead_profit"].cite()),
        ]
        common = _money(gc + op, d)
        works = _money(direct + common, d)
        out.append(EstimateLine(key="works_price", label="Price before contingency", kind="subtotal", amount=works,
                                formula="direct cost + general conditions + overhead & profit",
                                source="sum of the lines above"))
        cont_rate = book.factor("contingency")
        cont = _money(works * cont_rate, d)
        out.append(EstimateLine(key="contingency", label="Contingency", kind="contingency", base=works, rate=cont_rate,
                                amount=cont, formula=f"price × {cont_rate:.0%}", source=f["contingency"].cite()))
        excl = _money(works + cont, d)
        out.append(EstimateLine(key="total_excl_tax", label="Total excl. tax", kind="subtotal", amount=excl,
                                formula="price + contingency", source="sum of the lines above"))
        if book.factor("consumption_tax") > 0:
            # a book with a tax on the whole price (Japan) keeps it without the 共通費 formulas
            tax_rate = book.factor("consumption_tax")
            tax = _money(excl * tax_rate, d)
            out.append(EstimateLine(key="consumption_tax", label="Consumption tax", kind="tax", base=excl,
                                    rate=tax_rate, amount=tax, formula=f"total excl. tax × {tax_rate:.0%}",
                                    source=f["consumption_tax"].cite()))
        else:
            mat = material_total(lines, d)
            tax_rate = book.factor("sales_tax_materials")
            tax = _money(mat * tax_rate, d)
            out.append(EstimateLine(key="sales_tax", label="Sales tax on materials", kind="tax", base=mat,
                                    rate=tax_rate, amount=tax, formula=f"material lines {mat:,.{d}f} × {tax_rate:.2%}",
                                    source=f["sales_tax_materials"].cite()))
        contract = (f"{'retrofit' if renovation else 'new-build'} contract, direct cost {direct:,.{d}f} {book.currency}: "
                    f"general conditions {gc_rate:.0%}, overhead & profit {op_rate:.0%}")
        method = "markups"
    incl = _money(excl + tax, d)
    out.append(EstimateLine(key="total_incl_tax", label="税込合計 Total incl. tax" if method == "jp-public-works"
                            else "Total incl. tax", kind="total", amount=incl, formula="total excl. tax + tax",
                            source="sum of the lines above"))
    return Estimate(method=method, renovation=renovation, contract=f"{what}: {contract}", construction_months=t,
                    direct_cost=direct, common_costs=common, contingency=cont, total_excl_tax=excl, tax=tax,
                    total_incl_tax=incl, lines=out)
