"""Load a plan together with its building, and decide what a given file is."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from wifiplan.errors import BuildingFileError, InputError, PlanFileError, Problem
from wifiplan.io.load import Loaded, load_building, load_plan
from wifiplan.io.yamlsrc import parse_text
from wifiplan.model.building import Building
from wifiplan.model.plan import Plan
from wifiplan.model.validate import validate_building
from wifiplan.model.validate_plan import validate_plan

__all__ = ["Project", "load_project", "load_valid_building", "planning_only", "file_kind", "validate_plan_file"]


@dataclass
class Project:
    """A plan file, the building it refers to, and whether the building changed since."""

    plan: Loaded[Plan]
    building: Loaded[Building]
    building_changed: bool
    #: The building's warnings (with ``planning=False``, the planning-only problems too).
    warnings: list[Problem] = field(default_factory=list)

    @property
    def plan_model(self) -> Plan:
        return self.plan.model

    @property
    def building_model(self) -> Building:
        return self.building.model


def planning_only(problem: Problem) -> bool:
    """A problem that matters to planning and cabling only: no telecom room, a country without shipped rules.

    Predicting signal, coverage and heatmaps of an existing layout need neither (a survey
    of an office comes before anyone draws its telecom rooms).
    """
    return problem.code == "BD13" or (problem.code == "BD14" and problem.location.path == "country")


def load_valid_building(path: str | os.PathLike[str], *, planning: bool = True) -> tuple[Loaded[Building], list[Problem]]:
    """Load a building and run every check; raise :class:`BuildingFileError` on errors.

    Returns the loaded building and its warnings. With ``planning=False`` (prediction,
    coverage, heatmaps, calibration) the :func:`planning_only` problems are warnings.
    """
    loaded = load_building(path)
    problems = validate_building(loaded.model, locate=loaded.source_map.locate)
    if not planning:
        problems = [replace(p, severity="warning", hint="this matters to planning and cabling only; "
                            "the plan's APs and channels are used as given") if planning_only(p) and p.severity == "error"
                    else p for p in problems]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        lines = "\n".join(str(p) for p in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise BuildingFileError(f"{lines}{more}\n(run `wifiplan validate {path}` for all problems)", problems=problems)
    return loaded, [p for p in problems if p.severity != "error"]


def load_project(
    plan_path: str | os.PathLike[str], *, building: str | os.PathLike[str] | None = None, validate: bool = True,
    planning: bool = True,
) -> Project:
    """Load ``plan_path`` and its building (``building:`` relative to the plan, or ``building``).

    With ``validate`` (the default) the plan's APs and spares are checked against the
    building too (unique names, known floors and rooms, inside the outline, legal
    channels); ``check`` passes ``validate=False`` to report those as findings instead.

    Raises
    ------
    PlanFileError
        If the plan is invalid or names no building and none is given.
    BuildingFileError
        If the building cannot be loaded or has errors.
    """
    plan = load_plan(plan_path)
    if building is not None:
        bpath = Path(building)
    elif plan.model.building:
        bpath = Path(plan_path).parent / plan.model.building
    else:
        loc = plan.source_map.locate(())
        raise PlanFileError(
            f"{loc.file}: the plan names no building; add `building: <file>` (relative to the plan) "
            "or pass --building FILE"
        )
    if not bpath.exists():
        where = plan.source_map.locate(("building",))
        raise PlanFileError(f"{where}: building file '{bpath}' not found; fix the path (relative to the plan file)")
    bld, warnings = load_valid_building(bpath, planning=planning)
    changed = bool(plan.model.building_sha256) and plan.model.building_sha256 != bld.sha256
    if validate:
        problems = validate_plan(plan.model, bld.model, locate=plan.source_map.locate)
        if not planning:  # an AP's telecom room matters to cabling only
            warnings += [replace(p, severity="warning", hint="the AP's telecom room matters to cabling only")
                         for p in problems if p.code == "PL06" and p.severity == "error"]
            problems = [p for p in problems if p.code != "PL06"]
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            lines = "\n".join(str(p) for p in errors[:20])
            more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
            raise PlanFileError(f"{lines}{more}", problems=errors)
    return Project(plan, bld, changed, warnings)


def file_kind(path: str | os.PathLike[str]) -> str:
    """``"building"`` or ``"plan"`` from a file's top-level keys (``floors`` vs ``aps``)."""
    from wifiplan.io.load import read_text

    text, _ = read_text(path)
    try:
        data, _ = parse_text(text, file=str(path), json_hint=str(path).lower().endswith(".json"))
    except InputError:
        raise
    if isinstance(data, dict):
        if "floors" in data:
            return "building"
        if {"aps", "building", "spares", "settings"} & set(data):
            return "plan"
    name = Path(path).name.lower()
    return "plan" if ".plan." in name or name.startswith("plan") else "building"


def validate_plan_file(plan: Loaded[Plan]) -> list[Problem]:
    """Validate a loaded plan and the building it names; problems of both, located."""
    loc0 = plan.source_map.locate(("building",))
    if not plan.model.building:
        return [Problem("the plan names no building", plan.source_map.locate(()), "error",
                        "add `building: <file>` relative to the plan file", "PL01")]
    bpath = plan.path.parent / plan.model.building
    try:
        building = load_building(bpath)
    except InputError as err:
        if err.problems:
            return err.problems
        return [Problem(f"building file cannot be read: {err}", loc0, "error", None, "PL01")]
    problems = validate_building(building.model, locate=building.source_map.locate)
    if any(p.severity == "error" for p in problems):
        return problems
    if plan.model.building_sha256 and plan.model.building_sha256 != building.sha256:
        problems.append(Problem(f"building '{plan.model.building}' changed since the plan was made",
                                plan.source_map.locate(("building_sha256",)), "warning",
                                "re-run `wifiplan plan` or `wifiplan check` to re-evaluate", "PL02"))
    problems += validate_plan(plan.model, building.model, locate=plan.source_map.locate)
    return problems
