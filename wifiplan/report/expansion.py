"""The expansion path (``wifiplan grow``) in the report: growth steps for the phased budget and the chart.

The path is the dict :func:`wifiplan.workflow.grow.grow_path` returns (and ``wifiplan grow
--format json`` writes): per step, the plan with the spare positions prepared and the same
path without them. The report takes its figures as they are; it adds only sums.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from wifiplan.errors import InputError
from wifiplan.report.document import GrowthStep
from wifiplan.report.i18n import _

__all__ = ["steps_from_path", "read_growth_json", "check_path_start", "path_totals", "growth_chart"]

#: Keys every step of a path must have (``grow_path``'s rows).
_STEP_KEYS = ("step", "people", "cost", "cost_incl_tax", "requirements_met")


def _pct_label(step: float) -> str:
    return _("headcount +{pct}%").format(pct=format(round(step * 100, 6), "g"))


def steps_from_path(path: dict[str, Any], *, incl_tax: bool) -> list[GrowthStep]:
    """One :class:`GrowthStep` per step: the cost with the spares prepared and without.

    ``incl_tax`` takes each step's ``cost_incl_tax`` (the step's own estimate including
    consumption tax), else ``cost`` (excluding tax): the phased table is on one basis.

    >>> row = lambda s, c: {"step": s, "people": 115.0, "cost": c, "cost_incl_tax": c * 1.1, "requirements_met": True}
    >>> d = {"paths": {"with_spares": [row(0.15, 100.0)], "without_spares": [row(0.15, 300.0)]}}
    >>> st = steps_from_path(d, incl_tax=False)[0]
    >>> st.name, st.cost, st.cost_without_spares, st.people
    ('headcount +15%', 100.0, 300.0, 115.0)
    """
    key = "cost_incl_tax" if incl_tax else "cost"
    out = []
    for a, b in zip(path["paths"]["with_spares"], path["paths"]["without_spares"], strict=True):
        out.append(GrowthStep(
            name=_pct_label(float(a["step"])), year=_("at {people} people").format(people=f"{a['people']:,.0f}"),
            cost=float(a[key]), cost_without_spares=float(b[key]), people=float(a["people"]),
            what=_("{added} access point(s) added, {spares} on spare positions").format(
                added=a.get("aps_added", 0), spares=a.get("on_spares", 0)),
            met=bool(a["requirements_met"]), met_without_spares=bool(b["requirements_met"]),
            aps_added=int(a["aps_added"]) if "aps_added" in a else None,
            on_spares=int(a["on_spares"]) if "on_spares" in a else None))
    return out


def path_totals(path: dict[str, Any], *, incl_tax: bool) -> tuple[float, float]:
    """(with spares, without spares): the sum of the steps' costs on the chosen basis."""
    key = "cost_incl_tax" if incl_tax else "cost"
    return (sum(float(r[key]) for r in path["paths"]["with_spares"]),
            sum(float(r[key]) for r in path["paths"]["without_spares"]))


def read_growth_json(file: str | Path) -> dict[str, Any]:
    """An expansion path as ``wifiplan grow --format json`` writes it.

    Raises
    ------
    InputError
        Unreadable, not JSON, or not an expansion path (names the first missing field).
    """
    import json

    p = Path(file)
    if not p.is_file():
        raise InputError(f"{p}: no such file (--growth-path); write one with "
                         "`wifiplan grow BUILDING --existing PLAN --format json -o FILE`")
    try:
        d = json.loads(p.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{p}: not a JSON expansion path ({err}); write one with "
                         "`wifiplan grow BUILDING --existing PLAN --format json -o FILE`") from None
    where = "top level"
    try:
        if not isinstance(d, dict):
            raise KeyError("paths")
        for k in ("building", "currency", "start", "paths"):
            if k not in d:
                raise KeyError(k)
        for name in ("with_spares", "without_spares"):
            rows = d["paths"].get(name) if isinstance(d["paths"], dict) else None
            if not isinstance(rows, list):
                raise KeyError(f"paths.{name}")
            for i, r in enumerate(rows):
                where = f"paths.{name}[{i}]"
                for k in _STEP_KEYS:
                    if not isinstance(r, dict) or k not in r:
                        raise KeyError(f"{where}.{k}")
        if len(d["paths"]["with_spares"]) != len(d["paths"]["without_spares"]):
            raise KeyError("paths.without_spares (as many steps as paths.with_spares)")
    except KeyError as err:
        raise InputError(f"{p}: {err.args[0]}: missing; this is not the JSON of `wifiplan grow --format json`") from None
    return d


