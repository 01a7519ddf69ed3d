"""The report, the history and the code review as the documented JSON (docs/json.md).

JSON is one more renderer of the models the terminal, Markdown and HTML draw: the core never knows
it is being serialised. Every document starts with its ``schema``; points are rounded to 2 decimals
and times (timestamps, offsets, durations) to 3, as the docs promise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oa_sim.report import scoring

if TYPE_CHECKING:
    from oa_sim.grading.results import TestResult
    from oa_sim.report.history import History, Page, SessionLine, Trend
    from oa_sim.report import Regression, Report
    from oa_sim.report.review import FunctionFacts, Review

REPORT_SCHEMA = "oa-sim.report/1"
HISTORY_SCHEMA = "oa-sim.history/1"


def seconds(value: float | None) -> float | None:
    """A time as the JSON gives it: 3 decimals, or null."""
    return None if value is None else round(value, 3)


def points(value: float) -> float:
    return round(value, 2)


# -- oa-sim report --json -----------------------------------------------------------------------------


def report(found: "Report", *, reveal: bool = False) -> dict:
    """The ``oa-sim.report/1`` document; failed tests' details only with ``reveal``."""
    pace = found.pace
    return {
        "schema": REPORT_SCHEMA,
        "session": found.session_id,
        "problem": found.problem_id,
        "problem_title": found.problem_title,
        "language": found.language,
        "variant": found.variant,
        "started_at": seconds(found.started_at),
        "time_limit": seconds(found.time_limit),
        "time_used": seconds(found.time_used),
        "time_left": seconds(found.time_left),
        "over": found.over,
        "finish_reason": found.finish_reason,
        "final_submission": found.final_submission,
        "levels_passed": found.levels_passed,
        "drill": _drill(found.drill_level, found.drill_code),
        "score": {"raw": points(found.raw), "scaled": found.scaled, "max": found.max_points},
        "score_note": found.score_note,
        "levels": [
            {
                "level": level.level,
                "title": level.title,
                "status": level.status,
                "budget": seconds(level.budget),
                "unlocked_at": seconds(level.unlocked_at),
                "passed_at": seconds(level.passed_at),
                "time_spent": seconds(level.time_spent),
                "submissions": level.submissions,
                "tests_passed": level.tests_passed,
                "tests_total": level.tests_total,
                "points": points(level.points),
                "failed_tests": [_failed(test, reveal) for test in level.failed],
                "regressions": [_regression(r) for r in level.regressions],
            }
            for level in found.levels
        ],
        "submissions": [
            {
                "number": m.number,
                "at": seconds(m.at),
                "level": m.level,
                "passed": m.passed,
                "total": m.total,
                "counted": m.counted,
                "passed_level": m.passed_level,
                "levels": [{"level": c.level, "passed": c.passed, "total": c.total} for c in m.levels],
                "broke": list(m.broke),
            }
            for m in found.timeline
        ],
        "pace": None
        if pace is None
        else {
            "clean_levels": pace.clean_levels,
            "clean": pace.clean,
            "points_lost": points(pace.points_lost),
            "levels": [
                {
                    "level": step.level,
                    "budget": seconds(step.budget),
                    "spent": seconds(step.spent),
                    "due_at": seconds(step.due_at),
                    "passed_at": seconds(step.passed_at),
                    "verdict": step.verdict,
                }
                for step in pace.levels
            ],
            "notes": list(pace.notes),
        },
        "practise": list(found.practise),
        "review": None if found.review is None else review(found.review),
    }


def _drill(level: int | None, code: tuple[int, int] | None) -> dict | None:
    """A drill's first level, its given levels and whose code it started from; null for a full session."""
    if not level:
        return None
    started = None if code is None else {"session": code[0], "submission": code[1]}
    return {"level": level, "given_levels": list(range(1, level)), "code_from": started}


