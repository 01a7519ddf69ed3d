"""The report's short phrases, shared by the terminal, Markdown and HTML renderers so all three agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oa_sim.durations import format_clock
from oa_sim.session.rules import ABANDONED, FINISHED_EARLY, TIME_UP
from oa_sim.report import GIVEN, IN_PROGRESS, LOCKED, NOT_PASSED, PASSED, Regression, Report, SubmissionMark, points_text, span

if TYPE_CHECKING:
    from oa_sim.report.review import Review

STATUS = {PASSED: "passed", IN_PROGRESS: "in progress", NOT_PASSED: "not passed", LOCKED: "locked", GIVEN: "given"}
FINISH = {FINISHED_EARLY: "finished early", TIME_UP: "time ran out", ABANDONED: "abandoned (a new session replaced it)"}


def offset(seconds: float | None) -> str:
    """``+MM:SS`` since the start, or nothing."""
    return "" if seconds is None else "+" + format_clock(seconds)


def title(report: Report) -> str:
    """The report's title: problem (and variant), language, session."""
    from oa_sim.languages import display_name

    variant = f" ({report.variant})" if report.variant else ""
    drill = f" · drill from level {report.drill_level}" if report.drill_level else ""
    return f"{report.problem_title}{variant} · {display_name(report.language)} · session {report.session_id}{drill}"


def scale(report: Report) -> str:
    """What stands beside the raw score: the 200-600 figure, or, for a drill, which levels it scores."""
    if report.drill_level:
        return f"drill from level {report.drill_level}"
    return f"≈ {report.scaled} on the 200-600 scale"


def levels_passed(report: Report) -> str:
    """``levels passed 3/4``; a drill counts only its own levels."""
    return f"levels passed {report.levels_passed}/{len(report.scored_levels)}"


def drill_start(report: Report) -> str:
    """Whose code a drill started from; empty for a full session."""
    if not report.drill_level:
        return ""
    given = _level_range_text(report.drill_level - 1)
    if report.drill_code is None:
        return f"Drill from level {report.drill_level} ({given} given), started from a model solution."
    session, number = report.drill_code
    return f"Drill from level {report.drill_level} ({given} given), started from your code of session {session} (submission {number})."


def _level_range_text(last: int) -> str:
    return "level 1" if last == 1 else f"levels 1-{last}"


def headline(report: Report) -> str:
    """The report's first line: score, scaled score (or the drill's levels), levels passed."""
    return f"Score {points_text(report.raw)} / {report.max_points} · {scale(report)} · {levels_passed(report)}"


def clock(report: Report) -> str:
    """Time used and left, and how the session ended."""
    used = f"Time used {span(report.time_used)} of {span(report.time_limit)}"
    if report.over:
        return f"{used}; {FINISH.get(report.finish_reason or '', report.finish_reason or 'over')}."
    return f"{used}, {span(report.time_left)} left (the session is still running)."


def spent(level) -> str:
    """``25m / 30m``: time on the level against its budget; ``given`` for a drill's given level."""
    if level.status == GIVEN:
        return "given"
    used = "–" if level.time_spent is None else span(level.time_spent)
    return f"{used} / {span(level.budget)}"


def tests(level, graded: bool = True) -> str:
    """Hidden tests passed of total in the final submission; blank for a locked level, and for a
    given level before any submission (``graded`` False) graded it."""
    if level.status == LOCKED or (level.status == GIVEN and not graded):
        return ""
    return f"{level.tests_passed}/{level.tests_total or '?'}"


def points(level) -> str:
    """A level's points, or ``–`` for a given level (its points are not in the score)."""
    return "–" if level.status == GIVEN else f"{level.points:.0f}"


def submission_note(report: Report, mark: SubmissionMark) -> str:
    """What a submission did: passed its level, broke one, came late; and which one is scored."""
    if not mark.counted:
        note = "after the deadline: not counted"
    elif mark.broke:
        note = "broke level " + ", ".join(str(n) for n in mark.broke)
    elif mark.passed_level:
        note = f"passed level {mark.level}"
    else:
        note = ""
    if mark.number == report.final_submission:
        note = (note + " " if note else "") + ("(scored)" if report.over else "(latest)")
    return note


SHORT_TABLE = 15  # a terminal lists every submission of a session with no more than this many
RECENT = 5  # of a longer one, the latest few and each that changed something


