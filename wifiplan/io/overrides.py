"""``--set KEY=VALUE`` overrides of a building file, validated with located messages that name the flag.

An override changes the building's data after it is read and before it is validated,
so a bad value gets the same message as in the file, located at the flag instead of a
line: ``--set requirements.growth: must be a number (got 'lots')``. Commands apply them
with :func:`using_overrides`, which every building load inside the ``with`` honours
(``plan``, ``check``, ``coverage`` and the rest load buildings in different layers).
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from wifiplan.errors import ConfigError, Location, format_path
from wifiplan.io.yamlsrc import SourceMap

__all__ = ["Override", "parse_overrides", "apply_overrides", "using_overrides", "active_overrides",
           "OverrideSourceMap", "describe_overrides"]

PathT = tuple[str | int, ...]

_SEGMENT = re.compile(r"([A-Za-z0-9_.\-]+?)((?:\[\d+\])*)")


@dataclass(frozen=True)
class Override:
    """One ``--set`` item: the field path, the value as YAML reads it, and the text given."""

    path: PathT
    value: Any
    text: str


def _parse_key(key: str, text: str) -> PathT:
    """``floors[0].zones[1].headcount`` → ``("floors", 0, "zones", 1, "headcount")``.

    List items take brackets; dotted numbers are mapping keys, so band keys read as
    written: ``materials.glass.2.4`` → ``("materials", "glass", "2.4")``.
    """
    path: list[str | int] = []
    parts = key.split(".")
    i = 0
    while i < len(parts):
        part = parts[i]
        if part.isdigit() and i + 1 < len(parts) and parts[i + 1].isdigit() and "[" not in parts[i + 1]:
            part = f"{part}.{parts[i + 1]}"  # a band key such as 2.4
            i += 1
        m = _SEGMENT.fullmatch(part) if part else None
        if m is None:
            raise ConfigError(f"--set {text}: '{key}' is not a field path; write it like requirements.growth "
                              "or floors[0].zones[2].headcount")
        path.append(m.group(1))
        path += [int(n) for n in re.findall(r"\[(\d+)\]", m.group(2))]
        i += 1
    return tuple(path)


def parse_overrides(items: Sequence[str] | None) -> list[Override]:
    """Parse ``KEY=VALUE`` items; the value is read as YAML (``0.5``, ``6``, ``true``, ``[1, 2]``).

    Raises
    ------
    ConfigError
        An item without ``=``, an empty key, a path that is not a field path, or a value
        that is not YAML.

    >>> [(o.path, o.value) for o in parse_overrides(["requirements.growth=0.5", "floors[1].ap_height_m=3"])]
    [(('requirements', 'growth'), 0.5), (('floors', 1, 'ap_height_m'), 3)]
    """
    out: list[Override] = []
    for text in items or []:
        key, sep, raw = text.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ConfigError(f"--set {text}: write KEY=VALUE, e.g. --set requirements.growth=0.5")
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            raise ConfigError(f"--set {text}: the value '{raw}' is not a YAML value; quote text, "
                              "write numbers plainly, lists as [a, b]") from None
        out.append(Override(_parse_key(key, text), value, text))
    return out


@dataclass
class OverrideSourceMap(SourceMap):
    """A file's source map where overridden fields are located at their ``--set`` flag."""

    overridden: list[PathT] = field(default_factory=list)

    def locate(self, path: PathT, *, key: bool = False) -> Location:
        path = tuple(path)
        for over in self.overridden:
            if path[: len(over)] == over:  # the overridden field or anything inside it
                return Location(file="--set", path=format_path(path) or None)
        return super().locate(path, key=key)


def apply_overrides(data: dict[str, Any], source_map: SourceMap, overrides: Sequence[Override]) -> OverrideSourceMap:
    """Write each override into ``data`` (in place) and return a source map that points at the flags.

    Missing mappings on the way are created (``requirements:`` absent from the file);
    list items must exist.

    Raises
    ------
    ConfigError
        A path through a list with no such item, or through a value that is not a mapping.
    """
    smap = OverrideSourceMap(file=source_map.file, values=source_map.values, keys=source_map.keys)
    for over in overrides:
        node: Any = data
        for depth, part in enumerate(over.path[:-1]):
            nxt = over.path[depth + 1]
            here = format_path(over.path[: depth + 1])
            if isinstance(node, list):
                if not isinstance(part, int) or part >= len(node):
                    raise ConfigError(f"--set {over.text}: {here}: no such item (the file has {len(node)})")
                node = node[part]
                continue
            if not isinstance(node, dict):
                raise ConfigError(f"--set {over.text}: {here}: not a mapping in the file")
            if isinstance(part, int):
                raise ConfigError(f"--set {over.text}: {here}: not a list in the file")
            if node.get(part) is None:
                node[part] = [] if isinstance(nxt, int) else {}
            node = node[part]
        last = over.path[-1]
        if isinstance(node, list):
            if not isinstance(last, int) or last >= len(node):
                raise ConfigError(f"--set {over.text}: {format_path(over.path)}: no such item (the file has {len(node)})")
            node[last] = over.value
        elif isinstance(node, dict) and not isinstance(last, int):
            node[str(last)] = over.value
        else:
            raise ConfigError(f"--set {over.text}: {format_path(over.path[:-1])}: not a mapping in the file")
        smap.overridden.append(over.path)
    return smap


_ACTIVE: contextvars.ContextVar[tuple[Override, ...]] = contextvars.ContextVar("wifiplan_overrides", default=())


def active_overrides() -> tuple[Override, ...]:
    """The overrides that building loads apply now (empty outside :func:`using_overrides`)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def using_overrides(overrides: Sequence[Override]) -> Iterator[None]:
    """Apply ``overrides`` to every building loaded inside the ``with`` block."""
    token = _ACTIVE.set(tuple(overrides))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def describe_overrides(overrides: Sequence[Override]) -> str:
    """``--set a=1 --set b=2`` as given, for notes and plan headers."""
    return " ".join(f"--set {o.text}" for o in overrides)
