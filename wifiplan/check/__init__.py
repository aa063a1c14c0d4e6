"""Check plans in CI: rules with stable codes, findings, and one report for every format."""

from wifiplan.check.context import CheckContext, CheckOptions, StageUnavailable, load_context
from wifiplan.check.findings import CheckReport, FileResult, Finding, FindingLocation, RuleInfo, Skipped
from wifiplan.check.registry import DuplicateRuleError, Registry, Rule
from wifiplan.check.runner import check_context, run_checks

__all__ = [
    "CheckContext",
    "CheckOptions",
    "CheckReport",
    "DuplicateRuleError",
    "FileResult",
    "Finding",
    "FindingLocation",
    "Registry",
    "Rule",
    "RuleInfo",
    "Skipped",
    "StageUnavailable",
    "check_context",
    "load_context",
    "run_checks",
]
