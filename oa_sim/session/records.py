"""The record's rows as values: a session, a submission (its results parsed only when asked for),
a submission's stub, and how a row's kept tallies are read and written."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, NamedTuple

from oa_sim.errors import ExitCode, OaSimError
from oa_sim.grading.results import RunResult, level_passed, tallies_of


@dataclass(frozen=True)
class SessionRecord:
    id: int
    problem_id: str
    problem_title: str
    problem_fingerprint: str
    workspace: str
    started_at: float
    time_limit: float
    level_count: int
    finished_at: float | None = None
    finish_reason: str | None = None
    # What the problem said of each level when the session started (title, budget, hidden_total),
    # as JSON: status and reports read it instead of loading and parsing the problem's files.
    level_facts: str | None = None
    problem_root: str | None = None  # the problem's folder at start, so `--problems-dir` need not be repeated
    language: str = "python"  # an id of oa_sim.languages; sessions recorded before schema 4 were Python
    variant: str | None = None  # which variant of the problem's levels (None: it has none)
    feedback: str = "full"  # what a submit says of hidden tests: full, names or counts
    graded_tests: str = "hidden"  # or visible: the unlocked levels' graded tests are in the workspace
    # A drill starts at this level with the ones before it given (None: a full session from level 1),
    # from the code of submission ``drill_code_number`` of session ``drill_code_session`` (None: the
    # problem's model solution).
    drill_level: int | None = None
    drill_code_session: int | None = None
    drill_code_number: int | None = None
    # What its submissions add up to, kept on the row at each write for the history (see
    # ``store.SESSION_SUMMARY``); the submissions themselves stay the truth every other reader reads.
    submission_count: int = 0
    last_submitted_at: float | None = None
    levels_passed: int = 0
    unsure_submissions: int = 0
    last_tallies: str | None = field(default=None, repr=False)

    @property
    def first_level(self) -> int:
        """The first level the candidate works on: 1, or a drill's level."""
        return self.drill_level or 1

@dataclass(frozen=True)
class Submission:
    """A recorded submission. Its source, results and failed tests' names are read from the store
    on first use (the results parsed then): a session's progress and its timeline need only
    ``level_passed`` and the tallies, kept in the small columns beside them."""

    id: int
    session_id: int
    number: int
    submitted_at: float
    level: int
    level_passed: bool = False  # every hidden test of ``level`` (the level it was graded at) passed
    # Level -> (tests passed, tests graded): what the timeline and the regressions need, read
    # without parsing the results, so a session's 300th submission costs what its 3rd did.
    tallies: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)
    # Reads one of the row's large columns (source, results, failed, the
    # solution file's name and the other source files) when first asked for; the
    # store hands each submission its own.
    read: Callable[[str], str | None] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def source(self) -> str:
        return (self.read and self.read("source")) or ""

    @cached_property
    def results_json(self) -> str:
        return (self.read and self.read("results")) or "{}"

    @cached_property
    def solution_file(self) -> str | None:
        """The solution file's name (None: recorded before the record kept it)."""
        return self.read("solution_file") if self.read else None

    @cached_property
    def extra_files_json(self) -> str | None:
        """The other source files, as JSON (None: there are none)."""
        return self.read("extra_files") if self.read else None

    @cached_property
    def results(self) -> RunResult:
        return _parse_results(self.results_json, self.number, self.session_id)

    @cached_property
    def extra_files(self) -> tuple[tuple[str, str], ...]:
        """The candidate's other source files graded with the solution, (name, text) by name."""
        if not self.extra_files_json:
            return ()
        try:
            found = json.loads(self.extra_files_json)
            return tuple(sorted((str(name), text) for name, text in found.items() if isinstance(text, str)))
        except (ValueError, AttributeError) as error:
            raise OaSimError(
                f"Submission {self.number} of session {self.session_id} is damaged in the oa-sim record ({error}).",
                ExitCode.NO_SESSION,
                hint="The record was edited by something other than oa-sim; other sessions are unaffected.",
            ) from None

    def files(self, solution_file: str) -> tuple[tuple[str, str], ...]:
        """Every source file of the submission, (name, text), the solution file first; a submission
        recorded before its file's name was kept is named ``solution_file``."""
        return ((self.solution_file or solution_file, self.source), *self.extra_files)

    @cached_property
    def _failed(self) -> dict[int, tuple[str, ...]] | None:
        return _parse_failed(self.read("failed") if self.read else None)

    def failed(self, level: int) -> tuple[str, ...]:
        """The names of the tests of ``level`` this submission failed, in the order they ran: as
        kept at write time, or from the results of a row recorded before they were kept."""
        if self._failed is not None:
            return self._failed.get(level, ())
        return tuple(t.name for t in self.results.for_level(level) if not t.passed)


