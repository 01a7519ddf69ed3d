"""The record's rows as values: a session, a submission (its results parsed only when asked for),
a submission's stub, and how a row's kept tallies are read and written."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from functools import cached_property

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

    @property
    def first_level(self) -> int:
        """The first level the candidate works on: 1, or a drill's level."""
        return self.drill_level or 1

@dataclass(frozen=True)
class Submission:
    """A recorded submission. Its results are parsed on first use: reading a session's progress
    needs only ``level_passed``, which its kept tallies say without building the results."""

    id: int
    session_id: int
    number: int
    submitted_at: float
    level: int
    source: str
    results_json: str = field(repr=False)
    level_passed: bool = False  # every hidden test of ``level`` (the level it was graded at) passed
    # Level -> (tests passed, tests graded): what the timeline and the regressions need, read
    # without parsing the results, so a session's 300th submission costs what its 3rd did.
    tallies: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)
    solution_file: str | None = None  # the solution file's name (not recorded before schema 6)
    extra_files_json: str | None = field(default=None, repr=False)  # the other source files, as JSON

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


@dataclass(frozen=True)
class SubmissionStub:
    """A submission's place in its session, without its source or results (the bulk of a row)."""

    id: int
    session_id: int
    number: int
    submitted_at: float
    level: int


def files_json(files: tuple[tuple[str, str], ...]) -> str | None:
    """The other source files of a submission as the record keeps them (None: there are none)."""
    return json.dumps(dict(files), separators=(",", ":"), ensure_ascii=False) if files else None


def tallies_json(counts: dict[int, tuple[int, int]]) -> str:
    return json.dumps({level: list(pair) for level, pair in counts.items()}, separators=(",", ":"))


def _submission(row: sqlite3.Row) -> Submission:
    counts = _parse_tallies(row["tallies"])
    if counts is None:  # a damaged row: its results say, or it is named as damaged
        counts = tallies_of(_parse_results(row["results"], row["number"], row["session_id"]).tests)
    passed = level_passed(*counts.get(row["level"], (0, 0)))
    return Submission(
        id=row["id"],
        session_id=row["session_id"],
        number=row["number"],
        submitted_at=row["submitted_at"],
        level=row["level"],
        source=row["source"],
        results_json=row["results"],
        level_passed=passed,
        tallies=counts,
        solution_file=row["solution_file"],
        extra_files_json=row["extra_files"],
    )


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
