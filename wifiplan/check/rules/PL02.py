"""PL02 plan.stale: the plan was made from another version of its building file."""

from __future__ import annotations

from wifiplan.check.context import CheckContext, CheckOptions
from wifiplan.check.findings import Finding
from wifiplan.check.registry import Rule

__all__ = ["RULE"]

RULE = Rule("PL02", "plan.stale", "warning", scope="building", stage="file")


@RULE.implementation
def check(ctx: CheckContext, options: CheckOptions) -> list[Finding]:
    """The building changed since the plan was made (building_sha256 differs); re-plan or re-check.

    Fails: ``building_sha256: "00..."`` while the building file hashes to something else.
    Passes: the matching hash, or no ``building_sha256`` at all (a hand-written plan).
    Every other rule re-evaluates the current building anyway, so this is a warning.
    """
    if not ctx.building_changed:
        return []
    return [RULE.finding(
        f"building '{ctx.building_file.path.as_posix()}' changed since the plan was made "
        f"(sha256 {ctx.building_file.sha256[:12]}…, plan says {str(ctx.plan.building_sha256)[:12]}…)",
        where=ctx.in_plan("building_sha256"),
        hint="re-run `wifiplan plan` to update the plan, or update building_sha256 after reviewing",
    )]
