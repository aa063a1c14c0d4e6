"""One exception hierarchy for wifiplan, with located messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "EXIT_OK",
    "EXIT_FINDINGS",
    "EXIT_ERROR",
    "Location",
    "Problem",
    "WifiplanError",
    "InputError",
    "BuildingFileError",
    "PlanFileError",
    "ConfigError",
    "OutputExistsError",
    "LimitError",
    "InfeasibleError",
    "format_path",
]

#: The command ran and found nothing at or above the failure threshold.
EXIT_OK = 0
#: The command ran and found problems (rule failures, invalid file contents).
EXIT_FINDINGS = 1
#: The command could not run: bad usage, unreadable input, infeasible setup, internal error.
EXIT_ERROR = 2


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a field path as ``floors[2].walls[14].material``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not str(part).replace("_", "a").replace("-", "a").isalnum() or str(part)[:1].isdigit():
            text += f'["{part}"]'
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class Location:
    """Where a problem is: file, 1-based line and column, and the field path."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        head = ""
        if self.file:
            head = self.file
            if self.line is not None:
                head += f":{self.line}"
                if self.column is not None:
                    head += f":{self.column}"
        if self.path:
            return f"{head} {self.path}" if head else self.path
        return head


@dataclass(frozen=True)
class Problem:
    """One located finding from loading or validating a file.

    ``severity`` is ``"error"`` or ``"warning"``; ``hint`` says how to fix it.
    """

    message: str
    location: Location = field(default_factory=Location)
    severity: str = "error"
    hint: str | None = None
    code: str | None = None

    def __str__(self) -> str:
        loc = str(self.location)
        text = f"{loc}: {self.message}" if loc else self.message
        if self.hint:
            text += f" — {self.hint}"
        return text


class WifiplanError(Exception):
    """Root of all errors wifiplan raises on purpose."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def __str__(self) -> str:
        return self.message


class InputError(WifiplanError):
    """An input could not be read or is not valid (missing file, syntax, schema)."""


class BuildingFileError(InputError):
    """A building file is unreadable or does not follow the building format."""


class PlanFileError(InputError):
    """A plan file is unreadable or does not follow the plan format."""


class ConfigError(InputError):
    """Options or settings are invalid (unknown model name, bad band, bad CSV)."""


class OutputExistsError(InputError):
    """An output file exists and ``--force`` was not given, or would overwrite an input."""


class LimitError(InputError):
    """An input exceeds a documented limit (file size, walls, grid points)."""


class InfeasibleError(WifiplanError):
    """No solution meets the requirements (no placement, no cable route)."""
