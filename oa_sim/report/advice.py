"""What the report says of a session: how the score was counted, the pace against the budgets and
the three-clean-levels rule, and what to practise next. Pure functions of the report model."""

from __future__ import annotations

from dataclasses import replace

from oa_sim.durations import format_clock
from oa_sim.grading.results import CRASHED, ERROR, FAILED, TIMEOUT

from oa_sim.report import (
    GIVEN, LOCKED, MANY_SUBMISSIONS, NOT_REACHED, OVER, PASSED, SLOW_FACTOR, UNDER, UNFINISHED, LevelPace, Pace, Report,
    points_text, scoring, span,
)  # fmt: skip
from oa_sim.session.rules import ABANDONED, FINISHED_EARLY

def _level_range(first: int, last: int) -> str:
    return f"level {first}" if first == last else f"levels {first}-{last}"


def score_note(report: Report) -> str:
    """One sentence on how the score was computed, with this session's numbers."""
    if report.drill_level:
        return _drill_score_note(report)
    scale = f"200 + 0.4 × {points_text(report.raw)} ≈ {report.scaled} on the approximate 200-600 scale"
    if report.final_submission is None:
        return f"No submission counted, so the score is 0 of {report.max_points}, and {scale}."
    # a submission grades every level up to the one it was made at; one it unlocked is not yet graded
    graded_to = next(mark.level for mark in report.timeline if mark.number == report.final_submission)
    unlocked = sum(1 for level in report.levels if level.status != LOCKED)
    not_yet = f" ({_level_range(graded_to + 1, unlocked)}, unlocked since, not yet)" if unlocked > graded_to else ""
    sums = " + ".join(points_text(level.points) for level in report.levels)
    which = "the last before the deadline" if report.over else "the latest so far"
    return (
        f"Submission {report.final_submission}, {which}, graded {_level_range(1, graded_to)}{not_yet}; each level's "
        f"{scoring.POINTS_PER_LEVEL} points are split equally among its hidden tests: {sums} = "
        f"{points_text(report.raw)} of {report.max_points}, and {scale}."
    )


def _drill_score_note(report: Report) -> str:
    """How a drill's score reads: only the drilled levels' points, out of 250 each; the given
    levels are graded as ever, and what a full session would lose on them is said, not counted."""
    first, count = report.drill_level, len(report.levels)
    given, drilled = _level_range(1, first - 1), _level_range(first, count)
    lead = (
        f"A drill from level {first}: {given} {'was' if first == 2 else 'were'} given, not earned, so only "
        f"{drilled} {'is' if first == count else 'are'} scored"
    )
    unscaled = "A drill has no 200-600 figure: that scale is for a whole session."
    if report.final_submission is None:
        return f"{lead}; no submission counted, so the score is 0 of {report.max_points}. {unscaled}"
    graded_to = next(mark.level for mark in report.timeline if mark.number == report.final_submission)
    unlocked = sum(1 for level in report.levels if level.status != LOCKED)
    not_yet = f" ({_level_range(graded_to + 1, unlocked)}, unlocked since, not yet)" if unlocked > graded_to else ""
    sums = " + ".join(points_text(level.points) for level in report.scored_levels)
    which = "the last before the deadline" if report.over else "the latest so far"
    kept = _given_kept(report)
    return (
        f"{lead}: submission {report.final_submission}, {which}, graded {_level_range(1, graded_to)}{not_yet}; "
        f"{sums} = {points_text(report.raw)} of {report.max_points}. {kept} {unscaled}"
    )


def _given_lost(report: Report) -> float:
    """The points a full session would lose on the given levels that the final submission fails."""
    if report.final_submission is None:
        return 0.0
    return sum(scoring.POINTS_PER_LEVEL - level.points for level in report.levels if level.status == GIVEN)


def _given_kept(report: Report) -> str:
    lost = _given_lost(report)
    if not lost:
        return "The given levels still pass every hidden test."
    failing = [level for level in report.levels if level.status == GIVEN and level.tests_passed < (level.tests_total or 0)]
    which = ", ".join(f"level {level.level} {level.tests_passed}/{level.tests_total}" for level in failing)
    return f"The given levels fail hidden tests now ({which}): a full session would lose {points_text(lost)} points for that."


