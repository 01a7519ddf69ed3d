"""Run a grading request in a child process and build a ``RunResult`` from the events it writes.

The parent never imports pytest and never runs the candidate's code. It compiles the source once
(so a syntax error is one clear error, not one per test), lays out a private temp dir, starts
``oa_sim.grading.child`` in a new process group, tails the plugin's events file, and steps in when
the child cannot: a test that ignores the in-child time limit, the whole-run limit, a dead child.

After a crash or a watchdog kill the child is restarted for the tests not yet judged, so one
``os._exit`` or runaway loop costs one test, not the rest of the run. The exception is a crash
while the solution is being imported: that would repeat for every test, so the run stops there.

The tests run from a verified copy: each file is read once, checked against the checksums the
caller verified (``GradeRequest.checksums``), and written to the temp dir; after every child the
copy is checked again, so code that rewrites it cannot change what a restarted child collects.
The child's environment carries nothing that leads to oa-sim's record: ``HOME`` and ``TMPDIR``
are folders of the temp dir, and ``OA_SIM_*`` and ``XDG_*`` variables are dropped.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import select
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from oa_sim.errors import ExitCode, OaSimError
from oa_sim.grading.process import WarmChild, child_env, kill_group, new_workdir, spawn
from oa_sim.grading.results import CRASHED, ERROR, NOT_RUN, TIMEOUT, GradeRequest, RunResult, Suite, TestResult

POLL_SECONDS = 0.015
# The child's SIGALRM stops ordinary loops at the limit. A loop that swallows BaseException, or one
# long C call, ignores it; the parent kills the child after this margin, which covers pytest's own
# reporting and a busy machine without letting a hung test cost much more than the limit.
WATCHDOG_MARGIN = 1.5
EXIT_GRACE = 1.0  # after its finish record the child should exit at once; then it is killed
MAX_RESTARTS = 10  # a solution that kills every test's process gets a verdict, not a long wait
DIAGNOSTIC_CHARS = 2000
CASE_SUFFIXES = (".yaml", ".yml")  # as in plugin.py, which the parent must not import (it loads pytest)
TEST_SUFFIXES = (*CASE_SUFFIXES, ".py")
UNUSED_PYTEST_PLUGINS = (
    "doctest", "junitxml", "pastebin", "stepwise", "setuponly", "setupplan", "unraisableexception",
    "threadexception", "faulthandler", "legacypath", "logging", "warnings",
)  # fmt: skip


@dataclass(frozen=True)
class _Test:
    nodeid: str
    level: int
    name: str
    description: str

    def result(self, outcome: str, message: str, detail: str = "", duration: float = 0.0) -> TestResult:
        test_id = f"{self.level}/{self.name}"
        return TestResult(test_id, self.level, self.name, self.description, outcome, message, detail, duration)


@dataclass
class _Attempt:
    """What one child did before it ended or was stopped."""

    stopped_by: str | None = None  # "watchdog", "run limit", or None when the child ended by itself
    running: str | None = None  # nodeid of a test started and not yet reported
    running_since: float = 0.0
    loaded: bool = False  # the running test got past importing the solution
    judged: int = 0
    finished_at: float | None = None
    collect_errors: list[str] = field(default_factory=list)
    returncode: int | None = None


def run(
    request: GradeRequest,
    on_result: Callable[[TestResult], None] | None = None,
    warm: "WarmChild | None" = None,
) -> RunResult:
    """Grade ``request`` in a child process; call ``on_result`` with each verdict as it lands.

    Every test gets a verdict; ``on_result`` sees all but the NOT_RUN ones. Raises ``OaSimError``
    (exit code GRADER) when the hidden tests themselves cannot be read or collected. A ``warm``
    child (see ``WarmChild``) runs the first attempt; its owner closes it.
    """
    started = time.monotonic()
    notify = on_result or (lambda result: None)
    try:
        compile(request.source, request.source_name, "exec")
    except (SyntaxError, ValueError) as error:  # ValueError: null bytes, on Python 3.11
        return _unloadable(request, _compile_message(request.source_name, error), notify, started)
    if not any(suite.files for suite in request.suites):
        return RunResult(tests=(), duration=time.monotonic() - started)
    if warm is not None and warm.process is not None:
        return _Run(request, warm.workdir, notify, started, warm).execute()
    workdir = new_workdir()
    try:
        return _Run(request, workdir, notify, started).execute()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _pidfd(child: subprocess.Popen) -> int | None:
    """A descriptor that becomes readable when the child exits (Linux 5.3+), or None."""
    try:
        return os.pidfd_open(child.pid)
    except (AttributeError, OSError):
        return None


def _nap(pidfd: int | None, seconds: float) -> None:
    """Sleep for a poll interval, but wake the moment the child exits: the candidate waits for
    the end of every run, and should not also wait out the rest of a poll."""
    if pidfd is None:
        time.sleep(seconds)
    else:
        select.select([pidfd], [], [], seconds)


def _grader_error(message: str) -> OaSimError:
    """The grader itself could not run: the problem's tests or this installation, not the candidate's code."""
    return OaSimError(
        message,
        ExitCode.GRADER,
        hint="Nothing was recorded. `oa-sim validate` checks the problem's tests; reinstalling oa-sim restores shipped ones.",
    )


def _compile_message(source_name: str, error: Exception) -> str:
    if isinstance(error, SyntaxError):
        return f"{source_name} line {error.lineno}: {type(error).__name__}: {error.msg}"
    return f"{source_name}: {type(error).__name__}: {error}"


def _unloadable(
    request: GradeRequest, message: str, notify: Callable[[TestResult], None], started: float
) -> RunResult:
    """Every test an ERROR with the same message, without starting a child."""
    results = []
    for test in _static_tests(request.suites):
        result = test.result(ERROR, message)
        notify(result)
        results.append(result)
    return RunResult(tests=tuple(results), problem=message, duration=time.monotonic() - started)


def _static_tests(suites: tuple[Suite, ...]) -> list[_Test]:
    """The tests of the suites, read without pytest: the cases of YAML files, ``test_`` functions of .py files."""
    from oa_sim.problem.cases import CaseFileError, load_cases

    tests = []
    for suite in suites:
        for path in suite.files:
            base = f"level_{suite.level}/{path.name}"
            if path.suffix in CASE_SUFFIXES:
                try:
                    cases = load_cases(path)
                except CaseFileError as error:
                    raise _grader_error(f"Cannot read the hidden tests: {error}") from None
                tests += [_Test(f"{base}::{c.name}", suite.level, c.name, c.description) for c in cases]
            elif path.suffix == ".py":
                tests += [_Test(f"{base}::{n}", suite.level, n.rpartition("::")[2], d) for n, d in _py_tests(path)]
    return tests


def _py_tests(path: Path) -> list[tuple[str, str]]:
    """(node name, first docstring line) of the test functions and ``Test*`` class methods of a file."""
    found = []

    def add(prefix: str, node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            doc = (ast.get_docstring(node) or "").strip()
            found.append((prefix + node.name, doc.splitlines()[0] if doc else ""))

    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        add("", node)
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for member in node.body:
                add(f"{node.name}::", member)
    return found


class _Run:
    """One grading run: as many child processes as it takes to give every test a verdict."""

    def __init__(
        self,
        request: GradeRequest,
        workdir: Path,
        notify: Callable[[TestResult], None],
        started: float,
        warm: WarmChild | None = None,
    ):
        self.request = request
        self.warm = warm
        self.workdir = workdir
        self.notify = notify
        self.started = started
        self.tests: dict[str, _Test] = {}  # by nodeid, in collection order, from the first child
        self.verdicts: dict[str, TestResult] = {}
        self.problems: list[str] = []
        self.restarts = 0
        self.job, self.pytest_args, self.copies = _lay_out(request, workdir)
        self.env = warm.env if warm is not None else child_env(workdir)

    def execute(self) -> RunResult:
        attempt_number = 0
        while self._settle(self._attempt(attempt_number)):
            attempt_number += 1
        tests = []
        for test in self.tests.values():
            verdict = self.verdicts.get(test.nodeid)
            tests.append(verdict or test.result(NOT_RUN, "the run stopped before this test"))
        problem = "; ".join(self.problems) or None
        return RunResult(tests=tuple(tests), problem=problem, duration=time.monotonic() - self.started)

    # -- one child ------------------------------------------------------------------------------

    def _attempt(self, number: int) -> _Attempt:
        events = self.workdir / f"events-{number}.jsonl"
        events.write_bytes(b"")
        job_path = self.workdir / f"job-{number}.json"
        job = {**self.job, "events": str(events), "skip": sorted(self.verdicts)}
        job["pytest_args"] = [*self.pytest_args, "--oa-job", str(job_path)]
        job_path.write_text(json.dumps(job), encoding="utf-8")
        attempt = _Attempt()
        child = self.warm.take() if self.warm is not None and number == 0 else None
        if child is not None:
            try:
                child.stdin.write(f"{job_path}\n".encode())
                child.stdin.close()
            except OSError:  # it died while waiting: start a fresh one as usual
                kill_group(child.pid)
                child.wait()
                child = None
        if child is None:
            child = spawn(self.workdir, self.env, [str(job_path)])
        try:
            self._watch(child, events, attempt)
        finally:
            # Also reaps what the candidate left behind: threads die with the child, processes here.
            kill_group(child.pid)
            child.wait()
        attempt.returncode = child.returncode
        _check_copies(self.copies)  # a restarted child must collect the very tests the first one did
        return attempt

    def _watch(self, child: subprocess.Popen, events_path: Path, attempt: _Attempt) -> None:
        test_deadline = self.request.test_time_limit + WATCHDOG_MARGIN
        pidfd = _pidfd(child)
        try:
            self._follow(child, events_path, attempt, test_deadline, pidfd)
        finally:
            if pidfd is not None:
                os.close(pidfd)

    def _follow(
        self, child: subprocess.Popen, events_path: Path, attempt: _Attempt, test_deadline: float, pidfd: int | None
    ) -> None:
        with open(events_path, "rb") as events:
            partial = b""
            while True:
                exited = child.poll() is not None  # checked first, so the read below drains everything
                chunk = events.read()
                if chunk:
                    *lines, partial = (partial + chunk).split(b"\n")
                    for line in lines:
                        self._handle(line, attempt)
                now = time.monotonic()
                if exited or (attempt.finished_at is not None and now - attempt.finished_at > EXIT_GRACE):
                    return
                if now - self.started > self.request.run_time_limit:
                    attempt.stopped_by = "run limit"
                    return
                if attempt.running is not None and now - attempt.running_since > test_deadline:
                    attempt.stopped_by = "watchdog"
                    return
                _nap(pidfd, POLL_SECONDS)

    def _handle(self, line: bytes, attempt: _Attempt) -> None:
        try:
            event = json.loads(line)
            kind = event["ev"]
        except (ValueError, KeyError, TypeError):
            return  # only the plugin writes here; a torn line is not worth failing the run over
        if kind == "collected" and not self.tests:
            self.tests = {test["nodeid"]: _Test(**test) for test in event["tests"]}
        elif kind == "start":
            attempt.running, attempt.running_since, attempt.loaded = event["nodeid"], time.monotonic(), False
        elif kind == "loaded":
            attempt.loaded = True
        elif kind == "result":
            attempt.running = None
            attempt.judged += 1
            self._judge(event["nodeid"], event["outcome"], event["message"], event["detail"], event["duration"])
            if event.get("import_error") and not self.problems:
                self.problems.append(event["message"])
        elif kind == "finish":
            attempt.finished_at = time.monotonic()
        elif kind == "collect_error":
            attempt.collect_errors.append(event["text"])

    def _judge(self, nodeid: str, outcome: str, message: str, detail: str = "", duration: float = 0.0) -> None:
        test = self.tests.get(nodeid)
        if test is None or nodeid in self.verdicts:
            return
        result = test.result(outcome, message, detail, duration)
        self.verdicts[nodeid] = result
        self.notify(result)

    # -- between children -----------------------------------------------------------------------

    def _settle(self, attempt: _Attempt) -> bool:
        """Account for how a child ended; True when another should run the tests not yet judged."""
        if attempt.collect_errors:
            raise _grader_error(f"Cannot collect the hidden tests: {_gist(attempt.collect_errors[0])}")
        if attempt.stopped_by == "run limit":
            running = self.tests.get(attempt.running or "")
            if running is not None:  # it was under way, not "not run": it is what used the time up
                self._judge(
                    running.nodeid,
                    TIMEOUT,
                    f"still running when the whole run reached its {self.request.run_time_limit:g} s limit",
                    "The test process was ended when the run's time limit was reached.",
                    time.monotonic() - attempt.running_since,
                )
            return self._stop_at_run_limit()
        if not self.tests:
            raise _grader_error(
                f"The grader's test process failed to start (exit status {attempt.returncode}): {self._child_output()}"
            )
        running = self.tests.get(attempt.running or "")
        if attempt.stopped_by == "watchdog" and running is not None:
            self._judge(
                running.nodeid,
                TIMEOUT,
                f"timed out after {self.request.test_time_limit:g} s",
                "Your code kept running past the time limit and did not stop when asked, "
                "so the test process was ended.",
                time.monotonic() - attempt.running_since,
            )
        elif attempt.finished_at is not None:
            self._note_unjudged("the test process stopped early")
            return False
        elif running is not None:
            how = _signal_note(attempt.returncode)
            if not attempt.loaded:
                self._judge(
                    running.nodeid,
                    CRASHED,
                    f"the test process was ended by your code while importing {self.request.source_name} "
                    f"(during {running.name}){how}",
                )
                self._note_unjudged(f"your code ended the test process at import{how}")
                return False
            self._judge(running.nodeid, CRASHED, f"the test process was ended by your code during {running.name}{how}")
        elif attempt.judged == 0:  # died between tests with nothing to show: a restart would repeat it
            self._note_unjudged(f"the test process ended unexpectedly{_signal_note(attempt.returncode)}")
            return False
        if not self._unjudged():
            return False
        if time.monotonic() - self.started > self.request.run_time_limit:
            return self._stop_at_run_limit()
        if self.restarts >= MAX_RESTARTS:
            self._note_unjudged(f"the test process was ended {self.restarts + 1} times")
            return False
        self.restarts += 1
        return True

    def _stop_at_run_limit(self) -> bool:
        if not self.tests:  # stopped before collection finished; the files still say what was due
            self.tests = {test.nodeid: test for test in _static_tests(self.request.suites)}
        self._note_unjudged(f"the run stopped at the {self.request.run_time_limit:g} s limit")
        return False

    def _unjudged(self) -> list[_Test]:
        return [test for nodeid, test in self.tests.items() if nodeid not in self.verdicts]

    def _note_unjudged(self, reason: str) -> None:
        count = len(self._unjudged())
        if count:
            self.problems.append(f"{reason}; {count} test{'s were' if count != 1 else ' was'} not run")

    def _child_output(self) -> str:
        """The last lines the child wrote: usage errors go to stderr, pytest's INTERNALERROR to stdout."""
        for name in ("child.err", "child.out"):
            try:
                text = (self.workdir / name).read_bytes()[-DIAGNOSTIC_CHARS:].decode("utf-8", "replace")
            except OSError:
                continue
            if text.strip():
                return " | ".join(text.strip().splitlines()[-5:])
        return "no output"


