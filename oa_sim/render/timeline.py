"""The report's timeline as rows of characters: one drawing for the terminal (styled) and Markdown (plain).

Time runs left to right from the start to the time limit. A row a level shows its budget window
under the axis, the stretch from unlock to pass, each submission made at that level as a mark with
its pass count under it, and a mark where a later submission broke the level. Styles are names
(``pass``, ``fail``...) that each renderer maps to its own look.

A character cell spans a minute or so, so several events can land in one. The cell shows the one
that matters most (see ``RANK``; the later of equals), and the number under it is always that same
event's: a mark and its count never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from oa_sim.report import GIVEN, PASSED, Report

LABEL_WIDTH = 18

Segment = tuple[str, str]  # (text, style name; "" for none)


@dataclass(frozen=True)
class Row:
    label: str
    segments: tuple[Segment, ...]
    label_style: str = "label"

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)


# Two lines of (symbol, style, words); plain text tells the bars apart by their shape too.
LEGEND = (
    (
        ("━", "done", " worked on, then passed  "),
        ("╍", "open", " not passed  "),
        ("┊", "end", " session ended  "),
        ("○", "late", " late  "),
        ("│", "deadline", " time limit"),
    ),
    (
        ("●", "pass", " submission, passed its level  "),
        ("×", "fail", " failed it  "),
        ("▼", "regression", " -n broke a passed level  "),
        ("▲", "done", " fixed"),
    ),
)
COUNTS_NOTE = "n/m under a mark: how many of that level's hidden tests the submission passed."

# Which event a shared cell shows, and whose label wins a tight spot: a break of a passed level is
# the news, and its fix is equal news (the later of the two is the level's state); then a pass;
# then a failed attempt; a submission after the deadline changes nothing.
RANK = {"regression": 4, "fixed": 4, "pass": 3, "fail": 2, "late": 1}


@dataclass(frozen=True)
class _Event:
    """Something drawn on a level's row: its mark, and the label under the mark."""

    at: float
    kind: str  # a key of RANK
    char: str
    style: str
    label: str


class _Grid:
    """A row of cells, each a character and a style; later writes win unless asked not to."""

    def __init__(self, width: int):
        self.cells = [(" ", "")] * width

    def put(self, col: int, char: str, style: str, *, over: bool = True) -> None:
        if 0 <= col < len(self.cells) and (over or self.cells[col][0] == " "):
            self.cells[col] = (char, style)

    def text(self, col: int, text: str, style: str, *, air_before: bool = False) -> bool:
        """Write ``text`` from ``col`` if every cell it needs (and one after, and with ``air_before`` one
        before, for air) is free."""
        end = col + len(text)
        first = max(0, col - 1) if air_before else col
        if col < 0 or end > len(self.cells) or any(c != " " for c, _ in self.cells[first : min(end + 1, len(self.cells))]):
            return False
        for offset, char in enumerate(text):
            self.cells[col + offset] = (char, style)
        return True

    def segments(self) -> tuple[Segment, ...]:
        merged: list[list[str]] = []
        for char, style in self.cells:
            if merged and merged[-1][1] == style:
                merged[-1][0] += char
            else:
                merged.append([char, style])
        return tuple((text, style) for text, style in merged)


def rows(report: Report, width: int) -> list[Row]:
    """The timeline, ``width`` characters wide (not counting the labels)."""
    width = max(20, width)
    limit = report.time_limit or 1.0

    def col(seconds: float) -> int:
        return max(0, min(width - 1, round(seconds / limit * (width - 1))))

    drawn = [_axis(width, limit, col), _budgets(report, width, col)]
    end_col = col(report.time_used) if report.over and report.time_used < limit - 1 else None
    for level in report.levels:
        drawn += _level_rows(report, level, width, col, end_col)
    return drawn


def _axis(width: int, limit: float, col) -> Row:
    grid = _Grid(width)
    step = tick_step(limit)
    tick = 0.0
    while tick <= limit + 1e-9:
        label = minutes_label(tick)
        at = col(tick)
        grid.text(min(at, width - len(label)), label, "axis")
        tick += step
    if not grid.cells[-1][0].strip():  # the time limit always gets its label at the right edge
        label = minutes_label(limit)
        start = width - len(label)
        if all(c == " " for c, _ in grid.cells[start - 1 :]):
            grid.text(start, label, "deadline")
    return Row("minutes", grid.segments(), "axis")


