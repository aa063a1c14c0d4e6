"""JUnit XML output of ``wifiplan check``: one testcase per floor × rule, from the report dump."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import Any

__all__ = ["format_junit", "BUILDING_CLASS"]

#: Class name of testcases about the whole building or plan rather than one floor.
BUILDING_CLASS = "building"

_RANK = {"error": 2, "warning": 1, "info": 0}


def _line(f: dict[str, Any]) -> str:
    loc = f.get("location") or {}
    where = loc.get("file") or ""
    if where and loc.get("line"):
        where += f":{loc['line']}" + (f":{loc['column']}" if loc.get("column") else "")
    if loc.get("path"):
        where += f" {loc['path']}"
    text = f"{f['severity']} {f['id']} {where}: {f['message']}".replace("  ", " ")
    return text + (f" — {f['hint']}" if f.get("hint") else "")


def format_junit(data: dict[str, Any]) -> str:
    """JUnit XML: a testsuite per plan file; testcases (classname=floor or "building", name=code + name).

    A finding at or above ``fail_on`` fails its testcase (message in the element body, as
    GitLab ignores ``failure@message``); lesser findings go to ``system-out``. Skipped
    rules are ``<skipped>``; a plan that could not be checked is an ``<error>``. When
    several plans are checked, class names are prefixed with the plan path so that
    (classname, name) pairs stay unique.
    """
    threshold = _RANK[data.get("fail_on", "error")]
    rules = {r["code"]: r for r in data.get("rules", [])}
    code_of = {c: r["code"] for r in data.get("rules", []) for c in [r["code"], *r.get("emits", {})]}
    files = data.get("files", [])
    many = len(files) > 1
    root = ET.Element("testsuites", name="wifiplan check")
    totals = defaultdict(int)
    for fr in files:
        plan = fr["plan"]
        prefix = f"{plan}:" if many else ""
        suite = ET.SubElement(root, "testsuite", name=plan)
        counts = defaultdict(int)
        by_case: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        cases: list[tuple[str, str]] = []

        def case_key(code: str, floor: str | None) -> tuple[str, str]:
            rule = rules.get(code)
            name = f"{code} {rule['name']}" if rule else code
            return (prefix + (floor or BUILDING_CLASS), name)

        for code in fr.get("rules", []):
            rule = rules.get(code)
            floors = fr.get("floors", []) if rule and rule["scope"] == "floor" else [None]
            cases += [case_key(code, fl) for fl in floors]
        for f in data.get("findings", []):
            if f.get("plan") != plan:
                continue
            key = case_key(code_of.get(f["id"], f["id"]), (f.get("location") or {}).get("floor"))
            by_case[key].append(f)
            if key not in cases:
                cases.append(key)
        for classname, name in cases:
            tc = ET.SubElement(suite, "testcase", classname=classname, name=name, file=plan, time="0")
            counts["tests"] += 1
            found = by_case.get((classname, name), [])
            failing = [f for f in found if _RANK[f["severity"]] >= threshold]
            if failing:
                first = failing[0]["message"]
                fail = ET.SubElement(tc, "failure", message=first[:200], type=failing[0]["id"])
                fail.text = "\n".join(_line(f) for f in failing)
                counts["failures"] += 1
            rest = [f for f in found if _RANK[f["severity"]] < threshold]
            if rest:
                ET.SubElement(tc, "system-out").text = "\n".join(_line(f) for f in rest)
        for sk in fr.get("skipped", []):
            rule = rules.get(sk["code"])
            name = f"{sk['code']} {rule['name']}" if rule else sk["code"]
            tc = ET.SubElement(suite, "testcase", classname=prefix + BUILDING_CLASS, name=name, file=plan, time="0")
            ET.SubElement(tc, "skipped", message=sk["reason"])
            counts["tests"] += 1
            counts["skipped"] += 1
        if fr.get("status") == "error":
            tc = ET.SubElement(suite, "testcase", classname=prefix + BUILDING_CLASS, name="could not check", file=plan, time="0")
            err = ET.SubElement(tc, "error", message=(fr.get("error") or "")[:200], type="InputError")
            err.text = "\n".join([fr.get("error") or ""] + [_line(f) for f in data.get("findings", []) if f.get("plan") == plan])
            counts["tests"] += 1
            counts["errors"] += 1
        for key in ("tests", "failures", "errors", "skipped"):
            suite.set(key, str(counts[key]))
            totals[key] += counts[key]
        suite.set("time", "0")
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(totals[key]))
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
