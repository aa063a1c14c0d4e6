"""The expansion path in the report: growth steps in the phased budget (they sum to the path's total), the chart."""

from __future__ import annotations

import json

import pytest

from tests.check.helpers import needs, write_project
from wifiplan.errors import InputError
from wifiplan.report.budget import budget_section, phases
from wifiplan.report.expansion import check_path_start, growth_chart, path_totals, read_growth_json, steps_from_path
from wifiplan.report.i18n import language


def _row(step, people, cost, incl, added=0, spares=0, met=True):
    return {"step": step, "people": people, "aps_added": added, "on_spares": spares, "cost": cost,
            "cost_incl_tax": incl, "requirements_met": met}


#: A hand-made path: +15 % costs nothing, +50 % puts 3 APs on the spares (with) or on new runs (without).
PATH = {
    "building": "Rule test office", "currency": "JPY", "decimals": 0,
    "start": {"aps": 2, "spares": 1, "people": 20.8},
    "paths": {"with_spares": [_row(0.15, 18, 0.0, 0.0), _row(0.5, 24, 200_000.0, 330_000.0, 3, 3)],
              "without_spares": [_row(0.15, 18, 0.0, 0.0), _row(0.5, 24, 500_000.0, 825_000.0, 3, 0, met=False)]},
    "totals_incl_tax": {"with_spares": 330_000.0, "without_spares": 825_000.0},
    "assumptions": ["step s: headcount × (1 + s)"],
}


def test_steps_take_the_basis_of_the_phased_table():
    incl = steps_from_path(PATH, incl_tax=True)
    excl = steps_from_path(PATH, incl_tax=False)
    assert [(s.cost, s.cost_without_spares) for s in incl] == [(0.0, 0.0), (330_000.0, 825_000.0)]
    assert [(s.cost, s.cost_without_spares) for s in excl] == [(0.0, 0.0), (200_000.0, 500_000.0)]
    assert incl[1].name == "headcount +50%" and incl[1].year == "at 24 people"
    assert incl[1].met and not incl[1].met_without_spares
    assert path_totals(PATH, incl_tax=True) == (330_000.0, 825_000.0)


def test_phased_table_sums_build_year_and_steps(tmp_path):
    from tests.report.test_budget import _result

    nb = _result()  # no estimate: excl. tax; build 1,000,000, minimal 880,000 (less 120,000 preparation)
    s = budget_section({"new-build": nb, "retrofit": nb}, growth_path=PATH, dpi=40)
    phased = s.tables[-1]
    assert [r[0] for r in phased.rows] == ["Build", "headcount +15%", "headcount +50%", "Total"]
    # 1,000,000 + 0 + 200,000 = 1,200,000; 880,000 + 0 + 500,000 = 1,380,000
    assert phased.rows[-1][2:] == ["JPY 1,200,000", "JPY 1,380,000"]
    assert phased.rows[2][3] == "JPY 500,000 †"  # the step without spares misses a requirement
    assert any(p.startswith("† ") for p in s.paragraphs)
    growth = s.subsections[0]
    assert growth.id == "growth" and growth.figures[0].png[:4] == b"\x89PNG"
    assert "the steps add JPY 200,000 in total; without them, JPY 500,000" in growth.paragraphs[0]


