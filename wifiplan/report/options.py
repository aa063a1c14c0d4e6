"""Options side by side: the same building planned with other AP presets, evaluated and priced as the plan is.

Each option is a plan in memory with its building (the building file with ``ap.preset``
replaced); it is checked by the same rules and priced by the same cost estimate as the
report's own plan, so the columns compare like with like.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wifiplan.check.context import CheckContext, CheckOptions, StageUnavailable
from wifiplan.report.document import Table, busiest_radio, capacity_evaluations
from wifiplan.report.i18n import _

__all__ = ["Option", "option_from_context", "options_table", "preset_context"]


@dataclass(frozen=True)
class Option:
    """One column: a plan of the building, its check result, busiest radio and cost estimates."""

    label: str
    preset: str
    aps: int
    spares: int
    errors: int
    rules: int
    failed: str  # the rules with errors, "CP01 ×3, CV01"
    busiest: float | None
    new_build: Any  # the cost stage's CostResult (new build), or None
    max_utilization: float


def option_from_context(ctx: CheckContext, label: str) -> Option:
    """Check, evaluate and price the plan of ``ctx`` (every figure as the report's own plan gets it)."""
    from wifiplan.check.rules import default_registry
    from wifiplan.check.runner import check_context
    from wifiplan.report.document import _costs, _try

    findings, ran, _skipped = check_context(ctx, CheckOptions(), default_registry())
    cap = _try(lambda: capacity_evaluations(ctx))
    busiest = busiest_radio(cap) if cap else None
    try:
        cost = _costs(ctx, ctx.cabling())
    except StageUnavailable:
        cost = None
    preset = ctx.plan.settings.ap_preset if "settings" in ctx.plan.model_fields_set else ctx.building.ap.preset
    codes: dict[str, int] = {}
    for f in findings:
        if f.severity == "error":
            codes[f.id] = codes.get(f.id, 0) + 1
    failed = ", ".join(f"{c} ×{n}" if n > 1 else c for c, n in sorted(codes.items()))
    return Option(label=label, preset=preset, aps=len(ctx.aps), spares=len(ctx.spares),
                  errors=sum(codes.values()), rules=len(ran), failed=failed,
                  busiest=None if busiest is None else busiest[2], new_build=None if cost is None else cost["new-build"],
                  max_utilization=ctx.building.requirements.max_utilization)


def preset_context(building_file: Any, plan: Any, label: str) -> CheckContext:
    """A check context for an in-memory ``plan`` of ``building_file`` (a ``Loaded`` building).

    Findings of the option locate to ``label`` (the plan has no file).
    """
    from pathlib import Path

    from wifiplan.io.load import Loaded
    from wifiplan.io.yamlsrc import SourceMap

    loaded = Loaded(model=plan, path=Path(label), source_map=SourceMap(file=label), sha256="", text="")
    return CheckContext(loaded, building_file, [])


def options_table(options: list[Option]) -> Table:
    """The options as columns: preset, APs, spares, checks, busiest radio, cost now, growth later, saving."""
    from wifiplan.report.budget import money, totals

    def cost_row(label: str, value) -> list[str]:
        return [label] + [("—" if o.new_build is None or value(o) is None else money(value(o), o.new_build))
                          for o in options]

    def later(o: Option) -> float | None:
        c = o.new_build.comparison
        if c is None:
            return None
        est = getattr(c, "prepare_now_later_estimate", None)
        return float(est.total_incl_tax) if est is not None else float(c.prepare_now_later)

    def saving(o: Option) -> float | None:
        c = o.new_build.comparison
        if c is None:
            return None
        return float(c.saving_incl_tax) if getattr(c, "retrofit_later_estimate", None) is not None else float(c.saving)

    rows = [
        [_("AP preset")] + [o.preset for o in options],
        [_("Access points")] + [str(o.aps) for o in options],
        [_("Spare positions (pre-cabled)")] + [str(o.spares) for o in options],
        [_("Checks")] + [(_("pass") if not o.errors else _("{errors} error(s)").format(errors=o.errors)
                          + f" ({o.failed})") for o in options],
        [_("Busiest radio at the growth scenario")] + [
            "—" if o.busiest is None else _("{util} (limit {cap})").format(util=f"{o.busiest:.1%}",
                                                                         cap=f"{o.max_utilization:.0%}")
            for o in options],
        cost_row(_("Cost now, excl. tax"), lambda o: totals(o.new_build).excl_tax),
        cost_row(_("Cost now, incl. tax"), lambda o: totals(o.new_build).incl_tax),
        cost_row(_("Growth later: access points on the spare positions"), later),
        cost_row(_("Saving by preparing now"), saving),
    ]
    return Table([_("Option")] + [o.label for o in options], rows,
                 caption=_("Options side by side: the same building and requirements planned with another AP preset, "
                           "checked and priced the same way (new build)"),
                 numeric=set(range(1, len(options) + 1)), total_rows={5, 6})
