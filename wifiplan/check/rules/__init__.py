"""The shipped rules, one module per code, registered explicitly (no discovery by name)."""

from __future__ import annotations

from wifiplan.check.registry import Registry, Rule
from wifiplan.check.rules import (
    BD00, CB01, CB02, CH01, CH02, CH03, CH04, CH05, CH06, CH07, CP01, CP02, CP03, CV01, CV02, CV03, CV04, CV05, CV06, CV07,
    PL00, PL02, PL10,
)

__all__ = ["RULES", "default_registry"]

#: Every shipped rule, in code order. Adding a rule: a module rules/<CODE>.py with a
#: module-level ``RULE``, imported above and listed here.
RULES: tuple[Rule, ...] = (
    BD00.RULE,
    CB01.RULE,
    CB02.RULE,
    CH01.RULE,
    CH02.RULE,
    CH03.RULE,
    CH04.RULE,
    CH05.RULE,
    CH06.RULE,
    CH07.RULE,
    CP01.RULE,
    CP02.RULE,
    CP03.RULE,
    CV01.RULE,
    CV02.RULE,
    CV03.RULE,
    CV04.RULE,
    CV05.RULE,
    CV06.RULE,
    CV07.RULE,
    PL00.RULE,
    PL02.RULE,
    PL10.RULE,
)


def default_registry() -> Registry:
    """A registry holding every shipped rule (a new one each call; duplicates raise)."""
    return Registry(RULES)
