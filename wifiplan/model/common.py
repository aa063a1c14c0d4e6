"""Shared field types for the file models: bands, points, polygons, per-band values."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

__all__ = [
    "BANDS",
    "Band",
    "BandMap",
    "Point",
    "Polygon",
    "Polyline",
    "StrictModel",
    "band_key",
]

#: The Wi-Fi bands wifiplan models, as the strings used for keys in files.
BANDS: tuple[str, ...] = ("2.4", "5", "6")

def band_key(value: object) -> str:
    """Normalise a band given as 2.4, 5, "5", 5.0 or "5GHz" to its key ``"2.4"|"5"|"6"``.

    >>> band_key(2.4), band_key(5.0), band_key("6GHz")
    ('2.4', '5', '6')
    """
    text = str(value).strip().lower().removesuffix("ghz").strip()
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"unknown band {value!r}; use one of 2.4, 5, 6") from None
    for key in BANDS:
        if math.isclose(number, float(key)):
            return key
    raise ValueError(f"unknown band {value!r}; use one of 2.4, 5, 6")


def _band_before(value: object) -> object:
    """Accept 5, 5.0, "5", "5GHz" for band "5"; leave anything else for the Literal check."""
    try:
        return band_key(value)
    except ValueError:
        return value


#: A band key. Files may write it as a number (``band: 5``) or a string (``band: "2.4"``).
Band = Annotated[
    Literal["2.4", "5", "6"],
    BeforeValidator(_band_before),
    WithJsonSchema({"anyOf": [{"enum": ["2.4", "5", "6"]}, {"enum": [2.4, 5, 6]}], "title": "Band (GHz)"}),
]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number (got {value})")
    return value


FiniteFloat = Annotated[float, AfterValidator(_finite)]

#: A point ``[x, y]`` in metres in the building frame (a list, not a tuple: editors
#: handle ``items`` + ``minItems`` better than ``prefixItems``).
Point = Annotated[list[FiniteFloat], Field(min_length=2, max_length=2)]

#: A polygon ring as a list of points; closing point optional.
Polygon = Annotated[list[Point], Field(min_length=3)]

#: A polyline: at least two points.
Polyline = Annotated[list[Point], Field(min_length=2)]

#: A value per band, e.g. ``{2.4: 3, 5: 4, 6: 5}`` (keys normalised to strings by the loader).
BandMap = dict[Band, FiniteFloat]


class StrictModel(BaseModel):
    """Base for file models: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)
