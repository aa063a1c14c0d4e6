"""Predicted RSSI of every AP (or a named AP) at given points, with the rf engine the maps use."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wifiplan.calibrate.survey import Points
from wifiplan.errors import InputError
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Settings

__all__ = ["Prediction", "predict_points", "prediction_csv"]


@dataclass(frozen=True)
class Prediction:
    """One output row: RSSI of ``ap`` at (floor, x, y), dBm."""

    floor: str
    x_m: float
    y_m: float
    ap: str
    rssi_dbm: float


def predict_points(
    building: Building,
    settings: Settings,
    aps: list[AccessPoint],
    points: Points,
    band: str,
    *,
    min_rssi_dbm: float | None = None,
) -> list[Prediction]:
    """RSSI at each point from every AP heard on ``band`` (or the row's ``ap``), sorted.

    Uses :func:`wifiplan.rf.engine.rssi_dbm` with the same settings and range culling as
    :func:`wifiplan.rf.maps.coverage_maps`, so a point at a grid cell centre gets exactly
    the value of the maps. An AP is heard when its RSSI is finite (not culled) and, when
    ``min_rssi_dbm`` is given, at least that. A row naming an AP always gets that AP's
    value (computed without the range cut).

    Rows are sorted by floor, x, y, AP name.

    Raises
    ------
    InputError
        A row names an unknown floor or AP, or an AP without an enabled radio on ``band``
        (located as ``file:line``).
    """
    from wifiplan.library import suggest
    from wifiplan.rf.engine import band_aps, rssi_dbm

    serving = band_aps(aps, band)
    names = [a.name for a in serving]
    index = {n: i for i, n in enumerate(names)}
    all_names = {a.name for a in aps}
    floors = [f.name for f in building.floors]
    for i in range(len(points)):
        where = f"{points.file}:{points.line[i]}"
        if points.floor[i] not in floors:
            near = suggest(points.floor[i], floors)
            hint = (f"; did you mean '{near}'?" if near else "") + f"; floors: {', '.join(floors)}"
            raise InputError(f"{where}: column 'floor': unknown floor '{points.floor[i]}'{hint}")
        ap = points.ap[i]
        if ap is not None and ap not in index:
            if ap in all_names:
                raise InputError(f"{where}: column 'ap': AP '{ap}' has no enabled {band} GHz radio; use --band")
            near = suggest(ap, sorted(all_names))
            hint = f"; did you mean '{near}'?" if near else ""
            raise InputError(f"{where}: column 'ap': unknown AP '{ap}'{hint}")
    rows: list[Prediction] = []
    floor_arr = np.asarray(points.floor, dtype=object)
    for floor in sorted(set(points.floor)):
        sel = np.flatnonzero(floor_arr == floor)
        rssi = rssi_dbm(building, settings, aps, band, floor, points.xy_m[sel])
        named = np.array([points.ap[i] is not None for i in sel], dtype=bool)
        if named.any():  # a named AP always gets its value, even below the range cut
            full = rssi_dbm(building, settings, aps, band, floor, points.xy_m[sel[named]], cull_rssi_dbm=None)
            rssi[:, named] = full
        for col, i in enumerate(sel):
            wanted = [index[points.ap[i]]] if points.ap[i] is not None else range(len(names))
            for a in wanted:
                value = float(rssi[a, col])
                if not np.isfinite(value):
                    continue
                if points.ap[i] is None and min_rssi_dbm is not None and value < min_rssi_dbm:
                    continue
                rows.append(Prediction(floor, float(points.xy_m[i, 0]), float(points.xy_m[i, 1]), names[a], value))
    rows.sort(key=lambda r: (r.floor, r.x_m, r.y_m, r.ap))
    return rows


def _num(value: float, digits: int) -> str:
    text = f"{round(value, digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def prediction_csv(rows: list[Prediction]) -> str:
    """CSV text ``floor,x_m,y_m,ap,rssi_dbm``; RSSI to 0.01 dB (always two decimals)."""
    out = ["floor,x_m,y_m,ap,rssi_dbm"]
    for r in rows:
        rssi = f"{round(r.rssi_dbm, 2):.2f}"
        out.append(f"{_csv(r.floor)},{_num(r.x_m, 4)},{_num(r.y_m, 4)},{_csv(r.ap)},{'0.00' if rssi == '-0.00' else rssi}")
    return "\n".join(out) + "\n"


def _csv(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text
