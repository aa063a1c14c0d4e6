"""Run the selected rules over plan files and collect one :class:`CheckReport`."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from wifiplan import __version__
from wifiplan.check.context import CheckContext, CheckOptions, StageUnavailable, display_path, load_context
from wifiplan.check.findings import CheckReport, FileResult, Finding, FindingLocation, Skipped
from wifiplan.check.registry import Registry
from wifiplan.errors import InputError, PlanFileError, WifiplanError

__all__ = ["run_checks", "check_context", "TOOL_URI"]

#: Where the rules are documented (SARIF ``informationUri``/``helpUri``).
TOOL_URI = "https://github.com/wifiplan/wifiplan/blob/main/docs/check.md"


def _default_registry() -> Registry:
    from wifiplan.check.rules import default_registry

    return default_registry()


def check_context(ctx: CheckContext, options: CheckOptions, registry: Registry) -> tuple[list[Finding], list[str], list[Skipped]]:
    """Run every selected rule on one loaded project: findings, codes run, rules skipped.

    Rules of stage ``file`` always run; the others are skipped while the building has
    errors (their results would mean nothing). A rule whose pipeline stage is missing is
    skipped with the reason.

    Raises
    ------
    WifiplanError
        From a stage that cannot evaluate this project (e.g. an unknown propagation model).
    """
    findings: list[Finding] = []
    ran: list[str] = []
    skipped: list[Skipped] = []
    bad_building = sorted({p.code or "BD" for p in ctx.building_problems if p.severity == "error"})
    for rule in registry:
        if not any(registry.selected(c, select=options.select, ignore=options.ignore) for c in rule.codes):
            continue
        if rule.stage != "file" and bad_building:
            skipped.append(Skipped(code=rule.code, reason=f"the building has errors ({', '.join(bad_building)})"))
            continue
        try:
            found = rule(ctx, options)
        except StageUnavailable as err:
            skipped.append(Skipped(code=rule.code, reason=str(err)))
            continue
        ran.append(rule.code)
        findings += [f for f in found if registry.selected(f.id, select=options.select, ignore=options.ignore)]
    return findings, ran, skipped


def _sort_key(f: Finding) -> tuple:
    loc = f.location
    return (loc.file or "", loc.floor or "", loc.line or 0, loc.column or 0, f.id, f.message)


def run_checks(
    plans: Sequence[str | os.PathLike[str]],
    *,
    building: str | os.PathLike[str] | None = None,
    options: CheckOptions | None = None,
    registry: Registry | None = None,
) -> CheckReport:
    """Check each plan against its building (re-evaluated, stored figures ignored).

    A plan or building that cannot be read becomes a file result with status ``error``
    (exit code 2) and its located problems as findings; the other plans are still checked.

    Raises
    ------
    ConfigError
        If a ``select``/``ignore`` selector matches no rule.
    """
    options = options or CheckOptions()
    registry = registry or _default_registry()
    registry.check_selectors(options.select, option="--select")
    registry.check_selectors(options.ignore, option="--ignore")
    files: list[FileResult] = []
    findings: list[Finding] = []
    for plan_path in plans:
        shown = display_path(plan_path)
        try:
            ctx = load_context(plan_path, building=building)
            found, ran, skipped = check_context(ctx, options, registry)
        except WifiplanError as err:
            files.append(FileResult(plan=shown, status="error", error=str(err)))
            findings += _error_findings(err, shown)
            continue
        findings += sorted((f.model_copy(update={"plan": shown}) for f in found), key=_sort_key)
        files.append(FileResult(
            plan=shown, building=ctx.building_file.path.as_posix(), status="checked",
            floors=[f.name for f in ctx.floors], rules=ran, skipped=skipped,
        ))
    used = {f.id for f in findings} | {c for fr in files for c in fr.rules} | {s.code for fr in files for s in fr.skipped}
    infos = [r.info() for r in registry if r.code in used or any(c in used for c in r.codes)]
    return CheckReport(
        tool={"name": "wifiplan", "version": __version__, "informationUri": TOOL_URI},
        fail_on=options.fail_on, rules=infos, files=files, findings=findings,
    )


def _error_findings(err: WifiplanError, plan: str) -> list[Finding]:
    """Findings for a file that could not be loaded: its located problems, or one message."""
    code = "PL00" if isinstance(err, PlanFileError) else "BD00"
    name = "plan.valid" if code == "PL00" else "building.valid"
    problems = err.problems if isinstance(err, InputError) else []
    out = []
    for p in problems:
        loc = p.location
        out.append(Finding(id=code, name=name, plan=plan, severity="error", message=p.message, hint=p.hint,
                           location=FindingLocation(file=loc.file, line=loc.line, column=loc.column, path=loc.path)))
    if not out:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        m = re.match(r"^(?P<file>[^:\n]+?):(?P<line>\d+)(?::(?P<col>\d+))?:? ", first)
        if m:
            loc = FindingLocation(file=m["file"], line=int(m["line"]), column=int(m["col"]) if m["col"] else None)
            first = first[m.end():]
        else:
            loc = FindingLocation(file=plan)
        out.append(Finding(id=code, name=name, plan=plan, severity="error", message=first, location=loc))
    return out
