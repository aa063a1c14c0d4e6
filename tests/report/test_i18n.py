"""Report languages: the Japanese catalog is complete and consistent; the report follows the country."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from tests.check.helpers import ONE_FLOOR, needs, write_project
from wifiplan.report import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "wifiplan" / "locale" / "ja" / "LC_MESSAGES" / "wifiplan.po"
POT = ROOT / "wifiplan" / "locale" / "wifiplan.pot"


def _catalog(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh)


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_message_is_translated_with_the_same_placeholders():
    pot, po = _catalog(POT), _catalog(PO)
    ids = {m.id for m in pot if m.id}
    assert len(ids) > 150  # the report's strings are extracted, not a handful
    for mid in sorted(ids):
        msg = po.get(mid)
        assert msg is not None and msg.string, f"untranslated: {mid!r}"
        assert not msg.fuzzy, mid
        assert _fields(msg.string) == _fields(mid), mid  # a lost {placeholder} would raise KeyError at runtime


def test_no_obsolete_translations():
    pot, po = _catalog(POT), _catalog(PO)
    assert {m.id for m in po if m.id} == {m.id for m in pot if m.id}


def test_terms_required_by_municipal_readers():
    po = _catalog(PO)
    assert po.get("Access points").string == "アクセスポイント"
    assert po.get("Cabling").string == "配線"
    assert po.get("Backbone optical fiber").string == "幹線光ファイバ"
    assert po.get("Consumption tax").string == "消費税"
    assert po.get("Spare").string == "予備位置"
    assert "電線管" in po.get("Conduit and cable trays").string
    assert "電波強度" in po.get("Best RSSI (dBm)").string


def test_language_switch_is_scoped():
    with i18n.language("ja"):
        assert i18n._("Budget") == "予算"
        assert i18n.current_language() == "ja"
    assert i18n._("Budget") == "Budget"
    with pytest.raises(ValueError, match="unknown language"):
        with i18n.language("fr"):
            pass


def test_default_language_by_country():
    assert i18n.default_language("JP") == "ja"
    assert i18n.default_language("jp") == "ja"
    assert i18n.default_language("US") == "en"


def test_po_is_compiled_in_memory_without_mo(monkeypatch, tmp_path):
    """An install without a compiled .mo (editable or wheel) still translates."""
    folder = tmp_path / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "wifiplan.po").write_bytes(PO.read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translation.cache_clear()
    try:
        assert i18n.translation("ja").gettext("Floor maps") == "平面図"
    finally:
        i18n.translation.cache_clear()


def test_compiled_mo_is_used_when_present(monkeypatch, tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    folder = tmp_path / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    cat = Catalog(locale="ja")
    cat.add("Floor maps", "MO版")
    with (folder / "wifiplan.mo").open("wb") as fh:
        write_mo(fh, cat)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translation.cache_clear()
    try:
        assert i18n.translation("ja").gettext("Floor maps") == "MO版"
    finally:
        i18n.translation.cache_clear()


def test_package_data_ships_the_catalogs():
    """pyproject's package-data globs match the catalogs (so `pip install .` carries them)."""
    import fnmatch
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = data["tool"]["setuptools"]["package-data"]["wifiplan"]
    rel = PO.relative_to(ROOT / "wifiplan").as_posix()
    assert any(fnmatch.fnmatch(rel, g) for g in globs)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    needs("wifiplan.rf.maps")
    from wifiplan.cli.report import write_report

    tmp = tmp_path_factory.mktemp("i18n")
    plan = write_project(tmp, building=ONE_FLOOR.replace("name: Rule test office", "name: 市役所 分庁舎")
                         .replace("name: West", "name: 市民課").replace("name: East", "name: 会議室"))
    ja, _, _ = write_report(plan, tmp / "ja", dpi=50)  # country JP → Japanese by default
    en, _, _ = write_report(plan, tmp / "en", dpi=50, lang="en")
    return ja.read_text(encoding="utf-8"), en.read_text(encoding="utf-8"), (tmp / "ja" / "report.md").read_text(
        encoding="utf-8")


def test_japanese_report(reports):
    ja, _, md = reports
    assert '<html lang="ja">' in ja
    main = ja.split("<main>")[1]
    for term in ("概要", "予算", "平面図", "アクセスポイント", "予備位置", "配線", "電波強度", "消費税", "目次"):
        assert term in ja, term
    # headings and table headers are translated: no English section titles left
    for english in (">Executive summary<", ">Budget<", ">Floor maps<", ">Access points<", ">Cabling<", "<th>Floor</th>"):
        assert english not in main, english
    assert "## 概要" in md
    assert "@font-face" in ja  # the Japanese font travels with the page


def test_english_report(reports):
    _, en, _ = reports
    assert '<html lang="en">' in en
    # headings, table headers, captions and fact labels are English; Japanese there can only
    # come from the building's names (the JP cost book's item labels are Japanese data)
    labels = " ".join(re.findall(r"<(?:h[1-4]|th|caption|dt)>(.*?)</(?:h[1-4]|th|caption|dt)>", en))
    japanese = set(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", labels))
    assert japanese <= set("市役所分庁舎市民課会議室")
    assert ">Executive summary<" in en and ">Budget<" in en


def test_unknown_language_exits_2(tmp_path, capsys):
    from tests.cli.helpers import cli

    plan = write_project(tmp_path)
    code, _out, err = cli(capsys, "report", str(plan), "-o", str(tmp_path / "out"), "--lang", "fr")
    assert code == 2 and "use one of en, ja" in err and not (tmp_path / "out").exists()
