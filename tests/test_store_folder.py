"""oa-sim's data folder when it cannot be written: a read-only disk, a full one.

The reading commands read the record as it stands and write nothing beside it; the writing ones
refuse in one line, naming the folder and the fix, with exit 8, before anything is graded or laid
out. The folder is made read-only (a read-only bind mount) or full (a small tmpfs, filled) in a
mount namespace of the command's own, so nothing outside it ever sees the mount; root, whom file
modes do not stop, is stopped by these as any user is.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oa_sim.errors import ExitCode
from oa_sim.session.store import DB_NAME, Store

OA_SIM = Path(sys.executable).parent / "oa-sim"
# Each reading command, and what it shows that it read the record's two submissions (or the spec).
READING = {
    "status": "Submissions: 2",
    "status --json": '"submissions": 2,',
    "report": "Submission 2, the latest so far",
    "history": "running",
    "spec": "Level 1 of 2",
    "clock --once": "2 submissions",
}
WRITING = ["submit", "finish", "start toy --force --dir .", "start toy --dir ../elsewhere", "start toy --resume 1 --dir ../elsewhere"]


@functools.lru_cache(maxsize=1)
def can_mount() -> bool:
    """Whether this machine lets a command have a mount namespace with a tmpfs of its own."""
    if shutil.which("unshare") is None or not OA_SIM.exists():
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt && mount -o remount,ro /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


needs_mount = pytest.mark.skipif("not can_mount()", reason="no mount namespace here (needs unshare -m and mount)")


def run_in(home: Path, fault: str, args: list[str], cwd: Path, problems_dir: Path) -> subprocess.CompletedProcess:
    """The installed ``oa-sim ARGS`` with ``home`` made read-only or full for it alone."""
    h = shlex.quote(str(home))
    if fault == "read-only":
        setup = f"mount --bind {h} {h} && mount -o remount,bind,ro {h}"
    else:  # a small disk of its own, holding the record, then filled to the last byte
        stash = shlex.quote(str(home.parent / (home.name + "-stash")))
        setup = (
            f"rm -rf {stash} && cp -a {h} {stash} && mount -t tmpfs -o size=512k tmpfs {h} && cp -a {stash}/. {h}/"
            f" && (dd if=/dev/zero of={h}/filler bs=4k 2>/dev/null; true)"
        )
    command = " ".join(shlex.quote(part) for part in [str(OA_SIM), "--problems-dir", str(problems_dir), *args])
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", f"{setup} && cd {shlex.quote(str(cwd))} && exec {command}"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "OA_SIM_HOME": str(home), "COLUMNS": "200"},
    )  # fmt: skip


@pytest.fixture
def recorded(run, grader, oa_sim_home) -> Path:
    """A toy session with two submissions, its record closed (no -wal, no -shm): the workspace."""
    grader.passing = {1: 3}
    run.clock.now = time.time() - 60  # the real command reads the real clock
    assert run("start", "toy").exit_code == 0
    folder = run.cwd / "toy"
    run("submit", cwd=folder)
    run("submit", cwd=folder)
    assert sorted(p.name for p in oa_sim_home.iterdir() if p.name.startswith(DB_NAME)) == [DB_NAME]
    return folder


def snapshot(home: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in home.iterdir() if path.is_file()}


@needs_mount
@pytest.mark.parametrize("fault", ["read-only", "full"])
@pytest.mark.parametrize("command", READING)
def test_a_folder_that_cannot_be_written_still_reads(recorded, problems_dir, oa_sim_home, fault, command):
    before = snapshot(oa_sim_home)

    result = run_in(oa_sim_home, fault, command.split(), recorded, problems_dir)

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""  # no traceback, no warning
    assert READING[command] in result.stdout
    if fault == "read-only":
        assert snapshot(oa_sim_home) == before  # not a byte written, not a -wal or -shm beside it


@needs_mount
@pytest.mark.parametrize("fault, said", [("read-only", "is read-only"), ("full", "is full (no space left on its disk)")])
@pytest.mark.parametrize("command", WRITING)
def test_a_writing_command_says_the_folder_cannot_be_written_and_records_nothing(
    recorded, problems_dir, oa_sim_home, fault, said, command
):
    before = {path.name: path.read_bytes() for path in recorded.iterdir() if path.is_file()}

    result = run_in(oa_sim_home, fault, command.split(), recorded, problems_dir)


    assert result.returncode == ExitCode.HOME_UNWRITABLE, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors[0] == f"oa-sim: oa-sim's data folder {oa_sim_home} {said}, so nothing can be recorded; nothing was."
    assert len(errors) == 2 and ("Make it writable" in errors[1] or "Free some space" in errors[1])
    assert "Move it aside" not in result.stderr and "Traceback" not in result.stderr
    assert "Grading" not in result.stdout and "passed" not in result.stdout  # refused before grading
    assert not (recorded.parent / "elsewhere").exists()
    assert {path.name: path.read_bytes() for path in recorded.iterdir() if path.is_file()} == before
    store = Store.open(oa_sim_home)
    [session] = store.sessions()
    assert session.finished_at is None and len(store.submissions(session.id)) == 2


@needs_mount
def test_a_read_only_folder_with_no_record_yet_reads_as_empty(tmp_path, problems_dir):
    home = tmp_path / "empty-home"
    home.mkdir()

    history = run_in(home, "read-only", ["history"], tmp_path, problems_dir)
    start = run_in(home, "read-only", ["start", "toy"], tmp_path, problems_dir)

    assert history.returncode == 0 and "No sessions recorded yet" in history.stdout, history.stderr
    assert start.returncode == ExitCode.HOME_UNWRITABLE and "is read-only" in start.stderr
    assert list(home.iterdir()) == [] and not (tmp_path / "toy").exists()


class FillsUp:
    """The record's connection, on a disk that fills up just as a submission is written."""

    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    def execute(self, sql: str, *args):
        if sql.startswith("INSERT INTO submissions"):
            raise sqlite3.OperationalError("database or disk is full")
        return self._connection.execute(sql, *args)

    def __enter__(self):
        return self._connection.__enter__()

    def __exit__(self, *exc):
        return self._connection.__exit__(*exc)

    def __getattr__(self, name: str):
        return getattr(self._connection, name)


