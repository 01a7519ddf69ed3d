"""The candidate's folder: write it at start, extend it as levels unlock, read the solution back.

Only files the candidate needs ever land here; hidden tests never do.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from oa_sim.cases import as_pytest_source, load_cases
from oa_sim.errors import ExitCode, OaSimError
from oa_sim.problems import Problem

MARKER = ".oa-sim"
# Lets the candidate run the sample tests with plain `pytest` from the workspace.
PYTEST_INI = "[pytest]\npythonpath = .\ntestpaths = tests\naddopts = -p no:cacheprovider\n"


@dataclass(frozen=True)
class Marker:
    """What the ``.oa-sim`` file says: which session this folder belongs to."""

    folder: Path
    session_id: int
    problem_id: str


def spec_filename(level: int) -> str:
    return f"LEVEL_{level}.md"


def test_filename(level: int) -> str:
    return f"tests/test_level_{level}.py"


def create(problem: Problem, folder: Path, session_id: int, *, force: bool = False) -> None:
    """Lay out a fresh workspace for level 1."""
    check_can_create(folder, force=force)
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / problem.impl_filename, problem.starter.read_text(encoding="utf-8"))
    _write(folder / "pytest.ini", PYTEST_INI)
    unlock(problem, folder, 1)
    _write(folder / MARKER, json.dumps({"session": session_id, "problem": problem.id}) + "\n")


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


def read_solution(problem: Problem, folder: Path) -> str:
    """The candidate's source, read once so the grader never touches the folder."""
    path = folder / problem.impl_filename
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise OaSimError(
            f"{path} is missing.",
            ExitCode.USAGE,
            hint=f"Restore it (the starter is at {problem.starter}), then submit again.",
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise OaSimError(f"Cannot read {path}: {error}.", ExitCode.USAGE) from None


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
        return Marker(path.parent, int(data["session"]), str(data["problem"]))
    except (OSError, ValueError, KeyError, TypeError):
        raise OaSimError(
            f"{path} is damaged.",
            ExitCode.NO_SESSION,
            hint="`oa-sim history` lists your sessions; `oa-sim start` makes a new workspace.",
        ) from None


def _write(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
