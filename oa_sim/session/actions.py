"""What a session does: start, resume, grade (submit, sample tests), finish. The clock is injected."""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from oa_sim import languages
from oa_sim.errors import ExitCode, OaSimError
from oa_sim.grading.results import GradeRequest, RunResult, Suite, TestResult
from oa_sim.languages import Language
from oa_sim.problem.model import Problem
from oa_sim.session import drill, sandbox, workspace
from oa_sim.session.facts import level_facts
from oa_sim.session.home import cannot_write, fault_of
from oa_sim.session.locate import Located, restore_workspace  # noqa: F401  (its home moved; the name stays)
from oa_sim.session.rules import ABANDONED, FINISHED_EARLY, TIME_UP, Clock, Progress, check_open, choose_variant, deadline, planned_clock, progress
from oa_sim.session.store import SessionRecord, Store, Submission

Grader = Callable[[GradeRequest, Callable[[TestResult], None] | None], RunResult]

@dataclass(frozen=True)
class Started:
    """A session just started, and the code a drill's workspace starts from (None: the starter)."""

    record: SessionRecord
    code: drill.StartingCode | None = None


def start(
    store: Store,
    problem: Problem,
    folder: Path,
    *,
    clock: Clock,
    language: Language | None = None,
    time_limit: float | None = None,
    force: bool = False,
    variant: str | None = None,
    feedback: str = "full",
    graded_tests: str = "hidden",
    level: int | None = None,
) -> Started:
    """Record a new session in ``language`` and lay out its workspace; the clock starts now.

    A problem with variants gives the session ``variant``, or one drawn at random. With ``level``
    (above 1) it is a drill: levels 1..level-1 are given, their specs and samples laid out, and the
    solution file holds code that passes them (``drill.starting_code``).

    A problem whose files differ from its manifest, or that has no solution in the language, or a
    language whose toolchain is missing, is refused before anything is recorded.
    """
    language = language or languages.get(languages.DEFAULT)
    problem = problem.with_variant(choose_variant(problem, variant))
    drill_at = drill.drill_level(problem, level)
    offered(problem, language)
    languages.require_available(language)
    folder = workspace.resolved(folder)
    workspace.check_can_create(folder, force=force)
    store.check_writable()  # before anything is recorded or laid out
    from oa_sim.problem import manifest  # only the commands that grade or start check the files

    taken = manifest.verify(problem)
    now = clock()
    live = store.live_session_in(folder)
    if live is not None and not force and now < deadline(live):
        raise OaSimError(
            f"Session {live.id} is still running in {folder}.",
            ExitCode.USAGE,
            hint="Finish it with `oa-sim finish`, or add --force to abandon it.",
        )
    if live is not None:
        with session_lock(store, live.id):  # not while a submit of it is being graded
            store.finish(live.id, max(now, live.started_at), ABANDONED if now < deadline(live) else TIME_UP)
    code = drill.starting_code(store, problem, language, drill_at) if drill_at else None
    record = store.create_session(
        problem_id=problem.id,
        problem_title=problem.title,
        problem_fingerprint=taken.fingerprint,
        workspace=folder,
        started_at=now,
        time_limit=time_limit or planned_clock(problem, drill_at or 1),
        level_count=len(problem.levels),
        level_facts=json.dumps(level_facts(problem, language.native_test_suffix)),
        problem_root=problem.root.resolve(),
        language=language.id,
        variant=problem.variant if problem.variants else None,
        feedback=feedback,
        graded_tests=graded_tests,
        drill_level=drill_at,
        drill_code=(code.session, code.number) if code and code.own else None,
    )
    graded = graded_tests == "visible"
    try:
        workspace.create(problem, language, folder, record.id, started_at=record.started_at, force=force, graded=graded)
        if code is not None:
            for number in range(2, record.first_level + 1):
                workspace.unlock(problem, language, folder, number, graded=graded)
            workspace.write_solution(problem, language, folder, code.source, code.extra)
    except (OaSimError, OSError):
        store.finish(record.id, record.started_at, ABANDONED)  # no live session without a workspace
        raise
    return Started(record, code)


