"""The ``oa-sim`` console script.

For the commands that grade, it starts the grader's child process before importing anything
else: the child spends the next tenth of a second loading pytest, in parallel with this process
loading click, rich and the session record. On two cores that hides most of pytest's start-up,
which is most of what a candidate waits for on every ``submit``. For a compiled language it starts
the compile of the workspace's code instead (or as well), which is most of the wait there.
"""

from __future__ import annotations

import sys

GRADING_COMMANDS = ("submit", "test")
MAX_EARLY_SOURCE = 1024 * 1024  # the command refuses a larger solution (workspace.MAX_SOLUTION_BYTES)


def _command(argv: list[str]) -> str | None:
    """The command word, past the group's own options (``--problems-dir DIR`` takes a value)."""
    index = 1
    while index < len(argv) and argv[index].startswith("-"):
        index += 1 if "=" in argv[index] or argv[index] != "--problems-dir" else 2
    return argv[index] if index < len(argv) else None


def _warm_child():
    """A grading child for the language of the workspace here (read from its marker), or None
    when it cannot start (no toolchain, say): the command then finds out and says why itself.
    For a compiled language it holds the build of the workspace's code, started now."""
    try:
        from oa_sim import languages
        from oa_sim.grading.process import WarmChild

        folder, marker = _marker()
        language_id = marker.get("language", "python")
        language = languages.get(language_id if isinstance(language_id, str) else "python")
        files = _build_files(language, folder, marker) if language.early_build else None
        return WarmChild(language, files) if language.warm_start or files is not None else None
    except Exception:  # noqa: BLE001 - an early start only saves time; the command reports any fault
        return None


def _marker() -> tuple[str, dict]:
    """The nearest workspace marker's folder and contents, read with nothing but ``json``: the
    session package (which reads markers properly, later) costs more to import than this whole step."""
    import json
    import os

    folder = os.getcwd()
    while True:
        path = os.path.join(folder, ".oa-sim")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as stream:
                marker = json.load(stream)
            return folder, marker if isinstance(marker, dict) else {}
        parent = os.path.dirname(folder)
        if parent == folder:
            return folder, {}
        folder = parent


def _build_files(language, folder: str, marker: dict) -> dict[str, bytes] | None:
    """The run folder a grading run of the workspace's code as it is now would build, or None when
    the marker does not say enough (a workspace of an older oa-sim) or the code cannot be read: the
    grader then builds as usual. The grader checks these files against its own before using them."""
    import os

    names = [marker.get(key) for key in ("solution", "interface", "impl_class")]
    if not all(isinstance(name, str) and name and os.path.basename(name) == name for name in names) or language.unavailable():
        return None
    solution, interface, impl_class = names
    from oa_sim.grading.results import GradeRequest

    try:
        with open(os.path.join(folder, solution), "rb") as stream:
            data = stream.read(MAX_EARLY_SOURCE + 1)
        with open(os.path.join(folder, interface), encoding="utf-8") as stream:
            interface_source = stream.read()
        source = data.decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None  # the command says what is wrong with the file
    if len(data) > MAX_EARLY_SOURCE:
        return None
    request = GradeRequest(
        language=language.id, source=source, solution_file=solution,
        impl_class=impl_class, interface_file=interface, interface_source=interface_source, suites=(),
        test_time_limit=0.0, run_time_limit=0.0,
    )  # fmt: skip
    return language.child(request, {}, {}).files


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
