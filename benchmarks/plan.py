"""Benchmark ``wifiplan plan``: the shipped city hall and a synthetic 20-storey tower.

Prints, per building: floors, area, wall and CPU seconds (``os.times()``), peak memory of the
process so far (MB), APs, spares, lower bound, ratio, worst coverage, worst utilisation and
whether every requirement is met. Run:

    python benchmarks/plan.py [--only city-hall|tower] [--seed N]

Target: the city hall in under 15 s on a 2-core machine (issue 16). ``benchmarks/scale.py``
runs the whole scaling table (malls, towers of 5–40 floors, whole ÷ floors alone).

Issue 16, part 2 (channel search, lower-power retries, exact-check rounds, prune trials),
CPU seconds on the shared 2-core machine (load 5–9), before → after; the plans of the small
office, old office tower, city hall and tower-5 (seed 0) are byte-identical before and after:

- tower-40, ``prune_with_power`` (2 calls): 23.9 → 9.4 s; whole plan 80 → 65 s.
- ``site1``'s first two floors: the exact check's channel searches (12 calls, 100 kicks) 23.4 →
  9.2 s with the same colours; 4 split rounds instead of 12 (34 APs fewer to prune); one
  lower-power retry instead of two (the −12 dB placement, 7.7 of 35 s, is not made).
- ``site1`` whole (5 floors; the 2.4 GHz thinning stubbed out to isolate these parts): CPU to
  the end of the layout 737 → 613 s; exact check 98 → 17 s. Whole plan after: 924 CPU s,
  2,090 s wall (load 3–10), peak 4,955 MB, 1,267 APs, not met. Still the largest here: the
  channel polish's every-band evaluations (3 calls, 235 s), the prune (2 calls, 135 s, mostly
  the merge trials), the placement at lower power (113 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from wifiplan.io.load import load_building
from wifiplan.model.building import Building
from wifiplan.workflow.plan import plan_building

REPO = Path(__file__).resolve().parents[1]


def tower(floors: int = 20) -> Building:
    """A synthetic office tower: 50 x 40 m floors (2,000 m²), a concrete core, offices around it."""
    core = [[20, 15], [30, 15], [30, 25], [20, 25]]
    out = []
    for i in range(floors):
        name = f"{i + 1}F"
        walls = [
            {"material": "concrete", "path": [[0, 0], [50, 0], [50, 40], [0, 40], [0, 0]]},
            {"material": "concrete", "path": [*core, core[0]]},
        ]
        for x in (10, 40):                                   # office partitions
            walls.append({"material": "drywall", "path": [[x, 0], [x, 12]]})
            walls.append({"material": "drywall", "path": [[x, 28], [x, 40]]})
        walls.append({"material": "glass", "path": [[0, 12], [18, 12]]})
        walls.append({"material": "glass", "path": [[32, 28], [50, 28]]})
        zones = [
            {"name": f"South {name}", "use": "office", "headcount": 60, "polygon": [[0, 0], [50, 0], [50, 12], [0, 12]]},
            {"name": f"North {name}", "use": "office-web-meetings", "headcount": 55,
             "polygon": [[0, 28], [50, 28], [50, 40], [0, 40]]},
            {"name": f"West {name}", "use": "meeting-room", "headcount": 24, "polygon": [[0, 12], [20, 12], [20, 28], [0, 28]]},
            {"name": f"East {name}", "use": "circulation", "headcount": 8, "polygon": [[30, 12], [50, 12], [50, 28], [30, 28]]},
        ]
        out.append({
            "name": name, "elevation_m": 3.8 * i, "height_m": 3.8, "ap_height_m": 2.8,
            "outline": [[0, 0], [50, 0], [50, 40], [0, 40]], "walls": walls, "zones": zones,
            "exclude": [core],
            "telecom_rooms": [{"name": f"TR-{name}", "kind": "mdf" if i == 0 else "idf", "at": [19, 20]}],
            "risers": [{"name": "R1", "at": [19, 21]}],
            "pathways": [{"kind": "tray", "path": [[2, 14], [48, 14]]}, {"kind": "tray", "path": [[2, 26], [48, 26]]},
                         {"kind": "tray", "path": [[19, 14], [19, 26]]}],
        })
    return Building.model_validate({"name": f"Synthetic tower ({floors} storeys)", "country": "JP", "floors": out})


def _cpu_s() -> float:
    t = os.times()
    return t.user + t.system


def run(name: str, building: Building, seed: int) -> dict:
    t0, c0 = time.perf_counter(), _cpu_s()
    result = plan_building(building, seed=seed)
    seconds, cpu = time.perf_counter() - t0, _cpu_s() - c0
    s = result.plan.summary
    area = sum(f.get("people", 0) for f in s["floors"])
    return {
        "building": name, "floors": len(building.floors), "seconds": round(seconds, 1), "cpu_s": round(cpu, 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "aps": s["aps"],
        "spares": s["spares"], "bound": s["lower_bound"]["aps"], "ratio": s["lower_bound"]["ratio"],
        "coverage_min_pct": min(f["coverage_pct"] for f in s["floors"]),
        "worst_util": s["worst_utilization"], "width": s["width_mhz"], "tx_dbm": s["tx_power_dbm"],
        "met": s["requirements_met"], "people": round(area),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=["city-hall", "tower"])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rows = []
    if args.only in (None, "city-hall"):
        rows.append(run("city-hall", load_building(REPO / "floorplans" / "city-hall.yaml").model, args.seed))
    if args.only in (None, "tower"):
        rows.append(run("tower-20", tower(20), args.seed))
    keys = list(rows[0])
    print("  ".join(f"{k:>16}" if i == 0 else f"{k:>9}" for i, k in enumerate(keys)))
    for r in rows:
        print("  ".join(f"{str(r[k]):>16}" if i == 0 else f"{str(r[k]):>9}" for i, k in enumerate(keys)))


if __name__ == "__main__":
    main()