def resume(store: Store, problem: Problem, session_id: int, folder: Path, *, clock: Clock, force: bool = False) -> Progress:
    """Rebuild the workspace of a running session (its folder was deleted, say) in ``folder``.

    The unlocked levels are laid out again and the last submitted code, if any, becomes the
    solution file, with every other source file submitted with it; the clock is the session's own
    and keeps running.
    """
    folder = workspace.resolved(folder)
    record = store.session(session_id)
    if record.problem_id != problem.id:
        raise OaSimError(
            f"Session {session_id} is of {record.problem_id!r}, not {problem.id!r}.",
            ExitCode.USAGE,
            hint=f"`oa-sim start {record.problem_id} --resume {session_id}`.",
        )
    problem = problem.with_variant(record.variant)
    located = Located(record, Path(record.workspace), known_problem=problem)
    current = check_open(store, located, clock())
    language = located.language
    languages.require_available(language)
    workspace.check_can_create(folder, force=force)
    with session_lock(store, record.id):
        graded = record.graded_tests == "visible"
        workspace.create(
            problem, language, folder, record.id, started_at=record.started_at, force=force, graded=graded, keep_sandbox=True
        )
        try:
            for level in range(2, current.current_level + 1):
                workspace.unlock(problem, language, folder, level, graded=graded)
            if current.submissions:
                last = current.submissions[-1]
                workspace.write_solution(problem, language, folder, last.source, last.extra_files)
            elif record.drill_level:
                workspace.write_solution(problem, language, folder, *drill.recorded_start(store, problem, language, record))
        except OSError as error:  # the record holds it all: a --resume once the folder can be written
            raise OaSimError(
                f"Cannot write the workspace {folder}: {error.strerror}.",
                ExitCode.USAGE,
                hint=f"Free some space there or choose another --dir, then `oa-sim start {problem.id} --resume {record.id}` again.",
            ) from None
        store.move_workspace(record.id, folder)
    return progress(store, store.session(record.id), clock())


def offered(problem: Problem, language: Language) -> None:
    """Refuse a language the problem has no reference solution in (so no proof its tests are fair)."""
    if language.id not in problem.solutions:
        raise OaSimError(
            f"{problem.title} is not offered in {language.name}.",
            ExitCode.USAGE,
            hint=f"It is offered in: {', '.join(problem.languages) or 'no language'} (`oa-sim list` shows every problem's).",
        )


def grade_request(
    problem: Problem,
    language: Language,
    source: str,
    levels: range,
    *,
    hidden: bool,
    checksums: dict[str, str] | None = None,
    extra_sources: tuple[tuple[str, str], ...] = (),
    cache_dir: Path | None = None,
) -> GradeRequest:
    """What to grade: the solution (and the candidate's other source files, ``extra_sources``)
    against each listed level's hidden (or visible) files.

    ``checksums`` (from ``check_unchanged``) make the grader refuse a file that differs from them;
    ``cache_dir`` lets it keep the parsed cases there for the next run.
    """
    suites = tuple(
        Suite(n, problem.level(n).hidden_files(language.native_test_suffix) if hidden else problem.level(n).visible)
        for n in levels
    )
    return GradeRequest(
        language=language.id,
        source=source,
        solution_file=language.solution_file(problem),
        impl_class=problem.impl_class,
        interface_file=language.interface_file(problem),
        interface_source=language.interface_source(problem, max(levels)),
        suites=suites,
        test_time_limit=problem.test_time_limit,
        run_time_limit=problem.run_time_limit,
        checksums=dict(checksums or {}),
        cache_dir=None if cache_dir is None else str(cache_dir),
        void_methods=tuple(m.name for level in problem.levels for m in level.methods if m.returns.is_void),
        extra_sources=extra_sources,
    )


@dataclass(frozen=True)
class SubmitOutcome:
    submission: Submission
    before: Progress
    after: Progress
    # Why the unlocked level's files are not all in the workspace (its disk is full, say), if so:
    # the submission stands recorded, and the next command that can write lays them out.
    unwritten: str | None = None

    @property
    def unlocked(self) -> int | None:
        """The level this submission unlocked, if any."""
        return self.after.current_level if self.after.current_level > self.before.current_level else None

    @property
    def level_passed(self) -> bool:
        return self.submission.level_passed

    @property
    def broken_levels(self) -> tuple[int, ...]:
        """Earlier levels (all passed once, or the current one could not have been reached) that
        this submission fails: the score follows the last submission, so these cost points now."""
        results = self.submission.results
        return tuple(level for level in range(1, self.submission.level) if not results.level_passed(level))


def submit(
    store: Store,
    located: Located,
    *,
    clock: Clock,
    grader: Grader,
    on_result: Callable[[TestResult], None] | None = None,
) -> SubmitOutcome:
    """Grade every unlocked level's hidden suite (the solution file with the candidate's other
    source files), record the submission whole, unlock the next level.

    The submission is one transaction: a kill at any point records it whole or not at all. A kill
    after it is recorded but before the next level is laid out is mended by ``restore_workspace``.
    """
    before = check_open(store, located, clock())
    checksums = check_unchanged(located)
    source, extra = workspace.read_sources(located.problem, located.language, located.folder)
    with session_lock(store, located.record.id):
        request = grade_request(
            located.problem, located.language, source, range(1, before.current_level + 1), hidden=True,
            checksums=checksums, extra_sources=extra, cache_dir=store.cache_dir,
        )  # fmt: skip
        results = grader(request, on_result)
        submission = store.add_submission(
            located.record.id, submitted_at=before.now, level=before.current_level, source=source, results=results,
            solution_file=request.solution_file, extra_files=extra,
        )  # fmt: skip
    after = progress(store, located.record, clock())
    outcome = SubmitOutcome(submission, before, after)
    if outcome.unlocked:
        try:
            workspace.unlock(
                located.problem, located.language, located.folder, outcome.unlocked, graded=located.record.graded_tests == "visible"
            )
        except OSError as error:
            return replace(outcome, unwritten=error.strerror or str(error))
    return outcome


