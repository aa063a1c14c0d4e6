"""How the total moves with the assumptions a facilities manager should question (±20 %)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from wifiplan.cabling.models import CablingResult
from wifiplan.cost.books import CostBook, resolve_book
from wifiplan.cost.scenarios import estimate_costs
from wifiplan.errors import Location
from wifiplan.model.building import Building
from wifiplan.model.plan import Plan

__all__ = ["SENSITIVITY_PARAMETERS", "SensitivityRow", "sensitivity"]

#: parameter → (label, book keys scaled together: items or factors).
SENSITIVITY_PARAMETERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ap_price": ("AP price (every AP line)", ("ap_hardware", "ap_hardware_wifi6_2x2", "ap_hardware_wifi6_4x4",
                                              "ap_hardware_wifi6e_2x2", "ap_hardware_wifi6e_4x4",
                                              "ap_hardware_wifi7_2x2", "ap_hardware_wifi7_4x4")),
    "labour_rate": ("Labour day rate", ("labour_day",)),
    "retrofit_factor": ("Retrofit labour factor (renovation_labour)", ("renovation_labour",)),
    # the largest item of a later retrofit (B) and an estimate: what preparing saves moves with it
    "ceiling_opening": ("Ceiling opening price (ceiling_opening)", ("ceiling_opening",)),
}


class SensitivityRow(BaseModel):
    """Totals incl. tax with one parameter at ``low``× and ``high``× its value.

    ``project_*``: the current scenario; ``later_*``: (B) retrofit later of the comparison;
    ``saving_*``: what preparing now saves (B − A incl. tax).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    parameter: str
    label: str
    low: float
    high: float
    project_low: float
    project_base: float
    project_high: float
    later_low: float
    later_base: float
    later_high: float
    saving_low: float = 0.0
    saving_base: float = 0.0
    saving_high: float = 0.0


def _scaled(cb: CostBook, keys: tuple[str, ...], k: float) -> CostBook:
    items = {key: (v.model_copy(update={"value": v.value * k}) if key in keys else v) for key, v in cb.items.items()}
    factors = {key: (v.model_copy(update={"value": v.value * k}) if key in keys else v) for key, v in cb.factors.items()}
    return cb.model_copy(update={"items": items, "factors": factors})


def sensitivity(building: Building, plan: Plan, cabling: CablingResult, *, scenario: str = "new-build",
                book: str | None = None, locate: Callable[[tuple], Location] | None = None,
                swing: float = 0.2) -> list[SensitivityRow]:
    """Total incl. tax of the project, of a later retrofit and the saving of preparing now with
    each parameter × (1 ± ``swing``).

    The retrofit factor scales ``renovation_labour`` only (the time-restriction factor and the
    night and holiday premiums stay); it moves a new-build project not at all.
    """
    cb = resolve_book(building, book=book, locate=locate)

    def totals(b: CostBook) -> tuple[float, float, float]:
        r = estimate_costs(building, plan, cabling, scenario=scenario, book=b)
        c = r.comparison
        return (r.total_incl_tax, c.retrofit_later_total_incl_tax if c is not None else 0.0,
                c.saving_incl_tax if c is not None else 0.0)

    base = totals(cb)
    rows = []
    for name, (label, keys) in SENSITIVITY_PARAMETERS.items():
        lo = totals(_scaled(cb, keys, 1 - swing))
        hi = totals(_scaled(cb, keys, 1 + swing))
        rows.append(SensitivityRow(parameter=name, label=label, low=1 - swing, high=1 + swing, project_low=lo[0],
                                   project_base=base[0], project_high=hi[0], later_low=lo[1], later_base=base[1],
                                   later_high=hi[1], saving_low=lo[2], saving_base=base[2], saving_high=hi[2]))
    return rows
