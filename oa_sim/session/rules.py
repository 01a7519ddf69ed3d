"""The rules of a session: which levels are open, when the clock runs out, what a submit does.

``Progress`` is a pure reading of the record (a session and its submissions) at a given moment;
the actions (start, submit, finish) take an injected clock so tests never wait for real time.

Time never runs backwards for a session: a clock that reads earlier than the last thing recorded
(a start, a submission, a finish) is taken to read that moment instead, so a clock set back can
neither grant extra time nor give a submission a time before an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Callable

from oa_sim.errors import ExitCode, OaSimError

if TYPE_CHECKING:
    from oa_sim.problem.model import Problem
    from oa_sim.session.locate import Located
    from oa_sim.session.store import SessionRecord, Store, Submission

Clock = Callable[[], float]


def deadline(record: "SessionRecord") -> float:
    """When a session's clock runs out: its start plus its time limit (the one home of the rule)."""
    return record.started_at + record.time_limit

def choose_variant(problem: "Problem", wanted: str | None, draw: "Callable[[tuple[str, ...]], str] | None" = None) -> str | None:
    """The variant a new session gets: ``wanted``, else one drawn at random (a candidate does not
    know in advance which one the assessment has); None for a problem without variants."""
    if not problem.variants:
        if wanted is not None:
            raise OaSimError(f"{problem.id} has no variants.", ExitCode.USAGE, hint="Leave out --variant.")
        return None
    if wanted is None:
        import random

        return (draw or random.choice)(problem.variants)
    if wanted not in problem.variants:
        raise OaSimError(
            f"{problem.id} has no variant {wanted!r}.",
            ExitCode.USAGE,
            hint=f"Its variants: {', '.join(problem.variants)} (or leave out --variant for one at random).",
        )
    return wanted


def planned_clock(problem: "Problem", first_level: int = 1) -> float:
    """The clock the problem's plan gives its levels from ``first_level`` on: its whole time limit
    for a full session; for a drill, the drilled levels' budgets added up (a drill's default clock).
    A session's budgets are its levels' budgets stretched by its clock over this."""
    drilled = sum(level.budget for level in problem.levels[first_level - 1 :])
    return problem.time_limit if first_level <= 1 or not drilled else drilled


# What a submit tells of the hidden tests: each failure with its message (full), the names of the
# failed tests alone (names), or only how many passed a level (counts, the nearest to a real suite).
FEEDBACK_MODES = ("full", "names", "counts")

FINISHED_EARLY = "finished"
TIME_UP = "time_up"
ABANDONED = "abandoned"  # replaced by a new session started with --force
CLOCK_WARNING_SECONDS = 2.0  # a clock behind the record by more than this is worth telling the user


@dataclass(frozen=True)
class Progress:
    """What the record says at moment ``now``: levels unlocked and passed, and the clock.

    ``now`` is never earlier than the last recorded moment; ``clock_behind`` says by how much the
    clock given was (0 when it was not).
    """

    record: "SessionRecord"
    submissions: "tuple[Submission, ...]"
    now: float
    clock_behind: float = field(default=0.0, init=False)

    def __post_init__(self) -> None:
        latest = latest_moment(self.record, max((s.submitted_at for s in self.submissions), default=None))
        if self.now < latest:
            object.__setattr__(self, "clock_behind", latest - self.now)
            object.__setattr__(self, "now", latest)

    @cached_property  # a pure reading: asked for again and again by a report and a history
    def counted(self) -> "tuple[Submission, ...]":
        """Submissions made before the deadline (and before an early finish)."""
        end = self.end_time
        return tuple(s for s in self.submissions if s.submitted_at <= end)

    @property
    def end_time(self) -> float:
        return end_time(self.record)

    @cached_property
    def unlock_times(self) -> tuple[float, ...]:
        """When each level unlocked: level 1 at the start, level N+1 at the first pass of level N.
        A drill at level N opens levels 1..N at its start (the ones before N are given)."""
        times = [self.record.started_at] * self.record.first_level
        for submission in self.counted:
            if (
                submission.level == len(times)
                and len(times) < self.record.level_count
                and submission.level_passed
            ):
                times.append(submission.submitted_at)
        return tuple(times)

    @cached_property
    def pass_times(self) -> dict[int, float]:
        """When each level first passed in full, graded as the current level."""
        return first_passes(self.counted)

    @property
    def current_level(self) -> int:
        return len(self.unlock_times)

    @property
    def time_left(self) -> float:
        return max(0.0, deadline(self.record) - self.now)

    @property
    def time_used(self) -> float:
        return time_used(self.record, self.now)

    @property
    def is_over(self) -> bool:
        return is_over(self.record, self.now)

    @property
    def final(self) -> "Submission | None":
        """The submission whose results are the score: the last one that counts."""
        return self.counted[-1] if self.counted else None