def test_a_disk_that_fills_while_grading_loses_no_record_and_says_so(run, oa_sim_home, monkeypatch):
    """SQLite's own answer when the disk fills between the check before grading and the write."""
    assert run("start", "toy").exit_code == 0
    folder = run.cwd / "toy"
    assert run("submit", cwd=folder).exit_code == 1
    opened = Store.open.__func__

    def on_a_filling_disk(cls, home=None):
        store = opened(cls, home)
        store._db = FillsUp(store._db)
        return store

    monkeypatch.setattr(Store, "open", classmethod(on_a_filling_disk))
    result = run("submit", cwd=folder)
    monkeypatch.undo()

    assert result.exit_code == ExitCode.HOME_UNWRITABLE
    assert f"oa-sim's data folder {oa_sim_home} is full" in result.stderr
    assert "Move it aside" not in result.stderr and "Traceback" not in result.output
    store = Store.open(oa_sim_home)
    assert len(store.submissions(store.sessions()[0].id)) == 1  # the first intact, no half of the second


# -- faults after a submission is recorded ----------------------------------------------------------

REFERENCE = Path(__file__).parent / "fixtures" / "problems" / "toy" / "solutions" / "python" / "reference.py"


def test_a_pass_whose_next_level_cannot_be_written_stays_recorded_and_says_how_to_mend_it(run, grader, monkeypatch):
    """The narrowest seam: every file write of the workspace fails as on a full disk."""
    import errno

    from oa_sim.session import workspace

    grader.passing = {1: 4}
    assert run("start", "toy").exit_code == 0
    folder = run.cwd / "toy"
    written = workspace._write

    def disk_full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(workspace, "_write", disk_full)
    result = run("submit", cwd=folder)

    assert result.exit_code == ExitCode.WORKSPACE_BEHIND
    assert "Level 1 passed." in result.stdout and "New in your workspace" not in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors[0] == (
        f"oa-sim: Submission 1 is recorded and level 2 unlocked, but its files could not be written in {folder} "
        "(No space left on device)."
    )
    assert "`oa-sim status`: it writes them" in errors[1] and "--resume 1" in errors[1] and len(errors) == 2
    store = Store.open()
    [submission] = store.submissions(store.sessions()[0].id)
    assert submission.level_passed and not (folder / "LEVEL_2.md").exists()

    still_full = run("status", cwd=folder)
    assert still_full.exit_code == 0 and "level 2's files are not all in" in still_full.stderr

    monkeypatch.setattr(workspace, "_write", written)
    mended = run("status", cwd=folder)
    assert mended.exit_code == 0 and "restored LEVEL_2.md, tests/test_level_2.py, counter.py" in mended.stderr
    assert "def reset(" in (folder / "counter.py").read_text()


@needs_mount
def test_a_full_workspace_disk_after_a_pass_loses_nothing_through_the_real_command(tmp_path, problems_dir):
    home, work = tmp_path / "home", tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "OA_SIM_HOME": str(home), "COLUMNS": "200"}
    oa_sim = f"{shlex.quote(str(OA_SIM))} --problems-dir {shlex.quote(str(problems_dir))}"
    assert subprocess.run([*shlex.split(oa_sim), "start", "toy"], cwd=work, env=env, capture_output=True).returncode == 0
    shutil.copy(REFERENCE, work / "toy" / "counter_impl.py")
    script = (
        "cp -a toy stash && mount -t tmpfs -o size=256k tmpfs toy && cp -a stash/. toy/ && cd toy"
        " && (dd if=/dev/zero of=filler bs=4k 2>/dev/null; true)"
        f" && {oa_sim} submit; echo \"submit=$?\"; rm filler; {oa_sim} status; echo \"status=$?\"; ls"
    )

    result = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=120)

    out = result.stdout
    assert "Level 1 (current): 4/4 hidden tests passed" in out and "submit=9" in out and "status=0" in out
    assert "Submission 1 is recorded and level 2 unlocked, but its files could not be written" in result.stderr
    assert "(No space left on device)" in result.stderr and "Traceback" not in result.stderr
    assert "restored LEVEL_2.md" in result.stderr and "LEVEL_2.md" in out.split("status=0")[1]
    store = Store.open(home)
    [submission] = store.submissions(store.sessions()[0].id)
    assert submission.level_passed