def tick_step(limit: float) -> float:
    for minutes in (1, 2, 5, 10, 15, 30, 60):
        if limit / (minutes * 60) <= 6:
            return minutes * 60.0
    return 120 * 60.0


def minutes_label(seconds: float) -> str:
    return f"{seconds / 60:.0f}m" if seconds >= 60 or seconds == 0 else f"{seconds:.0f}s"


def _budgets(report: Report, width: int, col) -> Row:
    """Each level's budget window, end to end: where the budgets say each level should be done."""
    grid = _Grid(width)
    start = 0.0
    for level in report.scored_levels:  # a drill's given levels have no budget
        a, b = col(start), col(start + level.budget)
        for c in range(a, b + 1):
            grid.put(c, "─", "budget")
        grid.put(a, "├" if start == 0 else "┼", "budget")
        label = f"L{level.level}"
        middle = (a + b - len(label)) // 2 + 1
        if b - a > len(label) + 2:
            for offset, char in enumerate(label):
                grid.put(middle + offset, char, "budget_label")
        start += level.budget
    if start >= report.time_limit - 1:
        grid.put(width - 1, "┤", "budget")
    return Row("budget", grid.segments(), "axis")


def _level_rows(report: Report, level, width: int, col, end_col: int | None) -> list[Row]:
    bar, counts = _Grid(width), _Grid(width)
    if level.unlocked_at is not None and level.status != GIVEN:  # a given level was never worked on here
        stop = level.passed_at if level.passed_at is not None else report.time_used
        char, style = ("━", "done") if level.status == PASSED else ("╍", "open")
        for c in range(col(level.unlocked_at), col(stop) + 1):
            bar.put(c, char, style)
    bar.put(width - 1, "│", "deadline")  # the limit shows even where a bar runs into it
    shown: dict[int, _Event] = {}  # cell -> the event it shows
    for event in sorted(_events(report, level), key=lambda e: (RANK[e.kind], e.at)):
        shown[col(event.at)] = event  # ranked, then in time order: the last one written wins its cell
    for cell, event in shown.items():
        bar.put(cell, event.char, event.style)
    # Labels go down in the same order of importance, so a crowded stretch keeps the ones that matter.
    for cell, event in sorted(shown.items(), key=lambda item: (-RANK[item[1].kind], -item[1].at)):
        if event.label:
            counts.text(cell, event.label, event.style, air_before=True)
    if end_col is not None:
        bar.put(end_col, "┊", "end", over=False)
    title = f"L{level.level} {level.title}"
    if len(title) > LABEL_WIDTH - 1:
        title = title[: LABEL_WIDTH - 2] + "…"
    return [
        Row(title, bar.segments(), "label" if level.unlocked_at is not None else "locked"),
        Row("", counts.segments()),
    ]


def _events(report: Report, level) -> list[_Event]:
    """The level's submissions, breaks and fixes, each with its mark and its label."""

    by_number = {mark.number: mark for mark in report.timeline}  # a long session has hundreds

    def count(number: int | None) -> str:
        mark = by_number.get(number)
        own = next((c for c in mark.levels if c.level == level.level), None) if mark else None
        return f"{own.passed}/{own.total}" if own else ""

    events = []
    for mark in report.timeline:
        if mark.level == level.level:
            kind = ("pass" if mark.passed_level else "fail") if mark.counted else "late"
            char = {"pass": "●", "fail": "×", "late": "○"}[kind]
            events.append(_Event(mark.at, kind, char, kind, count(mark.number)))
    for regression in level.regressions:
        events.append(_Event(regression.at, "regression", "▼", "regression", f"-{len(regression.tests)}"))
        if regression.fixed_at is not None:
            events.append(_Event(regression.fixed_at, "fixed", "▲", "done", count(regression.fixed_by)))
    return events


def plain(report: Report, width: int = 72) -> str:
    """The timeline as plain text, labels included (for Markdown and anywhere without colour)."""
    lines = [f"{row.label:<{LABEL_WIDTH}}{row.text}".rstrip() for row in rows(report, width)]
    legend = ["".join(symbol + text for symbol, _, text in line).rstrip() for line in LEGEND]
    return "\n".join([*lines, "", *legend, COUNTS_NOTE])
