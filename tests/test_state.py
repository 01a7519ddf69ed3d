"""The record survives: kills mid-submit, two submits at once, damaged or foreign databases, a deleted
or moved workspace, and a clock set back. Each leaves a clear message, a way forward, and every
submission recorded so far.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from oa_sim.problem import manifest
from oa_sim.problem import catalog as problems
from oa_sim import languages, session
from oa_sim.cli import Env, cli
from oa_sim.errors import ExitCode, OaSimError
from oa_sim.grading import process
from oa_sim.session.store import DB_NAME, Store

TOY_SOLUTIONS = Path(__file__).parent / "solutions" / "toy"
OA_SIM = Path(sys.executable).parent / "oa-sim"
needs_installed = pytest.mark.skipif(not OA_SIM.exists(), reason="oa-sim is not installed in this environment")


def said(output: str) -> str:
    return " ".join(output.split())


def stderr_lines(result) -> list[str]:
    return [line.strip() for line in result.stderr.splitlines() if line.strip()]


def only_session(store: Store):
    [record] = store.sessions()
    return record


@pytest.fixture
def toy(run) -> Path:
    """A started toy session (scripted grading) and its workspace."""
    assert run("start", "toy").exit_code == 0
    return run.cwd / "toy"


# -- real processes, killed at random points ---------------------------------------------------


class Processes:
    """The installed `oa-sim`, run for real in a test's folders, with its temp files kept there too."""

    def __init__(self, tmp_path: Path, problems_dir: Path):
        self.problems_dir = problems_dir
        self.env = {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "COLUMNS": "100"}
        (tmp_path / "tmp").mkdir()

    def command(self, *args: str) -> list[str]:
        return [str(OA_SIM), "--problems-dir", str(self.problems_dir), *args]

    def start(self, *args: str, cwd: Path) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(*args), cwd=cwd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(*args), cwd=cwd, env=self.env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def processes(tmp_path, problems_dir) -> Processes:
    return Processes(tmp_path, problems_dir)


def check_whole(store: Store, session_id: int) -> list:
    """Every recorded submission is complete: numbered 1..n, its results and source all there."""
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    submissions = store.submissions(session_id)
    assert [s.number for s in submissions] == list(range(1, len(submissions) + 1))
    for submission in submissions:
        assert submission.source == (TOY_SOLUTIONS / "correct.py").read_text()
        assert len(submission.results.tests) == {1: 4, 2: 6}[submission.level]
        assert all(test.passed for test in submission.results.tests)
    return submissions


@needs_installed
def test_sigkill_at_random_moments_of_a_submit_never_leaves_half_a_submission(tmp_path, processes, oa_sim_home):
    assert processes.run("start", "toy", cwd=tmp_path).returncode == 0
    folder = tmp_path / "toy"
    shutil.copy(TOY_SOLUTIONS / "correct.py", folder / "counter_impl.py")
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    recorded_before, outcomes = 0, {"recorded": 0, "not recorded": 0}
    started = time.monotonic()

    for iteration in range(24):
        child = processes.start("submit", cwd=folder)
        time.sleep(rng.uniform(0.0, 0.8))  # from interpreter start-up to well after a submit's usual end
        child.send_signal(signal.SIGKILL)
        child.communicate()
        store = Store.open(oa_sim_home)
        submissions = check_whole(store, only_session(store).id)
        store.close()
        outcomes["recorded" if len(submissions) > recorded_before else "not recorded"] += 1
        recorded_before = len(submissions)

        status = processes.run("status", "--json", cwd=folder)
        assert status.returncode == 0, f"seed {seed}, kill {iteration}: {status.stderr}"
        level = json.loads(status.stdout)["current_level"]
        # a kill between recording a pass and laying out level 2 is mended by the next command
        assert (folder / "LEVEL_2.md").exists() == (level == 2), f"seed {seed}, kill {iteration}"

    print(f"seed {seed}: {outcomes} in {time.monotonic() - started:.1f} s")  # shown with -s
    assert time.monotonic() - started < 40
    assert outcomes["not recorded"] > 0, f"seed {seed}: no kill landed mid-submit ({outcomes})"
    final = processes.run("submit", cwd=folder)
    assert final.returncode == 0, final.stdout + final.stderr
    store = Store.open(oa_sim_home)
    assert len(check_whole(store, only_session(store).id)) == recorded_before + 1


