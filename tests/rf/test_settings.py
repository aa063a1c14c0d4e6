"""make_settings records every material the building uses; effective_settings completes plans."""

from __future__ import annotations

import pytest

from tests.rf.helpers import building
from wifiplan.errors import ConfigError
from wifiplan.library import load_library
from wifiplan.model.plan import Settings
from wifiplan.rf.settings import effective_settings, make_settings, material_losses


def sample():
    return building([
        {"slab": "concrete-slab", "walls": [{"material": "drywall", "path": [[5, 0], [5, 10]]}]},
        {"slab": "heavy-concrete", "walls": [{"material": "custom-wall", "path": [[5, 0], [5, 10]]}]},
    ], materials={"custom-wall": {"2.4": 6, "5": 8}})


def test_make_settings_records_walls_and_slabs():
    s = make_settings(sample())
    lib = load_library().materials
    assert sorted(s.materials) == ["concrete-slab", "custom-wall", "drywall", "heavy-concrete"]
    assert s.materials["drywall"] == lib["drywall"].loss_db
    assert s.materials["heavy-concrete"] == lib["heavy-concrete"].loss_db
    assert s.materials["custom-wall"] == {"2.4": 6.0, "5": 8.0, "6": 8.0}  # 6 GHz from 5 GHz


def test_overrides_win_and_model_params_are_recorded():
    s = make_settings(sample(), grid_m=0.5, model="p1238", materials={"drywall": {"5": 6.5}})
    assert s.grid_m == 0.5 and s.materials["drywall"]["5"] == 6.5 and s.materials["drywall"]["2.4"] == 3.0
    assert s.params == {"environment": "office"}
    s2 = make_settings(sample(), model="p1238-site", params={"environment": "corridor-los"})
    assert s2.params == {"environment": "corridor-los"}


def test_unknown_model_or_material():
    with pytest.raises(ConfigError, match="multiwall"):
        make_settings(sample(), model="nope")
    bad = building([{"walls": [{"material": "unobtainium", "path": [[5, 0], [5, 10]]}]}])
    with pytest.raises(ConfigError, match="unobtainium"):
        make_settings(bad)


def test_material_losses_prefer_settings_and_fill_gaps():
    s = Settings(materials={"drywall": {"2.4": 1.0, "5": 2.0, "6": 3.0}})
    losses = material_losses(sample(), s)
    assert losses["drywall"] == {"2.4": 1.0, "5": 2.0, "6": 3.0}
    assert losses["concrete-slab"] == load_library().materials["concrete-slab"].loss_db


def test_effective_settings_takes_building_defaults_for_unset_fields():
    b = building([{}], ap={"preset": "wifi7-2x2", "client": "phone"})
    eff = effective_settings(b, Settings())
    assert eff.client == "phone" and eff.ap_preset == "wifi7-2x2" and "concrete-slab" in eff.materials
    eff2 = effective_settings(b, Settings(client="tablet"))
    assert eff2.client == "tablet"
