"""What oa-sim draws in a terminal, with rich: the header, problem list, specs, a start, what a
submission means, a problem's validation. The core hands over data; this module draws it.

A run's test results are drawn by ``results_terminal``, a report by ``report_terminal``, the
history by ``history_terminal``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from oa_sim.durations import format_clock, format_duration
from oa_sim.languages import SHORT_NAMES
from oa_sim.report.scoring import POINTS_PER_LEVEL

if TYPE_CHECKING:
    from oa_sim.languages import Language
    from oa_sim.problem.model import Problem
    from oa_sim.session import Progress
    from oa_sim.session.drill import StartingCode
    from oa_sim.session.records import SessionRecord


def clock_style(seconds_left: float) -> str:
    if seconds_left <= 5 * 60:
        return "bold red"
    if seconds_left <= 10 * 60:
        return "bold yellow"
    return "bold cyan"


def header(console: Console, progress: Progress) -> None:
    """The first line of every command run in a workspace: the time left, and where the candidate is."""
    record = progress.record
    if progress.is_over:
        clock = Text("session over", style="bold red")
    else:
        clock = Text(f"⏱ {format_clock(progress.time_left)} left", style=clock_style(progress.time_left))
    line = Text.assemble(
        clock,
        ("  ·  ", "dim"),
        (record.problem_title, "bold"),
        (f" ({record.variant})" if record.variant else "", "dim"),
        ("  ·  ", "dim"),
        f"level {progress.current_level} of {record.level_count}",
        (f" (drill from {record.drill_level})" if record.drill_level else "", "dim"),
    )
    console.print(line)


def problem_list(console: Console, problems: Iterable[Problem], missing: dict[str, str]) -> None:
    """The problems, each with its variants and languages; ``missing`` maps a language id to why it
    cannot run here. Languages go by their short names, so a row fits 80 columns."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("levels", justify="right")
    table.add_column("clock", justify="right", no_wrap=True)
    table.add_column("variants")
    table.add_column("languages")
    for problem in problems:
        offered = " ".join(
            f"[dim]{SHORT_NAMES.get(name, name)}*[/]" if name in missing else SHORT_NAMES.get(name, name)
            for name in problem.languages
        )
        variants = ", ".join(problem.variants) or "[dim]-[/]"
        table.add_row(problem.id, problem.title, str(len(problem.levels)), format_duration(problem.time_limit), variants, offered)
    console.print(table)
    console.print("Start one with [bold]oa-sim start <id>[/] (Python) or [bold]oa-sim start <id> --language <language>[/].")
    for name, why in sorted(missing.items()):
        console.print(f"[dim]* {name} cannot run on this machine: {why}[/]")


def spec(
    console: Console,
    problem: Problem,
    level: int,
    language: "Language",
    *,
    clock: float | None = None,
    cache: Path | None = None,
    first_level: int = 1,
) -> None:
    """A level's spec, as Markdown in a panel, in ``language``'s names and values. Its budget is the
    share of the session's ``clock`` (default: the problem's) that the problem gives the level (of
    the levels from ``first_level`` on, in a drill; a given level has none).

    With ``cache`` (a folder), the drawing is kept per spec text and terminal shape, so reading a
    spec again skips loading the Markdown renderer, which costs more than all the rest of the command.
    """
    from oa_sim.languages.spec_words import spec_in_language

    facts = problem.level(level)
    text = spec_in_language(problem, level, language)
    title = f"[bold]Level {level} of {len(problem.levels)}: {facts.title}[/]"
    from oa_sim.session.rules import planned_clock

    planned = planned_clock(problem, first_level)
    budget = facts.budget * (clock / planned if clock else 1.0)
    subtitle = f"budget {format_duration(budget)} of the {format_duration(clock or planned)} clock"
    if level < first_level:
        subtitle = f"given: this drill starts at level {first_level}"
    kept = None
    if cache is not None:
        import hashlib

        shape = f"{console.width}|{console.color_system}|{console.is_terminal}|{title}|{subtitle}|{text}"
        kept = cache / f"spec-{hashlib.sha256(shape.encode()).hexdigest()[:32]}.txt"
        try:
            console.file.write(kept.read_text(encoding="utf-8"))
            kept.touch()  # used: keep it past the next clean-up
            return
        except (OSError, UnicodeDecodeError):
            pass
    from rich.markdown import Markdown  # a tenth of a second to import: only commands that show a spec pay

    panel = Panel(Markdown(text), title=title, subtitle=subtitle, border_style="cyan", padding=(1, 2))
    if kept is None:
        console.print(panel)
        return
    with console.capture() as captured:
        console.print(panel)
    drawn = captured.get()
    console.file.write(drawn)
    _keep(kept, drawn)


def _keep(kept: Path, drawn: str) -> None:
    """Keep a drawing whole or not at all: a drawing cut short by a full disk would be shown as
    the spec next time. A cache that cannot be written only costs speed."""
    import tempfile

    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        _forget_old_drawings(kept.parent)
        handle, temporary = tempfile.mkstemp(dir=kept.parent, prefix=".spec-")
    except OSError:
        return
    try:
        with open(handle, "w", encoding="utf-8") as file:
            file.write(drawn)
        os.replace(temporary, kept)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass


SPEC_CACHE_DAYS = 30


