"""Ekahau project (``.esx``) export and import (facade over the reader, mapper and writer).

* :mod:`wifiplan.io.esx_format`: member names, channel maths, the safe ZIP reader;
* :mod:`wifiplan.io.esx_import`: records → building and plan (10.x and 11.x projects);
* :mod:`wifiplan.io.esx_export`: building and plan → an AI Pro 11.x project.
"""

from __future__ import annotations

from wifiplan.io.esx_export import EXPORT_MEMBERS, ESX_VERSION, SCHEMA_VERSION, export_esx
from wifiplan.io.esx_format import BAND_NAMES, channel_from_mhz, narrow_channels_mhz
from wifiplan.io.esx_import import import_esx

__all__ = [
    "BAND_NAMES",
    "EXPORT_MEMBERS",
    "ESX_VERSION",
    "SCHEMA_VERSION",
    "export_esx",
    "import_esx",
    "channel_from_mhz",
    "narrow_channels_mhz",
]
