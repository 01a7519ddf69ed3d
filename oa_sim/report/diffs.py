"""What changed in the submitted source between two submissions: a unified diff (difflib) of each
source file that changed, the solution file first. Pure."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from oa_sim.durations import format_clock
from oa_sim.session.store import SessionRecord, Submission

UNNAMED = "solution"  # the solution file of a submission recorded before its name was kept


@dataclass(frozen=True)
class SourceDiff:
    session_id: int
    old: int  # submission numbers
    new: int
    lines: tuple[str, ...]  # unified diff, without line ends; empty when the sources are the same

    @property
    def added(self) -> int:
        return sum(1 for line in self.lines if line.startswith("+") and not line.startswith("+++"))

    @property
    def removed(self) -> int:
        return sum(1 for line in self.lines if line.startswith("-") and not line.startswith("---"))


def between(record: SessionRecord, old: Submission, new: Submission, context: int = 3) -> SourceDiff:
    """The unified diff from ``old``'s sources to ``new``'s, each side labelled with its time and
    level; with more than one file in either, each file's diff in turn, named, one missing on a
    side diffed from (or to) nothing."""
    solution = new.solution_file or old.solution_file or UNNAMED
    before, after = dict(old.files(solution)), dict(new.files(solution))
    several = len(before) > 1 or len(after) > 1
    names = [solution, *sorted((before.keys() | after.keys()) - {solution})]
    lines: list[str] = []
    for name in names:
        lines += difflib.unified_diff(
            before.get(name, "").splitlines(),
            after.get(name, "").splitlines(),
            fromfile=_label(record, old, name if several else None, name in before),
            tofile=_label(record, new, name if several else None, name in after),
            n=context,
            lineterm="",
        )
    return SourceDiff(record.id, old.number, new.number, tuple(lines))


def _label(record: SessionRecord, submission: Submission, name: str | None, present: bool = True) -> str:
    at = format_clock(submission.submitted_at - record.started_at)
    which = f"submission {submission.number} (+{at}, level {submission.level})"
    if name is None:
        return which
    return f"{name} in {which}" if present else f"{name}, not in {which}"
