"""Regenerate docs/sources.md: every [S..] id cited in wifiplan/, with its title and address.

Reads the team's reference notes (../shared/reference/standards.md) for titles; run from the
repository root: ``python tools/gen_sources.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NOTES = Path("shared") / "reference" / "standards.md"
#: The team's reference notes: ../shared next to the repository, or next to a parent (worktrees).
REFERENCE = next((p / _NOTES for p in ROOT.parents if (p / _NOTES).exists()), ROOT.parent / _NOTES)
#: Sources added in the repository (same table format as the reference notes' Sources).
LOCAL_SOURCES = (ROOT / "docs" / "costs.md",)

HEADER = """# Sources

Every default number wifiplan ships cites one of these sources by id (`[S12]`) in its
`source:` field or in a code comment; numbers no source confirmed are marked
`estimate: true` and should be checked by the user. `wifiplan materials|profiles|radios
--format json` and `wifiplan cost --format json` show the full source text of each entry.

| id | source | address |
|---|---|---|
"""


def main() -> None:
    titles: dict[str, tuple[str, str]] = {}
    for ref in (REFERENCE, *LOCAL_SOURCES):
        for line in ref.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\| (S\d+) \| (.*?) \| (.*?) \|$", line)
            if m:
                titles[m.group(1)] = (m.group(2).strip(), m.group(3).strip())
    used: set[str] = set()
    for path in (ROOT / "wifiplan").rglob("*"):
        if path.suffix in (".py", ".yaml"):
            used |= set(re.findall(r"\[(S\d+)\]", path.read_text(encoding="utf-8", errors="ignore")))
    rows = [f"| {i} | {titles.get(i, ('(see the reference notes)', ''))[0]} | {titles.get(i, ('', ''))[1]} |"
            for i in sorted(used, key=lambda s: int(s[1:]))]
    (ROOT / "docs" / "sources.md").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"docs/sources.md: {len(rows)} sources")


if __name__ == "__main__":
    main()
