"""Import report: counts by (entity, kind, action), examples capped, stable order."""

from __future__ import annotations

from wifiplan.io.importreport import MAX_EXAMPLES, ImportReport


def test_counts_and_order() -> None:
    r = ImportReport(source="x.dxf")
    r.skipped("LINE", "layer not mapped", example="FURN")
    r.imported("LINE", 3, action="wall: drywall")
    r.skipped("LINE", "layer not mapped", example="FURN")
    r.guessed("room", "use 'office'", example="Room 1")
    r.warn("file", "recovered")
    assert [(row.kind, row.entity) for row in r.sorted_rows()] == [
        ("imported", "LINE"), ("guessed", "room"), ("skipped", "LINE"), ("warning", "file")]
    skipped = r.rows[("LINE", "skipped", "layer not mapped")]
    assert skipped.count == 2 and skipped.examples == ["FURN"]
    assert r.count("imported") == 3 and r.count("skipped", "LINE") == 2 and r.count("guessed", "LINE") == 0
    assert r.to_dict()["rows"][0] == {"entity": "LINE", "kind": "imported", "action": "wall: drywall", "count": 3,
                                      "examples": []}


def test_examples_are_capped() -> None:
    r = ImportReport()
    for k in range(10):
        r.skipped("TEXT", "unused", example=f"t{k}")
    assert r.rows[("TEXT", "skipped", "unused")].examples == [f"t{k}" for k in range(MAX_EXAMPLES)]
