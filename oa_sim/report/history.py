"""Progress across sessions: a line a session and a trend a problem, read cheaply from the store.

A history of a thousand sessions must not load a thousand sessions' sources and results, so it reads
each submission's stub (number, time, level) and, for only the few submissions that decide a
session's line, the per-level tallies of hidden tests passed that each submission keeps beside its
results (``Store.level_tallies``; only a submission recorded before tallies were kept is counted
from its results). The session rules stay in ``session.Progress``: the stubs are handed to it with
just enough of a verdict to answer it (see ``_judged``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from oa_sim.grading.results import level_passed
from oa_sim.report import scoring
from oa_sim.session import ABANDONED, FINISHED_EARLY, TIME_UP, Progress

if TYPE_CHECKING:
    from oa_sim.session.store import SessionRecord, Store, SubmissionStub

RUNNING = "running"


@dataclass(frozen=True)
class SessionLine:
    """One past (or running) session, as the history lists it."""

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

    @property
    def best(self) -> SessionLine | None:
        # the latest of equal bests: repeating a score later is still the news
        return max(reversed(self.counted), key=lambda line: line.raw, default=None)

    @property
    def latest(self) -> SessionLine | None:
        return self.counted[-1] if self.counted else None

    @property
    def median(self) -> float | None:
        return statistics.median(line.raw for line in self.counted) if self.counted else None

    @property
    def fastest_full(self) -> SessionLine | None:
        """The quickest session that passed every level."""
        full = [line for line in self.counted if line.levels_passed == line.level_count]
        return min(full, key=lambda line: line.time_used, default=None)


@dataclass(frozen=True)
class History:
    sessions: tuple[SessionLine, ...]  # newest first
    trends: tuple[Trend, ...]
    problem_id: str | None = None
    # When a --problem filter matched nothing: the problems the record does hold sessions of.
    other_problems: tuple[str, ...] = ()


def load(store: "Store", now: float, problem_id: str | None = None) -> History:
    """Every session's line (or one problem's) and each problem's trend, read at ``now``.

    At most four queries whatever the number of sessions: the sessions, the submissions' stubs, the
    test tallies of each session's scored submission, and (for the few sessions that need them) the
    tallies of its other submissions at the last level. A ``problem_id`` with no sessions costs one
    more, to name the problems that have some.
    """
    records = store.sessions(problem_id)
    if problem_id and not records:
        known = dict.fromkeys(record.problem_id for record in store.sessions())  # newest first, once each
        return History((), (), problem_id, tuple(known))
    stubs: dict[int, list[SubmissionStub]] = {}
    for stub in store.submission_stubs(problem_id):
        stubs.setdefault(stub.session_id, []).append(stub)
    readings = [Progress(record, tuple(stubs.get(record.id, ())), now) for record in records]
    tallies = store.level_tallies([reading.final.id for reading in readings if reading.final is not None])
    undecided = [stub.id for reading in readings for stub in _undecided(reading, tallies)]
    if undecided:
        tallies |= store.level_tallies(undecided)
    lines = tuple(summarise(reading, tallies) for reading in readings)
    return History(lines, trends(lines), problem_id)


def _undecided(reading: Progress, tallies: dict[int, dict[int, tuple[int, int]]]) -> list["SubmissionStub"]:
    """The submissions whose counts still matter once the scored one's are known: when the session
    reached the last level and its scored submission fails it, any earlier one there may have passed it."""
    final, count = reading.final, reading.record.level_count
    if final is None or final.level != count or _passed(tallies.get(final.id, {}), count):
        return []
    return [stub for stub in reading.counted if stub.level == count and stub is not final]


def _passed(counts: dict[int, tuple[int, int]], level: int) -> bool:
    return level_passed(*counts.get(level, (0, 0)))


def summarise(reading: Progress, tallies: dict[int, dict[int, tuple[int, int]]]) -> SessionLine:
    """A session's line from its stubs (``reading``) and the test counts of its deciding submissions."""
    record = reading.record
    final = reading.final
    counts = tallies.get(final.id, {}) if final is not None else {}
    score = scoring.Score(
        tuple(scoring.LevelScore(level, *counts.get(level, (0, 0))) for level in range(1, record.level_count + 1)),
        record.first_level,
    )
    judged = Progress(record, _judged(reading, tallies), reading.now)
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
        over=reading.is_over,
        status=_status(record, reading.is_over),
        submissions=len(reading.counted),
        levels_passed=len(judged.pass_times),
        level_count=record.level_count,
        raw=score.raw,
        scaled=score.scaled,
    )


@dataclass(frozen=True)
class _Judged:
    """Stands in for a submission where ``Progress`` only asks "did it pass its own level?"."""

    number: int
    submitted_at: float
    level: int
    level_passed: bool


def _judged(reading: Progress, tallies: dict[int, dict[int, tuple[int, int]]]) -> tuple[_Judged, ...]:
    """The counted stubs, each with whether it passed its own level, for ``Progress`` to read.

    Below the highest level reached, no counts are needed: a level's passing submission unlocks the
    next, so every later one is made at a higher level; the one that passed level L is therefore the
    last made at L. At the highest level the counts decide; only the number of levels passed is read
    from the result, so when the scored submission passed the last level the others there go uncounted.
    """
    counted = reading.counted
    last_at: dict[int, int] = {stub.level: stub.number for stub in counted}
    top = max(last_at, default=0)
    judged = []
    for stub in counted:
        if stub.level < top:
            passed = stub.number == last_at[stub.level]
        else:
            passed = _passed(tallies.get(stub.id, {}), stub.level)
        judged.append(_Judged(stub.number, stub.submitted_at, stub.level, passed))
    return tuple(judged)


def _status(record: "SessionRecord", over: bool) -> str:
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
