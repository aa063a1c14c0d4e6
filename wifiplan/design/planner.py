"""``design_layout``: building → AP positions, channels, widths, power and spare positions."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from wifiplan.design.bandload import SIX_GHZ_EXTRA_LOSS_DB, apply_band_load, fallback_load
from wifiplan.design.bounds import LowerBound, lower_bound
from wifiplan.design.channels import (
    MIN_REUSE_CHANNELS,
    STRONG_CO_CHANNEL_DBM,
    assign_channels,
    band_channels,
    design_channels,
    needed_colours,
    utilisation_for,
)
from wifiplan.design.fasteval import Criteria, evaluate
from wifiplan.design.placement import Placement, place_aps, repair_exact
from wifiplan.design.prune import prune_with_power
from wifiplan.design.radio import UPLINK_MARGIN_DB, ap_spec, client_spec
from wifiplan.design.spares import (RETUNE_ROUNDS, RETUNE_STEP_DB, check_clients, check_load_ratio, place_spares,
                                    spare_count)
from wifiplan.design.workspace import Progress, Workspace
from wifiplan.errors import ConfigError
from wifiplan.library import get_domain, load_library
from wifiplan.model.building import Building
from wifiplan.model.plan import AccessPoint, Radio, Settings, Spare
from wifiplan.model.resolve import domain_code
from wifiplan.rf.noise import noise_floor_dbm

__all__ = ["LayoutResult", "Unmet", "design_layout", "unmet_requirements", "strong_co_channel_pairs", "DESIGN_WIDTHS_MHZ",
           "band_widths", "min_eirp_dbm", "tpc_targets_dbm", "uplink_threshold_dbm", "weakest_client_eirp_dbm", "MIN_EIRP_DBM", "BAND_EIRP_OFFSET_DB",
           "BAND_24_POWER_OFFSET_DB"]

#: Widths the planner chooses from by density (160/320 MHz leave too few channels for the
#: ≥ 4-channel reuse an enterprise design needs, [S38], [S42], [S70]).
DESIGN_WIDTHS_MHZ = (20, 40, 80)

#: ... per band: 2.4 GHz 20 MHz; 5 GHz 20 or 40 MHz in dense enterprise; 6 GHz 40, or 80
#: where sparse (HPE Aruba Wi-Fi 6E guide [S121]; Cisco [S70]).
BAND_WIDTHS_MHZ: dict[str, tuple[int, ...]] = {"2.4": (20,), "5": (20, 40), "6": (40, 80)}

#: The search aims this much under the utilisation cap and the client limit, for float32
#: rounding and the conservative hearing frequency (the exact per-channel check in
#: :func:`~wifiplan.design.placement.repair_exact` corrects association before writing).
SEARCH_MARGIN = 0.05

#: Lower design powers tried (dB under uplink balance) when co-channel sharing breaks the cap.
DESIGN_POWER_STEPS_DB = (6.0, 12.0, 18.0)

#: Perturbations of the final channel plan's iterated local search (deterministic, seeded).
CHANNEL_KICKS = 100
#: ... and of the polish on the exact evaluation, when a channel is still over the cap.
POLISH_KICKS = 200

#: 2.4 GHz radios run this much below the 5 GHz design power so their cells are not much
#: larger than the 5 GHz ones (2.4 GHz loses ~7 dB less in free space at 1 m and less in
#: walls; unsourced estimate, common practice).
BAND_24_POWER_OFFSET_DB = 6.0

#: EIRP of each band relative to 5 GHz, dB: 2.4 GHz ~6 dB under (above); 6 GHz over 5 GHz
#: by the free-space difference at 1 m between ~6.1 and ~5.3 GHz, 20·log10(6105/5300) ≈ 1.2 dB,
#: so the 6 GHz cell matches the 5 GHz one (6 GHz "equal or slightly higher", HPE Aruba [S121]).
BAND_EIRP_OFFSET_DB: dict[str, float] = {"2.4": -BAND_24_POWER_OFFSET_DB, "5": 0.0, "6": 1.2}

#: Lowest EIRP per band the planner sets, dBm: 5 and 6 GHz after ArubaOS ARM's default
#: minimum EIRP of 9 dBm [S122]; 2.4 GHz 6 dB lower, as the power offset.
#: A requirement ``min_eirp_dbm`` in the building overrides it.
MIN_EIRP_DBM: dict[str, float] = {"2.4": 3.0, "5": 9.0, "6": 9.0}


@dataclass
class LayoutResult:
    """A designed layout: settings as used, APs with radios, spares, and how it was chosen."""

    settings: Settings
    aps: list[AccessPoint]
    spares: list[Spare]
    band: str
    width_mhz: int
    country: str
    tx_power_dbm: float
    criteria: Criteria
    lower_bound: LowerBound
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    chosen_eirp_dbm: dict[str, dict[str, float]] = field(default_factory=dict)
    """EIRP per AP name and band as the power choice set it, before the writer clips it to the
    channel's legal limit (a sound choice never needs the clip)."""


def _r(x: float, nd: int = 2) -> float:
    v = round(float(x), nd)
    return 0.0 if v == 0 else v


def min_eirp_dbm(building: Building, band: str) -> float:
    """The EIRP floor of ``band``, dBm: ``requirements.min_eirp_dbm`` when the building sets it, else
    :data:`MIN_EIRP_DBM` (ArubaOS ARM's default minimum, [S122])."""
    req = getattr(building.requirements, "min_eirp_dbm", None)
    if isinstance(req, dict) and band in req and req[band] is not None:
        return float(req[band])
    return MIN_EIRP_DBM[band]


def band_widths(spec, domain, band: str, *, avoid_dfs: bool = False) -> list[int]:
    """Widths the planner may use on ``band``: the AP's allowed widths with legal channels.

    2.4 GHz always runs 20 MHz whatever ``ap.widths_mhz`` says (40 MHz at 2.4 GHz is not
    recommended in enterprises, [S42], [S121]): ``widths_mhz: [40]`` restricts the 5/6 GHz
    radios, it does not switch the 2.4 GHz radios off.
    """
    if band == "2.4":
        return [20] if band_channels(domain, band, 20, avoid_dfs=avoid_dfs) else []
    allowed = [w for w in DESIGN_WIDTHS_MHZ if w in spec.widths_mhz and design_channels(domain, band, w, avoid_dfs=avoid_dfs)]
    preferred = [w for w in allowed if w in BAND_WIDTHS_MHZ.get(band, DESIGN_WIDTHS_MHZ)]
    return preferred or allowed


def _design_power(building: Building, band: str, spec, chans_by_width: dict, settings=None) -> float:
    """Conducted power of the design band, within the preset and every candidate channel's EIRP.

    Legacy plans: the building's client tx + 3 dB. Plans held to the uplink requirement: the
    weakest expected client's tx power + antenna gain (the AP's downlink edge then falls where
    that client is still heard at the AP at the same level, check rule CV06: more power would
    only widen the interference, not the usable cell), at least the EIRP floor.
    """
    client = client_spec(building.ap.client)
    gain = spec.antenna_gain_dbi[band]
    legal = min(ch.max_eirp_dbm - gain for chans in chans_by_width.values() for ch in chans)
    want = client.tx_power_dbm + UPLINK_MARGIN_DB
    if settings is not None and uplink_threshold_dbm(building, settings, band, 0.0, gain) is not None:
        from wifiplan.rf.devices import device_offset_db

        weakest = weakest_client_eirp_dbm(building, band)
        want = max(weakest - device_offset_db(settings) - settings.client_antenna_gain_dbi,
                   min_eirp_dbm(building, band) - gain)
    return float(max(-10.0, min(want, spec.max_tx_power_dbm[band], legal)))


