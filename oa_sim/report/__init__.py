"""A session's report: a pure function of the recorded session (and the problem's level facts).

Nothing here reads files, the clock or the terminal; renderers in ``oa_sim.render`` draw the model.
The sentences the report says (how the score was computed, the pace, what to practise) are part of
the model, so every format says the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from oa_sim.errors import OaSimError
from oa_sim.report import scoring
from oa_sim.grading.results import TestResult
from oa_sim.session.rules import TIME_UP, Progress

if TYPE_CHECKING:  # the review (and ``ast``) loads only when a report asks for it, not for ``status``
    from oa_sim.report.review import Review

LOCKED = "locked"
IN_PROGRESS = "in_progress"
PASSED = "passed"
NOT_PASSED = "not_passed"
GIVEN = "given"  # a level before a drill's first: open from the start, given rather than earned, not scored

# Pace verdicts, one a level.
UNDER = "under"
OVER = "over"
UNFINISHED = "unfinished"  # unlocked, not passed
NOT_REACHED = "not_reached"

# A level whose time ran past this multiple of its budget is named as the one to practise.
SLOW_FACTOR = 1.25
MANY_SUBMISSIONS = 4


@dataclass(frozen=True)
class LevelFacts:
    """What the problem says of a level, independent of any session."""

    title: str
    budget: float
    hidden_total: int | None = None


@dataclass(frozen=True)
class LevelCount:
    """How one submission did on one level's hidden tests."""

    level: int
    passed: int
    total: int


@dataclass(frozen=True)
class SubmissionMark:
    number: int
    at: float  # seconds since the session started
    level: int
    passed: int
    total: int
    counted: bool  # made before the deadline
    levels: tuple[LevelCount, ...] = ()
    passed_level: bool = False  # passed every hidden test of the level it was made at
    broke: tuple[int, ...] = ()  # levels already passed whose tests this submission broke


@dataclass(frozen=True)
class Regression:
    """Tests of a level already passed that a later submission broke, and whether a still later one fixed them."""

    level: int
    submission: int
    at: float  # seconds since start
    tests: tuple[str, ...]
    fixed_by: int | None = None
    fixed_at: float | None = None


@dataclass(frozen=True)
class LevelReport:
    level: int
    title: str
    status: str
    budget: float
    unlocked_at: float | None  # seconds since start
    passed_at: float | None
    time_spent: float | None
    submissions: int
    tests_passed: int
    tests_total: int | None
    points: float
    failed: tuple[TestResult, ...]
    regressions: tuple[Regression, ...] = ()

    @property
    def broken(self) -> bool:
        """Passed once (or given), and the final submission fails some of its tests again (a regression never fixed)."""
        return self.status in (PASSED, GIVEN) and any(r.fixed_by is None for r in self.regressions)


@dataclass(frozen=True)
class LevelPace:
    level: int
    budget: float
    spent: float | None
    due_at: float  # when the budgets, added up, say the level should be passed (seconds since start)
    passed_at: float | None
    verdict: str

    @property
    def over_by(self) -> float:
        """Seconds past the budget (negative: under it); 0 for a level never reached."""
        return 0.0 if self.spent is None else self.spent - self.budget


@dataclass(frozen=True)
class Pace:
    """Each level's time against its budget, and the clean-levels rule, as plain sentences too."""

    levels: tuple[LevelPace, ...]
    clean_levels: int  # how many levels the rule asks to finish cleanly: all but the last
    clean: bool  # those levels passed, and the final submission keeps them all green
    points_lost: float  # points the final submission lost on levels that had passed
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    session_id: int
    problem_id: str
    problem_title: str
    started_at: float
    time_limit: float
    time_used: float
    time_left: float
    over: bool
    finish_reason: str | None
    levels: tuple[LevelReport, ...]
    raw: float
    scaled: int  # not shown for a drill: the 200-600 scale is for a whole session
    final_submission: int | None
    timeline: tuple[SubmissionMark, ...]
    score_note: str = ""
    pace: Pace | None = None
    practise: tuple[str, ...] = ()
    review: "Review | None" = None
    language: str = "python"
    variant: str | None = None
    drill_level: int | None = None  # a drill's first level (the ones before it given); None: a full session
    drill_code: tuple[int, int] | None = None  # the (session, submission) a drill's code came from; None: a model solution

    @property
    def levels_passed(self) -> int:
        return sum(1 for level in self.levels if level.status == PASSED)

    @property
    def scored_levels(self) -> "tuple[LevelReport, ...]":
        """The levels whose points make the score: every one, or a drill's from its first level on."""
        return tuple(level for level in self.levels if level.status != GIVEN)

    @property
    def max_points(self) -> int:
        return scoring.POINTS_PER_LEVEL * len(self.scored_levels)

    @property
    def regressions(self) -> tuple[Regression, ...]:
        return tuple(sorted((r for level in self.levels for r in level.regressions), key=lambda r: r.at))


