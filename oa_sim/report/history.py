"""Progress across sessions: a line a session and a trend a problem, read cheaply from the store.

A history of ten thousand sessions must not load their sources and results, so it reads each
submission's stub (number, time, level, and the per-level tallies of hidden tests passed that each
submission keeps beside its results, from an index that holds just those) and parses the tallies
of only the few submissions that decide a session's line (a submission recorded before tallies were
kept is counted from its results). The session rules stay in ``session.Progress``: the stubs are
handed to it with just enough of a verdict to answer it (see ``_judged``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from oa_sim.grading.results import level_passed
from oa_sim.report import scoring
from oa_sim.session.records import SessionHead, _parse_tallies
from oa_sim.session.rules import (
    ABANDONED, FINISHED_EARLY, TIME_UP, Progress, end_time, first_passes, is_over, latest_moment, time_used,
)  # fmt: skip

if TYPE_CHECKING:
    from oa_sim.session.store import SessionRecord, Store, SubmissionStub

RUNNING = "running"
PAGE = 20  # sessions a page of the history on screen


class SessionLine(NamedTuple):
    """One past (or running) session, as the history lists it (a tuple: a history builds ten thousand)."""

    session_id: int
    problem_id: str
    problem_title: str
    started_at: float
    time_limit: float
    time_used: float
    over: bool
    status: str  # running, finished, time_up or abandoned
    submissions: int
    levels_passed: int
    level_count: int
    raw: float
    scaled: int  # not shown for a drill
    language: str = "python"
    variant: str | None = None
    drill_level: int | None = None  # a drill's first level; None: a full session

    @property
    def scored_levels(self) -> int:
        """The levels the score counts: all of them, or a drill's from its first level on."""
        return self.level_count - (self.drill_level or 1) + 1

    @property
    def max_points(self) -> int:
        return scoring.POINTS_PER_LEVEL * self.scored_levels

    @property
    def in_trend(self) -> bool:
        """Over, not abandoned and not a drill: a full rehearsal the candidate meant to count. A drill
        is left out, since its given levels would make a partial run look like a whole one."""
        return self.over and self.status != ABANDONED and not self.drill_level


@dataclass(frozen=True)
class Trend:
    """How one problem (one variant of it) went across its sessions: best, latest, median, fastest full pass."""

    problem_id: str
    problem_title: str
    sessions: int
    counted: tuple[SessionLine, ...]  # the sessions in the trend, oldest first
    variant: str | None = None

    # Each worked out once: a renderer asks for them more than once, over thousands of sessions.
    @cached_property
    def best(self) -> SessionLine | None:
        # the latest of equal bests: repeating a score later is still the news
        return max(reversed(self.counted), key=attrgetter("raw"), default=None)

    @property
    def latest(self) -> SessionLine | None:
        return self.counted[-1] if self.counted else None

    @cached_property
    def median(self) -> float | None:
        return statistics.median([line.raw for line in self.counted]) if self.counted else None

    @cached_property
    def fastest_full(self) -> SessionLine | None:
        """The quickest session that passed every level."""
        full = [line for line in self.counted if line.levels_passed == line.level_count]
        return min(full, key=attrgetter("time_used"), default=None)


@dataclass(frozen=True)
class History:
    sessions: tuple[SessionLine, ...]  # newest first
    trends: tuple[Trend, ...]
    problem_id: str | None = None
    # When a --problem filter matched nothing: the problems the record does hold sessions of.
    other_problems: tuple[str, ...] = ()


def load(store: "Store", now: float, problem_id: str | None = None) -> History:
    """Every session's line (or one problem's) and each problem's trend, read at ``now``.

    One query gives each session's record and what its submissions add up to, as kept on its row
    at each write (``Store.session_summaries``): how many, the latest's tallies, how many levels one
    passed. A session
    whose every submission counted (none came after its end) and kept those facts is summed up
    from that row; the rest, rare, are read submission by submission (``summarise``). A
    ``problem_id`` with no sessions costs one more query, to name the problems that have some.
    """
    rows = store.session_summaries(problem_id)
    if problem_id and not rows:
        known = dict.fromkeys(record.problem_id for record in store.sessions())  # newest first, once each
        return History((), (), problem_id, tuple(known))
    raw_of: dict[tuple[str, int, int], float] = {}  # sessions that scored alike share one parse of their tallies
    lines: list[SessionLine | None] = []
    slow: dict[int, tuple[int, SessionHead]] = {}  # session id -> (its place, its record)
    scaled_of: dict[float, int] = {}
    for row in rows:
        head = SessionHead._make(row[:11])
        count, last_at, passed_levels, unknown, final_tallies = row[11:]
        end = end_time(head)
        if count and (unknown or last_at > end):
            slow[head.id] = (len(lines), head)
            lines.append(None)
            continue
        at = max(now, latest_moment(head, last_at))
        over = is_over(head, at)
        first = head.drill_level or 1  # as SessionHead.first_level says, without the property's call
        key = (final_tallies, head.level_count, first)
        raw = raw_of.get(key)
        if raw is None:
            counts = _parse_tallies(final_tallies) or {}
            raw = raw_of[key] = scoring.raw_points(counts, head.level_count, first) if count else 0.0
            scaled_of[raw] = scoring.scaled(raw)
        lines.append(SessionLine(head.id, head.problem_id, head.problem_title, head.started_at, head.time_limit,
                                 time_used(head, at, end), over, _status(head, over), count or 0, passed_levels or 0,
                                 head.level_count, raw, scaled_of[raw], head.language, head.variant,
                                 head.drill_level))
    if slow:
        stubs: dict[int, list[SubmissionStub]] = {}
        for stub in store.submission_stubs(session_ids=list(slow)):
            stubs.setdefault(stub.session_id, []).append(stub)
        tallies = _Tallies(store)
        for session_id, (place, head) in slow.items():
            lines[place] = summarise(Progress(head, tuple(stubs.get(session_id, ())), now), tallies)
    done = tuple(line for line in lines if line is not None)
    return History(done, trends(done), problem_id)


