"""Capacity on every band: band split by client mix, associated clients, contention with clients."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wifiplan.capacity.bands import band_split, evaluate_bands
from wifiplan.capacity.evaluate import evaluate_plan
from wifiplan.model.building import Building, Requirements
from wifiplan.model.plan import AccessPoint, Radio, Settings


def _hall(people: int, use: str = "office", length: float = 60.0, **req) -> Building:
    return Building.model_validate({
        "name": "hall", "country": "JP",
        "floors": [{"name": "1F", "elevation_m": 0, "outline": [[0, 0], [length, 0], [length, 10], [0, 10]],
                    "zones": [{"name": "Hall", "use": use, "headcount": people,
                               "polygon": [[0, 0], [length, 0], [length, 10], [0, 10]]}]}],
        "requirements": {"band": 5, **req},
    })


def _ap(name, x, radios, gain=5.0):
    return AccessPoint(name=name, floor="1F", at=[x, 5.0], antenna_gain_dbi={b: gain for b in radios},
                       radios={b: Radio(**r) for b, r in radios.items()})


def _settings():
    return Settings(grid_m=1.0)


def test_split_prefers_the_highest_covering_band_and_falls_back():
    n = 3
    covered = {"6": np.array([True, False, False]), "5": np.array([True, True, False]),
               "2.4": np.array([True, True, False])}
    served = {"6": np.array([True, True, False]), "5": np.array([True, True, True]),
              "2.4": np.array([True, True, True])}
    s = band_split(np.tile([0.5, 0.3, 0.2], (n, 1)), ("laptop", "tablet", "legacy"),
                   {"laptop": ["2.4", "5", "6"], "tablet": ["2.4", "5"], "legacy": ["2.4"]}, covered, served)
    # point 0: laptop on 6, tablet on 5, legacy on 2.4; point 1: 6 only served, not covered
    # -> laptop falls to 5 (covered); point 2: nothing covers -> the highest served band (5)
    assert_allclose(s.fraction("6"), [0.5, 0.0, 0.0])
    assert_allclose(s.fraction("5"), [0.3, 0.8, 0.8])
    assert_allclose(s.fraction("2.4"), [0.2, 0.2, 0.2])


def test_associated_clients_split_by_the_office_mix():
    # office: 2 devices per person, mix laptop 0.3 + phone 0.5 (6E) and laptop-wifi6 0.2 (no 6 GHz).
    # 20 people × 1.3 growth × 2 × 0.95 associate = 49.4 devices: 6 GHz 0.8 × 49.4 = 39.52, 5 GHz 9.88.
    # One AP mid-hall, 14 dBm + 5 dBi: at the farthest point (30.5 m) 6 GHz channel 37 (6135 MHz)
    # gives 19 - 48.2 - 29.7 = -58.9 dBm >= -67, so 6 GHz covers the whole hall.
    b = _hall(20)
    ap = _ap("A", 30, {"5": dict(channel=36, tx_power_dbm=14), "6": dict(channel=37, tx_power_dbm=14)})
    out = evaluate_bands(b, _settings(), [ap], requirements=b.requirements.effective("new"))
    assert set(out) == {"6", "5"}
    assert_allclose(out["6"].associated, [20 * 1.3 * 2 * 0.95 * 0.8], rtol=1e-9)
    assert_allclose(out["5"].associated, [20 * 1.3 * 2 * 0.95 * 0.2], rtol=1e-9)
    # active clients: × concurrency 0.5 instead of × 0.95
    assert_allclose(out["6"].clients + out["5"].clients, [20 * 1.3 * 2 * 0.5], rtol=1e-9)
    assert_allclose(out["6"].uplink_share, [0.25])        # office: 0.5 up / 2.0 total


def test_a_24_only_device_loads_the_24_radio():
    b = _hall(10, use="warehouse")                   # mix phone 0.5, legacy-2g4 0.5
    ap = _ap("A", 30, {"5": dict(channel=36, tx_power_dbm=14), "2.4": dict(channel=1, tx_power_dbm=10)})
    out = evaluate_bands(b, _settings(), [ap], requirements=b.requirements.effective("new"))
    present = 10 * 1.3 * 1.0 * 0.95
    assert_allclose(out["2.4"].associated, [present * 0.5], rtol=1e-9)
    assert_allclose(out["5"].associated, [present * 0.5], rtol=1e-9)


def _far_pair():
    # APs 60 m apart at -5 dBm + 0 dBi on one channel: AP to AP 60.0 m (same height):
    # -5 - 46.74 - 35.56 = -87.3 dBm < -82, so they do not hear each other. A laptop
    # (18 dBm) of cell B at x = 60 (the boundary) is 30.05 m (3-D) from AP A:
    # 18 - 46.74 - 29.56 = -58.3 dBm >= -82, so A hears B's clients.
    b = _hall(20, length=120.0)
    aps = [_ap("A", 30, {"5": dict(channel=36, tx_power_dbm=-5)}, gain=0.0),
           _ap("B", 90, {"5": dict(channel=36, tx_power_dbm=-5)}, gain=0.0)]
    return b, aps


def test_clients_heard_add_the_uplink_share_of_the_other_cell():
    b, aps = _far_pair()
    out = evaluate_bands(b, _settings(), aps, requirements=b.requirements.effective("new"))["5"]
    assert np.all(out.hear_dbm[np.isfinite(out.hear_dbm)] < -82)
    air, up = out.airtime, out.uplink_share
    assert_allclose(up, [0.25, 0.25])
    assert_allclose(out.utilization, [air[0] + 0.25 * air[1], air[1] + 0.25 * air[0]], rtol=1e-9)


def test_without_client_contention_only_own_airtime():
    b, aps = _far_pair()
    req = b.requirements.model_copy(update={"client_contention": False, "check_associated_clients": True})
    out = evaluate_bands(b, _settings(), aps, requirements=req)["5"]
    assert_allclose(out.utilization, out.airtime)


def test_legacy_evaluation_is_unchanged_by_the_new_fields():
    # the design-band evaluation of a legacy plan is the one check used before issue 12
    b, aps = _far_pair()
    old = evaluate_plan(b, _settings(), aps)
    assert_allclose(old.utilization, old.airtime)          # APs do not hear each other
    assert old.associated is None
    assert Requirements().effective("multiwall") == Requirements()


def test_sparse_client_levels_give_the_dense_evaluation_bit_for_bit(monkeypatch):
    # a margin of 1000 dB keeps every finite level: the dense evaluation of before
    from wifiplan.capacity import bands, contention

    outline = [[0, 0], [120, 0], [120, 10], [0, 10]]
    b = Building.model_validate({
        "name": "hall", "country": "JP",
        "floors": [{"name": "1F", "elevation_m": 0, "outline": outline,
                    "walls": [{"material": "concrete", "path": [[x, 0], [x, 10]]} for x in (40, 80)],
                    "zones": [{"name": "Hall", "use": "office", "headcount": 120, "polygon": outline}]}],
        "requirements": {"band": 5},
    })
    radios = [({"5": dict(channel=c5, tx_power_dbm=8), "2.4": dict(channel=c24, tx_power_dbm=5)}) for c5, c24 in
              ((36, 1), (36, 1), (40, 6))]
    aps = [_ap(name, x, r) for name, x, r in zip("ABC", (20, 60, 100), radios, strict=True)]
    req = b.requirements.effective("new")
    kept: list[tuple[int, int]] = []

    def counting(rssi, *args, **kw):
        lv = contention.client_levels(rssi, *args, **kw)
        kept.append((lv.rssi_dbm.size, int(np.isfinite(rssi).sum())))
        return lv

    monkeypatch.setattr(bands, "client_levels", counting)
    sparse = evaluate_bands(b, _settings(), aps, requirements=req)
    assert any(k < finite for k, finite in kept)                      # levels were dropped
    monkeypatch.setattr(contention, "CLIENT_LEVEL_MARGIN_DB", 1000.0)
    dense = evaluate_bands(b, _settings(), aps, requirements=req)
    assert all(k == finite for k, finite in kept[len(kept) // 2:])    # none dropped
    assert sorted(sparse) == sorted(dense) == ["2.4", "5"]
    for band in dense:
        assert np.array_equal(sparse[band].utilization, dense[band].utilization)
        assert np.array_equal(sparse[band].associated, dense[band].associated)
        assert np.array_equal(sparse[band].airtime, dense[band].airtime)
    assert dense["5"].utilization.max() > dense["5"].airtime.max()   # clients of other cells do count here


def test_cached_band_maps_give_the_same_evaluation_as_full_maps():
    from wifiplan.capacity.bands import BandMaps, band_maps
    from wifiplan.rf.maps import coverage_maps

    b, aps = _far_pair()
    aps = aps + [_ap("C", 60, {"5": dict(channel=40, tx_power_dbm=10), "2.4": dict(channel=1, tx_power_dbm=5)})]
    req = b.requirements.effective("new")
    s = _settings()
    reduced = {}

    def cached(floor, band):
        if (floor, band) not in reduced:
            reduced[floor, band] = band_maps(b, s, aps, coverage_maps(b, s, aps, floor, band))
        return reduced[floor, band]

    full = evaluate_bands(b, s, aps, requirements=req)
    small = evaluate_bands(b, s, aps, requirements=req, maps_of=cached)
    assert all(isinstance(m, BandMaps) and m.levels is not None for m in reduced.values())
    assert sorted(full) == sorted(small) == ["2.4", "5"]
    for band in full:
        for field in ("utilization", "associated", "airtime", "clients", "uplink_share"):
            assert np.array_equal(getattr(full[band], field), getattr(small[band], field)), (band, field)