def weakest_client_eirp_dbm(building: Building, band: str) -> float | None:
    """EIRP (tx + antenna gain + signal offset) of the weakest device on ``band`` over the zones with people
    (as check rule CV06 reads the client mix), dBm; None when no such device."""
    from wifiplan.library import load_library
    from wifiplan.model.resolve import resolve_profile

    presets = load_library().client_presets
    out = []
    for floor in building.floors:
        for zone in floor.zones:
            if not (zone.headcount or 0) > 0:
                continue
            for c in resolve_profile(building, zone.use).mix(building.ap.client):
                p = presets.get(c)
                if p is not None and band in p.bands:
                    out.append(p.tx_power_dbm + p.antenna_gain_dbi + float(getattr(p, "signal_offset_db", 0) or 0))
    return min(out) if out else None


def uplink_threshold_dbm(building: Building, settings, band: str, eirp_dbm: float, ap_gain_dbi: float) -> float | None:
    """The planner's coverage level (its RSSI: design device offset included) at which the weakest
    client still reaches its AP at ``min_uplink_rssi_dbm`` (check rule CV06, Cisco [S29]).

    Path loss is reciprocal: the client is heard at client EIRP + AP gain − PL; the planner sees
    EIRP + offset + client gain − PL, so it must see at least min_uplink + EIRP + offset +
    client gain − AP gain − client EIRP. None for plans without the uplink requirement.
    """
    from wifiplan.rf.devices import device_offset_db

    eff = building.requirements.effective(settings.model)
    client = weakest_client_eirp_dbm(building, band)
    if eff.min_uplink_rssi_dbm is None or client is None:
        return None
    return (eff.min_uplink_rssi_dbm + eirp_dbm + device_offset_db(settings) + settings.client_antenna_gain_dbi
            - ap_gain_dbi - client)


def _criteria(building: Building, settings, band: str, width: int, spec, eirp_dbm: float | None = None) -> Criteria:
    req = building.requirements
    rssi = max(req.min_rssi_dbm, req.min_snr_db + noise_floor_dbm(settings, band, width))
    if eirp_dbm is not None:
        up = uplink_threshold_dbm(building, settings, band, eirp_dbm, spec.antenna_gain_dbi[band])
        rssi = rssi if up is None else max(rssi, up)
    limit = req.max_clients_per_radio or spec.max_clients_per_radio
    eff = req.effective(settings.model)
    return Criteria(width, float(rssi), req.secondary_rssi_dbm, req.coverage_target, req.secondary_target,
                    req.max_utilization, float(limit), load_library().mcs.mac_efficiency,
                    eff.realtime_secondary_rssi_dbm, eff.realtime_secondary_target, eff.min_own_floor_share)


def other_band_widths(spec, domain, band: str) -> dict[str, list[int]]:
    """The usable widths of each band of the AP other than the design band (bands without one left out)."""
    out = {b: band_widths(spec, domain, b) for b in spec.bands if b != band and b in domain.band_keys}
    return {b: w for b, w in out.items() if w}


def design_lower_bound(ws, building, settings, crit, spec, domain, band: str, eirp_dbm: float) -> LowerBound:
    """The plan's lower bound, computed alike by the planner and the growth search
    (:mod:`wifiplan.design.grow`): the own-floor share of the requirements, and every band
    other than the design band priced at the widest width the planner may give it (a step
    of ``plan --existing`` priced 6 GHz at the design band's 20 MHz and reported an airtime
    bound of 71 APs on the x1.3 city hall against the planner's 28).
    """
    return lower_bound(ws, crit, eirp_dbm=eirp_dbm,
                       own_floor_share=building.requirements.effective(settings.model).min_own_floor_share,
                       band_width_mhz={b: max(w) for b, w in other_band_widths(spec, domain, band).items()})


def set_band_load(ws, building, settings, spec, domain, band: str, width: int) -> dict[str, float]:
    """Price the design band's load on ``ws`` as the planner does at ``width`` (:func:`apply_band_load` with
    the narrowest 6 GHz width the planner writes); records the factors in ``ws.band_load_factors``.

    Shared by the planner and the growth search (:mod:`wifiplan.design.grow`) so that both,
    and check, price a point's load alike.
    """
    six = other_band_widths(spec, domain, band).get("6")
    factors = apply_band_load(ws, building, settings, spec, width, min(six) if six else None)
    ws.band_load_factors = factors
    return factors


def _choose(ws, building, settings, band, spec, widths, chans, eirp, seed, report,
            six_width_mhz: int | None = None) -> tuple[int, Placement, Criteria, list[str]]:
    """Place for each width (widest first); keep the widest whose channels cover the colouring.

    A width is rejected as soon as its interference graph (after the own-load splits) needs
    more colours than it has channels (at least 4 for reuse, [S38]); the narrowest width
    is the fallback and is always placed in full.
    """
    notes = []
    narrowest = min(widths)
    for w in sorted(widths, reverse=True):
        c = _criteria(building, settings, band, w, spec, eirp)
        factors = apply_band_load(ws, building, settings, spec, w, six_width_mhz)
        verdict = {}

        def keep_going(ev, w=w):
            need = max(needed_colours(ev.hear), MIN_REUSE_CHANNELS)
            verdict["need"] = need
            return w == narrowest or len(chans[w]) >= need

        p = place_aps(ws, c.tightened(SEARCH_MARGIN), eirp_dbm=eirp, n_channels=len(chans[w]), seed=seed,
                      progress=lambda s, f, w=w: report(f"{s} ({w} MHz)", f), keep_going=keep_going,
                      min_eirp_dbm=min(min_eirp_dbm(building, band), eirp))
        need = verdict.get("need", MIN_REUSE_CHANNELS)
        ws.band_load_factors = factors
        if w == narrowest:
            fits = len(chans[w]) >= need
            notes.append(f"width {w} MHz: {len(chans[w])} channels, {need} colours needed"
                         + ("" if fits else " (narrowest width: kept)"))
            return w, p, c, notes
        if len(chans[w]) >= need:
            notes.append(f"width {w} MHz: {len(chans[w])} channels ≥ {need} colours needed")
            return w, p, c, notes
        notes.append(f"width {w} MHz rejected: {len(chans[w])} channels < {need} colours needed")
    raise AssertionError("unreachable")


#: TPC target: each AP's power is lowered until its third-loudest neighbour hears it at about
#: this level (Cisco RRM's default TPC threshold, [S120]).
TPC_THRESHOLD_DBM = -70.0
#: ... the neighbour whose level sets it (third loudest).
TPC_NEIGHBOUR = 3


