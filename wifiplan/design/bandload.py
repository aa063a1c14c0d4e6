"""Airtime weight of each planning point on the design band when devices split over 6, 5 and 2.4 GHz."""

from __future__ import annotations

import numpy as np

from wifiplan.design.workspace import Workspace

__all__ = ["SIX_GHZ_EXTRA_LOSS_DB", "rate_factor", "apply_band_load", "fallback_load"]

#: How much weaker a point hears an AP's 6 GHz radio than its 5 GHz one, dB, at the EIRP
#: offset the planner writes (+1.2 dB, which cancels the free-space difference): the walls
#: lose more at 6 GHz (drywall 4 → 5 dB, concrete 20 → 22 dB, concrete block 15 → 20 dB in
#: ``materials.yaml``), about 1–2 dB through the one or two walls inside a cell. Estimate,
#: rounded up.
SIX_GHZ_EXTRA_LOSS_DB = 3.0

_BAND_COL = {"6": 0, "5": 1, "2.4": 2}   # columns of FloorSpace.band_frac


def rate_factor(settings, design_band: str, design_width_mhz: int, design_client: str, band: str, width_mhz: int,
                devices: list[str], ap_streams: int, ap_generation: str, threshold_dbm: float, *,
                extra_loss_db: float = 0.0) -> float:
    """The largest ratio (design-band rate of ``design_client``) ÷ (``band`` rate of any of ``devices``) over
    the covered RSSI range [``threshold_dbm``, −20 dBm], the ``band`` radio heard ``extra_loss_db`` weaker.

    A device on ``band`` at a point then takes at most ``factor`` × (its demand ÷ the design
    client's design-band rate) of airtime: the search may load the design band with
    ``factor`` × that band's share. ``inf`` when some device has no rate on ``band`` where
    the design band has one.

    >>> from wifiplan.model.plan import Settings
    >>> f = rate_factor(Settings(), "5", 20, "laptop", "6", 40, ["laptop"], 2, "wifi6e", -67.0, extra_loss_db=3.0)
    >>> 0.5 < f < 1.0      # 40 MHz carries about twice the 20 MHz rate, a little less with 3 dB less signal
    True
    """
    from wifiplan.capacity.evaluate import point_rate_mbps

    rssi = np.arange(float(threshold_dbm), -20.0 + 1e-9, 0.25)
    base = point_rate_mbps(settings, design_band, rssi, np.full(len(rssi), design_width_mhz), design_client,
                           ap_streams, ap_generation)
    worst = 0.0
    for d in devices:
        other = point_rate_mbps(settings, band, rssi - extra_loss_db, np.full(len(rssi), width_mhz), d,
                                ap_streams, ap_generation)
        if np.any((other <= 0) & (base > 0)):
            return float("inf")
        ok = base > 0
        if ok.any():
            worst = max(worst, float((base[ok] / other[ok]).max()))
    return worst


def apply_band_load(ws: Workspace, building, settings, spec, width_mhz: int, six_width_mhz: int | None) -> dict[str, float]:
    """Set each floor's ``total_mbps`` to the airtime weight of its points on the design band at ``width_mhz``.

    The workspace loads every point with its busiest band's share of the demand, priced at
    the design band's rate (conservative: a 6 GHz radio at 40 MHz carries its share at about
    twice the rate of a 5 GHz radio at 20 MHz). Here the 6 GHz share counts ×
    :func:`rate_factor` (the worst ratio of the design rate to the 6 GHz rate at
    ``six_width_mhz``, the narrowest 6 GHz width the planner writes, over the covered range,
    with the 6 GHz signal :data:`SIX_GHZ_EXTRA_LOSS_DB` weaker), the design band's own share
    and 2.4 GHz's ×1, as before. Only when the design band is 5 GHz, the workspace splits
    devices over bands (new model), and 6 GHz is wider than the design width; otherwise
    nothing changes. Devices (the client limit) are never scaled.

    Returns the factor per design client name (empty when nothing changed).
    """
    from wifiplan.library import load_library

    if ws.band != "5" or six_width_mhz is None or six_width_mhz <= width_mhz:
        return {}
    if not all(f.band_frac is not None for f in ws.floors if f.n):
        return {}
    presets = load_library().client_presets
    six = sorted({c for f in building.floors for z in f.zones for c in _mix(building, z.use)
                  if c in presets and "6" in presets[c].bands})
    if not six:
        return {}
    factors = {}
    for c in ws.clients:
        factors[c.name] = rate_factor(settings, "5", width_mhz, c.name, "6", six_width_mhz, six, spec.streams,
                                      spec.generation, _threshold(building, settings, width_mhz),
                                      extra_loss_db=SIX_GHZ_EXTRA_LOSS_DB)
    if not all(np.isfinite(v) and v < 1.0 for v in factors.values()):
        return {}
    k6 = np.array([factors[c.name] for c in ws.clients])
    for f in ws.floors:
        if not f.n:
            continue
        fr = f.band_frac
        per_point_k = np.where(f.client >= 0, k6[np.maximum(f.client, 0)], 1.0)
        weight = np.maximum.reduce([fr[:, _BAND_COL["5"]], fr[:, _BAND_COL["6"]] * per_point_k, fr[:, _BAND_COL["2.4"]]])
        f.total_mbps = f.demand.total_mbps * weight
    return factors


def _mix(building, use: str):
    from wifiplan.model.resolve import resolve_profile

    return resolve_profile(building, use).mix(building.ap.client)


def _threshold(building, settings, width_mhz: int) -> float:
    """The coverage level the design band must meet (the lowest RSSI a served point has)."""
    from wifiplan.rf.noise import noise_floor_dbm

    req = building.requirements
    return float(max(req.min_rssi_dbm, req.min_snr_db + noise_floor_dbm(settings, "5", width_mhz)))


def fallback_load(ws: Workspace, factors: dict[str, float]) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """Per floor, the design band's (airtime weight × demand, devices) at points that 6 GHz does not cover.

    Where an AP's 6 GHz radio does not reach the coverage level, 6 GHz devices associate on
    5 GHz (as ``check``'s band split does): the point's 5 GHz load is then its 5 and 6 GHz
    shares together. None when :func:`apply_band_load` changed nothing (``factors`` empty).
    """
    if not factors:
        return None
    out = []
    for f in ws.floors:
        if not f.n or f.band_frac is None:
            out.append((f.total_mbps, f.devices))
            continue
        fr = f.band_frac
        worst = fr.max(axis=1)
        both = fr[:, _BAND_COL["5"]] + fr[:, _BAND_COL["6"]]
        weight = np.maximum(both, fr[:, _BAND_COL["2.4"]])
        dev = np.divide(f.devices * weight, worst, out=np.zeros(f.n), where=worst > 0)
        out.append((f.demand.total_mbps * weight, dev))
    return out
