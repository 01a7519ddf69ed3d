"""What changed in the submitted source between two submissions: a unified diff (difflib). Pure."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from oa_sim.durations import format_clock
from oa_sim.session.store import SessionRecord, Submission


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
    """The unified diff from ``old``'s source to ``new``'s, each side labelled with its time and level."""
    lines = difflib.unified_diff(
        old.source.splitlines(),
        new.source.splitlines(),
        fromfile=_label(record, old),
        tofile=_label(record, new),
        n=context,
        lineterm="",
    )
    return SourceDiff(record.id, old.number, new.number, tuple(lines))


def _label(record: SessionRecord, submission: Submission) -> str:
    at = format_clock(submission.submitted_at - record.started_at)
    return f"submission {submission.number} (+{at}, level {submission.level})"
