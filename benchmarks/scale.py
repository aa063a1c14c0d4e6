"""Benchmark how planning scales: shipped buildings, the two imported malls, synthetic towers.

Prints one row per building: floors, people, APs, wall seconds, CPU seconds (``os.times()``,
every thread), peak memory (MB), whether every requirement is met, the target and the 1-minute
load average, and — with ``--floors-alone`` — the ratio of the whole building's time to the sum
of its floors planned one at a time, on wall and on CPU seconds (near-linear planning keeps it
near 1; the target is under 2). Each plan runs in a fresh process, so peak memory is that
plan's own. On a shared machine compare CPU seconds (wall seconds grow with the load). The
measured table, before and after issue 16's work, is in docs/limits.md.

    python benchmarks/scale.py                       # shipped buildings and towers 5/10/20/40
    python benchmarks/scale.py --malls               # + mall site1 and site2 (needs ../shared/data)
    python benchmarks/scale.py --only tower-20 --floors-alone
    python benchmarks/scale.py --format json
    python benchmarks/scale.py --only /work/malls/site1.yaml --floors B1   # an imported file, one floor

Targets on a 2-core machine (issue 16): site2 < 120 s, site1 < 60 s, city hall < 15 s,
40-storey tower < 120 s, whole-vs-floors ratio < 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WIFIPLAN_SHARED_DATA", REPO.parent / "shared" / "data"))
TOWERS = (5, 10, 20, 40)

#: Issue 16's targets on a 2-core machine, wall seconds (the whole-vs-floors ratio: under 2).
TARGETS_S = {"mall-site2": 120, "mall-site1": 60, "city-hall": 15, "tower-40": 120}


def _tower(floors: int):
    spec = importlib.util.spec_from_file_location("wifiplan_bench_plan", REPO / "benchmarks" / "plan.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.tower(floors)


def _mall(site: str):
    """Import a mall from the shared GeoJSON data the way a user would (``wifiplan import geojson``)."""
    from wifiplan.io.load import load_building

    src = SHARED / "geojson-malls" / site
    out = Path(tempfile.mkdtemp(prefix="wifiplan-bench-")) / f"{site}.yaml"
    from typer.testing import CliRunner

    from wifiplan.cli import app

    res = CliRunner().invoke(app, ["import", "geojson", str(src), "-o", str(out), "--country", "JP"])  # the malls are in China; JP rules stand in (CN has none shipped)
    if res.exit_code != 0 or not out.exists():  # older importers have no --country
        res = CliRunner().invoke(app, ["import", "geojson", str(src), "-o", str(out)])
    if not out.exists():
        raise SystemExit(f"could not import {src}: {res.output[-400:]}")
    return load_building(out).model


def _shipped(name: str):
    from wifiplan.io.load import load_building

    return load_building(REPO / "floorplans" / f"{name}.yaml").model


def _building(name: str):
    if name.endswith((".yaml", ".yml", ".json")):   # a building file as it is (an already imported mall)
        from wifiplan.io.load import load_building

        return load_building(name).model
    if name.startswith("tower-"):
        return _tower(int(name.split("-")[1]))
    if name.startswith("mall-"):
        return _mall(name.split("-", 1)[1])
    return _shipped(name)


def _child(name: str, floor: str | None, queue) -> None:
    from wifiplan.workflow.plan import plan_building

    building = _building(name)
    if floor is not None:   # one floor, or several separated by commas (a subset of a big building)
        keep = set(floor.split(","))
        building = building.model_copy(update={"floors": [f for f in building.floors if f.name in keep]})
    people = sum(z.headcount or 0 for f in building.floors for z in f.zones)
    t0 = time.perf_counter()
    c0 = os.times()
    result = plan_building(building, seed=0)
    c1 = os.times()
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    queue.put({"building": name if floor is None else f"{name}:{floor}", "floors": len(building.floors),
               "people": round(people), "aps": len(result.plan.aps), "seconds": round(seconds, 1),
               # CPU seconds of the plan (user + system, every thread): comparable when the machine is shared
               "cpu_s": round(c1.user - c0.user + c1.system - c0.system, 1),
               "peak_mb": round(peak_mb), "met": bool(result.requirements_met),
               "load": round(os.getloadavg()[0], 1), "target_s": TARGETS_S.get(name, ""),
               "unmet": [str(u) for u in result.unmet],
               "floor_names": [f.name for f in building.floors]})


def measure(name: str, floor: str | None = None) -> dict:
    """Plan one building (or one of its floors alone) in a fresh process; its figures."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(name, floor, queue))
    proc.start()
    try:
        row = queue.get()
    finally:
        proc.join()
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", help="building name (city-hall, old-office-tower, small-office, "
                    "tower-N, mall-site1, mall-site2); repeatable")
    ap.add_argument("--malls", action="store_true", help="include the two imported malls (needs shared data)")
    ap.add_argument("--floors-alone", action="store_true", help="also plan each floor alone: whole-vs-floors ratio")
    ap.add_argument("--floors", help="plan only these floors of each building (comma-separated names, e.g. B1 "
                    "of mall-site1): a cheaper measure of a big floor")
    ap.add_argument("--format", choices=["table", "json"], default="table")
    args = ap.parse_args()
    names = args.only or (["small-office", "old-office-tower", "city-hall"] + [f"tower-{n}" for n in TOWERS]
                          + (["mall-site1", "mall-site2"] if args.malls else []))
    rows = []
    for name in names:
        row = measure(name, args.floors)
        if args.floors_alone:
            alone = [measure(name, f) for f in row["floor_names"]]
            row["floors_alone_s"] = round(sum(r["seconds"] for r in alone), 1)
            row["whole_vs_floors"] = round(row["seconds"] / max(row["floors_alone_s"], 1e-9), 2)
            row["floors_alone_cpu_s"] = round(sum(r["cpu_s"] for r in alone), 1)
            row["whole_vs_floors_cpu"] = round(row["cpu_s"] / max(row["floors_alone_cpu_s"], 1e-9), 2)
        row.pop("floor_names")
        rows.append(row)
        if args.format == "table":
            print(json.dumps(row), file=sys.stderr, flush=True)
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return
    cols = ["building", "floors", "people", "aps", "seconds", "cpu_s", "peak_mb", "met", "target_s", "load"]
    if args.floors_alone:
        cols += ["floors_alone_s", "floors_alone_cpu_s", "whole_vs_floors", "whole_vs_floors_cpu"]
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols}
    print("  ".join(c.ljust(widths[c]) for c in cols))
    for r in rows:
        print("  ".join(str(r.get(c, "")).ljust(widths[c]) for c in cols))


if __name__ == "__main__":
    main()
