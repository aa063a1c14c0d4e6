"""Read an existing deployment from a CSV of AP positions, with located errors.

Columns: ``floor,name,x_m,y_m`` (required) and ``height_m,model,band,channel,width_mhz,
tx_power_dbm`` (optional). One row per AP, or one row per radio: rows that share a name
are one AP (same floor and position) with one radio per row's band. This is how an
inventory or a survey tool's AP list usually comes out of a spreadsheet.
"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Iterable

from wifiplan.errors import InputError
from wifiplan.model.common import band_key
from wifiplan.model.plan import AccessPoint, Radio

__all__ = ["AP_CSV_COLUMNS", "AP_CSV_OPTIONAL", "read_ap_csv"]

#: Required columns of an AP-positions CSV.
AP_CSV_COLUMNS: tuple[str, ...] = ("floor", "name", "x_m", "y_m")
#: Optional columns; a radio needs ``band`` and ``channel`` (width 20 MHz and the preset's
#: power unless given).
AP_CSV_OPTIONAL: tuple[str, ...] = ("height_m", "model", "band", "channel", "width_mhz", "tx_power_dbm")

_WIDTHS = (20, 40, 80, 160, 320)


def _number(name: str, line: int, column: str, text: str, *, lo: float, hi: float, integer: bool = False) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{name}:{line}: {column}: not a number ({text!r})") from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise InputError(f"{name}:{line}: {column}: must be between {lo:g} and {hi:g} (got {text})")
    if integer and value != int(value):
        raise InputError(f"{name}:{line}: {column}: must be a whole number (got {text})")
    return value


def read_ap_csv(path: str | os.PathLike[str], *, floors: Iterable[str]) -> list[AccessPoint]:
    """The APs of an AP-positions CSV, in file order (see the module docstring for columns).

    ``floors`` are the building's floor names; a row naming another floor is an error with
    the nearest name suggested.

    Raises
    ------
    InputError
        Unreadable file, a missing column, a bad value (with file, line and column), an
        unknown floor, or rows of one AP that disagree on floor or position or repeat a band.
    """
    from wifiplan.calibrate.survey import _rows

    name = str(path)
    floor_names = list(floors)
    rows, _raw, _note = _rows(path, AP_CSV_COLUMNS, AP_CSV_OPTIONAL)  # cp932 etc. decoded as for surveys
    if not rows:
        raise InputError(f"{name}: no AP rows after the header; one row per AP: {','.join(AP_CSV_COLUMNS)}")
    aps: dict[str, dict] = {}
    for line, row in rows:
        ap_name = row.get("name", "").strip()
        if not ap_name:
            raise InputError(f"{name}:{line}: name: empty; every AP needs a name")
        floor = row.get("floor", "").strip()
        if floor not in floor_names:
            near = difflib.get_close_matches(floor, floor_names, n=1, cutoff=0.5)
            hint = f"did you mean {near[0]!r}?" if near else f"the building's floors are {', '.join(floor_names)}"
            raise InputError(f"{name}:{line}: floor: unknown floor {floor!r} — {hint}")
        x = _number(name, line, "x_m", row.get("x_m", "").strip(), lo=-1e6, hi=1e6)
        y = _number(name, line, "y_m", row.get("y_m", "").strip(), lo=-1e6, hi=1e6)
        height = row.get("height_m", "").strip()
        height_m = _number(name, line, "height_m", height, lo=0.01, hi=50) if height else None
        model = row.get("model", "").strip() or None
        entry = aps.get(ap_name)
        if entry is None:
            entry = aps[ap_name] = {"name": ap_name, "floor": floor, "at": [x, y], "height_m": height_m,
                                    "model": model, "radios": {}, "line": line}
        elif entry["floor"] != floor or math.hypot(entry["at"][0] - x, entry["at"][1] - y) > 0.01:
            raise InputError(f"{name}:{line}: AP {ap_name!r} is on {entry['floor']} at {entry['at']} on line "
                             f"{entry['line']} but on {floor} at [{x:g}, {y:g}] here; one name, one position")
        band_text = row.get("band", "").strip()
        channel_text = row.get("channel", "").strip()
        if not band_text and not channel_text:
            continue
        if not band_text or not channel_text:
            missing = "band" if not band_text else "channel"
            raise InputError(f"{name}:{line}: {missing}: empty; a radio needs both band and channel")
        try:
            band = band_key(band_text)
        except (ValueError, KeyError, TypeError):
            band = None
        if band not in ("2.4", "5", "6"):
            raise InputError(f"{name}:{line}: band: {band_text!r} is not a band; use 2.4, 5 or 6")
        if band in entry["radios"]:
            raise InputError(f"{name}:{line}: AP {ap_name!r} has a {band} GHz radio already (line "
                             f"{entry['radios'][band][1]}); one row per band")
        radio: dict = {"channel": int(_number(name, line, "channel", channel_text, lo=1, hi=233, integer=True))}
        width = row.get("width_mhz", "").strip()
        if width:
            w = int(_number(name, line, "width_mhz", width, lo=20, hi=320, integer=True))
            if w not in _WIDTHS:
                raise InputError(f"{name}:{line}: width_mhz: {w} is not a channel width; use 20, 40, 80, 160 or 320")
            radio["width_mhz"] = w
        power = row.get("tx_power_dbm", "").strip()
        if power:
            radio["tx_power_dbm"] = _number(name, line, "tx_power_dbm", power, lo=-10, hi=40)
        entry["radios"][band] = (Radio(**radio), line)
    out = []
    for entry in aps.values():
        fields = {k: entry[k] for k in ("name", "floor", "at")}
        if entry["height_m"] is not None:
            fields["height_m"] = entry["height_m"]
        if entry["model"] is not None:
            fields["model"] = entry["model"]
        fields["radios"] = {band: radio for band, (radio, _line) in entry["radios"].items()}
        out.append(AccessPoint(**fields))
    return out
