"""Result models of the cost stage: bill-of-materials lines, totals, prepare-now comparison."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from wifiplan.cost.books import CostFactor, CostItem

__all__ = ["Scenario", "SCENARIOS", "BomLine", "ComparisonItem", "Estimate", "EstimateLine", "PrepareComparison",
           "CostResult"]

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


class EstimateLine(_Frozen):
    """One line of the estimate structure above the bill of materials.

    ``amount`` = ``base × rate`` rounded to the currency for rate lines; subtotal and total
    lines are the sum of the lines above them that they name in ``formula``. Field names
    are stable (the HTML report renders them).
    """

    key: str = Field(description="direct_cost, temporary_works, site_management, general_admin, "
                                 "general_conditions, overhead_profit, works_price, contingency, total_excl_tax, "
                                 "consumption_tax or sales_tax, total_incl_tax.")
    label: str
    kind: Literal["direct", "common", "subtotal", "contingency", "tax", "total"]
    base: float | None = Field(None, description="Amount the rate applies to.")
    rate: float | None = Field(None, description="Fraction (0.1 = 10 %).")
    amount: float
    formula: str
    source: str


class Estimate(_Frozen):
    """Direct cost → common costs → contingency → tax, by the country's estimating method.

    ``total_excl_tax`` = ``direct_cost + common_costs + contingency`` and ``total_incl_tax``
    = ``total_excl_tax + tax``, each exactly (in the currency's minor unit).
    """

    method: Literal["jp-public-works", "markups"]
    renovation: bool = Field(description="Priced as 改修 / a retrofit (True) or a new build.")
    contract: str = Field(description="The contract the figures are priced as (size, kind).")
    construction_months: float
    direct_cost: float
    common_costs: float = Field(description="JP: 共通仮設費 + 現場管理費 + 一般管理費等; US: general conditions + O&P.")
    contingency: float
    total_excl_tax: float
    tax: float
    total_incl_tax: float
    lines: list[EstimateLine]


class ComparisonItem(_Frozen):
    """One item of the prepare-now comparison (direct cost): what A spends on it now and
    later, what B spends, and ``difference`` = B − A (positive: preparing saves on it)."""

    key: str
    category: str
    item: str
    prepare_now: float
    activate_later: float
    retrofit_later: float
    difference: float


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
    prepare_now_now_incl_tax: float = Field(0.0, description="(A) now, priced at the project's common-cost, "
                                                               "contingency and tax rates.")
    prepare_now_later_estimate: Estimate | None = Field(None, description="(A) later, its own small 改修 contract.")
    retrofit_later_estimate: Estimate | None = Field(None, description="(B), its own 改修 contract.")
    prepare_now_total_incl_tax: float = 0.0
    retrofit_later_total_incl_tax: float = 0.0
    saving_incl_tax: float = Field(0.0, description="retrofit_later_total_incl_tax − prepare_now_total_incl_tax.")
    per_spare: dict[str, float] = Field(default_factory=dict, description="The totals divided by growth_aps "
                                        "(same keys as the totals: prepare_now_now, …, saving_incl_tax).")
    items: list[ComparisonItem] = Field(default_factory=list, description="The lines summed per item: A now, "
                                        "A later, B and B − A.")


class CostResult(_Frozen):
    """The bill of materials of one scenario, its totals, and the prepare-now comparison.

    ``total`` is the direct cost (the sum of the BOM lines); ``estimate`` adds the common
    costs, contingency and tax (``total_excl_tax``, ``total_incl_tax``).
    """

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
    estimate: Estimate | None = None
    total_excl_tax: float = 0.0
    total_incl_tax: float = 0.0
    labour_derivation: list[str] = Field(default_factory=list, description="How the labour multipliers are built.")
    book_items: dict[str, CostItem] = Field(default_factory=dict, description="The book's unit prices and "
                                            "productivities as used (overrides applied), with full sources.")
    book_factors: dict[str, CostFactor] = Field(default_factory=dict, description="The book's factors as used.")
