"""Options side by side: the building planned with another AP preset, checked and priced as the plan is."""

from __future__ import annotations

import pytest

from tests.check.helpers import needs, write_project


@pytest.fixture(scope="module")
def two_presets(tmp_path_factory):
    needs("wifiplan.rf.maps")
    from wifiplan.check.context import load_context
    from wifiplan.cli.report import _preset_option

    ctx = load_context(write_project(tmp_path_factory.mktemp("opt")))
    return ctx, _preset_option(ctx, "wifi6-2x2", 0, lambda _m: None)


def test_option_is_planned_with_the_other_preset(two_presets):
    ctx, opt = two_presets
    assert opt.building.ap.preset == "wifi6-2x2" and ctx.building.ap.preset == "wifi6e-2x2"
    assert opt.plan.settings.ap_preset == "wifi6-2x2"
    assert opt.aps and all(ap.floor == "1F" for ap in opt.aps)


def test_options_table_compares_like_with_like(two_presets):
    from wifiplan.report.budget import money, totals
    from wifiplan.report.document import _costs, build_report

    ctx, opt = two_presets
    doc = build_report(ctx, plan_label="p", heatmaps=False, lang="en", options=[opt])
    budget = next(s for s in doc.sections if s.id == "budget")
    table = budget.tables[-1]
    assert table.headers == ["Option", "This plan (wifi6e-2x2)", "Option: wifi6-2x2"]
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows["AP preset"] == ["wifi6e-2x2", "wifi6-2x2"]
    assert rows["Access points"] == [str(len(ctx.aps)), str(len(opt.aps))]
    mine, other = _costs(ctx, ctx.cabling())["new-build"], _costs(opt, opt.cabling())["new-build"]
    assert rows["Cost now, excl. tax"] == [money(totals(mine).excl_tax, mine), money(totals(other).excl_tax, other)]
    assert rows["Cost now, incl. tax"][0] == money(mine.estimate.total_incl_tax, mine)
    # the AP line is the preset's own book item: 2 × ¥110,000 (wifi6e-2x2) vs 2 × ¥80,000 (wifi6-2x2)
    ap_line = {ln.item.split(" (")[0]: ln.total for c in (mine, other) for ln in c.lines if ln.item.startswith("AP wifi")}
    assert ap_line == {"AP wifi6e-2x2": 2 * 110_000.0, "AP wifi6-2x2": 2 * 80_000.0}
    # the option's check column is what check says about that plan
    from wifiplan.check.context import CheckOptions
    from wifiplan.check.rules import default_registry
    from wifiplan.check.runner import check_context

    errors = [f for f in check_context(opt, CheckOptions(), default_registry())[0] if f.severity == "error"]
    assert rows["Checks"][1] == "pass" if not errors else rows["Checks"][1].startswith(f"{len(errors)} error(s) (")


def test_options_table_in_japanese(two_presets):
    from wifiplan.report.document import build_report

    ctx, opt = two_presets
    doc = build_report(ctx, plan_label="p", heatmaps=False, lang="ja", options=[opt])
    table = next(s for s in doc.sections if s.id == "budget").tables[-1]
    assert table.headers[1:] == ["本計画（wifi6e-2x2）", "比較案：wifi6-2x2"]
    assert table.rows[0][0] == "アクセスポイント機種（プリセット）"
