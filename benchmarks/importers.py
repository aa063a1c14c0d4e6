"""Benchmark: import the shared real-world files (mall GeoJSON sites, the IFC duplex) and an ESX round trip.

Usage: python benchmarks/importers.py [path/to/shared/data]
Prints timings (CPU and wall) and figures per import; asserts nothing about wall-clock time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from wifiplan.io.esx import export_esx
from wifiplan.io.geojson import import_mall
from wifiplan.io.ifc import import_ifc
from wifiplan.io.writer import building_yaml
from wifiplan.model.plan import AccessPoint, Plan, Radio
from wifiplan.model.validate import validate_building


def _timed(label: str, fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    print(f"{label}: {time.perf_counter() - w0:.2f} s wall, {time.process_time() - c0:.2f} s CPU")
    return out


def _figures(result) -> None:
    b = result.building
    errors = [p for p in validate_building(b) if p.severity == "error"]
    for f in b.floors:
        print(f"  {f.name:>10}: elevation {f.elevation_m:6.2f} m, {len(f.walls):4d} walls, {len(f.zones):4d} zones, "
              f"headcount {sum(z.headcount for z in f.zones):5d}")
    print(f"  validation errors: {len(errors)}; YAML {len(building_yaml(b, comments=result.comments)) / 1e6:.2f} MB")


def main(data: Path) -> None:
    for site in ("site1", "site2"):
        folder = data / "geojson-malls" / site
        if folder.is_dir():
            _figures(_timed(f"mall {site}", lambda folder=folder: import_mall(folder)))
    duplex = data / "ifc" / "duplex.ifc"
    if duplex.is_file():
        res = _timed("ifc duplex", lambda: import_ifc(duplex))
        _figures(res)
        f = res.building.floors[0]
        plan = Plan(aps=[AccessPoint(name="AP1", floor=f.name, at=f.telecom_rooms[0].at, radios={"5": Radio(channel=36)})])
        data_esx = _timed("esx export duplex", lambda: export_esx(plan, res.building))
        print(f"  {len(data_esx) / 1e3:.0f} kB")


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared" / "data"
    main(root)
