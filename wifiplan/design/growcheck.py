"""The growth step on ``check``'s evaluation: power re-tunes (balancing), added APs dropped, new positions onto spares.

The search (:mod:`wifiplan.design.grow`) places APs on the fast evaluation of the design
band; ``check`` evaluates every band at each radio's own channel and counts associated
clients. These passes work on the written access points with ``check``'s evaluation
(:class:`CheckEvaluator`, the plan's own grid), so a step adds only what ``check`` needs:

- :func:`balance_on_check`: the planner's balancing (a loaded radio lowered 1 dB at a
  time, :func:`~wifiplan.design.planner._balance_clients`), guarded by ``check``'s
  design-band coverage. Lowering a radio is a re-tune, allowed on existing APs.
- :func:`drop_on_check`: added APs (new positions first, the last added first) dropped
  while ``check``'s evaluation, balanced, still meets every requirement.
- :func:`onto_spares_on_check`: each AP left on a new position tried on every free spare
  of its floor (nearest first); the first with which ``check`` still passes takes it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from wifiplan.design.planner import _balance_clients
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Settings, Spare

__all__ = ["CheckEvaluator", "check_excess", "balance_on_check", "drop_on_check", "onto_spares_on_check"]


class CheckEvaluator:
    """``check``'s every-band evaluation and design-band coverage of AP lists, maps cached.

    Coverage maps (per floor and band, on the plan's grid ``settings.grid_m``, as ``check``
    samples) are kept for the last two AP sets of each band: a trial and the state it came
    from, so a pass that tries one change at a time computes each set's maps once.
    """

    def __init__(self, building: Building, settings: Settings, band: str) -> None:
        self.building = building
        self.settings = settings
        self.band = band
        self.requirements = building.requirements.effective(settings.model)
        self._grids: dict[str, object] = {}
        self._maps: dict[tuple[str, str], list] = {}

    def maps(self, aps: list[AccessPoint], floor: str, band: str):
        """The coverage maps of ``floor`` on ``band`` for ``aps`` (cached)."""
        from wifiplan.rf.engine import band_aps
        from wifiplan.rf.grid import floor_grid
        from wifiplan.rf.maps import coverage_maps

        key = tuple((a.name, a.floor, tuple(a.at), a.height_m, a.radios[band].channel, a.radios[band].width_mhz,
                     a.radios[band].tx_power_dbm) for a in band_aps(aps, band))
        kept = self._maps.setdefault((floor, band), [])
        for k, (radios, maps) in enumerate(kept):
            if radios == key:
                kept.insert(0, kept.pop(k))
                return maps
        if floor not in self._grids:
            self._grids[floor] = floor_grid(self.building, floor, self.settings.grid_m)
        maps = coverage_maps(self.building, self.settings, aps, floor, band, grid=self._grids[floor])
        kept.insert(0, (key, maps))
        del kept[2:]
        return maps

    def per_band(self, aps: list[AccessPoint]) -> dict:
        """Band → :class:`~wifiplan.capacity.evaluate.CapacityEvaluation`, as ``check`` evaluates the plan.

        Plans of the new model: every band (:func:`~wifiplan.capacity.bands.evaluate_bands`,
        devices split over the bands, co-channel clients counted); legacy plans: the design
        band alone (no associated-client figures), as ``check`` evaluates them.
        """
        if self.requirements is self.building.requirements and not self.building.requirements.check_associated_clients:
            from wifiplan.capacity.evaluate import evaluate_plan

            return {self.band: evaluate_plan(self.building, self.settings, aps, band=self.band,
                                             maps_of=lambda floor: self.maps(aps, floor, self.band))}
        from wifiplan.capacity.bands import evaluate_bands

        return evaluate_bands(self.building, self.settings, aps, requirements=self.requirements,
                              maps_of=lambda floor, band: self.maps(aps, floor, band))

    def coverage_ok(self, aps: list[AccessPoint]) -> bool:
        """Every floor's design-band coverage (and secondary coverage, when asked) meets its target, as check counts."""
        req = self.building.requirements
        for f in self.building.floors:
            m = self.maps(aps, f.name, self.band)
            best = np.asarray(m.best_rssi_dbm, float)
            if not len(best):
                continue
            ok = (best >= req.min_rssi_dbm) & (np.asarray(m.snr_db, float) >= req.min_snr_db)
            if float(ok.mean()) + 1e-12 < req.coverage_target:
                return False
            if req.secondary_rssi_dbm is not None:
                sec = float((np.asarray(m.second_rssi_dbm, float) >= req.secondary_rssi_dbm).mean())
                if sec + 1e-12 < req.secondary_target:
                    return False
        return True


    def cochannel_ok(self, aps: list[AccessPoint]) -> bool:
        """No floor hears more co-channel APs than the requirement allows, as ``check`` CH04/CH05 count them.

        The rules' metric (:func:`~wifiplan.rf.maps.area_percentile` of the ``cochannel`` map at
        ``co_channel_percentile`` of each floor's area), on the cached maps. Dropping an AP can
        raise it: its area is then served by a neighbour whose channel more APs there share.
        """
        from wifiplan.rf.engine import band_aps
        from wifiplan.rf.maps import area_percentile

        req = self.requirements
        for band, limit in sorted((req.max_co_channel_aps or {}).items()):
            if not band_aps(aps, band):
                continue
            for f in self.building.floors:
                m = self.maps(aps, f.name, band)
                if m.grid.n and area_percentile(m.metric("cochannel"), req.co_channel_percentile) > limit:
                    return False
        return True


