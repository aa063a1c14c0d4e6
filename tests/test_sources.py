"""docs/sources.md: every source id cited in wifiplan/ is listed, none is a forum, mirror or content farm."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"\| (S\d+) \| (.*?) \| (.*?) \|$")

#: Hosts that are not sources: forums / Q&A, Reddit and its mirrors, mailing-list mirrors
#: (the list's own archive or the document it discusses is cited instead), document and
#: manual mirrors (the vendor's own page is cited instead), and content farms removed in
#: the source review (their numbers are now estimates or cite the primary).
UNACCEPTABLE_HOSTS = (
    "reddit.com", "forum", "stackexchange.com", "stackoverflow.com", "quora.com",
    "spinics.net", "pipermail", "lists.wireless.org.au", "mail-archive.com",
    "easymanua.ls", "manualsbrain.com", "manualshive.com", "manualshelf.com", "manualslib.com",
    "manualsonline.com", "manualmachine.com", "manualzilla.com", "pdfslide", "fdocuments",
    "vdocuments", "vdocument.in", "dokumen.tips", "docplayer", "studylib.net", "scribd.com",
    "123deta", "docslib.org", "doczz.net",
)


def _rows() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in (ROOT / "docs" / "sources.md").read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3))
    return rows


def _cited() -> set[str]:
    cited: set[str] = set()
    for path in (ROOT / "wifiplan").rglob("*"):
        if path.suffix in (".py", ".yaml"):
            cited |= set(re.findall(r"\[(S\d+)\]", path.read_text(encoding="utf-8", errors="ignore")))
    return cited


def _cited_in_docs() -> set[str]:
    cited: set[str] = set()
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        if path.exists() and not path.name.startswith("sources"):
            cited |= set(re.findall(r"\[(S\d+)\]", path.read_text(encoding="utf-8")))
    return cited


def test_sources_md_lists_no_forum_mirror_or_content_farm():
    rows = _rows()
    assert len(rows) > 50  # the table was parsed
    bad = {sid: host for sid, (title, addr) in rows.items()
           for host in UNACCEPTABLE_HOSTS if host in f"{title} {addr}".lower()}
    assert not bad, bad


def test_every_cited_source_has_a_row_with_a_title():
    rows = _rows()
    cited = _cited()
    assert cited
    missing = sorted(cited - set(rows), key=lambda s: int(s[1:]))
    assert not missing, missing
    untitled = [sid for sid in cited if rows[sid][0].startswith("(see the reference notes)")]
    assert not untitled, untitled


def test_every_source_cited_in_the_docs_is_listed():
    # docs/*.md and the README cite ids a reader looks up in docs/sources.md
    listed = set(_rows())
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        if path.name.startswith("sources") or not path.exists():
            continue
        cited = set(re.findall(r"\[(S\d+)\]", path.read_text(encoding="utf-8")))
        assert cited <= listed, (path.name, sorted(cited - listed))


def test_sources_md_lists_only_cited_sources():
    # a source no longer cited (e.g. replaced by an estimate) disappears from the table
    assert set(_rows()) == _cited() | _cited_in_docs()


def test_sources_notes_rows_name_an_address():
    # every override row in docs/sources-notes.md gives an address (no invented or empty ones)
    for line in (ROOT / "docs" / "sources-notes.md").read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            assert m.group(3).startswith("http"), line


def test_the_removed_forum_and_mirror_ids_are_no_longer_cited():
    # S16 (2003 community mailing list), S32 (manual mirror, no vendor copy found) and S34
    # (forum thread) were dropped, their numbers marked estimates in the library; S57, S58
    # (personal wikis), S59 (blog) and S68 (content farm) gave way to MIC's and the FCC's pages;
    # S12, S15, S25, S40, S47, S49 (content farms, reseller and SEO blogs): estimates now;
    # S53 (personal blog): Linksys [S42] and Zebra [S30] say the same.
    cited = _cited() | _cited_in_docs()
    removed = {"S12", "S15", "S16", "S25", "S32", "S34", "S40", "S47", "S49", "S53", "S57", "S58", "S59",
               "S64", "S68"}
    assert not removed & cited
