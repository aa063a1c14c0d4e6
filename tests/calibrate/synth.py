"""A synthetic two-floor building, a plan with 8 APs, and surveys drawn from a known truth."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Plan, Radio, Settings  # noqa: F401 (Radio re-used by tests)
from wifiplan.rf.engine import rssi_dbm
from wifiplan.rf.settings import make_settings

W, H = 60.0, 40.0


def _walls(rotate: bool) -> list[dict]:
    walls = [{"material": "concrete", "path": [[0, 0], [W, 0], [W, H], [0, H], [0, 0]]}]
    xs = [10, 20, 30, 40, 50]
    vmats = ["drywall", "brick", "drywall", "wood", "drywall"] if not rotate else ["brick", "drywall", "wood", "drywall", "brick"]
    for x, m in zip(xs, vmats):
        low, high = (12, 28) if x == 30 else (17, 23)
        walls.append({"material": m, "path": [[x, 0], [x, low]]})
        walls.append({"material": "glass" if m != "brick" else m, "path": [[x, high], [x, H]]})
    walls.append({"material": "glass", "path": [[0, 17], [22, 17]]})
    walls.append({"material": "wood", "path": [[38, 17], [W, 17]]})
    walls.append({"material": "drywall", "path": [[0, 23], [22, 23]]})
    walls.append({"material": "drywall", "path": [[38, 23], [W, 23]]})
    walls.append({"material": "concrete", "path": [[22, 12], [38, 12], [38, 28], [22, 28], [22, 12]]})  # core
    return walls


def building() -> Building:
    floors = []
    for i, name in enumerate(["1F", "2F"]):
        floors.append({
            "name": name, "elevation_m": 4.0 * i, "height_m": 4.0, "ap_height_m": 2.7, "slab": "concrete-slab",
            "outline": [[0, 0], [W, 0], [W, H], [0, H]], "walls": _walls(rotate=i == 1),
            "telecom_rooms": [{"name": f"TR{i + 1}", "kind": "mdf" if i == 0 else "idf", "at": [24.0, 14.0]}],
            "risers": [{"name": "R1", "at": [24.5, 14.5]}],
            "zones": [{"name": f"Office {name}", "use": "office", "headcount": 100, "polygon": [[0, 0], [W, 0], [W, H], [0, H]]}],
        })
    return Building.model_validate({"name": "Synthetic", "country": "JP", "floors": floors, "requirements": {"band": "5"}})


AP_XY = {
    "1F": [[5, 8], [25, 8], [45, 30], [55, 10]],
    "2F": [[15, 30], [35, 8], [52, 34], [5, 35]],
}


def aps() -> list[AccessPoint]:
    out = []
    channels = [36, 40, 44, 48, 52, 56, 60, 64]
    k = 0
    for floor, pts in AP_XY.items():
        for xy in pts:
            out.append(AccessPoint(
                name=f"{floor}-AP{k + 1:02d}", floor=floor, at=[float(xy[0]), float(xy[1])],
                radios={"5": Radio(channel=channels[k], width_mhz=20, tx_power_dbm=17.0)},
            ))
            k += 1
    return out


#: The truth the surveys are drawn from (library values at 5 GHz in comments).
TRUTH_MATERIALS = {"drywall": 6.0, "brick": 11.0, "glass": 2.0, "wood": 7.5, "concrete": 15.0, "concrete-slab": 21.0}
# library 5 GHz: drywall 4, brick 8.7, glass 3.3, wood 5, concrete 20, concrete-slab 16
TRUTH_EXPONENT = 2.6
TRUTH_OFFSET_DB = -3.0


def settings(b: Building | None = None) -> Settings:
    """The plan's settings before calibration: shipped library, exponent 2, no offset."""
    return make_settings(b or building())


def truth_settings(b: Building | None = None, *, offset_db: float = TRUTH_OFFSET_DB, **extra) -> Settings:
    b = b or building()
    s = make_settings(b)
    mats = {k: dict(v) for k, v in s.materials.items()}
    for name, value in TRUTH_MATERIALS.items():
        mats[name]["5"] = value
    return s.model_copy(update={"materials": mats, "path_loss_exponent": TRUTH_EXPONENT, "eirp_offset_db": {"5": offset_db}, **extra})


def survey_rows(
    n_points: int = 500, *, noise_db: float = 6.0, seed: int = 0, truth: Settings | None = None,
    min_rssi_dbm: float = -92.0,
) -> list[tuple[str, float, float, str, float]]:
    """(floor, x, y, ap, rss) readings: random points, every AP whose noise-free RSSI ≥ min."""
    b = building()
    t = truth or truth_settings(b)
    rng = np.random.default_rng(seed)
    access = aps()
    rows = []
    floors = ["1F", "2F"]
    per = [n_points // 2, n_points - n_points // 2]
    for floor, count in zip(floors, per):
        xy = np.round(rng.uniform([0.5, 0.5], [W - 0.5, H - 0.5], (count, 2)), 2)
        rssi = rssi_dbm(b, t, access, "5", floor, xy, cull_rssi_dbm=None)
        noise = rng.normal(0.0, noise_db, rssi.shape)
        for i in range(count):
            for a, ap in enumerate(access):
                if rssi[a, i] >= min_rssi_dbm:
                    rows.append((floor, float(xy[i, 0]), float(xy[i, 1]), ap.name, round(float(rssi[a, i] + noise[a, i]), 2)))
    return rows


def write_survey(path: Path, rows, *, extra: str = "") -> Path:
    lines = ["floor,x_m,y_m,ap,rss_dbm"] + [f"{f},{x},{y},{a},{r}" for f, x, y, a, r in rows]
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def write_project(tmp: Path) -> tuple[Path, Path]:
    """building.yaml and plan.yaml (settings from make_settings, the 8 APs) in ``tmp``."""
    from wifiplan.io.writer import building_yaml, plan_yaml

    b = building()
    bpath = tmp / "building.yaml"
    bpath.write_text(building_yaml(b), encoding="utf-8")
    plan = Plan(building="building.yaml", settings=settings(b), aps=aps())
    ppath = tmp / "site.plan.yaml"
    ppath.write_text(plan_yaml(plan), encoding="utf-8")
    return bpath, ppath
