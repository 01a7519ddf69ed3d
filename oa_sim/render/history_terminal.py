"""Past sessions and each problem's trend in a terminal, with rich."""

from __future__ import annotations

from datetime import datetime

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from oa_sim.languages import display_name as language_name
from oa_sim.session.rules import ABANDONED, FINISHED_EARLY, TIME_UP
from oa_sim.durations import format_duration
from oa_sim.report.history import PAGE, RUNNING, History, Page, SessionLine, Trend, page_of

BLOCKS = "▁▂▃▄▅▆▇█"
CHART_POINTS = 16  # with the other columns, fits an 80-column terminal
STATUS_TEXT = {
    FINISHED_EARLY: ("finished", ""),
    TIME_UP: ("time up", ""),
    ABANDONED: ("abandoned", "dim"),
    RUNNING: ("running", "yellow"),
}


def draw(console: Console, history: History, page: Page | None = None) -> None:
    """A page of sessions (default: the newest ``PAGE``), then one trend line a problem."""
    if not history.sessions:
        _nothing(console, history)
        return
    page = page or page_of(history, PAGE)
    shown = page.lines
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title="Sessions, newest first",
                  title_justify="left")
    for column, justify in [("#", "right"), ("problem", "left"), ("started", "left"), ("score", "right"),
                            ("levels", "right"), ("time", "right"), ("subs", "right"), ("ended", "left")]:
        # only the problem (with its language, variant and drill mark) may wrap, at its words, so
        # the numbers keep their place at 80 columns
        table.add_column(column, justify=justify, no_wrap=column != "problem")
    this_year = datetime.now().year
    for line in shown:
        text, style = STATUS_TEXT.get(line.status, (line.status, ""))
        started = datetime.fromtimestamp(line.started_at)
        table.add_row(
            str(line.session_id),
            Text.assemble(
                line.problem_id, (f" {language_name(line.language)}", "dim"), *_variant(line.variant),
                *(((f" drill L{line.drill_level}", "magenta"),) if line.drill_level else ()),
            ),
            started.strftime("%b %d %H:%M" if started.year == this_year else "%Y-%m-%d"),
            Text.assemble(f"{line.raw:.0f}", (f" /{line.max_points}" if line.drill_level else f" ≈{line.scaled}", "dim")),
            f"{line.levels_passed}/{line.scored_levels}",
            format_duration(line.time_used),
            str(line.submissions),
            Text(text, style=style),
            style="dim" if line.status == ABANDONED else None,
        )
    if shown:
        console.print(table)
    note = _paging(page)
    if note:
        console.print(Text(note, style="dim"))
    console.print()
    if not history.trends:  # every session listed is a drill
        console.print("[dim]No trend yet: drills (drill L4: started at level 4, the earlier levels given) are in no trend.[/]")
        return
    trends = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title="Trend by problem", title_justify="left")
    for column, justify in [("problem", "left"), ("runs", "right"), ("best", "right"), ("latest", "right"),
                            ("median", "right"), ("fastest", "right"), ("scores →", "left")]:
        trends.add_column(column, justify=justify, no_wrap=True)
    for trend in history.trends:
        trends.add_row(
            Text.assemble(trend.problem_id, *_variant(trend.variant)),
            str(trend.sessions),
            _score(trend.best),
            _latest(trend),
            "" if trend.median is None else f"{trend.median:.0f}",
            "" if trend.fastest_full is None else format_duration(trend.fastest_full.time_used),
            sparkline(trend),
        )
    console.print(trends)
    console.print(
        "[dim]Score: raw points of the last submission in time (≈: the 200-600 scale); #: the session; "
        "scores →: oldest to newest. Fastest: the quickest "
        "session that passed every level. Trends leave out running and abandoned sessions, and drills "
        "(drill L4: started at level 4 with the earlier levels given; its score and levels are of the drilled levels only). "
        "`oa-sim report SESSION` reopens any session's report.[/]"
    )


def _paging(page: Page) -> str:
    """Where this page sits among the sessions, and how to see the others."""
    if page.size is None or (page.number == 1 and not page.more):
        return ""
    if not page.lines:
        held = f"There is {page.total:,} session" if page.total == 1 else f"There are {page.total:,} sessions"
        return f"{held}: page {page.number} is past the last; `--page 1` shows the newest."
    which = f"The newest {len(page.lines)}" if page.number == 1 else f"Sessions {page.first:,}-{page.last:,}"
    follow = f"`--page {page.number + 1}` shows the next {page.size}, " if page.more else ""
    return f"{which} of {page.total:,}, newest first; {follow}`--all` lists every one."


def _variant(name: str | None) -> tuple[tuple[str, str], ...]:
    return ((f" ({name})", "dim"),) if name else ()


def _nothing(console: Console, history: History) -> None:
    """No rows: say whether the record is empty or only the ``--problem`` filter matched nothing."""
    if history.problem_id is not None:
        console.print(Text(f"No sessions of problem {history.problem_id!r}."))
        if history.other_problems:
            console.print(Text(f"The record holds sessions of: {', '.join(history.other_problems)}."))
            return
    console.print("No sessions recorded yet. Start one with [bold]oa-sim start <problem>[/].")


def _score(line: SessionLine | None) -> str:
    return "" if line is None else f"{line.raw:.0f} #{line.session_id}"


def _latest(trend: Trend) -> Text:
    latest, median = trend.latest, trend.median
    if latest is None:
        return Text("")
    text = Text(f"{latest.raw:.0f}")
    if median is not None and len(trend.counted) > 1 and latest.raw != median:
        text.append(" ↑" if latest.raw > median else " ↓", style="green" if latest.raw > median else "red")
    return text


def sparkline(trend: Trend) -> Text:
    """The trend's scores as bars on the 0-max scale (so a flat line at the top means full marks)."""
    text = Text()
    for line in trend.counted[-CHART_POINTS:]:
        index = round(line.raw / line.max_points * (len(BLOCKS) - 1)) if line.max_points else 0
        full = line.levels_passed == line.level_count
        text.append(BLOCKS[index], style="green" if full else "cyan")
    return text
