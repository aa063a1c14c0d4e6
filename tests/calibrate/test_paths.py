"""Per-path features reproduce the rf engine exactly (multiwall, multiwall-nl, offsets, slabs)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.calibrate import synth
from wifiplan.calibrate.params import predict_rssi_dbm
from wifiplan.calibrate.paths import SLAB_PREFIX, build_paths, prior_params, slabs_between
from wifiplan.rf.engine import rssi_dbm


def _readings(n: int = 120, seed: int = 0):
    rng = np.random.default_rng(seed)
    aps = synth.aps()
    floor = ["1F" if i % 2 else "2F" for i in range(n)]
    xy = rng.uniform(0.5, 59.5, (n, 2)) * [1, 39 / 59]
    ap = [aps[i % len(aps)].name for i in range(n)]
    return floor, xy, ap


def _rf(b, s, floor, xy, ap):
    aps = synth.aps()
    names = [a.name for a in aps]
    return np.array([rssi_dbm(b, s, aps, "5", f, xy[i : i + 1], cull_rssi_dbm=None)[names.index(ap[i]), 0] for i, f in enumerate(floor)])


SETTINGS = {
    "multiwall": {},
    "offsets+exponent": {"eirp_offset_db": {"5": -2.5}, "path_loss_exponent": 2.8,
                          "params": {"eirp_offset_db_per_ap": {"5": {"1F-AP02": 1.5, "2F-AP07": -3.0}}}},
    "multiwall-nl": {"model": "multiwall-nl", "params": {"wall_weight": {"5": 0.6}}},
    "slab override": {"slab_materials": {"concrete-slab": {"5": 27.0}}},
}


@pytest.mark.parametrize("case", sorted(SETTINGS))
def test_features_reproduce_rf(case: str) -> None:
    b = synth.building()
    s = synth.settings(b).model_copy(update=SETTINGS[case])
    floor, xy, ap = _readings()
    paths = build_paths(b, s, synth.aps(), "5", floor=floor, xy_m=xy, ap=ap)
    prior, keys = prior_params(b, s, "5")
    assert keys == paths.materials
    assert_allclose(predict_rssi_dbm(paths, prior), _rf(b, s, floor, xy, ap), atol=1e-9)


def test_features_are_a_good_basis_for_other_values() -> None:
    # features made under the library settings predict rf under *different* settings
    b = synth.building()
    floor, xy, ap = _readings(seed=1)
    paths = build_paths(b, synth.settings(b), synth.aps(), "5", floor=floor, xy_m=xy, ap=ap)
    t = synth.truth_settings(b)
    tp, _ = prior_params(b, t, "5")
    assert_allclose(predict_rssi_dbm(paths, tp), _rf(b, t, floor, xy, ap), atol=1e-9)


def test_counts_and_slabs() -> None:
    b = synth.building()
    s = synth.settings(b).model_copy(update={"slab_materials": {"concrete-slab": {"5": 27.0}}})
    paths = build_paths(b, s, synth.aps(), "5", floor=["1F", "2F"], xy_m=np.array([[21.0, 8.0], [21.0, 8.0]]), ap=["1F-AP01", "1F-AP01"])
    row = dict(zip(paths.materials, paths.wall_counts[0]))
    assert row["drywall"] == 1 and row["brick"] == 1 and sum(row.values()) == 2
    assert paths.slab_counts[1, paths.materials.index(SLAB_PREFIX + "concrete-slab")] == 1
    assert paths.wall_counts[1].sum() == 0
    assert slabs_between(b, "2F", "1F") == ["2F"]


def test_unknown_ap_raises() -> None:
    b = synth.building()
    with pytest.raises(ValueError, match="no enabled radio"):
        build_paths(b, synth.settings(b), synth.aps(), "5", floor=["1F"], xy_m=np.zeros((1, 2)), ap=["nope"])
