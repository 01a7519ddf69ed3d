"""Run a grading request in a child process and build a ``RunResult`` from the events it writes.

The parent never imports a test framework and never runs the candidate's code. It checks that the
source can load at all (so a syntax error is one clear error, not one per test), reads and parses
the tests (``layout``), lays out a private run folder, starts the language's harness in a new
process group, tails its events file, judges each case from the answers that come back
(``judge``), and steps in when the child cannot: a test that ignores the in-child time limit, the
whole-run limit, a dead child.

Every harness, whatever its language, writes the events of ``events`` to the file the job names.

After a crash or a watchdog kill the child is restarted for the tests not yet judged, so one
``os._exit`` or runaway loop costs one test, not the rest of the run. The exception is a crash
while the solution is being imported: that would repeat for every test, so the run stops there.
The child's environment carries nothing that leads to oa-sim's record: ``HOME`` and ``TMPDIR``
are folders of the run folder, and ``OA_SIM_*`` and ``XDG_*`` variables are dropped.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path
from typing import Callable

from oa_sim import languages
from oa_sim.grading.early import EarlyBuild
from oa_sim.grading.events import FOREIGN, Attempt, read_event
from oa_sim.grading.judge import Words, judge
from oa_sim.grading.layout import Prepared, Test, check_copies, grader_error, prepare, unloadable_result, write_job, write_run_folder
from oa_sim.grading.limits import WATCHDOG_MARGIN, wall_limit
from oa_sim.grading.process import WarmChild, child_env, exit_watch, kill_group, nap, new_workdir, signal_note, spawn
from oa_sim.grading.results import ANSWERED, CRASHED, ERROR, NOT_RUN, OUTCOMES, PASSED, TIMEOUT, GradeRequest, RunResult, TestResult

POLL_SECONDS = 0.015
EXIT_GRACE = 1.0  # after its finish record the child should exit at once; then it is killed
MAX_RESTARTS = 10  # a solution that kills every test's process gets a verdict, not a long wait
DIAGNOSTIC_CHARS = 2000


def run(
    request: GradeRequest,
    on_result: Callable[[TestResult], None] | None = None,
    warm: "WarmChild | None" = None,
) -> RunResult:
    """Grade ``request`` in a child process; call ``on_result`` with each verdict as it lands.

    Every test gets a verdict; ``on_result`` sees all but the NOT_RUN ones. Raises ``OaSimError``
    (exit code GRADER) when the hidden tests themselves cannot be read. A ``warm`` child (see
    ``WarmChild``) of the same language runs the first attempt, in its folder, and its early build
    is this run's when it built the very files this run lays out; its owner closes it.
    """
    started = time.monotonic()
    notify = on_result or (lambda result: None)
    language = languages.get(request.language)
    prepared = prepare(request, language)
    unloadable = next(filter(None, (language.check_source(text, name) for name, text in request.sources)), None)
    if unloadable:
        return unloadable_result(prepared, unloadable, notify, started)
    if not prepared.tests:
        return RunResult(tests=(), duration=time.monotonic() - started)
    child = language.child(request, prepared.calls, prepared.native_files)
    if warm is not None and warm.language is language:
        early = warm.early
        if early is not None and early.serves(child.files):  # its folder is this run's, already built
            return _Run(request, language, prepared, child, warm.workdir, notify, started, warm, early).execute()
        if early is None and warm.process is not None and language.warm_start:
            return _Run(request, language, prepared, child, warm.workdir, notify, started, warm).execute()
    workdir = new_workdir()  # (a warm folder built from other files is not this run's: its owner removes it)
    try:
        return _Run(request, language, prepared, child, workdir, notify, started).execute()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class _Run:
    """One grading run: as many child processes as it takes to give every test a verdict."""

    def __init__(
        self,
        request: GradeRequest,
        language: languages.Language,
        prepared: Prepared,
        child: languages.ChildFiles,
        workdir: Path,
        notify: Callable[[TestResult], None],
        started: float,
        warm: WarmChild | None = None,
        early: EarlyBuild | None = None,
    ):
        self.request = request
        self.language = language
        self.warm = warm
        self.early = early
        self.workdir = workdir
        self.notify = notify
        self.started = started
        self.clock_from = started
        self.prepared = prepared
        self.tests: dict[str, Test] = prepared.tests  # by id, in the order of the suites
        self.verdicts: dict[str, TestResult] = {}
        self.problems: list[str] = []
        self.restarts = 0
        # Opens every line a harness writes: the candidate's code shares the events file's
        # descriptor, and whatever it writes there lacks the token, so it is never read as an event.
        self.token = secrets.token_hex(16)
        self.foreign_lines = 0
        self.cut_short = False
        self.words = Words(language.method_name, language.literal)
        self.void_methods = frozenset(request.void_methods)
        self.copies = early.copies if early is not None else write_run_folder(workdir, child)
        self.job = {
            **child.job,
            "parent_pid": os.getpid(),
            "token": self.token,
            "solution_file": request.solution_file,
            "extra_files": [name for name, _ in request.extra_sources],
            "impl_class": request.impl_class,
            "interface_file_name": request.interface_file,
            "test_time_limit": request.test_time_limit,
            "load_time_limit": request.load_time_limit,
            "wall_time_limit": wall_limit(request.test_time_limit),
            "run_time_limit": request.run_time_limit,
            "memory_limit_mb": request.memory_limit_mb,
            "output_limit_bytes": request.output_limit_bytes,
            "file_size_limit": request.file_size_limit_bytes,
        }
        self.env = warm.env if warm is not None else child_env(workdir, language)

    def execute(self) -> RunResult:
        if self.early is not None:  # started with the command, on these very files
            built = self.early.result()
            build_seconds = self.early.seconds
        else:
            building = time.monotonic()
            built = self.language.build(self.workdir)  # a compiled language's compile: no test's time
            build_seconds = time.monotonic() - building
        if built is not None:
            message, detail = built
            return unloadable_result(self.prepared, message, self.notify, self.started, detail, build_seconds)
        self.clock_from = time.monotonic()  # the whole-run limit counts from here, not from the compile
        attempt_number = 0
        while self._settle(self._attempt(attempt_number)):
            attempt_number += 1
        tests = []
        for test in self.tests.values():
            verdict = self.verdicts.get(test.id)
            tests.append(verdict or test.result(NOT_RUN, "the run stopped before this test"))
        if (self.foreign_lines or self.cut_short) and self._unjudged():  # what cost those tests their results
            lines = f"{self.foreign_lines} line{'s' if self.foreign_lines != 1 else ''}"
            self.problems.append(
                f"your code wrote {lines} into the grader's results file (a file it found open), which were ignored"
                + (", and cut it short, losing the results already in it" if self.cut_short else "")
                + "; a test whose result was lost counts as not run"
            )
        problem = "; ".join(self.problems) or None
        return RunResult(tests=tuple(tests), problem=problem, duration=time.monotonic() - self.started, build_seconds=build_seconds)

    # -- one child ------------------------------------------------------------------------------

    def _attempt(self, number: int) -> Attempt:
        events = self.workdir / f"events-{number}.jsonl"
        events.write_bytes(b"")
        job_path = self.workdir / f"job-{number}.json"
        write_job(job_path, {**self.job, "events": str(events), "skip": sorted(self.verdicts)})
        attempt = Attempt()
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
            try:
                child = spawn(self.workdir, self.env, self.language.command(str(job_path)))
            except OSError as error:  # the toolchain went missing since the session started
                why = self.language.unavailable() or f"{error.strerror}: {error.filename}"
                raise grader_error(f"Cannot start the {self.language.name} test process: {why}") from None
        try:
            self._watch(child, events, attempt)
        finally:
            # Also reaps what the candidate left behind: threads die with the child, processes here.
            kill_group(child.pid)
            child.wait()
        attempt.returncode = child.returncode
        check_copies(self.copies)  # a restarted child must run the very tests the first one did
        return attempt

    def _watch(self, child: subprocess.Popen, events_path: Path, attempt: Attempt) -> None:
        test_deadline = wall_limit(self.request.test_time_limit) + WATCHDOG_MARGIN
        pidfd = exit_watch(child)
        try:
            self._follow(child, events_path, attempt, test_deadline, pidfd)
        finally:
            if pidfd is not None:
                os.close(pidfd)

    def _follow(
        self, child: subprocess.Popen, events_path: Path, attempt: Attempt, test_deadline: float, pidfd: int | None
    ) -> None:
        with open(events_path, "rb") as events:
            partial = b""
            while True:
                exited = child.poll() is not None  # checked first, so the read below drains everything
                if os.fstat(events.fileno()).st_size < events.tell():
                    # The candidate's code cut the file short: the harness appends from its new end.
                    events.seek(0)
                    partial = b""
                    self.cut_short = True
                chunk = events.read()
                if chunk:
                    *lines, partial = (partial + chunk).split(b"\n")
                    for line in lines:
                        self._handle(line, attempt)
                now = time.monotonic()
                if exited or (attempt.finished_at is not None and now - attempt.finished_at > EXIT_GRACE):
                    return
                if now - self.clock_from > self.request.run_time_limit:
                    attempt.stopped_by = "run limit"
                    return
                if self.request.stop_at_first_failure and any(not v.passed for v in self.verdicts.values()):
                    attempt.stopped_by = "first failure"
                    return
                allowed = test_deadline if attempt.loaded else self.request.load_time_limit + WATCHDOG_MARGIN
                if attempt.running is not None and now - attempt.running_since > allowed:
                    attempt.stopped_by = "watchdog"
                    return
                nap(pidfd, POLL_SECONDS)

    def _handle(self, line: bytes, attempt: Attempt) -> None:
        event = read_event(line, self.token, attempt)
        if event is FOREIGN:
            self.foreign_lines += 1
        elif event is not None:
            self._result(event)

    def _result(self, event: dict) -> None:
        """A harness's report on one test: a case's answers are judged here, against what it never saw."""
        test = self.tests.get(str(event.get("nodeid")))
        if test is None:
            return
        outcome, message, detail = event.get("outcome"), str(event.get("message") or ""), str(event.get("detail") or "")
        if test.case is not None and outcome == ANSWERED:
            verdict = judge(test.case, event.get("answers"), self.words, self.void_methods)
            # The event's detail is what the code printed: worth showing only beside a wrong answer.
            printed = detail if verdict.outcome != PASSED else ""
            outcome, message, detail = verdict.outcome, verdict.message, _joined(verdict.detail, printed)
        elif test.case is not None and outcome not in (ERROR, TIMEOUT, CRASHED):
            outcome, message = ERROR, f"the harness gave no answers ({outcome!r})"  # a case passes on answers alone
        elif outcome not in OUTCOMES:
            outcome, message = ERROR, f"the harness reported {outcome!r}"
        duration = event.get("duration")
        self._judge(test.id, outcome, message, detail, duration if isinstance(duration, (int, float)) else 0.0)
        if event.get("import_error") and not self.problems:
            self.problems.append(message)

    def _judge(self, test_id: str, outcome: str, message: str, detail: str = "", duration: float = 0.0) -> None:
        test = self.tests.get(test_id)
        if test is None or test_id in self.verdicts:
            return
        result = test.result(outcome, message, detail, duration)
        self.verdicts[test_id] = result
        self.notify(result)

    # -- between children -----------------------------------------------------------------------

    def _settle(self, attempt: Attempt) -> bool:
        """Account for how a child ended; True when another should run the tests not yet judged."""
        if attempt.collect_errors:
            raise grader_error(f"Cannot collect the hidden tests: {_gist(attempt.collect_errors[0])}")
        if attempt.stopped_by == "first failure":
            self._note_unjudged("the run stopped at the first failure")
            return False
        if attempt.stopped_by == "run limit":
            running = self.tests.get(attempt.running or "")
            if running is not None:  # it was under way, not "not run": it is what used the time up
                self._judge(
                    running.id,
                    TIMEOUT,
                    f"still running when the whole run reached its {self.request.run_time_limit:g} s limit",
                    "The test process was ended when the run's time limit was reached.",
                    time.monotonic() - attempt.running_since,
                )
            return self._stop_at_run_limit()
        if not attempt.collected and attempt.stopped_by is None and (self.foreign_lines or self.cut_short):
            return False  # its events were cut off by the code under test: the tests are not run, and the run says why
        if not attempt.collected and attempt.stopped_by is None:
            raise grader_error(
                f"The grader's test process failed to start (exit status {attempt.returncode}): {self._child_output()}"
            )
        running = self.tests.get(attempt.running or "")
        if attempt.stopped_by == "watchdog" and running is not None:
            self._judge(
                running.id,
                TIMEOUT,
                f"timed out after {self.request.test_time_limit:g} s"
                if attempt.loaded
                else f"still loading {self.request.solution_file} after {self.request.load_time_limit:g} s",
                "Your code kept running past the time limit and did not stop when asked, "
                "so the test process was ended.",
                time.monotonic() - attempt.running_since,
            )
        elif attempt.finished_at is not None:
            self._note_unjudged("the test process stopped early")
            return False
        elif running is not None:
            how = signal_note(attempt.returncode) or self.language.crash_note(self.workdir, attempt.returncode)
            if not attempt.loaded:
                self._judge(
                    running.id,
                    CRASHED,
                    f"the test process was ended by your code while importing {self.request.solution_file} "
                    f"(during {running.name}){how}",
                )
                self._note_unjudged(f"your code ended the test process at import{how}")
                return False
            self._judge(running.id, CRASHED, f"the test process was ended by your code during {running.name}{how}")
        elif attempt.judged == 0:  # died between tests with nothing to show: a restart would repeat it
            self._note_unjudged(f"the test process ended unexpectedly{signal_note(attempt.returncode)}")
            return False
        if not self._unjudged():
            return False
        if time.monotonic() - self.clock_from > self.request.run_time_limit:
            return self._stop_at_run_limit()
        if self.restarts >= MAX_RESTARTS:
            self._note_unjudged(f"the test process was ended {self.restarts + 1} times")
            return False
        self.restarts += 1
        return True

    def _stop_at_run_limit(self) -> bool:
        self._note_unjudged(f"the run stopped at the {self.request.run_time_limit:g} s limit")
        return False

    def _unjudged(self) -> list[Test]:
        return [test for test_id, test in self.tests.items() if test_id not in self.verdicts]

    def _note_unjudged(self, reason: str) -> None:
        count = len(self._unjudged())
        if count:
            self.problems.append(f"{reason}; {count} test{'s were' if count != 1 else ' was'} not run")

    def _child_output(self) -> str:
        """The last lines the child wrote: usage errors go to stderr, a harness's internal error to stdout."""
        for name in ("child.err", "child.out"):
            try:
                text = (self.workdir / name).read_bytes()[-DIAGNOSTIC_CHARS:].decode("utf-8", "replace")
            except OSError:
                continue
            if text.strip():
                return " | ".join(text.strip().splitlines()[-5:])
        return "no output"


def _gist(text: str) -> str:
    # pytest's collection errors end with the line that says what is wrong
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"


def _joined(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)

