"""Rule objects and the explicit registry: stable codes, dotted names, duplicates rejected."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wifiplan.check.findings import Finding, FindingLocation, RuleInfo
from wifiplan.errors import ConfigError, Location

if TYPE_CHECKING:
    from wifiplan.check.context import CheckContext, CheckOptions

__all__ = ["CODE_RE", "Rule", "Registry", "DuplicateRuleError", "RuleFunc"]

#: A rule code: two capital letters (the stage) and two digits.
CODE_RE = re.compile(r"^[A-Z]{2}[0-9]{2}$")
#: Stage prefixes of rule codes.
PREFIXES = {"BD": "building", "CV": "coverage", "CP": "capacity", "CH": "channels", "CB": "cabling", "PL": "plan"}

RuleFunc = Callable[["CheckContext", "CheckOptions"], list[Finding]]


class DuplicateRuleError(ValueError):
    """A rule code, alias or name is registered twice."""


@dataclass
class Rule:
    """A check rule: code, dotted name, default severity, and the pure function it runs.

    Create it at module level, then decorate the function with :meth:`implementation`;
    the first line of the function's docstring is the summary users see.
    """

    code: str
    name: str
    severity: str
    scope: str = "floor"
    stage: str = "plan"
    emits: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    func: RuleFunc | None = None
    summary: str = ""

    def __post_init__(self) -> None:
        if not CODE_RE.match(self.code) or self.code[:2] not in PREFIXES:
            raise ValueError(f"rule code {self.code!r}: use two letters of {sorted(PREFIXES)} and two digits")
        if not re.match(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", self.name):
            raise ValueError(f"rule name {self.name!r}: use a dotted lower-case name like coverage.min_rssi")
        if self.severity not in ("error", "warning", "info"):
            raise ValueError(f"rule {self.code}: severity must be error, warning or info")
        if self.scope not in ("floor", "building"):
            raise ValueError(f"rule {self.code}: scope must be floor or building")
        for code in list(self.emits) + list(self.aliases):
            if not CODE_RE.match(code):
                raise ValueError(f"rule {self.code}: extra code {code!r} is not two letters and two digits")

    def implementation(self, func: RuleFunc) -> RuleFunc:
        """Decorator: attach ``func`` as this rule's check and take its docstring summary."""
        self.func = func
        doc = (func.__doc__ or "").strip()
        self.summary = doc.splitlines()[0].strip() if doc else self.name
        return func

    @property
    def codes(self) -> tuple[str, ...]:
        """The rule's own code and every extra code it may report."""
        return (self.code, *self.emits)

    def info(self) -> RuleInfo:
        """The rule's description for reports."""
        return RuleInfo(code=self.code, name=self.name, severity=self.severity, summary=self.summary,
                        scope=self.scope, stage=self.stage, emits=dict(self.emits))

    def finding(
        self,
        message: str,
        *,
        where: Location | None = None,
        floor: str | None = None,
        x_m: float | None = None,
        y_m: float | None = None,
        severity: str | None = None,
        code: str | None = None,
        hint: str | None = None,
        value: float | None = None,
        limit: float | None = None,
        unit: str | None = None,
    ) -> Finding:
        """A :class:`Finding` of this rule (or one of its extra ``code``\\ s) at ``where``."""
        code = code or self.code
        if code not in self.codes:
            raise ValueError(f"rule {self.code} cannot report code {code}")
        where = where or Location()
        loc = FindingLocation(
            file=where.file, line=where.line, column=where.column, path=where.path, floor=floor,
            x_m=None if x_m is None else round(float(x_m), 2),
            y_m=None if y_m is None else round(float(y_m), 2),
        )
        return Finding(
            id=code, name=self.name if code == self.code else f"{self.name}.{code.lower()}",
            severity=severity or self.severity, message=message, hint=hint, location=loc,
            value=None if value is None else round(float(value), 4),
            limit=None if limit is None else round(float(limit), 4), unit=unit,
        )

    def __call__(self, ctx: CheckContext, options: CheckOptions) -> list[Finding]:
        if self.func is None:
            raise RuntimeError(f"rule {self.code} has no implementation")
        return self.func(ctx, options)


class Registry:
    """Rules by code, registered explicitly; a code, alias or name used twice is rejected."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        self._by_key: dict[str, Rule] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> Rule:
        """Register ``rule``.

        Raises
        ------
        DuplicateRuleError
            If its code, an extra code, an alias or its name is already registered.
        """
        if rule.func is None:
            raise ValueError(f"rule {rule.code} has no implementation")
        keys = [rule.code, rule.name, *rule.emits, *rule.aliases]
        for key in keys:
            if key in self._by_key:
                raise DuplicateRuleError(f"rule {rule.code}: {key!r} is already registered by rule {self._by_key[key].code}")
        self._rules[rule.code] = rule
        for key in keys:
            self._by_key[key] = rule
        return rule

    def __iter__(self):
        return iter(sorted(self._rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> Rule:
        """The rule with code, extra code, alias or name ``key`` (KeyError if absent)."""
        return self._by_key[key]

    def matches(self, pattern: str, code: str) -> bool:
        """Whether selector ``pattern`` (code, alias, name, name prefix or code prefix) picks ``code``."""
        pattern = pattern.strip()
        rule = self._by_key.get(code)
        if pattern == code or (rule is not None and pattern in (rule.code, rule.name, *rule.aliases)):
            return True
        if re.fullmatch(r"[A-Z]{2}[0-9]?", pattern) and code.startswith(pattern):
            return True
        if rule is not None and "." not in code and (rule.name + ".").startswith(pattern.rstrip(".") + "."):
            return True
        return False

    def check_selectors(self, patterns: Sequence[str], *, option: str) -> None:
        """Raise :class:`ConfigError` for a selector that matches no rule."""
        known = sorted(self._by_key)
        for pattern in patterns:
            if not any(self.matches(pattern, k) for k in known if CODE_RE.match(k)):
                from wifiplan.library import suggest

                guess = suggest(pattern, known)
                hint = f"; did you mean '{guess}'?" if guess else "; see `wifiplan check --list-rules`"
                raise ConfigError(f"{option} {pattern}: no rule has this code or name{hint}")

    def selected(self, code: str, *, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> bool:
        """Whether ``code`` passes ``select`` (empty = all) and ``ignore``."""
        if select and not any(self.matches(p, code) for p in select):
            return False
        return not any(self.matches(p, code) for p in ignore)

    def infos(self) -> list[RuleInfo]:
        return [r.info() for r in self]

    def as_dict(self) -> dict[str, Any]:
        return {r.code: r.info().model_dump() for r in self}
