"""Compare two plans: APs added, removed, moved or re-tuned; coverage, utilisation, cost and check deltas."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from wifiplan.check.context import CheckContext, CheckOptions, StageUnavailable, display_path, stage
from wifiplan.check.runner import check_context
from wifiplan.check.rules import default_registry
from wifiplan.errors import ConfigError

__all__ = ["MOVE_TOLERANCE_M", "DIFF_FORMATS", "plan_figures", "match_aps", "diff_plans", "format_diff"]

#: Two APs on one floor closer than this are the same mount point (matched by position);
#: an AP matched by name counts as moved when it moved more than this, m.
MOVE_TOLERANCE_M = 0.5


def _share(values, threshold: float) -> float:
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=-np.inf)
    return float((v >= threshold - 1e-9).mean()) if v.size else float("nan")


def plan_figures(ctx: CheckContext) -> dict[str, Any]:
    """Re-evaluated figures of one plan: per floor coverage shares and worst utilisation, cost, check counts.

    Stages that are missing leave their figures out (None).
    """
    req = ctx.building.requirements
    floors: dict[str, dict[str, Any]] = {}
    cap = None
    try:
        cap = ctx.capacity()
    except StageUnavailable:
        pass
    util = dict(zip(cap.ap_names, np.asarray(cap.utilization, float).tolist(), strict=False)) if cap is not None else {}
    for floor in ctx.floors:
        row: dict[str, Any] = {"aps": len(ctx.aps_on(floor.name)), "rssi": None, "snr": None, "secondary": None,
                               "worst_utilization": None}
        try:
            maps = ctx.coverage(floor.name, req.band)
            if len(maps.best_rssi_dbm):
                row["rssi"] = _share(maps.best_rssi_dbm, req.min_rssi_dbm)
                row["snr"] = _share(maps.snr_db, req.min_snr_db)
                if req.secondary_rssi_dbm is not None:
                    row["secondary"] = _share(maps.second_rssi_dbm, req.secondary_rssi_dbm)
        except StageUnavailable:
            pass
        if cap is not None:
            mine = [util[ap.name] for ap in ctx.aps_on(floor.name) if ap.name in util]
            row["worst_utilization"] = max(mine) if mine else 0.0
        floors[floor.name] = row
    cost = None
    try:
        estimate_costs = stage("wifiplan.cost", "estimate_costs")
        cab = ctx.cabling()
        plan = ctx.plan.model_copy(update={"aps": ctx.aps, "spares": ctx.spares})
        nb = estimate_costs(ctx.building, plan, cab, scenario="new-build", compare=False)
        rf = estimate_costs(ctx.building, plan, cab, scenario="retrofit", compare=False)
        cost = {"currency": nb.currency, "decimals": nb.decimals, "new_build": nb.total, "retrofit": rf.total}
    except StageUnavailable:
        pass
    findings, _ran, _skipped = check_context(ctx, CheckOptions(), default_registry())
    return {
        "plan": display_path(ctx.plan_file.path),
        "building": ctx.building_file.path.as_posix(),
        "band": req.band,
        "floors": floors,
        "cost": cost,
        "checks": {"error": sum(f.severity == "error" for f in findings),
                   "warning": sum(f.severity == "warning" for f in findings),
                   "codes": sorted({f.id for f in findings if f.severity == "error"})},
        "aps": {ap.name: ap for ap in ctx.aps},
    }


def _radios(ap) -> dict[str, str]:
    return {b: f"ch {r.channel}/{r.width_mhz} MHz {r.tx_power_dbm:g} dBm" + ("" if r.enabled else " off")
            for b, r in sorted(ap.radios.items(), key=lambda kv: float(kv[0]))}


def _delta(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return None
    return round(b - a, 6)


def match_aps(old: list, new: list, *, tolerance_m: float = MOVE_TOLERANCE_M) -> list[tuple[Any, Any, str]]:
    """Pair the APs of two plans: first by position, then by name.

    On each floor, APs of the two plans within ``tolerance_m`` of each other are the same
    mount point whatever their names (an optimal one-to-one assignment by distance, so a
    re-plan that renames APs still shows them as kept). APs left over are then paired by
    name (those are the moves). Returns ``(old_ap, new_ap, how)`` with ``how`` ``"position"``
    or ``"name"``, in the new plan's order; unpaired APs are added or removed.

    >>> from types import SimpleNamespace as AP
    >>> old = [AP(name="A", floor="1F", at=[0, 0]), AP(name="B", floor="1F", at=[10, 0])]
    >>> new = [AP(name="X", floor="1F", at=[0.2, 0]), AP(name="B", floor="1F", at=[14, 0])]
    >>> [(o.name, n.name, how) for o, n, how in match_aps(old, new)]
    [('A', 'X', 'position'), ('B', 'B', 'name')]
    """
    from scipy.optimize import linear_sum_assignment

    pairs: dict[int, tuple[int, str]] = {}  # new index -> (old index, how)
    used_old: set[int] = set()
    for floor in sorted({a.floor for a in old} & {b.floor for b in new}):
        io_ = [i for i, a in enumerate(old) if a.floor == floor]
        in_ = [j for j, b in enumerate(new) if b.floor == floor]
        po = np.array([old[i].at for i in io_], float).reshape(-1, 2)
        pn = np.array([new[j].at for j in in_], float).reshape(-1, 2)
        dist = np.hypot(po[:, None, 0] - pn[None, :, 0], po[:, None, 1] - pn[None, :, 1])
        far = dist > tolerance_m + 1e-9
        if far.all():
            continue
        cost = np.where(far, 1e9, dist)
        rows, cols = linear_sum_assignment(cost)
        for r, c in zip(rows, cols, strict=True):
            if not far[r, c]:
                pairs[in_[c]] = (io_[r], "position")
                used_old.add(io_[r])
    by_name = {a.name: i for i, a in enumerate(old) if i not in used_old}
    for j, b in enumerate(new):
        if j not in pairs and b.name in by_name:
            pairs[j] = (by_name.pop(b.name), "name")
    return [(old[pairs[j][0]], new[j], pairs[j][1]) for j in range(len(new)) if j in pairs]


def diff_plans(old: CheckContext, new: CheckContext, *, tolerance_m: float = MOVE_TOLERANCE_M) -> dict[str, Any]:
    """The differences between two plans as a JSON-ready dict (docs/check.md, `wifiplan diff`).

    APs are matched by position (within ``tolerance_m`` on the same floor), then by name
    (:func:`match_aps`): kept (same mount point; ``renamed`` when the name changed),
    moved (matched by name, more than ``tolerance_m`` away or on another floor), re-tuned
    (radio settings changed), added and removed. Figures are re-evaluated for both plans,
    each against its own building.
    """
    fo, fn = plan_figures(old), plan_figures(new)
    ao, an = fo.pop("aps"), fn.pop("aps")
    matches = match_aps(list(ao.values()), list(an.values()), tolerance_m=tolerance_m)
    matched_old = {a.name for a, _, _ in matches}
    matched_new = {b.name for _, b, _ in matches}
    added = [{"name": n, "floor": an[n].floor, "at": an[n].at, "radios": _radios(an[n])} for n in an if n not in matched_new]
    removed = [{"name": n, "floor": ao[n].floor, "at": ao[n].at} for n in ao if n not in matched_old]
    moved, retuned, kept, renamed = [], [], [], []
    for a, b, how in matches:
        dist = float(math.hypot(b.at[0] - a.at[0], b.at[1] - a.at[1]))
        if how == "name":
            moved.append({"name": b.name, "from_floor": a.floor, "from": a.at, "to_floor": b.floor, "to": b.at,
                          "distance_m": round(dist, 2)})
        else:
            kept.append(b.name)
            if a.name != b.name:
                renamed.append({"old": a.name, "new": b.name, "floor": b.floor, "at": b.at})
        ra, rb = _radios(a), _radios(b)
        if ra != rb:
            changes = {band: {"old": ra.get(band), "new": rb.get(band)} for band in sorted(set(ra) | set(rb))
                       if ra.get(band) != rb.get(band)}
            retuned.append({"name": b.name, "changes": changes})
    floors = []
    for name in list(fo["floors"]) + [n for n in fn["floors"] if n not in fo["floors"]]:
        o, n = fo["floors"].get(name, {}), fn["floors"].get(name, {})
        row = {"floor": name, "aps_old": o.get("aps"), "aps_new": n.get("aps")}
        for key in ("rssi", "snr", "secondary", "worst_utilization"):
            row[f"{key}_old"], row[f"{key}_new"] = o.get(key), n.get(key)
            row[f"{key}_delta"] = _delta(o.get(key), n.get(key))
        floors.append(row)
    cost = None
    if fo["cost"] and fn["cost"]:
        cost = {"currency": fn["cost"]["currency"], "decimals": fn["cost"]["decimals"]}
        for key in ("new_build", "retrofit"):
            cost[f"{key}_old"], cost[f"{key}_new"] = fo["cost"][key], fn["cost"][key]
            cost[f"{key}_delta"] = round(fn["cost"][key] - fo["cost"][key], 6)
    return {
        "format": 1,
        "old": {k: fo[k] for k in ("plan", "building", "band")},
        "new": {k: fn[k] for k in ("plan", "building", "band")},
        "aps": {"added": added, "removed": removed, "moved": moved, "retuned": retuned,
                "kept": kept, "renamed": renamed, "match_tolerance_m": tolerance_m,
                "count_old": len(ao), "count_new": len(an)},
        "floors": floors,
        "cost": cost,
        "checks": {"old": fo["checks"], "new": fn["checks"]},
    }


# -- formatters -----------------------------------------------------------------------------
def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f} %"


def _dpct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:+.1f} pt"


def _money(x: float | None, cur: str, nd: int) -> str:
    return "—" if x is None else f"{cur} {x:,.{nd}f}"


def _dmoney(x: float | None, cur: str, nd: int) -> str:
    return "—" if x is None else f"{'+' if x >= 0 else '−'}{cur} {abs(x):,.{nd}f}"


def _xy(at) -> str:
    return f"({at[0]:.1f}, {at[1]:.1f})"


def _rows(d: dict[str, Any]) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Tables shared by the text and Markdown formats: name → (headers, rows)."""
    aps = d["aps"]
    ap_rows = [["added", a["name"], a["floor"], _xy(a["at"]), "; ".join(f"{b} GHz {t}" for b, t in a["radios"].items())]
               for a in aps["added"]]
    ap_rows += [["removed", a["name"], a["floor"], _xy(a["at"]), ""] for a in aps["removed"]]
    ap_rows += [["moved", m["name"], m["to_floor"] if m["to_floor"] == m["from_floor"] else f"{m['from_floor']} → {m['to_floor']}",
                 f"{_xy(m['from'])} → {_xy(m['to'])}", f"{m['distance_m']:.1f} m"] for m in aps["moved"]]
    ap_rows += [["renamed", f"{r['old']} → {r['new']}", r["floor"], _xy(r["at"]), "same mount point"]
                for r in aps.get("renamed", [])]
    ap_rows += [["re-tuned", r["name"], "", "", "; ".join(f"{b} GHz {c['old'] or 'none'} → {c['new'] or 'none'}"
                                                         for b, c in r["changes"].items())] for r in aps["retuned"]]
    floor_rows = [[f["floor"], f"{f['aps_old'] if f['aps_old'] is not None else '—'} → {f['aps_new'] if f['aps_new'] is not None else '—'}",
                   f"{_pct(f['rssi_old'])} → {_pct(f['rssi_new'])}", _dpct(f["rssi_delta"]),
                   f"{_pct(f['snr_old'])} → {_pct(f['snr_new'])}", _dpct(f["snr_delta"]),
                   f"{_pct(f['worst_utilization_old'])} → {_pct(f['worst_utilization_new'])}",
                   _dpct(f["worst_utilization_delta"])] for f in d["floors"]]
    out = {
        "aps": (["Change", "AP", "Floor", "Position (m)", "Details"], ap_rows),
        "floors": (["Floor", "APs", "Coverage (RSSI)", "Δ", "SNR", "Δ", "Worst utilisation", "Δ"], floor_rows),
    }
    c = d.get("cost")
    if c:
        cur, nd = c["currency"], c["decimals"]
        out["cost"] = (["Scenario", "Old", "New", "Δ"], [
            [label, _money(c[f"{k}_old"], cur, nd), _money(c[f"{k}_new"], cur, nd), _dmoney(c[f"{k}_delta"], cur, nd)]
            for k, label in (("new_build", "New build"), ("retrofit", "Retrofit"))])
    return out