def build(progress: Progress, facts: list[LevelFacts], *, review: bool = False) -> Report:
    """Turn the record, read at ``progress.now``, into the report model.

    ``review`` adds the code review of the final submission (it parses the source snapshots, which
    ``status`` has no use for).
    """
    record = progress.record
    start = record.started_at
    final = progress.final
    first = record.first_level
    score = scoring.score(final.results if final else None, record.level_count, first)
    unlocks, passes = progress.unlock_times, progress.pass_times
    end = min(progress.now, progress.end_time)
    regressions = _regressions(progress)
    stretch = _budget_scale(record.time_limit, facts[first - 1 :])
    levels = []
    for number, fact in enumerate(facts, start=1):
        unlocked = unlocks[number - 1] if number <= len(unlocks) else None
        passed = passes.get(number)
        level_score = score.levels[number - 1]
        given = number < first
        if given:
            status = GIVEN
        elif unlocked is None:
            status = LOCKED
        elif passed is not None:
            status = PASSED
        else:
            status = NOT_PASSED if progress.is_over else IN_PROGRESS
        graded = final.results.for_level(number) if final else ()
        levels.append(
            LevelReport(
                level=number,
                title=fact.title,
                status=status,
                budget=0.0 if given else fact.budget * stretch,
                unlocked_at=None if unlocked is None else unlocked - start,
                passed_at=None if passed is None else passed - start,
                time_spent=None if unlocked is None or given else max(0.0, (passed or end) - unlocked),
                submissions=sum(1 for s in progress.counted if s.level == number),
                tests_passed=level_score.passed,
                tests_total=level_score.total or fact.hidden_total,
                points=level_score.points,
                failed=_as_told(tuple(t for t in graded if not t.passed), record.feedback, progress.is_over),
                regressions=tuple(r for r in regressions if r.level == number),
            )
        )
    timeline = _timeline(progress, regressions)
    report = Report(
        session_id=record.id,
        problem_id=record.problem_id,
        problem_title=record.problem_title,
        language=record.language,
        variant=record.variant,
        drill_level=record.drill_level,
        drill_code=(record.drill_code_session, record.drill_code_number) if record.drill_code_session is not None else None,
        started_at=start,
        time_limit=record.time_limit,
        time_used=progress.time_used,
        time_left=0.0 if progress.is_over else progress.time_left,
        over=progress.is_over,
        finish_reason=record.finish_reason or (TIME_UP if progress.is_over else None),
        levels=tuple(levels),
        raw=score.raw,
        scaled=score.scaled,
        final_submission=final.number if final else None,
        timeline=timeline,
    )
    from oa_sim.report import advice

    pace = advice.pace_of(report)
    return replace(
        report,
        score_note=advice.score_note(report),
        pace=pace,
        practise=advice.practise(report, pace),
        review=_review(progress) if review else None,
    )


def _budget_scale(time_limit: float, facts: list[LevelFacts]) -> float:
    """How much to stretch the problem's budgets so they fill this session's clock.

    The budgets are a plan for the whole session, so a custom ``--time-limit`` (45m for a 90m problem)
    halves every one. The base is the sum of the budgets, not the problem's own time limit: the
    recorded level facts keep the budgets but not that limit, and the sum is what the plan adds up to.
    """
    planned = sum(fact.budget for fact in facts)
    return time_limit / planned if planned > 0 and time_limit > 0 else 1.0