def check_path_start(path: dict[str, Any], *, building: str, aps: int, spares: int, currency: str,
                     source: str = "the expansion path") -> None:
    """Refuse a path that does not start from this plan (other building, AP or spare count, currency).

    Raises
    ------
    InputError
        With what differs and the command that makes a matching path.
    """
    hint = "; make the path from this plan: `wifiplan grow BUILDING --existing PLAN --format json -o FILE`"
    if path["building"] != building:
        raise InputError(f"{source}: building: is {path['building']!r}, the plan's building is {building!r}{hint}")
    st = path["start"]
    if int(st.get("aps", -1)) != aps or int(st.get("spares", -1)) != spares:
        raise InputError(f"{source}: start: {st.get('aps')} access points and {st.get('spares')} spare positions, "
                         f"the plan has {aps} and {spares}{hint}")
    if path["currency"] != currency:
        raise InputError(f"{source}: currency: {path['currency']}, the plan's cost book is in {currency}{hint}")


def growth_chart(steps: Sequence[GrowthStep], *, build_prepared: float, build_minimal: float | None,
                 people_start: float, currency: str, incl_tax: bool, dpi: int = 110) -> bytes:
    """Cumulative cost from the build year through each step, with the spare positions prepared
    and without, over bars of the people carried after each phase (PNG, labels in the active language)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from wifiplan.report.fonts import figure_fonts

    labels = [_("Build year")] + [s.name for s in steps]
    people = [people_start] + [s.people if s.people is not None else float("nan") for s in steps]
    # a step never carries fewer people than the plan it grew from (the build year's plan is
    # sized for the growth allowance): the bars show the running maximum, the labels the headcount
    carried = list(np.fmax.accumulate(np.asarray(people, float)))
    xs = list(range(len(labels)))
    with figure_fonts():
        fig, ax = plt.subplots(figsize=(7.2, 3.8), dpi=dpi)
        axp = ax.twinx()
        axp.bar(xs, carried, width=0.5, color="#d9d9d9", zorder=0, label=_("People carried"))
        axp.set_ylabel(_("People carried"))
        axp.set_ylim(0, max(p for p in carried if p == p) * 1.25 if any(p == p for p in carried) else 1)
        ax.set_zorder(axp.get_zorder() + 1)
        ax.patch.set_visible(False)
        series = [(_("Prepare now (spare positions cabled)"), build_prepared, [s.cost for s in steps],
                   [s.met for s in steps], "#1f77b4", "-")]
        if build_minimal is not None and all(s.cost_without_spares is not None for s in steps):
            series.append((_("Minimal now, retrofit later"), build_minimal, [float(s.cost_without_spares or 0.0)
                                                                          for s in steps],
                           [s.met_without_spares for s in steps], "#d62728", "--"))
        for label, start, costs, met, colour, style in series:
            ys = [start]
            for c in costs:
                ys.append(ys[-1] + c)
            ax.plot(xs, ys, style, color=colour, marker="o", label=label)
            for x, y, ok in zip(xs[1:], ys[1:], met, strict=True):
                if not ok:  # a step that misses a requirement: a hollow marker
                    ax.plot([x], [y], marker="o", markersize=11, markerfacecolor="none", color=colour)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        top = max(max(line.get_ydata()) for line in ax.get_lines())
        ax.set_ylim(0, top * 1.08 if top > 0 else 1.0)
        ax.set_xticks(xs, [f"{lab}\n" + _("{people} people").format(people=f"{p:,.0f}") for lab, p in
                           zip(labels, people, strict=True)], fontsize=8)
        ax.set_ylabel((_("Cumulative cost incl. tax ({currency})") if incl_tax else
                       _("Cumulative cost excl. tax ({currency})")).format(currency=currency))
        handles, texts = ax.get_legend_handles_labels()
        h2, t2 = axp.get_legend_handles_labels()
        # below the plot, so it never hides a line or a bar
        fig.legend(handles + h2, texts + t2, loc="lower center", ncol=3, fontsize=8, frameon=False)
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout(rect=(0, 0.08, 1, 1))
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
        plt.close(fig)
    return buf.getvalue()