def test_real_path_steps_sum_to_the_path_total(tmp_path):
    """grow_path on the test office from its own plan: the phased table's steps are the path's
    steps (incl. tax, as the JP estimate), they sum to the path's total, and the table's total
    is the build year plus that sum."""
    needs("wifiplan.rf.maps")
    from wifiplan.check.context import load_context
    from wifiplan.report.budget import money
    from wifiplan.report.document import _costs
    from wifiplan.workflow.grow import existing_from_plan, grow_path

    ctx = load_context(write_project(tmp_path))
    path = grow_path(ctx.building, [0.3, 0.6], existing=existing_from_plan(ctx.plan, "office.plan.yaml"))
    check_path_start(path, building=ctx.building.name, aps=len(ctx.aps), spares=len(ctx.spares), currency="JPY")
    cost = _costs(ctx, ctx.cabling())
    nb = cost["new-build"]
    steps = steps_from_path(path, incl_tax=True)
    assert sum(s.cost for s in steps) == pytest.approx(path["totals_incl_tax"]["with_spares"], abs=0.5 * len(steps))
    assert sum(s.cost_without_spares for s in steps) == pytest.approx(path["totals_incl_tax"]["without_spares"],
                                                                      abs=0.5 * len(steps))
    rows = phases(nb, steps)
    assert rows[0][2] == nb.estimate.total_incl_tax
    s = budget_section(cost, growth_path=path, dpi=40)
    total = s.tables[-1].rows[-1]
    assert total[2] == money(nb.estimate.total_incl_tax + sum(st.cost for st in steps), nb)
    assert total[3] == money(rows[0][3] + sum(st.cost_without_spares for st in steps), nb)


def test_read_growth_json_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_growth_json(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="not a JSON expansion path"):
        read_growth_json(bad)
    half = dict(PATH, paths={"with_spares": [{"step": 0.1}], "without_spares": []})
    bad.write_text(json.dumps(half))
    with pytest.raises(InputError, match=r"paths\.with_spares\[0\]\.people: missing"):
        read_growth_json(bad)
    bad.write_text(json.dumps(PATH))
    assert read_growth_json(bad) == PATH


@pytest.mark.parametrize(("kw", "msg"), [
    ({"building": "Other"}, "building: is 'Rule test office'"),
    ({"aps": 3}, "start: 2 access points and 1 spare positions, the plan has 3 and 1"),
    ({"currency": "USD"}, "currency: JPY"),
])
def test_path_must_start_from_the_plan(kw, msg):
    args = {"building": "Rule test office", "aps": 2, "spares": 1, "currency": "JPY", **kw}
    with pytest.raises(InputError, match="wifiplan grow BUILDING --existing PLAN") as err:
        check_path_start(PATH, **args)
    assert msg in str(err.value)


def test_chart_in_japanese_is_deterministic():
    steps = steps_from_path(PATH, incl_tax=True)
    with language("ja"):
        a = growth_chart(steps, build_prepared=1_000_000.0, build_minimal=880_000.0, people_start=20.8,
                         currency="円", incl_tax=True, dpi=40)
        b = growth_chart(steps, build_prepared=1_000_000.0, build_minimal=880_000.0, people_start=20.8,
                         currency="円", incl_tax=True, dpi=40)
    assert a[:8] == b"\x89PNG\r\n\x1a\n" and a == b


def test_summary_states_the_saving_over_the_path(tmp_path):
    needs("wifiplan.rf.maps")
    from wifiplan.check.context import load_context
    from wifiplan.report.budget import money
    from wifiplan.report.document import _costs, build_report

    ctx = load_context(write_project(tmp_path))
    doc = build_report(ctx, plan_label="p", heatmaps=False, lang="en", growth_path=PATH)
    nb = _costs(ctx, ctx.cabling())["new-build"]
    build = nb.estimate.total_incl_tax
    minimal = build - nb.comparison.prepare_now_now_incl_tax
    prep, mini = build + 330_000.0, minimal + 825_000.0  # build year + Σ steps of the hand path
    summary = next(s for s in doc.sections if s.id == "summary")
    text = next(p for p in summary.paragraphs if p.startswith("Through the growth steps"))
    assert "to headcount +50% (24 people)" in text
    assert f"costs {money(prep, nb)} in total" in text and f"costs {money(mini, nb)}:" in text
    assert dict(summary.facts)["Saving by preparing now, over the growth steps"] == money(mini - prep, nb)
    # +15 % adds nothing; +50 % adds 3 APs, all on spare positions (the hand path's rows)
    assert ("The expansion path adds the first access points at headcount +50% (24 people): 3, 3 of them on the "
            "spare positions.") in summary.paragraphs
    phased = next(s for s in doc.sections if s.id == "budget").tables[1]
    assert phased.rows[-1][2:] == [money(prep, nb), money(mini, nb)]
