"""Workflows that join the stages: plan a building (design → cabling → cost → summary)."""

from wifiplan.workflow.plan import PlanResult, plan_building

__all__ = ["PlanResult", "plan_building"]
