"""Load building and plan files: read safely, parse, validate, and locate every error."""

from __future__ import annotations

import difflib
import hashlib
import os
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from wifiplan.errors import BuildingFileError, InputError, LimitError, PlanFileError, Problem
from wifiplan.io.overrides import Override, active_overrides, apply_overrides
from wifiplan.io.yamlsrc import SourceMap, format_path, parse_text
from wifiplan.model.building import Building
from wifiplan.model.plan import Plan

__all__ = [
    "MAX_FILE_BYTES",
    "Loaded",
    "read_text",
    "load_model",
    "load_building",
    "load_plan",
    "pydantic_problems",
]

#: Largest input file accepted, bytes (documented in docs/limits.md).
MAX_FILE_BYTES = 10 * 1024 * 1024

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    """A validated model with where it came from."""

    model: M
    path: Path
    source_map: SourceMap
    sha256: str
    text: str


def read_text(path: str | os.PathLike[str], *, what: str = "file", max_bytes: int = MAX_FILE_BYTES) -> tuple[str, bytes]:
    """Read a text file as UTF-8 (BOM allowed; UTF-16 with BOM too); return text and raw bytes.

    Raises
    ------
    InputError
        Missing, unreadable, a directory, binary, or not UTF-8 (with a hint).
    LimitError
        Larger than ``max_bytes``.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such {what}; check the path")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a {what}")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise LimitError(
                f"{p}: {size / 1e6:.1f} MB is larger than the {max_bytes / 1e6:.0f} MB wifiplan reads; "
                "split the building or simplify the drawing"
            )
        raw = p.read_bytes()
    except PermissionError:
        raise InputError(f"{p}: permission denied; check the file's permissions") from None
    except OSError as err:
        raise InputError(f"{p}: cannot read: {err.strerror or err}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), raw
        except UnicodeDecodeError:
            raise InputError(f"{p}: has a UTF-16 byte-order mark but is not valid UTF-16; save it as UTF-8") from None
    if b"\x00" in raw[:8192]:
        raise InputError(f"{p}: looks like a binary file, not YAML or JSON text")
    try:
        return raw.decode("utf-8-sig"), raw
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        hint = "save it as UTF-8"
        try:
            raw.decode("cp932")
            hint = "it looks like Shift_JIS (cp932); save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise InputError(f"{p}:{line}: not UTF-8 text (byte 0x{raw[err.start]:02x}); {hint}") from None


def _model_at(model: Any, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model class found by following ``loc`` from ``model`` (best effort)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if current is None:
            return None
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                field = next((f for f in current.model_fields.values() if f.alias == part), None)
            if field is None:
                return None
            current = field.annotation
            continue
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin in (list, tuple) and args:
            current = args[0]
        elif origin is dict and len(args) == 2:
            current = args[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    """Strip Annotated/Optional/Union down to a model class or container type."""
    for _ in range(10):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else (args[0] if args else None)
            continue
        return tp
    return tp


_TYPE_WORDS = {
    "float_parsing": "a number",
    "float_type": "a number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_pattern_mismatch": "text without control characters",
    "finite_number": "a finite number",
}


_PRIMITIVE_TAGS = {"str", "int", "float", "bool", "list", "dict", "none", "literal", "lax-or-strict"}


def _clean_loc(loc: tuple[Any, ...], model: type[BaseModel]) -> tuple[Any, ...]:
    """Drop pydantic's union-member tags (``MaterialDef``, ``function-after[...]``) from ``loc``."""
    tags = _PRIMITIVE_TAGS | {cls.__name__ for cls in _model_classes(model)}
    return tuple(
        part
        for part in loc
        if not (isinstance(part, str) and ("[" in part or part.startswith("function-") or part in tags))
    )


def _model_classes(model: type[BaseModel]) -> set[type[BaseModel]]:
    """Every model class reachable from ``model``'s fields."""
    seen: set[type[BaseModel]] = set()
    todo: list[Any] = [model]
    while todo:
        tp = todo.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in seen:
                continue
            seen.add(tp)
            todo.extend(f.annotation for f in tp.model_fields.values())
        else:
            todo.extend(typing.get_args(tp))
    return seen


