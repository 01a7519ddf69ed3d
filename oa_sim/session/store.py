"""The one source of truth: sessions and their submissions, in a SQLite file under ``OA_SIM_HOME``.

Every write is one transaction, so an interrupted command leaves either the whole submission or
none of it. Everything else (current level, unlock times, score) is derived from these records.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Callable

from oa_sim.errors import ExitCode, OaSimError
from oa_sim.grading.results import RunResult, tallies_of
from oa_sim.session.home import (
    HOME_ENV, cannot_write, default_home, fault_of, intact, read_only_connection, store_error, write_fault,
)  # fmt: skip
from oa_sim.session.records import (  # the row types live apart; their names are the store's too
    LARGE_COLUMNS, SMALL_COLUMNS, SessionRecord, Submission, SubmissionStub, _submission, failed_json, files_json, tallies_json,
)  # fmt: skip
from oa_sim.session.queries import HistoryQueries

DB_NAME = "oa-sim.sqlite3"
# PRAGMA application_id: lets us tell our own database from any other SQLite file.
APPLICATION_ID = 0x0A5113
SCHEMA_VERSION = 8  # the changes of each version: oa_sim.session.upgrade

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    problem_id TEXT NOT NULL,
    problem_title TEXT NOT NULL,
    problem_fingerprint TEXT NOT NULL,
    workspace TEXT NOT NULL,
    started_at REAL NOT NULL,
    time_limit REAL NOT NULL,
    level_count INTEGER NOT NULL,
    finished_at REAL,
    finish_reason TEXT,
    level_facts TEXT,
    problem_root TEXT,
    language TEXT NOT NULL DEFAULT 'python',
    variant TEXT,
    feedback TEXT NOT NULL DEFAULT 'full',
    graded_tests TEXT NOT NULL DEFAULT 'hidden',
    drill_level INTEGER,
    drill_code_session INTEGER,
    drill_code_number INTEGER,
    submission_count INTEGER NOT NULL DEFAULT 0,
    last_submitted_at REAL,
    levels_passed INTEGER NOT NULL DEFAULT 0,
    unsure_submissions INTEGER NOT NULL DEFAULT 0,
    last_tallies TEXT
);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    number INTEGER NOT NULL,
    submitted_at REAL NOT NULL,
    level INTEGER NOT NULL,
    source TEXT NOT NULL,
    results TEXT NOT NULL,
    tallies TEXT,
    solution_file TEXT,
    extra_files TEXT,
    failed TEXT,
    passed_level INTEGER,
    UNIQUE (session_id, number)
);
CREATE INDEX IF NOT EXISTS sessions_by_problem ON sessions(problem_id, started_at);
"""
# What a session's submissions add up to, kept on its row at each write (and by the upgrade to
# schema 7 for older rows), so a history of ten thousand sessions reads one row a session. Each is a
# plain count or copy of the submissions' own kept facts: the rules stay with their readers.
SESSION_SUMMARY = (
    "submission_count = (SELECT count(*) FROM submissions AS s WHERE s.session_id = sessions.id),"
    " last_submitted_at = (SELECT max(submitted_at) FROM submissions AS s WHERE s.session_id = sessions.id),"
    " levels_passed = (SELECT count(DISTINCT level) FROM submissions AS s"
    "  WHERE s.session_id = sessions.id AND s.passed_level),"
    " unsure_submissions = (SELECT count(*) FROM submissions AS s"
    "  WHERE s.session_id = sessions.id AND (s.passed_level IS NULL OR s.tallies IS NULL)),"
    " last_tallies = (SELECT tallies FROM submissions AS s WHERE s.session_id = sessions.id ORDER BY number DESC LIMIT 1)"
)
# Each submission's small columns, in an index of their own: a long session's progress and a long
# history read only this, never a row's source and results.
SUBMISSION_INDEX = (
    "CREATE INDEX IF NOT EXISTS submission_tallies"
    " ON submissions(session_id, number, submitted_at, level, passed_level, tallies)"
)


