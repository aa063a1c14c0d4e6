"""design/growcheck.py: added APs dropped on check's evaluation (new positions first), new positions onto spares."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from wifiplan.design import growcheck
from wifiplan.design.growcheck import check_excess, drop_on_check, onto_spares_on_check
from wifiplan.model.plan import AccessPoint, Radio, Spare


def _ap(name: str, origin: str, at=(0.0, 0.0), floor: str = "1F") -> AccessPoint:
    return AccessPoint(name=name, floor=floor, at=list(at), height_m=2.7, origin=origin,
                       radios={"5": Radio(channel=36, width_mhz=20, tx_power_dbm=14.0)})


class _Stub:
    """check's evaluation stand-in: ``good(aps)`` decides whether every radio is within its caps."""

    def __init__(self, good, overlap_ok=lambda aps: True) -> None:
        self.good = good
        self.overlap_ok = overlap_ok
        self.seen: list[list[str]] = []

    def coverage_ok(self, aps) -> bool:
        return True

    def cochannel_ok(self, aps) -> bool:
        return self.overlap_ok(aps)

    def per_band(self, aps) -> dict:
        self.seen.append([a.name for a in aps])
        over = 0.0 if self.good(aps) else 10.0   # 10 clients over the limit of 50 on the first radio
        n = len(aps)
        return {"5": SimpleNamespace(ap_names=[a.name for a in aps], clients=np.zeros(n),
                                     associated=np.array([50.0 + over] + [0.0] * (n - 1)), utilization=np.zeros(n))}


@pytest.fixture(autouse=True)
def _no_balancing(monkeypatch):
    # the balancing itself is the planner's (tested there); here a radio over a cap stays over
    def balance(_b, _s, aps, _band, _crit, evaluator, *, per_band=None):
        return aps, per_band if per_band is not None else evaluator.per_band(aps), set()

    monkeypatch.setattr(growcheck, "balance_on_check", balance)


_CRIT = SimpleNamespace(max_clients=50.0, max_utilization=0.5)


def test_check_excess_sums_shares_over_each_cap() -> None:
    # (58 - 50) / 50 = 0.16 over the client limit; (0.55 - 0.5) / 0.5 = 0.1 over the cap
    ev = SimpleNamespace(clients=np.array([58.0, 10.0]), associated=None, utilization=np.array([0.3, 0.55]))
    assert check_excess({"6": ev}, 50.0, 0.5) == pytest.approx(0.26)


def test_added_aps_check_does_not_need_are_dropped_new_positions_first_last_added_first() -> None:
    aps = [_ap("1F-AP01", "existing"), _ap("1F-AP02", "existing"), _ap("1F-AP03", "spare"), _ap("1F-AP04", "new"),
           _ap("1F-AP05", "new")]
    stub = _Stub(lambda a: sum(x.origin != "existing" for x in a) >= 1)   # any one added AP is enough
    kept, dropped = drop_on_check(None, None, aps, "5", _CRIT, stub)
    assert [a.name for a in kept] == ["1F-AP01", "1F-AP02", "1F-AP03"]          # the spare stays, both new go
    assert [a.name for a in dropped] == ["1F-AP05", "1F-AP04"]
    # tried in that order: without AP05, then without AP04 (and AP05), then without the spare
    assert stub.seen[:3] == [["1F-AP01", "1F-AP02", "1F-AP03", "1F-AP04"], ["1F-AP01", "1F-AP02", "1F-AP03"],
                             ["1F-AP01", "1F-AP02"]]


def test_existing_aps_are_never_dropped_on_check() -> None:
    aps = [_ap("1F-AP01", "existing"), _ap("1F-AP02", "existing"), _ap("1F-AP03", "new")]
    kept, dropped = drop_on_check(None, None, aps, "5", _CRIT, _Stub(lambda a: True))   # passes even with no AP
    assert [a.name for a in kept] == ["1F-AP01", "1F-AP02"] and [a.name for a in dropped] == ["1F-AP03"]


def test_an_added_ap_stays_when_dropping_it_raises_co_channel_overlap_over_the_limit() -> None:
    # without 1F-AP04 its area would be served by a neighbour whose channel more APs share there
    # (check CH04/CH05): clients and utilisation would be fine, but it is kept
    aps = [_ap("1F-AP01", "existing"), _ap("1F-AP03", "new"), _ap("1F-AP04", "new")]
    stub = _Stub(lambda a: True, overlap_ok=lambda a: "1F-AP04" in {x.name for x in a})
    kept, dropped = drop_on_check(None, None, aps, "5", _CRIT, stub)
    assert [a.name for a in kept] == ["1F-AP01", "1F-AP04"] and [a.name for a in dropped] == ["1F-AP03"]


def test_a_new_position_moves_onto_the_nearest_spare_with_which_check_passes() -> None:
    aps = [_ap("1F-AP01", "existing"), _ap("1F-AP02", "new", at=(20.0, 0.0))]
    spares = [Spare(name="1F-SP01", floor="1F", at=[22.0, 0.0], idf="IDF-1"),
              Spare(name="1F-SP02", floor="1F", at=[40.0, 0.0], idf="IDF-2", height_m=3.1),
              Spare(name="2F-SP01", floor="2F", at=[20.0, 0.0], idf="IDF-1")]
    # check passes with the AP at x = 20 (new) or 40 (1F-SP02), not at 22 (1F-SP01, tried first)
    stub = _Stub(lambda a: a[-1].at[0] in (20.0, 40.0))
    out, used = onto_spares_on_check(None, None, aps, spares, "5", _CRIT, stub)
    assert used == ["1F-SP02"]
    moved = out[1]
    assert (moved.name, moved.origin, moved.at) == ("1F-AP02", "spare", [40.0, 0.0])
    assert (moved.idf, moved.height_m) == ("IDF-2", 3.1)
    assert moved.radios == aps[1].radios
    assert all(s[-1] != "2F-SP01" for s in stub.seen)   # another floor's spare is never tried


def test_a_new_position_stays_when_no_spare_passes() -> None:
    aps = [_ap("1F-AP01", "existing"), _ap("1F-AP02", "new", at=(20.0, 0.0))]
    spares = [Spare(name="1F-SP01", floor="1F", at=[22.0, 0.0])]
    out, used = onto_spares_on_check(None, None, aps, spares, "5", _CRIT, _Stub(lambda a: a[-1].at[0] == 20.0))
    assert used == [] and out == aps
