"""The planner's exact evaluator: cached reduced maps give check's every-band evaluation bit for bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wifiplan.capacity.bands import BandMaps, evaluate_bands
from wifiplan.design.planner import _exact_evaluator
from wifiplan.io.load import load_building
from wifiplan.workflow.plan import plan_building

FLOORPLANS = Path(__file__).resolve().parents[2] / "floorplans"


def test_cached_band_maps_equal_a_fresh_evaluation(monkeypatch):
    b = load_building(FLOORPLANS / "small-office.yaml").model
    plan = plan_building(b, seed=0, with_cost=False).plan
    import wifiplan.capacity.bands as bands

    seen = []
    real = bands.evaluate_bands

    def spy(*args, **kw):
        out = real(*args, **kw)
        seen.extend(kw["maps_of"](f.name, band) for f in b.floors for band in out)
        return out

    evaluate_plan_at = _exact_evaluator(b, plan.settings, plan.summary["band"])
    monkeypatch.setattr(bands, "evaluate_bands", spy)
    cached = evaluate_plan_at(plan.aps)
    again = evaluate_plan_at(plan.aps)            # from the cache
    monkeypatch.undo()
    fresh = evaluate_bands(b, plan.settings, plan.aps, requirements=b.requirements.effective(plan.settings.model))
    assert seen and all(isinstance(m, BandMaps) for m in seen)
    assert sorted(cached) == sorted(fresh) == sorted(again)
    for band in fresh:
        for name in ("utilization", "associated", "airtime", "clients"):
            assert np.array_equal(getattr(cached[band], name), getattr(fresh[band], name)), (band, name)
            assert np.array_equal(getattr(again[band], name), getattr(fresh[band], name)), (band, name)
