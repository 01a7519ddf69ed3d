"""A session's report: a pure function of the recorded session (and the problem's level facts).

Nothing here reads files, the clock or the terminal; renderers in ``oa_sim.render`` draw the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from oa_sim import scoring
from oa_sim.grading.results import TestResult
from oa_sim.session import Progress

LOCKED = "locked"
IN_PROGRESS = "in_progress"
PASSED = "passed"
NOT_PASSED = "not_passed"


@dataclass(frozen=True)
class LevelFacts:
    """What the problem says of a level, independent of any session."""

    title: str
    budget: float
    hidden_total: int | None = None


@dataclass(frozen=True)
class SubmissionMark:
    number: int
    at: float  # seconds since the session started
    level: int
    passed: int
    total: int
    counted: bool  # made before the deadline


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
    scaled: int
    final_submission: int | None
    timeline: tuple[SubmissionMark, ...]

    @property
    def levels_passed(self) -> int:
        return sum(1 for level in self.levels if level.status == PASSED)


def build(progress: Progress, facts: list[LevelFacts]) -> Report:
    """Turn the record, read at ``progress.now``, into the report model."""
    record = progress.record
    start = record.started_at
    final = progress.final
    score = scoring.score(final.results if final else None, record.level_count)
    unlocks, passes = progress.unlock_times, progress.pass_times
    end = min(progress.now, progress.end_time)
    levels = []
    for number, fact in enumerate(facts, start=1):
        unlocked = unlocks[number - 1] if number <= len(unlocks) else None
        passed = passes.get(number)
        level_score = score.levels[number - 1]
        if unlocked is None:
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
                budget=fact.budget,
                unlocked_at=None if unlocked is None else unlocked - start,
                passed_at=None if passed is None else passed - start,
                time_spent=None if unlocked is None else max(0.0, (passed or end) - unlocked),
                submissions=sum(1 for s in progress.counted if s.level == number),
                tests_passed=level_score.passed,
                tests_total=level_score.total or fact.hidden_total,
                points=level_score.points,
                failed=tuple(t for t in graded if not t.passed),
            )
        )
    timeline = tuple(
        SubmissionMark(
            number=s.number,
            at=s.submitted_at - start,
            level=s.level,
            passed=sum(1 for t in s.results.tests if t.passed),
            total=len(s.results.tests),
            counted=s.submitted_at <= progress.end_time,
        )
        for s in progress.submissions
    )
    return Report(
        session_id=record.id,
        problem_id=record.problem_id,
        problem_title=record.problem_title,
        started_at=start,
        time_limit=record.time_limit,
        time_used=progress.time_used,
        time_left=0.0 if progress.is_over else progress.time_left,
        over=progress.is_over,
        finish_reason=record.finish_reason or ("time_up" if progress.is_over else None),
        levels=tuple(levels),
        raw=score.raw,
        scaled=score.scaled,
        final_submission=final.number if final else None,
        timeline=timeline,
    )


def to_json(report: Report, *, reveal: bool = False) -> dict:
    """The documented JSON form (docs/json.md); failed tests' details only with ``reveal``."""
    return {
        "schema": "oa-sim.report/1",
        "session": report.session_id,
        "problem": report.problem_id,
        "problem_title": report.problem_title,
        "started_at": report.started_at,
        "time_limit": report.time_limit,
        "time_used": round(report.time_used, 3),
        "time_left": round(report.time_left, 3),
        "over": report.over,
        "finish_reason": report.finish_reason,
        "final_submission": report.final_submission,
        "score": {"raw": round(report.raw, 2), "scaled": report.scaled, "max": scoring.POINTS_PER_LEVEL * len(report.levels)},
        "levels": [
            {
                "level": level.level,
                "title": level.title,
                "status": level.status,
                "budget": level.budget,
                "unlocked_at": level.unlocked_at,
                "passed_at": level.passed_at,
                "time_spent": level.time_spent,
                "submissions": level.submissions,
                "tests_passed": level.tests_passed,
                "tests_total": level.tests_total,
                "points": round(level.points, 2),
                "failed_tests": [_failed_json(test, reveal) for test in level.failed],
            }
            for level in report.levels
        ],
        "submissions": [
            {"number": m.number, "at": round(m.at, 3), "level": m.level, "passed": m.passed, "total": m.total, "counted": m.counted}
            for m in report.timeline
        ],
    }


def _failed_json(test: TestResult, reveal: bool) -> dict:
    entry = {"name": test.name, "description": test.description, "outcome": test.outcome, "message": test.message}
    if reveal:
        entry["detail"] = test.detail
    return entry
