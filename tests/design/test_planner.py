"""design_layout's radio choices: power windows per band, the legal limit before clipping, widths, channels."""

from __future__ import annotations

import pytest

from tests.design.conftest import make_building
from wifiplan.design.planner import BAND_EIRP_OFFSET_DB, MIN_EIRP_DBM, design_layout
from wifiplan.library import get_domain, load_library


@pytest.fixture(scope="module")
def layout():
    b = make_building(country="JP", floors=2)
    return b, design_layout(b, seed=0)


def _eirp(ap, band):
    return ap.radios[band].tx_power_dbm + ap.antenna_gain_dbi[band]


def test_power_choice_within_legal_eirp_before_the_writer_clips(layout):
    """The planner's own EIRP per AP and band (before the writer's min with the channel limit) is legal."""
    b, lay = layout
    dom = get_domain("JP")
    preset = load_library().ap_presets[b.ap.preset]
    assert set(lay.chosen_eirp_dbm) == {a.name for a in lay.aps}
    for ap in lay.aps:
        for band, radio in ap.radios.items():
            chosen = lay.chosen_eirp_dbm[ap.name][band]
            ch = dom.find(band, radio.channel, radio.width_mhz)
            assert chosen <= ch.max_eirp_dbm + 1e-9, (ap.name, band, chosen, ch)
            assert chosen <= preset.max_tx_power_dbm[band] + ap.antenna_gain_dbi[band] + 1e-9
            # so the written power is the chosen one (no clip happened), to the 0.1 dB the plan writes
            assert _eirp(ap, band) == pytest.approx(chosen, abs=0.051)


def test_power_windows_per_band(layout):
    """5 GHz ≥ the 9 dBm EIRP floor; 2.4 GHz 6 dB under the AP's own 5 GHz EIRP (floor 3 dBm); 6 GHz +1.2 dB."""
    _, lay = layout
    for ap in lay.aps:
        e5 = _eirp(ap, "5")
        assert e5 >= MIN_EIRP_DBM["5"] - 1e-9
        if "2.4" in ap.radios:
            want = max(e5 + BAND_EIRP_OFFSET_DB["2.4"], MIN_EIRP_DBM["2.4"])  # e.g. 15 − 6 = 9 dBm
            assert _eirp(ap, "2.4") == pytest.approx(min(want, lay.chosen_eirp_dbm[ap.name]["2.4"]), abs=0.051)
            assert _eirp(ap, "2.4") <= e5 - 6 + 1e-9 or _eirp(ap, "2.4") == pytest.approx(MIN_EIRP_DBM["2.4"], abs=0.051)
        if "6" in ap.radios:
            assert _eirp(ap, "6") >= e5 - 1e-9 or _eirp(ap, "6") >= 9 - 1e-9


def test_channel_144_left_out_and_non_dfs_first(layout):
    _, lay = layout
    dom = get_domain("JP")
    used = [dom.find("5", a.radios["5"].channel, a.radios["5"].width_mhz) for a in lay.aps]
    assert all(144 not in ch.members for ch in used)
    if any(ch.dfs for ch in used):  # DFS only once every W52 channel is in use
        assert {m for ch in used if not ch.dfs for m in ch.members} == {36, 40, 44, 48}


def test_5ghz_widths_20_or_40():
    b = make_building(country="JP", floors=1)
    lay = design_layout(b, seed=0)
    assert {a.radios["5"].width_mhz for a in lay.aps} <= {20, 40}
    assert {a.radios["6"].width_mhz for a in lay.aps if "6" in a.radios} <= {40, 80}


def test_widths_40_keeps_every_24ghz_radio():
    """``ap.widths_mhz: [40]`` restricts 5/6 GHz; it used to drop every 2.4 GHz radio (issue 12 item 10)."""
    b = make_building(country="JP", floors=1)
    b.ap.widths_mhz = [40]
    lay = design_layout(b, seed=0)
    assert lay.aps
    for ap in lay.aps:
        assert ap.radios["5"].width_mhz == 40
        assert "2.4" in ap.radios and ap.radios["2.4"].width_mhz == 20
