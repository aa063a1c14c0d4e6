"""Benchmark: route N random APs (+20 % spares) on a shipped floor plan and price both scenarios.

Usage: python benchmarks/cabling.py [floorplans/city-hall.yaml] [N]
Prints timings and figures; asserts nothing about wall-clock time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import shapely

from wifiplan.cabling import route_plan
from wifiplan.cost import estimate_costs
from wifiplan.io.load import load_building
from wifiplan.model.geometry import coverage_area
from wifiplan.model.plan import AccessPoint, Plan, Spare


def _points(b, n: int, rng: np.random.Generator):
    out = []
    while len(out) < n:
        f = b.floors[int(rng.integers(len(b.floors)))]
        area = coverage_area(f)
        x0, y0, x1, y1 = area.bounds
        x, y = float(rng.uniform(x0, x1)), float(rng.uniform(y0, y1))
        if area.contains(shapely.Point(x, y)):
            out.append((f.name, round(x, 2), round(y, 2)))
    return out


def main(argv: list[str]) -> None:
    path = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "floorplans" / "city-hall.yaml"
    n = int(argv[1]) if len(argv) > 1 else 200
    b = load_building(path).model
    rng = np.random.default_rng(0)
    pts = _points(b, n + n // 5, rng)
    aps = [AccessPoint(name=f"AP{i:04d}", floor=f, at=[x, y]) for i, (f, x, y) in enumerate(pts[:n])]
    sps = [Spare(name=f"SP{i:04d}", floor=f, at=[x, y]) for i, (f, x, y) in enumerate(pts[n:])]
    t0 = time.perf_counter()
    cab = route_plan(b, aps, sps)
    t1 = time.perf_counter()
    plan = Plan(aps=aps, spares=sps)
    new = estimate_costs(b, plan, cab, scenario="new-build")
    old = estimate_costs(b, plan, cab, scenario="retrofit")
    t2 = time.perf_counter()
    print(f"{path.name}: {len(aps)} APs + {len(sps)} spares on {len(b.floors)} floors")
    print(f"  route_plan      {t1 - t0:6.2f} s   runs {len(cab.runs)}, segments {len(cab.segments)}, "
          f"violations {len(cab.violations)}, longest {max(r.length_m for r in cab.runs):.1f} m")
    print(f"  estimate_costs  {t2 - t1:6.2f} s   (two scenarios with comparison)")
    print(f"  new build {new.total:,.0f} {new.currency}; retrofit {old.total:,.0f}; "
          f"prepare now {new.comparison.prepare_now_total:,.0f} vs retrofit later "
          f"{new.comparison.retrofit_later_total:,.0f} (saving {new.comparison.saving:,.0f})")


if __name__ == "__main__":
    main(sys.argv[1:])
