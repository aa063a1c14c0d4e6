"""Report table sections: channel plan (DFS, legality), capacity per zone, APs and spares."""

from __future__ import annotations

import copy

from tests.check.helpers import GOOD_APS, needs, write_project
from wifiplan.check import load_context
from wifiplan.report.document import capacity_evaluations
from wifiplan.report.tables import ap_section, capacity_section, channel_section


def test_channel_plan_marks_dfs_and_illegal(tmp_path):
    aps = copy.deepcopy(GOOD_APS)
    aps[0]["radios"]["5"]["channel"] = 52
    aps[1]["radios"]["5"]["channel"] = 34
    ctx = load_context(write_project(tmp_path, aps=aps))
    (table,) = channel_section(ctx).tables
    rows = {r[1]: r for r in table.rows}
    assert rows["52"][3] == "W53" and rows["52"][4] == "yes" and rows["52"][-1] == "AP1"
    assert rows["34"][3] == "not legal"


def test_ap_and_spare_tables(tmp_path):
    ctx = load_context(write_project(tmp_path))
    sec = ap_section(ctx, None)
    assert [r[0] for r in sec.tables[0].rows] == ["AP1", "AP2"]
    assert sec.tables[0].rows[0][2] == "8.0, 10.0" and sec.tables[0].rows[0][3] == "2.7"
    assert [r[0] for r in sec.tables[1].rows] == ["SP1"]


def test_capacity_per_zone_with_growth(tmp_path):
    needs("wifiplan.capacity.evaluate")
    ctx = load_context(write_project(tmp_path))
    sec = capacity_section(ctx, capacity_evaluations(ctx))
    zones = sec.tables[0]
    west = next(r for r in zones.rows if r[1] == "West")
    # 8 people, +30 % growth → 10.4; 2 devices × 0.65 active → 13.5 devices
    assert west[3] == "8" and west[4] == "10" and west[5] == "14"
    per_ap = sec.tables[1]
    assert [r[0] for r in per_ap.rows] == ["AP1", "AP2"] and all(r[-1] == "ok" for r in per_ap.rows)


def test_cost_sources_list_every_priced_item_with_a_shipped_source(tmp_path):
    """Every unit price and rate the budget uses is listed once, estimates first, and every
    [Sxx] it cites is an entry of docs/sources.md (which ships)."""
    import re
    from pathlib import Path

    from wifiplan.report.document import _costs
    from wifiplan.report.tables import cost_sources_table

    needs("wifiplan.rf.maps")
    ctx = load_context(write_project(tmp_path))
    cost = _costs(ctx, ctx.cabling())
    table = cost_sources_table(cost)
    items = {ln.item for res in cost.values() for ln in list(res.lines) + list(res.comparison.lines if res.comparison else [])}
    assert items <= {r[0] for r in table.rows}
    assert any(r[0].startswith("Consumption tax") and r[2] == "10.00" for r in table.rows)
    flags = [r[3].startswith("estimate: ") for r in table.rows]
    assert flags == sorted(flags, reverse=True)  # estimates first
    shipped = set(re.findall(r"^\| (S\d+) \|", (Path(__file__).parents[2] / "docs" / "sources.md").read_text(
        encoding="utf-8"), flags=re.M))
    cited = {i for r in table.rows for i in re.findall(r"\[(S\d+)\]", r[3])}
    assert cited and cited <= shipped
