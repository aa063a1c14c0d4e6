"""The plan file as deterministic YAML (the writer lives in :mod:`wifiplan.io.writer`)."""

from __future__ import annotations

from wifiplan.io.writer import plan_yaml as plan_to_yaml
from wifiplan.io.writer import rounded

__all__ = ["plan_to_yaml", "rounded"]
