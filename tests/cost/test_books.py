"""Cost books: every line sourced or marked as an estimate; overrides; errors with did-you-mean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cabling.fixtures import building, corridor
from wifiplan.cost.books import book_names, default_book_name, load_book, resolve_book
from wifiplan.errors import ConfigError


@pytest.mark.parametrize("name,currency", [("jp", "JPY"), ("us", "USD")])
def test_books_load_with_currency(name, currency):
    book = load_book(name)
    assert book.currency == currency and book.name == name


@pytest.mark.parametrize("name", ["jp", "us"])
def test_every_entry_has_a_source_or_is_an_estimate_with_a_note(name):
    book = load_book(name)
    for key, entry in list(book.items.items()) + list(book.factors.items()):
        if entry.estimate:
            assert entry.note, key
        else:
            assert re.match(r"^\[S\d+\] \S", entry.source or ""), key


def test_both_books_have_the_same_keys():
    jp, us = load_book("jp"), load_book("us")
    assert sorted(jp.items) == sorted(us.items)
    assert sorted(jp.factors) == sorted(us.factors)


@pytest.mark.parametrize("key,value", [("labour_day", 34300), ("core_drill", 35000)])
def test_sourced_jp_values(key, value):
    # [S1807] MLIT FY2026 (from March 2026) Tokyo 電工 ¥34,300/day; [S109] core drilling ¥20,000-50,000 per hole
    assert load_book("jp").value(key) == value


def test_fy2026_labour_rate_is_sourced():
    day = load_book("jp").item("labour_day")
    assert not day.estimate and "FY2026" in day.label and day.source.startswith("[S1807]")


def test_common_cost_and_tax_factors_are_sourced_in_jp():
    jp = load_book("jp")
    assert jp.factor("consumption_tax") == 0.10 and jp.factors["consumption_tax"].source.startswith("[S1805]")
    assert jp.factor("common_costs") == 1 and jp.factors["common_costs"].source.startswith("[S1801]")
    assert load_book("us").factor("common_costs") == 0


def test_no_forum_mirror_or_content_farm_source_in_the_books():
    # S94 CostOwl, S96 businessbuzzfire, S99 flipbuilder mirror, S100 carsymp, S106-S108 document mirrors
    banned = {"S94", "S96", "S99", "S100", "S106", "S107", "S108"}
    for name in ("jp", "us"):
        b = load_book(name)
        for entry in list(b.items.values()) + list(b.factors.values()):
            text = f"{entry.source or ''} {entry.note or ''}"
            assert not banned & set(re.findall(r"\[(S\d+)\]", text)), (name, entry.label)


def test_every_estimate_states_a_range_or_its_origin():
    for name in ("jp", "us"):
        b = load_book(name)
        for key, item in b.items.items():
            if item.estimate and key != "labour_day":
                assert "range" in item.note or "[S" in item.note, (name, key)


def test_statutory_premiums_in_jp_book():
    jp = load_book("jp")
    assert jp.factor("night_premium") == 1.25 and jp.factor("holiday_premium") == 1.35  # [S105]


@pytest.mark.parametrize("country,book", [("JP", "jp"), ("US", "us"), ("DE", "us"), ("jp", "jp")])
def test_default_book_by_country(country, book):
    assert default_book_name(country) == book


def test_building_overrides_items_and_factors():
    b = building(corridor(costs={"items": {"ap_hardware": 99000}, "factors": {"night_work_share": 1.0}}))
    book = resolve_book(b)
    assert book.value("ap_hardware") == 99000 and book.items["ap_hardware"].cite() == "building file override"
    assert book.factor("night_work_share") == 1.0
    assert load_book("jp").value("ap_hardware") == 150000  # the shipped book is untouched


def test_book_by_name_string_and_by_option():
    assert resolve_book(building(corridor(costs="us"))).currency == "USD"
    assert resolve_book(building(corridor(country="US"))).currency == "USD"
    assert resolve_book(building(corridor()), book="us").currency == "USD"


def test_unknown_item_is_a_config_error_with_did_you_mean():
    b = building(corridor(costs={"items": {"ap_hardwar": 1}}))
    with pytest.raises(ConfigError, match=r"costs\.items\.ap_hardwar: unknown cost item 'ap_hardwar'; did you mean 'ap_hardware'"):
        resolve_book(b)


def test_unknown_factor_and_book_and_currency():
    with pytest.raises(ConfigError, match="did you mean 'night_premium'"):
        resolve_book(building(corridor(costs={"factors": {"nigth_premium": 1}})))
    with pytest.raises(ConfigError, match="'small_job' was removed .* common-cost rates"):
        resolve_book(building(corridor(costs={"factors": {"small_job": 1.3}})))
    with pytest.raises(ConfigError, match="unknown cost book 'jpn'; did you mean 'jp'"):
        resolve_book(building(corridor(costs={"book": "jpn"})))
    with pytest.raises(ConfigError, match="currency 'USD' differs"):
        resolve_book(building(corridor(costs={"book": "jp", "currency": "USD"})))


def test_book_names():
    assert book_names() == ["jp", "us"]


def test_sources_md_lists_no_forum_mirror_or_content_farm_for_cost_sources():
    # every [S..] the books cite, looked up in docs/sources.md: no forum, Reddit mirror, document mirror or content farm
    root = Path(__file__).resolve().parents[2]
    rows = {}
    for line in (root / "docs" / "sources.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (S\d+) \| (.*?) \| (.*?) \|$", line)
        if m:
            rows[m.group(1)] = m.group(2) + " " + m.group(3)
    banned = re.compile(r"reddit|/r/|r\.arson|forum|flipbuilder|pdfslide|fdocuments|123deta|businessbuzzfire|carsymp|"
                        r"costowl|mirror", re.I)
    cited = set()
    for name in ("jp", "us"):
        b = load_book(name)
        for entry in list(b.items.values()) + list(b.factors.values()):
            cited |= set(re.findall(r"\[(S\d+)\]", f"{entry.source or ''} {entry.note or ''}"))
    assert cited
    for sid in sorted(cited):
        assert sid in rows, sid
        assert not banned.search(rows[sid]), (sid, rows[sid])


def test_every_estimate_is_dated():
    for name in ("jp", "us"):
        b = load_book(name)
        for key, entry in list(b.items.items()) + list(b.factors.items()):
            if entry.estimate:
                assert entry.as_of and entry.cite().startswith(f"estimate ({entry.as_of})"), (name, key)
    assert load_book("jp").item("labour_day").as_of == "2026-03"
