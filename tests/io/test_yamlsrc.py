"""Safe YAML parsing with positions: keys, limits, tags, duplicates."""

from __future__ import annotations

import pytest

from wifiplan.errors import InputError, LimitError
from wifiplan.io.yamlsrc import MAX_DEPTH, format_path, parse_text


def test_positions_are_one_based_line_and_column() -> None:
    data, smap = parse_text("a: 1\nb:\n  - {c: 2}\n", file="f.yaml")
    assert data == {"a": 1, "b": [{"c": 2}]}
    loc = smap.locate(("b", 0, "c"))
    assert (loc.line, loc.column) == (3, 9)
    assert str(loc) == "f.yaml:3:9 b[0].c"


def test_missing_path_falls_back_to_nearest_parent() -> None:
    _, smap = parse_text("a:\n  b: 1\n", file="f.yaml")
    loc = smap.locate(("a", "zz"))
    assert loc.line == 2 and loc.path == "a.zz"


@pytest.mark.parametrize("text,key", [("2.4: 1", "2.4"), ("5: 1", "5"), ("5.0: 1", "5"), ("6GHz: 1", "6GHz")])
def test_numeric_keys_become_strings(text: str, key: str) -> None:
    data, _ = parse_text(text)
    assert list(data) == [key]


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(InputError, match=r"f.yaml:2:1 a: duplicate key 'a'"):
        parse_text("a: 1\na: 2\n", file="f.yaml")


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(LimitError, match="alias bomb"):
        parse_text("\n".join(lines), file="bomb.yaml")


def test_deep_nesting_is_refused() -> None:
    text = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    with pytest.raises(LimitError, match="nested deeper"):
        parse_text(text, file="deep.yaml")


@pytest.mark.parametrize("text", ["a: !!python/object/apply:os.system ['echo hi']", "!!python/object:os.system {}", "a: !custom 3"])
def test_tags_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="plain YAML only|not allowed"):
        parse_text(text, file="t.yaml")


def test_syntax_error_is_located() -> None:
    with pytest.raises(InputError, match=r"s.yaml:2:\d+: YAML syntax error"):
        parse_text("a: [1, 2\nb: 3\n", file="s.yaml")


def test_json_fallback_reports_json_position() -> None:
    with pytest.raises(InputError, match=r"j.json:1:\d+"):
        parse_text('{"a": [1, 2,, 3]}', file="j.json", json_hint=True)


def test_format_path_quotes_odd_keys() -> None:
    assert format_path(("materials", "foo", "loss_db", "2.4")) == 'materials.foo.loss_db["2.4"]'
    assert format_path(("floors", 2, "walls", 14, "material")) == "floors[2].walls[14].material"
