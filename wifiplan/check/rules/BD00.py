"""BD00 building.valid: the building file passes validation (BD01–BD19 from wifiplan.model.validate)."""

from __future__ import annotations

from functools import partial

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule
from wifiplan.check.rules._util import floor_of_path, problem_findings
from wifiplan.model.validate import CODES

__all__ = ["RULE"]

RULE = Rule("BD00", "building.valid", "error", scope="building", stage="file", emits=dict(CODES))


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """The building file must be valid: geometry, names, materials, uses, telecom rooms.

    Fails: a zone using ``use: offfice`` (BD11, did you mean 'office'?), two zones that
    overlap (BD03). Passes: the building that ``wifiplan validate`` accepts. Warnings of
    validation (a riser on one floor only, BD07) are reported as warnings.
    """
    return problem_findings(RULE, ctx.building_problems, floor_of=partial(floor_of_path, ctx))
