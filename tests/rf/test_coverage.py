"""Coverage shares per floor against the building's requirements."""

from __future__ import annotations

import numpy as np

from tests.rf.helpers import ap, building, settings
from wifiplan.rf.coverage import coverage_summary, requirement_shares
from wifiplan.rf.maps import coverage_maps


def test_shares_match_the_maps():
    b = building([{"walls": [{"material": "concrete", "path": [[10, 0], [10, 10]]}]},
                  {"name": "2F", "elevation_m": 4.0}],
                 requirements={"band": "5", "min_rssi_dbm": -60, "secondary_rssi_dbm": -80, "coverage_target": 0.9})
    aps = [ap("A", [4, 5], tx=10.0)]
    s = settings(grid_m=1.0)
    summary = coverage_summary(b, s, aps)
    assert [f.floor for f in summary] == ["1F", "2F"]
    first = summary[0]
    m = coverage_maps(b, s, aps, "1F", "5")
    rssi = {r.name: r for r in first.requirements}
    assert set(rssi) == {"rssi", "snr", "secondary"}
    assert rssi["rssi"].share == np.count_nonzero(m.best_rssi_dbm >= -60) / m.grid.n
    assert 0 < rssi["rssi"].share < 1 and not rssi["rssi"].passed and not first.passed
    assert rssi["secondary"].share == 0.0  # one AP: no second signal anywhere
    assert first.area_m2 == 200.0 and first.n_points == 200  # 20 × 10 m floor, one point per 1 m cell
    assert rssi["rssi"].target == 0.9 and rssi["secondary"].target == b.requirements.secondary_target


def test_full_coverage_passes_and_secondary_is_optional():
    b = building([{}])
    m = coverage_maps(b, settings(grid_m=2.0), [ap("A", [10, 5], tx=20.0)], "1F", "5")
    shares = requirement_shares(b, m)
    assert [r.name for r in shares] == ["rssi", "snr"]
    assert all(r.share == 1.0 and r.passed for r in shares)
