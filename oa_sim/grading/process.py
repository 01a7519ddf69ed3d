"""The grader's child processes: where they run, what environment they see, how they start and end.

Kept apart from the runner, and light to import, so that a command about to grade can start its
child (``WarmChild``) before it has loaded anything else.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oa_sim.languages import Language

WORKDIR_PREFIX = "oa-sim-grade-"
STALE_WORKDIR_SECONDS = 60  # a run dir whose oa-sim died (SIGKILL) is swept by a later run after this
# Variables that would lead the candidate's code to oa-sim's record; each language drops its own
# (PYTHON*, NODE_OPTIONS...) too.
HIDDEN_ENV_PREFIXES = ("OA_SIM_",)
HIDDEN_ENV = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "TMPDIR", "TEMP", "TMP")


def new_workdir() -> Path:
    sweep_stale_workdirs()
    return Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))


class WarmChild:
    """A run folder got ready before its job is known, so that the slow part of a run starts while
    the caller reads the record and the problem: on two cores that hides most of the start-up.

    For a language whose child can start early (``warm_start``), a grading child waits there,
    loading its runtime and test framework (pytest, say); it waits for one line on stdin naming its
    job, then runs like any other child. Given ``build_files`` (a compiled language's run-folder
    files, from the workspace), the build of those files starts there too (``early.EarlyBuild``).
    Use it for one run of its language, then ``close()`` it (which also removes its run dir),
    whether or not it was used.
    """

    def __init__(self, language: "Language", build_files: dict[str, bytes] | None = None) -> None:
        self.language = language
        self.workdir = new_workdir()
        self.env = child_env(self.workdir, language)
        self.early = None
        if build_files is not None:
            from oa_sim.grading.early import EarlyBuild

            self.early = EarlyBuild(language, self.workdir, build_files)
        self.process: subprocess.Popen | None = None
        if language.warm_start:
            self.process = spawn(self.workdir, self.env, language.command("--wait"), warm=True)

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


SPAWN_ATTEMPTS = 20  # 20 × 25 ms: a "text file busy" binary is free again within milliseconds


def spawn(workdir: Path, env: dict[str, str], command: list[str], *, warm: bool = False) -> subprocess.Popen:
    """Start ``command`` in ``workdir``, in a process group of its own, output to files there.

    A binary just written (a compiled harness) can be "busy" for a moment: a process that another
    thread forked while the file was open for writing holds it until its own exec. That passes in
    milliseconds, so the start is tried again rather than reported as a missing toolchain."""
    for attempt in range(SPAWN_ATTEMPTS):
        try:
            with open(workdir / "child.out", "ab") as out, open(workdir / "child.err", "ab") as err:
                return subprocess.Popen(
                    command,
                    cwd=workdir,
                    env=env,
                    stdin=subprocess.PIPE if warm else subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    start_new_session=True,
                )
        except OSError as error:
            if error.errno != errno.ETXTBSY or attempt == SPAWN_ATTEMPTS - 1:
                raise
            time.sleep(0.025)
    raise AssertionError("unreachable")


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


def child_env(workdir: Path, language: "Language") -> dict[str, str]:
    """The parent's environment without anything that points at oa-sim's own data (home and temp
    folders are private to the run), then as the language wants it."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(HIDDEN_ENV_PREFIXES) and k not in HIDDEN_ENV
    }
    for name in ("home", "tmp"):
        (workdir / name).mkdir(exist_ok=True)
    env["HOME"] = str(workdir / "home")
    env["TMPDIR"] = str(workdir / "tmp")
    return language.environment(env)


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group is already empty


def exit_watch(child: subprocess.Popen) -> int | None:
    """A descriptor that becomes readable when the child exits (Linux 5.3+), or None."""
    try:
        return os.pidfd_open(child.pid)
    except (AttributeError, OSError):
        return None


def nap(pidfd: int | None, seconds: float) -> None:
    """Sleep for a poll interval, but wake the moment the child exits: the candidate waits for
    the end of every run, and should not also wait out the rest of a poll."""
    if pidfd is None:
        time.sleep(seconds)
    else:
        import select

        select.select([pidfd], [], [], seconds)


def signal_note(returncode: int | None) -> str:
    """' (SIGKILL)' for a child a signal ended, else nothing: the tail of a crash's account."""
    if returncode is None or returncode >= 0:
        return ""
    try:
        return f" ({signal.Signals(-returncode).name})"
    except ValueError:
        return f" (signal {-returncode})"
