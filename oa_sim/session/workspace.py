"""The candidate's folder: write it at start, extend it as levels unlock, read the solution back.

Only files the candidate needs ever land here; hidden tests never do. What the files say is the
language's business (``oa_sim.languages``); this module decides where they go and writes them safely.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from oa_sim.errors import ExitCode, OaSimError

if TYPE_CHECKING:
    from oa_sim.languages import Language
    from oa_sim.problem.model import Problem

MARKER = ".oa-sim"
MAX_SOLUTION_BYTES = 1024 * 1024  # of all source files; real solutions are tens of KB, and every submit keeps a copy
MAX_SOURCE_FILES = 30  # the solution file and the modules beside it: a real solution has a handful
SOURCE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]*")
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
    keep_sandbox: bool = False,
) -> None:
    """Lay out a fresh workspace for level 1 (with its graded tests, read-only, when ``graded``).

    The sandbox file is the candidate's: with ``keep_sandbox`` (a resumed session) one already
    there stays as it is.
    """
    from oa_sim.session import sandbox

    check_can_create(folder, force=force)
    marker = {
        "session": session_id,
        "problem": problem.id,
        "language": language.id,
        "interface": language.interface_file(problem),
        "samples": language.sample_test_pattern(problem),
        # With the interface, what the console script needs to start a compile before it has
        # loaded the problem (``oa_sim.grading.early``).
        "solution": language.solution_file(problem),
        "impl_class": problem.impl_class,
    }
    if started_at is not None:
        marker["started_at"] = started_at
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write(folder / language.solution_file(problem), language.starter_source(problem))
        for name, text in language.support_files(problem).items():
            _write(folder / name, text)
        unlock(problem, language, folder, 1, graded=graded)
        if not (keep_sandbox and (folder / sandbox.FILE).exists()):
            _write(folder / sandbox.FILE, sandbox.template(problem, language))
        _write(folder / MARKER, json.dumps(marker) + "\n")  # last: a folder with a marker is complete
    except OSError as error:
        raise OaSimError(
            f"Cannot write the workspace {folder}: {error.strerror}.", ExitCode.USAGE, hint="Choose another --dir."
        ) from None


def resolved(folder: Path) -> Path:
    """``folder`` as an absolute path without links; a link that leads round in a loop is refused."""
    try:
        return folder.resolve()
    except (RuntimeError, OSError):  # Python's word for a loop of links, and the system's
        raise OaSimError(
            f"{folder} is a link that leads round in a loop.", ExitCode.USAGE, hint="Remove the link, or choose another --dir."
        ) from None


def check_can_create(folder: Path, *, force: bool) -> None:
    """Refuse to start over a folder with something in it, unless forced, or inside a workspace."""
    if folder.exists() and not folder.is_dir():
        raise OaSimError(f"{folder} exists and is not a folder.", ExitCode.USAGE, hint="Choose another --dir.")
    parents = resolved(folder).parents
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


def looks_complete(folder: Path, level: int, interface: str, sample_test: str, *, graded: bool = False) -> bool:
    """Every file of levels 1..``level`` is there, and the interface has reached ``level``: the
    cheap check that spares a command loading the problem just to find nothing to restore.

    ``sample_test`` is the sample-test file's name with ``{level}`` for the level's number."""
    for number in range(1, level + 1):
        if not (folder / spec_filename(number)).is_file() or not (folder / sample_test.format(level=number)).is_file():
            return False
        if graded and not (folder / graded_filename(number)).is_file():
            return False
    try:
        return f"Level {level}: " in (folder / interface).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def restore(problem: "Problem", language: "Language", folder: Path, level: int, *, graded: bool = False) -> list[str]:
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
        wanted = [spec_filename(number), sample] + ([graded_filename(number)] if graded else [])
        if not all((folder / name).is_file() for name in wanted):
            unlock(problem, language, folder, number, graded=graded)  # also rewrites the interface, for that level
            restored += wanted
    expected = language.interface_source(problem, level)
    if restored or f"Level {level}: " not in before:
        _write(interface, expected)  # at the session's level, whatever unlock() wrote for a lower one
        if before != expected:
            restored.append(interface_name)
    return restored


def read_solution(problem: "Problem", language: "Language", folder: Path) -> str:
    """The candidate's solution file, read once so the grader never touches the folder."""
    path = folder / language.solution_file(problem)
    try:
        return _read_source(path, MAX_SOLUTION_BYTES)
    except FileNotFoundError:
        raise OaSimError(
            f"{path} is missing.",
            ExitCode.USAGE,
            hint="Restore it (or copy your last submission back with `oa-sim diff`), then submit again.",
        ) from None
    except IsADirectoryError:
        raise OaSimError(f"{path} is a folder, not your solution file.", ExitCode.USAGE, hint="Put your solution file back in its place.") from None


