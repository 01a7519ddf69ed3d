"""The ``oa-sim`` console script.

For the commands that grade, it starts the grader's child process before importing anything
else: the child spends the next tenth of a second loading pytest, in parallel with this process
loading click, rich and the session record. On two cores that hides most of pytest's start-up,
which is most of what a candidate waits for on every ``submit``.
"""

from __future__ import annotations

import sys

GRADING_COMMANDS = ("submit", "test")


def _command(argv: list[str]) -> str | None:
    """The command word, past the group's own options (``--problems-dir DIR`` takes a value)."""
    index = 1
    while index < len(argv) and argv[index].startswith("-"):
        index += 1 if "=" in argv[index] or argv[index] != "--problems-dir" else 2
    return argv[index] if index < len(argv) else None


def _warm_child():
    """A grading child for the language of the workspace here (read from its marker), or None
    when it cannot start (no toolchain, say): the command then finds out and says why itself."""
    try:
        from oa_sim import languages
        from oa_sim.grading.process import WarmChild

        language = languages.get(_marker_language())
        return WarmChild(language) if language.warm_start else None
    except Exception:  # noqa: BLE001 - an early start only saves time; the command reports any fault
        return None


def _marker_language() -> str:
    """The language named by the nearest workspace marker, read with nothing but ``json``: the
    session package (which reads markers properly, later) costs more to import than this whole step."""
    import json
    import os

    folder = os.getcwd()
    while True:
        path = os.path.join(folder, ".oa-sim")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as stream:
                language = json.load(stream).get("language", "python")
            return language if isinstance(language, str) else "python"
        parent = os.path.dirname(folder)
        if parent == folder:
            return "python"
        folder = parent


def main() -> None:
    warm_child = None
    if _command(sys.argv) in GRADING_COMMANDS and not {"--help", "-h"} & set(sys.argv):
        warm_child = _warm_child()
    from oa_sim.cli import Env, main as run_cli

    try:
        run_cli(Env(warm_child=warm_child))
    except SystemExit as done:
        status = done.code
    else:
        status = 0
    finally:
        if warm_child is not None:  # the command never graded (an error, time up): end the child
            warm_child.close()
    _exit_now(status)


def _exit_now(code: object) -> None:
    """Leave without the interpreter's teardown, once the output is flushed.

    By now the command has written everything (the record is committed and closed, the workspace
    laid out), and tearing down the modules a command loads (rich, sqlite3, pytest's data in a
    grading parent) costs tens of milliseconds a candidate would wait for and nothing else.
    """
    import os

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"), as Python itself would say it
        print(code, file=sys.stderr)
        status = 1
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(status)  # a profiler or coverage writes its findings at teardown: let it
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`oa-sim history | head`): nothing more to say
            pass
    os._exit(status)
