"""``oa-sim watch``: one terminal pane with the time left, the level, and every sample and sandbox
test with its mark, run again each time a workspace file is saved (the sandbox file too), until Ctrl-C.

The loop is given what to do (read the session, run the samples, list the files to watch) so it
knows nothing of sessions or grading; a run's grading child is started before the save it waits
for, so the run after a save starts at once.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, ContextManager, Iterator

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.text import Text

from oa_sim.render.countdown import already_warned, status_line, warn
from oa_sim.render.results_terminal import sample_renderables
from oa_sim.session import Progress, SampleRun

# A save is seen within this: a run should start as the editor writes, not a fifth of a second later.
# Each look is a few stat calls on a small folder, so twenty a second cost next to nothing.
POLL_SECONDS = 0.05
SKIPPED_FOLDERS = {"build", "node_modules", "__pycache__", ".git", ".pytest_cache", "target", "bin", "obj"}
MAX_WATCHED = 2000  # a folder that holds more is not a workspace; watch its first files only


def snapshot(folder: Path) -> dict[Path, tuple[int, int]]:
    """Each workspace file's modification time and size (build outputs and caches left out)."""
    found: dict[Path, tuple[int, int]] = {}

    def walk(at: Path) -> None:
        try:
            entries = sorted(at.iterdir())
        except OSError:
            return
        for entry in entries:
            if len(found) >= MAX_WATCHED:
                return
            if entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS:
                continue
            try:
                if entry.is_dir():
                    walk(entry)
                elif entry.is_file():
                    stat = entry.stat()
                    found[entry] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue

    walk(folder)
    return found


def run_watch(
    console: Console,
    read: Callable[[], Progress],
    run_samples: Callable[[Callable], SampleRun],
    warm: Callable[[], ContextManager[Callable]],
    folder: Path,
    *,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
    rounds: int | None = None,
) -> None:
    """Run the samples now and after every save, redrawing the pane, until Ctrl-C (or ``rounds`` runs)."""
    progress = read()
    warned = already_warned(progress)
    last: SampleRun | None = None
    ran_at = ""
    done = 0
    try:
        with Live(_pane(progress, last, ran_at, "running the sample tests…"), console=console, auto_refresh=False) as live:
            seen = snapshot(folder)
            while rounds is None or done < rounds:
                with warm() as grade:  # its child loads while the candidate types
                    if done:
                        seen = _wait_for_save(live, folder, seen, read, last, ran_at, warned, sleep)
                    live.update(_pane(read(), last, ran_at, "running the sample tests…"), refresh=True)
                    last = run_samples(grade)
                done += 1
                ran_at = time.strftime("%H:%M:%S", time.localtime(clock()))
                live.update(_pane(read(), last, ran_at, "watching for a save…"), refresh=True)
    except KeyboardInterrupt:
        return  # Ctrl-C closes the pane; nothing was recorded, and the clock runs on


def _wait_for_save(live, folder, seen, read, last, ran_at, warned, sleep) -> dict[Path, tuple[int, int]]:
    """Redraw the clock until a workspace file changes; return the files as they are then."""
    tick = 0
    while True:
        sleep(POLL_SECONDS)
        now = snapshot(folder)
        if now != seen:
            return now
        tick += 1
        if tick % round(1 / POLL_SECONDS) == 0:  # the clock once a second
            progress = read()
            warn(live.console, progress, warned)
            live.update(_pane(progress, last, ran_at, "watching for a save…"), refresh=True)


def _pane(progress: Progress, last: SampleRun | None, ran_at: str, state: str) -> RenderableType:
    parts: list[RenderableType] = [status_line(progress)]
    if last is not None:
        parts += list(_results(last, progress.current_level))
    note = f"last run {ran_at} · {state}" if ran_at else state
    parts.append(Text(f"{note} · Ctrl-C to stop", style="dim"))
    return Group(*parts)


def _results(run: SampleRun, current_level: int) -> Iterator[RenderableType]:
    # One line a failure: the pane must fit; `oa-sim test` shows the calls in full.
    yield from sample_renderables(run, current_level=current_level, details=False)