def tpc_targets_dbm(hear_dbm: np.ndarray, eirp_dbm: np.ndarray, floor_dbm: float, *,
                    threshold_dbm: float = TPC_THRESHOLD_DBM, neighbour: int = TPC_NEIGHBOUR) -> np.ndarray:
    """EIRP per AP after a TPC pass: lowered so its ``neighbour``-th loudest neighbour hears it at ``threshold_dbm``.

    ``hear_dbm[i, j]``: power AP i receives from AP j at EIRP ``eirp_dbm[j]``. Power is only
    lowered (never raised), never under ``floor_dbm``; an AP with fewer neighbours keeps its power.

    >>> h = np.array([[-np.inf, -60., -65., -75.], [-60., -np.inf, -70., -90.],
    ...               [-65., -70., -np.inf, -80.], [-75., -90., -80., -np.inf]])
    >>> tpc_targets_dbm(h, np.full(4, 20.), 9.).tolist()   # AP0's 3rd loudest hears it at -75: keeps 20
    [20.0, 20.0, 20.0, 20.0]
    >>> h[3, 0] = -62.0                                   # now -65 -> 5 dB lower
    >>> tpc_targets_dbm(h, np.full(4, 20.), 9.).tolist()
    [15.0, 20.0, 20.0, 20.0]
    """
    h = np.asarray(hear_dbm, dtype=float)
    eirp = np.asarray(eirp_dbm, dtype=float)
    n = len(eirp)
    if n <= neighbour:
        return eirp.copy()
    col = np.sort(np.where(np.isfinite(h), h, -np.inf), axis=0)[::-1]   # per column j, loudest first
    third = col[neighbour - 1]
    cut = np.where(np.isfinite(third), np.maximum(third - threshold_dbm, 0.0), 0.0)
    return np.maximum(eirp - cut, np.minimum(floor_dbm, eirp))


#: A TPC step may raise a radio's (AP-to-AP) utilisation only while it stays under this share of
#: the cap: the headroom left for co-channel clients, which the fast evaluation does not count.
#: Estimate.
TPC_UTILISATION_SHARE = 0.8

#: Most single-AP trials of the TPC pass when lowering every AP at once breaks a requirement.
TPC_SINGLE_TRIALS = 12


def _tpc_pass(ws, c, aps, eirps, ev, floor_dbm):
    """Apply :func:`tpc_targets_dbm` where the design still meets every requirement.

    Tries every AP's reduction at once, then half of it; when both break a requirement
    (a lowered AP's clients move to a neighbour that is not lowered), lowers single APs,
    largest reduction first (at most :data:`TPC_SINGLE_TRIALS` trials), keeping each that
    leaves coverage (and secondary), the utilisation cap and the client limit met on the
    fast evaluation.
    """
    if len(aps) <= TPC_NEIGHBOUR:
        return eirps, ev, None
    target = tpc_targets_dbm(ev.hear, eirps, floor_dbm)
    if np.all(target >= eirps - 1e-9):
        return eirps, ev, None

    # the fast evaluation does not count co-channel clients: a lowered AP may not push any
    # radio's utilisation up unless it stays well under the cap (TPC_UTILISATION_SHARE of it)
    allowed = np.maximum(ev.utilisation, TPC_UTILISATION_SHARE * c.max_utilization) + 1e-9

    def ok(trial):
        tr = evaluate(ws, aps, trial, c, colour=ev.colour, repair=False)
        good = tr.coverage_ok(c) and tr.capacity_ok(c) and bool(np.all(tr.utilisation <= allowed))
        return tr if good else None

    for share in (1.0, 0.5):
        trial = np.round(eirps - share * (eirps - target), 1)
        tr = ok(trial)
        if tr is not None:
            lowered = int((trial < eirps - 1e-9).sum())
            return trial, tr, (f"power: TPC pass lowered {lowered} AP(s) (third-loudest neighbour at "
                               f"{TPC_THRESHOLD_DBM:g} dBm{'' if share == 1 else ', half step'}), "
                               f"floor {floor_dbm:g} dBm EIRP")
    cur, cur_ev, lowered = eirps.copy(), ev, 0
    for k in np.argsort(-(eirps - target), kind="stable")[:TPC_SINGLE_TRIALS]:
        if target[k] >= cur[k] - 0.5:
            break
        trial = cur.copy()
        trial[k] = round(float(target[k]), 1)
        tr = ok(trial)
        if tr is not None:
            cur, cur_ev, lowered = trial, tr, lowered + 1
    if not lowered:
        return eirps, ev, None
    return cur, cur_ev, (f"power: TPC pass lowered {lowered} AP(s) one at a time (third-loudest neighbour at "
                         f"{TPC_THRESHOLD_DBM:g} dBm), floor {floor_dbm:g} dBm EIRP")


#: Cost of an AP serving a critical zone on a DFS channel, in units of excess utilisation:
#: more than a pair of co-channel APs that hear each other (~0.01), less than a channel over
#: its cap. A preference, not a rule (check CH07 is a warning).
CRITICAL_DFS_COST = 0.02


def _critical_off_dfs(ws, c, ev, chans, seed) -> tuple[np.ndarray, int]:
    """Channels with APs serving critical zones kept off DFS where the utilisation cap allows.

    Re-runs the channel local search from the current plan with :data:`CRITICAL_DFS_COST`
    on (critical AP, DFS channel); the result is kept only if no channel goes over the cap
    that was within it, and no strong co-channel pair is added.
    """
    colour = np.asarray(ev.colour, int)
    dfs = np.array([ch.dfs for ch in chans], bool)
    if not dfs.any() or dfs.all() or not len(colour):
        return colour, 0
    crit = np.zeros(len(ev.aps), bool)
    for f in ws.floors:
        if f.critical is None or not f.critical.any():
            continue
        srv = ev.serving[f.index][f.critical]
        crit[srv[srv >= 0]] = True
    if not (crit & dfs[colour]).any():
        return colour, 0
    cost = CRITICAL_DFS_COST * (crit[:, None] & dfs[None, :])
    new = assign_channels(ev.hear, len(chans), airtime=ev.airtime, max_utilization=c.max_utilization, seed=seed,
                          initial=colour, channel_cost=cost)
    u0 = utilisation_for(colour, ev.hear, ev.airtime)
    u1 = utilisation_for(new, ev.hear, ev.airtime)
    cap = c.max_utilization + 1e-9
    if (u1 > np.maximum(u0, cap)).any():
        return colour, 0
    h = np.maximum(ev.hear, ev.hear.T)
    def strong(col):
        return int(np.triu((col[:, None] == col[None, :]) & (h >= STRONG_CO_CHANNEL_DBM), 1).sum())
    if strong(new) > strong(colour):
        return colour, 0
    moved = int((crit & dfs[colour] & ~dfs[new]).sum())
    return new, moved


def _polish_channels(building, settings, aps, band, chans, crit, seed, report, ws=None, evaluate_plan_at=None):
    """Re-plan the design band's channels on the exact evaluation of the written APs.

    The search prices hearing at one frequency for all channels; the written plan is
    evaluated at each AP's own channel (on the planning grid of ``ws``, when given). When that evaluation still puts a channel over the
    cap, the channels are re-assigned on its exact hearing matrix and airtime, and the new
    plan is kept if its summed excess utilisation is lower.

    Returns (aps, the evaluation of the returned APs per band: check's every-band one for plans
    of the new model, the design band's alone for legacy plans).
    """
    def excess(ev):
        return float(np.maximum(ev.utilization - crit.max_utilization, 0).sum())

    evaluate_plan_at = evaluate_plan_at or _exact_evaluator(building, settings, band, ws)
    report("channel polish", 0.0)
    per_band = evaluate_plan_at(aps)
    ev = per_band[band]
    for _round in range(2):
        if excess(ev) <= 0:
            break
        number = {ch.number: k for k, ch in enumerate(chans)}
        initial = np.array([number.get(a.radios[band].channel, 0) for a in aps])
        colour = assign_channels(ev.hear_dbm, len(chans), airtime=ev.airtime,
                                 max_utilization=crit.max_utilization * (1 - SEARCH_MARGIN / 2), seed=seed,
                                 initial=initial, kicks=POLISH_KICKS)
        trial = []
        for a, k in zip(aps, colour, strict=True):
            r = a.radios[band]
            ch = chans[int(k)]
            radios = dict(a.radios)
            radios[band] = r.model_copy(update={"channel": ch.number,
                                                "tx_power_dbm": _r(min(r.tx_power_dbm, ch.max_eirp_dbm - a.antenna_gain_dbi[band]), 1)})
            trial.append(a.model_copy(update={"radios": radios}))
        per_band2 = evaluate_plan_at(trial)
        ev2 = per_band2[band]
        if excess(ev2) >= excess(ev) - 1e-9:
            break
        aps, ev, per_band = trial, ev2, per_band2
    report("channel polish", 1.0)
    return aps, per_band


