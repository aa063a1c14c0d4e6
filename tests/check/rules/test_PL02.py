"""PL02 plan.stale: building_sha256 differs from the building file (warning)."""

from __future__ import annotations

import hashlib

from tests.check.helpers import ONE_FLOOR, codes_at, run, write_project


def test_matching_hash_passes(tmp_path):
    sha = hashlib.sha256(ONE_FLOOR.encode()).hexdigest()
    report = run(write_project(tmp_path, building_sha256=sha), "PL02")
    assert report.findings == []


def test_no_hash_passes(tmp_path):
    assert run(write_project(tmp_path), "PL02").findings == []


def test_changed_building_warns_at_the_hash_line(tmp_path):
    report = run(write_project(tmp_path, building_sha256="0" * 64), "PL02")
    assert codes_at(report, "PL02") == [("PL02", 3, None)]
    f = report.findings[0]
    assert f.severity == "warning" and f.location.path == "building_sha256"
    assert report.exit_code() == 0
    assert report.model_copy(update={"fail_on": "warning"}).exit_code() == 1
