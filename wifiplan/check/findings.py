"""Findings and the check report: the one record every check output format is built from."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SEVERITIES",
    "Severity",
    "FindingLocation",
    "Finding",
    "RuleInfo",
    "Skipped",
    "FileResult",
    "CheckReport",
    "REPORT_FORMAT",
    "severity_rank",
]

#: Version of the JSON dump of a :class:`CheckReport` (docs/check.md); bumped on any
#: incompatible change to its fields.
REPORT_FORMAT = 1

Severity = Literal["error", "warning", "info"]

#: Severities from the most to the least serious.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


def severity_rank(severity: str) -> int:
    """2 for error, 1 for warning, 0 for info (higher is more serious).

    >>> severity_rank("error") > severity_rank("warning") > severity_rank("info")
    True
    """
    return {"error": 2, "warning": 1, "info": 0}[severity]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FindingLocation(_Frozen):
    """Where a finding is: file, 1-based line and column, field path, floor, point in metres."""

    file: str | None = None
    line: Annotated[int, Field(ge=1)] | None = None
    column: Annotated[int, Field(ge=1)] | None = None
    path: str | None = Field(None, description="Field path in the file, e.g. aps[3].radios.5.channel.")
    floor: str | None = None
    x_m: float | None = None
    y_m: float | None = None


class Finding(_Frozen):
    """One rule failure: stable code, dotted name, severity, message and location.

    ``value``/``limit``/``unit`` carry the measured figure and the threshold it missed
    (e.g. ``0.82``/``0.95``/``"fraction"``) so machines need not parse messages.
    """

    id: Annotated[str, Field(pattern=r"^[A-Z]{2}[0-9]{2}$")]
    name: str
    plan: str | None = Field(None, description="The plan file whose check found it.")
    severity: Severity
    message: str
    hint: str | None = None
    location: FindingLocation = Field(default_factory=FindingLocation)
    value: float | None = None
    limit: float | None = None
    unit: str | None = None


class RuleInfo(_Frozen):
    """A rule as shown in reports: code, name, default severity, summary, scope."""

    code: str
    name: str
    severity: Severity
    summary: str
    scope: Literal["floor", "building"]
    stage: str
    emits: dict[str, str] = Field(default_factory=dict, description="Extra codes the rule reports, with meanings.")


class Skipped(_Frozen):
    """A selected rule that did not run on a file, and why."""

    code: str
    reason: str


class FileResult(_Frozen):
    """One checked plan: its building, floors, rules run and skipped, or why it could not run."""

    plan: str
    building: str | None = None
    status: Literal["checked", "error"]
    error: str | None = None
    floors: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list, description="Codes of the rules that ran.")
    skipped: list[Skipped] = Field(default_factory=list)


class CheckReport(_Frozen):
    """The result of ``wifiplan check``: every format is rendered from :meth:`dump`."""

    format: int = REPORT_FORMAT
    tool: dict[str, str] = Field(default_factory=dict)
    fail_on: Literal["error", "warning"] = "error"
    rules: list[RuleInfo] = Field(default_factory=list)
    files: list[FileResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Number of findings per severity."""
        out = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def exit_code(self, *, exit_zero: bool = False) -> int:
        """0 clean, 1 findings at or above ``fail_on``, 2 a file could not be checked."""
        if any(f.status == "error" for f in self.files):
            return 2
        if exit_zero:
            return 0
        threshold = severity_rank(self.fail_on)
        return 1 if any(severity_rank(f.severity) >= threshold for f in self.findings) else 0

    def dump(self, *, exit_zero: bool = False) -> dict[str, Any]:
        """The JSON-ready record (stable fields, docs/check.md), with counts and exit code."""
        data = self.model_dump(mode="json")
        data["summary"] = {**self.counts(), "files": len(self.files), "exit_code": self.exit_code(exit_zero=exit_zero)}
        return data
