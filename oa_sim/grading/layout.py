"""What a grading run reads and writes before its child starts: the verified tests, the run folder.

Each test file is read once, checked against the checksums the caller verified, and parsed here,
in the parent. Case files stay here: the child is sent each case's calls (method names in its
language, arguments) and nothing else, so no expected value is ever in the candidate's process.
A language's own test files (Python's ``.py``) are the exception: they are copied, and judge there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from oa_sim.errors import ExitCode, OaSimError
from oa_sim.grading.results import ERROR, SANDBOX_LEVEL, GradeRequest, RunResult, TestResult
from oa_sim.languages import ChildFiles, Language
from oa_sim.problem.cases import Case, CaseFileError
from oa_sim.problem.model import CASE_SUFFIXES

if TYPE_CHECKING:
    from oa_sim.problem.parse_cache import JobCases


@dataclass(frozen=True)
class Test:
    """A test the run must give a verdict: a case (judged here) or a language's own test."""

    id: str
    level: int
    name: str
    description: str
    source: "JobCases | None" = None  # the case file it is case ``index`` of
    index: int = 0

    @property
    def case(self) -> Case | None:
        """The case with its expected values, read from its file when first wanted."""
        return None if self.source is None else self.source.case(self.index)

    def result(self, outcome: str, message: str, detail: str = "", duration: float = 0.0) -> TestResult:
        return TestResult(f"{self.level}/{self.name}", self.level, self.name, self.description, outcome, _clean(message), _clean(detail), duration)


@dataclass
class Prepared:
    """The parent's side of a run: every test known so far, and what the child is to be sent."""

    tests: dict[str, Test] = field(default_factory=dict)
    calls: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {id, file, level, name, calls}
    native_files: dict[str, bytes] = field(default_factory=dict)  # run-folder path -> bytes


def prepare(request: GradeRequest, language: Language) -> Prepared:
    """Read, verify and parse the suites of ``request``; raise ``OaSimError`` when they cannot be."""
    prepared = Prepared()
    for suite in request.suites:
        folder = f"level_{suite.level}"
        for path in suite.files:
            relative = f"{folder}/{path.name}"
            if any(other.startswith(f"{relative}::") for other in prepared.tests) or relative in prepared.native_files:
                raise grader_error(f"Two test files of level {suite.level} are named {path.name}")
            data, digest = _verified(request, Path(path))
            if path.suffix in CASE_SUFFIXES:
                _add_cases(prepared, request, relative, suite.level, _cases(path, data, digest, request, language))
            elif path.suffix == language.native_test_suffix:
                prepared.native_files[relative] = data
                for test_id, name, description in language.native_tests(relative, data):
                    prepared.tests[test_id] = Test(test_id, suite.level, name, description)
    from oa_sim.problem.parse_cache import JobCases

    _add_cases(prepared, request, SANDBOX_PATH, SANDBOX_LEVEL, JobCases.of(list(request.sandbox), language.method_name))
    return prepared


SANDBOX_PATH = "sandbox/sandbox.yaml"  # where the candidate's cases sit in the run folder: in no level's


def _add_cases(prepared: Prepared, request: GradeRequest, relative: str, level: int, cases: "JobCases") -> None:
    """Each case (those whose name holds ``request.only``, when given) as a test, and its calls."""
    for index, ((name, description), calls) in enumerate(zip(cases.heads, cases.calls)):
        if request.only is not None and request.only not in name:
            continue
        test_id = f"{relative}::{name}"
        prepared.tests[test_id] = Test(test_id, level, name, description, cases, index)
        prepared.calls[test_id] = {"id": test_id, "file": relative, "level": level, "name": name, "calls": RawJSON(calls)}


