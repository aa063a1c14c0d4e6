"""PL10 plan.spares: ceil(spare_positions × APs) spares, and one on every floor with APs."""

from __future__ import annotations

import copy

from tests.check.helpers import GOOD_APS, codes_at, run, write_project


def _aps(n: int):
    aps = []
    for i in range(n):
        ap = copy.deepcopy(GOOD_APS[i % 2])
        ap["name"] = f"AP{i + 1}"
        ap["at"] = [3 + 2.5 * i, 5 + (i % 2) * 10]
        aps.append(ap)
    return aps


def test_one_spare_for_two_aps_passes(tmp_path):
    assert run(write_project(tmp_path), "PL10").findings == []


def test_too_few_spares_for_ten_aps(tmp_path):
    report = run(write_project(tmp_path, aps=_aps(10)), "PL10")
    found = codes_at(report, "PL10")
    assert len(found) == 1
    f = report.findings[0]
    assert (f.value, f.limit) == (1, 2) and "2 needed" in f.message
    assert f.location.line == 14  # the `spares:` key line (3 + 10 APs + 1)


def test_floor_without_spare(tmp_path):
    report = run(write_project(tmp_path, spares=[]), "PL10")
    # both the count (0 < 1, at the `spares:` key on line 6) and the floor rule (AP1, line 4) fire
    assert sorted(codes_at(report, "PL10"), key=str) == [("PL10", 4, "1F"), ("PL10", 6, None)]
