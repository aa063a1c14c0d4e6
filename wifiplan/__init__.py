"""wifiplan: a text-first Wi-Fi capacity planner (coverage, capacity, layout, cabling, cost)."""

__all__ = ["__version__"]

__version__ = "0.1.0"