def _lay_out(request: GradeRequest, workdir: Path) -> tuple[dict[str, Any], list[str], dict[Path, str]]:
    """Write the temp dir the child runs in; return the job (without per-attempt keys), pytest's args,
    and the checksum of every file written there (the verified copy).

    The solution and interface are stored under names no import can reach: the plugin executes
    them itself. A test file whose bytes differ from ``request.checksums`` is refused, not run.
    """
    copies: dict[Path, str] = {}

    def put(target: Path, data: bytes) -> None:
        target.write_bytes(data)
        copies[target] = hashlib.sha256(data).hexdigest()

    put(workdir / "pytest.ini", b"[pytest]\n")
    cases: dict[str, list[dict[str, Any]]] = {}
    put(workdir / "solution.src", request.source.encode("utf-8"))
    put(workdir / "interface.src", request.interface_source.encode("utf-8"))
    levels, test_files = {}, []
    for suite in request.suites:
        folder = workdir / f"level_{suite.level}"
        folder.mkdir(exist_ok=True)
        levels[folder.name] = suite.level
        for path in suite.files:
            target = folder / path.name
            if target.exists():
                raise _grader_error(f"Two test files of level {suite.level} are named {path.name}")
            try:
                data = Path(path).read_bytes()
            except OSError as error:
                raise _grader_error(f"Cannot read the test file {path}: {error.strerror}") from None
            expected = request.checksums.get(str(path))
            if expected is not None and hashlib.sha256(data).hexdigest() != expected:
                raise OaSimError(
                    f"the test file {path} changed after it was verified, so it was not run",
                    ExitCode.PROBLEM_INVALID,
                    hint="Restore the problem's files (reinstall oa-sim), then submit again.",
                )
            put(target, data)
            if target.suffix in TEST_SUFFIXES:
                test_files.append(f"{folder.name}/{path.name}")
            if target.suffix in CASE_SUFFIXES:
                cases[f"{folder.name}/{path.name}"] = _parsed_cases(path, data)
    job = {
        "parent_pid": os.getpid(),
        "source_file": str(workdir / "solution.src"),
        "source_name": request.source_name,
        "impl_module": request.impl_module,
        "impl_class": request.impl_class,
        "interface_module": request.interface_module,
        "interface_file": str(workdir / "interface.src"),
        "levels": levels,
        "test_time_limit": request.test_time_limit,
        "run_time_limit": request.run_time_limit,
        "memory_limit_mb": request.memory_limit_mb,
        "output_limit_bytes": request.output_limit_bytes,
        "cases": cases,
    }
    pytest_args = [
        *test_files,
        "-c", str(workdir / "pytest.ini"),
        "--rootdir", str(workdir),
        "--noconftest",
        "--import-mode=importlib",  # levels may reuse a file name; nothing is put on sys.path
        "-p", "no:cacheprovider",
        "-p", "oa_sim.grading.plugin",
        "--tb=short",  # the detail a failing Python test shows
        "-q",
        # Built-in plugins a grading run has no use for; each costs start-up, and the
        # unraisable-exception one runs a full garbage collection at the end.
        *[arg for name in UNUSED_PYTEST_PLUGINS for arg in ("-p", f"no:{name}")],
    ]  # fmt: skip
    return job, pytest_args, copies


