"""`wifiplan cost`: BOM totals recomputed from CSV, JSON, table with both scenarios, errors."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cabling.fixtures import corridor, tower, tower_plan, write_yaml
from tests.cli.helpers import cli



def project(tmp_path: Path, bdata=None, pdata=None) -> Path:
    write_yaml(tmp_path / "building.yaml", bdata or tower())
    return write_yaml(tmp_path / "plan.yaml", pdata or tower_plan("building.yaml"))


@pytest.mark.parametrize("scenario", ["new-build", "retrofit"])
def test_totals_recomputed_from_csv_equal_the_json_totals(tmp_path, capsys, scenario):
    plan = project(tmp_path)
    code, out_csv, err = cli(capsys, "cost", str(plan), "--scenario", scenario, "--format", "csv")
    assert code == 0, err
    code, out_json, err = cli(capsys, "cost", str(plan), "--scenario", scenario, "--format", "json")
    assert code == 0, err
    data = json.loads(out_json)
    rows = list(csv.DictReader(io.StringIO(out_csv)))
    assert rows and set(rows[0]) >= {"category", "item", "floor", "quantity", "unit", "unit_cost", "total", "source"}
    section = defaultdict(Decimal)
    by_cat, by_floor = defaultdict(Decimal), defaultdict(Decimal)
    for row in rows:
        total = Decimal(row["total"])
        # each line: quantity × unit cost, rounded to the yen
        assert total == (Decimal(row["quantity"]) * Decimal(row["unit_cost"])).quantize(Decimal(1)), row
        assert row["source"], row
        section[row["section"]] += total
        if row["section"] == "bom":
            by_cat[row["category"]] += total
            by_floor[row["floor"]] += total
    assert section["bom"] == Decimal(str(data["total"]))
    assert {k: Decimal(str(v)) for k, v in data["totals_by_category"].items()} == dict(by_cat)
    assert {k: Decimal(str(v)) for k, v in data["totals_by_floor"].items()} == dict(by_floor)
    cmp = data["comparison"]
    assert section["prepare-now"] == Decimal(str(cmp["prepare_now_total"]))
    assert section["retrofit-later"] == Decimal(str(cmp["retrofit_later_total"]))
    assert Decimal(str(cmp["saving"])) == section["retrofit-later"] - section["prepare-now"]
    assert data["cabling"]["outlets"] == 70


def test_retrofit_costs_more_and_table_prints_both_options_and_saving(tmp_path, capsys):
    plan = project(tmp_path)
    totals = {}
    for scenario in ("new-build", "retrofit"):
        code, out, err = cli(capsys, "cost", str(plan), "--scenario", scenario, "--format", "json")
        assert code == 0, err
        totals[scenario] = json.loads(out)["total"]
    assert totals["retrofit"] > totals["new-build"]
    code, out, err = cli(capsys, "cost", str(plan), "--scenario", "retrofit")
    assert code == 0, err
    # the default is a summary: no BOM lines, but categories, floors, the estimate and the comparison
    assert "Bill of materials" not in out and "Direct cost by category" in out and "Direct cost by floor" in out
    assert "共通仮設費" in out and "消費税" in out and "Total incl. tax" in out
    assert "(A) prepare now" in out and "(B) retrofit later" in out and "saving by preparing now" in out
    assert "later work priced as:" in out and "改修" in out
    assert "Assumptions:" in out and "¥" in out and "--detail" in out
    assert len(out.splitlines()) < 100


def test_detail_lists_every_line_with_its_whole_source(tmp_path, capsys):
    plan = project(tmp_path)
    code, out, err = cli(capsys, "cost", str(plan), "--scenario", "retrofit", "--detail")
    assert code == 0, err
    assert "Bill of materials" in out and "..." not in out
    flat = " ".join(" ".join(c for c in line.replace("│", " ").split()) for line in out.splitlines())
    # a long source survives, wrapped over several table lines, not cut
    assert "[S1801]" in out and "P × Kr" in flat
    assert "renovation labour 1.2" in out and "no separate occupied, congested or small-job factor" in out
    assert "(B) retrofit-later contract" in out


def test_sensitivity_table_and_json(tmp_path, capsys):
    plan = project(tmp_path)
    code, out, err = cli(capsys, "cost", str(plan), "--sensitivity")
    assert code == 0, err
    assert "Sensitivity" in out and "AP price" in out and "Labour day rate" in out and "Retrofit labour factor" in out
    code, out, err = cli(capsys, "cost", str(plan), "--sensitivity", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    rows = {r["parameter"]: r for r in data["sensitivity"]}
    assert set(rows) == {"ap_price", "labour_rate", "retrofit_factor", "ceiling_opening"}
    assert rows["ap_price"]["project_base"] == data["total_incl_tax"]
    for r in rows.values():
        assert r["project_low"] <= r["project_base"] <= r["project_high"]
    # a new build has no renovation labour: the retrofit factor moves only the later retrofit (B)
    rf = rows["retrofit_factor"]
    assert rf["project_low"] == rf["project_base"] == rf["project_high"] and rf["later_low"] < rf["later_high"]


@pytest.mark.parametrize("scenario", ["new-build", "retrofit"])
def test_estimate_rows_in_csv_match_the_json_totals(tmp_path, capsys, scenario):
    plan = project(tmp_path)
    _, out_csv, _ = cli(capsys, "cost", str(plan), "--scenario", scenario, "--format", "csv")
    _, out_json, _ = cli(capsys, "cost", str(plan), "--scenario", scenario, "--format", "json")
    data = json.loads(out_json)
    rows = [r for r in csv.DictReader(io.StringIO(out_csv)) if r["section"] == "estimate"]
    amount = {r["key"]: Decimal(r["total"]) for r in rows}
    assert amount["direct_cost"] == Decimal(str(data["total"]))
    assert amount["total_excl_tax"] == Decimal(str(data["total_excl_tax"]))
    assert amount["total_incl_tax"] == Decimal(str(data["total_incl_tax"]))
    common = amount["temporary_works"] + amount["site_management"] + amount["general_admin"]
    assert amount["total_excl_tax"] == amount["direct_cost"] + common + amount["contingency"]
    assert amount["total_incl_tax"] == amount["total_excl_tax"] + amount["consumption_tax"]


def test_plan_with_cabling_uses_its_lengths(tmp_path, capsys):
    pdata = {"format": 1, "building": "building.yaml", "aps": [{"name": "A", "floor": "1F", "at": [30, 14]}],
             "cabling": [{"from": "A", "to": "MDF", "length_m": 50.0, "drops": 2}]}
    plan = project(tmp_path, corridor(), pdata)
    code, out, err = cli(capsys, "cost", str(plan), "--format", "json")
    assert code == 0, err
    cable = next(l for l in json.loads(out)["lines"] if l["key"] == "cat6a_cable_m")
    assert cable["quantity"] == 100.0


def test_building_option_and_book_option(tmp_path, capsys):
    write_yaml(tmp_path / "other.yaml", tower())
    pdata = tower_plan("missing.yaml")
    plan = write_yaml(tmp_path / "plan.yaml", pdata)
    code, out, err = cli(capsys, "cost", str(plan), "--building", str(tmp_path / "other.yaml"), "--book", "us",
                         "--format", "json")
    assert code == 0, err
    assert json.loads(out)["currency"] == "USD"


def test_output_file_and_overwrite_refusal(tmp_path, capsys):
    plan = project(tmp_path)
    target = tmp_path / "bom.csv"
    code, _, err = cli(capsys, "cost", str(plan), "--format", "csv", "-o", str(target))
    assert code == 0, err
    assert target.read_text().startswith("section,")
    code, _, err = cli(capsys, "cost", str(plan), "--format", "csv", "-o", str(target))
    assert code == 2 and "--force" in err
    code, _, err = cli(capsys, "cost", str(plan), "--format", "csv", "-o", str(plan), "--force")
    assert code == 2 and "input" in err


def test_output_is_deterministic(tmp_path, capsys):
    plan = project(tmp_path)
    runs = [cli(capsys, "cost", str(plan), "--format", "csv")[1] for _ in range(2)]
    assert runs[0] == runs[1]


def test_unknown_cost_item_exits_2_with_did_you_mean(tmp_path, capsys):
    plan = project(tmp_path, tower(costs={"items": {"core_dril": 1}}))
    code, out, err = cli(capsys, "cost", str(plan))
    assert code == 2
    assert "core_dril" in err and "did you mean 'core_drill'" in err and "building.yaml" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("args", [["--scenario", "rebuild"], ["--format", "xml"]])
def test_bad_options_exit_2(tmp_path, capsys, args):
    plan = project(tmp_path)
    code, _, _ = cli(capsys, "cost", str(plan), *args)
    assert code == 2


def test_violations_are_warned_on_stderr(tmp_path, capsys):
    pdata = {"format": 1, "building": "building.yaml", "aps": [{"name": "far", "floor": "1F", "at": [140, 10]}]}
    plan = project(tmp_path, corridor(150.0), pdata)
    code, out, err = cli(capsys, "cost", str(plan), "--format", "json")
    assert code == 0
    assert "link_too_long" in err and "add a telecom room" in err
    json.loads(out)


def test_drops_option_changes_terminations(tmp_path, capsys):
    plan = project(tmp_path)
    terms = {}
    for drops in ("1", "2"):
        code, out, err = cli(capsys, "cost", str(plan), "--drops", drops, "--format", "json")
        assert code == 0, err
        terms[drops] = sum(l["quantity"] for l in json.loads(out)["lines"] if l["key"] == "drop_termination")
    assert terms == {"1": 70, "2": 140}


def test_sensitivity_with_csv_is_refused(tmp_path, capsys):
    plan = project(tmp_path)
    code, _, err = cli(capsys, "cost", str(plan), "--sensitivity", "--format", "csv")
    assert code == 2 and "--sensitivity" in err


def test_json_carries_the_book_with_full_sources_and_overrides(tmp_path, capsys):
    plan = project(tmp_path, tower(costs={"items": {"ap_hardware": 168000}}))
    code, out, err = cli(capsys, "cost", str(plan), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    day = data["book_items"]["labour_day"]
    assert day["value"] == 34300 and day["as_of"] == "2026-03" and "¥34,300" in day["source"]
    assert data["book_items"]["ap_hardware"]["overridden"] is True
    assert data["book_factors"]["consumption_tax"]["value"] == 0.1


def test_table_and_json_show_the_comparison_per_spare_and_item_by_item(tmp_path, capsys):
    plan = project(tmp_path)
    code, out, err = cli(capsys, "cost", str(plan))
    assert code == 0, err
    assert "per spare (10): (A)" in out and "per spare: saving (B − A)" in out
    assert "Items behind A and B" in out and "Cat 6A" in out
    code, out_json, err = cli(capsys, "cost", str(plan), "--format", "json")
    cmp = json.loads(out_json)["comparison"]
    # the tower's 10 spares: per spare = total / 10, to the yen
    assert cmp["per_spare"]["retrofit_later_total"] == pytest.approx(cmp["retrofit_later_total"] / 10, abs=0.5)
    items = {i["key"]: i for i in cmp["items"]}
    # the spare drops are bought now in A and later in B, at the same unit price
    assert items["cat6a_cable_m"]["prepare_now"] == items["cat6a_cable_m"]["retrofit_later"] > 0
    assert items["ceiling_opening"]["difference"] > 0  # B opens ceilings the new build never does