def _exact_evaluator(building, settings, band, ws=None):
    """``aps -> {band: CapacityEvaluation}``: the written APs evaluated as ``check`` does, on the planning grids.

    Plans of the new model: :func:`~wifiplan.capacity.bands.evaluate_bands` (devices split over
    the bands, co-channel clients counted); legacy plans: the design band alone. Coverage maps
    are cached per floor and band on the radios of that band, so an evaluation after a change
    on one band recomputes only that band's maps.
    """
    from wifiplan.capacity.evaluate import evaluate_plan
    from wifiplan.rf.engine import band_aps
    from wifiplan.rf.grid import floor_grid
    from wifiplan.rf.maps import coverage_maps

    eff = building.requirements.effective(settings.model)
    new_model = eff is not building.requirements
    spacing = {f.name: (f.grid_m if ws is not None else settings.grid_m) for f in (ws.floors if ws is not None else [])}
    grids: dict[str, object] = {}
    cache: dict[tuple[str, str], list] = {}   # (floor, band) -> the last two (radios, maps), newest first

    def maps_of(aps):
        def get(name: str, b: str):
            radios = tuple((a.name, a.floor, tuple(a.at), a.height_m, a.radios[b].channel, a.radios[b].width_mhz,
                            a.radios[b].tx_power_dbm) for a in band_aps(aps, b))
            kept = cache.setdefault((name, b), [])
            for k, (key, maps) in enumerate(kept):
                if key == radios:
                    kept.insert(0, kept.pop(k))
                    return maps
            if name not in grids:
                grids[name] = floor_grid(building, name, spacing.get(name, settings.grid_m))
            maps = coverage_maps(building, settings, aps, name, b, grid=grids[name])
            if new_model:   # evaluate_bands reads only this much of it: no (APs × points) grid kept
                from wifiplan.capacity.bands import band_maps

                maps = band_maps(building, settings, aps, maps)
            kept.insert(0, (radios, maps))
            del kept[2:]          # a trial and the state it came from: memory stays bounded on large floors
            return maps
        return get

    def evaluate_plan_at(aps):
        if new_model:  # as check evaluates it: devices split over the bands, co-channel clients counted
            from wifiplan.capacity.bands import evaluate_bands

            return evaluate_bands(building, settings, aps, requirements=eff, maps_of=maps_of(aps))
        get = maps_of(aps)
        return {band: evaluate_plan(building, settings, aps, band=band, maps_of=lambda name: get(name, band))}

    return evaluate_plan_at


#: Balancing on check's evaluation: a radio over the associated- or active-client limit or
#: the utilisation cap is lowered in steps of this size, dB, at most this many rounds (never
#: under the band's EIRP floor). Defined with the spares' prediction, which re-tunes the same
#: way (:mod:`wifiplan.design.spares` is imported here, not the other way round).
BALANCE_STEP_DB = RETUNE_STEP_DB
BALANCE_ROUNDS = RETUNE_ROUNDS
#: On a floor planned on a coarser grid than ``settings.grid_m`` (large floors,
#: :data:`~wifiplan.design.workspace.MAX_PLAN_POINTS`), the balancing holds radios to this
#: share of the client limit: the final evaluation samples the floor at ``settings.grid_m``
#: and counts a cell's devices differently (the mall site2: 51 associated at full resolution
#: on radios the planning grid put within 50). Estimate.
COARSE_CLIENT_SHARE = 0.95


def _balance_clients(building, settings, aps, band, crit, per_band, evaluate_plan_at, design_ok=None, *,
                     coarse_floors=frozenset()):
    """Lower the radios that ``check`` finds over the client limit or the utilisation cap.

    The search places and prunes on the design band's cells at one frequency; ``check``
    evaluates every band at each radio's own channel. A 6 GHz cell is not the 5 GHz cell
    (its walls lose 1–5 dB more, its channel sits up to ~1.5 dB of free-space loss away, its
    power is the 5 GHz power + 1.2 dB), so the 6 GHz devices an AP associates can be ±10 more
    or fewer than the search counted on its 5 GHz cell (city hall: p95 +4.5); a 5 GHz cell
    moves by up to 0.8 dB when the polish changes its channel, and 6 GHz devices that lose
    6 GHz coverage load it. A radio over a cap is lowered by :data:`BALANCE_STEP_DB` per
    round, as a vendor's RRM lowers a loaded radio, so the devices at its edge join a
    neighbour (its slowest ones: its airtime drops most); a radio whose own excess grows
    instead (its remaining devices at a lower rate) keeps its power. The other bands' radios do not
    carry the design band's coverage; a design-band radio is lowered only where
    ``design_ok(aps)`` (the APs with the lowered radios) says coverage (primary, secondary,
    real-time, own floor) still holds on the search's evaluation. The rounds go on while the summed excess
    over the client limit and the utilisation cap (every band together) does not grow, at
    most :data:`BALANCE_ROUNDS`; the radios keep the powers of the round with the least
    excess (none lowered if no round lowers it).

    On ``coarse_floors`` (planned on a coarser grid than ``settings.grid_m``) radios are held to
    :data:`COARSE_CLIENT_SHARE` of the client limit.

    Returns (aps, per-band evaluation, (name, band) of the radios lowered).
    """
    if per_band is None:
        return aps, per_band, set()
    floor_of = {a.name: a.floor for a in aps}

    def limits(ev):
        return np.array([crit.max_clients * (COARSE_CLIENT_SHARE if floor_of[n] in coarse_floors else 1.0)
                         for n in ev.ap_names])

    def over(ev):
        """Per radio of ``ev``: its excess over its caps, in shares of each cap (0 when within)."""
        lim = limits(ev)
        assoc = ev.associated if ev.associated is not None else ev.clients
        most = np.maximum(np.asarray(assoc, float), np.asarray(ev.clients, float))
        return np.maximum.reduce([np.zeros(len(lim)), (most - lim) / crit.max_clients,
                                  (np.asarray(ev.utilization, float) - crit.max_utilization) / crit.max_utilization])

    def excess(pb):
        return float(sum(over(ev).sum() for ev in pb.values()))

    def own(pb, key):
        """Excess of radio ``key`` = (name, band) over its caps (0 when within)."""
        name, b = key
        ev = pb.get(b)
        if ev is None or name not in ev.ap_names:
            return 0.0
        return float(over(ev)[list(ev.ap_names).index(name)])

    def apply(aps, step):
        out = []
        for a in aps:
            mine = {b: tx for (name, b), tx in step.items() if name == a.name}
            if mine:
                radios = {b: (r.model_copy(update={"tx_power_dbm": mine[b]}) if b in mine else r)
                          for b, r in a.radios.items()}
                a = a.model_copy(update={"radios": radios})
            out.append(a)
        return out

    path: set[tuple[str, str]] = set()
    cur = excess(per_band)
    best = (aps, per_band, cur, set())
    for _round in range(BALANCE_ROUNDS):
        if cur <= 0:
            break
        step: dict[tuple[str, str], float] = {}
        by_name = {a.name: a for a in aps}
        for b, ev in per_band.items():
            if b == band and design_ok is None:
                continue
            floor_dbm = min_eirp_dbm(building, b)
            for name, x in zip(ev.ap_names, over(ev), strict=True):
                a = by_name[name]
                r = a.radios[b]
                if x > 1e-9 and r.tx_power_dbm + a.antenna_gain_dbi[b] > floor_dbm + 1e-9:
                    step[(name, b)] = _r(max(r.tx_power_dbm - BALANCE_STEP_DB, floor_dbm - a.antenna_gain_dbi[b]), 1)
        design = {k: tx for k, tx in step.items() if k[1] == band}
        if design and not design_ok(apply(aps, design)):
            # lowered together they break coverage: keep the design-band radios that may go alone
            for k in list(design):
                if not design_ok(apply(aps, {k: design[k]})):
                    del step[k]
            design = {k: tx for k, tx in step.items() if k[1] == band}
            if design and not design_ok(apply(aps, design)):
                for k in design:
                    del step[k]
        if not step:
            break
        trial = apply(aps, step)
        pb = evaluate_plan_at(trial)
        worse = {k for k in step if own(pb, k) > own(per_band, k) + 1e-9}
        if worse:   # a radio whose own excess grew (its edge devices now at a lower rate) keeps its power
            for k in worse:
                del step[k]
            if not step:
                break
            trial = apply(aps, step)
            pb = evaluate_plan_at(trial)
        new = excess(pb)
        if new > cur + 1e-9:
            break
        aps, per_band, cur = trial, pb, new     # equal: go on (a cell edge at a wall moves only after a few dB)
        path |= set(step)
        if new < best[2] - 1e-9:
            best = (aps, per_band, new, set(path))
    return best[0], best[1], best[3]