def pace_of(report: Report) -> Pace:
    count = len(report.levels)
    clean_levels = max(1, count - 1)
    due, paces = 0.0, []
    for level in report.levels:
        due += level.budget
        if level.status == GIVEN:
            verdict = GIVEN
        elif level.status == LOCKED:
            verdict = NOT_REACHED
        elif level.status == PASSED:
            verdict = OVER if (level.time_spent or 0.0) > level.budget else UNDER
        else:
            verdict = UNFINISHED
        paces.append(LevelPace(level.level, level.budget, level.time_spent, due, level.passed_at, verdict))
    first_levels = report.levels[:clean_levels]
    held = all(level.status in (PASSED, GIVEN) for level in first_levels)
    lost = sum(scoring.POINTS_PER_LEVEL - level.points for level in report.levels if level.status == PASSED)
    pace = Pace(tuple(paces), clean_levels, held and lost == 0 and not _given_lost(report), lost, ())
    return replace(pace, notes=tuple(_pace_notes(report, pace)))


def _pace_notes(report: Report, pace: Pace) -> list[str]:
    notes = []
    for level, step in zip(report.levels, pace.levels):
        name = f"Level {level.level} ({level.title})"
        budget = span(step.budget)
        if step.verdict in (NOT_REACHED, GIVEN):
            continue
        spent = span(step.spent or 0.0)
        gap = span(abs(step.over_by))
        if step.verdict in (UNDER, OVER):
            side = "on budget" if abs(step.over_by) < 1 else f"{gap} {'under' if step.verdict == UNDER else 'over'}"
            behind = "" if level.passed_at <= step.due_at else f", {span(level.passed_at - step.due_at)} behind"
            notes.append(
                f"{name}: {spent} against a {budget} budget ({side}); "
                f"passed at +{format_clock(level.passed_at)}, due by +{format_clock(step.due_at)}{behind}."
            )
        elif report.over:
            notes.append(f"{name}: not passed after {spent}, against a {budget} budget.")
        else:
            notes.append(f"{name}: {spent} so far of a {budget} budget; due by +{format_clock(step.due_at)}.")
    unreached = [step.level for step in pace.levels if step.verdict == NOT_REACHED]
    if unreached:
        verb = "were" if len(unreached) > 1 else "was"
        notes.append(f"{_level_range(unreached[0], unreached[-1]).capitalize()} {verb} never reached.")
    notes.append(_drill_note(report, pace) if report.drill_level else _rule_note(report, pace))
    return notes


def _drill_note(report: Report, pace: Pace) -> str:
    """Where a drill stands: the given levels kept green or broken, the drilled ones done or not."""
    if _given_lost(report):
        worst = max(
            (lv for lv in report.levels if lv.status == GIVEN), key=lambda lv: scoring.POINTS_PER_LEVEL - lv.points
        )
        return (
            f"The final submission fails {worst.tests_total - worst.tests_passed} of level {worst.level}'s "
            f"{worst.tests_total} hidden tests, a given level: a full session would lose those points, so run "
            "every level's tests before each submit."
        )
    current = next((level for level in report.scored_levels if level.status != PASSED), None)
    drilled = _level_range(report.drill_level, len(report.levels))
    if current is None:
        return f"The drill is done: {drilled} passed, and the final submission keeps every level green."
    if not report.over:
        return f"Next: level {current.level} is open, {span(report.time_left)} left in the drill."
    if report.finish_reason in (FINISHED_EARLY, ABANDONED) and report.time_used < report.time_limit:
        how = "finished early" if report.finish_reason == FINISHED_EARLY else "abandoned"
        return f"The drill was {how} at +{format_clock(report.time_used)} on level {current.level}."
    due = pace.levels[current.level - 1].due_at
    return f"Time ran out on level {current.level}, which was due by +{format_clock(due)}: drill it again."


def _rule(count: int) -> str | None:
    """The clean-levels rule for a problem of ``count`` levels; none for a one-level problem."""
    if count < 2:
        return None
    if count >= 4:  # the real assessment's shape: name the levels
        return f"finishing {_level_range(1, count - 1)} cleanly beats a broken level {count}"
    return "finishing every level before the last cleanly beats a broken last level"


