"""The Wi-Fi bands: their keys, a normaliser and the pydantic field type, shared by the models and the library.

It sits below both (like ``errors``) so that imports flow one way: ``library`` uses the
band type without importing ``model``, and ``model`` resolves names against ``library``.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BeforeValidator, WithJsonSchema

__all__ = ["BANDS", "Band", "band_key"]

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