def _excess(p: Placement, c: Criteria) -> float:
    ev = p.evaluation
    own = np.maximum(ev.airtime / c.max_utilization, ev.clients / c.max_clients)
    return float(np.maximum(own - 1, 0).sum() + np.maximum(ev.utilisation / c.max_utilization - 1, 0).sum())


def _lower_design_power(ws, crit, placement, eirp, width, chans, spec, band, seed, report, floor_eirp):
    """Re-place at lower design power when co-channel sharing breaks the cap at uplink balance.

    At lower power every AP hears fewer others above −82 dBm (across slabs first), so more,
    smaller cells can meet the cap where fewer, larger ones cannot. Keeps the first power
    step that meets every requirement, else the one with the least excess.

    A step that neither meets every requirement nor lowers the excess ends the search: each
    lower step is a whole placement with more APs, and on the malls the excess only grew
    step by step (issue 16: ``site1``'s first two floors, 281 → 402 → 501 APs, excess 4.7 →
    5.8 → 6.9; the −12 dB placement alone was 7.7 of the 35 CPU s to this point): the cells
    over the cap there are over it on their own load (up to 90 clients on one radio against a
    limit of 47.5 at every power), which a lower power does not remove.
    """
    gain = spec.antenna_gain_dbi[band]
    floor_eirp = min(floor_eirp, eirp)
    best, best_eirp = placement, eirp
    search = crit.tightened(SEARCH_MARGIN)
    notes = []
    for step in DESIGN_POWER_STEPS_DB:
        e = max(eirp - step, floor_eirp)
        if e >= best_eirp - 1e-9 and best is not placement:
            break
        p = place_aps(ws, search, eirp_dbm=e, n_channels=len(chans[width]), seed=seed,
                      progress=lambda s, f, e=e: report(f"{s} ({e - gain:.0f} dBm)", f), min_eirp_dbm=floor_eirp)
        if p.feasible:
            notes.append(f"power: designed at {e - gain:g} dBm (uplink balance {eirp - gain:g} dBm) so that "
                         "co-channel APs hear each other less")
            return p, e, notes
        if p.evaluation.coverage_ok(crit) and _excess(p, search) < _excess(best, search):
            best, best_eirp = p, e
        else:   # no better than the step above it: a lower step has even more APs (see the docstring)
            break
        if e <= floor_eirp:
            break
    if best is not placement:
        notes.append(f"power: designed at {best_eirp - gain:g} dBm (uplink balance {eirp - gain:g} dBm): "
                     "lower power, fewer co-channel APs heard above −82 dBm")
    return best, best_eirp, notes


def _sort_key(ws, cand: int) -> tuple:
    x, y = ws.cand_xy[cand]
    return (int(ws.cand_floor[cand]), round(float(y), 2), round(float(x), 2))


def design_inputs(building: Building, seed: int) -> tuple:
    """The inputs every design of ``building`` starts from, shared by the planner and growth:
    ``(settings, requirements, design band, AP spec, country code, regulatory domain)``."""
    from wifiplan.rf.settings import recommended_settings

    settings = recommended_settings(building, seed=int(seed))
    req = building.requirements
    code = domain_code(building.country)
    return settings, req, req.band, ap_spec(building), code, get_domain(code)


def _check_load_at(building, settings, aps, band, crit, ws, ev, names, step, search) -> np.ndarray:
    """Per AP index of ``ev``: ``check``'s load at every zone's headcount × (1 + ``step``) (no growth
    allowance), after the power re-tune a growth step makes first.

    The load of an AP is the largest, over its radios, of its clients (active or associated)
    over the client limit and its utilisation over the cap (``crit``), on ``check``'s every-band
    evaluation after :func:`_balance_clients` (design-band radios lowered only where the
    search's coverage holds), as ``plan --existing`` re-tunes a step before adding APs.
    Cost: one every-band evaluation per balancing round (up to :data:`BALANCE_ROUNDS` + 1).
    """
    scaled = building.scaled(step)
    exact = _exact_evaluator(scaled, settings, band, ws)
    index = {v: k for k, v in names.items()}

    def design_ok(trial) -> bool:   # coverage on the search's evaluation, as the planner's balancing asks
        e = np.asarray(ev.eirp, float).copy()
        for a in trial:
            e[index[a.name]] = min(e[index[a.name]], a.radios[band].tx_power_dbm + a.antenna_gain_dbi[band])
        return evaluate(ws, ev.aps, e, search, colour=ev.colour, repair=False).coverage_ok(search)

    coarse = frozenset(f.name for f in ws.floors if f.grid_m > float(settings.grid_m) + 1e-12)
    _aps, per_band, _lowered = _balance_clients(scaled, settings, aps, band, crit, exact(aps), exact, design_ok,
                                                coarse_floors=coarse)
    most: dict[str, float] = {}
    for e in per_band.values():
        assoc = e.associated if e.associated is not None else e.clients
        for name, a, c, u in zip(e.ap_names, assoc, e.clients, e.utilization, strict=True):
            most[name] = max(most.get(name, 0.0), float(a) / crit.max_clients, float(c) / crit.max_clients,
                             float(u) / crit.max_utilization)
    return np.array([most.get(names.get(i, ""), 0.0) for i in range(len(ev.aps))])


