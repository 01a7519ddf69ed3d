"""The candidate's folder: write it at start, extend it as levels unlock, read the solution back.

Only files the candidate needs ever land here; hidden tests never do. What the files say is the
language's business (``oa_sim.languages``); this module decides where they go and writes them safely.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from oa_sim.errors import ExitCode, OaSimError

if TYPE_CHECKING:
    from oa_sim.languages import Language
    from oa_sim.problem.model import Problem

MARKER = ".oa-sim"
MAX_SOLUTION_BYTES = 1024 * 1024  # real solutions are tens of KB; every submit keeps a copy in the record
MAX_MARKER_BYTES = 64 * 1024


@dataclass(frozen=True)
class Marker:
    """What the ``.oa-sim`` file says: which session this folder belongs to."""

    folder: Path
    session_id: int
    problem_id: str
    started_at: float | None = None  # tells this session from another with the same number
    interface: str | None = None  # the interface's file name: lets a check skip loading the problem
    language: str = "python"
    samples: str | None = None  # where sample tests go, with {level}: likewise


def spec_filename(level: int) -> str:
    return f"LEVEL_{level}.md"


def create(
    problem: "Problem",
    language: "Language",
    folder: Path,
    session_id: int,
    *,
    started_at: float | None = None,
    force: bool = False,
    graded: bool = False,
) -> None:
    """Lay out a fresh workspace for level 1 (with its graded tests, read-only, when ``graded``)."""
    check_can_create(folder, force=force)
    marker = {
        "session": session_id,
        "problem": problem.id,
        "language": language.id,
        "interface": language.interface_file(problem),
        "samples": language.sample_test_pattern(problem),
    }
    if started_at is not None:
        marker["started_at"] = started_at
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write(folder / language.solution_file(problem), language.starter_source(problem))
        for name, text in language.support_files(problem).items():
            _write(folder / name, text)
        unlock(problem, language, folder, 1, graded=graded)
        _write(folder / MARKER, json.dumps(marker) + "\n")  # last: a folder with a marker is complete
    except OSError as error:
        raise OaSimError(
            f"Cannot write the workspace {folder}: {error.strerror}.", ExitCode.USAGE, hint="Choose another --dir."
        ) from None


def check_can_create(folder: Path, *, force: bool) -> None:
    """Refuse to start over a folder with something in it, unless forced, or inside a workspace."""
    if folder.exists() and not folder.is_dir():
        raise OaSimError(f"{folder} exists and is not a folder.", ExitCode.USAGE, hint="Choose another --dir.")
    parents = folder.resolve().parents
    existing = next((parent for parent in parents if parent.exists()), None)
    enclosing = next((parent for parent in parents if (parent / MARKER).is_file()), None)
    if enclosing is not None and existing is not None and existing.is_dir():  # under a file: writing says so
        raise OaSimError(
            f"{folder} is inside the workspace {enclosing}: a workspace in a workspace would mix their files.",
            ExitCode.USAGE,
            hint=f"Start it elsewhere: `cd {enclosing.parent}` first, or pass --dir with a folder outside it.",
        )
    if not force and folder.is_dir() and any(folder.iterdir()):
        raise OaSimError(
            f"{folder} is not empty.",
            ExitCode.USAGE,
            hint="Choose another --dir, or add --force to start afresh there (your old files are replaced).",
        )


def graded_filename(level: int) -> str:
    return f"GRADED_LEVEL_{level}.md"


def unlock(problem: "Problem", language: "Language", folder: Path, level: int, *, graded: bool = False) -> None:
    """Write what the candidate sees of ``level``: the grown interface, the spec, the sample tests,
    and, in a session whose graded tests are visible, those tests, read-only."""
    from oa_sim.problem.cases import load_cases

    _write(folder / language.interface_file(problem), language.interface_source(problem, level))
    from oa_sim.languages.spec_words import spec_in_language

    spec = problem.level(level)
    _write(folder / spec_filename(level), spec_in_language(problem, level, language))
    cases = [case for path in spec.visible for case in load_cases(path)]
    _write(folder / language.sample_test_file(problem, level), language.sample_tests_source(problem, level, cases))
    if graded:
        from oa_sim.languages.spec_words import graded_tests_text

        target = folder / graded_filename(level)
        _write(target, graded_tests_text(problem, level, language))
        target.chmod(0o444)  # to read, as the real assessment shows them: editing them changes nothing


def looks_complete(folder: Path, level: int, interface: str, sample_test: str) -> bool:
    """Every file of levels 1..``level`` is there, and the interface has reached ``level``: the
    cheap check that spares a command loading the problem just to find nothing to restore.

    ``sample_test`` is the sample-test file's name with ``{level}`` for the level's number."""
    for number in range(1, level + 1):
        if not (folder / spec_filename(number)).is_file() or not (folder / sample_test.format(level=number)).is_file():
            return False
    try:
        return f"Level {level}: " in (folder / interface).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def restore(problem: "Problem", language: "Language", folder: Path, level: int) -> list[str]:
    """Write again whatever of levels 1..``level`` is missing (spec, sample tests, interface methods).

    Mends a workspace whose unlock was interrupted, or whose generated files were deleted; the
    candidate's solution file is never touched. Returns the names of the files written.
    """
    interface_name = language.interface_file(problem)
    interface = folder / interface_name
    try:
        before = interface.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        before = ""
    restored: list[str] = []
    for number in range(1, level + 1):
        sample = language.sample_test_file(problem, number)
        if not (folder / spec_filename(number)).is_file() or not (folder / sample).is_file():
            unlock(problem, language, folder, number)  # also rewrites the interface, for that level
            restored += [spec_filename(number), sample]
    expected = language.interface_source(problem, level)
    if restored or f"Level {level}: " not in before:
        _write(interface, expected)  # at the session's level, whatever unlock() wrote for a lower one
        if before != expected:
            restored.append(interface_name)
    return restored


def read_solution(problem: "Problem", language: "Language", folder: Path) -> str:
    """The candidate's source, read once so the grader never touches the folder."""
    path = folder / language.solution_file(problem)
    try:
        size = path.stat().st_size
        if size > MAX_SOLUTION_BYTES:
            raise OaSimError(
                f"{path} is {size / 1024 / 1024:.1f} MiB; oa-sim grades files up to "
                f"{MAX_SOLUTION_BYTES // 1024 // 1024} MiB.",
                ExitCode.USAGE,
                hint="Keep data out of the solution file (generate it in code instead).",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise OaSimError(
            f"{path} is missing.",
            ExitCode.USAGE,
            hint="Restore it (or copy your last submission back with `oa-sim diff`), then submit again.",
        ) from None
    except IsADirectoryError:
        raise OaSimError(f"{path} is a folder, not your solution file.", ExitCode.USAGE, hint="Put your solution file back in its place.") from None
    except OSError as error:
        raise OaSimError(f"Cannot read {path}: {error.strerror}.", ExitCode.USAGE, hint="Check its permissions, then try again.") from None
    try:
        # A byte-order mark is how some editors start a UTF-8 file; every language oa-sim grades
        # reads the file without it, as Python does.
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise OaSimError(
            f"{path} is not UTF-8 text (byte {data[error.start]:#04x} on line {line}).",
            ExitCode.USAGE,
            hint="Save it as UTF-8 in your editor, then try again.",
        ) from None


def write_solution(problem: "Problem", language: "Language", folder: Path, source: str) -> None:
    """Put ``source`` in the solution file (used to rebuild a workspace from the record)."""
    _write(folder / language.solution_file(problem), source)


def find_marker(start: Path) -> Marker | None:
    """The nearest ``.oa-sim`` marker at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        path = folder / MARKER
        if path.is_file():
            return _read_marker(path)
    return None


def marker_language(start: Path | None = None) -> str:
    """The language of the workspace at or above ``start`` (the current folder), else the default."""
    marker = find_marker(start or Path.cwd())
    return marker.language if marker is not None else "python"


def _read_marker(path: Path) -> Marker:
    try:
        if path.stat().st_size > MAX_MARKER_BYTES:
            raise ValueError("too large")
        data = json.loads(path.read_text(encoding="utf-8"))
        started_at, interface, language = data.get("started_at"), data.get("interface"), data.get("language", "python")
        samples = data.get("samples")
        session = data["session"]
        if isinstance(session, bool) or not isinstance(session, int) or not isinstance(data["problem"], str):
            raise ValueError("wrong types")
        if not isinstance(language, str) or any(v is not None and not isinstance(v, str) for v in (interface, samples)):
            raise ValueError("wrong types")
        return Marker(
            path.parent,
            session,
            data["problem"],
            None if started_at is None else float(started_at),
            interface or None,
            language,
            samples or None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
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
    import tempfile  # only commands that write the workspace pay for it

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; the candidate's files are ordinary files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
