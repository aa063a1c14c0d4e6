"""What would fix each unmet requirement: kinds and hints."""

from __future__ import annotations

import pytest

from tests.design.conftest import make_building
from wifiplan.design.planner import Unmet
from wifiplan.workflow.hints import unmet_hint, unmet_kind, unmet_with_hints


@pytest.mark.parametrize(("text", "kind"), [
    ("1F: coverage 91.0% < target 95% (≥ -67 dBm and SNR ≥ 25 dB)", "coverage"),
    ("1F: secondary coverage 80.0% < target 90%", "secondary"),
    ("2F: channel utilisation 0.612 > cap 0.5 (…)", "utilization"),
    ("2F: 80 clients on one radio > limit 50", "clients"),
    ("3F: AP 3F-AP01 has no telecom room within 90 m; add a telecom room nearer", "cabling"),
])
def test_kind_from_plain_text(text, kind):
    assert unmet_kind(text) == kind


def test_kind_carried_by_design():
    assert unmet_kind(Unmet("anything", "clients")) == "clients"


def test_six_ghz_suggested_only_where_legal_and_not_already_used():
    assert "requirements.band=6" in unmet_hint("utilization", make_building("JP"), band="5", width_mhz=20)
    assert "requirements.band=6" not in unmet_hint("utilization", make_building("JP"), band="6", width_mhz=20)


def test_wider_channels_only_when_a_wider_one_is_legal():
    assert "widths_mhz=[40]" in unmet_hint("utilization", make_building("JP"), band="5", width_mhz=20)
    assert "widths_mhz" not in unmet_hint("utilization", make_building("JP"), band="5", width_mhz=160)


def test_every_kind_has_a_hint_and_groups_keep_order():
    b = make_building("US")
    groups = unmet_with_hints([Unmet("a", "clients"), Unmet("b", "coverage"), Unmet("c", "clients")], b, band="5")
    assert [(g["kind"], g["items"]) for g in groups] == [("coverage", ["b"]), ("clients", ["a", "c"])]
    for kind in ("coverage", "secondary", "utilization", "clients", "cabling"):
        assert unmet_hint(kind, b, band="5", width_mhz=20)


def test_unmet_pickles_with_its_kind():
    import pickle

    again = pickle.loads(pickle.dumps(Unmet("1F: x", "clients")))
    assert again == "1F: x" and again.kind == "clients"
