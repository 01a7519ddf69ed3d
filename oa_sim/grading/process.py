"""The grader's child processes: where they run, what environment they see, how they start and end.

Kept apart from the runner, and light to import, so that a command about to grade can start its
child (``WarmChild``) before it has loaded anything else.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import oa_sim

WORKDIR_PREFIX = "oa-sim-grade-"
STALE_WORKDIR_SECONDS = 60  # a run dir whose oa-sim died (SIGKILL) is swept by a later run after this
# Variables that would lead the candidate's code to oa-sim's record or reconfigure the child.
HIDDEN_ENV_PREFIXES = ("PYTEST_", "PYTHON", "OA_SIM_")
HIDDEN_ENV = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "TMPDIR", "TEMP", "TMP")


def new_workdir() -> Path:
    sweep_stale_workdirs()
    return Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))


class WarmChild:
    """A grading child started before its job is known, so it imports pytest while the caller
    reads the record and the problem: on two cores that hides most of pytest's start-up.

    It waits for one line on stdin naming its job, then runs like any other child. Use it for one
    run, then ``close()`` it (which also removes its run dir), whether or not it was used.
    """

    def __init__(self) -> None:
        self.workdir = new_workdir()
        self.env = child_env(self.workdir)
        self.process: subprocess.Popen | None = spawn(self.workdir, self.env, ["--wait", str(os.getpid())], warm=True)

    def take(self) -> subprocess.Popen | None:
        """The waiting process, once; None when it is gone (then a fresh child is started)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is not None:
            return None
        return process

    def close(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            kill_group(process.pid)
            process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)


def spawn(workdir: Path, env: dict[str, str], args: list[str], *, warm: bool = False) -> subprocess.Popen:
    with open(workdir / "child.out", "ab") as out, open(workdir / "child.err", "ab") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "oa_sim.grading.child", *args],
            cwd=workdir,
            env=env,
            stdin=subprocess.PIPE if warm else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )


def sweep_stale_workdirs() -> None:
    """Remove run dirs left by an oa-sim that was killed (its ``finally`` never ran)."""
    base = Path(tempfile.gettempdir())
    try:
        candidates = list(base.glob(f"{WORKDIR_PREFIX}*-*"))
    except OSError:
        return
    now = time.time()
    for folder in candidates:
        pid_text = folder.name[len(WORKDIR_PREFIX) :].partition("-")[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid():
            continue
        try:
            if now - folder.stat().st_mtime < STALE_WORKDIR_SECONDS:
                continue
            os.kill(int(pid_text), 0)  # its oa-sim still runs: not stale
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def child_env(workdir: Path) -> dict[str, str]:
    """The parent's environment without anything that changes how Python or pytest start, or that
    points at oa-sim's own data: home and temp folders are private to the run."""
    import site

    env = {
        k: v for k, v in os.environ.items() if not k.startswith(HIDDEN_ENV_PREFIXES) and k not in HIDDEN_ENV
    }
    for name in ("home", "tmp"):
        (workdir / name).mkdir(exist_ok=True)
    user_base = site.getuserbase()  # before HOME moves: a `pip install --user` oa-sim must still import
    env["HOME"] = str(workdir / "home")
    env["TMPDIR"] = str(workdir / "tmp")
    env["PYTHONUSERBASE"] = user_base
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    root = Path(oa_sim.__file__).resolve().parent.parent
    site_dirs = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
    if root not in site_dirs:  # a source checkout: installed copies are importable as they are
        env["PYTHONPATH"] = str(root)
    return env


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group is already empty
