"""Cost: bill of materials from cost books, new-build/retrofit scenarios, prepare-now vs later."""

from wifiplan.cost.books import CostBook, CostFactor, CostItem, book_names, default_book_name, load_book, resolve_book
from wifiplan.cost.export import cost_csv, cost_json, cost_summary
from wifiplan.cost.models import SCENARIOS, BomLine, CostResult, PrepareComparison
from wifiplan.cost.scenarios import compare_prepare_now, estimate_costs

__all__ = [
    "SCENARIOS",
    "BomLine",
    "CostBook",
    "CostFactor",
    "CostItem",
    "CostResult",
    "PrepareComparison",
    "book_names",
    "compare_prepare_now",
    "cost_csv",
    "cost_json",
    "cost_summary",
    "default_book_name",
    "estimate_costs",
    "load_book",
    "resolve_book",
]