def _counts_line(d: dict[str, Any]) -> str:
    """``145 → 157 APs: 12 added, 0 removed, 0 moved, 145 re-tuned, 145 kept``."""
    aps = d["aps"]
    return (f"{aps['count_old']} → {aps['count_new']} APs: {len(aps['added'])} added, {len(aps['removed'])} removed, "
            f"{len(aps['moved'])} moved, {len(aps['retuned'])} re-tuned, {len(aps.get('kept', []))} kept")


def _cost_line(d: dict[str, Any]) -> str | None:
    """``cost: new build +JPY 1,200,000 (…→…), retrofit +…`` or None without costs."""
    c = d.get("cost")
    if not c:
        return None
    cur, nd = c["currency"], c["decimals"]
    parts = [f"{label} {_dmoney(c[f'{k}_delta'], cur, nd)} ({_money(c[f'{k}_old'], cur, nd)} → "
             f"{_money(c[f'{k}_new'], cur, nd)})" for k, label in (("new_build", "new build"), ("retrofit", "retrofit"))]
    return "cost: " + ", ".join(parts)


def _checks_line(d: dict[str, Any]) -> str:
    o, n = d["checks"]["old"], d["checks"]["new"]
    text = f"check: {o['error']} error(s), {o['warning']} warning(s) → {n['error']} error(s), {n['warning']} warning(s)"
    if n["codes"]:
        text += f" (failing: {', '.join(n['codes'])})"
    return text


