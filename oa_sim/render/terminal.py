"""Everything oa-sim draws in a terminal, with rich. The core hands over data; this module draws it."""

from __future__ import annotations

from typing import Iterable

from rich import box
from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from oa_sim.durations import format_clock, format_duration
from oa_sim.grading.results import ERROR, FAILED, NOT_RUN, PASSED, TIMEOUT, RunResult, TestResult
from oa_sim.problems import Problem
from oa_sim.report import IN_PROGRESS, LOCKED, NOT_PASSED, Report
from oa_sim.session import Progress

OUTCOME_STYLE = {PASSED: "green", FAILED: "red", ERROR: "red", TIMEOUT: "yellow", NOT_RUN: "dim"}
OUTCOME_MARK = {PASSED: "✔", FAILED: "✘", ERROR: "✘", TIMEOUT: "⏱", NOT_RUN: "·"}
STATUS_TEXT = {
    "passed": ("passed", "green"),
    IN_PROGRESS: ("in progress", "yellow"),
    NOT_PASSED: ("not passed", "red"),
    LOCKED: ("locked", "dim"),
}


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
        ("  ·  ", "dim"),
        f"level {progress.current_level} of {record.level_count}",
    )
    console.print(line)


def problem_list(console: Console, problems: Iterable[Problem]) -> None:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("id", style="bold cyan")
    table.add_column("title")
    table.add_column("levels", justify="right")
    table.add_column("time limit", justify="right")
    for problem in problems:
        table.add_row(problem.id, problem.title, str(len(problem.levels)), format_duration(problem.time_limit))
    console.print(table)
    console.print("Start one with [bold]oa-sim start <id>[/].")


def spec(console: Console, problem: Problem, level: int) -> None:
    facts = problem.level(level)
    console.print(
        Panel(
            Markdown(facts.spec_text()),
            title=f"[bold]Level {level} of {len(problem.levels)}: {facts.title}[/]",
            subtitle=f"budget {format_duration(facts.budget)}",
            border_style="cyan",
            padding=(1, 2),
        )
    )


def started(console: Console, problem: Problem, folder, time_limit: float, display_folder: str) -> None:
    spec(console, problem, 1)
    console.print(
        f"Workspace: [bold]{display_folder}[/]   Edit: [bold]{problem.impl_filename}[/]   "
        f"Clock: [bold]{format_duration(time_limit)}[/], running now."
    )
    console.print(
        f"Next: [bold]cd {display_folder}[/], write code, [bold]oa-sim test[/] for the samples, "
        "[bold]oa-sim submit[/] to be graded. [dim]`oa-sim clock` in a second pane shows a countdown.[/]"
    )


def results(console: Console, run: RunResult, *, hidden: bool, current_level: int | None = None) -> None:
    """A table a level, failures with their one-line account; hidden tests never show expected values."""
    levels = sorted({t.level for t in run.tests})
    for level in levels:
        tests = run.for_level(level)
        passed = sum(1 for t in tests if t.passed)
        colour = "green" if passed == len(tests) else "red"
        kind = "hidden" if hidden else "sample"
        note = " [dim](current)[/]" if level == current_level else ""
        table = Table(
            title=f"[bold]Level {level}[/]{note}: [{colour}]{passed}/{len(tests)}[/] {kind} tests passed",
            title_justify="left",
            box=box.SIMPLE,
            show_header=False,
            pad_edge=False,
        )
        table.add_column(width=1)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for test in tests:
            if test.passed and hidden and len(tests) > 8:
                continue  # keep long hidden suites readable: passes are counted above
            table.add_row(*_test_row(test))
        console.print(table)
    if run.problem:
        console.print(Panel(Text(run.problem), title="what stopped the run", border_style="red", expand=False))


def _test_row(test: TestResult) -> tuple[Text, str, Text]:
    style = OUTCOME_STYLE.get(test.outcome, "red")
    mark = Text(OUTCOME_MARK.get(test.outcome, "✘"), style=style)
    account = Text(test.description, style="dim" if test.passed else "")
    if not test.passed and test.message:
        account.append("\n" + test.message, style=style)
    return mark, test.name, account


