"""Cost books (JPY, USD) shipped as YAML, and the building file's overrides."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wifiplan.errors import ConfigError, Location
from wifiplan.model.building import Building, CostConfig

__all__ = [
    "BOOKS",
    "REMOVED_FACTORS",
    "CostItem",
    "CostFactor",
    "CostBook",
    "book_names",
    "load_book",
    "default_book_name",
    "resolve_book",
]

#: Factors of earlier books that priced the same thing twice, with what replaces them.
REMOVED_FACTORS: dict[str, str] = {
    "occupied_labour": "restricted hours are `time_restriction` (daytime hours) and `night_work_share`; protection "
                       "is priced per floor",
    "congested_labour": "use `renovation_labour` (改修 labour over new-build labour)",
    "old_work_labour": "use `renovation_labour` (改修 labour over new-build labour)",
    "small_job": "a small later contract is priced through the common-cost rates of its size; drop the factor",
}

#: Shipped books: name → data file under wifiplan/library/data.
BOOKS: dict[str, str] = {"jp": "costs_jp.yaml", "us": "costs_us.yaml"}

_SOURCE = re.compile(r"^\[S\d+\]\s+\S")


class _Sourced(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1)
    value: Annotated[float, Field(ge=0)]
    source: str | None = Field(None, description='"[S..] title ..." of shared/reference/standards.md.')
    estimate: bool = False
    note: str | None = None
    as_of: str | None = Field(None, pattern=r"^\d{4}(-\d{2})?$",
                              description="Date of the price or figure (YYYY or YYYY-MM): the source's, or when "
                                          "the estimate was made.")
    overridden: bool = Field(False, description="Set when the building file overrides the value.")

    @model_validator(mode="after")
    def _cited(self):
        if self.estimate:
            if not self.note:
                raise ValueError("an estimate needs a `note:` saying where the figure comes from")
        elif not (self.source and _SOURCE.match(self.source)):
            raise ValueError('needs `source: "[S..] title"` or `estimate: true` with a note')
        return self

    def cite(self) -> str:
        """Short citation for a BOM line: the [S..] id and title, or "estimate: note"."""
        if self.overridden:
            return "building file override"
        when = f" ({self.as_of})" if self.as_of else ""
        if self.source and not self.estimate:
            return self.source.split(":")[0].strip() + when
        return f"estimate{when}: {self.note}"


class CostItem(_Sourced):
    """A unit cost (currency per ``unit``) or a productivity (person-days per ``unit``)."""

    unit: str = Field(min_length=1)


class CostFactor(_Sourced):
    """A multiplier, share or switch used by the scenarios."""


class CostBook(BaseModel):
    """A cost book: currency, items and factors, each cited or marked as an estimate."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal[1] = 1
    name: str
    title: str
    currency: str = Field(min_length=3, max_length=3)
    country: str
    decimals: Annotated[int, Field(ge=0, le=4)] = 0
    items: dict[str, CostItem]
    factors: dict[str, CostFactor]

    def item(self, key: str) -> CostItem:
        """Item ``key`` (KeyError if absent)."""
        return self.items[key]

    def value(self, key: str) -> float:
        """Value of item ``key``."""
        return self.items[key].value

    def factor(self, key: str) -> float:
        """Value of factor ``key``."""
        return self.factors[key].value


def book_names() -> list[str]:
    """Names of the shipped cost books."""
    return sorted(BOOKS)


@functools.lru_cache(maxsize=8)
def load_book(name: str) -> CostBook:
    """Load shipped cost book ``name`` (``jp`` or ``us``).

    Raises
    ------
    ConfigError
        If no book has that name (with a did-you-mean), or the data file is invalid.
    """
    key = name.strip().lower()
    if key not in BOOKS:
        raise ConfigError(f"unknown cost book {name!r}{_did_you_mean(key, BOOKS)}; books: {', '.join(book_names())}")
    text = (resources.files("wifiplan") / "library" / "data" / BOOKS[key]).read_text(encoding="utf-8")
    try:
        return CostBook.model_validate(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError as err:
        raise ConfigError(f"cost book {BOOKS[key]}: not valid YAML: {err}") from err
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"cost book {BOOKS[key]}: {where}: {first['msg']}") from err


def default_book_name(country: str) -> str:
    """Default book for a country: JP → ``jp``, anything else → ``us``."""
    return "jp" if country.strip().upper() == "JP" else "us"


def _did_you_mean(name: str, choices) -> str:
    close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def resolve_book(
    building: Building,
    *,
    book: str | None = None,
    locate: Callable[[tuple], Location] | None = None,
) -> CostBook:
    """The cost book for ``building`` with its ``costs:`` overrides applied.

    Parameters
    ----------
    building : Building
    book : str, optional
        Book name that wins over the file's ``costs.book`` and the country default.
    locate : callable, optional
        ``source_map.locate`` of the building file, for located error messages.

    Raises
    ------
    ConfigError
        Unknown book, unknown item or factor key (with a did-you-mean), or a currency that
        differs from the book's.
    """
    cfg = building.costs if isinstance(building.costs, CostConfig) else CostConfig(book=building.costs)

    def where(*path) -> str:
        if locate is None:
            return ".".join(str(p) for p in ("costs",) + path)
        return str(locate(("costs",) + path))

    name = book or cfg.book or default_book_name(building.country)
    try:
        base = load_book(name)
    except ConfigError as err:
        raise ConfigError(f"{where('book')}: {err}") from None
    if cfg.currency and cfg.currency.upper() != base.currency:
        raise ConfigError(
            f"{where('currency')}: currency {cfg.currency!r} differs from book {base.name!r} ({base.currency}); "
            f"choose a book in that currency ({', '.join(book_names())}) or drop `currency:`"
        )
    items = dict(base.items)
    for key in sorted(cfg.items):
        if key not in items:
            raise ConfigError(f"{where('items', key)}: unknown cost item {key!r}{_did_you_mean(key, items)}; "
                              f"items: {', '.join(sorted(items))}")
        items[key] = items[key].model_copy(update={"value": float(cfg.items[key]), "overridden": True})
    factors = dict(base.factors)
    for key in sorted(cfg.factors):
        if key in REMOVED_FACTORS:
            raise ConfigError(f"{where('factors', key)}: cost factor {key!r} was removed when the retrofit factors "
                              f"were rebuilt: {REMOVED_FACTORS[key]} (docs/costs.md)")
        if key not in factors:
            raise ConfigError(f"{where('factors', key)}: unknown cost factor {key!r}{_did_you_mean(key, factors)}; "
                              f"factors: {', '.join(sorted(factors))}")
        factors[key] = factors[key].model_copy(update={"value": float(cfg.factors[key]), "overridden": True})
    return base.model_copy(update={"items": items, "factors": factors})
