"""design/grow.py: the keep-channel preference, new APs moved onto spares, redundant added APs dropped."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from numpy.testing import assert_allclose

from wifiplan.design.channels import assign_channels
from wifiplan.design.grow import KEEP_CHANNEL_COST, _drop_added, _onto_spares, keep_cost


def test_keep_cost_marks_every_other_channel_of_an_existing_ap() -> None:
    cc = keep_cost(4, np.array([2, -1, 0]), 3)
    assert_allclose(cc, [[KEEP_CHANNEL_COST, KEEP_CHANNEL_COST, 0], [0, 0, 0], [0, KEEP_CHANNEL_COST, KEEP_CHANNEL_COST],
                         [0, 0, 0]])


def _weak_pair() -> np.ndarray:
    # two APs on one channel hearing each other at -90 dBm, below the -82 dBm CCA threshold: no
    # utilisation is shared, only the raw pair weight (a tie-breaker) prefers separate channels
    h = np.full((2, 2), -90.0)
    np.fill_diagonal(h, -np.inf)
    return h


def test_without_keep_cost_a_tie_breaker_moves_an_existing_ap() -> None:
    col = assign_channels(_weak_pair(), 3, airtime=np.array([0.1, 0.1]), max_utilization=0.5, initial=np.array([0, 0]))
    assert col[0] != col[1]


def test_keep_cost_keeps_existing_channels_when_only_a_tie_breaker_would_move_them() -> None:
    first = np.array([0, 0])
    col = assign_channels(_weak_pair(), 3, airtime=np.array([0.1, 0.1]), max_utilization=0.5, initial=first,
                          channel_cost=keep_cost(2, first, 3))
    assert col.tolist() == [0, 0]


def test_keep_cost_gives_way_to_utilisation_over_the_cap() -> None:
    # two APs hearing each other at -60 dBm (> CCA) with 0.3 airtime each: sharing a channel puts each at
    # 0.6 > cap 0.5, an excess of 0.1 per AP, ten times KEEP_CHANNEL_COST, so one must move
    h = np.full((2, 2), -60.0)
    np.fill_diagonal(h, -np.inf)
    first = np.array([1, 1])
    col = assign_channels(h, 3, airtime=np.array([0.3, 0.3]), max_utilization=0.5, initial=first,
                          channel_cost=keep_cost(2, first, 3), strong_dbm=None)
    assert col[0] != col[1] and 1 in col.tolist()


class _Ev:
    """What the passes read of an evaluation: ok and capacity_ok under criteria."""

    def __init__(self, good: bool) -> None:
        self.good = good

    def ok(self, _c) -> bool:
        return self.good

    def capacity_ok(self, _c) -> bool:
        return self.good


def _ws():
    # candidates: 0, 1 existing (floor 0); 2 a new position (floor 0, x=20); 3, 4 spares on floor 0
    # at x=22 and x=40; 5 a spare on floor 1 right above the new position
    xy = np.array([[0, 0], [10, 0], [20, 0], [22, 0], [40, 0], [20, 0]], float)
    return SimpleNamespace(cand_floor=np.array([0, 0, 0, 0, 0, 1]), cand_xy=xy)


def test_a_new_ap_moves_onto_the_nearest_spare_that_keeps_the_requirements() -> None:
    # requirements hold with the AP at 2 (new) or at 4 (spare, 20 m away), not at 3 (spare, 2 m away)
    def exact(a, _e, col, *, replan):
        return _Ev(2 in a or 4 in a), np.where(np.asarray(col) < 0, 0, col)

    notes: list[str] = []
    aps, origin, ev, _col = _onto_spares(_ws(), None, [0, 1, 2], [20.0] * 3, ["existing", "existing", "new"],
                                         _Ev(True), np.array([0, 1, 2]), {3: "s3", 4: "s4", 5: "s5"}, exact, notes)
    assert aps == [0, 1, 4] and origin == ["existing", "existing", "spare"] and ev.ok(None)
    assert "1 AP(s) moved from a new position onto a spare" in notes[0]


def test_a_new_ap_stays_when_no_spare_of_its_floor_keeps_the_requirements() -> None:
    def exact(a, _e, col, *, replan):  # only the new position works; the spare on floor 1 is never tried
        assert 5 not in a
        return _Ev(2 in a), np.asarray(col)

    aps, origin, _ev, _col = _onto_spares(_ws(), None, [0, 1, 2], [20.0] * 3, ["existing", "existing", "new"],
                                          _Ev(True), np.array([0, 1, 2]), {3: "s3", 4: "s4", 5: "s5"}, exact, [])
    assert aps == [0, 1, 2] and origin[2] == "new"


def test_added_aps_the_requirements_do_not_need_are_dropped_new_positions_first() -> None:
    # existing 0, 1; added: 3 (spare), 2 (new), 4 (spare); requirements need any two added APs
    def exact(a, _e, col, *, replan):
        return _Ev(len(a) >= 4), np.asarray(col)

    aps, eirps, origin, src, reasons, _ev, col = _drop_added(
        _ws(), None, [0, 1, 3, 2, 4], [20.0] * 5, ["existing", "existing", "spare", "new", "spare"],
        [0, 1, -1, -1, -1], ["c"] * 5, _Ev(True), np.array([0, 1, 2, 0, 1]), 2, exact)
    assert aps == [0, 1, 3, 4] and origin == ["existing", "existing", "spare", "spare"]
    assert len(eirps) == len(src) == len(reasons) == len(col) == 4


def test_existing_aps_are_never_dropped() -> None:
    def exact(a, _e, col, *, replan):
        return _Ev(True), np.asarray(col)   # requirements hold even with no AP at all

    aps, *_ = _drop_added(_ws(), None, [0, 1, 2], [20.0] * 3, ["existing", "existing", "new"], [0, 1, -1], ["c"] * 3,
                          _Ev(True), np.array([0, 1, 2]), 2, exact)
    assert aps == [0, 1]


def _small_building():
    """The shared small test building and its recommended settings (seed 0)."""
    import yaml

    from tests.conftest import SMALL_BUILDING
    from wifiplan.model.building import Building
    from wifiplan.rf.settings import recommended_settings

    b = Building.model_validate(yaml.safe_load(SMALL_BUILDING))
    return b, recommended_settings(b, seed=0)


def _ap24(name, at, ch, origin):
    """A 1F AP with one 2.4 GHz radio at 14 dBm on channel ``ch``."""
    from wifiplan.model.plan import AccessPoint, Radio

    return AccessPoint(name=name, floor="1F", at=list(at), height_m=2.7, antenna_gain_dbi={"2.4": 4.0},
                       radios={"2.4": Radio(channel=ch, width_mhz=20, tx_power_dbm=14.0)}, origin=origin)


def test_an_added_ap_takes_the_channel_its_neighbours_leave_least_used() -> None:
    # 2.4 GHz in JP: design channels 1/5/9/13. Existing APs on 1, 5 and 9 stand 2–4 m from the added AP
    # at (7, 10) in the open office; the one on 13 is 20 m away behind the drywall partition at x = 15.
    # All four are heard, so the tie-breaker decides: the least power heard, channel 13. The existing keep theirs.
    from wifiplan.design.growpasses import _fit_added_channels
    from wifiplan.library import get_domain

    b, settings = _small_building()

    aps = [_ap24("1F-AP01", (5, 8), 1, "existing"), _ap24("1F-AP02", (9, 12), 5, "existing"),
           _ap24("1F-AP03", (4, 13), 9, "existing"), _ap24("1F-AP04", (27, 5), 13, "existing"),
           _ap24("1F-AP05", (7, 10), 1, "new")]
    out = _fit_added_channels(b, settings, aps, get_domain("JP"), skip="5")
    assert [a.radios["2.4"].channel for a in out] == [1, 5, 9, 13, 13]


def test_soft_recolouring_moves_only_what_a_strong_co_channel_pair_forces() -> None:
    # 2.4 GHz in JP (1/5/9/13): existing APs 1.4 m apart both on channel 1 hear each other far above
    # -67 dBm (a strong pair, penalty 100 against a keep cost of 0.01): one must move. The existing AP
    # on 9 behind the partition and the added AP keep channels nothing forces them off.
    from wifiplan.design.growpasses import _recolour_kept
    from wifiplan.library import get_domain

    b, settings = _small_building()

    aps = [_ap24("1F-AP01", (5, 8), 1, "existing"), _ap24("1F-AP02", (6, 9), 1, "existing"),
           _ap24("1F-AP03", (27, 5), 9, "existing"), _ap24("1F-AP04", (8, 16), 13, "spare")]
    got = [a.radios["2.4"].channel for a in _recolour_kept(b, settings, aps, get_domain("JP"), skip="5")]
    assert got[0] != got[1] and 1 in got[:2]
    assert got[2:] == [9, 13]


def test_recoloured_6_ghz_channels_are_written_as_primaries_and_kept() -> None:
    # 6 GHz at 80 MHz: design channels carry centre numbers (7, 23, …), plans the primary (1, 17, …).
    # Two existing APs far apart on different channels need no change: none must be reported re-tuned.
    import yaml

    from tests.conftest import SMALL_BUILDING
    from wifiplan.design.growpasses import _recolour_kept
    from wifiplan.library import get_domain
    from wifiplan.model.building import Building
    from wifiplan.model.plan import AccessPoint, Radio
    from wifiplan.rf.settings import recommended_settings

    b = Building.model_validate(yaml.safe_load(SMALL_BUILDING))

    def ap(name, at, ch):
        return AccessPoint(name=name, floor="1F", at=list(at), height_m=2.7, antenna_gain_dbi={"6": 5.0},
                           radios={"6": Radio(channel=ch, width_mhz=80, tx_power_dbm=14.0)}, origin="existing")

    aps = [ap("1F-AP01", (5, 8), 1), ap("1F-AP02", (25, 12), 17)]
    out = _recolour_kept(b, recommended_settings(b, seed=0), aps, get_domain("JP"), skip="5")
    assert [a.radios["6"].channel for a in out] == [1, 17]


def _office(people: int):
    from wifiplan.model.building import Building

    from .conftest import office_floor

    return Building.model_validate({"name": "Grow", "country": "JP", "requirements": {"band": "5"},
                                    "floors": [office_floor("1F", 0.0, people=people, use="office")]})


def test_the_growth_search_prices_the_load_as_the_planner_does() -> None:
    """Office mix: 6 GHz carries 0.8 of the devices, 5 GHz 0.2. The planner prices the 6 GHz share at
    the 6 GHz rate (weight between the 5 GHz share and the busiest band's share, test_bandload);
    the growth search must see the same load, not the busiest share at the design rate."""
    from wifiplan.design.grow import Existing, grow_layout
    from wifiplan.workflow.plan import plan_building

    b = _office(40)
    base = plan_building(b, seed=0, with_cost=False).plan
    # the design band at 20 MHz (6 GHz is then wider, so its share is priced at its own rate)
    aps = [a.model_copy(update={"radios": a.radios | {"5": a.radios["5"].model_copy(update={"channel": 36,
                                                                                             "width_mhz": 20})}})
           for a in base.aps]
    ex = Existing(aps=aps, spares=list(base.spares), cabling=list(base.cabling))
    priced: dict = {}
    grow_layout(b, ex, needs_growth=False, cache=priced)
    raw: dict = {}
    grow_layout(b, ex, needs_growth=False, cache=raw, band_load=False)
    f, g = priced["workspace"].floors[0], raw["workspace"].floors[0]
    m = f.band_frac[:, 0] > 0
    assert priced["workspace"].band_load_factors
    busiest = f.band_frac[m].max(axis=1)
    np.testing.assert_allclose(g.total_mbps[m] / g.demand.total_mbps[m], busiest)
    weight = f.total_mbps[m] / f.demand.total_mbps[m]
    assert np.all(weight >= f.band_frac[m, 1] - 1e-12) and np.all(weight < busiest)


def test_clients_check_counts_higher_scale_the_devices_of_that_cell_only() -> None:
    from wifiplan.design.grow import _calibrate_clients

    # floor 0: points 0-1 served by AP 0, points 2-3 by AP 1, point 4 by none
    f = SimpleNamespace(index=0, n=5, devices=np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    ws = SimpleNamespace(floors=[f])
    ev = SimpleNamespace(aps=np.array([10, 11]), clients=np.array([20.0, 40.0]),
                         serving=[np.array([0, 0, 1, 1, -1])])
    before = f.devices
    # check counts 30 on AP 0 (the search 20: × 1.5) and 30 on AP 1 (the search 40: never scaled down)
    saved, ratios = _calibrate_clients(ws, ev, [30.0, 30.0])
    assert_allclose(f.devices, [1.5, 3.0, 3.0, 4.0, 5.0])
    assert ratios == [1.5]
    assert saved == [(f, before)] and before.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]   # the caller puts it back
    f.devices = before
    assert _calibrate_clients(ws, ev, [20.0, 40.0]) is None