@needs_installed
def test_two_submits_at_once_one_is_graded_and_the_other_refused(tmp_path, processes, oa_sim_home):
    assert processes.run("start", "toy", cwd=tmp_path).returncode == 0
    folder = tmp_path / "toy"
    slow = (TOY_SOLUTIONS / "correct.py").read_text().replace(
        "    def get(self, name):\n", "    def get(self, name):\n        __import__('time').sleep(0.3)\n"
    )
    (folder / "counter_impl.py").write_text(slow)  # grading takes a second or so: the two surely overlap

    first, second = processes.start("submit", cwd=folder), processes.start("submit", cwd=folder)
    results = [(child.wait(timeout=60), *child.communicate()) for child in (first, second)]

    codes = sorted(code for code, _, _ in results)
    assert codes[0] in (ExitCode.OK, ExitCode.TESTS_FAILED) and codes[1] == ExitCode.BUSY, results
    [(_, _, refused)] = [r for r in results if r[0] == ExitCode.BUSY]
    assert refused.startswith("oa-sim: Another submit is running for this session.")
    assert "Traceback" not in refused
    store = Store.open(oa_sim_home)
    assert len(store.submissions(only_session(store).id)) == 1


def test_a_submit_while_the_session_is_being_graded_is_refused_with_exit_6(run, toy, grader):
    store = Store.open()
    with session.session_lock(store, only_session(store).id):
        busy = run("submit", cwd=toy)
        forced = run("start", "toy", "--force")  # would abandon the session mid-grading
    assert busy.exit_code == forced.exit_code == ExitCode.BUSY
    assert stderr_lines(busy) == ["oa-sim: Another submit is running for this session.", "Wait for it to finish, then try again."]
    assert grader.requests == []
    assert run("submit", cwd=toy).exit_code == 1  # the lock went with its holder


def test_stale_grading_folders_of_a_killed_oa_sim_are_swept(tmp_path, monkeypatch):
    monkeypatch.setattr(process.tempfile, "gettempdir", lambda: str(tmp_path))
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"{process.WORKDIR_PREFIX}{dead.pid}-abc"
    live = tmp_path / f"{process.WORKDIR_PREFIX}{os.getppid()}-def"
    fresh = tmp_path / f"{process.WORKDIR_PREFIX}{dead.pid}-ghi"
    for folder in (stale, live, fresh):
        folder.mkdir()
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(live, (old, old))

    process.sweep_stale_workdirs()

    assert not stale.exists()
    assert live.exists()  # its oa-sim still runs
    assert fresh.exists()  # too recent to judge


# -- a damaged or foreign record ---------------------------------------------------------------


def test_a_record_of_garbage_is_refused_clearly_and_left_as_it_is(run, toy, oa_sim_home):
    run("submit", cwd=toy)
    assert not list(oa_sim_home.glob(f"{DB_NAME}-wal"))  # each command closed the record behind it
    db = oa_sim_home / DB_NAME
    garbage = os.urandom(8192)
    db.write_bytes(garbage)

    for command in (["status"], ["submit"], ["report"], ["history"], ["start", "toy", "--dir", "next"]):
        result = run(*command, cwd=toy)
        assert result.exit_code == ExitCode.NO_SESSION, (command, result.output)
        first, *rest = stderr_lines(result)
        assert first.startswith(f"oa-sim: The oa-sim record {db} cannot be read"), command
        assert "Move it aside" in rest[0] and len(rest) == 1
    assert db.read_bytes() == garbage  # nothing recorded is ever overwritten

    db.rename(db.with_name("damaged.sqlite3"))  # the way forward the message gives
    assert run("start", "toy", "--dir", "next").exit_code == 0


def test_a_foreign_sqlite_database_is_not_taken_over(run, oa_sim_home):
    db = oa_sim_home / DB_NAME
    with sqlite3.connect(db) as foreign:
        foreign.execute("CREATE TABLE users (name TEXT)")
        foreign.execute("INSERT INTO users VALUES ('ada')")
    before = db.read_bytes()

    result = run("start", "toy")

    assert result.exit_code == ExitCode.NO_SESSION
    assert stderr_lines(result)[0] == f"oa-sim: {db} is not an oa-sim database (it holds someone else's tables)."
    assert db.read_bytes() == before


