"""PL00 plan.valid: plan APs and spares against the building (PL03–PL07)."""

from __future__ import annotations

import copy

import pytest

from tests.check.helpers import GOOD_APS, codes_at, run, write_project


def test_good_plan_passes(tmp_path):
    report = run(write_project(tmp_path), "PL00")
    assert report.findings == []


@pytest.mark.parametrize(
    ("change", "code", "floor"),
    [
        ({"floor": "3F"}, "PL04", None),
        ({"at": [45, 5]}, "PL05", "1F"),
        ({"idf": "IDF9"}, "PL06", "1F"),
        ({"height_m": 5.0}, "PL07", "1F"),
        ({"name": "AP1"}, "PL03", "1F"),
    ],
)
def test_bad_ap_is_located_on_its_line(tmp_path, change, code, floor):
    aps = copy.deepcopy(GOOD_APS)
    aps[1].update(change)
    report = run(write_project(tmp_path, aps=aps), "PL00")
    assert codes_at(report, code) == [(code, 5, floor)]


def test_illegal_channel_is_left_to_ch01(tmp_path):
    aps = copy.deepcopy(GOOD_APS)
    aps[1]["radios"]["5"]["channel"] = 34
    report = run(write_project(tmp_path, aps=aps), "PL00")
    assert report.findings == []
