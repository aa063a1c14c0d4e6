"""SARIF 2.1.0 output of ``wifiplan check`` (GitHub code scanning), from the report dump."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import PurePosixPath
from typing import Any

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "FINGERPRINT_KEY", "sarif_log", "format_sarif"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: Key of our stable fingerprint in ``partialFingerprints`` (bump the suffix if its recipe changes).
FINGERPRINT_KEY = "wifiplanFinding/v1"

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """A relative POSIX path stays as it is (relative to the repository root); absolute → file URI."""
    p = PurePosixPath(path.replace("\\", "/"))
    if p.is_absolute():
        from pathlib import Path

        return Path(path).as_uri()
    return p.as_posix()


def _descriptors(data: dict[str, Any]) -> list[dict[str, Any]]:
    base = data.get("tool", {}).get("informationUri", "")
    out: dict[str, dict[str, Any]] = {}
    for rule in data.get("rules", []):
        help_uri = f"{base}#{rule['code'].lower()}" if base else None
        entries = [(rule["code"], rule["name"], rule["summary"])]
        entries += [(code, f"{rule['name']}.{code.lower()}", text) for code, text in sorted(rule.get("emits", {}).items())]
        for code, name, text in entries:
            d = {
                "id": code,
                "name": name,
                "shortDescription": {"text": text[:1].upper() + text[1:]},
                "fullDescription": {"text": rule["summary"] if code == rule["code"] else f"{text} (reported by {rule['code']} {rule['name']})"},
                "defaultConfiguration": {"level": _LEVEL[rule["severity"]]},
                "properties": {"tags": [rule["stage"], rule["scope"]]},
            }
            if help_uri:
                d["helpUri"] = help_uri
            out.setdefault(code, d)
    for f in data.get("findings", []):  # a code the rule table does not know (defensive)
        out.setdefault(f["id"], {"id": f["id"], "name": f["name"], "shortDescription": {"text": f["name"]},
                                 "defaultConfiguration": {"level": _LEVEL[f["severity"]]}})
    return [out[k] for k in sorted(out)]


def _fingerprints(findings: list[dict[str, Any]]) -> list[str]:
    """Stable per finding: rule code, file, field path, floor (not line numbers nor measured figures)."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        loc = f.get("location") or {}
        key = "|".join(str(v or "") for v in (f["id"], loc.get("file"), loc.get("path"), loc.get("floor")))
        seen[key] += 1
        out.append(hashlib.sha256(key.encode()).hexdigest()[:32] + f":{seen[key]}")
    return out


def sarif_log(data: dict[str, Any]) -> dict[str, Any]:
    """The SARIF 2.1.0 log (a dict) for a check report dump."""
    rules = _descriptors(data)
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    findings = data.get("findings", [])
    for f, fp in zip(findings, _fingerprints(findings)):
        loc = f.get("location") or {}
        text = f["message"] + (f" ({f['hint']})" if f.get("hint") else "")
        result: dict[str, Any] = {
            "ruleId": f["id"],
            "ruleIndex": index[f["id"]],
            "level": _LEVEL[f["severity"]],
            "message": {"text": text},
            "partialFingerprints": {FINGERPRINT_KEY: fp},
        }
        if loc.get("file"):
            physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(loc["file"])}}
            if loc.get("line"):
                region: dict[str, Any] = {"startLine": loc["line"]}
                if loc.get("column"):
                    region["startColumn"] = loc["column"]
                physical["region"] = region
            location: dict[str, Any] = {"physicalLocation": physical}
            if loc.get("path"):
                location["logicalLocations"] = [{"fullyQualifiedName": loc["path"], "kind": "member"}]
            result["locations"] = [location]
        props = {k: loc[k] for k in ("floor", "x_m", "y_m") if loc.get(k) is not None}
        props.update({k: f[k] for k in ("value", "limit", "unit", "plan") if f.get(k) is not None})
        if props:
            result["properties"] = props
        results.append(result)
    errors = [fr for fr in data.get("files", []) if fr.get("status") == "error"]
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": f"{fr['plan']}: could not check: {fr.get('error') or ''}"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(fr["plan"])}}}]}
            for fr in errors
        ]
    tool = data.get("tool", {})
    driver: dict[str, Any] = {"name": tool.get("name", "wifiplan"), "rules": rules}
    if tool.get("version"):
        driver["version"] = tool["version"]
        driver["semanticVersion"] = tool["version"]
    if tool.get("informationUri"):
        driver["informationUri"] = tool["informationUri"]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def format_sarif(data: dict[str, Any]) -> str:
    """The SARIF log as indented JSON text."""
    return json.dumps(sarif_log(data), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
