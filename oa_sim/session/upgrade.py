"""Bring a record written by an older oa-sim up to the current schema, in place and in one
transaction; nothing recorded is changed.

The versions: 2 added sessions.level_facts; 3 submissions.tallies and sessions.problem_root;
4 sessions.language; 5 sessions.variant, sessions.feedback and sessions.graded_tests; 6 sessions.drill_level,
sessions.drill_code_session and sessions.drill_code_number (a session recorded before is a full one);
7 submissions.solution_file and submissions.extra_files (the other source files graded with it).
8 submissions.failed (the failed tests' names, level by level), submissions.passed_level (whether
it passed the level it was graded at), the index that holds each submission's small columns, and on
each session's row what its submissions add up to (sessions.submission_count, last_submitted_at,
levels_passed, unsure_submissions, last_tallies), so a long session or a long history never reads
a row's source and results.
"""

from __future__ import annotations

import json
import sqlite3

from oa_sim.grading.results import level_passed, tallies_of
from oa_sim.session.records import _parse_tallies
from oa_sim.session.store import SESSION_SUMMARY, SUBMISSION_INDEX, tallies_json


def upgrade(connection: sqlite3.Connection, version: int) -> None:
    """Bring an older record up to date in one transaction; nothing recorded is changed."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        current = connection.execute("PRAGMA user_version").fetchone()[0]  # another process may have done it
        if current < 2:
            connection.execute("ALTER TABLE sessions ADD COLUMN level_facts TEXT")
        if current < 3:
            connection.execute("ALTER TABLE submissions ADD COLUMN tallies TEXT")
            connection.execute("ALTER TABLE sessions ADD COLUMN problem_root TEXT")
        if current < 4:
            connection.execute("ALTER TABLE sessions ADD COLUMN language TEXT NOT NULL DEFAULT 'python'")
            _keep_tallies(connection)
        if current < 5:
            connection.execute("ALTER TABLE sessions ADD COLUMN variant TEXT")
            connection.execute("ALTER TABLE sessions ADD COLUMN feedback TEXT NOT NULL DEFAULT 'full'")
            connection.execute("ALTER TABLE sessions ADD COLUMN graded_tests TEXT NOT NULL DEFAULT 'hidden'")
        if current < 6:
            for column in ("drill_level", "drill_code_session", "drill_code_number"):
                connection.execute(f"ALTER TABLE sessions ADD COLUMN {column} INTEGER")
        if current < 7:  # the submissions before it were one file each: their columns stay NULL
            connection.execute("ALTER TABLE submissions ADD COLUMN solution_file TEXT")
            connection.execute("ALTER TABLE submissions ADD COLUMN extra_files TEXT")
        if current < 8:  # the failed names of older rows stay NULL: their results say them when asked
            connection.execute("ALTER TABLE submissions ADD COLUMN failed TEXT")
            connection.execute("ALTER TABLE submissions ADD COLUMN passed_level INTEGER")
            _keep_passed_level(connection)
            connection.execute(SUBMISSION_INDEX)
            connection.execute("ALTER TABLE sessions ADD COLUMN submission_count INTEGER NOT NULL DEFAULT 0")
            connection.execute("ALTER TABLE sessions ADD COLUMN last_submitted_at REAL")
            connection.execute("ALTER TABLE sessions ADD COLUMN levels_passed INTEGER NOT NULL DEFAULT 0")
            connection.execute("ALTER TABLE sessions ADD COLUMN unsure_submissions INTEGER NOT NULL DEFAULT 0")
            connection.execute("ALTER TABLE sessions ADD COLUMN last_tallies TEXT")
            connection.execute(f"UPDATE sessions SET {SESSION_SUMMARY}")
        connection.execute(f"PRAGMA user_version={version}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _keep_tallies(connection: sqlite3.Connection) -> None:
    """Count, once, the tallies of submissions recorded before they were kept, so that every reader
    has them; a damaged row keeps none, and is named as damaged when its results are read."""
    rows = connection.execute("SELECT id, results FROM submissions WHERE tallies IS NULL").fetchall()
    for submission_id, results in rows:
        try:
            counts = tallies_of(json.loads(results)["tests"])
        except (ValueError, KeyError, TypeError):
            continue
        connection.execute("UPDATE submissions SET tallies = ? WHERE id = ?", (tallies_json(counts), submission_id))


def _keep_passed_level(connection: sqlite3.Connection) -> None:
    """Whether each submission passed its own level, once, from its kept tallies; a row without
    tallies keeps none, and is read the slow way (from its results) when asked."""
    rows = connection.execute("SELECT id, level, tallies FROM submissions").fetchall()
    for submission_id, level, kept in rows:
        counts = _parse_tallies(kept)
        if counts is not None:
            passed = level_passed(*counts.get(level, (0, 0)))
            connection.execute("UPDATE submissions SET passed_level = ? WHERE id = ?", (passed, submission_id))
