"""Read survey and point CSV files with located errors; match survey rows to a plan."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
from dataclasses import dataclass, field

import numpy as np

from wifiplan.errors import InputError, LimitError
from wifiplan.model.common import band_key

__all__ = [
    "MAX_ROWS",
    "POINT_COLUMNS",
    "SURVEY_COLUMNS",
    "Points",
    "Survey",
    "Skipped",
    "read_points_csv",
    "read_survey_csv",
    "match_survey",
]

#: Largest number of data rows read from one CSV file (documented in docs/calibration.md).
MAX_ROWS = 1_000_000

#: Required columns of a points file (``wifiplan predict --at``); ``ap`` is optional.
POINT_COLUMNS: tuple[str, ...] = ("floor", "x_m", "y_m")
#: Required columns of a survey file; ``band`` and ``channel`` are optional.
SURVEY_COLUMNS: tuple[str, ...] = ("floor", "x_m", "y_m", "ap", "rss_dbm")

#: Plausible received signal strength of a survey reading, dBm.
RSS_RANGE_DBM = (-130.0, 10.0)


@dataclass
class Points:
    """Receiver points read from a CSV: floor name, x/y in metres, optional AP name per row."""

    file: str
    floor: list[str]
    xy_m: np.ndarray  # (n, 2)
    ap: list[str | None]
    line: list[int]

    def __len__(self) -> int:
        return len(self.floor)


@dataclass
class Survey(Points):
    """Measured RSS per (point, AP): ``rss_dbm`` (n,), optional ``band`` / ``channel`` per row."""

    rss_dbm: np.ndarray = field(default_factory=lambda: np.zeros(0))
    band: list[str | None] = field(default_factory=list)
    channel: list[int | None] = field(default_factory=list)
    sha256: str = ""


@dataclass(frozen=True)
class Skipped:
    """Survey rows that were not used, grouped by reason (reported, never silently dropped)."""

    reason: str
    value: str
    count: int
    lines: tuple[int, ...]


#: Other names of columns: predict's output header reads as a survey.
_HEADER_ALIASES = {"rssi_dbm": "rss_dbm"}


def _read(path: str | os.PathLike[str]) -> tuple[str, bytes]:
    from wifiplan.io.load import read_text

    return read_text(path, what="CSV file")


def _rows(
    path: str | os.PathLike[str], required: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[list[tuple[int, dict[str, str]]], bytes]:
    """Every data row as (line, {column: text}) after checking the header, and the raw bytes."""
    text, raw = _read(path)
    name = str(path)
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    header_line = 0
    for row in reader:
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        header = [c.strip().lower() for c in row]
        header_line = reader.line_num
        break
    if header is not None:  # `wifiplan predict` writes rssi_dbm: read it as the survey's rss_dbm
        header = [_HEADER_ALIASES.get(c, c) if _HEADER_ALIASES.get(c) not in header else c for c in header]
    if header is None:
        raise InputError(f"{name}: the file is empty; the first line must be the header {','.join(required)}")
    missing = [c for c in required if c not in header]
    if missing and len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "semicolon" if ";" in header[0] else "tab"
        raise InputError(f"{name}:{header_line}: the file looks {sep}-separated; wifiplan reads comma-separated CSV")
    if missing:
        raise InputError(
            f"{name}:{header_line}: missing column {', '.join(repr(m) for m in missing)} "
            f"(header has: {', '.join(header)}); required: {','.join(required)}"
            + (f"; optional: {','.join(optional)}" if optional else "")
        )
    dup = sorted({c for c in header if header.count(c) > 1 and c})
    if dup:
        raise InputError(f"{name}:{header_line}: column {dup[0]!r} appears twice in the header")
    index = {c: header.index(c) for c in required + optional if c in header}
    out: list[tuple[int, dict[str, str]]] = []
    count = 0
    for row in reader:
        line = reader.line_num
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        count += 1
        if count > MAX_ROWS:
            raise LimitError(f"{name}:{line}: more than {MAX_ROWS} rows; split the file")
        if len(row) < len(header):
            absent = header[len(row)]
            raise InputError(f"{name}:{line}: column {absent!r}: missing value (the row has {len(row)} of {len(header)} columns)")
        out.append((line, {c: row[i].strip() for c, i in index.items()}))
    return out, raw


def _number(name: str, line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{name}:{line}: column {column!r}: not a number {text!r}") from None
    if not math.isfinite(value):
        raise InputError(f"{name}:{line}: column {column!r}: must be a finite number (got {text!r})")
    return value


def _text(name: str, line: int, column: str, text: str) -> str:
    if not text:
        raise InputError(f"{name}:{line}: column {column!r}: empty; give a name")
    return text


def read_points_csv(path: str | os.PathLike[str]) -> Points:
    """Read receiver points ``floor,x_m,y_m[,ap]`` (metres, building frame).

    Lines starting with ``#`` and blank lines are ignored; an empty ``ap`` means every AP.
    A survey file may serve as points: other columns are ignored, but an ``rss_dbm`` value
    must be a number.

    Raises
    ------
    InputError
        Missing file or column, or a bad value, as ``file:line: column 'x_m': not a number 'abc'``.
    """
    name = str(path)
    floors: list[str] = []
    xy: list[tuple[float, float]] = []
    aps: list[str | None] = []
    lines: list[int] = []
    rows, _raw = _rows(path, POINT_COLUMNS, ("ap", "rss_dbm"))
    for line, row in rows:
        floors.append(_text(name, line, "floor", row["floor"]))
        xy.append((_number(name, line, "x_m", row["x_m"]), _number(name, line, "y_m", row["y_m"])))
        if row.get("rss_dbm"):  # a survey used as points: its readings must still be numbers
            _number(name, line, "rss_dbm", row["rss_dbm"])
        aps.append(row.get("ap") or None)
        lines.append(line)
    if not floors:
        raise InputError(f"{name}: no data rows after the header")
    return Points(name, floors, np.asarray(xy, dtype=float).reshape(-1, 2), aps, lines)


def read_survey_csv(path: str | os.PathLike[str]) -> Survey:
    """Read a survey ``floor,x_m,y_m,ap,rss_dbm[,band][,channel]``: one reading per row.

    ``rss_dbm`` is the received signal strength of AP ``ap`` (its name in the plan) at the
    point, dBm; ``band`` is 2.4, 5 or 6 (default: the requirements band); ``channel`` is
    informative (the model uses the plan's channel).

    Raises
    ------
    InputError
        Missing file or column, or a bad value, as ``file:line: column 'x_m': not a number 'abc'``.
    """
    name = str(path)
    floors: list[str] = []
    xy: list[tuple[float, float]] = []
    aps: list[str | None] = []
    lines: list[int] = []
    rss: list[float] = []
    bands: list[str | None] = []
    channels: list[int | None] = []
    rows, raw_bytes = _rows(path, SURVEY_COLUMNS, ("band", "channel"))
    for line, row in rows:
        floors.append(_text(name, line, "floor", row["floor"]))
        xy.append((_number(name, line, "x_m", row["x_m"]), _number(name, line, "y_m", row["y_m"])))
        aps.append(_text(name, line, "ap", row["ap"]))
        value = _number(name, line, "rss_dbm", row["rss_dbm"])
        lo, hi = RSS_RANGE_DBM
        if not lo <= value <= hi:
            raise InputError(f"{name}:{line}: column 'rss_dbm': {value:g} dBm is outside {lo:g}..{hi:g}; is it in dBm?")
        rss.append(value)
        text = row.get("band", "")
        if text:
            try:
                bands.append(band_key(text))
            except ValueError:
                raise InputError(f"{name}:{line}: column 'band': unknown band {text!r}; use 2.4, 5 or 6") from None
        else:
            bands.append(None)
        text = row.get("channel", "")
        if text:
            try:
                ch = int(float(text))
                if ch != float(text) or not 1 <= ch <= 233:
                    raise ValueError
            except ValueError:
                raise InputError(f"{name}:{line}: column 'channel': not a channel number {text!r}") from None
            channels.append(ch)
        else:
            channels.append(None)
        lines.append(line)
    if not floors:
        raise InputError(f"{name}: no data rows after the header")
    return Survey(
        name, floors, np.asarray(xy, dtype=float).reshape(-1, 2), aps, lines,
        rss_dbm=np.asarray(rss, dtype=float), band=bands, channel=channels,
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
    )


def match_survey(
    survey: Survey,
    *,
    floors: list[str],
    aps: dict[str, dict[str, int]],
    default_band: str,
) -> tuple[np.ndarray, list[str], list[Skipped]]:
    """Which rows can be used: known floor, known AP with an enabled radio on the row's band.

    Parameters
    ----------
    floors
        Floor names of the building.
    aps
        ``{ap name: {band: channel}}`` of the enabled radios in the plan.
    default_band
        Band of rows without a ``band`` column value.

    Returns
    -------
    keep : ndarray of bool, shape (n,)
    band : list of str
        Band of every row.
    skipped : list of Skipped
        Rows not used, grouped by reason and value, sorted (unknown floor, unknown AP, no radio),
        plus rows whose channel differs from the plan (used, with the plan's channel).
    """
    n = len(survey)
    keep = np.ones(n, dtype=bool)
    bands = [b or default_band for b in survey.band]
    groups: dict[tuple[str, str], list[int]] = {}
    floor_set = set(floors)
    for i in range(n):
        f, ap, b = survey.floor[i], survey.ap[i], bands[i]
        if f not in floor_set:
            key = ("unknown floor", f)
        elif ap not in aps:
            key = ("unknown AP", ap or "")
        elif b not in aps[ap]:
            key = (f"AP has no enabled {b} GHz radio", ap or "")
        else:
            ch = survey.channel[i]
            if ch is not None and ch != aps[ap][b]:
                groups.setdefault(("channel differs from plan (plan's used)", f"{ap}: {ch}"), []).append(survey.line[i])
            continue
        keep[i] = False
        groups.setdefault(key, []).append(survey.line[i])
    order = {"unknown floor": 0, "unknown AP": 1}
    skipped = [
        Skipped(reason, value, len(lines_), tuple(lines_))
        for (reason, value), lines_ in sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 2), kv[0]))
    ]
    return keep, bands, skipped