def check_excess(per_band: dict, max_clients: float, max_utilization: float) -> float:
    """Summed excess of every radio over the client limit and the utilisation cap, in shares of each (0 = within).

    >>> from types import SimpleNamespace as N
    >>> ev = N(clients=np.array([40.0, 30.0]), associated=np.array([55.0, 30.0]), utilization=np.array([0.2, 0.6]))
    >>> round(check_excess({"5": ev}, 50, 0.5), 3)   # (55 - 50) / 50 + (0.6 - 0.5) / 0.5
    0.3
    """
    total = 0.0
    for ev in per_band.values():
        assoc = ev.associated if ev.associated is not None else ev.clients
        most = np.maximum(np.asarray(assoc, float), np.asarray(ev.clients, float))
        total += float(np.maximum(most - max_clients, 0).sum()) / max_clients
        total += float(np.maximum(np.asarray(ev.utilization, float) - max_utilization, 0).sum()) / max_utilization
    return total


def balance_on_check(building: Building, settings: Settings, aps: list[AccessPoint], band: str, crit,
                     evaluator: CheckEvaluator, *, per_band: dict | None = None):
    """The planner's balancing on ``check``'s evaluation: radios over a cap lowered 1 dB per round.

    A design-band radio is lowered only where ``check``'s design-band coverage still meets
    its target (:meth:`CheckEvaluator.coverage_ok`) and did before. Returns (aps, per-band
    evaluation, (name, band) of the radios lowered).
    """
    from wifiplan.rf.engine import antenna_gain_dbi

    if per_band is None:
        per_band = evaluator.per_band(aps)
    guard: Callable | None = evaluator.coverage_ok if evaluator.coverage_ok(aps) else None
    if guard is None:  # coverage already short: the design band is not lowered (the other bands may be)
        def guard(_trial):
            return False
    # the balancing reads each radio's gain from the AP; an imported AP (CSV, Ekahau) may leave it to
    # its model or preset: filled in for the balancing, the AP written back with its own fields
    own_gain = {a.name: a.antenna_gain_dbi for a in aps}
    full = [a if set(a.radios) <= set(a.antenna_gain_dbi) else a.model_copy(update={"antenna_gain_dbi": {
        b: antenna_gain_dbi(building, settings, a, b) for b in a.radios} | dict(a.antenna_gain_dbi)}) for a in aps]
    out, per_band, lowered = _balance_clients(building, settings, full, band, crit, per_band, evaluator.per_band, guard)
    out = [a if a.antenna_gain_dbi == own_gain[a.name] else a.model_copy(update={"antenna_gain_dbi": own_gain[a.name]})
           for a in out]
    return out, per_band, lowered


def _passes(building, settings, aps, band, crit, evaluator) -> tuple[bool, list[AccessPoint]]:
    """Whether ``aps``, balanced, meets coverage, the client limit, the utilisation cap and the co-channel
    limit on check's evaluation; and the APs as balanced."""
    if not evaluator.coverage_ok(aps):
        return False, aps
    pb = evaluator.per_band(aps)
    if check_excess(pb, crit.max_clients, crit.max_utilization) <= 1e-9:
        return evaluator.cochannel_ok(aps), aps
    out, pb, _lowered = balance_on_check(building, settings, aps, band, crit, evaluator, per_band=pb)
    return check_excess(pb, crit.max_clients, crit.max_utilization) <= 1e-9 and evaluator.cochannel_ok(out), out


def drop_on_check(building: Building, settings: Settings, aps: list[AccessPoint], band: str, crit,
                  evaluator: CheckEvaluator) -> tuple[list[AccessPoint], list[AccessPoint]]:
    """Drop added APs (``origin`` new first, then spare; the last added first) that ``check`` does not need.

    An AP is dropped when, without it and with the radios balanced, ``check``'s evaluation
    still meets coverage, the client limit, the utilisation cap and the co-channel limit
    (:meth:`CheckEvaluator.cochannel_ok`). Returns (the APs kept,
    with any balanced powers; the APs dropped).
    """
    added = [i for i, a in enumerate(aps) if a.origin in ("spare", "new")]
    order = sorted(added, key=lambda i: (aps[i].origin != "new", -i))
    cur = list(aps)
    dropped: list[AccessPoint] = []
    for i in order:
        name = aps[i].name
        trial = [a for a in cur if a.name != name]
        ok, balanced = _passes(building, settings, trial, band, crit, evaluator)
        if ok:
            cur = balanced
            dropped.append(aps[i])
    return cur, dropped


def onto_spares_on_check(building: Building, settings: Settings, aps: list[AccessPoint], spares: list[Spare],
                         band: str, crit, evaluator: CheckEvaluator) -> tuple[list[AccessPoint], list[str]]:
    """Move each AP on a new position onto a free spare of its floor (nearest first) where ``check`` still passes.

    Every free spare of the floor is tried (a spare needs no new cable run: it is always the
    cheaper AP). The AP keeps its name and radios; it takes the spare's position, mount
    height and telecom room, and ``origin: spare``. Returns (the APs, the names of the spares used).
    """
    cur = list(aps)
    used: list[str] = []
    for name in [a.name for a in aps if a.origin == "new"]:
        a = next(x for x in cur if x.name == name)   # as balanced so far
        free = [s for s in spares if s.floor == a.floor and s.name not in used]
        if not free:
            continue
        d = [float(np.hypot(s.at[0] - a.at[0], s.at[1] - a.at[1])) for s in free]
        for j in np.argsort(d, kind="stable"):
            s = free[int(j)]
            moved = a.model_copy(update={"at": list(s.at), "height_m": s.height_m if s.height_m is not None
                                         else a.height_m, "idf": s.idf, "origin": "spare"})
            trial = [moved if x.name == a.name else x for x in cur]
            ok, balanced = _passes(building, settings, trial, band, crit, evaluator)
            if ok:
                cur = balanced
                used.append(s.name)
                break
    return cur, used
