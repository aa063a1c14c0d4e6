"""Small buildings for the issue-12 rule case files (CH04–CH07, CV04–CV06, CP03)."""

from __future__ import annotations

import textwrap

#: One open 60 × 10 m hall (no inner walls), one zone of ``{use}`` with ``{people}`` people.
HALL = textwrap.dedent(
    """\
    format: 1
    name: Hall
    country: JP
    floors:
      - name: 1F
        elevation_m: 0
        height_m: 3.5
        ap_height_m: 2.7
        outline: [[0, 0], [60, 0], [60, 10], [0, 10]]
        zones:
          - {{name: Hall, use: {use}, headcount: {people}, polygon: [[0, 0], [60, 0], [60, 10], [0, 10]]}}
        telecom_rooms:
          - {{name: MDF, kind: mdf, at: [30, 5]}}
    requirements:
      band: 5
    {extra}"""
)


def hall(use: str = "office", people: int = 10, requirements: str = "", extra: str = "") -> str:
    """The hall building text; ``requirements`` lines are added under ``requirements:`` (2-space indented)."""
    text = HALL.format(use=use, people=people, extra=extra)
    if requirements:
        text = text.replace("  band: 5\n", "  band: 5\n" + textwrap.indent(textwrap.dedent(requirements), "  "), 1)
    return text


#: Two floors of 20 × 10 m over a concrete slab, an office zone on each, one telecom room per floor.
TWO_FLOORS = textwrap.dedent(
    """\
    format: 1
    name: Two floors
    country: JP
    floors:
      - name: 1F
        elevation_m: 0
        height_m: 3.5
        outline: [[0, 0], [20, 0], [20, 10], [0, 10]]
        zones:
          - {name: Office 1, use: office, headcount: 10, polygon: [[0, 0], [20, 0], [20, 10], [0, 10]]}
        telecom_rooms:
          - {name: MDF, kind: mdf, at: [10, 5]}
        risers:
          - {name: R1, at: [1, 1]}
      - name: 2F
        elevation_m: 3.5
        height_m: 3.5
        slab: concrete-slab
        outline: [[0, 0], [20, 0], [20, 10], [0, 10]]
        zones:
          - {name: Office 2, use: office, headcount: 10, polygon: [[0, 0], [20, 0], [20, 10], [0, 10]]}
        telecom_rooms:
          - {name: IDF2, kind: idf, at: [10, 5]}
        risers:
          - {name: R1, at: [1, 1]}
    requirements:
      band: 5
    """
)


def radio5(channel: int = 36, tx: float = 14.0, width: int = 20) -> dict:
    return {"5": {"channel": channel, "width_mhz": width, "tx_power_dbm": tx}}


def ap5(name: str, x: float, y: float = 5.0, *, floor: str = "1F", idf: str = "MDF", **kw) -> dict:
    return {"name": name, "floor": floor, "at": [x, y], "idf": idf, "radios": radio5(**kw)}


#: The plan settings of a plan made with a non-legacy model (issue-12 defaults apply).
NEW_MODEL = {"model": "p1238"}


def edit(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced once (asserting it is there)."""
    assert old in text, old
    return text.replace(old, new, 1)