@dataclass(frozen=True)
class SampleRun:
    """What ``oa-sim test`` ran, as one grading run: the levels' sample tests, then the sandbox's
    cases, never scored; ``note`` is one line on the sandbox file (why its cases did not run, or
    that it has none), ``broken`` when that is something to fix in it."""

    samples: RunResult
    sandbox: RunResult
    note: str | None = None
    broken: bool = False

    @property
    def tests(self) -> tuple[TestResult, ...]:
        return self.samples.tests + self.sandbox.tests

    @property
    def passed(self) -> bool:
        """Some test ran, and every one passed."""
        return bool(self.tests) and all(t.passed for t in self.tests)


def run_samples(
    store: Store,
    located: Located,
    *,
    clock: Clock,
    grader: Grader,
    on_result: Callable[[TestResult], None] | None = None,
    only: str | None = None,
) -> tuple[Progress, SampleRun]:
    """Run the visible sample tests of the unlocked levels, then the workspace's sandbox cases (only
    those whose name holds ``only``, when given); nothing is recorded.

    A sandbox file that cannot be read as cases is a note: the sample tests run all the same.
    """
    current = progress(store, located.record, clock())
    checksums = check_unchanged(located)
    source, extra = workspace.read_sources(located.problem, located.language, located.folder)
    mine = sandbox.read(located.problem, located.language, located.folder, current.current_level)
    request = grade_request(
        located.problem, located.language, source, range(1, current.current_level + 1), hidden=False,
        checksums=checksums, extra_sources=extra, cache_dir=store.cache_dir,
    )  # fmt: skip
    request = replace(request, only=only, sandbox=mine.cases)
    result = grader(request, on_result)
    if only is not None and not result.tests:
        from oa_sim.problem.cases import load_cases

        levels = range(1, current.current_level + 1)
        names = [case.name for n in levels for path in located.problem.level(n).visible for case in load_cases(path)]
        names += [case.name for case in mine.cases]
        raise OaSimError(f"No sample test of the unlocked levels or your sandbox is named like {only!r}.", ExitCode.USAGE, hint=f"They are: {', '.join(names)}.")
    samples, own = result.split_sandbox()
    return current, SampleRun(samples, own, mine.note, mine.broken)


def finish(store: Store, located: Located, *, clock: Clock) -> Progress:
    """End a session early; its score is the last submission's."""
    current = check_open(store, located, clock())
    store.finish(located.record.id, current.now, FINISHED_EARLY)
    return progress(store, store.session(located.record.id), current.now)


def check_unchanged(located: Located) -> dict[str, str]:
    """Refuse to grade with test files that differ from the problem's manifest or that changed
    since the session started; return the checksums of the files as verified, for the grader."""
    from oa_sim.problem import manifest

    taken = manifest.verify(located.problem)
    if taken.fingerprint != located.record.problem_fingerprint:
        raise OaSimError(
            f"The test files of {located.problem.id!r} changed since this session started ({located.problem.root}).",
            ExitCode.PROBLEM_INVALID,
            hint="Restore them (reinstall oa-sim), or start a new session.",
        )
    return taken.by_name()


@contextmanager
def session_lock(store: Store, session_id: int) -> Iterator[None]:
    """Hold the session for one grading run; a second submit at once is refused, not interleaved.

    Refused rather than queued: the second submit would grade the same code again and record it
    as a second submission, which the candidate did not mean. The lock is an ``flock``, so a
    killed holder releases it at once.
    """
    store.check_writable()  # a run whose submission could not be recorded is not worth grading
    lock_path = store.path.parent / f"session-{session_id}.lock"
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        fault = fault_of(error)
        if fault is not None:
            raise cannot_write(store.path.parent, fault) from None
        raise OaSimError(
            f"Cannot create the session's lock file {lock_path}: {error.strerror}.",
            ExitCode.HOME_UNWRITABLE,
            hint="Move whatever stands in its place, then try again.",
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OaSimError(
                "Another submit is running for this session.",
                ExitCode.BUSY,
                hint="Wait for it to finish, then try again.",
            ) from None
        yield
    finally:
        os.close(handle)
