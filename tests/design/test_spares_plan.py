"""design/spares.py through the planner: ``requirements.spare_growth`` changes only the spares."""

from __future__ import annotations

import math

import pytest

from wifiplan.design.planner import design_layout

from .conftest import make_building


@pytest.fixture(scope="module")
def layouts():
    """The same two-floor office planned with the share rule alone and with spare_growth 2.0."""
    plain = make_building(floors=2)
    sized = make_building(floors=2, spare_growth=2.0)
    return plain, design_layout(plain, seed=0), design_layout(sized, seed=0)


def test_spare_growth_changes_only_the_spares(layouts) -> None:
    _b, plain, sized = layouts
    # spares are placed after the layout: the APs, radios and all, are the same
    assert [a.model_dump() for a in sized.aps] == [a.model_dump() for a in plain.aps]
    assert len(sized.spares) >= len(plain.spares)


def test_spare_growth_asks_more_spares_than_the_share_and_keeps_their_guarantees(layouts) -> None:
    b, plain, sized = layouts
    n = len(plain.aps)
    floors = {a.floor for a in plain.aps}
    assert len(plain.spares) == max(math.ceil(0.2 * n - 1e-9), len(floors))
    # headcount × 3 (spare_growth 2.0) over a design at × 1.3: check counts all 4 cells over
    # (× 2.3 their design load), the cells split again → more spares than the share's 2
    assert len(sized.spares) > len(plain.spares)
    assert floors <= {s.floor for s in sized.spares}
    for s in sized.spares:
        assert s.reason
        same = [a.at for a in sized.aps if a.floor == s.floor] + [t.at for t in sized.spares
                                                                   if t.floor == s.floor and t is not s]
        assert min(math.dist(s.at, p) for p in same) >= 3.0 - 1e-6
    assert len({(s.floor, tuple(s.at)) for s in sized.spares}) == len(sized.spares)
    assert len({s.name for s in sized.spares}) == len(sized.spares)


def test_the_notes_say_how_the_spares_were_counted(layouts) -> None:
    _b, plain, sized = layouts
    assert not any(n.startswith("spares:") for n in plain.notes)
    note = next(n for n in sized.notes if n.startswith("spares:"))
    assert f"spares: {len(sized.spares)}," in note and "× 3.00" in note and "spare_growth 2" in note
