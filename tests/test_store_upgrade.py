"""Records kept across oa-sim versions, and what a session keeps of its problem."""

from __future__ import annotations

import json
import shutil
import sqlite3

from oa_sim.session.store import APPLICATION_ID, DB_NAME, SCHEMA_VERSION, Store

VERSION_1 = """
CREATE TABLE sessions (id INTEGER PRIMARY KEY, problem_id TEXT NOT NULL, problem_title TEXT NOT NULL,
    problem_fingerprint TEXT NOT NULL, workspace TEXT NOT NULL, started_at REAL NOT NULL,
    time_limit REAL NOT NULL, level_count INTEGER NOT NULL, finished_at REAL, finish_reason TEXT);
CREATE TABLE submissions (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id),
    number INTEGER NOT NULL, submitted_at REAL NOT NULL, level INTEGER NOT NULL, source TEXT NOT NULL,
    results TEXT NOT NULL, UNIQUE (session_id, number));
"""


def test_a_record_from_the_first_schema_is_upgraded_in_place_and_keeps_its_sessions(oa_sim_home, run, grader):
    with sqlite3.connect(oa_sim_home / DB_NAME) as old:
        old.executescript(VERSION_1 + f"PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version=1;")
        old.execute(
            "INSERT INTO sessions (problem_id, problem_title, problem_fingerprint, workspace, started_at,"
            " time_limit, level_count, finished_at, finish_reason) VALUES ('toy', 'Toy counter', 'x', '/gone', 1, 600, 2, 100, 'finished')"
        )
        old.execute(
            "INSERT INTO submissions (session_id, number, submitted_at, level, source, results) VALUES (1, 1, 50, 1, '# code',"
            " '{\"tests\": [{\"id\": \"1/a\", \"level\": 1, \"name\": \"a\", \"description\": \"d\", \"outcome\": \"passed\"}]}')"
        )
    store = Store.open(oa_sim_home)
    assert store.session(1).level_facts is None
    assert [s.level_passed for s in store.submissions(1)] == [True]
    store.close()

    report = json.loads(run("report", "1", "--json").output)
    assert report["levels"][0]["tests_passed"] == 1 and report["levels"][1]["status"] == "not_passed"
    assert run("start", "toy").exit_code == 0  # new sessions are written in the new shape
    with sqlite3.connect(oa_sim_home / DB_NAME) as upgraded:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_sessions_report_survives_its_problem_being_removed(run, grader, problems_dir):
    run("start", "toy")
    grader.passing = {1: 4}
    run("submit", cwd=run.cwd / "toy")
    shutil.rmtree(problems_dir / "toy")
    status = run("status", cwd=run.cwd / "toy")
    assert status.exit_code == 0, status.output
    assert "Counting" in status.output and "4/4" in status.output
    report = json.loads(run("report", "--json", cwd=run.cwd / "toy").output)
    assert [level["title"] for level in report["levels"]] == ["Counting", "Resetting"]
    assert report["levels"][1]["tests_total"] == 2  # never graded: the count kept at start


def test_a_spec_read_again_looks_the_same(run, oa_sim_home):
    run("start", "toy")
    first = run("spec", cwd=run.cwd / "toy").output
    again = run("spec", cwd=run.cwd / "toy").output
    assert "Counting" in first and first == again
    assert list((oa_sim_home / "cache").glob("spec-*.txt"))


def test_spec_drawings_unused_for_a_month_are_dropped(run, oa_sim_home):
    import os
    import time

    cache = oa_sim_home / "cache"
    cache.mkdir(parents=True)
    stale = cache / "spec-0000.txt"
    stale.write_text("old drawing")
    month_ago = time.time() - 31 * 86400
    os.utime(stale, (month_ago, month_ago))
    run("start", "toy")
    run("spec", cwd=run.cwd / "toy")
    assert not stale.exists()
    assert len(list(cache.glob("spec-*.txt"))) == 1