# The clock's rules as functions of a session's record, for ``Progress`` and for a history that
# reads ten thousand sessions without building a ``Progress`` for each.


def end_time(record: "SessionRecord") -> float:
    """When a session stopped counting submissions: its deadline, or an earlier finish."""
    finished = record.finished_at
    return min(deadline(record), finished) if finished is not None else deadline(record)


def latest_moment(record: "SessionRecord", last_submitted_at: float | None = None) -> float:
    """The last moment the record holds (its start, latest submission or finish): the earliest
    ``now`` a reading of it may take, since time never runs backwards for a session."""
    moments = [record.started_at]
    if last_submitted_at is not None:
        moments.append(last_submitted_at)
    if record.finished_at is not None:
        moments.append(record.finished_at)
    return max(moments)


def time_used(record: "SessionRecord", now: float, end: float | None = None) -> float:
    """The clock a session used by ``now``; ``end``, when given, is its ``end_time``, already worked out."""
    return max(0.0, min(now, end_time(record) if end is None else end) - record.started_at)


def is_over(record: "SessionRecord", now: float) -> bool:
    return record.finished_at is not None or now >= deadline(record)


def first_passes(counted) -> dict[int, float]:
    """When each level first passed in full among ``counted`` submissions (each graded as its
    session's current level, so one that passed its own level passed that level)."""
    passed: dict[int, float] = {}
    for submission in counted:
        if submission.level_passed:
            passed.setdefault(submission.level, submission.submitted_at)
    return passed


def progress(store: "Store", record: "SessionRecord", now: float) -> Progress:
    """The session's progress at ``now``, from its record."""
    return Progress(record, tuple(store.submissions(record.id)), now)


def check_open(store: "Store", located: "Located", now: float) -> Progress:
    """The session's progress, or TIME_UP when its clock has run out or it was finished."""
    current = progress(store, located.record, now)
    if current.is_over:
        if located.record.finished_at is None:
            store.finish(located.record.id, deadline(located.record), TIME_UP)
        raise OaSimError(
            "Time is up: this session is over." if current.now >= deadline(located.record) else "This session is finished.",
            ExitCode.TIME_UP,
            hint="`oa-sim report` shows how it went; `oa-sim start` begins a new one.",
        )
    return current




def spec_level(progress: Progress, wanted: int | None) -> int:
    """The level whose spec may be shown: ``wanted`` (default the current one) if it is unlocked."""
    record = progress.record
    level = progress.current_level if wanted is None else wanted
    if not 1 <= level <= record.level_count:
        raise OaSimError(
            f"There is no level {level}: {record.problem_title} has levels 1-{record.level_count}.",
            ExitCode.USAGE,
            hint=f"{_unlocked(progress)} unlocked.",
        )
    if level > progress.current_level:
        raise OaSimError(
            f"Level {level} is not unlocked yet ({_unlocked(progress).lower()}).",
            ExitCode.USAGE,
            hint="Pass every hidden test of the current level to unlock the next.",
        )
    return level


def check_reveal(progress: Progress, what: str = "--reveal shows the hidden tests") -> None:
    """The hidden tests (and the model solution) are shown only once the session is over."""
    if not progress.is_over:
        raise OaSimError(
            f"{what}, so it waits until the session is over.",
            ExitCode.USAGE,
            hint="`oa-sim finish` ends it now.",
        )


def _unlocked(progress: Progress) -> str:
    level = progress.current_level
    return "Only level 1 is" if level == 1 else f"Levels 1-{level} are"