def _check_copies(copies: dict[Path, str]) -> None:
    """Refuse the run when its private copy of the tests (or of anything else laid out) changed.

    Only the code under test runs in between, so a change means it wrote there; a restarted child
    would otherwise collect the altered tests.
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


def _signal_note(returncode: int | None) -> str:
    if returncode is None or returncode >= 0:
        return ""
    try:
        return f" ({signal.Signals(-returncode).name})"
    except ValueError:
        return f" (signal {-returncode})"


def _gist(text: str) -> str:
    # pytest's collection errors end with the line that says what is wrong
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"


def _parsed_cases(path: Path, data: bytes) -> list[dict[str, Any]]:
    """A case file's cases as plain JSON data, parsed here from the verified bytes.

    The parent parses while the warm child is still importing pytest; the child then reads JSON,
    several times faster than YAML, on the path that the candidate waits for.
    """
    from oa_sim.problem.cases import CaseFileError, parse_cases

    try:
        cases = parse_cases(data.decode("utf-8"), path)
    except (CaseFileError, UnicodeDecodeError) as error:
        raise _grader_error(f"Cannot read the hidden tests: {error}") from None
    return [
        {"name": c.name, "description": c.description, "steps": [[s.method, list(s.args), s.expected] for s in c.steps]}
        for c in cases
    ]
