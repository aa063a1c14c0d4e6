"""docs/format.md documents every field of the file models (the contract stays described)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from wifiplan.model import building, plan

DOC = (Path(__file__).resolve().parents[2] / "docs" / "format.md").read_text(encoding="utf-8")
#: Every word inside a `code span` of the reference.
_FENCED = re.findall(r"```.*?```", DOC, flags=re.S)
_SPANS = _FENCED + re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", DOC, flags=re.S))
CODE_WORDS = {w for span in _SPANS for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", span)}

MODELS = [
    building.Building, building.Floor, building.Wall, building.Zone, building.TelecomRoom, building.Riser,
    building.Pathway, building.Requirements, building.MaterialDef, building.ProfileDef, building.ApConfig,
    building.CostConfig, plan.Plan, plan.Settings, plan.AccessPoint, plan.Radio, plan.Spare, plan.CableRun,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    missing = [f.alias or name for name, f in model.model_fields.items() if (f.alias or name) not in CODE_WORDS]
    assert not missing, f"{model.__name__}: document {missing} in docs/format.md"
