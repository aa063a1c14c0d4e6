"""Scenarios: totals are sums of lines, retrofit costs more, prepare-now vs retrofit-later."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from tests.cabling.fixtures import TOWER_APS, TOWER_SPARE, building, corridor, plan, tower, tower_plan
from wifiplan.cabling import route_plan
from wifiplan.cost import estimate_costs
from wifiplan.cost.bom import labour_multiplier
from wifiplan.cost.books import load_book, resolve_book
from wifiplan.errors import ConfigError
from wifiplan.model.plan import Plan

REPO = Path(__file__).resolve().parents[2]


def _cost(bdata, pdata, **kw):
    b = building(bdata)
    p = plan(pdata)
    cab = route_plan(b, p.aps, p.spares)
    return estimate_costs(b, p, cab, **kw)


def _dec(x, d):
    return Decimal(f"{x:.{d}f}")


@pytest.mark.parametrize("scenario", ["new-build", "retrofit"])
@pytest.mark.parametrize("book", ["jp", "us"])
def test_every_total_is_the_sum_of_its_lines(scenario, book):
    res = _cost(tower(), tower_plan(), scenario=scenario, book=book)
    d = res.decimals
    for line in res.lines:
        assert _dec(line.total, d) == _dec(round(line.quantity * line.unit_cost, d), d), line
    assert _dec(res.total, d) == sum(_dec(l.total, d) for l in res.lines)
    by_cat, by_floor = defaultdict(Decimal), defaultdict(Decimal)
    for line in res.lines:
        by_cat[line.category] += _dec(line.total, d)
        by_floor[line.floor] += _dec(line.total, d)
    assert {k: _dec(v, d) for k, v in res.totals_by_category.items()} == dict(by_cat)
    assert {k: _dec(v, d) for k, v in res.totals_by_floor.items()} == dict(by_floor)
    c = res.comparison
    a = [l for l in c.lines if l.section == "prepare-now"]
    b = [l for l in c.lines if l.section == "retrofit-later"]
    assert _dec(c.prepare_now_total, d) == sum(_dec(l.total, d) for l in a)
    assert _dec(c.retrofit_later_total, d) == sum(_dec(l.total, d) for l in b)
    assert _dec(c.saving, d) == _dec(c.retrofit_later_total, d) - _dec(c.prepare_now_total, d)


def test_retrofit_costs_more_than_new_build_for_the_same_layout():
    new = _cost(tower(), tower_plan(), scenario="new-build")
    old = _cost(tower(), tower_plan(), scenario="retrofit")
    assert old.total > new.total
    assert "retrofit" not in new.totals_by_category and old.totals_by_category["retrofit"] > 0
    assert old.labour_multiplier > new.labour_multiplier == 1.0
    assert [l.key for l in old.lines].count("asbestos_survey") == 1
    # same hardware either way
    assert old.totals_by_category["access-points"] == new.totals_by_category["access-points"]


def test_old_office_tower_floorplan_retrofit_costs_more():
    path = REPO / "floorplans" / "old-office-tower.yaml"
    if not path.exists():
        pytest.skip("floorplans/old-office-tower.yaml not present")
    from wifiplan.io.load import load_building

    b = load_building(path).model
    aps = [{"name": f"{f.name}-AP{j + 1:02d}", "floor": f.name, "at": list(xy)}
           for f in b.floors for j, xy in enumerate(TOWER_APS)]
    sps = [{"name": f"{f.name}-SP01", "floor": f.name, "at": list(TOWER_SPARE)} for f in b.floors]
    p = Plan.model_validate({"aps": aps, "spares": sps})
    cab = route_plan(b, p.aps, p.spares)
    new = estimate_costs(b, p, cab, scenario="new-build")
    old = estimate_costs(b, p, cab, scenario="retrofit")
    assert old.total > new.total
    for res in (new, old):
        c = res.comparison
        assert c.retrofit_later_total > c.prepare_now_total > 0
        assert c.saving == pytest.approx(c.retrofit_later_total - c.prepare_now_total)
    assert cab.fallback_floors == ["2F", "3F", "5F", "6F", "7F", "9F", "10F"]
    assert not cab.violations


def test_preparing_now_is_cheaper_than_retrofitting_later_on_the_tower():
    res = _cost(tower(), tower_plan(), scenario="new-build")
    c = res.comparison
    assert c.growth_aps == 10 and c.growth_floors[0] == "1F" and c.growth_floors[-1] == "10F"
    assert c.retrofit_later_total > c.prepare_now_total > 0
    assert c.saving == pytest.approx(c.retrofit_later_total - c.prepare_now_total)
    assert c.prepare_now_total == pytest.approx(c.prepare_now_now + c.prepare_now_later)
    keys_b = {l.key for l in c.lines if l.section == "retrofit-later"}
    assert {"asbestos_survey", "ceiling_opening", "mobilisation", "cat6a_cable_m", "surface_raceway_m"} <= keys_b
    keys_a_later = {l.key for l in c.lines if l.section == "prepare-now" and l.phase == "later"}
    assert "cat6a_cable_m" not in keys_a_later  # the spares are pre-cabled
    assert c.assumptions


def test_ap_hardware_override_changes_the_total_exactly():
    base = _cost(tower(), tower_plan(), scenario="new-build")
    more = _cost(tower(costs={"items": {"ap_hardware": 160000}}), tower_plan(), scenario="new-build")
    # the default preset wifi6e-2x2 is priced ¥110,000; the override applies to every AP: 60 × 50,000
    assert {l.key for l in base.lines if l.category == "access-points"} >= {"ap_hardware_wifi6e_2x2"}
    assert more.total - base.total == pytest.approx(50000 * 60)
    hw = [l for l in more.lines if l.key == "ap_hardware"]
    assert len(hw) == 10 and all(l.source == "building file override" for l in hw)


def test_labour_multiplier_by_hand():
    jp = load_book("jp")
    # 改修 1.2 × (0.5 day × time restriction 1.1 + 0.5 night × 1.25 + 0 holiday) = 1.2 × 1.175 = 1.41
    assert_allclose(labour_multiplier(jp, occupied=True), 1.41)
    assert labour_multiplier(jp, occupied=False) == 1.0
    # US: old work 1.25 × (0.5 × 1.1 + 0.5 × 1.5) = 1.625
    assert_allclose(labour_multiplier(load_book("us"), occupied=True), 1.625)


def test_premiums_apply_only_to_their_hours():
    # all work at night: 1.2 × 1.25 (no time-restriction factor on night hours) = 1.5
    b = resolve_book(building(corridor(costs={"factors": {"night_work_share": 1.0}})))
    assert_allclose(labour_multiplier(b, occupied=True), 1.5)
    # all by day: 1.2 × 1.1 = 1.32 (no night premium)
    b = resolve_book(building(corridor(costs={"factors": {"night_work_share": 0.0}})))
    assert_allclose(labour_multiplier(b, occupied=True), 1.32)


def test_labour_lines_price_person_days_at_the_multiplied_day_rate():
    res = _cost(corridor(), {"aps": [{"name": "A", "floor": "1F", "at": [30, 14]}]}, scenario="retrofit")
    line = next(l for l in res.lines if l.key == "labour:drop_days")
    assert line.quantity == pytest.approx(2 * 0.2)
    assert line.unit_cost == pytest.approx(round(34300 * 1.41, 2))  # ¥48,363 per person-day


def test_copper_metres_are_run_length_times_drops():
    b = building(corridor())
    p = plan({"aps": [{"name": "A", "floor": "1F", "at": [30, 14]}]})
    cab = route_plan(b, p.aps, p.spares)
    res = estimate_costs(b, p, cab)
    cable = next(l for l in res.lines if l.key == "cat6a_cable_m")
    assert cable.quantity == pytest.approx(cab.run("A").length_m * 2)


def test_surface_raceway_factor_switches_to_conduit_with_openings():
    with_raceway = _cost(tower(), tower_plan(), scenario="retrofit")
    conduit = _cost(tower(costs={"factors": {"surface_raceway": 0}}), tower_plan(), scenario="retrofit")
    assert any(l.key == "surface_raceway_m" for l in with_raceway.lines)
    assert not any(l.key == "surface_raceway_m" for l in conduit.lines)
    assert any(l.key.startswith("conduit_") for l in conduit.lines)
    openings = lambda r: sum(l.quantity for l in r.lines if l.key == "ceiling_opening")  # noqa: E731
    assert openings(conduit) > openings(with_raceway)


def test_new_build_prices_pathways_and_sleeves_retrofit_reuses_trays_and_drills():
    new = _cost(tower(), tower_plan(), scenario="new-build")
    old = _cost(tower(), tower_plan(), scenario="retrofit")
    assert any(l.key == "tray_m" for l in new.lines) and not any(l.key == "tray_m" for l in old.lines)
    assert any(l.key == "riser_sleeve" for l in new.lines) and not any(l.key == "core_drill" for l in new.lines)
    assert any(l.key == "core_drill" for l in old.lines)


def test_us_book_prices_in_dollars_with_cents():
    res = _cost(tower(), tower_plan(), book="us")
    assert res.currency == "USD" and res.decimals == 2
    assert res.total > 0


def test_plan_without_spares_has_no_growth():
    res = _cost(tower(), tower_plan(spares=False))
    assert res.comparison.growth_aps == 0 and res.comparison.retrofit_later_total == 0


def test_unknown_scenario():
    with pytest.raises(ConfigError, match="unknown scenario"):
        _cost(corridor(), {"aps": []}, scenario="rebuild")


def test_lines_are_sorted_and_deterministic():
    one = _cost(tower(), tower_plan(), scenario="retrofit").model_dump()
    two = _cost(tower(), tower_plan(), scenario="retrofit").model_dump()
    assert one == two
    floors = [l["floor"] for l in one["lines"] if l["category"] == "copper"]
    assert floors[:2] == ["1F", "1F"] and floors[-1] == "10F"
