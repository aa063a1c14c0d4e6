"""A corpus of broken inputs, generated on demand (nothing binary is committed)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.conftest import SMALL_BUILDING

__all__ = ["VALID_VARIANTS", "BUILDING_CASES", "PLAN_CASES", "CSV_CASES", "ESX_CASES", "write_case"]


def _replace(old: str, new: str, count: int = 1) -> Callable[[], str]:
    def make() -> str:
        assert old in SMALL_BUILDING, old
        return SMALL_BUILDING.replace(old, new, count)

    return make


def _text(value: str) -> Callable[[], str]:
    return lambda: value


def _million_walls() -> str:
    """10⁶ walls in 4 MB: one anchored wall repeated by alias."""
    walls = "[&w {material: drywall, path: [[1, 1], [1, 19]]}" + ", *w" * 999_999 + "]"
    head, tail = SMALL_BUILDING.split("    walls:\n", 1)
    tail = tail.split("    zones:\n", 1)[1]
    return f"{head}    walls: {walls}\n    zones:\n{tail}"


def _many_walls(n: int) -> Callable[[], str]:
    def make() -> str:
        walls = "".join(f"      - {{material: drywall, path: [[{1 + (i % 28)}, 1], [{1 + (i % 28)}, 19]]}}\n" for i in range(n))
        return SMALL_BUILDING.replace("    walls:\n", "    walls:\n" + walls, 1)

    return make


def _deep(n: int) -> Callable[[], str]:
    return lambda: "format: 1\nfloors: " + "[" * n + "]" * n + "\n"


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "format: 1\n" + "\n".join(lines) + "\nfloors: *a9\n"


def _huge_file() -> bytes:
    pad = "# " + "x" * 1022 + "\n"
    return (SMALL_BUILDING + pad * (51 * 1024)).encode()


#: name → text or bytes maker, for building files
BUILDING_CASES: dict[str, Callable[[], str | bytes]] = {
    "syntax-error": _replace("name: Test office", "name: [Test office"),
    "tab-indent": _replace("    elevation_m: 0\n", "\televation_m: 0\n"),
    "wrong-type-list": _replace("floors:\n", "floors: 3\nx:\n"),
    "wrong-type-string": _replace("headcount: 40", "headcount: many"),
    "nan": _replace("elevation_m: 0\n", "elevation_m: .nan\n"),
    "inf": _replace("[30, 0], [30, 20], [0, 20]]\n    walls", "[.inf, 0], [30, 20], [0, 20]]\n    walls"),
    "huge-number": _replace("[[0, 0], [30, 0], [30, 20], [0, 20]]\n    walls", "[[0, 0], [1e308, 0], [30, 20], [0, 20]]\n    walls"),
    "empty-floors": _text("format: 1\nfloors: []\n"),
    "floor-without-outline": _text("format: 1\nfloors:\n  - {name: 1F, elevation_m: 0}\n"),
    "zero-area-outline": _replace("[[0, 0], [30, 0], [30, 20], [0, 20]]\n    walls", "[[0, 0], [10, 0], [20, 0]]\n    walls"),
    "self-intersecting-outline": _replace("[[0, 0], [30, 0], [30, 20], [0, 20]]\n    walls", "[[0, 0], [30, 20], [30, 0], [0, 20]]\n    walls"),
    "duplicate-zone-names": _replace("name: Meeting,", "name: Open office,"),
    "point-with-three-numbers": _replace("at: [1, 1]}", "at: [1, 1, 1]}"),
    "point-as-string": _replace("at: [1, 1]}", "at: 'here'}"),
    "100-km-wall": _replace("path: [[15, 12], [15, 20]]", "path: [[15, 12], [15, 100000]]"),
    "100-km-building": _replace("[[0, 0], [30, 0], [30, 20], [0, 20]]\n    walls", "[[0, 0], [100000, 0], [100000, 20], [0, 20]]\n    walls"),
    "unknown-country": _replace("country: JP", "country: ZZ"),
    "unknown-top-key": _replace("format: 1\n", "format: 1\nflors: []\n"),
    "format-2": _replace("format: 1\n", "format: 2\n"),
    "empty-file": _text(""),
    "only-comment": _text("# nothing here\n"),
    "scalar-top": _text("just a string\n"),
    "list-top": _text("- a\n- b\n"),
    "null-floors": _text("format: 1\nfloors: null\n"),
    "deep-nesting": _deep(5000),
    "alias-bomb": _alias_bomb,
    "python-tag": _text("format: 1\nfloors: !!python/object/apply:os.system ['echo pwned']\n"),
    "binary-junk": lambda: bytes(range(256)) * 64,
    "latin-1": lambda: SMALL_BUILDING.replace("Test office", "Caf\u00e9").encode("latin-1"),
    "shift-jis": lambda: SMALL_BUILDING.replace("Test office", "\u5e02\u5f79\u6240").encode("cp932"),
    "50-MB": _huge_file,
    "million-walls": _million_walls,
    "250k-walls": _many_walls(250_000),
    "control-chars": _replace("name: Test office", "name: \"Test\\x00office\""),
}

#: Unusual but valid encodings of the small building
VALID_VARIANTS: dict[str, Callable[[], bytes]] = {
    "utf-16-bom": lambda: SMALL_BUILDING.encode("utf-16"),
    "utf-8-bom-crlf": lambda: b"\xef\xbb\xbf" + SMALL_BUILDING.replace("\n", "\r\n").encode(),
}

#: Broken plan files (the building beside them is valid: office.yaml)
PLAN_CASES: dict[str, Callable[[], str | bytes]] = {
    "plan-syntax": _text("format: 1\nbuilding: office.yaml\naps: [\n"),
    "plan-missing-building": _text("format: 1\nbuilding: nowhere.yaml\naps: []\n"),
    "plan-no-building": _text("format: 1\naps: []\n"),
    "plan-unknown-floor": _text("format: 1\nbuilding: office.yaml\naps:\n  - {name: A1, floor: 9F, at: [5, 5], radios: {5: {channel: 36}}}\n"),
    "plan-illegal-channel": _text("format: 1\nbuilding: office.yaml\naps:\n  - {name: A1, floor: 1F, at: [5, 5], radios: {5: {channel: 165}}}\n"),
    "plan-ap-outside": _text("format: 1\nbuilding: office.yaml\naps:\n  - {name: A1, floor: 1F, at: [500, 5], radios: {5: {channel: 36}}}\n"),
    "plan-duplicate-ap": _text("format: 1\nbuilding: office.yaml\naps:\n  - {name: A1, floor: 1F, at: [5, 5], radios: {5: {channel: 36}}}\n  - {name: A1, floor: 1F, at: [9, 5], radios: {5: {channel: 40}}}\n"),
    "plan-nan-position": _text("format: 1\nbuilding: office.yaml\naps:\n  - {name: A1, floor: 1F, at: [.nan, 5], radios: {5: {channel: 36}}}\n"),
    "plan-wrong-type": _text("format: 1\nbuilding: office.yaml\naps: {A1: 3}\n"),
    "plan-bad-band": _text("format: 1\nbuilding: office.yaml\naps:\n  - {name: A1, floor: 1F, at: [5, 5], radios: {7: {channel: 36}}}\n"),
    "plan-binary": lambda: b"\x00\x01\x02" * 1000,
    "plan-empty": _text(""),
    "plan-building-is-plan": _text("format: 1\nbuilding: plan-building-is-plan.yaml\naps: []\n"),
}

#: Broken CSV point/survey files
CSV_CASES: dict[str, Callable[[], str | bytes]] = {
    "csv-empty": _text(""),
    "csv-no-header": _text("1F,1,2\n"),
    "csv-bad-number": _text("floor,x_m,y_m\n1F,abc,2\n"),
    "csv-unknown-floor": _text("floor,x_m,y_m\n9F,1,2\n"),
    "csv-nan": _text("floor,x_m,y_m\n1F,nan,2\n"),
    "csv-binary": lambda: bytes(range(256)) * 10,
    "survey-bad-rss": _text("floor,x_m,y_m,ap,rss_dbm\n1F,1,2,A1,loud\n"),
    "survey-missing-column": _text("floor,x_m,y_m,ap,rss\n1F,1,2,A1,-60\n"),
}


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


#: Broken Ekahau project files
ESX_CASES: dict[str, Callable[[], bytes]] = {
    "esx-not-zip": lambda: b"PK\x03\x04 this is not really a zip",
    "esx-zip-slip": lambda: _zip({"../../evil.json": b"{}", "project.json": b"{}"}),
    "esx-zip-bomb": lambda: _zip({"floorPlans.json": b"{" + b" " * (150 * 1024 * 1024) + b"}"}),
    "esx-empty-zip": lambda: _zip({}),
    "esx-bad-json": lambda: _zip({"project.json": b"{not json", "floorPlans.json": b"[]"}),
    "esx-old-xml": lambda: _zip({"project.xml": b"<project/>"}),
}


def write_case(folder: Path, name: str, maker: Callable[[], str | bytes], suffix: str = ".yaml") -> Path:
    """Write a corpus case into ``folder`` and return its path."""
    content = maker()
    path = folder / f"{name}{suffix}"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