def _regression(regression: "Regression") -> dict:
    return {
        "submission": regression.submission,
        "at": seconds(regression.at),
        "tests": list(regression.tests),
        "fixed_by": regression.fixed_by,
        "fixed_at": seconds(regression.fixed_at),
    }


def _failed(test: "TestResult", reveal: bool) -> dict:
    entry = {"name": test.name, "description": test.description, "outcome": test.outcome, "message": test.message}
    if reveal:
        entry["detail"] = test.detail
    return entry


# -- the report's review object -------------------------------------------------------------------------


def review(found: "Review") -> dict:
    """The ``review`` object of the report document."""
    return {
        "parsed": found.parsed,
        "error": found.error,
        "lines": found.lines,
        "functions": found.functions,
        "longest": [_function(f) for f in found.longest],
        "deepest": [_function(f) for f in found.deepest],
        "duplicates": [
            {"lines": d.lines, "places": [list(place) for place in d.places], "functions": list(d.where)}
            for d in found.duplicates
        ],
        "unclear_names": [{"name": n.name, "line": n.line, "function": n.function} for n in found.unclear_names],
        "growth": [
            {"name": g.name, "from_level": g.from_level, "to_level": g.to_level, "before": g.before, "after": g.after}
            for g in found.growth
        ],
        "notes": list(found.notes),
        "other_files": [{"name": name, "lines": lines} for name, lines in found.other_files],
    }


def _function(facts: "FunctionFacts") -> dict:
    return {
        "name": facts.name,
        "line": facts.line,
        "end_line": facts.end_line,
        "length": facts.length,
        "depth": facts.depth,
        "deepest_line": facts.deepest_line,
    }


# -- oa-sim history --json ------------------------------------------------------------------------------


def history(found: "History", shown: "Page | None" = None) -> dict:
    """The ``oa-sim.history/1`` document; ``shown`` is the page of sessions listed (default all;
    trends use them all)."""
    lines = found.sessions if shown is None else shown.lines
    return {
        "schema": HISTORY_SCHEMA,
        "problem": found.problem_id,
        "total_sessions": len(found.sessions),
        "sessions": [_line(line) for line in lines],
        "problems": [_trend(trend) for trend in found.trends],
    }


def _line(line: "SessionLine") -> dict:
    return {
        "session": line.session_id,
        "problem": line.problem_id,
        "problem_title": line.problem_title,
        "language": line.language,
        "variant": line.variant,
        "started_at": seconds(line.started_at),
        "time_limit": seconds(line.time_limit),
        "time_used": seconds(line.time_used),
        "over": line.over,
        "status": line.status,
        "submissions": line.submissions,
        "levels_passed": line.levels_passed,
        "level_count": line.level_count,
        "drill": line.drill_level,
        "in_trend": line.in_trend,
        "score": {"raw": points(line.raw), "scaled": line.scaled, "max": line.max_points},
    }


def _trend(trend: "Trend") -> dict:
    def pick(line: "SessionLine | None") -> dict | None:
        if line is None:
            return None
        return {"session": line.session_id, "raw": points(line.raw), "scaled": line.scaled, "time_used": seconds(line.time_used)}

    median = trend.median
    return {
        "problem": trend.problem_id,
        "variant": trend.variant,
        "problem_title": trend.problem_title,
        "sessions": trend.sessions,
        "in_trend": len(trend.counted),
        "best": pick(trend.best),
        "latest": pick(trend.latest),
        "median": None if median is None else {"raw": points(median), "scaled": scoring.scaled(median)},
        "fastest_full": pick(trend.fastest_full),
        "scores": [{"session": line.session_id, "raw": points(line.raw)} for line in trend.counted],
    }


def status(model: "Report", current_level: int, workspace: str, language: str, feedback: str = "full") -> dict[str, Any]:
    """``status --json``: the report's fields, and where the session stands (docs/json.md)."""
    data = report(model)
    data["schema"] = "oa-sim.status/1"
    data["current_level"] = current_level
    data["workspace"] = workspace
    data["language"] = language
    data["feedback"] = feedback
    return data
