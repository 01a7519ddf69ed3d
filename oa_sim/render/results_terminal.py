"""A run's test results in a terminal, with rich: a heading a level, then its failures (hidden
ones never show expected values or test code), and for ``oa-sim test`` the sandbox's cases after
them. ``submit``, ``test`` and the ``watch`` pane draw them."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from oa_sim.grading.results import ERROR, FAILED, NOT_RUN, PASSED, TIMEOUT, RunResult, TestResult

if TYPE_CHECKING:
    from oa_sim.session import SampleRun

OUTCOME_STYLE = {PASSED: "green", FAILED: "red", ERROR: "red", TIMEOUT: "yellow", NOT_RUN: "dim"}
OUTCOME_MARK = {PASSED: "✔", FAILED: "✘", ERROR: "✘", TIMEOUT: "⏱", NOT_RUN: "·"}


def results(
    console: Console, run: RunResult, *, hidden: bool, current_level: int | None = None, feedback: str = "full"
) -> None:
    """A heading a level, then its failures; hidden failures never show expected values or test code."""
    for part in results_renderables(run, hidden=hidden, current_level=current_level, feedback=feedback):
        console.print(part)


def sample_results(console: Console, run: "SampleRun", *, current_level: int | None = None) -> None:
    """What ``oa-sim test`` ran: a heading a level, then the sandbox's, each test with its mark."""
    for part in sample_renderables(run, current_level=current_level):
        console.print(part)


def sample_renderables(run: "SampleRun", *, current_level: int | None = None, details: bool = True) -> list:
    """What ``sample_results`` prints, as renderables (``oa-sim watch`` draws them in its pane).

    The sandbox's cases come after the levels' under a heading of their own, since they are the
    candidate's and count for nothing; a sandbox file that could not be read is its one line.
    """
    parts = results_renderables(run.samples, hidden=False, current_level=current_level, details=details, panel=False)
    tests = run.sandbox.tests
    if tests:
        failed = [t for t in tests if not t.passed]
        colour = "red" if failed else "green"
        parts.append(Text.from_markup(
            f"[bold]Sandbox[/] [dim](your cases, not scored)[/]: [{colour}]{len(tests) - len(failed)}/{len(tests)}[/] tests passed"
        ))
        passed = [t.name for t in tests if t.passed]
        if passed:
            parts.append(Text("  ✔ " + ", ".join(passed), style="green"))
        shown = [t for t in failed if not run.sandbox.problem or t.message != run.sandbox.problem]
        if shown:
            parts.append(_failures(shown, hidden=False, details=details))
    if run.note:
        parts.append(Text(("✘ " if run.broken else "") + run.note, style="red" if run.broken else "dim"))
    if run.samples.problem:
        parts.append(_problem_panel(run.samples.problem))
    return parts


def results_renderables(
    run: RunResult,
    *,
    hidden: bool,
    current_level: int | None = None,
    feedback: str = "full",
    details: bool = True,
    panel: bool = True,
) -> list:
    """What ``results`` prints, as renderables.

    ``feedback`` narrows what hidden tests say: ``names`` lists the failed tests by name alone,
    ``counts`` only how many passed each level. What stopped the whole run (a syntax error, say)
    is said once, in a panel at the end (left to the caller without ``panel``), not again under
    every test it failed.
    """
    parts: list = []
    kind = "hidden" if hidden else "sample"
    for level in sorted({t.level for t in run.tests}):
        tests = run.for_level(level)
        failed = [t for t in tests if not t.passed]
        colour = "red" if failed else "green"
        note = " [dim](current)[/]" if level == current_level else ""
        parts.append(Text.from_markup(
            f"[bold]Level {level}[/]{note}: [{colour}]{len(tests) - len(failed)}/{len(tests)}[/] {kind} tests passed"
        ))
        passed = [t.name for t in tests if t.passed]
        if passed and not hidden:  # every sample test with its mark, not only the failures
            parts.append(Text("  ✔ " + ", ".join(passed), style="green"))
        shown = [t for t in failed if not run.problem or t.message != run.problem]
        if shown and hidden and feedback == "names":
            parts.append(Text("  ✘ " + ", ".join(t.name for t in shown), style="red"))
        elif shown and not (hidden and feedback == "counts"):
            parts.append(_failures(shown, hidden=hidden, details=details))
    if run.problem and panel:
        parts.append(_problem_panel(run.problem))
    return parts


def _problem_panel(problem: str) -> Panel:
    return Panel(Text(problem), title="what stopped the run", border_style="red", expand=False)


def _failures(failed: list[TestResult], *, hidden: bool, details: bool = True) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1, 0, 2))
    table.add_column(width=1)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    # When many hidden tests fail the same way (say, a method not written yet), say it once, first.
    messages = Counter(t.message for t in failed)
    repeated = {m for m, n in messages.items() if n > 2 and m} if hidden else set()
    for message in sorted(repeated, key=lambda m: -messages[m]):
        names = ", ".join(t.name for t in failed if t.message == message)
        account = Text(f"failed with: {message}", style="red")
        account.append(f"\n{names}", style="dim")
        table.add_row(Text("✘", style="red"), Text(f"{messages[message]} tests", style="red"), account)
    for test in failed:
        if test.message in repeated:
            continue  # named in its group above; listing it again says nothing new
        style = OUTCOME_STYLE.get(test.outcome, "red")
        account = Text(test.description)
        if test.message:
            account.append("\n" + test.message, style=style)
        if not hidden and details and test.detail:
            # a sample test may show everything: the calls, what was expected, what came back
            account.append("\n" + _tail(_without_heading(test), SAMPLE_DETAIL_LINES), style="dim")
        table.add_row(Text(OUTCOME_MARK.get(test.outcome, "✘"), style=style), test.name, account)
    return table


SAMPLE_DETAIL_LINES = 15  # a print storm in the candidate's code must not bury the verdicts


def _without_heading(test: TestResult) -> str:
    return test.detail.split("\n", 1)[1] if test.detail.startswith(test.name + ":") and "\n" in test.detail else test.detail


def _tail(text: str, lines: int) -> str:
    kept = text.rstrip("\n").splitlines()
    if len(kept) <= lines:
        return "\n".join(kept)
    return f"({len(kept) - lines} earlier lines not shown)\n" + "\n".join(kept[-lines:])
