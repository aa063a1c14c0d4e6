"""The check context: evaluations computed once and shared by rules."""

from __future__ import annotations

from tests.check.helpers import needs, write_project
from wifiplan.check import CheckOptions, load_context
from wifiplan.check.context import StageUnavailable
from wifiplan.check.runner import check_context
from wifiplan.check.rules import default_registry


def test_coverage_maps_computed_once_per_floor_and_band(tmp_path, monkeypatch):
    needs("wifiplan.rf.maps")
    import wifiplan.rf.maps as maps

    calls = []
    real = maps.coverage_maps

    def counting(*args, **kw):
        calls.append(args[3:5])
        return real(*args, **kw)

    monkeypatch.setattr(maps, "coverage_maps", counting)
    ctx = load_context(write_project(tmp_path))
    options = CheckOptions(select=("CV", "CH03"))
    findings, ran, skipped = check_context(ctx, options, default_registry())
    assert ran == ["CH03", "CV01", "CV02", "CV03", "CV04", "CV05", "CV06", "CV07"] and not skipped
    assert calls == [("1F", "5")]
    # the capacity evaluation is computed once too, on the same cached maps
    first = ctx.capacity()
    assert ctx.capacity() is first and calls == [("1F", "5")]


def test_cached_maps_drop_the_level_grid_and_the_every_band_capacity_is_unchanged(tmp_path):
    needs("wifiplan.capacity.bands")
    import numpy as np

    from wifiplan.capacity.bands import BandMaps, evaluate_bands

    ctx = load_context(write_project(tmp_path))
    first = ctx.coverage("1F", "5")
    assert first.rssi_dbm is None and first.best_rssi_dbm.size    # the (APs x points) grid is let go
    assert isinstance(ctx._band_maps("1F", "5"), BandMaps)
    fresh = evaluate_bands(ctx.building, ctx.settings, ctx.aps, requirements=ctx.requirements)
    cached = ctx.capacity_bands()
    assert sorted(fresh) == sorted(cached)
    for band in fresh:
        for name in ("utilization", "associated", "airtime", "clients"):
            assert np.array_equal(getattr(fresh[band], name), getattr(cached[band], name)), (band, name)


def test_unavailable_stage_is_cached(tmp_path):
    ctx = load_context(write_project(tmp_path))
    n = []

    def factory():
        n.append(1)
        raise StageUnavailable("not here")

    for _ in range(2):
        try:
            ctx.cache("x", factory)
        except StageUnavailable:
            pass
    assert n == [1]


def test_locations(tmp_path):
    ctx = load_context(write_project(tmp_path))
    loc = ctx.at_ap(ctx.aps[1], "radios", "5", "channel")
    assert loc.line == 5 and loc.path == 'aps[1].radios["5"].channel'
    assert ctx.at_floor("1F", "zones", 1, "polygon").line == 14
    assert ctx.zone_at("1F", 20, 5) == (1, "East") and ctx.zone_at("1F", 40, 5) is None