def _rule_note(report: Report, pace: Pace) -> str:
    """The clean-levels rule, said of this session once it applies: finishing all but the last level
    cleanly beats a broken last level. Before the candidate reaches the second-to-last level the rule
    is beside the point, so the note speaks of the level at hand."""
    count, first = len(report.levels), pace.clean_levels
    levels = _level_range(1, first)
    current = next((level for level in report.levels if level.status != PASSED), None)
    reached = count if current is None else current.level
    rule = _rule(count) if reached >= count - 1 else None
    if pace.points_lost:
        worst = max((lv for lv in report.levels if lv.status == PASSED), key=lambda lv: scoring.POINTS_PER_LEVEL - lv.points)
        lesson = f"{rule}, so run" if rule else "a passed level's points count only while it stays green, so run"
        return (
            f"The final submission fails {worst.tests_total - worst.tests_passed} of level {worst.level}'s "
            f"{worst.tests_total} hidden tests after that level had passed, losing {points_text(pace.points_lost)} points "
            f"in all: {lesson} every level's tests before each submit."
        )
    if current is None:
        if count == 1:
            return "The level passed, and the final submission keeps it green."
        every = "Both levels" if count == 2 else f"All {count} levels"
        return f"{every} passed, and the final submission keeps every one of them green."
    if pace.clean and rule:
        by = max(level.passed_at or 0.0 for level in report.levels[:first])
        extra = report.raw - scoring.POINTS_PER_LEVEL * first
        tail = f"; level {count} added {points_text(extra)} points" if extra else ""
        return f"{levels.capitalize()} passed cleanly by +{format_clock(by)}, which is the rule: {rule}{tail}."
    due = pace.levels[current.level - 1].due_at
    if not report.over:
        if rule:
            return f"Next: {rule}; level {current.level} is open, {span(report.time_left)} left."
        return f"Next: level {current.level} is open, due by +{format_clock(due)}; {span(report.time_left)} left."
    if report.finish_reason in (FINISHED_EARLY, ABANDONED) and report.time_used < report.time_limit:
        how = "finished early" if report.finish_reason == FINISHED_EARLY else "abandoned"
        ended = (
            f"The session was {how} at +{format_clock(report.time_used)} on level {current.level}, "
            f"with {span(report.time_limit - report.time_used)} left"
        )
        return f"{ended}: {rule}." if rule else f"{ended}."
    if rule:
        verb = "were" if first > 1 else "was"
        return f"Time ran out on level {current.level}, before {levels} {verb} done: {rule}."
    return (
        f"Time ran out on level {current.level} of {count}, which was due by +{format_clock(due)}: "
        "the first levels have to go quickly to leave time for the rest."
    )


def practise(report: Report, pace: Pace) -> tuple[str, ...]:
    """What to practise next, strongest reason first: at most three lines."""
    advice = []
    slow = [
        (step.spent / step.budget, level)
        for step, level in zip(pace.levels, report.levels)
        if step.spent and step.budget and step.spent > SLOW_FACTOR * step.budget
    ]
    if slow:
        factor, level = max(slow, key=lambda pair: pair[0])
        advice.append(
            f"Level {level.level} ({level.title}) took {factor:.1f}× its budget: practise problems of that kind "
            "until the first version is right."
        )
    outcomes = {(level.level, test.name): test.outcome for level in report.levels for test in level.failed}
    # A break that is a timeout is a matter of speed, which the failures' advice below names.
    regressions = [r for r in report.regressions if not all(outcomes.get((r.level, name)) == TIMEOUT for name in r.tests)]
    if regressions:
        # the break that was never fixed cost points, so it is the one to name
        first = min(regressions, key=lambda r: (r.fixed_by is not None, r.at))
        advice.append(
            f"Submission {first.submission} broke level {first.level}, which "
            f"{'was given' if first.level < (report.drill_level or 1) else 'had passed'}: run every unlocked "
            "level's sample tests (oa-sim test) before each submit."
        )
    advice += _failure_advice(report)
    tries = [level for level in report.levels if level.submissions >= MANY_SUBMISSIONS]
    if tries:
        level = max(tries, key=lambda lv: lv.submissions)
        advice.append(
            f"Level {level.level} took {level.submissions} submissions: list the spec's edge cases and test them "
            "yourself before the first submit."
        )
    return tuple(advice[:3])


def _failure_advice(report: Report) -> list[str]:
    """What the final submission's failed hidden tests point at, as far as the feedback mode tells:
    a timeout at the speed of the method it struck in, an error at the cases that raise, a wrong
    answer at the spec's rules. At most one line each, the costliest kind first."""
    failed = [(level, test) for level in report.levels for test in level.failed]
    advice = []
    for outcomes, say in (
        ((TIMEOUT,), "ran out of time{why}: an endless loop, or work that grows with the data in every call "
         "(a scan, a copy, a sort), in the method it was in; keep the data indexed so each call stays cheap."),
        ((ERROR, CRASHED), "ended in an error{why}: the spec's unusual cases (a missing name, an empty "
         "collection, a repeated call) must be answered as it says, never by raising."),
        ((FAILED,), "got a wrong answer{why}: reread that level's spec for the rule it checks and try the case "
         "yourself in a sample test."),
    ):
        hit = [(level, test) for level, test in failed if test.outcome in outcomes]
        if not hit:
            continue
        level, test = hit[0]
        more = f" (and {len(hit) - 1} more test{'s' if len(hit) > 2 else ''} like it)" if len(hit) > 1 else ""
        why = f" ({test.message})" if test.message else ""
        advice.append(f"Level {level.level}'s {test.name}{more} " + say.format(why=why))
    return advice