def test_a_damaged_submission_is_named_and_other_sessions_still_read(run, toy, oa_sim_home):
    run("submit", cwd=toy)
    assert run("start", "toy", "--dir", "second").exit_code == 0
    run("submit", cwd=run.cwd / "second")
    with sqlite3.connect(oa_sim_home / DB_NAME) as db:
        db.execute("UPDATE submissions SET results = '{not json' WHERE session_id = 1")

    result = run("status", cwd=toy)

    assert result.exit_code == ExitCode.NO_SESSION
    assert stderr_lines(result)[0].startswith("oa-sim: Submission 1 of session 1 is damaged in the oa-sim record")
    assert run("status", cwd=run.cwd / "second").exit_code == 0
    assert run("report", "2").exit_code == 0


def test_a_workspace_of_another_record_says_so(run, toy, tmp_path, monkeypatch):
    monkeypatch.setenv("OA_SIM_HOME", str(tmp_path / "another-home"))

    result = run("status", cwd=toy)

    assert result.exit_code == ExitCode.NO_SESSION
    assert "belongs to session 1 of 'toy', which is not in the oa-sim record" in said(result.stderr)
    assert "Was OA_SIM_HOME different" in result.stderr


# -- the workspace deleted or moved ------------------------------------------------------------


def test_a_deleted_workspace_is_rebuilt_from_the_record(run, toy, grader, tmp_path):
    grader.passing = {1: 4}
    run("submit", cwd=toy)  # level 2 unlocks
    (toy / "counter_impl.py").write_text("# my latest code\n")
    run("submit", cwd=toy)
    shutil.rmtree(toy)

    lost = run("status")
    assert lost.exit_code == ExitCode.NO_SESSION
    assert "`oa-sim start toy --resume 1` rebuilds it" in said(lost.stderr)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    report = run("report", "1", "--json", cwd=elsewhere)
    assert report.exit_code == 0 and json.loads(report.stdout)["levels"][0]["tests_passed"] == 4

    resumed = run("start", "toy", "--resume", "1")

    assert resumed.exit_code == 0, resumed.output
    assert "Session 1 resumed in toy at level 2, with your last submitted code." in said(resumed.output)
    assert (toy / "counter_impl.py").read_text() == "# my latest code\n"
    assert (toy / "LEVEL_2.md").exists() and "def reset(" in (toy / "counter.py").read_text()
    status = json.loads(run("status", "--json", cwd=toy).stdout)
    assert status["current_level"] == 2 and status["workspace"] == str(toy)
    assert run("submit", cwd=toy).exit_code == 1
    assert len(Store.open().submissions(1)) == 3


def test_resume_refuses_a_session_that_is_over_or_of_another_problem(run, toy, clock):
    shutil.rmtree(toy)
    other = run("start", "inmemory-db", "--resume", "1", "--dir", "x")
    assert other.exit_code == ExitCode.USAGE and "Session 1 is of 'toy'" in other.stderr
    clock.advance(3600)
    over = run("start", "toy", "--resume", "1")
    assert over.exit_code == ExitCode.TIME_UP and "Time is up" in over.stderr


def test_commands_run_from_a_deleted_folder_say_so(run, toy, monkeypatch):
    gone = toy / "tests"
    monkeypatch.chdir(gone)
    shutil.rmtree(gone)
    from click.testing import CliRunner

    from oa_sim.cli import Env, cli

    result = CliRunner().invoke(cli, ["status"], obj=Env(clock=run.clock), catch_exceptions=False)

    assert result.exit_code == ExitCode.NO_SESSION
    assert stderr_lines(result)[0] == "oa-sim: The current folder no longer exists (it was deleted or moved)."


