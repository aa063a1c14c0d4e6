"""Package helpers: did-you-mean suggestions and the public names."""

from __future__ import annotations

import pytest

import wifiplan.library as library
from wifiplan.library import load_library, suggest


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("concret", "concrete"),
        ("Drywal", "drywall"),
        ("DRYWALL", "drywall"),
        ("low-e", "low-e-glass"),
        ("zzzz", None),
        ("", None),
    ],
)
def test_suggest_materials(name: str, expected: str | None) -> None:
    assert suggest(name, load_library().materials) == expected


def test_suggest_profile_and_generator_input() -> None:
    assert suggest("ofice", (p for p in load_library().profiles)) == "office"
    assert suggest("anything", []) is None


def test_public_names_exist() -> None:
    for name in library.__all__:
        assert hasattr(library, name), name
