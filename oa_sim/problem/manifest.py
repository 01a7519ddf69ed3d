"""A problem's manifest: the sha256 of every file grading reads, kept beside ``problem.yaml``.

``manifest.sha256`` is in ``sha256sum`` format (``<hex>  <path>``, sorted), so ``sha256sum -c``
checks it too. It is optional. When a problem has one, ``start``, ``test`` and ``submit`` refuse
(exit 5) a graded file that differs from it: a suite edited after the problem was validated, or
one the candidate's code wrote into, is never run, in this session or any later one. Without it,
a session still refuses files that changed since it started (the fingerprint in its record).

Either way the grader is handed the checksums read here and refuses a copy that differs, so the
tests that run are the very bytes that were checked.

Authors write it with ``oa-sim author validate --write-manifest FOLDER``, which writes it only when
every check passes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from oa_sim.errors import ExitCode, OaSimError
from oa_sim.problem.catalog import Problem

MANIFEST = "manifest.sha256"
_LINE = re.compile(r"^([0-9a-f]{64}) [ *](\S.*)$")


@dataclass(frozen=True)
class Snapshot:
    """Every graded file's checksum, and the session fingerprint of the same bytes, read once."""

    fingerprint: str
    checksums: dict[Path, str]

    def by_name(self) -> dict[str, str]:
        """The checksums keyed as ``GradeRequest.checksums`` wants them."""
        return {str(path): digest for path, digest in self.checksums.items()}


def graded_files(problem: Problem) -> list[Path]:
    """The files grading reads, in the order ``Problem.fingerprint`` hashes them."""
    files = [problem.root / "problem.yaml", *(problem.solutions[language].reference for language in problem.languages)]
    for level in problem.every_level():
        files += [*level.visible, *level.hidden]
    return list(dict.fromkeys(files))  # variants may share a case file


def snapshot(problem: Problem) -> Snapshot:
    """Read each graded file once: its checksum, and the fingerprint a session records at start."""
    fingerprint = hashlib.sha256()
    checksums: dict[Path, str] = {}
    for path in graded_files(problem):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise OaSimError(
                f"Cannot read {path}: {error.strerror}.",
                ExitCode.PROBLEM_INVALID,
                hint="Restore the problem's files (reinstall oa-sim).",
            ) from None
        fingerprint.update(str(path.relative_to(problem.root)).encode())
        fingerprint.update(data)
        checksums[path] = hashlib.sha256(data).hexdigest()
    return Snapshot(fingerprint.hexdigest(), checksums)


def render(problem: Problem, taken: Snapshot | None = None) -> str:
    taken = taken or snapshot(problem)
    lines = sorted(f"{digest}  {_relative(problem, path)}" for path, digest in taken.checksums.items())
    return "\n".join(lines) + "\n"


def write(problem: Problem) -> Path:
    """Write (or rewrite) the problem's manifest from its files as they are now."""
    path = problem.root / MANIFEST
    path.write_text(render(problem), encoding="utf-8")
    return path


def read(problem: Problem) -> dict[str, str] | None:
    """The manifest's checksums by relative path, or None when the problem has no manifest."""
    path = problem.root / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise _invalid(problem, f"{MANIFEST} cannot be read ({error})") from None
    expected: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            raise _invalid(problem, f"{MANIFEST} line {number} is not '<sha256>  <path>'")
        expected[match.group(2)] = match.group(1)
    return expected


def verify(problem: Problem, taken: Snapshot | None = None) -> Snapshot:
    """Check the graded files against the manifest, when there is one; return what was read."""
    taken = taken or snapshot(problem)
    expected = read(problem)
    if expected is None:
        return taken
    actual = {_relative(problem, path): digest for path, digest in taken.checksums.items()}
    for name, digest in actual.items():
        if name not in expected:
            raise _invalid(problem, f"{name} is graded but not listed in {MANIFEST} (the manifest is out of date)")
        if expected[name] != digest:
            raise _invalid(problem, f"{name} does not match {MANIFEST}: it changed after the problem was validated")
    for name in sorted(set(expected) - set(actual)):
        raise _invalid(problem, f"{MANIFEST} lists {name}, which the problem does not grade (the manifest is out of date)")
    return taken


def _relative(problem: Problem, path: Path) -> str:
    return path.relative_to(problem.root).as_posix()


def _invalid(problem: Problem, message: str) -> OaSimError:
    return OaSimError(
        f"Problem {problem.id!r}: {message}, so it is not graded.",
        ExitCode.PROBLEM_INVALID,
        hint=f"Restore the problem's files (reinstall oa-sim). Authors: `oa-sim author validate --write-manifest {problem.root}`.",
    )
