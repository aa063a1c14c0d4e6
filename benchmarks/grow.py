"""Benchmark ``plan --existing``: a shipped building grown by headcount steps, with spares and without.

Prints, per step and start (the building's plan, and the same APs without spares): seconds,
APs kept, added (on spares, on new positions), existing APs re-tuned (radios changed, as
``diff`` counts them), the step's cost incl. tax and whether check's evaluation passes;
with ``--scratch`` also the AP count of the step's building planned from scratch. Run:

    python benchmarks/grow.py [--building city-hall] [--steps 0.3,0.5] [--seed N] [--scratch]

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
    ap.add_argument("--scratch", action="store_true", help="also plan each step's building from scratch (reference)")
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
            added = sc.on_spares + sc.new_positions
            share = f" ({sc.on_spares / added:.0%})" if added else ""
            print(f"+{step:.0%} {label:<15} {time.perf_counter() - t:6.1f} s  kept {sc.kept}  added {added}  "
                  f"on spares {sc.on_spares}{share}  new {sc.new_positions}  re-tuned {retuned}  "
                  f"step {sc.total_incl_tax:,.0f} {sc.currency}  met {res.requirements_met}")
        if args.scratch:  # the planner from scratch on the step's building: a reference for what is needed
            t = time.perf_counter()
            fresh = plan_building(grown_b, seed=args.seed, with_cost=False)
            print(f"+{step:.0%} from scratch     {time.perf_counter() - t:6.1f} s  {len(fresh.plan.aps)} APs  "
                  f"met {fresh.requirements_met}")


if __name__ == "__main__":
    main()
