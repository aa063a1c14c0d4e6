"""Cost: bill of materials from cost books, new-build/retrofit scenarios, prepare-now vs later."""

from wifiplan.cost.books import CostBook, CostFactor, CostItem, book_names, default_book_name, load_book, resolve_book
from wifiplan.cost.export import cost_csv, cost_json, cost_summary
from wifiplan.cost.estimate import build_estimate, common_rates_jp
from wifiplan.cost.models import SCENARIOS, BomLine, ComparisonItem, CostResult, Estimate, EstimateLine, PrepareComparison
from wifiplan.cost.scenarios import compare_prepare_now, estimate_costs
from wifiplan.cost.sensitivity import SensitivityRow, sensitivity

__all__ = [
    "SCENARIOS",
    "BomLine",
    "CostBook",
    "CostFactor",
    "CostItem",
    "CostResult",
    "Estimate",
    "EstimateLine",
    "PrepareComparison",
    "ComparisonItem",
    "SensitivityRow",
    "book_names",
    "build_estimate",
    "common_rates_jp",
    "compare_prepare_now",
    "cost_csv",
    "cost_json",
    "cost_summary",
    "default_book_name",
    "estimate_costs",
    "load_book",
    "resolve_book",
    "sensitivity",
]
