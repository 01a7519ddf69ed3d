"""The commands that read the record: start-up against click's, long sessions, a long history."""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from bench.measure import OA_SIM, Bench, Command, figures, oa_sim_env, timed
from oa_sim.session.store import DB_NAME, Store

CLICK = 'python -c "import click"'
QUICK = ("oa-sim status", "oa-sim --help", "oa-sim spec")
LONG = 300  # submissions in a long session
LONG_NAMES = (f"status, session of {LONG} submissions", f"submit, session of {LONG} submissions",
              f"report, session of {LONG} submissions")
SESSIONS = 10_000
HISTORY = f"history, {SESSIONS:,} sessions"
REPORT_IN_BIG_STORE = f"report, store of {SESSIONS:,} sessions"


@figures(*QUICK, order=30)
def start_up(bench: Bench):
    folder, env = bench.session_at_level("a", 4, variant="transactions")
    click_import = Command([sys.executable, "-c", "import click"], bench.scratch, env)
    for name, argv in zip(QUICK, (["status"], ["--help"], ["spec"])):
        if bench.wanted(name):
            yield timed(name, Command([OA_SIM, *argv], folder, env), CLICK, click_import, 3.0, bench.runs)


def pad_submissions(home: Path, count: int) -> None:
    """Bring the store's one session to ``count`` submissions, each a copy of its last: a long session."""
    store = Store.open(home)
    [record] = store.sessions()
    last = store.submissions(record.id)[-1]
    for index in range(count - len(store.submissions(record.id))):
        store.add_submission(record.id, submitted_at=last.submitted_at + 0.001 * (index + 1), level=last.level,
                             source=last.source, results=last.results)
    store.close()


@figures(*LONG_NAMES, order=40)
def long_session(bench: Bench):
    few, few_env = bench.session_at_level("few", 4, variant="transactions")  # 3 submissions
    long, many_env = bench.session_at_level("long", 4, variant="transactions")
    pad_submissions(Path(many_env["OA_SIM_HOME"]), LONG)
    for name, argv, target in zip(LONG_NAMES, (["status"], ["submit"], ["report"]), (1.10, 1.10, 1.50)):
        if bench.wanted(name):
            yield timed(name, Command([OA_SIM, *argv], long, many_env), name.replace(f"of {LONG} submissions", "of 3"),
                        Command([OA_SIM, *argv], few, few_env), target, bench.runs)


def fill_history(home: Path, sessions: int) -> None:
    """A store of ``sessions`` finished sessions, each with four real-shaped submissions (the
    reference's source, graded at levels 1 to 4). One is recorded through the store; the rest are
    copies of its rows made by SQLite, which takes seconds where ten thousand grading runs take hours."""
    from oa_sim import languages
    from oa_sim import session as rules
    from oa_sim.grading import grade
    from oa_sim.grading.results import RunResult
    from oa_sim.problem import catalog as problems
    from oa_sim.problem import manifest

    problem = problems.find("inmemory-db").with_variant("transactions")
    python = languages.get("python")
    reference = problem.solutions["python"].reference.read_text()
    results = grade(rules.grade_request(problem, python, reference, range(1, 5), hidden=True))
    store = Store.open(home)
    start = time.time() - sessions * 7200
    record = store.create_session(
        problem_id=problem.id, problem_title=problem.title, problem_fingerprint=manifest.snapshot(problem).fingerprint,
        workspace=home / "ws", started_at=start, time_limit=problem.time_limit, level_count=4, variant=problem.variant,
    )
    for level in (1, 2, 3, 4):
        graded = RunResult(tests=tuple(t for t in results.tests if t.level <= level), duration=results.duration)
        store.add_submission(record.id, submitted_at=start + level * 600, level=level, source=reference, results=graded)
    store.finish(record.id, start + 3000, "finished")
    store.close()
    _copy_session(home / DB_NAME, record.id, sessions - 1, 7200)


def _copy_session(path: Path, session_id: int, copies: int, every: float) -> None:
    db = sqlite3.connect(path)
    session_columns = [row[1] for row in db.execute("PRAGMA table_info(sessions)") if row[1] != "id"]
    submission_columns = [row[1] for row in db.execute("PRAGMA table_info(submissions)") if row[1] != "id"]
    shifted = {"started_at", "finished_at", "submitted_at"}
    pick_session = ", ".join(f"{c} + :shift" if c in shifted else c for c in session_columns)
    pick_submission = ", ".join(":session" if c == "session_id" else f"{c} + :shift" if c in shifted else c
                                for c in submission_columns)
    with db:
        for copy in range(1, copies + 1):
            new = db.execute(f"INSERT INTO sessions ({', '.join(session_columns)}) SELECT {pick_session} FROM sessions"
                             " WHERE id = :id", {"shift": copy * every, "id": session_id}).lastrowid
            db.execute(f"INSERT INTO submissions ({', '.join(submission_columns)}) SELECT {pick_submission}"
                       " FROM submissions WHERE session_id = :id ORDER BY number",
                       {"shift": copy * every, "id": session_id, "session": new})
    db.close()


@figures(HISTORY, REPORT_IN_BIG_STORE, order=50)
def long_history(bench: Bench):
    status_folder, status_env = bench.session_at_level("a", 4, variant="transactions")
    one_home, many_home = bench.scratch / "one", bench.scratch / "many"
    fill_history(one_home, 1)
    fill_history(many_home, SESSIONS)
    if bench.wanted(REPORT_IN_BIG_STORE):
        yield timed(REPORT_IN_BIG_STORE, Command([OA_SIM, "report", str(SESSIONS)], bench.scratch, oa_sim_env(many_home)),
                    "report, store of 1 session", Command([OA_SIM, "report", "1"], bench.scratch, oa_sim_env(one_home)),
                    2.0, bench.runs)
    if bench.wanted(HISTORY):
        yield timed(HISTORY, Command([OA_SIM, "history"], bench.scratch, oa_sim_env(many_home)),
                    "oa-sim status", Command([OA_SIM, "status"], status_folder, status_env), 2.0, bench.runs)
