"""Parse YAML or JSON text safely into plain data plus a map of field paths to line/column."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from wifiplan.errors import InputError, LimitError, Location, format_path

__all__ = ["SourceMap", "parse_text", "format_path", "MAX_NODES", "MAX_DEPTH"]

#: Most YAML nodes a file may expand to (aliases included): stops "billion laughs".
MAX_NODES = 5_000_000
#: Deepest nesting accepted.
MAX_DEPTH = 64

PathT = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Line and column (1-based) of every value, keyed by field path; keys map too."""

    file: str | None = None
    values: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathT, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathT, *, key: bool = False) -> Location:
        """Location of ``path``: the value (or its key), else the nearest enclosing node."""
        path = tuple(path)
        table = self.keys if key else self.values
        probe = path
        while True:
            pos = table.get(probe) or (self.values.get(probe) if key else None)
            if pos is not None:
                return Location(self.file, pos[0], pos[1], format_path(path) or None)
            if not probe:
                return Location(self.file, None, None, format_path(path) or None)
            probe = probe[:-1]


#: libyaml's parser when PyYAML was built with it (about ten times faster), else pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class _Builder:
    """Turn a composed YAML node tree into Python data, recording positions, with limits."""

    def __init__(self, source_map: SourceMap) -> None:
        self.map = source_map
        self.count = 0
        self.constructor = SafeConstructor()

    def build(self, node: yaml.Node, path: PathT, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise LimitError(
                f"{self.map.file}: more than {MAX_NODES:,} values after expanding aliases "
                "(an alias bomb?); wifiplan refuses files that large"
            )
        if depth > MAX_DEPTH:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise LimitError(f"{self.map.file}:{line}:{col} {format_path(path)}: nested deeper than {MAX_DEPTH} levels")
        self.map.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise InputError(
                f"{self.map.file}:{line}:{col} {format_path(path) or '(top level)'}: tag '{node.tag}' is not allowed "
                "— wifiplan reads plain YAML only (no custom tags)"
            )
        if isinstance(node, yaml.MappingNode):
            self.constructor.flatten_mapping(node)
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node, path)
                if key in out:
                    line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                    raise InputError(
                        f"{self.map.file}:{line}:{col} {format_path(path + (key,))}: duplicate key '{key}' "
                        "— each key may appear once in a mapping; remove or rename one"
                    )
                self.map.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _key(self, node: yaml.Node, path: PathT) -> str:
        if not isinstance(node, yaml.ScalarNode):
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise InputError(f"{self.map.file}:{line}:{col} {format_path(path)}: a mapping key must be a plain value")
        value = self._scalar(node, path)
        if isinstance(value, bool) or value is None:
            return node.value  # keep 'yes'/'no'/'null' keys as written
        if isinstance(value, float) and value.is_integer():
            return str(int(value)) if "." not in node.value else node.value.rstrip("0").rstrip(".")
        return str(value)

    def _scalar(self, node: yaml.Node, path: PathT) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except ConstructorError as err:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            problem = (err.problem or "cannot be read").strip()
            raise InputError(
                f"{self.map.file}:{line}:{col} {format_path(path) or '(top level)'}: {problem} "
                "— wifiplan reads plain YAML only (no custom tags)"
            ) from err


def parse_text(text: str, *, file: str | None = None, json_hint: bool = False) -> tuple[Any, SourceMap]:
    """Parse YAML (or JSON, a subset) safely into plain data and a :class:`SourceMap`.

    Mapping keys become strings (``2.4`` → ``"2.4"``, ``5`` → ``"5"``) so per-band maps
    validate the same from YAML and JSON.

    Raises
    ------
    InputError
        On a syntax error (with line and column), a custom tag, or a duplicate key.
    LimitError
        On alias bombs and pathological nesting.
    """
    source_map = SourceMap(file=file)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else str(file)
        problem = err.problem or err.context or "syntax error"
        if json_hint:
            try:
                data = json.loads(text)
            except json.JSONDecodeError as jerr:
                raise InputError(f"{file}:{jerr.lineno}:{jerr.colno}: JSON syntax error: {jerr.msg}") from None
            return _normalise_keys(data), source_map
        raise InputError(f"{where}: YAML syntax error: {problem} — check indentation, colons and brackets there") from None
    except yaml.YAMLError as err:
        raise InputError(f"{file}: YAML error: {err}") from None
    except RecursionError:
        raise LimitError(f"{file}: nested deeper than wifiplan accepts") from None
    if node is None:
        return None, source_map
    try:
        size = _expanded_size(node, {}, 0)
        if size > MAX_NODES:
            raise LimitError(
                f"{file}: {size:,} values after expanding aliases (an alias bomb?); "
                f"wifiplan reads at most {MAX_NODES:,}"
            )
        data = _Builder(source_map).build(node, (), 0)
    except RecursionError:
        raise LimitError(f"{file}: nested deeper than {MAX_DEPTH} levels") from None
    return data, source_map


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int) -> int:
    """Number of values ``node`` expands to with aliases followed, in O(distinct nodes)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if depth > MAX_DEPTH:
        return 1  # the builder reports the depth with its location
    memo[key] = 1  # guards against recursive aliases
    if isinstance(node, yaml.MappingNode):
        total = 1 + sum(_expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        total = 1 + sum(_expanded_size(v, memo, depth + 1) for v in node.value)
    else:
        total = 1
    memo[key] = min(total, 10**15)
    return memo[key]


def _normalise_keys(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k): _normalise_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_normalise_keys(v) for v in data]
    return data