class Store(HistoryQueries):
    """Sessions and submissions on disk. Open with ``Store.open()``; every method is one transaction.

    The queries of many sessions at once (a history's, a drill's) are its own too, from ``queries``."""

    def __init__(self, connection: sqlite3.Connection, path: Path, fault: str | None = None):
        self._db = connection
        self.path = path
        # READ_ONLY or FULL when the record's folder cannot be written: it is read, never written.
        self.fault = fault
        # What this connection has written, in words: an interrupted command says exactly this.
        self.recorded: list[str] = []

    @classmethod
    def open(cls, home: Path | None = None) -> "Store":
        """The record under ``home`` (default: ``default_home()``), created when there is none.

        A folder that cannot be written (read-only, full) still opens: its record is read as it
        stands, and every write is refused with ``ExitCode.HOME_UNWRITABLE``."""
        home = home or default_home()
        path = home / DB_NAME
        if home.is_symlink() and not home.exists() or home.exists() and not home.is_dir():
            what = "is a file, not a folder" if home.exists() else "is a link that leads nowhere (or round in a loop)"
            raise OaSimError(
                f"oa-sim's data folder {home} {what}.",
                ExitCode.NO_SESSION,
                hint=f"Point {HOME_ENV} at a folder, or move {home} aside (a new record is started in a new folder).",
            )
        try:
            home.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=10, isolation_level=None)
            connection.row_factory = sqlite3.Row
            cls._prepare(connection, path)
        except sqlite3.DatabaseError as error:
            fault = write_fault(home) if intact(error) else None
            if fault is None:
                raise store_error(path, error) from None
            return cls._read_only(home, path, fault)
        except OSError as error:
            fault = fault_of(error)
            if fault is None:
                raise OaSimError(
                    f"Cannot open the oa-sim data folder {home}: {error.strerror}.",
                    ExitCode.NO_SESSION,
                    hint=f"Check its permissions, or point {HOME_ENV} at a writable folder.",
                ) from None
            return cls._read_only(home, path, fault)
        return cls(connection, path)

    @classmethod
    def _read_only(cls, home: Path, path: Path, fault: str) -> "Store":
        """The record of a folder that cannot be written, read as it stands (an empty one if none)."""
        try:
            if path.is_file() and path.stat().st_size:
                connection = read_only_connection(path, home, fault)
            else:  # nothing recorded yet, and nowhere to record it: an empty record, in memory
                connection = sqlite3.connect(":memory:", isolation_level=None)
            connection.row_factory = sqlite3.Row
            cls._prepare(connection, path, writable=False)
        except sqlite3.DatabaseError as error:
            raise store_error(path, error) from None
        return cls(connection, path, fault)

    @staticmethod
    def _prepare(connection: sqlite3.Connection, path: Path, writable: bool = True) -> None:
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and tables:
            raise OaSimError(
                f"{path} is not an oa-sim database (it holds someone else's tables).",
                ExitCode.NO_SESSION,
                hint=f"Move it away, or point {HOME_ENV} at another folder.",
            )
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise OaSimError(
                f"{path} was written by a newer oa-sim (schema {version}).",
                ExitCode.NO_SESSION,
                hint="Upgrade oa-sim to read it.",
            )
        if not tables:
            connection.execute("PRAGMA journal_mode=WAL")
            with connection:
                connection.executescript(
                    _SCHEMA + f"{SUBMISSION_INDEX}; PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version={SCHEMA_VERSION};"
                )
        elif version < SCHEMA_VERSION and not writable:
            raise OaSimError(
                f"{path} was written by an older oa-sim and must be brought up to date, which writes to it.",
                ExitCode.HOME_UNWRITABLE,
                hint=f"Make {path.parent} writable (or free space on its disk), then run the command again.",
            )
        elif version < SCHEMA_VERSION:
            from oa_sim.session.upgrade import upgrade

            upgrade(connection, SCHEMA_VERSION)
        connection.execute("PRAGMA foreign_keys=ON")

    @property
    def cache_dir(self) -> Path:
        """Where what can be worked out again is kept for speed (parsed cases, drawn specs)."""
        return self.path.parent / "cache"

    def close(self) -> None:
        self._db.close()

    def check_writable(self) -> None:
        """Refuse, before a command does anything, to write where nothing can be recorded."""
        fault = self.fault or write_fault(self.path.parent)
        if fault is not None:
            raise cannot_write(self.path.parent, fault)

    def _refuse_if_read_only(self) -> None:
        if self.fault is not None:
            raise cannot_write(self.path.parent, self.fault)

    def _run(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.DatabaseError as error:
            raise store_error(self.path, error) from None

    # -- sessions -------------------------------------------------------------------------------

    def create_session(
        self,
        *,
        problem_id: str,
        problem_title: str,
        problem_fingerprint: str,
        workspace: Path,
        started_at: float,
        time_limit: float,
        level_count: int,
        level_facts: str | None = None,
        problem_root: Path | None = None,
        language: str = "python",
        variant: str | None = None,
        feedback: str = "full",
        graded_tests: str = "hidden",
        drill_level: int | None = None,
        drill_code: tuple[int, int] | None = None,
    ) -> SessionRecord:
        """Record a new session; a drill's ``drill_code`` is the (session, number) of the submission
        whose code it starts from, None for the model solution."""
        self._refuse_if_read_only()
        code_session, code_number = drill_code or (None, None)
        cursor = self._run(
            "INSERT INTO sessions (problem_id, problem_title, problem_fingerprint, workspace, started_at,"
            " time_limit, level_count, level_facts, problem_root, language, variant, feedback, graded_tests,"
            " drill_level, drill_code_session, drill_code_number)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                problem_id,
                problem_title,
                problem_fingerprint,
                str(workspace),
                started_at,
                time_limit,
                level_count,
                level_facts,
                None if problem_root is None else str(problem_root),
                language,
                variant,
                feedback,
                graded_tests,
                drill_level,
                code_session,
                code_number,
            ),
        )
        self.recorded.append(f"session {cursor.lastrowid} was started")
        return self.session(cursor.lastrowid)

    def find_session(self, session_id: int) -> SessionRecord | None:
        """The session with this id, or None when the record holds none."""
        row = self._run("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return SessionRecord(**dict(row)) if row is not None else None

    def session(self, session_id: int) -> SessionRecord:
        record = self.find_session(session_id)
        if record is None:
            raise OaSimError(
                f"Session {session_id} is not in the oa-sim record ({self.path}).",
                ExitCode.NO_SESSION,
                hint="`oa-sim history` lists the sessions it holds.",
            )
        return record

    def sessions(self, problem_id: str | None = None, limit: int | None = None) -> list[SessionRecord]:
        """Sessions, newest first."""
        sql, params = "SELECT * FROM sessions", ()
        if problem_id:
            sql, params = sql + " WHERE problem_id = ?", (problem_id,)
        sql += " ORDER BY started_at DESC, id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [SessionRecord(**dict(row)) for row in self._run(sql, params)]

    def live_session_in(self, workspace: Path) -> SessionRecord | None:
        row = self._run(
            "SELECT * FROM sessions WHERE workspace = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1",
            (str(workspace),),
        ).fetchone()
        return SessionRecord(**dict(row)) if row else None

    def finish(self, session_id: int, finished_at: float, reason: str) -> None:
        """Mark a session over; the first finish wins (a later one changes nothing)."""
        self._refuse_if_read_only()
        ended = self._run(
            "UPDATE sessions SET finished_at = ?, finish_reason = ? WHERE id = ? AND finished_at IS NULL",
            (finished_at, reason, session_id),
        )
        if ended.rowcount:
            self.recorded.append(f"session {session_id} was ended")

    def move_workspace(self, session_id: int, workspace: Path) -> None:
        """Follow a workspace that was moved; a record that cannot be written follows it next time."""
        if self.fault is not None:
            return
        self._run("UPDATE sessions SET workspace = ? WHERE id = ?", (str(workspace), session_id))

    # -- submissions ----------------------------------------------------------------------------

    def add_submission(
        self,
        session_id: int,
        *,
        submitted_at: float,
        level: int,
        source: str,
        results: RunResult,
        solution_file: str | None = None,
        extra_files: tuple[tuple[str, str], ...] = (),
    ) -> Submission:
        """Record a graded submission whole, numbered after the session's last one: its results,
        the solution file's source, and the candidate's other source files graded with it."""
        self._refuse_if_read_only()
        payload = json.dumps(results.to_dict(), separators=(",", ":"))
        counts = tallies_of(results.tests)
        tallies, failed = tallies_json(counts), failed_json(results.tests)
        extra = files_json(extra_files)
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                number = self._db.execute(
                    "SELECT coalesce(max(number), 0) + 1 FROM submissions WHERE session_id = ?", (session_id,)
                ).fetchone()[0]
                cursor = self._db.execute(
                    "INSERT INTO submissions (session_id, number, submitted_at, level, source, results, tallies, failed,"
                    " passed_level, solution_file, extra_files) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (session_id, number, submitted_at, level, source, payload, tallies, failed, results.level_passed(level),
                     solution_file, extra),
                )
                self._db.execute(f"UPDATE sessions SET {SESSION_SUMMARY} WHERE id = ?", (session_id,))
        except sqlite3.DatabaseError as error:
            raise store_error(self.path, error) from None
        self.recorded.append(f"submission {number} of session {session_id} was recorded")
        submission = Submission(
            cursor.lastrowid, session_id, number, submitted_at, level, results.level_passed(level), counts,
            read={"source": source, "results": payload, "failed": failed, "solution_file": solution_file,
                  "extra_files": extra}.get,
        )
        submission.__dict__["results"] = results  # already built: spare the first reader a parse
        return submission

    def submissions(self, session_id: int) -> list[Submission]:
        """A session's submissions in order. Only the small columns are read (from an index that
        holds them); each one's source and results are read when first asked for."""
        rows = self._run(
            f"SELECT {SMALL_COLUMNS} FROM submissions WHERE session_id = ? ORDER BY number", (session_id,)
        ).fetchall()
        parsed: dict = {}
        return [_submission(row, self._reader(row["id"]), parsed) for row in rows]

    def _reader(self, submission_id: int) -> Callable[[str], str | None]:
        def read(column: str) -> str | None:
            assert column in LARGE_COLUMNS
            row = self._run(f"SELECT {column} FROM submissions WHERE id = ?", (submission_id,)).fetchone()
            return row[0] if row is not None else None

        return read

    def submission(self, session_id: int, number: int) -> Submission:
        """One submission of a session, by its number; a clear error when there is none."""
        row = self._run(
            f"SELECT {SMALL_COLUMNS} FROM submissions WHERE session_id = ? AND number = ?", (session_id, number)
        ).fetchone()
        if row is None:
            count = self._run("SELECT count(*) FROM submissions WHERE session_id = ?", (session_id,)).fetchone()[0]
            held = f"its submissions are 1-{count}" if count > 1 else ("it has one" if count else "it has none yet")
            raise OaSimError(
                f"Session {session_id} has no submission {number} ({held}).",
                ExitCode.USAGE,
                hint="`oa-sim report` lists a session's submissions.",
            )
        return _submission(row, self._reader(row["id"]))
