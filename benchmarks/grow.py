"""Benchmark ``plan --existing``: a shipped building grown by headcount steps, with spares and without.

Prints, per step and start (the building's plan, and the same APs without spares): seconds,
APs kept, added on spares, on new positions, existing APs re-tuned (radios changed, as
``diff`` counts them), the step's cost incl. tax and whether check's evaluation passes. Run:

    python benchmarks/grow.py [--building city-hall] [--steps 0.3,0.5] [--seed N]

Step s: every zone's headcount × (1 + s) with no growth allowance, each planned on the
building's own plan (the shipped city hall is planned with growth 0.3, so steps up to 0.3
need no AP).
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
    ap.add_argument("--building", default="city-hall", help="a file name in floorplans/, without .yaml")
    ap.add_argument("--steps", default="0.5")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    b = load_building(REPO / "floorplans" / f"{args.building}.yaml").model
    t = time.perf_counter()
    base = plan_building(b, seed=args.seed, with_cost=False)
    print(f"base plan: {len(base.plan.aps)} APs, {len(base.plan.spares)} spares, {time.perf_counter() - t:.1f} s")
    start = existing_from_plan(base.plan, "base")
    spares = {s.name for s in base.plan.spares}
    bare = Existing(aps=list(base.plan.aps), spares=[], cabling=[r for r in base.plan.cabling if r.from_ not in spares],
                    source="base without spares")
    radios = {a.name: a.radios for a in base.plan.aps}
    for step in (float(s) for s in args.steps.split(",")):
        grown_b = scaled_building(b, step)
        for label, ex in (("with spares", start), ("without spares", bare)):
            t = time.perf_counter()
            res = plan_grown(grown_b, ex, seed=args.seed)
            sc = res.cost
            retuned = sum(1 for a in res.plan.aps if a.name in radios and a.radios != radios[a.name])
            print(f"+{step:.0%} {label:<15} {time.perf_counter() - t:6.1f} s  kept {sc.kept}  on spares {sc.on_spares}  "
                  f"new {sc.new_positions}  re-tuned {retuned}  step {sc.total_incl_tax:,.0f} {sc.currency}  "
                  f"met {res.requirements_met}")


if __name__ == "__main__":
    main()
