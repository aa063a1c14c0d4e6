"""Plan diffs: APs matched by name (added, removed, moved > 0.5 m, re-tuned), re-evaluated deltas."""

from __future__ import annotations

import copy
import json

import pytest

from tests.check.helpers import GOOD_APS, needs, write_project
from wifiplan.check import load_context
from wifiplan.errors import ConfigError
from wifiplan.report.diff import diff_plans, format_diff


@pytest.fixture
def pair(tmp_path):
    needs("wifiplan.rf.maps")
    old = write_project(tmp_path, name="old.plan.yaml")
    aps = copy.deepcopy(GOOD_APS)
    aps[0]["at"] = [8.3, 10.2]                      # 0.36 m: not a move
    aps[1]["at"] = [24.0, 10.0]                     # 2 m: moved
    aps[1]["radios"]["5"]["tx_power_dbm"] = 11      # re-tuned
    aps.append({"name": "AP3", "floor": "1F", "at": [25, 16], "radios": {"5": {"channel": 48, "width_mhz": 20}}})
    new = write_project(tmp_path, name="new.plan.yaml", aps=aps)
    return load_context(old), load_context(new)


def test_ap_changes(pair):
    d = diff_plans(*pair)
    assert [a["name"] for a in d["aps"]["added"]] == ["AP3"]
    assert d["aps"]["removed"] == []
    assert [(m["name"], m["distance_m"]) for m in d["aps"]["moved"]] == [("AP2", 2.0)]
    assert [(r["name"], list(r["changes"])) for r in d["aps"]["retuned"]] == [("AP2", ["5"])]
    assert (d["aps"]["count_old"], d["aps"]["count_new"]) == (2, 3)


def test_removed_ap_lowers_coverage(tmp_path):
    needs("wifiplan.rf.maps")
    old = load_context(write_project(tmp_path, name="old.plan.yaml"))
    new = load_context(write_project(tmp_path, name="new.plan.yaml", aps=GOOD_APS[:1]))
    d = diff_plans(old, new)
    assert [a["name"] for a in d["aps"]["removed"]] == ["AP2"]
    (floor,) = d["floors"]
    assert floor["floor"] == "1F" and (floor["aps_old"], floor["aps_new"]) == (2, 1)
    assert floor["rssi_delta"] < -0.3  # the east room (half the floor) loses coverage
    assert floor["rssi_delta"] == pytest.approx(floor["rssi_new"] - floor["rssi_old"])
    assert d["checks"]["old"]["error"] == 0 and "CV01" in d["checks"]["new"]["codes"]
    if d["cost"] is not None:
        assert d["cost"]["new_build_delta"] < 0  # one AP fewer


def test_formats(pair):
    d = diff_plans(*pair)
    assert json.loads(format_diff(d, "json"))["aps"]["moved"][0]["name"] == "AP2"
    md = format_diff(d, "markdown")
    assert md.startswith("### Wi-Fi plan diff") and "| added | AP3 | 1F |" in md and "| moved | AP2 |" in md
    text = format_diff(d, "text")
    assert "1 added" in text and "1 moved" in text and "re-tuned" in text
    with pytest.raises(ConfigError, match="markdown"):
        format_diff(d, "html")


def test_same_plan_has_no_changes(tmp_path):
    needs("wifiplan.rf.maps")
    ctx = load_context(write_project(tmp_path))
    d = diff_plans(ctx, load_context(tmp_path / "office.plan.yaml"))
    assert not any(d["aps"][k] for k in ("added", "removed", "moved", "retuned"))
    assert d["floors"][0]["rssi_delta"] == 0


def test_renamed_aps_at_the_same_mount_points_are_kept(tmp_path):
    """A re-plan that renumbers APs in place is not a move: matched by position first."""
    needs("wifiplan.rf.maps")
    old = load_context(write_project(tmp_path, name="old.plan.yaml"))
    aps = copy.deepcopy(GOOD_APS)
    aps[0]["name"], aps[1]["name"] = aps[1]["name"], aps[0]["name"]  # names swapped, positions kept
    aps[0]["at"] = [aps[0]["at"][0] + 0.3, aps[0]["at"][1]]           # within the 0.5 m tolerance
    new = load_context(write_project(tmp_path, name="new.plan.yaml", aps=aps))
    d = diff_plans(old, new)
    assert d["aps"]["moved"] == [] and d["aps"]["added"] == [] and d["aps"]["removed"] == []
    assert sorted(d["aps"]["kept"]) == sorted(a["name"] for a in GOOD_APS)
    assert {(r["old"], r["new"]) for r in d["aps"]["renamed"]} == {(GOOD_APS[0]["name"], GOOD_APS[1]["name"]),
                                                                    (GOOD_APS[1]["name"], GOOD_APS[0]["name"])}
    md = format_diff(d, "markdown")
    assert "| renamed |" in md and "0 moved" in md


def test_markdown_leads_with_counts_and_cost(pair):
    d = diff_plans(*pair)
    lines = format_diff(d, "markdown").splitlines()
    assert lines[2].startswith("**2 → 3 APs**: 1 added, 0 removed, 1 moved, 1 re-tuned, 1 kept")
    if d["cost"] is not None:  # cost stage present: the cost delta comes right after the counts
        assert lines[4].startswith("**Cost**: new build +") and "retrofit +" in lines[4]


def test_match_prefers_the_nearest_pairing():
    from types import SimpleNamespace as AP

    from wifiplan.report.diff import match_aps

    old = [AP(name="A", floor="1F", at=[0.0, 0.0]), AP(name="B", floor="1F", at=[0.6, 0.0]),
           AP(name="C", floor="2F", at=[0.0, 0.0])]
    # greedy by old order would give A→N1 (0.45 m) and leave B unmatched; the optimum pairs both
    new = [AP(name="N1", floor="1F", at=[0.45, 0.0]), AP(name="N2", floor="1F", at=[-0.1, 0.0]),
           AP(name="C", floor="1F", at=[5.0, 0.0])]
    got = {(o.name, n.name, how) for o, n, how in match_aps(old, new, tolerance_m=0.5)}
    assert got == {("A", "N2", "position"), ("B", "N1", "position"), ("C", "C", "name")}
    assert match_aps(old, new, tolerance_m=0.05) == [(old[2], new[2], "name")]
