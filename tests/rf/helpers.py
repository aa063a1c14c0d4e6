"""Small hand-made buildings and plans for the rf tests."""

from __future__ import annotations

import numpy as np

from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Radio, Settings
from wifiplan.rf.crossing import wall_loss_db
from wifiplan.rf.walls import build_wallset

#: Round numbers for test materials (dB per crossing, same on every band).
LOSS = {"a": 3.0, "b": 10.0, "c": 5.0, "door": 1.0}


def crossing_loss(walls: list[tuple[str, list[list[float]]]], src, pts) -> np.ndarray:
    """Wall loss from ``src`` to each of ``pts`` for walls given as (material, polyline)."""
    segs, mats = [], []
    for material, path in walls:
        for p, q in zip(path[:-1], path[1:], strict=False):
            segs.append([p, q])
            mats.append(material)
    ws = build_wallset(np.array(segs, dtype=float), mats)
    piece_loss = np.array([LOSS[m] for m in ws.material])
    return wall_loss_db(ws, piece_loss, np.asarray(src, dtype=float), np.asarray(pts, dtype=float).reshape(-1, 2))


def building(floors: list[dict], **extra) -> Building:
    """A Building from floor dicts (outline defaults to 20 x 10 m)."""
    out = []
    for i, f in enumerate(floors):
        f = dict(f)
        f.setdefault("name", f"{i + 1}F")
        f.setdefault("elevation_m", 3.5 * i)
        f.setdefault("outline", [[0, 0], [20, 0], [20, 10], [0, 10]])
        out.append(f)
    return Building.model_validate({"name": "t", "country": "JP", "floors": out, **extra})


def settings(**kw) -> Settings:
    """Settings with test materials recorded (5 GHz values used by the tests)."""
    materials = {
        "drywall": {"2.4": 3.0, "5": 4.0, "6": 5.0},
        "concrete": {"2.4": 12.0, "5": 15.0, "6": 17.0},
        "concrete-slab": {"2.4": 18.0, "5": 24.0, "6": 26.0},
        "glass": {"2.4": 2.0, "5": 3.0, "6": 3.0},
    }
    kw.setdefault("materials", materials)
    return Settings(**kw)


def ap(name: str, at, *, floor: str = "1F", channel: int = 36, width: int = 20, tx: float = 17.0,
       gain: float = 0.0, height: float | None = None, band: str = "5") -> AccessPoint:
    """An AP with one radio and an explicit antenna gain (no preset lookup)."""
    return AccessPoint(name=name, floor=floor, at=list(at), height_m=height, antenna_gain_dbi={band: gain},
                       radios={band: Radio(channel=channel, width_mhz=width, tx_power_dbm=tx)})
