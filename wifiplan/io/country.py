"""The country of an imported building: given, guessed (and reported as a guess), or a placeholder.

No importer picks a country silently: the regulatory domain decides the channels, the
power and the cost book. ``--country`` wins; else a guess from the source (an address, a
location text, coordinates) is used and listed as a guess; else the building gets
:data:`PLACEHOLDER_COUNTRY`, which ``wifiplan validate`` flags (BD18).
"""

from __future__ import annotations

import re

from wifiplan.errors import ConfigError
from wifiplan.io.importreport import ImportReport
from wifiplan.model.validate import PLACEHOLDER_COUNTRY

__all__ = ["PLACEHOLDER_COUNTRY", "check_country", "country_from_text", "country_from_lonlat", "settle_country"]


#: Country names and words in addresses → ISO code (first match wins; long names first).
_NAMES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.I), c)
    for p, c in [
        (r"\bunited\s+states\b|\busa\b|\bu\.s\.a?\.?$", "US"),
        (r"\bjapan\b|日本|東京都|大阪府|京都府|北海道|[都道府県]\S*[市区町村]", "JP"),
        (r"\bchina\b|中国|中华人民共和国|[省市]\S*[区县]", "CN"),
        (r"\bunited\s+kingdom\b|\bengland\b|\bscotland\b|\bwales\b|\buk\b", "GB"),
        (r"\bgermany\b|\bdeutschland\b", "DE"),
        (r"\bfrance\b", "FR"),
        (r"\bitaly\b|\bitalia\b", "IT"),
        (r"\bspain\b|\bespaña\b", "ES"),
        (r"\bnetherlands\b|\bnederland\b", "NL"),
        (r"\bfinland\b|\bsuomi\b", "FI"),
        (r"\bsweden\b|\bsverige\b", "SE"),
        (r"\bcanada\b", "CA"),
        (r"\baustralia\b", "AU"),
        (r"\bkorea\b|대한민국|한국", "KR"),
        (r"\btaiwan\b|台灣|台湾", "TW"),
        (r"\bsingapore\b", "SG"),
        (r"\bindia\b", "IN"),
    ]
]

#: Rough bounding boxes (lon0, lat0, lon1, lat1) of a few countries, smallest first so that
#: nested boxes resolve to the smaller country. A guess only: borders are not boxes.
_BOXES: list[tuple[str, tuple[float, float, float, float]]] = [
    ("SG", (103.6, 1.15, 104.1, 1.48)),
    ("TW", (119.9, 21.8, 122.1, 25.4)),
    ("KR", (125.0, 33.0, 129.7, 38.7)),
    ("JP", (122.9, 24.0, 146.0, 45.6)),
    ("GB", (-8.7, 49.8, 1.8, 60.9)),
    ("DE", (5.8, 47.2, 15.1, 55.1)),
    ("FR", (-5.2, 42.3, 8.3, 51.1)),
    ("CN", (73.5, 18.1, 134.8, 53.6)),
    ("US", (-125.0, 24.4, -66.9, 49.4)),
]


def check_country(code: str) -> str:
    """An upper-cased two-letter code, or ConfigError naming the flag.

    >>> check_country("us")
    'US'
    """
    c = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", c):
        raise ConfigError(f"--country: '{code}' is not an ISO 3166 alpha-2 code (e.g. JP, US, DE)")
    return c


def country_from_text(text: str | None) -> str | None:
    """A country guessed from an address or location text, or None.

    >>> country_from_text("1 Main St, Springfield, IL, USA"), country_from_text("東京都千代田区"), country_from_text("x")
    ('US', 'JP', None)
    """
    if not text or not str(text).strip():
        return None
    if re.fullmatch(r"[A-Z]{2}", str(text).strip()) and str(text).strip() != PLACEHOLDER_COUNTRY:
        return str(text).strip()
    for pattern, code in _NAMES:
        if pattern.search(str(text)):
            return code
    return None


def country_from_lonlat(lon: float, lat: float) -> str | None:
    """A country guessed from WGS84 coordinates (rough boxes), or None.

    >>> country_from_lonlat(139.7, 35.7), country_from_lonlat(121.47, 31.23), country_from_lonlat(0.0, 0.0)
    ('JP', 'CN', None)
    """
    for code, (x0, y0, x1, y1) in _BOXES:
        if x0 <= lon <= x1 and y0 <= lat <= y1:
            return code
    return None


def settle_country(given: str | None, guess: str | None, report: ImportReport, *, basis: str) -> str:
    """The building's country: ``given`` (from --country), else ``guess`` (reported as a guess
    with its ``basis``), else the placeholder (reported, flagged by validate)."""
    if given:
        code = check_country(given)
        report.imported("country", action=f"{code} from --country")
        return code
    if guess:
        report.guessed("country", f"{guess} from {basis}: check it, or give --country", example=guess)
        return guess
    report.warn("country", f"not known: placeholder {PLACEHOLDER_COUNTRY}; give --country (e.g. --country US) "
                           "or set `country:` in the file before planning")
    return PLACEHOLDER_COUNTRY