def paged_submissions(report: Report) -> list[SubmissionMark | int]:
    """The rows a terminal's table of submissions shows: every submission of a short session; of a
    long one, the first, each that changed a level's state (its first pass, a break, a fix, the
    first late one), the scored one and the latest few, with the count of those left out (an
    int) where they were. A long session's repeats of a passing submit tell nothing new."""
    marks = report.timeline
    if len(marks) <= SHORT_TABLE:
        return list(marks)
    fixes = {r.fixed_by for r in report.regressions if r.fixed_by is not None}
    keep = {marks[0].number, report.final_submission, *(m.number for m in marks[-RECENT:])}
    passed: set[int] = set()
    late = False
    for mark in marks:
        if mark.broke or mark.number in fixes or (mark.passed_level and mark.counted and mark.level not in passed):
            keep.add(mark.number)
        if not mark.counted and not late:
            keep.add(mark.number)
            late = True
        if mark.passed_level and mark.counted:
            passed.add(mark.level)
    rows: list[SubmissionMark | int] = []
    for mark in marks:
        if mark.number in keep:
            rows.append(mark)
        elif rows and isinstance(rows[-1], int):
            rows[-1] += 1
        else:
            rows.append(1)
    return rows


def left_out(count: int) -> str:
    """The line standing for submissions a paged table leaves out."""
    return f"{count} more that changed no level's state"


PAGED_NOTE = "A long session's table lists the submissions that first passed, broke or fixed a level, and the latest; `--format md` lists every one."


def level_status(level) -> str:
    """``passed``, ``in progress``...; ``passed, now broken`` for a passed level the final submission fails."""
    return f"{STATUS[level.status]}, now broken" if level.broken else STATUS[level.status]


# The tables of levels and of submissions, cell for cell, for the Markdown and HTML renderers (the
# terminal, short of columns, draws its own narrower tables from the same phrases).
LEVEL_HEADER = ("level", "title", "status", "unlocked", "passed", "spent / budget", "submits", "hidden tests", "points",
                "regressions")
SUBMISSION_HEADER = ("#", "at", "level", "hidden tests by level", "note")


def level_row(level, graded: bool = True) -> list[str]:
    """One level's row under ``LEVEL_HEADER``; ``graded``: some submission counts (see ``tests``)."""
    return [
        str(level.level),
        level.title,
        STATUS[level.status],
        offset(level.unlocked_at),
        offset(level.passed_at),
        spent(level),
        str(level.submissions),
        tests(level, graded),
        points(level),
        str(len(level.regressions) or ""),
    ]


def submission_row(report: Report, mark: SubmissionMark) -> list[str]:
    """One submission's row under ``SUBMISSION_HEADER``."""
    return [str(mark.number), offset(mark.at), str(mark.level), level_counts(mark), submission_note(report, mark)]


def level_counts(mark: SubmissionMark) -> str:
    """``4/4 2/4``: the submission's hidden tests passed, level 1 first."""
    return " ".join(f"{c.passed}/{c.total}" for c in mark.levels)


def level_title(level) -> str:
    """``1 Counting``."""
    return f"{level.level} {level.title}"


def regression(item: Regression) -> str:
    """One sentence on a regression: who broke which tests when, and whether it was fixed."""
    names = ", ".join(item.tests[:4]) + (" …" if len(item.tests) > 4 else "")
    fixed = (
        f"fixed by submission {item.fixed_by} at {offset(item.fixed_at)}"
        if item.fixed_by is not None
        else "still broken at the end"
    )
    return (
        f"Submission {item.submission} at {offset(item.at)} broke level {item.level} "
        f"({len(item.tests)} {'test' if len(item.tests) == 1 else 'tests'}: {names}); {fixed}."
    )


def review_facts(found: Review) -> str:
    """The review's numbers in one line, for above its notes."""
    if not found.parsed:
        return f"{found.lines} lines; does not parse ({found.error})"
    facts = [f"{found.lines} lines", f"{found.functions} functions"]
    if found.longest:
        facts.append(f"longest {found.longest[0].name} ({found.longest[0].length} lines)")
    if found.deepest:
        facts.append(f"deepest nesting {found.deepest[0].depth} in {found.deepest[0].name}")
    if found.growth:
        grew = found.growth[0]
        facts.append(f"grew most: {grew.name} {grew.before}→{grew.after} lines")
    if found.other_files:
        facts.append("not reviewed: " + ", ".join(f"{name} ({lines} lines)" for name, lines in found.other_files))
    return " · ".join(facts)


def nothing_to_reveal(report: Report) -> str:
    """What ``--reveal`` says when the final submission failed no hidden test."""
    if report.final_submission is None:
        return "Nothing to reveal: no submission was graded in this session."
    return "Nothing to reveal: the final submission passed every hidden test it was graded on."


def reveal_hint(report: Report) -> str:
    """Where to see failed tests in full, and when that becomes possible."""
    lead = "`oa-sim report --reveal` shows" if report.over else "After the session, `oa-sim report --reveal` shows"
    return f"{lead} each failed hidden test in full."
