"""JSON Schema of the file formats: valid 2020-12, and the shipped buildings conform to it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from wifiplan.model.schema import json_schema

REPO = Path(__file__).resolve().parents[2]


def _json_like(data):
    """YAML data as JSON would carry it: mapping keys are strings."""
    if isinstance(data, dict):
        return {str(k): _json_like(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_json_like(v) for v in data]
    return data


@pytest.mark.parametrize("kind", ["building", "plan"])
def test_schema_is_valid_2020_12_with_id(kind: str) -> None:
    schema = json_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{kind}.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False


def test_unknown_schema_raises() -> None:
    with pytest.raises(ValueError, match="use building or plan"):
        json_schema("floor")


@pytest.mark.parametrize("path", sorted((REPO / "floorplans").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_floorplans_conform_to_schema(path: Path) -> None:
    validator = jsonschema.Draft202012Validator(json_schema("building"))
    data = _json_like(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_schema_rejects_a_typo(small_building: Path) -> None:
    validator = jsonschema.Draft202012Validator(json_schema("building"))
    data = _json_like(yaml.safe_load(small_building.read_text()))
    data["floors"][0]["walls"][0]["matrial"] = "x"
    assert any("matrial" in e.message for e in validator.iter_errors(data))


def test_schema_command_prints_json(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "wifiplan", "schema", "plan"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0
    assert json.loads(res.stdout)["$id"].endswith("plan.schema.json")
    out = tmp_path / "b.json"
    assert subprocess.run([sys.executable, "-m", "wifiplan", "schema", "building", "-o", str(out)], timeout=60).returncode == 0
    assert json.loads(out.read_text())["title"] == "Building"
    again = subprocess.run([sys.executable, "-m", "wifiplan", "schema", "building", "-o", str(out)], capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "--force" in again.stderr
