"""CH06 channels.min_eirp: every enabled radio at or above the EIRP floor."""

from __future__ import annotations

from tests.check.helpers import codes_at, run, write_project
from tests.check.issue12 import NEW_MODEL, ap5, hall


def _ap(tx, **radio):
    a = ap5("A", 30, tx=tx)
    a["antenna_gain_dbi"] = {"5": 5}
    a["radios"]["5"].update(radio)
    return a


def test_whispering_radio_fails_at_its_power(tmp_path):
    # 1 dBm + 5 dBi = 6 dBm EIRP < 9 dBm (the city hall's 5 GHz radios of issue 12)
    building = hall(requirements="min_eirp_dbm: {5: 9}\n")
    report = run(write_project(tmp_path, building=building, aps=[_ap(1)], spares=[]), "CH06")
    assert codes_at(report, "CH06") == [("CH06", 4, "1F")]
    f = report.findings[0]
    assert f.value == 6.0 and f.limit == 9.0 and f.location.path == 'aps[0].radios["5"].tx_power_dbm'


def test_ten_dbm_eirp_passes(tmp_path):
    building = hall(requirements="min_eirp_dbm: {5: 9}\n")
    assert run(write_project(tmp_path, building=building, aps=[_ap(5)], spares=[]), "CH06").findings == []


def test_disabled_radio_is_not_checked(tmp_path):
    building = hall(requirements="min_eirp_dbm: {5: 9}\n")
    aps = [_ap(1, enabled=False)]
    assert run(write_project(tmp_path, building=building, aps=aps, spares=[]), "CH06").findings == []


def test_new_model_default_nine_dbm_legacy_untouched(tmp_path):
    report = run(write_project(tmp_path, building=hall(), aps=[_ap(1)], spares=[], settings=NEW_MODEL), "CH06")
    assert [(f.id, f.limit) for f in report.findings] == [("CH06", 9.0)]
    (tmp_path / "legacy").mkdir()
    assert run(write_project(tmp_path / "legacy", building=hall(), aps=[_ap(1)], spares=[]), "CH06").findings == []