class SessionHead(NamedTuple):
    """The columns of a session's record that a history line reads (``queries.SUMMARY_COLUMNS``)."""

    id: int
    problem_id: str
    problem_title: str
    started_at: float
    time_limit: float
    level_count: int
    finished_at: float | None
    finish_reason: str | None
    language: str
    variant: str | None
    drill_level: int | None

    @property
    def first_level(self) -> int:
        """The first level the candidate works on: 1, or a drill's level (as ``SessionRecord``'s)."""
        return self.drill_level or 1


class SubmissionStub(NamedTuple):
    """A submission's place in its session and its kept tallies (as JSON, parsed only when
    needed), without its source or results (the bulk of a row). A tuple: a history of ten
    thousand sessions reads forty thousand of them."""

    id: int
    session_id: int
    number: int
    submitted_at: float
    level: int
    tallies: str | None = None


# The columns the submission_tallies index holds, in ``SubmissionStub``'s order (a query of these
# alone never reads a row's source and results), and the ones read one row at a time, when asked for.
SMALL_COLUMNS = "id, session_id, number, submitted_at, level, tallies"
LARGE_COLUMNS = ("source", "results", "failed", "solution_file", "extra_files")


def files_json(files: tuple[tuple[str, str], ...]) -> str | None:
    """The other source files of a submission as the record keeps them (None: there are none)."""
    return json.dumps(dict(files), separators=(",", ":"), ensure_ascii=False) if files else None


def tallies_json(counts: dict[int, tuple[int, int]]) -> str:
    return json.dumps({level: list(pair) for level, pair in counts.items()}, separators=(",", ":"))


def failed_json(tests) -> str:
    """The names of the failed tests of each level that has some, as a row keeps them."""
    failed: dict[int, list[str]] = {}
    for test in tests:
        if not test.passed:
            failed.setdefault(test.level, []).append(test.name)
    return json.dumps(failed, separators=(",", ":"))


def _submission(
    row: sqlite3.Row, read: Callable[[str], str | None], parsed: dict[str, dict[int, tuple[int, int]] | None] | None = None
) -> Submission:
    """A submission from its row's small columns; ``read`` reads a large one when asked. ``parsed``
    keeps the tallies read so far by their text: a long session repeats the same few hundreds of times."""
    kept = row["tallies"]
    if parsed is None:
        counts = _parse_tallies(kept)
    elif kept in parsed:
        counts = parsed[kept]
    else:
        counts = parsed[kept] = _parse_tallies(kept)
    if counts is None:  # a damaged row: its results say, or it is named as damaged
        counts = tallies_of(_parse_results(read("results") or "", row["number"], row["session_id"]).tests)
    passed = level_passed(*counts.get(row["level"], (0, 0)))
    return Submission(
        id=row["id"],
        session_id=row["session_id"],
        number=row["number"],
        submitted_at=row["submitted_at"],
        level=row["level"],
        level_passed=passed,
        tallies=counts,
        read=read,
    )


def _parse_failed(text: str | None) -> dict[int, tuple[str, ...]] | None:
    try:
        return {int(level): tuple(str(name) for name in names) for level, names in json.loads(text).items()}
    except (TypeError, ValueError, AttributeError):
        return None


def _parse_tallies(text: str | None) -> dict[int, tuple[int, int]] | None:
    """A submission's kept tallies (level -> passed, graded), or None when it has none."""
    try:
        return {int(level): (int(passed), int(total)) for level, (passed, total) in json.loads(text).items()}
    except (TypeError, ValueError, AttributeError):
        return None


def _parse_results(text: str, number: int, session_id: int) -> RunResult:
    try:
        return RunResult.from_dict(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise OaSimError(
            f"Submission {number} of session {session_id} is damaged in the oa-sim record ({error}).",
            ExitCode.NO_SESSION,
            hint="The record was edited by something other than oa-sim; other sessions are unaffected.",
        ) from None
