"""The session report in a terminal, with rich: score, timeline, levels, pace, code review, failures."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.segment import Segments
from rich.table import Table
from rich.text import Text

from oa_sim.durations import format_duration
from oa_sim.render import timeline, words
from oa_sim.render.words import offset
from oa_sim.report import GIVEN, IN_PROGRESS, LOCKED, NOT_PASSED, PASSED, Report, points_text

STATUS_STYLE = {PASSED: "green", IN_PROGRESS: "yellow", NOT_PASSED: "red", LOCKED: "dim", GIVEN: "cyan"}
CHART_STYLE = {
    "axis": "dim",
    "budget": "dim",
    "budget_label": "cyan",
    "done": "green",
    "open": "yellow",
    "pass": "bold green",
    "fail": "bold red",
    "late": "dim",
    "regression": "bold magenta",
    "end": "yellow",
    "deadline": "red",
    "label": "bold",
    "locked": "dim",
}


def draw(console: Console, report: Report, *, reveal: bool = False) -> None:
    """The whole report, top to bottom."""
    _score(console, report)
    _timeline(console, report)
    _levels(console, report)
    _pace(console, report)
    _review(console, report)
    _failures(console, report, reveal=reveal)


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold underline"))


def _score(console: Console, report: Report) -> None:
    console.print(
        Panel(
            Group(
                Text.assemble(
                    ("Score ", "bold"), (points_text(report.raw), "bold cyan"), f" / {report.max_points} · ",
                    (words.scale(report), "bold"), " · ",
                    (words.levels_passed(report), "bold"),
                ),
                *([Text(words.drill_start(report))] if report.drill_level else []),
                Text(report.score_note, style="dim"),
                Text(words.clock(report)),
            ),
            title=f"[bold]{escape(words.title(report))}[/]",
            border_style="cyan",
            expand=False,
        )
    )


def _timeline(console: Console, report: Report) -> None:
    _heading(console, "Timeline")
    width = max(30, min(console.width - timeline.LABEL_WIDTH - 1, 90))
    for row in timeline.rows(report, width):
        line = Text(f"{row.label:<{timeline.LABEL_WIDTH}}", style=CHART_STYLE.get(row.label_style, ""))
        for text, style in row.segments:
            line.append(text, style=CHART_STYLE.get(style, ""))
        console.print(line, no_wrap=True, overflow="crop")
    for line in timeline.LEGEND:
        legend = Text()
        for symbol, style, text in line:
            legend.append(symbol, style=CHART_STYLE[style]).append(text, style="dim")
        console.print(legend)
    if report.timeline:
        _submissions(console, report)


def _submissions(console: Console, report: Report) -> None:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title="Submissions", title_justify="left")
    for column, justify in zip(words.SUBMISSION_HEADER, ("right", "right", "right", "left", "left")):
        table.add_column(column, justify=justify)
    rows = words.paged_submissions(report)
    for mark in rows:
        if isinstance(mark, int):
            table.add_row("⋯", "", "", "", Text(words.left_out(mark), style="dim"))
            continue
        counts = Text()
        for count in mark.levels:
            style = "green" if count.passed == count.total else "red"
            counts.append(f"{count.passed}/{count.total}", style=style).append(" ")
        style = "dim" if not mark.counted else "magenta" if mark.broke else "green" if mark.passed_level else ""
        note = Text(words.submission_note(report, mark), style=style)
        table.add_row(str(mark.number), offset(mark.at), str(mark.level), counts, note)
    console.print(table)
    if len(rows) < len(report.timeline):
        console.print(Text(words.PAGED_NOTE, style="dim"))


LEVEL_COLUMNS = (("level", "left"), ("status", "left"), ("passed at", "right"), ("time / budget", "right"),
                 ("submits", "right"), ("tests", "right"), ("points", "right"))


def _levels(console: Console, report: Report) -> None:
    _heading(console, "Levels")
    # The unlock times are the previous level's pass times: the chart and the JSON carry them.
    rows = []
    for level in report.levels:
        over_budget = level.time_spent is not None and level.time_spent > level.budget
        status = Text(words.STATUS[level.status], style=STATUS_STYLE[level.status])
        if level.regressions:
            status.append(f" ▼{len(level.regressions)}", style="bold magenta")
        rows.append([
            words.level_title(level),
            status,
            offset(level.passed_at),
            Text(words.spent(level), style="yellow" if over_budget else ""),
            str(level.submissions),
            words.tests(level, graded=report.final_submission is not None),
            words.points(level),
        ])
    # No cell ever wraps. When a title does not fit beside the numbers (a long title at 80 columns),
    # every title goes on its own line above its level's numbers rather than folding over three.
    numbers = _width_of(rows, columns=range(1, len(LEVEL_COLUMNS)))
    titles_fit = max((cell_len(row[0]) for row in rows), default=0) + numbers <= console.width
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column, justify in LEVEL_COLUMNS:
        table.add_column(column, justify=justify, no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row("" if not titles_fit else row[0], *row[1:])
    if titles_fit:
        console.print(table)
    else:
        header, rule, *lines = console.render_lines(table, pad=False, new_lines=True)
        for line in (header, rule):
            console.print(Segments(line), end="")
        for level, row, line in zip(report.levels, rows, lines):
            console.print(Text(row[0], style="bold" if level.status != LOCKED else "dim"), overflow="ellipsis", no_wrap=True)
            console.print(Segments(line), end="")
    for regression in report.regressions:
        console.print(Text("▼ ", style="bold magenta") + Text(words.regression(regression)))


def _width_of(rows: list[list], columns) -> int:
    """The cells (headers included) of ``columns`` need this many characters, with the gap before each."""
    widths = [
        max([cell_len(LEVEL_COLUMNS[i][0])] + [cell_len(row[i].plain if isinstance(row[i], Text) else row[i]) for row in rows])
        for i in columns
    ]
    return sum(widths) + 3 * len(widths)  # a gap is a pad, the (blank) rule and a pad: three spaces


def _pace(console: Console, report: Report) -> None:
    if report.pace is None:
        return
    _heading(console, "Pace")
    for note in report.pace.notes:
        console.print(Text("• ") + Text(note))
    if report.practise:
        console.print(Text("Practise next", style="bold"))
        for line in report.practise:
            console.print(Text("→ ", style="cyan") + Text(line))


def _review(console: Console, report: Report) -> None:
    found = report.review
    if found is None:
        return
    _heading(console, "Code review of the final submission")
    console.print(Text(words.review_facts(found), style="dim"))
    for note in found.notes:
        console.print(Text("• ") + Text(note))


def _failures(console: Console, report: Report, *, reveal: bool) -> None:
    failing = [(level, test) for level in report.levels for test in level.failed]
    if not failing:
        if reveal:
            console.print(Text(words.nothing_to_reveal(report)))
        return
    _heading(console, "Failed hidden tests (final submission)")
    for level, test in failing:
        console.print(Text.assemble(("✘ ", "red"), f"level {level.level} ", (test.name, "bold"), f": {test.description}"))
        if reveal:
            console.print(Panel(Text(test.detail or test.message), border_style="red", expand=False))
        elif test.message:
            console.print(Text(f"    {test.message}", style="dim"))
    if not reveal:
        console.print(Text(words.reveal_hint(report), style="dim"))


DIFF_STYLE = (("+++", "bold"), ("---", "bold"), ("@@", "cyan"), ("+", "green"), ("-", "red"))


def source_diff(console: Console, change) -> None:
    """A unified diff of two submissions' source, coloured; the code is printed as text, never as markup."""
    if not change.lines:
        console.print(f"Submissions {change.old} and {change.new} have the same source.")
        return
    for line in change.lines:
        style = next((style for prefix, style in DIFF_STYLE if line.startswith(prefix)), "")
        console.print(Text(line, style=style), no_wrap=True, overflow="ignore", soft_wrap=True)
    added = f"{change.added} line{'' if change.added == 1 else 's'} added"
    console.print(Text(f"{added}, {change.removed} removed.", style="dim"))


