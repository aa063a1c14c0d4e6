"""The budget section: totals from the cost estimate, the phased table, prepare-now vs minimal."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from wifiplan.report.budget import budget_section, phases, totals
from wifiplan.report.document import GrowthStep
from wifiplan.report.i18n import language


def _line(category: str, total: float):
    return SimpleNamespace(category=category, total=total)


def _result(**extra):
    cmp_ = SimpleNamespace(prepare_now_now=120_000.0, prepare_now_later=300_000.0, prepare_now_total=420_000.0,
                           retrofit_later_total=700_000.0, saving=280_000.0, growth_aps=3)
    base = dict(currency="JPY", decimals=0, book="jp", book_title="Japan", total=1_000_000.0,
                lines=[_line("access-points", 600_000.0), _line("copper", 400_000.0)],
                totals_by_category={"access-points": 600_000.0, "copper": 400_000.0}, comparison=cmp_)
    base.update(extra)
    return SimpleNamespace(**base)


def test_totals_without_tax_are_the_lines():
    t = totals(_result())
    assert t.lines == 1_000_000.0 and t.excl_tax == 1_000_000.0
    assert t.tax is None and t.incl_tax is None


def test_totals_render_the_estimates_tax_lines():
    # the cost stage computes tax; the report shows it: 1,050,000 × 10 % = 105,000 → 1,155,000
    r = _result(contingency=50_000.0, total_excl_tax=1_050_000.0, tax_rate=0.10, tax=105_000.0,
                total_incl_tax=1_155_000.0)
    t = totals(r)
    assert t.extras == [("Contingency", 50_000.0)]
    assert (t.excl_tax, t.tax, t.incl_tax, t.tax_rate) == (1_050_000.0, 105_000.0, 1_155_000.0, 0.10)
    s = budget_section({"new-build": r, "retrofit": r})
    rows = {row[0]: row[1] for row in s.tables[0].rows}
    assert rows["Total including tax"] == "JPY 1,155,000"
    assert rows["Consumption tax (10%)"] == "JPY 105,000"


def test_phases_without_a_path_compare_prepared_and_minimal():
    rows = phases(_result(), None)
    assert rows[0][2:] == (1_000_000.0, 1_000_000.0 - 120_000.0)  # minimal build: without the preparation
    assert rows[1][2:] == (300_000.0, 700_000.0)  # growth: APs on prepared positions vs retrofit
    prepared = sum(r[2] for r in rows)
    minimal = sum(r[3] for r in rows)
    assert minimal - prepared == pytest.approx(280_000.0)  # = the comparison's saving


def test_growth_steps_replace_the_single_growth_phase_and_sum():
    steps = [GrowthStep("Step 1", "2029", 250_000.0, 400_000.0), GrowthStep("Step 2", "2032", 150_000.0, 260_000.0)]
    rows = phases(_result(), steps)
    assert [r[0] for r in rows] == ["Build", "Step 1", "Step 2"]
    s = budget_section({"new-build": _result(), "retrofit": _result()}, steps)
    phased = s.tables[1]
    total = phased.rows[-1]
    # 1,000,000 + 250,000 + 150,000 = 1,400,000; 880,000 + 400,000 + 260,000 = 1,540,000
    assert total[2:] == ["JPY 1,400,000", "JPY 1,540,000"]
    assert phased.total_rows == {len(phased.rows) - 1}


def test_budget_in_japanese():
    with language("ja"):
        s = budget_section({"new-build": _result(), "retrofit": _result()})
    assert s.title == "予算"
    assert s.tables[0].rows[0][0] == "アクセスポイント"
    assert s.tables[0].rows[0][1] == "600,000 円"  # yen as written in Japanese budgets
    assert any("消費税" in p for p in s.paragraphs)  # says the estimate has no tax line yet


def test_no_cost_stage():
    s = budget_section(None)
    assert s.paragraphs and not s.tables


def _est(direct: float, common_rate: float, cont_rate: float, tax_rate: float):
    # the cost stage's structure: direct → common → works price → contingency → excl. → tax → incl.
    common = round(direct * common_rate)
    works = direct + common
    cont = round(works * cont_rate)
    excl = works + cont
    tax = round(excl * tax_rate)
    L = SimpleNamespace
    lines = [L(key="direct_cost", label="直接工事費 Direct cost", kind="direct", rate=None, amount=direct),
             L(key="temporary_works", label="共通仮設費", kind="common", rate=common_rate, amount=common),
             L(key="works_price", label="工事価格", kind="subtotal", rate=None, amount=works),
             L(key="contingency", label="予備費", kind="contingency", rate=cont_rate, amount=cont),
             L(key="total_excl_tax", label="税抜合計", kind="subtotal", rate=None, amount=excl),
             L(key="consumption_tax", label="消費税等", kind="tax", rate=tax_rate, amount=tax),
             L(key="total_incl_tax", label="税込合計", kind="total", rate=None, amount=excl + tax)]
    return SimpleNamespace(method="jp-public-works", common_costs=common, contingency=cont, total_excl_tax=excl,
                           tax=tax, total_incl_tax=excl + tax, lines=lines)


def test_estimate_structure_is_rendered_line_by_line():
    # direct 1,000,000; common 20 % = 200,000; works 1,200,000; contingency 5 % = 60,000;
    # excl. 1,260,000; tax 10 % = 126,000; incl. 1,386,000 = 1,260,000 × 1.10
    nb = _result(estimate=_est(1_000_000.0, 0.20, 0.05, 0.10))
    t = totals(nb)
    assert (t.excl_tax, t.tax, t.incl_tax, t.tax_rate) == (1_260_000.0, 126_000.0, 1_386_000.0, 0.10)
    assert t.incl_tax == round(t.excl_tax * (1 + t.tax_rate))
    with language("ja"):
        s = budget_section({"new-build": nb, "retrofit": nb})
    rows = {r[0]: r[1] for r in s.tables[0].rows}
    assert rows["消費税 (10%)"] == "126,000 円"
    assert rows["合計（税込）"] == "1,386,000 円"
    assert rows["予備費 (5%)"] == "60,000 円"
    assert rows["共通仮設費 (20%)"] == "200,000 円"


def test_real_estimate_totals_and_phases(tmp_path):
    """With the cost stage's estimate: incl. tax = excl. × (1 + rate) to the yen, and the
    phased table's two columns differ by exactly the comparison's saving including tax."""
    from tests.check.helpers import needs, write_project
    from wifiplan.check.context import load_context
    from wifiplan.report.document import _costs

    needs("wifiplan.rf.maps")
    ctx = load_context(write_project(tmp_path))
    cost = _costs(ctx, ctx.cabling())
    nb = cost["new-build"]
    if getattr(nb, "estimate", None) is None:
        pytest.skip("this cost stage has no estimate structure")
    t = totals(nb)
    assert t.lines == pytest.approx(sum(ln.total for ln in nb.lines))
    assert t.tax_rate == pytest.approx(0.10)  # JP consumption tax
    assert t.tax == round(t.excl_tax * t.tax_rate)
    assert t.incl_tax == t.excl_tax + t.tax
    rows = phases(nb, None)
    prepared = sum(r[2] for r in rows)
    minimal = sum(r[3] for r in rows)
    assert minimal - prepared == pytest.approx(nb.comparison.saving_incl_tax, abs=1.0)
    s = budget_section(cost)
    assert s.tables[1].caption == "Phased budget, including tax (new build)"


def test_us_estimate_taxes_the_materials_only(tmp_path):
    """US book: sales tax on the material lines (6 %), rounded to the cent; the report shows
    the estimate's figures: incl. = excl. + round(materials × rate, 2), not excl. × (1 + rate)."""
    from tests.check.helpers import ONE_FLOOR, needs, write_project
    from wifiplan.check.context import load_context
    from wifiplan.report.budget import money
    from wifiplan.report.document import _costs

    needs("wifiplan.rf.maps")
    ctx = load_context(write_project(tmp_path, building=ONE_FLOOR.replace("country: JP", "country: US")))
    nb = _costs(ctx, ctx.cabling())["new-build"]
    tax = next(ln for ln in nb.estimate.lines if ln.kind == "tax")
    assert tax.key == "sales_tax" and tax.rate == pytest.approx(0.06)
    assert tax.amount == round(tax.base * tax.rate, 2)
    assert tax.base < nb.estimate.total_excl_tax  # materials only
    assert nb.estimate.total_incl_tax == pytest.approx(nb.estimate.total_excl_tax + tax.amount, abs=0.005)
    rows = {r[0]: r[1] for r in budget_section({"new-build": nb, "retrofit": nb}).tables[0].rows}
    assert rows["Sales tax on materials (6%)"] == money(tax.amount, nb)
    assert rows["Total including tax"] == money(nb.estimate.total_incl_tax, nb)
