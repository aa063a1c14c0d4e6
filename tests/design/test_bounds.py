"""Lower bound on the AP count: no AP set smaller than the bound meets the requirements (brute force)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from wifiplan.design import planner as P
from wifiplan.design.bandload import apply_band_load
from wifiplan.design.bounds import lower_bound
from wifiplan.design.fasteval import evaluate
from wifiplan.design.radio import ap_spec
from wifiplan.design.workspace import Workspace
from wifiplan.library import get_domain
from wifiplan.model.building import Building
from wifiplan.rf.settings import recommended_settings

from .conftest import office_floor


def _building(people: int, floors: int = 1, use: str = "office-web-meetings") -> Building:
    return Building.model_validate({"name": "Bound", "country": "JP",
                                    "floors": [office_floor(f"{i + 1}F", 3.5 * i, people=people, use=use)
                                               for i in range(floors)]})


def _setup(b: Building, *, max_candidates: int | None = 12, six_width: int | None = None, band_load: bool = True):
    """Workspace, criteria, EIRP and bound as the planner builds them (design width 20 MHz)."""
    settings = recommended_settings(b, seed=0)
    spec = ap_spec(b)
    dom = get_domain("JP")
    widths = P.band_widths(spec, dom, "5")
    chans = {w: P.design_channels(dom, "5", w) for w in widths}
    eirp = P._design_power(b, "5", spec, chans, settings) + spec.antenna_gain_dbi["5"]
    all_ch = [ch for w in widths for ch in chans[w]]
    ws = Workspace(b, settings, band="5", spec=spec, cover_freq_mhz=max(ch.centre_mhz for ch in all_ch),
                   hear_freq_mhz=min(ch.centre_mhz for ch in all_ch), max_eirp_dbm=eirp,
                   **({"max_candidates": max_candidates} if max_candidates else {}))
    c = P._criteria(b, settings, "5", 20, spec, eirp)
    six = P.band_widths(spec, dom, "6")
    if band_load:
        apply_band_load(ws, b, settings, spec, 20, min(six))
    eff = b.requirements.effective(settings.model)
    bound = lower_bound(ws, c, eirp_dbm=eirp, own_floor_share=eff.min_own_floor_share,
                        band_width_mhz={"6": six_width or max(six), "2.4": 20})
    return ws, c, eirp, bound


def _random_layout(floors: int, n_aps: int, seed: int):
    """(ws, criteria, EIRP, AP candidates): ``n_aps`` candidates drawn at random (``seed``) over a
    ``floors``-storey office of 150 people per floor, every candidate kept (prune and top-two tests)."""
    ws, c, eirp, _bound = _setup(_building(150, floors=floors), max_candidates=None)
    aps = np.sort(np.random.default_rng(seed).choice(ws.M, size=n_aps, replace=False))
    return ws, c, eirp, aps


@pytest.mark.parametrize("people", [30, 120])
def test_no_ap_set_smaller_than_the_bound_meets_the_requirements(people):
    """Every subset of the candidates with fewer APs than the bound fails some requirement, even with
    every AP on its own channel (no co-channel sharing: utilisation = own airtime)."""
    ws, c, eirp, bound = _setup(_building(people))
    assert bound.aps >= 2          # the real-time zone asks a second AP; 120 people need 6 by clients
    feasible_sizes = []
    for k in range(1, bound.aps):
        for subset in itertools.combinations(range(ws.M), k):
            ev = evaluate(ws, np.array(subset), np.full(k, eirp), c, colour=np.arange(k), repair=False)
            if ev.ok(c):
                feasible_sizes.append(k)
                break
    assert not feasible_sizes


def test_the_real_time_term_counts_two_aps_per_real_time_point():
    """A floor one AP covers alone still needs two APs when a real-time zone asks for a second."""
    ws, c, _eirp, bound = _setup(_building(10))
    assert c.rt_secondary_dbm is not None
    assert bound.coverage >= 2 and bound.aps >= 2


def test_each_band_priced_at_its_own_width():
    """All devices on 6 GHz (phones only): the airtime bound scales with the 6 GHz rate.

    Phone, 2 streams, MCS 11: 286.8 Mbit/s at 20 MHz, 1201.0 at 80 MHz (802.11ax tables), so
    the 6 GHz airtime at 20 MHz is 1201.0 / 286.8 = 4.19 times that at 80 MHz.
    """
    b = _building(60, use="circulation")          # client_mix {phone: 1.0}, all 6 GHz capable
    *_rest, at80 = _setup(b, six_width=80)
    *_rest, at20 = _setup(b, six_width=20)
    np.testing.assert_allclose(at20.airtime_units / at80.airtime_units, 1200.98 / 286.76, rtol=1e-3)


@pytest.mark.slow
@pytest.mark.parametrize(("people", "floors"), [(20, 1), (90, 1), (160, 1), (60, 2)])
def test_plans_are_never_under_their_bound(people, floors):
    layout = P.design_layout(_building(people, floors), seed=people)
    assert len(layout.aps) >= layout.lower_bound.aps


def test_a_growth_step_computes_the_bound_as_the_planner_does():
    """``plan --existing`` (grow_layout) and the planner give the same building the same bound.

    The growth path priced 6 GHz at the design band's 20 MHz instead of the widest 6 GHz width
    the planner may use (the x1.3 city hall: airtime 71 APs against the planner's 28); on this
    all-phone floor its airtime units were 2.1 times the planner's.
    """
    from wifiplan.design.grow import Existing, grow_layout

    b = _building(60, use="circulation")
    layout = P.design_layout(b, seed=0)
    step = grow_layout(b, Existing(aps=layout.aps, spares=layout.spares), seed=0, needs_growth=False)
    assert step.lower_bound.airtime_units == pytest.approx(layout.lower_bound.airtime_units, rel=1e-9)
    assert step.lower_bound == layout.lower_bound
