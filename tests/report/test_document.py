"""The report's capacity figures are the ones ``check`` judges (every band, clients in contention)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from tests.check.helpers import GOOD_APS, ONE_FLOOR, needs, write_project
from wifiplan.check.context import CheckOptions, load_context
from wifiplan.check.rules import default_registry
from wifiplan.check.runner import check_context
from wifiplan.report.document import build_report, busiest_radio, capacity_evaluations

#: Two dual-band (5 + 6 GHz) APs; half the laptops have no 6 GHz radio, so the devices split
#: over the two bands. The old report read the design band (5 GHz) as if every device were
#: on it: 42.4 % on the busiest AP, where check judges about half of that on each band.
APS = copy.deepcopy(GOOD_APS)
APS[0]["radios"]["6"] = {"channel": 5, "width_mhz": 20, "tx_power_dbm": 14}
APS[1]["radios"]["6"] = {"channel": 21, "width_mhz": 20, "tx_power_dbm": 14}
MIXED = ONE_FLOOR.replace("client: laptop}", "client: laptop, client_mix: {laptop: 0.5, laptop-wifi6: 0.5}}")


def _ctx(tmp_path, cap: float):
    needs("wifiplan.capacity.bands")
    building = MIXED.replace("  band: 5\n", f"  band: 5\n  max_utilization: {cap}\n")
    return load_context(write_project(tmp_path, building=building, aps=APS, settings={"model": "multiwall-office"}))


def _cp01_values(ctx) -> list[float]:
    findings, _ran, _skipped = check_context(ctx, CheckOptions(), default_registry())
    return [f.value for f in findings if f.id == "CP01"]


def test_busiest_radio_is_what_check_judges(tmp_path):
    ctx = _ctx(tmp_path, 0.15)
    assert ctx.new_capacity
    ap, band, util = busiest_radio(capacity_evaluations(ctx))
    cp01 = _cp01_values(ctx)
    assert cp01, "the cap of 15 % is meant to fail CP01"
    assert util == pytest.approx(max(cp01), abs=5e-5)  # findings keep 4 decimals
    # the single-band figure the old report showed is not check's figure (the defect)
    legacy = float(np.nanmax(ctx.capacity().utilization))
    assert legacy > util * 1.5


def test_summary_never_says_over_the_cap_when_check_passes(tmp_path):
    needs("wifiplan.report.heatmap")
    ctx = _ctx(tmp_path, 0.3)
    assert _cp01_values(ctx) == []  # check passes at a 30 % cap
    _ap, _band, util = busiest_radio(capacity_evaluations(ctx))
    assert util <= 0.3
    doc = build_report(ctx, plan_label="p", heatmaps=False, lang="en")
    summary = next(s for s in doc.sections if s.id == "summary")
    text = " ".join(summary.paragraphs)
    assert f"uses {util:.1%} of its airtime (limit 30%)" in text
    legacy = float(np.nanmax(ctx.capacity().utilization))
    assert f"{legacy:.1%}" not in text
    facts = dict(summary.facts)
    assert facts["Busiest radio at the growth scenario (as check evaluates it)"].endswith(f"{util:.1%} (limit 30%)")
    # the per-floor table and the per-AP table show the same maximum
    per_floor = next(s for s in doc.sections if s.id == "requirements").tables[0]
    assert per_floor.rows[0][6] == f"{100 * util:.1f} %"
    per_ap = next(s for s in doc.sections if s.id == "capacity").tables[1]
    assert per_ap.headers[2:6] == ["6 GHz: active clients", "6 GHz: utilisation", "5 GHz: active clients",
                                   "5 GHz: utilisation"]
    assert [r[0] for r in per_ap.rows] == ["AP1", "AP2"]  # one row per AP, every band beside
    assert max(float(r[k].rstrip(" %")) for r in per_ap.rows for k in (3, 5)) == pytest.approx(100 * util, abs=0.05)


def test_busiest_radio_without_radios():
    assert busiest_radio([]) is None


@pytest.mark.parametrize(("extra", "want"), [
    ("", None),
    ("  spare_growth: 0.5\n", "spare positions 20% of the access points, at least one for every cell split predicted "
                              "at 50% headcount growth"),
])
def test_requirements_say_how_the_spares_are_counted(tmp_path, extra, want):
    needs("wifiplan.report.heatmap")
    building = ONE_FLOOR.replace("  band: 5\n", "  band: 5\n" + extra)
    ctx = load_context(write_project(tmp_path, building=building, aps=GOOD_APS))
    doc = build_report(ctx, plan_label="p", heatmaps=False, lang="en")
    text = " ".join(str(v) for s in doc.sections if s.id == "requirements" for _k, v in s.facts)
    assert "spare positions 20% of the access points" in text
    assert ("predicted at" in text) is (want is not None)
    if want:
        assert want in text
