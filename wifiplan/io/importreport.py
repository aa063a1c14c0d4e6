"""What an importer did: entities imported, skipped or guessed, with counts and examples."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ImportReport", "ReportRow", "Progress", "ImportResult", "FallbackSummary", "fallback_summary", "no_progress"]

#: Progress callback: ``(description, done, total)``; importers call it as they go.
Progress = Callable[[str, int, int], None]

#: Examples kept per row of the report.
MAX_EXAMPLES = 4


def no_progress(description: str, done: int, total: int) -> None:
    """A progress callback that does nothing."""


@dataclass
class ReportRow:
    """One line of the summary: how many entities of a type got one action."""

    entity: str
    kind: str  # "imported" | "skipped" | "guessed" | "warning"
    action: str
    count: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """Counts of what was imported, skipped and guessed, keyed by (entity, kind, action).

    Importers never print: they fill this and the CLI renders it as a table on stderr.
    """

    source: str = ""
    rows: dict[tuple[str, str, str], ReportRow] = field(default_factory=dict)
    #: Zones whose use is the importer's default because no rule matched: (zone name, use).
    fallbacks: list[tuple[str, str]] = field(default_factory=list)

    def add(self, entity: str, kind: str, action: str, count: int = 1, example: str | None = None) -> None:
        """Count ``count`` entities of type ``entity`` that got ``action``."""
        key = (entity, kind, action)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = ReportRow(entity, kind, action)
        row.count += count
        if example and len(row.examples) < MAX_EXAMPLES and example not in row.examples:
            row.examples.append(example)

    def imported(self, entity: str, count: int = 1, action: str = "imported", example: str | None = None) -> None:
        self.add(entity, "imported", action, count, example)

    def skipped(self, entity: str, reason: str, count: int = 1, example: str | None = None) -> None:
        self.add(entity, "skipped", reason, count, example)

    def guessed(self, entity: str, what: str, count: int = 1, example: str | None = None) -> None:
        self.add(entity, "guessed", what, count, example)

    def warn(self, entity: str, message: str, count: int = 1, example: str | None = None) -> None:
        self.add(entity, "warning", message, count, example)

    def sorted_rows(self) -> list[ReportRow]:
        """Rows in a stable order: imported, guessed, skipped, warnings; then by entity."""
        order = {"imported": 0, "guessed": 1, "skipped": 2, "warning": 3}
        return sorted(self.rows.values(), key=lambda r: (order.get(r.kind, 9), r.entity, r.action))

    def count(self, kind: str, entity: str | None = None) -> int:
        """Total count of rows of ``kind`` (optionally of one entity type)."""
        return sum(r.count for r in self.rows.values() if r.kind == kind and (entity is None or r.entity == entity))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (for ``--format json`` and tests)."""
        return {
            "source": self.source,
            "rows": [
                {"entity": r.entity, "kind": r.kind, "action": r.action, "count": r.count, "examples": r.examples}
                for r in self.sorted_rows()
            ],
        }


@dataclass
class ImportResult:
    """An imported building (and plan, for Ekahau files), the report and YAML comments.

    ``comments`` maps a field path such as ``("floors", 0, "telecom_rooms", 0)`` to a
    comment the writer puts after that item (e.g. a TODO on a guessed telecom room).
    """

    building: Any
    report: ImportReport
    comments: dict[tuple, str] = field(default_factory=dict)
    plan: Any = None


@dataclass
class FallbackSummary:
    """Zones that fell back to the default use, with their share of the building's area and people."""

    zones: int
    total_zones: int
    area_m2: float
    area_share: float
    people: int
    people_share: float
    uses: list[str]
    examples: list[str]


def fallback_summary(building: Any, report: ImportReport) -> FallbackSummary:
    """How much of ``building`` has a use no rule gave (zone names in ``report.fallbacks``).

    Shares are fractions (0..1) of all zones' area and headcount; 0 when there are none.
    """
    from shapely.geometry import Polygon

    names = {(n, u) for n, u in report.fallbacks}
    tot_a = tot_p = fa = 0.0
    fp = n = total = 0
    examples: list[str] = []
    for f in building.floors:
        for z in f.zones:
            a = Polygon(z.polygon).area
            tot_a += a
            tot_p += z.headcount
            total += 1
            if (z.name, z.use) in names:
                fa += a
                fp += z.headcount
                n += 1
                if len(examples) < MAX_EXAMPLES and z.name not in examples:
                    examples.append(z.name)
    return FallbackSummary(n, total, round(fa, 1), fa / tot_a if tot_a else 0.0, fp, fp / tot_p if tot_p else 0.0,
                           sorted({u for _, u in names}), examples)
