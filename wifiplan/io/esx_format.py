"""Ekahau ``.esx`` format: member names, channel ↔ frequency maths, and the ZIP reader.

Shared by :mod:`wifiplan.io.esx_import` (the mapper) and :mod:`wifiplan.io.esx_export`
(the writer). Field names follow docs/import.md and the Ekahau AI Pro 11.6 empty project
template published in ``protolabo/plugin-revit`` (``src/NET8.0/Tools/build_files/EmptyTemplate/``)
. Real projects differ between versions:

* 10.x (schema 1.5) wall segments name their two points ``point1Id`` / ``point2Id``;
  11.x (schema 1.8) writes ``wallPoints: [idA, idB]``. Both are read.
* Coordinates are floor-plan units (pixels of the floor plan, origin top-left, y down);
  ``metersPerUnit`` is metres per floor-plan unit. The bitmap's own resolution plays no
  part (a bitmap may be stored at a higher resolution than the floor plan's ``width``).
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wifiplan.errors import InputError
from wifiplan.io.safezip import open_zip, read_member

__all__ = [
    "BAND_NAMES",
    "BAND_FROM_NAME",
    "BASE_MHZ",
    "SLOT",
    "EsxArchive",
    "read_archive",
    "records",
    "num",
    "uid",
    "narrow_channels_mhz",
    "channel_from_mhz",
    "segment_point_ids",
]

#: Our band keys ↔ Ekahau's ``band`` / ``frequencyBand`` names.
BAND_NAMES = {"2.4": "TWO", "5": "FIVE", "6": "SIX"}
BAND_FROM_NAME = {v: k for k, v in BAND_NAMES.items()}
#: First 20 MHz channel centre (channel 0), MHz, per band (IEEE 802.11; 2.4 GHz ch 14 = 2484).
BASE_MHZ = {"2.4": 2407.0, "5": 5000.0, "6": 5950.0}
#: Radio slot per band in ``accessPointIndex``.
SLOT = {"2.4": 0, "5": 1, "6": 2}
_NS = uuid.UUID("6f1c1d2e-8c1b-4f57-9a59-2b2f8e0d7a11")


def uid(*parts: object) -> str:
    """A deterministic UUID (v5) from names: the same building exports the same ids."""
    return str(uuid.uuid5(_NS, "/".join(str(p) for p in parts)))


def num(value: Any, default: float | None = None) -> float | None:
    """``value`` as a finite float, else ``default``.

    >>> num("2.5"), num(None, 1.0), num(float("nan"))
    (2.5, 1.0, None)
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        return default
    return v if math.isfinite(v) else default


def narrow_channels_mhz(band: str, channel: int, width_mhz: int) -> list[float]:
    """The 20 MHz centre frequencies (MHz) a bonded channel covers.

    >>> narrow_channels_mhz("5", 42, 80) == narrow_channels_mhz("5", 36, 80) == [5180.0, 5200.0, 5220.0, 5240.0]
    True
    >>> narrow_channels_mhz("2.4", 14, 20)
    [2484.0]
    """
    from wifiplan.rf.channels import centre_channel  # primary (36) or centre (42) numbers read the same

    channel = centre_channel(band, channel, width_mhz)
    centre = 2484.0 if (band == "2.4" and channel == 14) else BASE_MHZ[band] + 5.0 * channel
    n = max(1, int(width_mhz) // 20)
    return [centre - 10.0 * (n - 1) + 20.0 * k for k in range(n)]


def channel_from_mhz(freqs_mhz: list[float]) -> tuple[str, int, int]:
    """(band, centre channel number, width MHz) from a list of 20 MHz centre frequencies.

    >>> channel_from_mhz([5180, 5200, 5220, 5240]), channel_from_mhz([2437]), channel_from_mhz([5955])
    (('5', 42, 80), ('2.4', 6, 20), ('6', 1, 20))
    """
    centre = float(np.mean(freqs_mhz))
    band = "2.4" if centre < 3000 else ("5" if centre < 5930 else "6")
    if band == "2.4" and abs(centre - 2484) < 1:
        return band, 14, 20
    return band, int(round((centre - BASE_MHZ[band]) / 5.0)), 20 * len(freqs_mhz)


def segment_point_ids(seg: dict) -> list[Any] | None:
    """The two wall-point ids of a wall segment, in either encoding, or None.

    11.x: ``wallPoints: [a, b]``; 10.x: ``point1Id`` / ``point2Id``.

    >>> segment_point_ids({"wallPoints": ["a", "b"]}), segment_point_ids({"point1Id": "a", "point2Id": "b"})
    (['a', 'b'], ['a', 'b'])
    >>> segment_point_ids({"wallTypeId": "w"}) is None
    True
    """
    ids = seg.get("wallPoints")
    if isinstance(ids, list):
        return ids
    if "point1Id" in seg or "point2Id" in seg:
        return [seg.get("point1Id"), seg.get("point2Id")]
    return None


@dataclass
class EsxArchive:
    """The JSON members of a project (by file name), the ``version`` text and other member names."""

    path: Path
    members: dict[str, Any]
    version: str | None = None
    other: list[str] = field(default_factory=list)

    def records(self, name: str) -> list[dict]:
        """The records of ``<name>.json`` (``{"<name>": [...]}``); [] when absent or malformed."""
        return records(self.members, name)

    def record_counts(self) -> dict[str, int]:
        """Records per JSON member (by list name), for reporting what a project holds."""
        out = {}
        for fname, data in self.members.items():
            key = fname.removesuffix(".json")
            if isinstance(data, dict) and isinstance(data.get(key), list):
                out[key] = len(data[key])
        return out


def records(members: dict[str, Any], name: str) -> list[dict]:
    """The dict records of member ``<name>.json``."""
    data = members.get(f"{name}.json")
    if isinstance(data, dict):
        items = data.get(name)
        if isinstance(items, list):
            return [x for x in items if isinstance(x, dict)]
    return []


def read_archive(path: str | Path) -> EsxArchive:
    """Open an ``.esx`` safely (zip-slip and zip-bomb checks) and parse its JSON members.

    Raises
    ------
    InputError
        If the file is not a ZIP, is unsafe, is a pre-10 project (``project.xml``), or a
        member is not valid JSON.
    """
    p = Path(path)
    members: dict[str, Any] = {}
    other: list[str] = []
    version = None
    with open_zip(p) as zf:
        names = [i.filename for i in zf.infolist()]
        if "project.xml" in names and "floorPlans.json" not in names:
            raise InputError(f"{p}: an Ekahau project from before version 10 (project.xml); open and save it in a "
                             "current Ekahau version first")
        for info in zf.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if info.filename.endswith(".json"):
                raw = read_member(zf, info)
                try:
                    members[base] = json.loads(raw.decode("utf-8-sig"))
                except (json.JSONDecodeError, UnicodeDecodeError) as err:
                    raise InputError(f"{p}:{info.filename}: not valid JSON ({err})") from None
            elif base == "version":
                version = read_member(zf, info).decode("utf-8", "replace").strip()[:20]
            elif not base.startswith("image-") and not info.is_dir():
                other.append(info.filename)
    return EsxArchive(p, members, version, other)
