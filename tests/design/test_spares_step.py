"""design/spares.py against the growth step: ``spare_growth`` sizes the spares to what the step adds."""

from __future__ import annotations

import pytest

from wifiplan.workflow.grow import existing_from_plan, plan_grown, scaled_building
from wifiplan.workflow.plan import plan_building

from .conftest import make_building


@pytest.fixture(scope="module")
def grown():
    """The two-floor office planned with spare_growth 1.0, then grown × 2 with plan --existing."""
    b = make_building(floors=2, spare_growth=1.0)
    base = plan_building(b, seed=0, with_cost=False)
    step = plan_grown(scaled_building(b, 1.0), existing_from_plan(base.plan, "base"), seed=0, with_cost=False)
    return base.plan, step


def test_the_step_to_the_spare_growth_headcount_lands_on_the_spares(grown) -> None:
    base, step = grown
    assert step.requirements_met
    added = [a for a in step.plan.aps if a.origin in ("spare", "new")]
    assert added                                            # the × 2 step needs capacity
    assert all(a.origin == "spare" for a in added)          # every added AP on a spare
    assert len(added) <= len(base.spares)
