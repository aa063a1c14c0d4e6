"""Helpers shared by rules: problems to findings, floor of a field path, worst spot of a map."""

from __future__ import annotations

import re

import numpy as np

from wifiplan.check.context import CheckContext
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.errors import Problem

__all__ = [
    "problem_findings", "floor_of_path", "largest_gap", "gap_location", "members_20mhz",
    "ap_preset", "ap_gain_dbi", "domain", "zone_hint",
]


def floor_of_path(ctx: CheckContext, path: str | None) -> str | None:
    """The floor named by a building field path ``floors[i]...``, if any."""
    if not path:
        return None
    m = re.match(r"^floors\[(\d+)\]", path)
    if m and int(m.group(1)) < len(ctx.building.floors):
        return ctx.building.floors[int(m.group(1))].name
    return None


def problem_findings(rule: Rule, problems: list[Problem], *, floor_of=None) -> list[Finding]:
    """Findings of ``rule`` from validation problems, keeping their codes when the rule emits them."""
    out = []
    for p in problems:
        code = p.code if p.code in rule.codes else rule.code
        message = p.message if code == p.code or not p.code else f"{p.code}: {p.message}"
        out.append(rule.finding(message, where=p.location, code=code, severity=p.severity, hint=p.hint,
                                floor=floor_of(p.location.path) if floor_of else None))
    return out


def largest_gap(ok: np.ndarray, grid) -> tuple[float, float, int] | None:
    """Centre (x_m, y_m) and size in cells of the largest connected patch of grid points not ``ok``.

    ``ok`` is a boolean array over ``grid.xy``; connectivity is 4-neighbour on the grid.
    """
    bad = ~np.asarray(ok, bool)
    if not bad.any():
        return None
    from scipy import ndimage

    image = np.zeros(grid.shape, bool)
    image[grid.iy[bad], grid.ix[bad]] = True
    labels, n = ndimage.label(image)
    sizes = np.bincount(labels.ravel())[1:]
    biggest = int(np.argmax(sizes)) + 1
    # the grid point of the biggest patch closest to its centroid (always inside the floor)
    cell_labels = labels[grid.iy, grid.ix]
    idx = np.flatnonzero(cell_labels == biggest)
    pts = np.asarray(grid.xy)[idx]
    centre = pts.mean(axis=0)
    best = idx[np.argmin(np.hypot(*(pts - centre).T))]
    x, y = np.asarray(grid.xy)[best]
    return float(x), float(y), int(sizes[biggest - 1])


def gap_location(ctx: CheckContext, floor: str, x_m: float, y_m: float):
    """Location of the zone containing the point (its polygon), else the floor's outline; and a label."""
    zone = ctx.zone_at(floor, x_m, y_m)
    if zone is not None:
        j, name = zone
        return ctx.at_floor(floor, "zones", j, "polygon"), f"zone '{name}'"
    return ctx.at_floor(floor, "outline"), f"floor {floor}"


def members_20mhz(number: int, width_mhz: int, band: str = "5") -> set[int]:
    """The 20 MHz channel numbers a channel covers, from its primary or centre number and width (5/6 GHz).

    >>> sorted(members_20mhz(42, 80)), sorted(members_20mhz(36, 80))
    ([36, 40, 44, 48], [36, 40, 44, 48])
    """
    from wifiplan.rf.channels import centre_channel

    n = max(1, int(width_mhz) // 20)
    first = centre_channel(band, number, width_mhz) - 2 * (n - 1)
    return {first + 4 * k for k in range(n)}


def ap_preset(ctx: CheckContext, ap):
    """The library AP preset of ``ap``: its ``model`` if that is a preset, else the building's."""
    from wifiplan.library import load_library

    presets = load_library().ap_presets
    for name in (ap.model, ctx.building.ap.preset, ctx.plan.settings.ap_preset):
        if name and name in presets:
            return presets[name]
    return None


def ap_gain_dbi(ctx: CheckContext, ap, band: str) -> float:
    """Antenna gain of ``ap`` on ``band``, dBi: the AP's own, else the building's ``ap:``, else the preset's."""
    if band in ap.antenna_gain_dbi:
        return float(ap.antenna_gain_dbi[band])
    cfg = ctx.building.ap.antenna_gain_dbi or {}
    if band in cfg:
        return float(cfg[band])
    preset = ap_preset(ctx, ap)
    if preset is not None and band in preset.antenna_gain_dbi:
        return float(preset.antenna_gain_dbi[band])
    return 0.0


def domain(ctx: CheckContext):
    """The regulatory domain of the building's country (None if unknown: BD14 reports it)."""
    from wifiplan.library import load_library
    from wifiplan.model.resolve import domain_code

    try:
        return load_library().domains[domain_code(ctx.building.country)]
    except Exception:  # noqa: BLE001 - unknown country is BD14's finding
        return None


def zone_hint(ctx: CheckContext, ap, hint: str) -> str:
    """``hint``, preceded by the zone at the AP when its headcount is only an importer's guess from its area."""
    from wifiplan.workflow.explain import guessed_headcount_zone

    try:
        zone = ctx.cache(("guessed_zone", ap.floor, tuple(ap.at)),
                         lambda: guessed_headcount_zone(ctx.building, ap.floor, list(ap.at)))
    except KeyError:   # an AP on an unknown floor: PL's finding
        return hint
    return f"{zone}; or {hint}" if zone else hint
