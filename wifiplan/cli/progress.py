"""Progress of long runs on stderr: one overall bar with elapsed time and an estimate in a
terminal, plain timestamped lines otherwise (CI logs, pipes, files).

The stages report ``(stage, fraction)`` (:data:`wifiplan.design.workspace.Progress`) with
the fraction of *that* stage; a bar that follows them jumps back to 0 % at every stage.
:class:`RunProgress` maps stages to phases of the whole run (:data:`PHASES`, weights
estimated from timing the shipped buildings) and shows one overall share that never goes
back. Unknown stage names count as part of the current phase, so new planner stages need
no change here. It is built for reuse: a batch of buildings calls :meth:`RunProgress.line`
for each finished building and gets a line above the bar, or a timestamped line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from rich.console import Console

__all__ = ["PHASES", "RunProgress", "phase_of"]

#: Phases of a plan run in order, with the share of the run's time each takes (an estimate
#: from one run of the shipped city hall on a shared 2-core machine: path loss 19 s,
#: placement 25 s, channels 11 s, cabling and cost < 1 s, evaluation 2 s of 57 s, rounded).
#: A stage belongs to the phase that lists its name (before any " (…)").
#: The planner reports "channels" (the first channel plan) right after placement and then the
#: exact check, moves, polish and spares, so those belong to the channels phase (with
#: "channels" there, the bar sat at 92 % for the last third of a run).
PHASES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("path loss", 0.30, ("loading", "path loss")),
    ("placement", 0.45, ("coverage", "secondary coverage", "real-time secondary coverage", "capacity",
                         "channel sharing", "pruning", "placement", "power", "channels")),
    ("channels", 0.17, ("exact check", "exact pruning", "moving", "channel polish", "spares")),
    ("cabling and cost", 0.03, ("cabling", "cost")),
    ("evaluation", 0.05, ("evaluation",)),
)

#: Characters of the bar's description (title and stage) in a terminal.
_DESCRIPTION_WIDTH = 44

#: Seconds between plain progress lines when nothing new happens (not a terminal).
PLAIN_INTERVAL_S = 10.0


def phase_of(stage: str) -> int | None:
    """Index in :data:`PHASES` of a stage name (``"coverage (80 MHz)"`` → 1), or None if unknown.

    >>> phase_of("path loss"), phase_of("coverage (80 MHz)"), phase_of("evaluation"), phase_of("???")
    (0, 1, 4, None)
    """
    name = stage.split(" (")[0].strip().lower()
    for i, (_, _, stages) in enumerate(PHASES):
        if name in stages:
            return i
    return None


class RunProgress:
    """A progress callback ``(stage, fraction)`` that shows the whole run's progress on ``console``.

    Use as a context manager. In a terminal (``console.is_terminal``) it draws one bar —
    overall share, elapsed time, estimated time left — that disappears at the end; else
    it prints ``HH:MM:SSZ title: 37% path loss (elapsed 12 s)`` when the phase changes
    and at most every ``interval_s`` seconds otherwise.
    """

    def __init__(self, console: Console, *, title: str = "plan", terminal: bool | None = None,
                 interval_s: float = PLAIN_INTERVAL_S, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] | None = None, overall: bool = True) -> None:
        self.console = console
        #: False for runs whose stages are not :data:`PHASES` (a growth step): no share is
        #: shown, only the stage and the elapsed time (a pulsing bar in a terminal)
        self.overall = overall
        self.title = title
        self.terminal = console.is_terminal if terminal is None else terminal
        self.interval_s = interval_s
        self.clock = clock
        self.now = now or (lambda: datetime.now(timezone.utc))
        self.fraction = 0.0
        self.phase = 0
        self.stage = "starting"
        self._t0 = clock()
        self._last_line = -float("inf")
        self._last_phase = -1
        self._bar: Any = None
        self._task: Any = None

    # -- context -------------------------------------------------------------------------
    def __enter__(self) -> RunProgress:
        self._t0 = self.clock()
        if self.terminal:
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("{task.description:<%d}" % _DESCRIPTION_WIDTH), BarColumn(), TaskProgressColumn(),
                TextColumn("elapsed"), TimeElapsedColumn(), TextColumn("left about"), TimeRemainingColumn(),
                console=self.console, transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(f"{self.title}: starting", total=1.0 if self.overall else None)
        else:
            self._plain(force=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
            self._bar = None
        elif exc[0] is None:
            self.fraction = 1.0
            self.stage = "done"
            self._plain(force=True)

    # -- the callback --------------------------------------------------------------------
    def __call__(self, stage: str, fraction: float) -> None:
        """Record ``fraction`` (0–1) of ``stage``; the overall share only moves forward."""
        if not self.overall:
            changed, self.stage = stage != self.stage, stage
            if self._bar is not None:
                self._bar.update(self._task, description=self._describe(stage))
            else:
                self._plain(force=changed)
            return
        f = min(1.0, max(0.0, float(fraction))) if fraction == fraction else 0.0
        idx = phase_of(stage)
        if idx is not None and idx >= self.phase:
            self.phase = idx
        if idx is None or idx == self.phase:  # an earlier phase again (another width): no step back
            start = sum(w for _, w, _ in PHASES[: self.phase])
            self.fraction = max(self.fraction, min(1.0, start + PHASES[self.phase][1] * f))
        self.stage = stage
        if self._bar is not None:
            # a fixed-width description, so a long stage name never pushes the times off the line
            self._bar.update(self._task, description=self._describe(stage), completed=self.fraction)
        else:
            self._plain()

    def _describe(self, stage: str) -> str:
        text = f"{self.title}: {stage}"
        return text if len(text) <= _DESCRIPTION_WIDTH else text[: _DESCRIPTION_WIDTH - 1] + "…"

    def line(self, text: str) -> None:
        """Print a line of its own (a finished building in a batch): above the bar, or timestamped."""
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            self.console.print(f"{self._stamp()} {text}", markup=False, highlight=False, soft_wrap=True)

    # -- plain lines ---------------------------------------------------------------------
    def _stamp(self) -> str:
        return self.now().strftime("%H:%M:%SZ")

    def _plain(self, *, force: bool = False) -> None:
        t = self.clock()
        if not force and self.phase == self._last_phase and t - self._last_line < self.interval_s:
            return
        self._last_line = t
        self._last_phase = self.phase
        elapsed = t - self._t0
        if not self.overall:
            self.console.print(f"{self._stamp()} {self.title}: {self.stage} (elapsed {_duration(elapsed)})",
                               markup=False, highlight=False, soft_wrap=True)
            return
        text = f"{self._stamp()} {self.title}: {self.fraction:.0%} {self.stage} (elapsed {_duration(elapsed)}"
        if 0.05 <= self.fraction < 1.0:
            text += f", about {_duration(elapsed * (1.0 - self.fraction) / self.fraction)} left"
        self.console.print(text + ")", markup=False, highlight=False, soft_wrap=True)


def _duration(seconds: float) -> str:
    """``42 s``, ``3 min 05 s``, ``1 h 02 min``.

    >>> _duration(4.2), _duration(185), _duration(3725)
    ('4 s', '3 min 05 s', '1 h 02 min')
    """
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"