def test_a_moved_workspace_follows_the_candidate(run, toy, grader, tmp_path):
    grader.passing = {1: 2}
    run("submit", cwd=toy)
    moved = tmp_path / "moved-here"
    toy.rename(moved)

    status = run("status", "--json", cwd=moved)

    assert status.exit_code == 0
    data = json.loads(status.stdout)
    assert data["workspace"] == str(moved) and data["levels"][0]["submissions"] == 1
    assert Store.open().session(1).workspace == str(moved)
    assert run("submit", cwd=moved).exit_code == 1
    assert run("status", cwd=toy.parent).exit_code == ExitCode.NO_SESSION


def test_an_unlock_cut_short_is_mended_by_the_next_command(run, toy, grader):
    grader.passing = {1: 4}
    run("submit", cwd=toy)
    # as if killed after the pass was recorded, before level 2 was laid out
    (toy / "LEVEL_2.md").unlink()
    (toy / "tests" / "test_level_2.py").unlink()
    (toy / "counter.py").write_text(languages.get("python").interface_source(problems.find("toy", [run.problems_dir]), 1))

    result = run("status", cwd=toy)

    assert result.exit_code == 0
    assert "restored LEVEL_2.md, tests/test_level_2.py, counter.py" in result.stderr
    assert (toy / "LEVEL_2.md").exists() and "def reset(" in (toy / "counter.py").read_text()
    assert run("status", cwd=toy).stderr == ""  # nothing more to mend


# -- a clock set back ---------------------------------------------------------------------------


def test_a_clock_set_back_gains_no_time_and_keeps_the_record_in_order(run, toy, grader, clock):
    clock.advance(120)
    run("submit", cwd=toy)
    clock.advance(-3600)  # the system clock jumps an hour back

    status = run("status", "--json", cwd=toy)

    assert status.exit_code == 0
    assert "the system clock reads 1h 00m earlier than this session's last record" in said(status.stderr)
    assert json.loads(status.stdout)["time_left"] == 600 - 120  # not an hour more
    assert run("submit", cwd=toy).exit_code == 1
    first, second = Store.open().submissions(1)
    assert second.submitted_at == first.submitted_at  # never before the one already recorded
    assert run("finish", cwd=toy).exit_code == 0
    record = Store.open().session(1)
    assert record.finished_at == second.submitted_at
    report = json.loads(run("report", "--json", cwd=toy).stdout)
    assert report["levels"][0]["time_spent"] >= 0


def test_progress_never_reads_earlier_than_the_record():
    from oa_sim.session.store import SessionRecord

    record = SessionRecord(1, "toy", "Toy", "x", "/w", started_at=1000.0, time_limit=600.0, level_count=2)
    behind = session.Progress(record, (), now=400.0)
    assert behind.now == 1000.0 and behind.clock_behind == 600.0
    assert behind.time_left == 600.0 and behind.time_used == 0.0
    on_time = session.Progress(record, (), now=1100.0)
    assert on_time.clock_behind == 0.0 and on_time.time_left == 500.0


# -- the verified copy: checksums and manifests ------------------------------------------------


def test_a_shipped_manifest_if_any_matches_its_problem():
    for folder in problems.discover():
        problem = problems.load(folder)
        if manifest.read(problem) is not None:
            manifest.verify(problem)  # raises, naming the file, when a suite changed without a new manifest


def test_a_suite_edited_after_start_is_refused_and_not_run(run, toy, grader, problems_dir):
    hidden = problems_dir / "toy" / "tests" / "level_1" / "hidden.yaml"
    hidden.write_text(hidden.read_text().replace("[add, [\"a\", 2], 2]", "[add, [\"a\", 2], 3]"))

    result = run("submit", cwd=toy)

    assert result.exit_code == ExitCode.PROBLEM_INVALID
    assert "The test files of 'toy' changed since this session started" in said(result.stderr)
    assert grader.requests == []


def test_a_problem_that_differs_from_its_manifest_cannot_be_started(run, problems_dir):
    problem = problems.load(problems_dir / "toy")
    manifest.write(problem)
    assert run("start", "toy").exit_code == 0
    (problems_dir / "toy" / "tests" / "level_2" / "hidden.yaml").write_text("cases: []\n")

    result = run("start", "toy", "--dir", "second")

    assert result.exit_code == ExitCode.PROBLEM_INVALID
    assert stderr_lines(result)[0] == (
        "oa-sim: Problem 'toy': tests/level_2/hidden.yaml does not match manifest.sha256: "
        "it changed after the problem was validated, so it is not graded."
    )
    assert not (run.cwd / "second").exists()
    assert len(Store.open().sessions()) == 1


