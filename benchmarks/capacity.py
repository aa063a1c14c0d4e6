"""Benchmark: capacity on every band with clients in contention, and the bare contention function.

Usage: python benchmarks/capacity.py PLAN.yaml [N]
PLAN is a plan file (e.g. one written by `wifiplan plan floorplans/city-hall.yaml`); N is
the size of the random contention problem (default 500 radios). Prints timings and
figures; asserts nothing about wall-clock time.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from wifiplan.capacity.contention import cca_threshold_dbm, contention_utilisation


def _random_contention(n: int) -> float:
    rng = np.random.default_rng(0)
    air = rng.uniform(0, 0.3, n)
    ap = rng.uniform(-110, -50, (n, n))
    cl = ap + rng.uniform(0, 20, (n, n))
    ov = rng.random((n, n)) < 0.25
    t = time.perf_counter()
    for _ in range(20):
        contention_utilisation(air, ap, cl, ov | ov.T, 0.3, cca_dbm=cca_threshold_dbm(np.full(n, 20)))
    return (time.perf_counter() - t) / 20


def main(argv: list[str]) -> None:
    n = int(argv[2]) if len(argv) > 2 else 500
    print(f"contention_utilisation, {n} radios: {_random_contention(n) * 1e3:.1f} ms per call")
    if len(argv) < 2:
        return
    from wifiplan.check import load_context

    ctx = load_context(argv[1])
    req = ctx.building.requirements.effective("new-model")
    from wifiplan.capacity.bands import evaluate_bands

    t = time.perf_counter()
    out = evaluate_bands(ctx.building, ctx.settings, ctx.aps, requirements=req)
    print(f"evaluate_bands, {len(ctx.aps)} APs, {len(ctx.building.floors)} floors: {time.perf_counter() - t:.1f} s")
    for band, e in out.items():
        print(f"  {band} GHz: worst utilisation {e.utilization.max():.2f} ({(e.utilization > req.max_utilization).sum()} "
              f"radios over {req.max_utilization:.0%}), most associated clients {e.associated.max():.0f}")


if __name__ == "__main__":
    main(sys.argv)