def pydantic_problems(err: ValidationError, model: type[BaseModel], source_map: SourceMap) -> list[Problem]:
    """Turn a pydantic ValidationError into located, readable problems (one per field)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for item in err.errors(include_url=False):
        loc = _clean_loc(tuple(item.get("loc", ())), model)
        kind = item.get("type", "")
        value = item.get("input")
        hint = None
        if kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            key = str(loc[-1]) if loc else "?"
            fields = sorted(parent.model_fields) if parent else []
            close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
            message = f"unknown key '{key}'"
            hint = f"did you mean '{close[0]}'?" if close else (f"allowed keys: {', '.join(fields)}" if fields else None)
            location = source_map.locate(loc, key=True)
        elif kind == "missing":
            message = "required field is missing"
            hint = f"add '{loc[-1]}:'" if loc else None
            location = source_map.locate(loc)
        elif kind in _TYPE_WORDS:
            message = f"must be {_TYPE_WORDS[kind]} (got {_short(value)})"
            location = source_map.locate(loc)
        elif kind == "literal_error":
            expected = item.get("ctx", {}).get("expected", "")
            message = f"must be one of {expected} (got {_short(value)})"
            location = source_map.locate(loc)
        elif kind in ("too_short", "too_long"):
            limit = item.get("ctx", {}).get("min_length" if kind == "too_short" else "max_length")
            n = len(value) if isinstance(value, (list, str, dict)) else "?"
            word = "at least" if kind == "too_short" else "at most"
            message = f"needs {word} {limit} items (got {n}: {_short(value)})"
            if loc and loc[-1] in ("at", "outline", "polygon", "path") or (loc and isinstance(loc[-1], int)):
                hint = "points are [x, y] in metres; polygons need at least 3 points, paths 2"
            location = source_map.locate(loc)
        else:
            msg = str(item.get("msg", "invalid value"))
            msg = msg.removeprefix("Value error, ")
            message = f"{msg[:1].lower()}{msg[1:]} (got {_short(value)})"
            location = source_map.locate(loc)
        text = f"{location}|{message}"
        if text in seen:
            continue
        seen.add(text)
        problems.append(Problem(message, location, "error", hint, code="BD00"))
    problems.sort(key=lambda p_: (p_.location.line or 0, p_.location.column or 0))
    return problems


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def load_model(path: str | os.PathLike[str], model: type[M], *, error: type[InputError] = InputError, what: str = "file",
               overrides: Sequence[Override] = ()) -> Loaded[M]:
    """Read, parse and validate ``path`` as ``model``; raise ``error`` with located problems.

    ``overrides`` (``--set KEY=VALUE``) change the data before validation; problems in
    overridden fields are located at ``--set`` instead of a line of the file.
    """
    p = Path(path)
    text, raw = read_text(p, what=what)
    name = str(path)
    data, source_map = parse_text(text, file=name, json_hint=p.suffix.lower() == ".json")
    if data is None:
        raise error(f"{name}: the file is empty; see `wifiplan init` for a starter {what}")
    if not isinstance(data, dict):
        raise error(f"{name}:1:1: the top level must be a mapping (key: value), not {type(data).__name__}")
    if overrides:
        source_map = apply_overrides(data, source_map, overrides)
    try:
        obj = model.model_validate(data)
    except ValidationError as err:
        problems = pydantic_problems(err, model, source_map)
        lines = "\n".join(str(p_) for p_ in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise error(f"{lines}{more}", problems=problems) from None
    return Loaded(obj, p, source_map, hashlib.sha256(raw).hexdigest(), text)


def load_building(path: str | os.PathLike[str]) -> Loaded[Building]:
    """Load a building file (format 1); structure errors raise :class:`BuildingFileError`.

    The ``--set`` overrides active in :func:`wifiplan.io.overrides.using_overrides` apply.
    """
    return load_model(path, Building, error=BuildingFileError, what="building file", overrides=active_overrides())


def load_plan(path: str | os.PathLike[str]) -> Loaded[Plan]:
    """Load a plan file (format 1); structure errors raise :class:`PlanFileError`."""
    return load_model(path, Plan, error=PlanFileError, what="plan file")
