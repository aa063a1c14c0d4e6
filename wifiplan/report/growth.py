"""The expansion path (``wifiplan grow``) as a table, JSON, CSV and a chart."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

__all__ = ["growth_rows", "growth_csv", "growth_json", "growth_text", "growth_chart_png", "GROWTH_COLUMNS"]

#: CSV columns, one row per path and step.
GROWTH_COLUMNS = ("path", "step", "people", "aps", "aps_added", "on_spares", "new_positions", "new_runs",
                  "switches_added", "spares_left", "cost", "cost_incl_tax", "requirements_met")


def growth_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per path and step, :data:`GROWTH_COLUMNS` keys."""
    return [{"path": path, **{k: r[k] for k in GROWTH_COLUMNS if k != "path"}}
            for path, rows in d["paths"].items() for r in rows]


def growth_csv(d: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(GROWTH_COLUMNS)
    for row in growth_rows(d):
        w.writerow(["true" if v is True else "false" if v is False else v for v in (row[k] for k in GROWTH_COLUMNS)])
    return buf.getvalue()


def growth_json(d: dict[str, Any]) -> str:
    return json.dumps(d, indent=2, ensure_ascii=False) + "\n"


def _money(x: float, nd: int) -> str:
    return f"{x:,.{nd}f}"


def growth_text(d: dict[str, Any]) -> str:
    """Plain-text table: per step, the path with spares and the path without (``a / b``), then assumptions.

    >>> d = {"building": "B", "currency": "USD", "decimals": 0, "start": {"aps": 4, "spares": 1, "people": 50},
    ...      "paths": {"with_spares": [{"step": 0.3, "people": 65, "aps_added": 1, "on_spares": 1, "new_runs": 0,
    ...                                  "switches_added": 0, "cost_incl_tax": 1000.0, "requirements_met": True}],
    ...                "without_spares": [{"step": 0.3, "people": 65, "aps_added": 1, "on_spares": 0, "new_runs": 1,
    ...                                     "switches_added": 0, "cost_incl_tax": 3000.0, "requirements_met": True}]},
    ...      "totals_incl_tax": {"with_spares": 1000.0, "without_spares": 3000.0}, "prepare_now": None,
    ...      "saving_incl_tax": 2000.0, "assumptions": ["a"]}
    >>> print(growth_text(d).splitlines()[4])
    +30%         65     1 / 1     1 / 0     0 / 1          1,000          3,000          2,000
    """
    nd = int(d.get("decimals", 0))
    cur = d["currency"]
    st = d["start"]
    rule = "-" * 91
    out = [f"Expansion path of {d['building']} from {st['aps']} APs and {st['spares']} spare position(s) "
           f"({st['people']:,.0f} people); costs incl. tax, {cur}; a / b = with spares / without",
           f"{'step':<6} {'people':>8} {'added':>9} {'spares':>9} {'runs':>9} {'with spares':>14} {'without':>14} "
           f"{'difference':>14}",
           f"{'':<6} {'':>8} {'a / b':>9} {'a / b':>9} {'a / b':>9}",
           rule]
    for a, b in zip(d["paths"]["with_spares"], d["paths"]["without_spares"], strict=True):
        flags = [name for name, r in (("with spares", a), ("without", b)) if not r["requirements_met"]]
        flag = f"  (requirements not met: {', '.join(flags)})" if flags else ""
        out.append(f"{'+' + format(a['step'] * 100, 'g') + '%':<6} {a['people']:>8,.0f} "
                   f"{str(a['aps_added']) + ' / ' + str(b['aps_added']):>9} "
                   f"{str(a['on_spares']) + ' / ' + str(b['on_spares']):>9} "
                   f"{str(a['new_runs']) + ' / ' + str(b['new_runs']):>9} "
                   f"{_money(a['cost_incl_tax'], nd):>14} {_money(b['cost_incl_tax'], nd):>14} "
                   f"{_money(b['cost_incl_tax'] - a['cost_incl_tax'], nd):>14}{flag}")
    t = d["totals_incl_tax"]
    out.append(rule)
    out.append(f"{'total':<45} {_money(t['with_spares'], nd):>14} {_money(t['without_spares'], nd):>14} "
               f"{_money(t['without_spares'] - t['with_spares'], nd):>14}")
    if d.get("prepare_now"):
        p = d["prepare_now"]
        out.append(f"prepared now in the first project ({p['spares']} spare outlets): {_money(p['cost_incl_tax'], nd)} {cur}")
    out.append(f"saving of preparing now over the path: {_money(d['saving_incl_tax'], nd)} {cur}")
    out.append("")
    out.append("Assumptions:")
    out += [f"- {a}" for a in d["assumptions"]]
    return "\n".join(out) + "\n"


def growth_chart_png(d: dict[str, Any]) -> bytes:
    """Cumulative cost of the path with spares and without, per step, and with the spares' preparation
    in the first project added (dashed), as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from matplotlib.ticker import FuncFormatter

    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
    prep = (d.get("prepare_now") or {}).get("cost_incl_tax", 0.0)
    series = [("with_spares", "with spares", 0.0, "-"), ("without_spares", "without spares", 0.0, "-")]
    if prep:
        series.append(("with_spares", "with spares + preparing them now", prep, "--"))
    for key, label, start, style in series:
        rows = d["paths"][key]
        xs = [0.0] + [r["step"] * 100 for r in rows]
        total = start
        ys = [start]
        for r in rows:
            total += r["cost_incl_tax"]
            ys.append(total)
        ax.plot(xs, ys, style, marker="o", label=label)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.set_xlabel("headcount growth, %")
    ax.set_ylabel(f"cumulative cost incl. tax, {d['currency']}")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()
