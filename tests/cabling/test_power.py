"""PoE per AP preset and port / budget sizing."""

from __future__ import annotations

import pytest

from wifiplan.cabling.power import ap_pse_power_w, poe_budget_needed_w, ports_needed, switches_needed


@pytest.mark.parametrize("preset,watts", [("wifi6-2x2", 30.0), ("wifi6e-2x2", 45.0), ("wifi7-4x4", 90.0),
                                          ("unknown-model", 45.0), (None, 45.0)])
def test_pse_power_from_presets(preset, watts):
    assert ap_pse_power_w(preset) == watts


@pytest.mark.parametrize("drops,spares,share,expected", [(0, 0, 0.2, 0), (20, 4, 0.2, 29), (40, 0, 0.2, 48), (40, 1, 0.2, 50)])
def test_ports(drops, spares, share, expected):
    assert ports_needed(drops, spares, share) == expected


@pytest.mark.parametrize("ports,per,expected", [(0, 48, 0), (48, 48, 1), (49, 48, 2), (82, 24, 4)])
def test_switches(ports, per, expected):
    assert switches_needed(ports, per) == expected


def test_budget_keeps_load_at_70_percent():
    assert poe_budget_needed_w(700.0, 0.7) == pytest.approx(1000.0)
