"""The candidate's folder: write it at start, extend it as levels unlock, read the solution back.

Only files the candidate needs ever land here; hidden tests never do.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from oa_sim.problem.cases import as_pytest_source, load_cases
from oa_sim.errors import ExitCode, OaSimError
from oa_sim.problem.catalog import Problem

MARKER = ".oa-sim"
MAX_SOLUTION_BYTES = 1024 * 1024  # real solutions are tens of KB; every submit keeps a copy in the record
# Lets the candidate run the sample tests with plain `pytest` from the workspace.
PYTEST_INI = "[pytest]\npythonpath = .\ntestpaths = tests\naddopts = -p no:cacheprovider\n"


@dataclass(frozen=True)
class Marker:
    """What the ``.oa-sim`` file says: which session this folder belongs to."""

    folder: Path
    session_id: int
    problem_id: str
    started_at: float | None = None  # tells this session from another with the same number
    interface: str | None = None  # the interface's file name: lets a check skip loading the problem


def spec_filename(level: int) -> str:
    return f"LEVEL_{level}.md"


def test_filename(level: int) -> str:
    return f"tests/test_level_{level}.py"


def create(
    problem: Problem, folder: Path, session_id: int, *, started_at: float | None = None, force: bool = False
) -> None:
    """Lay out a fresh workspace for level 1."""
    check_can_create(folder, force=force)
    marker = {"session": session_id, "problem": problem.id, "interface": problem.interface_filename}
    if started_at is not None:
        marker["started_at"] = started_at
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write(folder / problem.impl_filename, problem.starter.read_text(encoding="utf-8"))
        _write(folder / "pytest.ini", PYTEST_INI)
        unlock(problem, folder, 1)
        _write(folder / MARKER, json.dumps(marker) + "\n")  # last: a folder with a marker is complete
    except OSError as error:
        raise OaSimError(
            f"Cannot write the workspace {folder}: {error.strerror}.", ExitCode.USAGE, hint="Choose another --dir."
        ) from None


def check_can_create(folder: Path, *, force: bool) -> None:
    """Refuse to start over a folder with something in it, unless forced."""
    if folder.exists() and not folder.is_dir():
        raise OaSimError(f"{folder} exists and is not a folder.", ExitCode.USAGE, hint="Choose another --dir.")
    if not force and folder.is_dir() and any(folder.iterdir()):
        raise OaSimError(
            f"{folder} is not empty.",
            ExitCode.USAGE,
            hint="Choose another --dir, or add --force to start afresh there (your old files are replaced).",
        )


def unlock(problem: Problem, folder: Path, level: int) -> None:
    """Write what the candidate sees of ``level``: the grown interface, the spec, the sample tests."""
    _write(folder / problem.interface_filename, problem.interface_source(level))
    spec = problem.level(level)
    _write(folder / spec_filename(level), spec.spec_text())
    cases = [case for path in spec.visible for case in load_cases(path)]
    title = f"{problem.title}, level {level}: {spec.title}"
    _write(folder / test_filename(level), as_pytest_source(cases, problem.impl_module, problem.impl_class, title))


def looks_complete(folder: Path, level: int, interface: str) -> bool:
    """Every file of levels 1..``level`` is there, and the interface has reached ``level``: the
    cheap check that spares a command loading the problem just to find nothing to restore."""
    for number in range(1, level + 1):
        if not (folder / spec_filename(number)).is_file() or not (folder / test_filename(number)).is_file():
            return False
    try:
        return f"# Level {level}: " in (folder / interface).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def restore(problem: Problem, folder: Path, level: int) -> list[str]:
    """Write again whatever of levels 1..``level`` is missing (spec, sample tests, interface methods).

    Mends a workspace whose unlock was interrupted, or whose generated files were deleted; the
    candidate's solution file is never touched. Returns the names of the files written.
    """
    interface = folder / problem.interface_filename
    try:
        before = interface.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        before = ""
    restored: list[str] = []
    for number in range(1, level + 1):
        if not (folder / spec_filename(number)).is_file() or not (folder / test_filename(number)).is_file():
            unlock(problem, folder, number)  # also rewrites the interface, for that level
            restored += [spec_filename(number), test_filename(number)]
    expected = problem.interface_source(level)
    if restored or f"# Level {level}: " not in before:
        _write(interface, expected)  # at the session's level, whatever unlock() wrote for a lower one
        if before != expected:
            restored.append(problem.interface_filename)
    return restored


def read_solution(problem: Problem, folder: Path) -> str:
    """The candidate's source, read once so the grader never touches the folder."""
    path = folder / problem.impl_filename
    try:
        if path.stat().st_size > MAX_SOLUTION_BYTES:
            raise OaSimError(
                f"{path} is {path.stat().st_size / 1024 / 1024:.1f} MiB; oa-sim grades files up to "
                f"{MAX_SOLUTION_BYTES // 1024 // 1024} MiB.",
                ExitCode.USAGE,
                hint="Keep data out of the solution file (generate it in code instead).",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise OaSimError(
            f"{path} is missing.",
            ExitCode.USAGE,
            hint=f"Restore it (the starter is at {problem.starter}), then submit again.",
        ) from None
    except IsADirectoryError:
        raise OaSimError(f"{path} is a folder, not your solution file.", ExitCode.USAGE, hint="Put your solution file back in its place.") from None
    except OSError as error:
        raise OaSimError(f"Cannot read {path}: {error.strerror}.", ExitCode.USAGE, hint="Check its permissions, then try again.") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise OaSimError(
            f"{path} is not UTF-8 text (byte {data[error.start]:#04x} on line {line}).",
            ExitCode.USAGE,
            hint="Save it as UTF-8 in your editor, then try again.",
        ) from None


def write_solution(problem: Problem, folder: Path, source: str) -> None:
    """Put ``source`` in the solution file (used to rebuild a workspace from the record)."""
    _write(folder / problem.impl_filename, source)


def find_marker(start: Path) -> Marker | None:
    """The nearest ``.oa-sim`` marker at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        path = folder / MARKER
        if path.is_file():
            return _read_marker(path)
    return None


def _read_marker(path: Path) -> Marker:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        started_at, interface = data.get("started_at"), data.get("interface")
        return Marker(
            path.parent,
            int(data["session"]),
            str(data["problem"]),
            None if started_at is None else float(started_at),
            str(interface) if interface else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise OaSimError(
            f"{path} is damaged.",
            ExitCode.NO_SESSION,
            hint="`oa-sim history` lists your sessions; `oa-sim start` makes a new workspace.",
        ) from None


def _umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def _write(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; the candidate's files are ordinary files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