def _as_told(failed: tuple[TestResult, ...], feedback: str, over: bool) -> tuple[TestResult, ...]:
    """The failed hidden tests as much as the session's feedback mode tells while it runs: all of
    them (full), their names alone (names), or none (counts, which says only how many passed)."""
    if over or feedback == "full":
        return failed
    if feedback == "names":
        return tuple(replace(test, message="", detail="") for test in failed)
    return ()


# -- what happened, submission by submission --------------------------------------------------------


def _timeline(progress: Progress, regressions: list[Regression]) -> tuple[SubmissionMark, ...]:
    start, end = progress.record.started_at, progress.end_time
    broke: dict[int, tuple[int, ...]] = {}
    for r in regressions:
        broke[r.submission] = (*broke.get(r.submission, ()), r.level)
    # A long session repeats a handful of tallies hundreds of times: each one's counts are built once.
    counts_of: dict[tuple, tuple[LevelCount, ...]] = {}
    marks = []
    for s in progress.submissions:
        key = tuple(sorted(s.tallies.items()))
        counts = counts_of.get(key)
        if counts is None:
            counts = counts_of[key] = tuple(LevelCount(level, passed, total) for level, (passed, total) in key)
        marks.append(
            SubmissionMark(
                number=s.number,
                at=s.submitted_at - start,
                level=s.level,
                passed=sum(count.passed for count in counts),
                total=sum(count.total for count in counts),
                counted=s.submitted_at <= end,
                levels=counts,
                passed_level=s.level_passed,
                broke=broke.get(s.number, ()),
            )
        )
    return tuple(marks)


def _regressions(progress: Progress) -> list[Regression]:
    """For each level already passed, each run of later submissions that failed some of its tests."""
    start = progress.record.started_at
    passed: set[int] = set(range(1, progress.record.first_level))  # levels passed (or a drill's given) so far
    open_: dict[int, Regression] = {}  # level -> its regression not fixed yet
    found: list[Regression] = []
    for s in progress.counted:
        for level in sorted(passed):
            passed_count, graded = s.tallies.get(level, (0, 0))
            if not graded:
                continue
            failing = passed_count < graded  # the tallies say so; the results are read only to name them
            if failing and level not in open_:
                names = s.failed(level)
                open_[level] = Regression(level, s.number, s.submitted_at - start, names)
            elif not failing and level in open_:
                broken = open_.pop(level)
                found.append(Regression(level, broken.submission, broken.at, broken.tests, s.number, s.submitted_at - start))
        if s.level_passed:
            passed.add(s.level)
    found += open_.values()
    return sorted(found, key=lambda r: (r.at, r.level))


def _review(progress: Progress) -> "Review | None":
    """The code review of the final submission's solution file, growth measured from the sources that
    passed each level; the other source files submitted with it are named, not reviewed."""
    from oa_sim import languages

    final = progress.final
    if final is None:
        return None
    snapshots: dict[int, str] = {}
    for s in progress.counted:
        if s.level_passed:
            snapshots.setdefault(s.level, s.source)
    try:
        language = languages.get(progress.record.language)
    except OaSimError:  # a record from a newer oa-sim: the report goes on without a review
        return None
    found = language.review(final.source, snapshots)  # the solution file's: the one every level grows
    others = tuple((name, len(text.splitlines())) for name, text in final.extra_files)
    if found is None or not others:
        return found
    from oa_sim.report.review import notes

    with_others = replace(found, other_files=others)
    return replace(with_others, notes=notes(with_others)) if found.parsed else with_others


# -- what it says --------------------------------------------------------------------------------------


def span(seconds: float) -> str:
    """A duration for a sentence: ``9m``, ``9m 30s``, ``1h 05m``, ``45s``."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m" if minutes else f"{hours}h"
    if minutes:
        return f"{minutes}m {secs:02d}s" if secs else f"{minutes}m"
    return f"{secs}s"


def points_text(value: float) -> str:
    """Points as people write them: ``875``, ``62.5``."""
    return f"{value:.1f}".removesuffix(".0")


