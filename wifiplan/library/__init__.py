"""Shipped reference data: materials, usage profiles, radios, MCS table, regulatory domains.

Every number carries its source (``source`` fields, ids listed in
``docs/sources.md``); ``estimate: true`` marks unsourced defaults.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from wifiplan.library.loader import (
    LIBRARY_FILES,
    Library,
    data_dir,
    get_domain,
    load_library,
    load_library_from,
)
from wifiplan.library.mcs import McsEntry, McsGeneration, McsTable
from wifiplan.library.models import ApPreset, ClientPreset, Generation, Material, Profile
from wifiplan.library.regulatory import (
    CHANNEL_BASE_MHZ,
    BandPlan,
    Channel,
    ChannelGroup,
    RegDomain,
    channel_centre_mhz,
)

__all__ = [
    "CHANNEL_BASE_MHZ",
    "LIBRARY_FILES",
    "ApPreset",
    "BandPlan",
    "Channel",
    "ChannelGroup",
    "ClientPreset",
    "Generation",
    "Library",
    "Material",
    "McsEntry",
    "McsGeneration",
    "McsTable",
    "Profile",
    "RegDomain",
    "channel_centre_mhz",
    "data_dir",
    "get_domain",
    "load_library",
    "load_library_from",
    "suggest",
]


def suggest(name: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to a mistyped ``name`` (for "did you mean"), or None.

    Case-insensitive; returns the choice as spelled in ``choices``.

    >>> suggest("concret", ["concrete", "drywall"])
    'concrete'
    >>> suggest("xyz", ["concrete", "drywall"]) is None
    True
    """
    options = list(choices)
    by_lower = {c.lower(): c for c in options}
    if name.lower() in by_lower:
        return by_lower[name.lower()]
    match = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[match[0]] if match else None
