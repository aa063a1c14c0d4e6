"""Shared fixtures: a small valid building written by the tests themselves."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"

SMALL_BUILDING = textwrap.dedent(
    """\
    format: 1
    name: Test office
    country: JP
    floors:
      - name: 1F
        elevation_m: 0
        height_m: 3.5
        ap_height_m: 2.7
        outline: [[0, 0], [30, 0], [30, 20], [0, 20]]
        walls:
          - {material: concrete, path: [[0, 0], [30, 0], [30, 20], [0, 20], [0, 0]]}
          - {material: drywall, path: [[15, 0], [15, 8]]}
          - {material: glass, path: [[15, 8], [15, 12]]}
          - {material: drywall, path: [[15, 12], [15, 20]]}
        zones:
          - {name: Open office, use: office, headcount: 40, polygon: [[0, 0], [15, 0], [15, 20], [0, 20]]}
          - {name: Meeting, use: meeting-room, headcount: 12, polygon: [[15, 0], [30, 0], [30, 20], [15, 20]]}
        exclude:
          - [[27, 17], [30, 17], [30, 20], [27, 20]]
        telecom_rooms:
          - {name: MDF, kind: mdf, at: [1, 1]}
        risers:
          - {name: R1, at: [2, 1]}
        pathways:
          - {kind: tray, path: [[1, 1], [1, 10], [29, 10]]}
      - name: 2F
        elevation_m: 3.5
        height_m: 3.5
        outline: [[0, 0], [30, 0], [30, 20], [0, 20]]
        walls:
          - {material: concrete, path: [[0, 0], [30, 0], [30, 20], [0, 20], [0, 0]]}
        zones:
          - {name: Office 2, use: office-web-meetings, headcount: 50, polygon: [[0, 0], [30, 0], [30, 20], [0, 20]]}
        risers:
          - {name: R1, at: [2, 1]}
    requirements:
      band: 5
    """
)


@pytest.fixture
def small_building(tmp_path: Path) -> Path:
    """A valid two-floor building file in a temporary directory."""
    path = tmp_path / "office.yaml"
    path.write_text(SMALL_BUILDING, encoding="utf-8")
    return path


@pytest.fixture
def shared_data() -> Path:
    """The team's shared real data folder; skips the test where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("needs the team's shared data (real mall maps and IFC models), which is not part of the repository")
    return SHARED_DATA