def design_layout(
    building: Building,
    *,
    seed: int = 0,
    progress: Progress | None = None,
) -> LayoutResult:
    """Design the AP layout of ``building``: positions, radios (channel, width, power), spares.

    Parameters
    ----------
    building : Building (validated).
    seed : orders ties in the search (``numpy.random.default_rng(seed)``); the same building
        and seed give the same layout.
    progress : callable ``(stage, fraction)`` for a progress bar.

    Raises
    ------
    ConfigError
        If the AP preset lacks the design band, the country has no channels for it, or
        no channel width is usable.

    See Also
    --------
    wifiplan.workflow.plan.plan_building : the layout plus cabling, cost and summary.
    """
    t0 = time.perf_counter()
    report = progress or (lambda _s, _f: None)
    settings, req, band, spec, code, domain = design_inputs(building, seed)
    if band not in spec.bands:
        raise ConfigError(f"requirements.band: the AP preset '{spec.preset}' has no {band} GHz radio "
                          f"(it has {', '.join(spec.bands)}); choose another band or ap.preset")
    if band not in domain.band_keys:
        raise ConfigError(f"requirements.band: {code} allows no Wi-Fi on {band} GHz in wifiplan's rules")
    widths = band_widths(spec, domain, band, avoid_dfs=req.avoid_dfs)
    if not widths:
        raise ConfigError(f"no usable {band} GHz channel width: the AP allows {list(spec.widths_mhz)} MHz, "
                          f"{code} {'without DFS ' if req.avoid_dfs else ''}has channels at "
                          f"{[w for w in DESIGN_WIDTHS_MHZ if band_channels(domain, band, w, avoid_dfs=req.avoid_dfs)]} MHz")
    chans = {w: design_channels(domain, band, w, avoid_dfs=req.avoid_dfs) for w in widths}
    tx = _design_power(building, band, spec, chans, settings)
    gain = spec.antenna_gain_dbi[band]
    eirp = tx + gain
    all_ch = [ch for w in widths for ch in chans[w]]
    ws = Workspace(building, settings, band=band, spec=spec,
                   cover_freq_mhz=max(ch.centre_mhz for ch in all_ch), hear_freq_mhz=min(ch.centre_mhz for ch in all_ch),
                   max_eirp_dbm=eirp, progress=report)
    other_widths = other_band_widths(spec, domain, band)
    width, placement, crit, notes = _choose(ws, building, settings, band, spec, widths, chans, eirp, seed, report,
                                            six_width_mhz=min(other_widths["6"]) if "6" in other_widths else None)
    design_eirp = eirp
    if not placement.feasible and placement.evaluation.coverage_ok(crit):
        placement, design_eirp, more = _lower_design_power(ws, crit, placement, eirp, width, chans, spec, band, seed,
                                                           report, min_eirp_dbm(building, band))
        notes += more
    notes = notes + placement.notes
    bound = design_lower_bound(ws, building, settings, crit, spec, domain, band, design_eirp)
    # final channel plan (with the utilisation repair) on the chosen set
    search = crit.tightened(SEARCH_MARGIN)
    ev = evaluate(ws, placement.aps, placement.eirp_dbm, search, n_channels=len(chans[width]), seed=seed,
                  repair=True, kicks=CHANNEL_KICKS)
    report("channels", 1.0)
    offsets = ws.freq_offsets_db(np.array([ch.centre_mhz for ch in chans[width]]))
    aps_c, reasons, eirps, colour, ev = repair_exact(
        ws, search, [int(a) for a in placement.aps], list(placement.reasons), placement.eirp_dbm, ev.colour, offsets,
        len(chans[width]), seed=seed, kicks=CHANNEL_KICKS, report=report)
    placed, ev0 = placement, ev
    protect: list[tuple[int, float, float]] | None = []
    tried = []
    for attempt in range(PRUNE_ATTEMPTS + 1):
        result = _finish_layout(
            building, settings, ws, spec, domain, band, width, chans, crit, search, offsets, gain, seed, report,
            aps_c, reasons, eirps, colour, ev0, placed, protect)
        tried.append(result)
        if not result[-1]:
            break
        # check's every-band evaluation finds an AP over a cap: redo the prune without removals
        # near it; after PRUNE_ATTEMPTS, without the prune; if every attempt leaves an AP over a
        # cap, keep the one with the fewest such APs (the latest of equals)
        protect = protect + result[-1] if attempt + 1 < PRUNE_ATTEMPTS else None
    best = min(range(len(tried)), key=lambda k: (len(tried[k][-1]), -k))
    aps, placement, ev, names, order, chosen, more, per_band, failing = tried[best]
    notes += more
    if attempt:
        kept = ("the full prune" if best == 0 else "the design without the prune" if best == PRUNE_ATTEMPTS
                else f"attempt {best + 1}, the prune without removals near the APs found over a cap")
        notes.append(f"pruning: check's every-band evaluation found APs over a cap after {attempt} attempt(s); "
                     f"kept {kept}" + (f" ({len(failing)} AP(s) still over a cap)" if failing else ""))
    aps = _write_primary(aps)
    report("spares", 0.0)
    upto = None if req.spare_growth is None else (1 + req.spare_growth) / (1 + req.growth)  # over the design load
    counted = check_clients(building, settings, aps, names, len(ev.aps), per_band=per_band)
    grow_kw = {}
    if upto is not None and counted is not None:   # spare_growth: the prediction sees check's load after a re-tune
        load = _check_load_at(building, settings, aps, band, crit, ws, ev, names, req.spare_growth, search)
        grow_kw = dict(growth_criteria=crit, floor_eirp_dbm=min_eirp_dbm(building, band),
                       load_ratio=check_load_ratio(ws, ev, load, upto, criteria=crit, n_channels=len(chans[width])))
    spare_pos = place_spares(ws, ev, req.spare_positions, names, criteria=search, n_channels=len(chans[width]),
                             growth_factor=upto, clients=counted, **grow_kw)
    if req.spare_growth is not None:
        asked = spare_count(req.spare_positions, len(ev.aps), len({int(ws.cand_floor[a]) for a in ev.aps}))
        notes.append(f"spares: {len(spare_pos)}, at least the cell splits predicted up to headcount × "
                     f"{1 + req.spare_growth:.2f} (spare_growth {req.spare_growth:g}; spare_positions "
                     f"{req.spare_positions:g} asks {asked})")
    spare_pos = sorted(spare_pos, key=lambda s: _sort_key(ws, s.candidate))
    spares: list[Spare] = []
    sc: dict[int, int] = {}
    for s in spare_pos:
        f = ws.floors[s.floor]
        sc[s.floor] = sc.get(s.floor, 0) + 1
        xy = ws.cand_xy[s.candidate]
        spares.append(Spare(name=f"{f.name}-SP{sc[s.floor]:02d}", floor=f.name, at=[_r(xy[0]), _r(xy[1])],
                            height_m=_r(f.ap_height_m), reason=s.reason))
    report("spares", 1.0)
    chosen_by_name = {names[i]: {b: _r(float(v[i]), 2) for b, v in chosen.items()} for i in order}
    return LayoutResult(settings=settings, aps=aps, spares=spares, band=band, width_mhz=width, country=code,
                        chosen_eirp_dbm=chosen_by_name,
                        tx_power_dbm=float(np.max(placement.eirp_dbm) - gain) if len(aps) else tx, criteria=crit, lower_bound=bound, notes=notes,
                        seconds=time.perf_counter() - t0)



