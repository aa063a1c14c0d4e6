"""Result models of the cost stage: bill-of-materials lines, totals, prepare-now comparison."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Scenario", "SCENARIOS", "BomLine", "PrepareComparison", "CostResult"]

Scenario = Literal["new-build", "retrofit"]

#: The scenarios of the current project.
SCENARIOS: tuple[str, ...] = ("new-build", "retrofit")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BomLine(_Frozen):
    """One bill-of-materials line; ``total`` = ``quantity × unit_cost`` rounded to the currency.

    ``section`` is ``bom`` (the project), ``prepare-now`` or ``retrofit-later`` (the
    comparison); ``phase`` says when the money is spent (``now`` or ``later``).
    """

    section: Literal["bom", "prepare-now", "retrofit-later"] = "bom"
    phase: Literal["now", "later"] = "now"
    category: str
    item: str
    key: str = Field(description="Cost-book item key (labour lines: labour:<productivity key>).")
    floor: str = Field(description='Floor name, or "-" for building-wide lines.')
    quantity: float
    unit: str
    unit_cost: float
    total: float
    source: str
    note: str | None = None


class PrepareComparison(_Frozen):
    """Prepare for expansion now (A) versus retrofit the growth APs later (B).

    ``saving`` = ``retrofit_later_total − prepare_now_total`` (positive: preparing pays).
    """

    current_scenario: str
    growth_aps: int
    growth_floors: list[str]
    prepare_now_total: float
    prepare_now_now: float
    prepare_now_later: float
    retrofit_later_total: float
    saving: float
    lines: list[BomLine]
    assumptions: list[str]


class CostResult(_Frozen):
    """The bill of materials of one scenario, its totals, and the prepare-now comparison."""

    scenario: str
    book: str
    book_title: str
    currency: str
    decimals: int
    labour_multiplier: float
    later_labour_multiplier: float
    lines: list[BomLine]
    totals_by_category: dict[str, float]
    totals_by_floor: dict[str, float]
    total: float
    assumptions: list[str]
    comparison: PrepareComparison | None = None
