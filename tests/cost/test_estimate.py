"""The estimate above the BOM: JP 共通費 by the public-works formulas, US GC/O&P, contingency, tax."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from tests.cabling.fixtures import building, corridor, plan, tower, tower_plan
from wifiplan.cabling import route_plan
from wifiplan.cost import build_estimate, common_rates_jp, estimate_costs, sensitivity
from wifiplan.cost.books import load_book, resolve_book
from wifiplan.cost.estimate import material_total
from wifiplan.cost.models import BomLine, Estimate


def _cost(bdata, pdata, **kw):
    b = building(bdata)
    p = plan(pdata)
    cab = route_plan(b, p.aps, p.spares)
    return estimate_costs(b, p, cab, **kw)


def _dec(x: float, d: int) -> Decimal:
    return Decimal(f"{x:.{d}f}")


def _check_sums(est: Estimate, d: int) -> None:
    amount = {line.key: _dec(line.amount, d) for line in est.lines}
    common = sum(_dec(l.amount, d) for l in est.lines if l.kind == "common")
    assert _dec(est.common_costs, d) == common
    assert amount["works_price"] == amount["direct_cost"] + common
    assert amount["total_excl_tax"] == amount["works_price"] + amount["contingency"]
    tax = next(_dec(l.amount, d) for l in est.lines if l.kind == "tax")
    assert amount["total_incl_tax"] == amount["total_excl_tax"] + tax == _dec(est.total_incl_tax, d)
    assert _dec(est.total_excl_tax, d) == _dec(est.direct_cost, d) + common + _dec(est.contingency, d)
    for line in est.lines:
        if line.rate is not None:
            assert _dec(line.amount, d) == _dec(round(line.base * line.rate, d), d), line


def test_jp_new_build_rates_by_hand():
    # 新営 電気設備工事, P = ¥10,000,000 (10,000 千円), T = 2 months:
    # Kr = 22.89 × 10000^-0.2462 × 2^0.41 = 22.89 × 0.10355 × 1.32869 = 3.149 %, below the lower limit
    #      9.08 × 10000^-0.0992 = 9.08 × 0.40106 = 3.642 % → Kr = 3.642 %
    # Np = 10,364,160; Jo = 351.48 × 10364.16^-0.3528 × 2^0.3524 = 17.19 %, below 156.07 × Np^-0.2253 = 19.435 %
    # Cp = 10,364,160 × 1.19435 = 12,378,4xx; Gp = 17.286 − 1.577 × log10(12378.4) = 17.286 − 6.4541 = 10.832 %
    kr, jo, gp = common_rates_jp(10_000_000, 2.0, renovation=False)
    assert kr == pytest.approx(0.03642, rel=1e-3)
    assert jo == pytest.approx(0.19435, rel=1e-3)
    assert gp == pytest.approx(0.10832, rel=1e-3)


def test_jp_general_admin_limits():
    # Gp = 11.80 % up to ¥3 M of 工事原価 and 7.35 % above ¥2 G: 17.286 − 1.577 × log10(3000) = 11.80,
    # 17.286 − 1.577 × log10(2,000,000) = 7.35, so the formula is continuous at both ends
    assert common_rates_jp(1_000_000, 1, renovation=True)[2] == pytest.approx(0.118)
    assert 17.286 - 1.577 * math.log10(3000) == pytest.approx(11.80, abs=0.005)
    assert 17.286 - 1.577 * math.log10(2_000_000) == pytest.approx(7.35, abs=0.005)


def test_small_contract_carries_higher_common_rates():
    # the same work as its own ¥2 M 改修 contract or inside a ¥50 M one
    small = common_rates_jp(2_000_000, 1.0, renovation=True)
    large = common_rates_jp(50_000_000, 3.0, renovation=True)
    total = lambda r: (1 + r[0]) * (1 + r[1]) * (1 + r[2])  # noqa: E731
    assert total(small) > total(large)


@pytest.mark.parametrize("scenario", ["new-build", "retrofit"])
@pytest.mark.parametrize("book", ["jp", "us"])
def test_estimate_totals_are_the_sum_of_their_lines(scenario, book):
    res = _cost(tower(), tower_plan(), scenario=scenario, book=book)
    d = res.decimals
    est = res.estimate
    assert _dec(est.direct_cost, d) == _dec(res.total, d)
    _check_sums(est, d)
    assert res.total_excl_tax == est.total_excl_tax and res.total_incl_tax == est.total_incl_tax
    assert est.renovation == (scenario == "retrofit")
    c = res.comparison
    for e, direct in ((c.prepare_now_later_estimate, c.prepare_now_later), (c.retrofit_later_estimate,
                                                                            c.retrofit_later_total)):
        _check_sums(e, d)
        assert e.renovation and _dec(e.direct_cost, d) == _dec(direct, d)
    assert _dec(c.prepare_now_total_incl_tax, d) == (_dec(c.prepare_now_now_incl_tax, d)
                                                     + _dec(c.prepare_now_later_estimate.total_incl_tax, d))
    assert _dec(c.saving_incl_tax, d) == _dec(c.retrofit_later_total_incl_tax, d) - _dec(c.prepare_now_total_incl_tax, d)


def test_jp_estimate_structure_and_tax():
    res = _cost(tower(), tower_plan(), scenario="new-build", book="jp")
    est = res.estimate
    keys = [l.key for l in est.lines]
    assert keys == ["direct_cost", "temporary_works", "site_management", "general_admin", "works_price", "contingency",
                    "total_excl_tax", "consumption_tax", "total_incl_tax"]
    tax = next(l for l in est.lines if l.key == "consumption_tax")
    assert tax.rate == 0.10 and tax.source.startswith("[S1805]")
    assert all(l.source.startswith("[S1801]") for l in est.lines if l.kind == "common")
    # common costs of a public estimate: about 25-45 % of the direct cost for a contract of this size
    assert 0.25 < est.common_costs / est.direct_cost < 0.45
    assert "新営" in est.contract


def test_us_sales_tax_applies_to_materials_only():
    res = _cost(tower(), tower_plan(), scenario="new-build", book="us")
    est = res.estimate
    tax = next(l for l in est.lines if l.key == "sales_tax")
    materials = material_total(res.lines, 2)
    labour = sum(l.total for l in res.lines if l.key.startswith("labour:"))
    assert labour > 0 and materials < res.total - labour + 0.01
    assert tax.base == pytest.approx(materials) and tax.amount == pytest.approx(round(materials * 0.06, 2))
    assert [l.key for l in est.lines][:3] == ["direct_cost", "general_conditions", "overhead_profit"]


def test_contingency_and_tax_rates_are_overridable():
    res = _cost(tower(costs={"factors": {"contingency": 0.0, "consumption_tax": 0.08}}), tower_plan())
    est = res.estimate
    assert est.contingency == 0
    assert est.tax == round(est.total_excl_tax * 0.08)


def test_later_contracts_are_priced_as_their_own_renovation_contracts():
    res = _cost(tower(), tower_plan(), scenario="new-build")
    c = res.comparison
    b = c.retrofit_later_estimate
    assert "改修" in b.contract and f"{b.direct_cost:,.0f}" in b.contract
    # the project's 新営 rates do not apply to the later work
    assert res.estimate.lines[1].rate != b.lines[1].rate
    assert any("改修" in a for a in c.assumptions)


def test_construction_months_from_labour():
    jp = load_book("jp")
    lines = [BomLine(category="labour", item="x", key="labour:drop_days", floor="1F", quantity=200, unit="person-day",
                     unit_cost=34300, total=6860000, source="s")]
    # new build: 1 month preparation + 200 person-days / crew 4 / 20 days = 1 + 2.5 = 3.5 months
    assert build_estimate(jp, lines, renovation=False, what="t").construction_months == 3.5
    # 改修: 200 × 1.2 × (0.5 × 1.1 + 0.5) = 252 person-days → 3.15 → 3.5 months of work, + 1 = 4.5
    assert build_estimate(jp, lines, renovation=True, what="t").construction_months == 4.5


def test_labour_other_is_a_line_per_floor_in_jp_only():
    jp = _cost(corridor(), {"aps": [{"name": "A", "floor": "1F", "at": [30, 14]}]})
    other = [l for l in jp.lines if l.key == "labour:other"]
    labour = sum(l.total for l in jp.lines if l.key.startswith("labour:") and l.key != "labour:other")
    assert len(other) == 1 and other[0].total == round(labour * 0.2)
    us = _cost(corridor(country="US"), {"aps": [{"name": "A", "floor": "1F", "at": [30, 14]}]})
    assert not [l for l in us.lines if l.key == "labour:other"]


@pytest.mark.parametrize("year,expected", [(0, True), (1975, True), (2005, True), (2010, False)])
def test_asbestos_survey_by_age_and_size(year, expected):
    res = _cost(tower(costs={"factors": {"building_year": year}}), tower_plan(), scenario="retrofit")
    keys = [l.key for l in res.lines]
    assert ("asbestos_survey" in keys) == expected
    if expected:
        # one site fee, an inspection on each further floor worked on (10 floors → 9), a sample per floor
        assert keys.count("asbestos_survey") == 1
        assert keys.count("asbestos_survey_floor") == 9 and keys.count("asbestos_sample") == 10


def test_jp_conduit_is_e_conduit_sized_at_32_percent():
    res = _cost(tower(), tower_plan(), scenario="new-build", book="jp")
    labels = {l.item for l in res.lines if l.key.startswith("conduit_")}
    assert labels and all(lbl.startswith("E conduit") for lbl in labels)
    assert any("32 %" in a for a in res.assumptions)


def test_sensitivity_moves_with_the_ap_price():
    b = building(tower())
    p = plan(tower_plan())
    cab = route_plan(b, p.aps, p.spares)
    rows = {r.parameter: r for r in sensitivity(b, p, cab, scenario="retrofit")}
    ap = rows["ap_price"]
    base = estimate_costs(b, p, cab, scenario="retrofit")
    hw = sum(l.total for l in base.lines if l.category == "access-points" and l.key.startswith("ap_hardware"))
    ratio = base.total_incl_tax / base.total
    # +20 % on the AP lines moves the total by 0.2 × hardware × the marginal markup: more than contingency and tax
    # alone (1.05 × 1.10 = 1.155), less than the average markup (common-cost rates fall as the contract grows)
    assert 0.2 * hw * 1.155 < ap.project_high - ap.project_base < 0.2 * hw * ratio
    assert ap.project_low < ap.project_base < ap.project_high
    assert rows["retrofit_factor"].project_high > rows["retrofit_factor"].project_base


def test_removed_factor_has_a_hint():
    from wifiplan.errors import ConfigError

    with pytest.raises(ConfigError, match="occupied_labour.*time_restriction"):
        resolve_book(building(corridor(costs={"factors": {"occupied_labour": 1.3}})))


def test_repeat_unit_rule_prices_small_later_jobs_higher_per_ap():
    res = _cost(tower(), tower_plan(), scenario="new-build", book="jp")
    days = sum(l.quantity for l in res.lines if l.key == "labour:ap_install_days")
    # 60 APs in one contract: 1 + 0.7 × 59 = 42.3 person-days ([S1806]), 0.705 per AP
    assert days == pytest.approx(42.3, abs=0.05)
    # the later retrofit (B) of the 10 spares: 1 + 0.7 × 9 = 7.3 person-days, 0.73 per AP
    later = [l for l in res.comparison.lines if l.section == "retrofit-later" and l.key == "labour:ap_install_days"]
    assert sum(l.quantity for l in later) == pytest.approx(7.3, abs=0.05)
    # the US book has no such rule: 60 × 0.4 = 24 person-days
    us = _cost(tower(), tower_plan(), scenario="new-build", book="us")
    assert sum(l.quantity for l in us.lines if l.key == "labour:ap_install_days") == pytest.approx(24.0, abs=0.05)


@pytest.mark.parametrize("name", ["old-office-tower", "city-hall"])
@pytest.mark.parametrize("book", ["jp", "us"])
def test_shipped_buildings_estimates_sum_to_their_lines(name, book):
    # one AP at the centroid of every zone of the shipped floor plan, one spare per floor
    from pathlib import Path

    from wifiplan.io.load import load_building
    from wifiplan.model.plan import Plan

    path = Path(__file__).resolve().parents[2] / "floorplans" / f"{name}.yaml"
    from shapely.geometry import Polygon

    b = load_building(path).model
    aps, sps = [], []
    for f in b.floors:
        for j, z in enumerate(f.zones):
            pt = Polygon(z.polygon).representative_point()
            aps.append({"name": f"{f.name}-AP{j + 1:02d}", "floor": f.name, "at": [pt.x, pt.y]})
        pt = Polygon(f.zones[0].polygon).representative_point()
        sps.append({"name": f"{f.name}-SP01", "floor": f.name, "at": [pt.x + 0.5, pt.y]})
    p = Plan.model_validate({"aps": aps, "spares": sps})
    cab = route_plan(b, p.aps, p.spares)
    for scenario in ("new-build", "retrofit"):
        res = estimate_costs(b, p, cab, scenario=scenario, book=book)
        d = res.decimals
        assert _dec(res.total, d) == sum(_dec(l.total, d) for l in res.lines)
        _check_sums(res.estimate, d)
        _check_sums(res.comparison.retrofit_later_estimate, d)
        _check_sums(res.comparison.prepare_now_later_estimate, d)
        assert res.total_incl_tax > res.total_excl_tax > res.total > 0


def test_jp_without_common_cost_formulas_keeps_consumption_tax():
    # a private-sector style estimate: costs: {factors: {common_costs: 0}} → GC 10 %, O&P 15 %, 消費税 10 % on all
    res = _cost(tower(costs={"factors": {"common_costs": 0}}), tower_plan())
    est = res.estimate
    assert est.method == "markups" and [l.key for l in est.lines][1:3] == ["general_conditions", "overhead_profit"]
    assert est.tax == round(est.total_excl_tax * 0.10)
    _check_sums(est, 0)


def test_sensitivity_of_the_saving_to_the_ceiling_opening_price():
    """New-build tower: the ceiling openings are only in (B), so +20 % on their price raises B and
    the saving of preparing now alike, by 0.2 × B's opening lines × B's marginal markup (at least
    contingency and tax, 1.05 × 1.10), and leaves a new-build project's total unchanged."""
    b = building(tower())
    p = plan(tower_plan())
    cab = route_plan(b, p.aps, p.spares)
    row = {r.parameter: r for r in sensitivity(b, p, cab, scenario="new-build")}["ceiling_opening"]
    base = estimate_costs(b, p, cab, scenario="new-build").comparison
    openings = sum(l.total for l in base.lines if l.section == "retrofit-later" and l.key == "ceiling_opening")
    assert openings > 0 and row.saving_base == base.saving_incl_tax
    assert row.project_low == row.project_base == row.project_high
    assert row.saving_high - row.saving_base == pytest.approx(row.later_high - row.later_base, abs=1)
    assert row.saving_high - row.saving_base > 0.2 * openings * 1.155