#: Prune attempts: when check's every-band evaluation finds an AP over a cap after the
#: prune, the prune is redone without removals near it; after this many attempts the
#: design goes without the prune (as placed).
PRUNE_ATTEMPTS = 2


def _finish_layout(building, settings, ws, spec, domain, band, width, chans, crit, search, offsets, gain, seed, report,
                   aps_c, reasons, eirps, colour, ev, placement, protect):
    """Prune, TPC, channels and the other bands' radios for the placed set; returns
    (aps, placement, evaluation, names, order, chosen EIRPs, notes, APs over a cap as (floor, x, y))."""
    notes_l: list[str] = []
    floor_eirp = min(min_eirp_dbm(building, band), float(np.max(eirps)) if len(eirps) else 0.0)
    pruned = 0
    colour, moved_before = _critical_off_dfs(ws, search, ev, chans[width], seed)
    if protect is not None:
        aps_c, reasons, eirps, colour, ev, pruned = prune_with_power(ws, search, aps_c, reasons, eirps, colour,
                                                                     offsets, floor_dbm=floor_eirp, report=report,
                                                                     protect=protect,
                                                                     fallback=fallback_load(ws, ws.band_load_factors),
                                                                     fallback_below_dbm=search.rssi_dbm + SIX_GHZ_EXTRA_LOSS_DB)
    if pruned:
        notes_l.append(f"pruning: {pruned} AP(s) removed, loaded neighbours' power lowered where that spread the load")
    eirps, ev, tpc_note = _tpc_pass(ws, search, np.asarray(aps_c, int), np.asarray(eirps, float), ev,
                                    min(min_eirp_dbm(building, band), float(np.max(eirps)) if len(eirps) else 0.0))
    if tpc_note:
        notes_l.append(tpc_note)
    colour, moved = _critical_off_dfs(ws, search, ev, chans[width], seed)
    ev.colour = colour
    ev.utilisation = utilisation_for(colour, ev.hear, ev.airtime)
    if moved or moved_before:
        notes_l.append(f"channels: {moved + moved_before} AP(s) serving critical zones moved to non-DFS channels")
    extra = len(aps_c) - len(placement.aps)
    placement = Placement(np.asarray(aps_c, int), eirps, reasons, ev, ev.ok(search), placement.notes)
    if extra:
        notes_l.append(f"exact per-channel check, moves and pruning: {len(aps_c) - extra} -> {len(aps_c)} APs")
    order = sorted(range(len(placement.aps)), key=lambda i: _sort_key(ws, int(placement.aps[i])))
    names: dict[int, str] = {}
    counters: dict[int, int] = {}
    for i in order:
        fi = int(ws.cand_floor[placement.aps[i]])
        counters[fi] = counters.get(fi, 0) + 1
        names[i] = f"{ws.floors[fi].name}-AP{counters[fi]:02d}"
    chosen: dict[str, np.ndarray] = {band: np.asarray(placement.eirp_dbm, float)}
    other = _other_bands(building, settings, ws, spec, domain, band, placement.eirp_dbm, placement.aps, seed, notes_l,
                         chosen)
    aps: list[AccessPoint] = []
    for i in order:
        cand = int(placement.aps[i])
        f = ws.floors[int(ws.cand_floor[cand])]
        ch = chans[width][int(ev.colour[i])]
        tx_i = float(placement.eirp_dbm[i]) - gain
        radios = {band: Radio(channel=ch.number, width_mhz=width, tx_power_dbm=_r(min(tx_i, ch.max_eirp_dbm - gain), 1))}
        for b, per_ap in other.items():
            radios[b] = per_ap[i]
        radios = {b: radios[b] for b in ("2.4", "5", "6") if b in radios}
        aps.append(AccessPoint(
            name=names[i], floor=f.name, at=[_r(ws.cand_xy[cand][0]), _r(ws.cand_xy[cand][1])], height_m=_r(f.ap_height_m),
            model=spec.preset, antenna_gain_dbi={b: _r(spec.antenna_gain_dbi[b], 2) for b in radios},
            radios=radios, reason=placement.reasons[i],
        ))
    exact = _exact_evaluator(building, settings, band, ws)
    aps, per_band = _polish_channels(building, settings, aps, band, chans[width], crit, seed, report, ws, exact)
    index = {a.name: i for a, i in zip(aps, order, strict=True)}

    def design_ok(trial: list[AccessPoint]) -> bool:   # coverage on the search's evaluation, as written
        e = np.asarray(placement.eirp_dbm, float).copy()
        for a in trial:
            e[index[a.name]] = min(e[index[a.name]], a.radios[band].tx_power_dbm + a.antenna_gain_dbi[band])
        tr = evaluate(ws, placement.aps, e, search, colour=ev.colour, repair=False)
        return tr.coverage_ok(search)

    coarse = frozenset(f.name for f in ws.floors if f.grid_m > float(settings.grid_m) + 1e-12)
    aps, per_band, balanced = _balance_clients(building, settings, aps, band, crit, per_band, exact, design_ok,
                                               coarse_floors=coarse)
    if balanced:
        eirp_new = np.asarray(placement.eirp_dbm, float).copy()
        for k, i in enumerate(order):
            for b, r in aps[k].radios.items():
                if (aps[k].name, b) in balanced and b in chosen:
                    chosen[b][i] = min(float(chosen[b][i]), r.tx_power_dbm + aps[k].antenna_gain_dbi[b])
                    if b == band:
                        eirp_new[i] = chosen[b][i]
        placement = Placement(placement.aps, eirp_new, placement.reasons, placement.evaluation, placement.feasible,
                              placement.notes)
        bands_l = sorted({b for _n, b in balanced}, key=float)
        notes_l.append(f"power: {len(balanced)} radio(s) ({', '.join(bands_l)} GHz) that check's every-band evaluation "
                       f"put over the client limit or the utilisation cap lowered in {BALANCE_STEP_DB:g} dB steps")
    failing = _over_cap(per_band, aps, ws, crit, placement, order)
    return aps, placement, ev, names, order, chosen, notes_l, per_band, failing


def _over_cap(per_band, aps, ws, crit, placement, order) -> list[tuple[int, float, float]]:
    """APs over the utilisation cap or the client limit on any band of check's evaluation, as (floor index, x, y)."""
    if per_band is None:
        return []
    over: set[str] = set()
    for ev in per_band.values():
        assoc = ev.associated if ev.associated is not None else np.zeros(len(ev.ap_names))
        for name, u, cl, asc in zip(ev.ap_names, ev.utilization, ev.clients, assoc, strict=True):
            if u > crit.max_utilization + 1e-9 or cl > crit.max_clients + 1e-9 or asc > crit.max_clients + 1e-9:
                over.add(name)
    out = []
    for i, a in zip(order, aps, strict=True):
        if a.name in over:
            cand = int(placement.aps[i])
            out.append((int(ws.cand_floor[cand]), float(ws.cand_xy[cand][0]), float(ws.cand_xy[cand][1])))
    return out