class _Tallies:
    """Each stub's tallies, parsed when first asked for; a row without kept tallies is counted
    from its results by the store."""

    def __init__(self, store: "Store"):
        self.store = store
        self.parsed: dict[int, dict[int, tuple[int, int]]] = {}

    def of(self, stub: "SubmissionStub") -> dict[int, tuple[int, int]]:
        counts = self.parsed.get(stub.id)
        if counts is None:
            counts = _parse_tallies(stub.tallies)
            if counts is None:
                counts = self.store.level_tallies([stub.id])[stub.id]
            self.parsed[stub.id] = counts
        return counts


def _passed(counts: dict[int, tuple[int, int]], level: int) -> bool:
    return level_passed(*counts.get(level, (0, 0)))


def summarise(reading: Progress, tallies: _Tallies) -> SessionLine:
    """A session's line from its stubs (``reading``) and the test counts of its deciding submissions."""
    record = reading.record
    counted = reading.counted
    raw = scoring.raw_points(tallies.of(counted[-1]), record.level_count, record.first_level) if counted else 0.0
    over = reading.is_over
    return SessionLine(
        session_id=record.id,
        problem_id=record.problem_id,
        problem_title=record.problem_title,
        language=record.language,
        variant=record.variant,
        drill_level=record.drill_level,
        started_at=record.started_at,
        time_limit=record.time_limit,
        time_used=reading.time_used,
        over=over,
        status=_status(record, over),
        submissions=len(counted),
        levels_passed=len(first_passes(_judged(counted, tallies))),
        level_count=record.level_count,
        raw=raw,
        scaled=scoring.scaled(raw),
    )


class _Judged(NamedTuple):
    """Stands in for a submission where ``Progress`` only asks "did it pass its own level?"."""

    number: int
    submitted_at: float
    level: int
    level_passed: bool


def _judged(counted: tuple["SubmissionStub", ...], tallies: _Tallies) -> list[_Judged]:
    """The counted stubs, each with whether it passed its own level, for the session rules to read.

    Below the highest level reached, no counts are needed: a level's passing submission unlocks the
    next, so every later one is made at a higher level; the one that passed level L is therefore the
    last made at L. At the highest level the counts decide, read last to first: once one there has
    passed, the level is passed, and the rest there go unread (only how many levels passed is asked).
    """
    last_at: dict[int, int] = {stub.level: stub.number for stub in counted}
    top = max(last_at, default=0)
    top_passed = False
    judged = []
    for stub in reversed(counted):
        if stub.level < top:
            passed = stub.number == last_at[stub.level]
        else:
            passed = not top_passed and _passed(tallies.of(stub), stub.level)
            top_passed = top_passed or passed
        judged.append(_Judged(stub.number, stub.submitted_at, stub.level, passed))
    judged.reverse()
    return judged


@dataclass(frozen=True)
class Page:
    """Which sessions a history lists: ``lines`` (newest first), from the ``first``-th (1-based)."""

    lines: tuple[SessionLine, ...]
    number: int
    size: int | None  # None: every session
    first: int
    total: int

    @property
    def last(self) -> int:
        return self.first + len(self.lines) - 1

    @property
    def more(self) -> bool:
        return self.last < self.total


def page_of(history: History, size: int | None, number: int = 1) -> Page:
    """Page ``number`` of ``size`` sessions (None: all of them on one page), newest first."""
    if size is None:
        return Page(history.sessions, 1, None, 1, len(history.sessions))
    start = (number - 1) * size
    return Page(history.sessions[start : start + size], number, size, start + 1, len(history.sessions))


def _status(record: "SessionRecord | SessionHead", over: bool) -> str:
    if not over:
        return RUNNING
    return record.finish_reason if record.finish_reason in (FINISHED_EARLY, ABANDONED) else TIME_UP


def trends(lines: tuple[SessionLine, ...]) -> tuple[Trend, ...]:
    """One trend a problem and variant (a variant is another exam), in the order of their latest
    session. Drills are no part of any trend (``SessionLine.in_trend``), not even of its count of runs."""
    by_problem: dict[tuple[str, str | None], list[SessionLine]] = {}
    for line in lines:  # newest first, so a problem's first line is its latest
        if line.drill_level:
            continue
        by_problem.setdefault((line.problem_id, line.variant), []).append(line)
    return tuple(
        Trend(
            problem_id=problem,
            problem_title=group[0].problem_title,
            sessions=len(group),
            counted=tuple(line for line in reversed(group) if line.in_trend),
            variant=variant,
        )
        for (problem, variant), group in by_problem.items()
    )
