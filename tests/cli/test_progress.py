"""Progress of long runs: one overall share that never steps back; plain lines off a terminal."""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

import pytest
from rich.console import Console

from wifiplan.cli.progress import PHASES, RunProgress, phase_of


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def plain(clock: Clock, interval_s: float = 10.0) -> tuple[RunProgress, io.StringIO]:
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=False, width=200)
    fixed = datetime(2026, 12, 4, 21, 0, 5, tzinfo=timezone.utc)
    return RunProgress(con, title="plan x.yaml", clock=clock, now=lambda: fixed, interval_s=interval_s), buf


def test_phases_cover_the_whole_run():
    assert sum(w for _, w, _ in PHASES) == pytest.approx(1.0)


def test_overall_share_never_steps_back_across_stages():
    clock = Clock()
    p, _ = plain(clock)
    seen = []
    with p:
        for stage, f in [("path loss", 0.5), ("path loss", 1.0), ("coverage (20 MHz)", 0.0), ("coverage (20 MHz)", 1.0),
                         ("path loss", 0.0),            # a second width starts over: the share must not drop
                         ("coverage (40 MHz)", 0.3), ("channels", 1.0), ("cabling", 0.0), ("evaluation", 1.0)]:
            p(stage, f)
            seen.append(p.fraction)
    assert seen == sorted(seen)
    # path loss half done = 0.30 × 0.5; coverage done = 0.30 + 0.45; evaluation done = 1
    assert seen[0] == pytest.approx(0.15) and seen[3] == pytest.approx(0.75) and seen[-1] == pytest.approx(1.0)


def test_unknown_stage_keeps_the_current_phase():
    clock = Clock()
    p, _ = plain(clock)
    with p:
        p("coverage", 0.5)
        before = p.fraction
        p("a stage added later", 0.9)
    assert phase_of("a stage added later") is None
    assert p.fraction >= before and p.stage == "done"


def test_plain_lines_are_timestamped_and_throttled():
    clock = Clock()
    p, buf = plain(clock, interval_s=10.0)
    with p:
        p("path loss", 0.1)          # same phase as the start line, 0 s later: no line
        clock.t = 4.0
        p("coverage", 0.0)           # a new phase: a line
        clock.t = 6.0
        p("coverage", 0.5)           # 2 s later, same phase: none
        clock.t = 20.0
        p("coverage", 0.8)           # 16 s later: a line, with an estimate
    lines = buf.getvalue().splitlines()
    assert all(line.startswith("21:00:05Z plan x.yaml: ") for line in lines)
    assert [line.split(": ", 1)[1].split(" (")[0] for line in lines] == ["0% starting", "30% coverage", "66% coverage", "100% done"]
    # 0.30 + 0.45 × 0.8 = 0.66 after 20 s: about 20 × 0.34 / 0.66 = 10.3 s left
    assert "elapsed 20 s, about 10 s left" in lines[2]


def test_terminal_bar_shows_overall_share_and_times():
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=True, width=160)
    with RunProgress(con, title="plan x.yaml") as p:
        p("coverage", 0.6)
        p._bar.refresh()
        text = buf.getvalue()
    assert "plan x.yaml: coverage" in text and "57%" in text    # 0.30 + 0.45 × 0.6 = 0.57
    assert "elapsed" in text and "left about" in text


def test_batch_lines_go_above_or_timestamped():
    clock = Clock()
    p, buf = plain(clock)
    with p:
        p.line("city-hall.yaml: 42 APs, 12.3 s")
    assert "21:00:05Z city-hall.yaml: 42 APs, 12.3 s" in buf.getvalue()


def test_plan_not_on_a_terminal_prints_lines(capsys, tmp_path):
    from tests.cli.helpers import cli
    from tests.cli.test_plan_unmet import TINY

    building = tmp_path / "tiny.yaml"
    building.write_text(TINY, encoding="utf-8")
    code, out, err = cli(capsys, "plan", str(building), "-o", str(tmp_path / "t.plan.yaml"))
    assert code == 0, err
    lines = [x for x in err.splitlines() if "plan tiny.yaml:" in x]
    assert lines[0].endswith("0% starting (elapsed 0 s)") and "100% done" in lines[-1]
    code, out, err = cli(capsys, "plan", str(building), "-o", str(tmp_path / "t.plan.yaml"), "-F", "--no-progress")
    assert "plan tiny.yaml:" not in err


def test_terminal_bar_keeps_the_times_with_a_long_stage_name():
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=True, width=100)
    with RunProgress(con, title="plan old-office-tower.yaml") as p:
        p("real-time secondary coverage (40 MHz)", 0.5)
        p._bar.refresh()
        text = buf.getvalue()
    assert "plan old-office-tower.yaml: real-time secon…" in text    # 44 characters
    plain_text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", text)   # without colour codes
    assert "elapsed 0:00:00 left about" in plain_text


def test_stages_after_the_first_channel_plan_still_move_the_bar():
    """The planner reports "channels" when placement ends, then the exact check, moves and polish."""
    clock = Clock()
    p, _ = plain(clock)
    with p:
        p("channels", 1.0)
        after_placement = p.fraction
        p("exact check", 0.5)
        p("channel polish", 1.0)
        polished = p.fraction
    assert after_placement == pytest.approx(0.75)            # 0.30 + 0.45
    assert polished == pytest.approx(0.92)                   # + 0.17


def test_a_run_without_known_phases_shows_stage_and_time_but_no_share():
    # a growth step reports its own stages ("balancing", "fewer"); a share made up from the
    # planner's phases would read 100 % while the step still works for half a minute
    clock = Clock()
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=False, width=200)
    fixed = datetime(2026, 12, 4, 21, 0, 5, tzinfo=timezone.utc)
    with RunProgress(con, title="grow: step +50% with spares", clock=clock, now=lambda: fixed, overall=False) as p:
        p("evaluation", 1.0)
        clock.t = 12.0
        p("balancing", 1.0)
        clock.t = 13.0
        p("balancing", 1.0)   # same stage within the interval: no new line
        clock.t = 30.0
        p("fewer", 1.0)
    lines = buf.getvalue().splitlines()
    assert lines == [
        "21:00:05Z grow: step +50% with spares: starting (elapsed 0 s)",
        "21:00:05Z grow: step +50% with spares: evaluation (elapsed 0 s)",
        "21:00:05Z grow: step +50% with spares: balancing (elapsed 12 s)",
        "21:00:05Z grow: step +50% with spares: fewer (elapsed 30 s)",
        "21:00:05Z grow: step +50% with spares: done (elapsed 30 s)",
    ]
    assert not any("%" in line.split(": ", 2)[2] for line in lines)
