"""CH02 channels.dfs: no DFS channel when requirements.avoid_dfs is set."""

from __future__ import annotations

import copy

from tests.check.helpers import GOOD_APS, ONE_FLOOR, codes_at, edit_building, run, write_project

AVOID = edit_building(ONE_FLOOR, "  band: 5\n", "  band: 5\n  avoid_dfs: true\n")


def _aps(channel: int, width: int = 20):
    aps = copy.deepcopy(GOOD_APS)
    aps[0]["radios"]["5"].update(channel=channel, width_mhz=width)
    return aps


def test_dfs_channel_fails_when_avoided(tmp_path):
    report = run(write_project(tmp_path, building=AVOID, aps=_aps(52)), "CH02")
    assert codes_at(report, "CH02") == [("CH02", 4, "1F")]  # AP1 is on line 4
    f = report.findings[0]
    assert "W53" in f.message and "36" in f.hint


def test_bonded_channel_spanning_dfs_fails(tmp_path):
    report = run(write_project(tmp_path, building=AVOID, aps=_aps(58, 80)), "CH02")
    assert codes_at(report, "CH02") == [("CH02", 4, "1F")]


def test_non_dfs_channel_passes(tmp_path):
    report = run(write_project(tmp_path, building=AVOID, aps=_aps(36)), "CH02")
    assert codes_at(report, "CH02") == []


def test_dfs_allowed_without_avoid_dfs(tmp_path):
    report = run(write_project(tmp_path, aps=_aps(52)), "CH02")
    assert codes_at(report, "CH02") == []