def submit_summary(console: Console, outcome, problem: Problem) -> None:
    submission = outcome.submission
    level = submission.level
    if outcome.unlocked:
        console.print(f"[bold green]Level {level} passed.[/] Level {outcome.unlocked} is unlocked:")
        spec(console, problem, outcome.unlocked)
        console.print(
            f"New in your workspace: LEVEL_{outcome.unlocked}.md, its sample tests, and the new methods in "
            f"{problem.interface_filename}."
        )
    elif outcome.level_passed:
        console.print(
            f"[bold green]All {len(problem.levels)} levels passed.[/] Polish if you like, then "
            "[bold]oa-sim finish[/] and [bold]oa-sim report[/]."
        )
    else:
        console.print(
            f"[bold red]Level {level} is not passed yet.[/] Submission {submission.number} recorded; "
            "fix the failures above and submit again."
        )


def status(console: Console, progress: Progress, report: Report) -> None:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("level", justify="right")
    table.add_column("title")
    table.add_column("status")
    table.add_column("hidden tests", justify="right")
    table.add_column("submissions", justify="right")
    for level in report.levels:
        text, style = STATUS_TEXT[level.status]
        total = "?" if level.tests_total is None else level.tests_total
        tests = "" if level.status == LOCKED else f"{level.tests_passed}/{total}"
        table.add_row(str(level.level), level.title, Text(text, style=style), tests, str(level.submissions or ""))
    console.print(table)
    console.print(
        f"Submissions: {len(progress.submissions)}   Time used: {format_duration(report.time_used)}   "
        f"Score so far: [bold]{report.raw:.0f}[/]/1000 (≈{report.scaled} on the 200-600 scale)"
    )


def report(console: Console, report: Report, *, reveal: bool = False) -> None:
    state = "final" if report.over else "so far (the session is still running)"
    console.print(
        Panel(
            Group(
                Text.assemble(("Score ", "bold"), (f"{report.raw:.0f}", "bold cyan"), " / 1000   ",
                              ("≈ " + str(report.scaled), "bold"), " on the 200-600 scale (approximate)"),
                Text(
                    "Each level is worth 250 points, split equally among its hidden tests; the score is the "
                    f"last submission before the deadline ({state}). The 200-600 figure is 200 + 0.4 × raw.",
                    style="dim",
                ),
                Text(f"Time used {format_duration(report.time_used)} of {format_duration(report.time_limit)}"
                     + ("" if report.over else f", {format_duration(report.time_left)} left")),
            ),
            title=f"[bold]{report.problem_title}[/] · session {report.session_id}",
            border_style="cyan",
            expand=False,
        )
    )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column, justify in [("level", "right"), ("title", "left"), ("status", "left"), ("unlocked", "right"),
                            ("passed", "right"), ("spent / budget", "right"), ("submits", "right"),
                            ("hidden tests", "right"), ("points", "right")]:
        table.add_column(column, justify=justify)
    for level in report.levels:
        text, style = STATUS_TEXT[level.status]
        spent = "" if level.time_spent is None else format_duration(level.time_spent)
        over_budget = level.time_spent is not None and level.time_spent > level.budget
        table.add_row(
            str(level.level),
            level.title,
            Text(text, style=style),
            _offset(level.unlocked_at),
            _offset(level.passed_at),
            Text(f"{spent} / {format_duration(level.budget)}", style="yellow" if over_budget else ""),
            str(level.submissions),
            "" if level.status == LOCKED else f"{level.tests_passed}/{level.tests_total or '?'}",
            f"{level.points:.0f}",
        )
    console.print(table)
    for level in report.levels:
        for test in level.failed:
            console.print(f"[red]✘[/] level {level.level} [bold]{test.name}[/]: {test.description}")
            if reveal:
                console.print(Panel(Text(test.detail or test.message), border_style="red", expand=False))
            elif test.message:
                console.print(f"    [dim]{test.message}[/]")
    if not reveal and any(level.failed for level in report.levels):
        hint = "`oa-sim report --reveal` shows" if report.over else "After the session, `oa-sim report --reveal` shows"
        console.print(f"[dim]{hint} each failed hidden test in full.[/]")


def _offset(seconds: float | None) -> str:
    return "" if seconds is None else "+" + format_clock(seconds)


def validation(console: Console, outcome) -> None:
    """One table a problem folder: each check, ✔ or ✘, and what it found."""
    verdict = "[green]sound[/]" if outcome.ok else "[red]has problems[/]"
    table = Table(title=f"[bold]{outcome.problem_id}[/] ({outcome.folder}): {verdict}", title_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("", width=1)
    table.add_column("check")
    table.add_column("result", overflow="fold")
    for check in outcome.checks:
        mark = Text("✔", style="green") if check.ok else Text("✘", style="red")
        table.add_row(mark, check.name, Text(check.detail, style="" if check.ok else "red"))
    console.print(table)
