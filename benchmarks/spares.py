"""Benchmark where the spares are: a shipped building's plan, grown by headcount steps, per floor.

Prints, per step: per floor the splits the planner's prediction finds up to the step's
headcount, the spares placed, how many the step used, the new positions it added, and each new position's distance to the nearest spare the step left unused; then each
unused spare with its distance to the nearest added AP (wrong floor: none added there; near
miss: within ``SPARE_SNAP_M``; wrong cell: farther) and its ``reason``. Run:

    python benchmarks/spares.py [--building city-hall] [--steps 0.3,0.5] [--share 0.2] [--spare-growth 0.5] [--seed N]

Step s: every zone's headcount × (1 + s) with no growth allowance, planned with
``plan --existing`` on the building's own plan (``--share`` and ``--spare-growth`` override
``requirements.spare_positions`` and ``requirements.spare_growth``). Takes minutes (a × 1.5
step of the city hall: 1–5 min on 2 shared cores); not a test.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from wifiplan.design import planner
from wifiplan.design.grow import SPARE_SNAP_M
from wifiplan.design.spares import MAX_SPARE_SHARE, predicted_splits, probes_up_to
from wifiplan.io.load import load_building
from wifiplan.workflow.grow import existing_from_plan, plan_grown, scaled_building
from wifiplan.workflow.plan import plan_building

REPO = Path(__file__).resolve().parents[1]


def _dist(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def report_step(base_plan, grown_plan, predicted: dict[str, int] | None = None) -> list[str]:
    """Lines of the per-floor table of one step (``grown_plan`` made with ``--existing base_plan``);
    ``predicted``: the splits predicted up to the step's headcount, per floor name."""
    predicted = predicted or {}
    left = {s.name for s in grown_plan.spares}
    unused = [s for s in base_plan.spares if s.name in left]
    added = [a for a in grown_plan.aps if a.origin in ("spare", "new")]
    floors = [f for f in dict.fromkeys([s.floor for s in base_plan.spares] + [a.floor for a in added]
                                       + list(predicted))]
    lines = [f"{'floor':<6} {'predicted':>9} {'spares':>6} {'used':>5} {'new':>4}  "
             "new position → nearest unused spare (m)"]
    tot = [0, 0, 0, 0]
    for fl in floors:
        placed = sum(s.floor == fl for s in base_plan.spares)
        used = sum(a.floor == fl and a.origin == "spare" for a in added)
        new = [a for a in added if a.floor == fl and a.origin == "new"]
        free = [s for s in unused if s.floor == fl]
        dists = [min((_dist(a.at, s.at) for s in free), default=math.inf) for a in new]
        tot = [tot[0] + placed, tot[1] + used, tot[2] + len(new), tot[3] + predicted.get(fl, 0)]
        lines.append(f"{fl:<6} {predicted.get(fl, 0):>9} {placed:>6} {used:>5} {len(new):>4}  "
                     + (", ".join("none" if d == math.inf else f"{d:.1f}" for d in dists) or "-"))
    share = tot[1] / max(1, tot[1] + tot[2])
    lines.append(f"{'total':<6} {tot[3]:>9} {tot[0]:>6} {tot[1]:>5} {tot[2]:>4}  "
                 f"added {tot[1] + tot[2]}, {share:.0%} on spares")
    for s in unused:
        near = min((_dist(a.at, s.at) for a in added if a.floor == s.floor), default=math.inf)
        if not added:
            where = "not needed: the step added no AP"
        elif near == math.inf:
            where = "wrong floor: no AP added on its floor"
        elif near <= SPARE_SNAP_M:
            where = f"near miss: an added AP {near:.1f} m away (≤ SPARE_SNAP_M)"
        else:
            where = f"wrong cell: the nearest added AP is {near:.1f} m away"
        lines.append(f"  unused {s.name} ({s.at[0]:.1f}, {s.at[1]:.1f}): {where}; {s.reason}")
    return lines


class _Spy:
    """Keeps the planner's inputs to ``place_spares`` (workspace, evaluation, options) for the prediction."""

    def __init__(self):
        self.args = None
        self._orig = planner.place_spares

    def __call__(self, ws, ev, share, names, **kw):
        self.args = (ws, ev, kw)
        return self._orig(ws, ev, share, names, **kw)


def predicted_by_floor(spy: _Spy, factor: float) -> dict[str, int]:
    """The splits :func:`predicted_splits` finds up to ``factor`` over the design load, per floor name
    (with ``spare_growth``: the prediction calibrated to ``check``'s load at that headcount)."""
    ws, ev, kw = spy.args
    got = predicted_splits(ws, ev, math.ceil(MAX_SPARE_SHARE * len(ev.aps)),
                           criteria=kw.get("growth_criteria") or kw.get("criteria"), clients=kw.get("clients"),
                           n_channels=kw.get("n_channels"), probes=probes_up_to(factor),
                           load_ratio=kw.get("load_ratio"), floor_eirp_dbm=kw.get("floor_eirp_dbm"))
    out: dict[str, int] = {}
    for cand, _f, _i in got:
        name = ws.floors[int(ws.cand_floor[cand])].name
        out[name] = out.get(name, 0) + 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--building", default="city-hall", help="a file name in floorplans/, without .yaml")
    ap.add_argument("--steps", default="0.3,0.5")
    ap.add_argument("--share", type=float, default=None, help="requirements.spare_positions (default: the file's)")
    ap.add_argument("--spare-growth", type=float, default=None, help="requirements.spare_growth (default: the file's)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    b = load_building(REPO / "floorplans" / f"{args.building}.yaml").model
    update = {k: v for k, v in (("spare_positions", args.share), ("spare_growth", args.spare_growth)) if v is not None}
    if update:
        b = b.model_copy(update={"requirements": b.requirements.model_copy(update=update)})
    spy = _Spy()
    planner.place_spares = spy
    t = time.perf_counter()
    base = plan_building(b, seed=args.seed, with_cost=False)
    planner.place_spares = spy._orig
    print(f"{args.building}: {len(base.plan.aps)} APs, {len(base.plan.spares)} spares "
          f"(spare_positions {b.requirements.spare_positions}, spare_growth {b.requirements.spare_growth}), "
          f"{time.perf_counter() - t:.1f} s", flush=True)
    start = existing_from_plan(base.plan, "base")
    for step in (float(s) for s in args.steps.split(",")):
        t = time.perf_counter()
        res = plan_grown(scaled_building(b, step), start, seed=args.seed, with_cost=False)
        print(f"\n× {1 + step:.2f} step: {time.perf_counter() - t:.0f} s, requirements met {res.requirements_met}",
              flush=True)
        factor = (1 + step) / (1 + b.requirements.growth)
        print("\n".join(report_step(base.plan, res.plan, predicted_by_floor(spy, factor))), flush=True)


if __name__ == "__main__":
    main()