def format_diff_json(d: dict[str, Any]) -> str:
    return json.dumps(d, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def format_diff_markdown(d: dict[str, Any]) -> str:
    """A pull-request comment: headline, AP changes, per-floor deltas, cost delta, check status."""
    from wifiplan.report.markdown import md_escape

    head, counts = _counts_line(d).split(": ", 1)
    lines = [f"### Wi-Fi plan diff: `{d['old']['plan']}` → `{d['new']['plan']}`", "", f"**{head}**: {counts}", ""]
    cost = _cost_line(d)
    if cost:
        label, text = cost.split(": ", 1)
        lines += [f"**{label.capitalize()}**: {text}", ""]
    lines += [_checks_line(d), ""]
    tables = _rows(d)
    for key, title in (("aps", "Access points"), ("floors", f"Per floor ({d['new']['band']} GHz, re-evaluated)"),
                       ("cost", "Cost")):
        if key not in tables or not tables[key][1]:
            continue
        headers, rows = tables[key]
        lines += [f"#### {title}", "", "| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_diff_text(d: dict[str, Any]) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, width=120, no_color=True, highlight=False, emoji=False)
    con.print(f"{escape(d['old']['plan'])} → {escape(d['new']['plan'])}: {escape(_counts_line(d))}")
    cost = _cost_line(d)
    if cost:
        con.print(escape(cost))
    con.print(escape(_checks_line(d)))
    for key, (headers, rows) in _rows(d).items():
        if not rows:
            continue
        table = Table(*headers, box=None, pad_edge=False, show_edge=False)
        for row in rows:
            table.add_row(*[escape(c) for c in row])
        con.print(table)
    return buf.getvalue()


#: Output formats of ``wifiplan diff`` by name.
DIFF_FORMATS: dict[str, Callable[[dict[str, Any]], str]] = {
    "text": format_diff_text,
    "json": format_diff_json,
    "markdown": format_diff_markdown,
}


def format_diff(d: dict[str, Any], fmt: str) -> str:
    """Render a diff in format ``fmt`` (text, json, markdown).

    Raises
    ------
    ConfigError
        If ``fmt`` is unknown (the message lists the valid ones).
    """
    if fmt not in DIFF_FORMATS:
        raise ConfigError(f"unknown format '{fmt}'; use one of {', '.join(DIFF_FORMATS)}")
    return DIFF_FORMATS[fmt](d)