class RawJSON:
    """JSON text written into a job as it is: a case's calls, encoded once and kept (``write_job``)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def write_run_folder(workdir: Path, child: ChildFiles) -> dict[Path, str]:
    """Write the child's files; return each one's checksum (the verified copy, checked after each child)."""
    copies: dict[Path, str] = {}
    for relative, data in child.files.items():
        target = workdir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        copies[target] = hashlib.sha256(data).hexdigest()
    return copies


def write_job(path: Path, job: dict[str, Any]) -> None:
    """The job as JSON, each ``RawJSON`` in it spliced in as its text, never decoded and re-encoded."""
    raws: list[str] = []
    # A NUL and a fresh nonce: no string of the job (a case's name, say) can pass for a placeholder.
    mark = f"\x00{os.urandom(6).hex()}:"

    def placeholder(value: Any) -> str:
        if not isinstance(value, RawJSON):
            raise TypeError(f"{type(value).__name__} is not JSON")
        raws.append(value.text)
        return f"{mark}{len(raws) - 1}"

    # json.dumps, not json.dump: only the former uses the C encoder, several times faster.
    text = json.dumps(job, separators=(",", ":"), default=placeholder)
    if raws:
        quoted = re.compile(re.escape(json.dumps(mark)[:-1]) + r'(\d+)"')
        text = quoted.sub(lambda found: raws[int(found.group(1))], text)
    path.write_text(text, encoding="utf-8")


def check_copies(copies: dict[Path, str]) -> None:
    """Refuse the run when its private copy of the tests (or of anything else laid out) changed.

    Only the code under test runs in between, so a change means it wrote there; a restarted child
    would otherwise run something else.
    """
    for path, digest in copies.items():
        try:
            same = hashlib.sha256(path.read_bytes()).hexdigest() == digest
        except OSError:
            same = False
        if not same:
            name = path.relative_to(path.parent.parent) if path.parent.name.startswith("level_") else path.name
            raise OaSimError(
                f"the grader's private copy of the tests ({name}) was changed during the run, "
                "by the code under test; the run was refused and nothing was recorded",
                ExitCode.PROBLEM_INVALID,
                hint="Remove whatever in your code writes files, then submit again.",
            )


def grader_error(message: str) -> OaSimError:
    """The grader itself could not run: the problem's tests or this installation, not the candidate's code."""
    return OaSimError(
        message,
        ExitCode.GRADER,
        hint="Nothing was recorded. `oa-sim author validate` checks the problem's tests; reinstalling oa-sim restores shipped ones.",
    )


def _verified(request: GradeRequest, path: Path) -> tuple[bytes, str]:
    """The file's bytes and their sha256, refused when they differ from the caller's checksum."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise grader_error(f"Cannot read the test file {path}: {error.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    expected = request.checksums.get(str(path))
    if expected is not None and digest != expected:
        raise OaSimError(
            f"the test file {path} changed after it was verified, so it was not run",
            ExitCode.PROBLEM_INVALID,
            hint="Restore the problem's files (reinstall oa-sim), then submit again.",
        )
    return data, digest


def _cases(path: Path, data: bytes, digest: str, request: GradeRequest, language: Language) -> "JobCases":
    from oa_sim.problem import parse_cache

    cache_dir = Path(request.cache_dir) if request.cache_dir else None
    try:
        return parse_cache.job_cases(data.decode("utf-8"), path, digest, cache_dir, language.id, language.method_name)
    except (CaseFileError, UnicodeDecodeError) as error:
        raise grader_error(f"Cannot read the hidden tests: {error}") from None


def _clean(text: str) -> str:
    # Lone surrogates (from odd bytes in output or exception text) would break JSON readers later.
    return text.encode("utf-8", "replace").decode("utf-8") if isinstance(text, str) else str(text)


def unloadable_result(
    prepared: Prepared, message: str, notify: Callable[[TestResult], None], started: float, detail: str = "", build_seconds: float = 0.0
) -> RunResult:
    """Every test an ERROR with the same message (a syntax or compile error), without starting a child."""
    results = []
    for test in prepared.tests.values():
        result = test.result(ERROR, message, detail)
        notify(result)
        results.append(result)
    return RunResult(tests=tuple(results), problem=message, duration=time.monotonic() - started, build_seconds=build_seconds)