def test_an_out_of_date_or_malformed_manifest_is_named(problems_dir):
    problem = problems.load(problems_dir / "toy")
    path = manifest.write(problem)
    path.write_text(path.read_text() + f"{'0' * 64}  tests/level_3/hidden.yaml\n")
    with pytest.raises(OaSimError, match="lists tests/level_3/hidden.yaml, which the problem does not grade"):
        manifest.verify(problem)
    path.write_text("not a checksum line\n")
    with pytest.raises(OaSimError, match="manifest.sha256 line 1 is not"):
        manifest.verify(problem)


def test_validate_writes_the_manifest_and_then_checks_it(problems_dir):
    folder = problems_dir / "toy"

    def validate(*args):
        return CliRunner().invoke(cli, ["validate", *args, str(folder)], obj=Env(cwd=problems_dir))

    first = validate()
    assert first.exit_code == 0 and "none (manifest.sha256 is optional" in first.output
    written = validate("--write-manifest")
    assert written.exit_code == 0 and "Wrote" in written.output
    assert "every graded file matches manifest.sha256" in validate().output
    check = ["sha256sum", "--check", "--quiet", "manifest.sha256"]  # the same file, read by the standard tool
    assert subprocess.run(check, cwd=folder, capture_output=True).returncode == 0
    reference = folder / "solutions" / "python" / "reference.py"
    reference.write_text(reference.read_text() + "# changed\n")
    stale = validate()
    assert stale.exit_code == 1 and "solutions/python/reference.py does not match manifest.sha256" in said(stale.output)
    assert subprocess.run(check, cwd=folder, capture_output=True).returncode != 0


def test_the_grader_refuses_a_test_file_that_differs_from_its_checksum(problems_dir, monkeypatch):
    from oa_sim.grading import grade

    def no_child(*args, **kwargs):
        raise AssertionError("a test process was started")

    problem = problems.load(problems_dir / "toy")
    checksums = manifest.snapshot(problem).by_name()
    problem.level(1).hidden[0].write_text("cases: []\n")
    monkeypatch.setattr(process.subprocess, "Popen", no_child)
    request = session.grade_request(problem, languages.get("python"), "", range(1, 2), hidden=True, checksums=checksums)

    with pytest.raises(OaSimError) as refused:
        grade(request)

    assert refused.value.exit_code == ExitCode.PROBLEM_INVALID
    assert "changed after it was verified, so it was not run" in refused.value.message


def test_a_relative_oa_sim_home_is_one_folder_wherever_a_command_runs(tmp_path, monkeypatch):
    from oa_sim.session.home import default_home

    (tmp_path / "me").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    monkeypatch.setenv("OA_SIM_HOME", "rehearsals")
    for here in (tmp_path, tmp_path / "me"):
        monkeypatch.chdir(here)
        assert default_home() == tmp_path / "me" / "rehearsals"


@needs_installed
def test_sigterm_while_grading_stops_with_143_and_says_nothing_was_recorded(tmp_path, processes, oa_sim_home):
    assert processes.run("start", "toy", cwd=tmp_path).returncode == 0
    folder = tmp_path / "toy"
    slow = (TOY_SOLUTIONS / "correct.py").read_text().replace(
        "    def get(self, name):\n", "    def get(self, name):\n        __import__('time').sleep(0.3)\n"
    )
    (folder / "counter_impl.py").write_text(slow)
    child = processes.start("submit", cwd=folder)
    deadline = time.monotonic() + 30
    while not list((tmp_path / "tmp").glob("oa-sim-grade-*/events-*")) and time.monotonic() < deadline:
        time.sleep(0.02)  # until the grader's test process is under way

    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=30)

    assert child.returncode == 143, stderr
    assert stderr.strip().splitlines()[-1] == "oa-sim: stopped; nothing was recorded."
    store = Store.open(oa_sim_home)
    assert store.submissions(only_session(store).id) == []
