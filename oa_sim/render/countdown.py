"""``oa-sim clock``: a countdown for a second terminal pane, re-reading the record as it goes."""

from __future__ import annotations

from typing import Callable

from rich.console import Console
from rich.live import Live
from rich.text import Text

from oa_sim.durations import format_clock
from oa_sim.render.terminal import clock_style
from oa_sim.session import Progress

WARNINGS = (30 * 60, 10 * 60, 5 * 60)


def status_line(progress: Progress) -> Text:
    """The time left (or how the session ended), the problem, the level and the submissions."""
    if progress.is_over:
        return Text("Time is up." if progress.time_left <= 0 else "Session finished.", style="bold red")
    return Text.assemble(
        (f"⏱ {format_clock(progress.time_left)} left", clock_style(progress.time_left)),
        ("  ·  ", "dim"),
        (progress.record.problem_title, "bold"),
        ("  ·  ", "dim"),
        f"level {progress.current_level} of {progress.record.level_count}",
        ("  ·  ", "dim"),
        f"{len(progress.submissions)} submission{'' if len(progress.submissions) == 1 else 's'}",
    )


def already_warned(progress: Progress) -> set[int]:
    """The warnings whose moment had passed when the pane opened: never rung late."""
    return {limit for limit in WARNINGS if progress.time_left <= limit}


def warn(console: Console, progress: Progress, warned: set[int]) -> None:
    """Print (and ring) the warning of each threshold the clock has just passed."""
    for limit in WARNINGS:
        if limit not in warned and progress.time_left <= limit:
            warned.add(limit)
            console.print(Text(f"⚠ {limit // 60} minutes left", style=clock_style(limit)))
            console.bell()


def run_countdown(
    console: Console,
    read: Callable[[], Progress],
    *,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    once: bool = False,
) -> None:
    """Redraw once a second until the session is over; print a warning line as each threshold passes."""
    progress = read()
    if once or not console.is_terminal:
        console.print(status_line(progress))
        if once:
            return
    warned = already_warned(progress)
    try:
        with Live(status_line(progress), console=console, auto_refresh=False, transient=False) as live:
            while not progress.is_over:
                sleep(1.0 - (clock() % 1.0))
                progress = read()
                warn(live.console, progress, warned)
                live.update(status_line(progress), refresh=True)
    except KeyboardInterrupt:
        return  # Ctrl-C is how one closes the countdown pane; the session's clock runs on
    # No last print: the live display leaves its last line ("Time is up.") when it stops.