def status(console: Console, progress, report: Report) -> None:
    """`oa-sim status`: a row a level, then submissions, time used and the score so far."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("level", justify="right", no_wrap=True)
    table.add_column("title")  # the one column that may wrap, at its words
    table.add_column("status", no_wrap=True)
    table.add_column("hidden tests", justify="right", no_wrap=True)
    table.add_column("submissions", justify="right", no_wrap=True)
    for level in report.levels:
        if level.broken:  # passed, yet the final submission fails some of its tests: its points are going
            state = Text.assemble((words.level_status(level), "magenta"), (" ▼", "bold magenta"))
        else:
            state = Text(words.level_status(level), style=STATUS_STYLE[level.status])
        tests = words.tests(level, graded=report.final_submission is not None)
        table.add_row(str(level.level), level.title, state, tests, str(level.submissions or ""))
    console.print(table)
    score = "Score" if report.over else "Score so far"
    console.print(
        f"Submissions: {len(progress.submissions)}   Time used: {format_duration(report.time_used)}   "
        f"{score}: [bold]{points_text(report.raw)}[/]/{report.max_points} "
        f"({words.scale(report) if report.drill_level else f'≈{report.scaled} on the 200-600 scale'})"
    )
    if report.drill_level:
        console.print(Text(words.drill_start(report), style="dim"))
