"""What would fix each unmet requirement: a hint per kind, worded for the plan's building and band."""

from __future__ import annotations

from typing import Any

from wifiplan.model.building import Building

__all__ = ["unmet_kind", "unmet_hint", "unmet_with_hints"]

#: Kinds in the order they are listed.
KINDS = ("coverage", "secondary", "utilization", "clients", "cabling", "other")


def unmet_kind(item: str) -> str:
    """The kind of an unmet item (``design.planner.Unmet.kind``; older plain strings by their wording).

    >>> unmet_kind("2F: channel utilisation 0.612 > cap 0.5 (…)")
    'utilization'
    """
    kind = getattr(item, "kind", None)
    if kind:
        return str(kind)
    text = str(item)
    for word, k in (("secondary coverage", "secondary"), ("coverage", "coverage"), ("utilisation", "utilization"),
                    ("clients on one radio", "clients"), ("telecom room", "cabling"), ("permanent link", "cabling")):
        if word in text:
            return k
    return "other"


def _six_ghz_allowed(building: Building) -> bool:
    try:
        from wifiplan.library import get_domain
        from wifiplan.model.resolve import domain_code

        return bool(get_domain(domain_code(building.country)).widths("6"))
    except Exception:  # noqa: BLE001 - a country without shipped rules: no 6 GHz advice
        return False


def _wider_widths(building: Building, band: str, width_mhz: int | None) -> list[int]:
    try:
        from wifiplan.library import get_domain
        from wifiplan.model.resolve import domain_code

        legal = get_domain(domain_code(building.country)).recommended_widths(band)
    except Exception:  # noqa: BLE001 - no shipped rules: no width advice
        return []
    return [w for w in legal if width_mhz is not None and w > width_mhz]


def unmet_hint(kind: str, building: Building, *, band: str | None = None, width_mhz: int | None = None) -> str:
    """One sentence: the changes that would meet a requirement of ``kind`` (with the ``--set`` to try).

    >>> from wifiplan.model.building import Building
    >>> b = Building.model_validate({"country": "JP", "floors": [{"name": "1F", "outline": [[0, 0], [9, 0], [9, 9]]}]})
    >>> "requirements.band=6" in unmet_hint("utilization", b, band="5", width_mhz=20)
    True
    """
    req = building.requirements
    band = band or req.band
    preset = building.ap.preset
    six = band != "6" and _six_ghz_allowed(building)
    wider = _wider_widths(building, band, width_mhz)
    if kind == "coverage":
        return (f"an AP preset with more power or antenna gain than '{preset}' (`ap: {{preset: …}}`, see "
                "`wifiplan radios`), a lower requirement (`--set requirements.min_rssi_dbm="
                f"{req.min_rssi_dbm - 3:g}` or `requirements.coverage_target={max(0.5, req.coverage_target - 0.05):g}`), "
                "or exclude areas that need no Wi-Fi (stairs, shafts)")
    if kind == "secondary":
        return (f"a lower roaming requirement (`--set requirements.secondary_rssi_dbm="
                f"{(req.secondary_rssi_dbm or -75) - 3:g}` or `requirements.secondary_target="
                f"{max(0.5, req.secondary_target - 0.1):g}`), or an AP preset with more power than '{preset}'")
    if kind == "utilization":
        parts = []
        if six:
            parts.append("6 GHz (`--set requirements.band=6`: more channels, less sharing)")
        if wider:
            parts.append(f"wider channels (`--set ap.widths_mhz=[{wider[0]}]`)")
        parts.append(f"a higher cap (`--set requirements.max_utilization={min(1.0, req.max_utilization + 0.1):g}`: "
                     "less headroom)")
        if req.growth > 0:
            parts.append(f"less growth (`--set requirements.growth={round(req.growth / 2, 2):g}`)")
        return ", ".join(parts[:-1]) + " or " + parts[-1] if len(parts) > 1 else parts[0]
    if kind == "clients":
        parts = [f"an AP preset that carries more clients per radio than '{preset}' (`wifiplan radios`)"]
        if six:
            parts.append("6 GHz (`--set requirements.band=6`)")
        parts.append("a higher limit if your APs allow it (`--set requirements.max_clients_per_radio=N`)")
        return ", ".join(parts[:-1]) + " or " + parts[-1]
    if kind == "cabling":
        return "a telecom room (IDF) nearer the APs, or a pathway that shortens the route (`pathways:`)"
    return "see `wifiplan check` for details"


def unmet_with_hints(unmet: list[str], building: Building, *, band: str | None = None,
                     width_mhz: int | None = None) -> list[dict[str, Any]]:
    """Group unmet items by kind, in a stable order: ``[{kind, items, hint}]``."""
    groups: dict[str, list[str]] = {}
    for item in unmet:
        groups.setdefault(unmet_kind(item), []).append(str(item))
    return [{"kind": k, "items": groups[k], "hint": unmet_hint(k, building, band=band, width_mhz=width_mhz)}
            for k in KINDS if k in groups]
