"""Benchmark ``plan --existing``: the city hall grown by a headcount step, with spares and without.

Prints, per start (the building's plan, and the same APs without spares): seconds, APs kept,
added on spares, on new positions, the step's cost incl. tax and whether check's evaluation
passes. Run:

    python benchmarks/grow.py [--step 0.5] [--seed N]

Step s: every zone's headcount × (1 + s) with no growth allowance (the shipped city hall is
planned with growth 0.3, so steps up to 0.3 need no AP).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from wifiplan.design.grow import Existing
from wifiplan.io.load import load_building
from wifiplan.workflow.grow import existing_from_plan, plan_grown, scaled_building
from wifiplan.workflow.plan import plan_building

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--step", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    b = load_building(REPO / "floorplans" / "city-hall.yaml").model
    t = time.perf_counter()
    base = plan_building(b, seed=args.seed, with_cost=False)
    print(f"base plan: {len(base.plan.aps)} APs, {len(base.plan.spares)} spares, {time.perf_counter() - t:.1f} s")
    grown_b = scaled_building(b, args.step)
    start = existing_from_plan(base.plan, "base")
    bare = Existing(aps=list(base.plan.aps), spares=[], cabling=list(base.plan.cabling), source="base without spares")
    for label, ex in (("with spares", start), ("without spares", bare)):
        t = time.perf_counter()
        res = plan_grown(grown_b, ex, seed=args.seed)
        sc = res.cost
        print(f"{label:<15} {time.perf_counter() - t:6.1f} s  kept {sc.kept}  on spares {sc.on_spares}  "
              f"new {sc.new_positions}  step {sc.total_incl_tax:,.0f} {sc.currency}  met {res.requirements_met}")


if __name__ == "__main__":
    main()
