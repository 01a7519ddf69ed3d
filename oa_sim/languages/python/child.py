"""The grading child: limit this process, run pytest with the grading plugin, exit hard.

Started by the grader as ``python -m oa_sim.languages.python.child <job.json>``, in a new session and a
private temp dir. Limits are set here rather than in a ``preexec_fn``, which is unsafe once the
parent has threads. Imports stay minimal: this start-up is paid on every submit.
"""

from __future__ import annotations

import json
import os
import signal
import sys

MIB = 1024 * 1024
CPU_MARGIN_SECONDS = 10  # RLIMIT_CPU is only a backstop behind the parent's wall-clock limits
PR_SET_PDEATHSIG = 1


def main(argv: list[str]) -> None:
    """Run the job named by ``argv[1]`` and exit with pytest's status.

    ``--wait PARENT_PID`` instead: load pytest and the plugin first, then read the job's path from
    stdin. The parent starts such a child before it knows the job, to overlap the two start-ups.
    """
    # `python -m` puts the cwd (the temp dir) first on sys.path; nothing there is meant to import.
    if sys.path and os.path.realpath(sys.path[0] or ".") == os.path.realpath(os.getcwd()):
        del sys.path[0]
    if argv[1] == "--wait":
        _die_with_parent(int(argv[2]))
        import pytest  # noqa: F401 - the point is to have it loaded before the job arrives

        import oa_sim.languages.python.plugin  # noqa: F401

        job_path = sys.stdin.readline().strip()
        if not job_path:
            os._exit(0)  # the parent went on without us
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)  # the candidate's code must never wait on the parent's pipe
    else:
        job_path = argv[1]
    with open(job_path, encoding="utf-8") as stream:
        job = json.load(stream)
    _die_with_parent(job["parent_pid"])
    _limit_resources(job)

    import pytest

    from oa_sim.languages.python import plugin

    plugin.READ_JOBS[job_path] = job  # a scale case's calls are a megabyte of JSON: parsed once, not twice

    status = pytest.main([*job["pytest_args"], "--oa-job", job_path])
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    # Skip interpreter shutdown: a stray non-daemon thread of the candidate's would hang it.
    os._exit(int(status))


def _die_with_parent(parent_pid: int) -> None:
    # The signal comes when the *thread* that started us ends; the runner waits for this process
    # from that same thread, so the two end together.
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


def _limit_resources(job: dict) -> None:
    import resource

    cpu = int(job["run_time_limit"]) + CPU_MARGIN_SECONDS
    _set_limit(resource, resource.RLIMIT_AS, job["memory_limit_mb"] * MIB)
    _set_limit(resource, resource.RLIMIT_FSIZE, job["file_size_limit"])  # a huge print fails instead of stalling
    # Past the soft limit the kernel sends SIGXCPU (fatal); the hard limit then SIGKILLs.
    _set_limit(resource, resource.RLIMIT_CPU, cpu, cpu + CPU_MARGIN_SECONDS)


def _set_limit(resource, which: int, soft: int, hard: int | None = None) -> None:
    _, current_hard = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if current_hard != resource.RLIM_INFINITY:  # an unprivileged process cannot raise its hard limit
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(which, (soft, hard))


if __name__ == "__main__":
    main(sys.argv)
