"""Human output of ``wifiplan check``: findings grouped by plan file and floor (rich)."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

__all__ = ["format_text"]

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _where(loc: dict[str, Any]) -> str:
    text = loc.get("file") or ""
    if loc.get("line"):
        text += f":{loc['line']}" + (f":{loc['column']}" if loc.get("column") else "")
    return text


def format_text(data: dict[str, Any], *, color: bool = False, width: int = 120) -> str:
    """A readable report: per plan file, per floor, a table of findings; then the summary line."""
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                  soft_wrap=False, emoji=False)
    findings = data.get("findings", [])
    by_plan: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        by_plan[f.get("plan")].append(f)
    for fr in data.get("files", []):
        plan = fr["plan"]
        head = f"[bold]{escape(plan)}[/bold]"
        if fr.get("building"):
            head += f" (building {escape(fr['building'])})"
        con.print(head)
        items = by_plan.get(plan, [])
        if fr.get("status") == "error":  # the error's located problems follow as findings: say it once
            con.print("  [bold red]could not check:[/bold red] " + ("see below" if items else escape(fr.get("error") or "")))
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for f in items:
            groups[(f.get("location") or {}).get("floor") or "building"].append(f)
        order = ["building"] + [fl for fl in fr.get("floors", []) if fl != "building"]
        order += sorted(k for k in groups if k not in order)
        for key in order:
            if key not in groups:
                continue
            con.print(f"  [bold]{escape(key)}[/bold]")
            table = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False, expand=False)
            table.add_column("sev", no_wrap=True)
            table.add_column("code", no_wrap=True)
            table.add_column("message", overflow="fold")
            for f in groups[key]:
                loc = f.get("location") or {}
                msg = escape(f["message"])
                where = _where(loc)
                if where:
                    msg += f"\n[dim]{escape(where)}{' ' + escape(loc['path']) if loc.get('path') else ''}[/dim]"
                if f.get("hint"):
                    msg += f"\n[dim]hint: {escape(f['hint'])}[/dim]"
                table.add_row(f"  [{_STYLE[f['severity']]}]{f['severity']}[/]", f"{f['id']} {escape(f['name'])}", msg)
            con.print(table)
        if fr.get("status") == "checked":
            ok = len(fr.get("rules", []))
            line = f"  {ok} rule(s) run"
            if fr.get("skipped"):
                line += f", {len(fr['skipped'])} skipped: " + "; ".join(
                    f"{s['code']} ({s['reason']})" for s in fr["skipped"])
            con.print(f"[dim]{escape(line)}[/dim]")
    s = data.get("summary", {})
    status = {0: "[green]passed[/green]", 1: "[red]failed[/red]", 2: "[red]could not run[/red]"}.get(s.get("exit_code"), "")
    con.print(f"{s.get('error', 0)} error(s), {s.get('warning', 0)} warning(s), {s.get('info', 0)} note(s) "
              f"in {s.get('files', 0)} plan file(s): {status} (fail on {data.get('fail_on', 'error')})")
    return buf.getvalue()