def _forget_old_drawings(folder: Path) -> None:
    """Drop drawings unused for a month (each terminal width makes its own), so the cache stays small."""
    import time

    cutoff = time.time() - SPEC_CACHE_DAYS * 86400
    for old in folder.glob("spec-*.txt"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            continue


def started(
    console: Console,
    problem: Problem,
    language: "Language",
    time_limit: float,
    display_folder: str,
    sandbox_file: str | None = None,
    *,
    record: "SessionRecord | None" = None,
    code: "StartingCode | None" = None,
) -> None:
    """The first level's spec (a drill's level), then one fact a line: where to work, what to edit,
    the clock, what next; for a drill, which levels were given and whose code it starts from."""
    first = record.first_level if record is not None else 1
    spec(console, problem, first, language, clock=time_limit, first_level=first)
    from oa_sim.session.rules import planned_clock

    planned = planned_clock(problem, first)
    levels = Table.grid(padding=(0, 1))
    levels.add_column(min_width=10)
    for level in problem.levels:
        mark = "[green]given[/]" if level.number < first else "[green]open[/]" if level.number == first else "[dim]locked[/]"
        label = "Levels" if level.number == 1 else ""
        budget = "" if level.number < first else format_duration(level.budget * time_limit / planned)
        levels.add_row(label, f"[bold]{level.number}[/]", Text(level.title), f"[dim]{budget}[/]", mark)
    console.print(levels)
    if problem.variants:
        others = ", ".join(name for name in problem.variants if name != problem.variant)
        console.print(f"Variant    [bold]{problem.variant}[/] [dim](others: {others})[/]")
    if first > 1:
        given = "level 1 is" if first == 2 else f"levels 1-{first - 1} are"
        console.print(f"Drill      from level [bold]{first}[/]; {given} given and not scored")
        if record.drill_code_session is not None:
            console.print(f"Code       starting from your code of session {record.drill_code_session} "
                          f"(submission {record.drill_code_number})")
        elif code is not None and code.whole is not None:
            console.print(f"Code       the whole model solution: none of yours passed level {first - 1} yet")
            console.print(f"[dim]           Level {first}'s methods could not be taken out ({code.whole}): write them again yourself.[/]")
        else:
            model = "level 1" if first == 2 else f"levels 1-{first - 1}"
            later = "" if first == len(problem.levels) else " (later levels' too)"
            console.print(f"Code       a model solution of {model}: none of yours passed level {first - 1} yet")
            console.print(f"           Level {first}'s methods are stubs, yours to write{later}.")
    console.print(f"Workspace  [bold]{display_folder}[/] ({language.name})")
    console.print(f"Edit       [bold]{display_folder}/{language.solution_file(problem)}[/]")
    if sandbox_file:
        console.print(f"Sandbox    [bold]{display_folder}/{sandbox_file}[/] (your own cases; oa-sim test runs them)")
    console.print(f"Clock      [bold]{format_duration(time_limit)}[/], running now")
    console.print(f"Next       [bold]cd {display_folder}[/], then [bold]oa-sim test[/] (samples) and [bold]oa-sim submit[/] (graded)")
    console.print("[dim]           `oa-sim clock` in a second pane shows a countdown.[/]")


def submit_summary(console: Console, outcome, problem: Problem, language: "Language", clock: float | None = None) -> None:
    """What the submission means: a level unlocked, all done, not yet, and any level it broke."""
    submission = outcome.submission
    level = submission.level
    results = submission.results
    if outcome.broken_levels:
        first = outcome.after.record.first_level  # a drill's given levels cost nothing in it
        lost = scored = 0.0
        for broken in outcome.broken_levels:
            passed, total = results.passed_count(broken), len(results.for_level(broken))
            cost = POINTS_PER_LEVEL * (total - passed) / total if total else POINTS_PER_LEVEL
            lost += cost
            scored += cost if broken >= first else 0.0
        which = ", ".join(str(n) for n in outcome.broken_levels)
        plural = "s" if len(outcome.broken_levels) > 1 else ""
        cost = f"−{lost:.0f} points" if scored == lost else f"−{scored:.0f} points in this drill, −{lost:.0f} in a full session"
        console.print(
            f"[bold red]▼ This submission breaks level{plural} {which}, passed before ({cost}).[/] "
            "The score is the last submission's: mend it before time runs out."
        )
    if outcome.unlocked:
        console.print(f"[bold green]Level {level} passed.[/] Level {outcome.unlocked} is unlocked:")
        spec(console, problem, outcome.unlocked, language, clock=clock, first_level=outcome.after.record.first_level)
        if outcome.unwritten is None:  # else the one line on stderr says what is missing and why
            console.print(
                f"New in your workspace: LEVEL_{outcome.unlocked}.md, its sample tests, and the new methods in "
                f"{language.interface_file(problem)}."
            )
    elif outcome.level_passed and not outcome.broken_levels:
        console.print(
            f"[bold green]All {len(problem.levels)} levels passed.[/] Polish if you like, then "
            "[bold]oa-sim finish[/] and [bold]oa-sim report[/]."
        )
    elif outcome.level_passed:
        console.print(f"[yellow]Level {level} passes, but not every level does.[/] Submission {submission.number} recorded.")
    else:
        console.print(
            f"[bold red]Level {level} is not passed yet.[/] Submission {submission.number} recorded; "
            "fix the failures above and submit again."
        )


def validation(console: Console, outcome) -> None:
    """One table a problem folder: each check, ✔ or ✘, and what it found."""
    verdict = "[green]sound[/]" if outcome.ok else "[red]has problems[/]"
    table = Table(title=f"[bold]{outcome.problem_id}[/] ({outcome.folder}): {verdict}", title_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("", width=1)
    table.add_column("check")
    for check in outcome.checks:
        mark = Text("✔", style="green") if check.ok else Text("✘", style="red")
        # the finding on a line of its own, so names in it are never broken mid-word at 80 columns
        table.add_row(mark, Text.assemble(check.name, ("\n" + check.detail if check.detail else "", "dim" if check.ok else "red")))
    console.print(table)
