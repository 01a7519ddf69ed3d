"""The record's read side for many sessions at once: what a history sums up (one summary row a
session, the stubs of the few it cannot sum up from those), each submission's kept tallies, and
the submissions a drill may start from.

Each reads the small columns alone (from the index that holds them, or the summary kept on each
session's row), never a row's source and results, so ten thousand sessions cost milliseconds.
``Store`` takes these methods as its own; opening, the schema and every write stay in ``store``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Callable, Iterator

from oa_sim.grading.results import tallies_of
from oa_sim.session.home import store_error
from oa_sim.session.records import SMALL_COLUMNS, SubmissionStub, _parse_results, _parse_tallies

# A session's columns that a history line reads, in the order of ``records.SessionHead``.
SUMMARY_COLUMNS = ("id", "problem_id", "problem_title", "started_at", "time_limit", "level_count", "finished_at",
                   "finish_reason", "language", "variant", "drill_level")


class HistoryQueries:
    """The queries a history, a diff and a drill ask of the record, as methods of ``Store``,
    whose connection, path and error-naming ``_run`` they use."""

    _db: sqlite3.Connection
    path: Path
    _run: Callable[..., sqlite3.Cursor]

    def submission_stubs(self, problem_id: str | None = None, session_ids: list[int] | None = None) -> list[SubmissionStub]:
        """Every submission's stub, in session then number order, for all sessions (or one
        problem's, or the sessions listed).

        Only the small columns are read, from the index that holds them, so ten thousand sessions
        cost milliseconds however large their sources and results.
        """
        sql, params = f"SELECT {SMALL_COLUMNS} FROM submissions", ()
        if problem_id:
            sql += " WHERE session_id IN (SELECT id FROM sessions WHERE problem_id = ?)"
            params = (problem_id,)
        elif session_ids is not None:  # the few sessions a history cannot sum up from their summaries
            return [stub for session_id in session_ids for stub in self.submission_stubs_of(session_id)]
        cursor = self._run(sql + " ORDER BY session_id, number", params)
        cursor.row_factory = None  # plain tuples: a Row a stub would cost more than the stub
        return list(map(SubmissionStub._make, cursor))

    def submission_stubs_of(self, session_id: int) -> list[SubmissionStub]:
        """One session's submission stubs, in number order."""
        cursor = self._run(f"SELECT {SMALL_COLUMNS} FROM submissions WHERE session_id = ? ORDER BY number", (session_id,))
        cursor.row_factory = None
        return list(map(SubmissionStub._make, cursor))

    def session_summaries(self, problem_id: str | None = None) -> list[tuple]:
        """A row a session, newest first, of what a history shows: its record's columns that a
        history line reads (``SUMMARY_COLUMNS``), then what its submissions add up to, as kept on
        its row at each write (``store.SESSION_SUMMARY``): how many there are, when the latest was
        made, how many levels one passed, how many rows lack those facts, and the latest one's
        tallies. One row a session, so ten thousand sessions cost what ten thousand small rows do."""
        where, params = ("WHERE problem_id = ?", (problem_id,)) if problem_id else ("", ())
        cursor = self._run(
            f"SELECT {', '.join(SUMMARY_COLUMNS)}, submission_count, last_submitted_at, levels_passed,"
            f" unsure_submissions, last_tallies FROM sessions {where} ORDER BY started_at DESC, id DESC",
            params,
        )
        cursor.row_factory = None
        return cursor.fetchall()

    def level_tallies(self, submission_ids: list[int]) -> dict[int, dict[int, tuple[int, int]]]:
        """For each given submission: level -> (hidden tests passed, tests graded), from its kept
        tallies, so no results are parsed. The ids travel as one JSON array, which has no limit on
        how many there are (an SQLite without JSON functions is asked one id at a time)."""
        tallies: dict[int, dict[int, tuple[int, int]]] = {number: {} for number in submission_ids}
        if not submission_ids:
            return tallies
        try:
            rows = self._db.execute(
                "SELECT id, tallies, NULL FROM submissions WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(submission_ids),),
            ).fetchall()
        except sqlite3.OperationalError:
            rows = [self._run("SELECT id, tallies, NULL FROM submissions WHERE id = ?", (i,)).fetchone() for i in submission_ids]
        except sqlite3.DatabaseError as error:
            raise store_error(self.path, error) from None
        for submission_id, kept, _ in filter(None, rows):
            counts = _parse_tallies(kept)
            if counts is None:  # a damaged row: its results say, or it is named as damaged
                row = self._run("SELECT results, number, session_id FROM submissions WHERE id = ?", (submission_id,)).fetchone()
                counts = tallies_of(_parse_results(*row).tests)
            tallies[submission_id] = counts
        return tallies

    def passing_candidates(self, problem_id: str, language: str, variant: str | None) -> Iterator[tuple[int, int, str | None]]:
        """(session, number, kept tallies) of every submission of sessions of this problem, language
        and variant, newest first; read lazily, so the first that serves costs one row."""
        rows = self._run(
            "SELECT s.session_id, s.number, s.tallies FROM submissions s JOIN sessions r ON r.id = s.session_id"
            " WHERE r.problem_id = ? AND r.language = ? AND r.variant IS ?"
            " ORDER BY s.submitted_at DESC, s.id DESC",
            (problem_id, language, variant),
        )
        while True:
            try:
                batch = rows.fetchmany(64)
            except sqlite3.DatabaseError as error:
                raise store_error(self.path, error) from None
            if not batch:
                return
            yield from (tuple(row) for row in batch)
