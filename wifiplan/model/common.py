"""Shared field types for the file models: bands, points, polygons, per-band values."""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from wifiplan.bands import BANDS, Band, band_key

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

# The band type lives in wifiplan.bands (the library uses it too and must not import model/).


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