def read_sources(problem: "Problem", language: "Language", folder: Path) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The solution file's text and the candidate's other source files beside it, (name, text) by
    name: everything graded, and recorded, together. Which files those are is the language's rule
    (``Language.is_source``); too many, too much, or a name the grader cannot take is refused."""
    main = read_solution(problem, language, folder)
    solution = language.solution_file(problem)
    names = _source_names(problem, language, folder, solution)
    total = len(main.encode("utf-8"))
    extra: list[tuple[str, str]] = []
    for name in names:
        why = _name_problem(language, name)
        if why:
            raise OaSimError(f"{folder / name}: {why}.", ExitCode.USAGE, hint="Rename it, or move it out of the workspace.")
        try:
            text = _read_source(folder / name, MAX_SOLUTION_BYTES - total)
        except FileNotFoundError:  # deleted since the folder was listed: it is not part of this submission
            continue
        total += len(text.encode("utf-8"))
        extra.append((name, text))
    return main, tuple(extra)


def _source_names(problem: "Problem", language: "Language", folder: Path, solution: str) -> list[str]:
    """The names of the candidate's other source files in ``folder`` (not its subfolders), sorted."""
    names: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name == solution or not language.is_source(problem, entry.name):
                    continue
                try:
                    if not entry.is_file():  # a folder named like a module, a broken link
                        continue
                except OSError:
                    continue
                names.append(entry.name)
                if len(names) >= MAX_SOURCE_FILES:
                    raise OaSimError(
                        f"{folder} holds more than {MAX_SOURCE_FILES} {language.name} source files; oa-sim "
                        f"grades {solution} with up to {MAX_SOURCE_FILES - 1} others.",
                        ExitCode.USAGE,
                        hint="Move the files that are not part of your solution out of the workspace.",
                    )
    except OSError as error:
        raise OaSimError(f"Cannot list {folder}: {error.strerror}.", ExitCode.USAGE, hint="Check its permissions, then try again.") from None
    return sorted(names)


def _name_problem(language: "Language", name: str) -> str | None:
    if not SOURCE_NAME.fullmatch(name):
        return "oa-sim grades source files named with letters, digits, '_', '-' and '.' only"
    return language.source_name_problem(name)


def _read_source(path: Path, allowed: int) -> str:
    """One source file's text; a file too large (for what the others left), unreadable or not
    UTF-8 is one clear error. ``FileNotFoundError`` and ``IsADirectoryError`` are the caller's."""
    try:
        size = path.stat().st_size
        if size > allowed:
            limit = f"{MAX_SOLUTION_BYTES // 1024 // 1024} MiB"
            alone = size > MAX_SOLUTION_BYTES or allowed == MAX_SOLUTION_BYTES
            raise OaSimError(
                f"{path} is {_size(size)}; oa-sim grades up to {limit} of source in all"
                + ("." if alone else f", and your other source files already take {_size(MAX_SOLUTION_BYTES - allowed)}."),
                ExitCode.USAGE,
                hint="Keep data out of your source files (generate it in code instead), or move files that are not part of your solution out of the workspace.",
            )
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise
    except OSError as error:
        raise OaSimError(f"Cannot read {path}: {error.strerror}.", ExitCode.USAGE, hint="Check its permissions, then try again.") from None
    if len(data) > allowed:  # it grew since the stat
        raise OaSimError(f"{path} grew while it was read.", ExitCode.USAGE, hint="Save it, then try again.")
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


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MiB" if count >= 100 * 1024 else f"{count / 1024:.0f} KiB"


def write_solution(
    problem: "Problem", language: "Language", folder: Path, source: str, extra: tuple[tuple[str, str], ...] = ()
) -> None:
    """Put ``source`` in the solution file, and each of the ``extra`` source files beside it (used
    to rebuild a workspace from the record)."""
    _write(folder / language.solution_file(problem), source)
    for name, text in extra:
        if _name_problem(language, name) is None and Path(name).name == name:  # the record's names stay in the folder
            _write(folder / name, text)


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