def _write_primary(aps: list[AccessPoint]) -> list[AccessPoint]:
    """Radios as written: the primary 20 MHz channel of a bonded channel (36 for 36–48 at 80 MHz),
    what AP configurations and Ekahau show; a centre index (42) reads the same."""
    from wifiplan.rf.channels import primary_channel

    out = []
    for a in aps:
        radios = {b: r.model_copy(update={"channel": primary_channel(b, r.channel, r.width_mhz)})
                  for b, r in a.radios.items()}
        out.append(a.model_copy(update={"radios": radios}))
    return out


def _other_bands(building, settings, ws, spec, domain, band, design_eirp, cands, seed, notes,
                 chosen: dict[str, np.ndarray] | None = None) -> dict[str, list[Radio]]:
    """Radios on the preset's other bands: power per AP from the design band's, channels by colouring.

    Each AP's EIRP on band b is its design-band EIRP moved by :data:`BAND_EIRP_OFFSET_DB`
    (2.4 GHz ~6 dB under 5 GHz, 6 GHz ~1.2 dB over it so the cells match), kept within
    the band's EIRP floor (:data:`MIN_EIRP_DBM`), the preset and the channel's legal limit.
    On 2.4 GHz, surplus radios are then switched off (:func:`~wifiplan.design.layer24.thin_24_layer`).
    """
    from wifiplan.capacity.evaluate import ap_hearing_dbm
    from wifiplan.design.layer24 import FALLBACK_24_MARGIN_DB, MAX_CO_CHANNEL_24, thin_24_layer

    out: dict[str, list[Radio]] = {}
    base = np.asarray(design_eirp, float) - BAND_EIRP_OFFSET_DB[band]
    for b in spec.bands:
        if b == band or b not in domain.band_keys:
            continue
        widths = band_widths(spec, domain, b)
        if not widths:
            continue
        gain = spec.antenna_gain_dbi[b]
        chans_all = {w: design_channels(domain, b, w) for w in widths}

        def power(legal_eirp: float, b=b, gain=gain) -> np.ndarray:
            want = np.maximum(base + BAND_EIRP_OFFSET_DB[b], min_eirp_dbm(building, b))
            return np.maximum(np.minimum(np.minimum(want, legal_eirp), spec.max_tx_power_dbm[b] + gain) - gain, -10.0)

        legal = min(ch.max_eirp_dbm for w in widths for ch in chans_all[w])
        tx = power(legal)
        tmp = []
        for k, cand in enumerate(cands):
            f = ws.floors[int(ws.cand_floor[cand])]
            tmp.append(AccessPoint(name=f"t{k}", floor=f.name, at=[float(ws.cand_xy[cand][0]), float(ws.cand_xy[cand][1])],
                                   height_m=f.ap_height_m, model=spec.preset, antenna_gain_dbi={b: gain},
                                   radios={b: Radio(channel=chans_all[widths[0]][0].number, width_mhz=widths[0],
                                                    tx_power_dbm=float(tx[k]))}))
        if chosen is not None:
            chosen[b] = tx + gain
        if b == "2.4":
            chans = chans_all[20]
            w = 20
            crit_rssi = max(building.requirements.min_rssi_dbm,
                            building.requirements.min_snr_db + noise_floor_dbm(settings, b, 20))
            layer = thin_24_layer(building, settings, tmp, len(chans), threshold_dbm=crit_rssi,
                                  coverage_target=building.requirements.coverage_target,
                                  fallback_dbm=crit_rssi - FALLBACK_24_MARGIN_DB, seed=seed)
            off = int((~layer.enabled).sum())
            if off:
                notes.append(f"2.4 GHz: {off} of {len(tmp)} radios switched off so that at most {MAX_CO_CHANNEL_24} "
                             "co-channel APs are heard per location (p95); 2.4 GHz kept at the design level where "
                             f"2.4-only devices are expected, else at ≥ {crit_rssi - FALLBACK_24_MARGIN_DB:g} dBm")
            short = [f for f, v in layer.share_ok.items() if v < 0.95]
            if short:
                notes.append(f"2.4 GHz: co-channel limit not met on {', '.join(short)} without losing 2.4 GHz coverage")
            out[b] = [Radio(channel=chans[int(c)].number, width_mhz=w,
                            tx_power_dbm=_r(min(float(tx[k]), chans[int(c)].max_eirp_dbm - gain), 1),
                            enabled=bool(layer.enabled[k]), disabled_reason=layer.reasons.get(k))
                      for k, c in enumerate(layer.colour)]
            continue
        hear = ap_hearing_dbm(building, settings, tmp, b)
        need = max(needed_colours(hear), MIN_REUSE_CHANNELS)
        ok = [w for w in widths if len(chans_all[w]) >= need]
        w = ok[-1] if ok else widths[0]
        chans = chans_all[w]
        tx = power(min(ch.max_eirp_dbm for ch in chans))  # the chosen width's limits (PSD rules allow more when wider)
        if chosen is not None:
            chosen[b] = tx + gain
        colour = assign_channels(hear, len(chans), seed=seed, strong_dbm=STRONG_CO_CHANNEL_DBM)
        out[b] = [Radio(channel=chans[int(c)].number, width_mhz=w,
                        tx_power_dbm=_r(min(float(tx[k]), chans[int(c)].max_eirp_dbm - gain), 1))
                  for k, c in enumerate(colour)]
    return out


class Unmet(str):
    """An unmet requirement's message with its ``kind``: coverage, secondary, utilization, clients or cabling."""

    kind: str

    def __new__(cls, text: str, kind: str = "other") -> Unmet:
        obj = super().__new__(cls, text)
        obj.kind = kind
        return obj

    def __reduce__(self):  # pickles with its kind (batch runs in worker processes)
        return (Unmet, (str(self), self.kind))


def unmet_requirements(building: Building, final, max_clients: float) -> list[str]:
    """Requirement failures of an evaluation (``capacity.evaluate_plan``), one :class:`Unmet` message each."""
    req = building.requirements
    out = []
    for f in final.floors:
        if f.points and f.coverage + 1e-12 < req.coverage_target:
            out.append(Unmet(f"{f.floor}: coverage {f.coverage:.1%} < target {req.coverage_target:.0%} "
                             f"(≥ {req.min_rssi_dbm:g} dBm and SNR ≥ {req.min_snr_db:g} dB)", "coverage"))
        if f.secondary is not None and f.points and f.secondary + 1e-12 < req.secondary_target:
            out.append(Unmet(f"{f.floor}: secondary coverage {f.secondary:.1%} < target {req.secondary_target:.0%}",
                             "secondary"))
        if f.aps and f.worst_utilization > req.max_utilization + 1e-9:
            out.append(Unmet(f"{f.floor}: channel utilisation {f.worst_utilization:.3f} > cap {req.max_utilization:g} "
                             "(co-channel APs that hear each other above −82 dBm share airtime)", "utilization"))
        if f.aps and f.max_clients_per_radio > max_clients + 1e-9:
            out.append(Unmet(f"{f.floor}: {f.max_clients_per_radio:.0f} clients on one radio > limit {max_clients:g}",
                             "clients"))
    return out


def strong_co_channel_pairs(final, aps, band) -> int:
    """Pairs of APs on overlapping channels that hear each other at or above −67 dBm."""
    from wifiplan.rf.engine import band_aps
    from wifiplan.rf.maps import co_channel_matrix

    bap = band_aps(aps, band)
    if len(bap) < 2:
        return 0
    co = co_channel_matrix(aps, band)
    h = np.maximum(final.hear_dbm, final.hear_dbm.T)
    return int(np.triu(co & (h >= STRONG_CO_CHANNEL_DBM), 1).sum())
