"""The rules of a session: which levels are open, when the clock runs out, what a submit does.

``Progress`` is a pure reading of the record (a session and its submissions) at a given moment;
the actions (start, submit, finish) take an injected clock so tests never wait for real time.

Time never runs backwards for a session: a clock that reads earlier than the last thing recorded
(a start, a submission, a finish) is taken to read that moment instead, so a clock set back can
neither grant extra time nor give a submission a time before an earlier one.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator

from oa_sim.problem import catalog as problems
from oa_sim.session import workspace
from oa_sim.errors import ExitCode, OaSimError
from oa_sim.grading.results import GradeRequest, RunResult, Suite, TestResult
from oa_sim.problem.catalog import Problem
from oa_sim.session.store import HOME_ENV, SessionRecord, Store, Submission

Clock = Callable[[], float]
Grader = Callable[[GradeRequest, Callable[[TestResult], None] | None], RunResult]

FINISHED_EARLY = "finished"
TIME_UP = "time_up"
ABANDONED = "abandoned"  # replaced by a new session started with --force
CLOCK_WARNING_SECONDS = 2.0  # a clock behind the record by more than this is worth telling the user


@dataclass(frozen=True)
class Progress:
    """What the record says at moment ``now``: levels unlocked and passed, and the clock.

    ``now`` is never earlier than the last recorded moment; ``clock_behind`` says by how much the
    clock given was (0 when it was not).
    """

    record: SessionRecord
    submissions: tuple[Submission, ...]
    now: float
    clock_behind: float = field(default=0.0, init=False)

    def __post_init__(self) -> None:
        latest = max(
            [self.record.started_at, *(s.submitted_at for s in self.submissions)]
            + ([self.record.finished_at] if self.record.finished_at is not None else [])
        )
        if self.now < latest:
            object.__setattr__(self, "clock_behind", latest - self.now)
            object.__setattr__(self, "now", latest)

    @property
    def counted(self) -> tuple[Submission, ...]:
        """Submissions made before the deadline (and before an early finish)."""
        end = self.end_time
        return tuple(s for s in self.submissions if s.submitted_at <= end)

    @property
    def end_time(self) -> float:
        finished = self.record.finished_at
        return min(self.record.deadline, finished) if finished is not None else self.record.deadline

    @property
    def unlock_times(self) -> tuple[float, ...]:
        """When each level unlocked: level 1 at the start, level N+1 at the first pass of level N."""
        times = [self.record.started_at]
        for submission in self.counted:
            if (
                submission.level == len(times)
                and len(times) < self.record.level_count
                and submission.level_passed
            ):
                times.append(submission.submitted_at)
        return tuple(times)

    @property
    def pass_times(self) -> dict[int, float]:
        """When each level first passed in full, graded as the current level."""
        passed: dict[int, float] = {}
        for submission in self.counted:
            if submission.level_passed:
                passed.setdefault(submission.level, submission.submitted_at)
        return passed

    @property
    def current_level(self) -> int:
        return len(self.unlock_times)

    @property
    def time_left(self) -> float:
        return max(0.0, self.record.deadline - self.now)

    @property
    def time_used(self) -> float:
        return max(0.0, min(self.now, self.end_time) - self.record.started_at)

    @property
    def is_over(self) -> bool:
        return self.record.finished_at is not None or self.now >= self.record.deadline

    @property
    def final(self) -> Submission | None:
        """The submission whose results are the score: the last one that counts."""
        return self.counted[-1] if self.counted else None


@dataclass(frozen=True)
class Located:
    """A session found from a folder: its record and workspace, and (loaded when first asked for,
    since reading the record alone is all that status needs) its problem."""

    record: SessionRecord
    folder: Path
    problem_dirs: list[Path] | None = None
    known_problem: Problem | None = None
    interface_file: str | None = None  # from the workspace's marker, when it says

    @cached_property
    def problem(self) -> Problem:
        return self.known_problem or problem_for(self.record, self.problem_dirs)


def progress(store: Store, record: SessionRecord, now: float) -> Progress:
    return Progress(record, tuple(store.submissions(record.id)), now)


def locate(store: Store, start: Path, *, problem_dirs: list[Path] | None = None) -> Located:
    """The session of the workspace at or above ``start``, or a clear error saying how to get one."""
    marker = workspace.find_marker(start)
    if marker is None:
        raise OaSimError(f"No oa-sim session in {start}.", ExitCode.NO_SESSION, hint=_no_session_hint(store))
    record = _marked_record(store, marker)
    if Path(record.workspace) != marker.folder:
        # The folder was moved or copied: follow the candidate, the record is about them.
        store.move_workspace(record.id, marker.folder)
        record = store.session(record.id)
    return Located(record, marker.folder, problem_dirs, interface_file=marker.interface)


def _marked_record(store: Store, marker: workspace.Marker) -> SessionRecord:
    """The record a marker names, refusing one that is some other session with the same number."""
    record = store.find_session(marker.session_id)
    if (
        record is None
        or record.problem_id != marker.problem_id
        or (marker.started_at is not None and abs(record.started_at - marker.started_at) > 1e-3)
    ):
        raise OaSimError(
            f"This workspace ({marker.folder}) belongs to session {marker.session_id} of {marker.problem_id!r}, "
            f"which is not in the oa-sim record {store.path}.",
            ExitCode.NO_SESSION,
            hint=f"Was {HOME_ENV} different when it was started? Point it back, or run "
            f"`oa-sim start {marker.problem_id} --force` here for a new session.",
        )
    return record


def _no_session_hint(store: Store) -> str:
    """How to get a session: start one, cd into one, or rebuild one whose folder is gone."""
    for record in store.sessions(limit=20):
        if record.finished_at is None and not Path(record.workspace).is_dir():
            return (
                f"Session {record.id} ({record.problem_id}) is still recorded but its workspace "
                f"{record.workspace} is gone: `oa-sim start {record.problem_id} --resume {record.id}` "
                f"rebuilds it with your last submitted code, and `oa-sim report {record.id}` shows its record."
            )
    return "Run `oa-sim start <problem>` (see `oa-sim list`), or cd into a workspace."


def level_facts(problem: Problem) -> list[dict]:
    """What a session records of its problem's levels at start, for status and reports to read."""
    return [
        {"title": level.title, "budget": level.budget, "hidden_total": level.hidden_count()}
        for level in problem.levels
    ]


LEVEL_FACT_KEYS = {"title", "budget", "hidden_total"}


def facts_of_levels(
    progress: Progress, load_problem: Callable[[], Problem], *, locked_too: bool = True
) -> list[dict]:
    """Each level's title, budget and hidden-test count, for status and reports: as the session
    recorded them at start or, for a session recorded before that was kept, from the problem's
    files (``load_problem``), counting hidden tests only where no graded submission already says
    how many there are, since counting means parsing case files."""
    record = progress.record
    if record.level_facts:
        try:
            kept = json.loads(record.level_facts)
            if isinstance(kept, list) and all(isinstance(f, dict) and set(f) == LEVEL_FACT_KEYS for f in kept):
                return kept
        except ValueError:
            pass  # a damaged snapshot: the problem's own files say the same
    problem = load_problem()
    final = progress.final
    graded = {test.level for test in final.results.tests} if final else set()
    return [
        {
            "title": level.title,
            "budget": level.budget,
            "hidden_total": level.hidden_count()
            if level.number not in graded and (locked_too or level.number <= progress.current_level)
            else None,
        }
        for level in problem.levels
    ]


def problem_for(record: SessionRecord, problem_dirs: list[Path] | None = None) -> Problem:
    """The problem a session was started on (checked against the schema then, so not again):
    from ``problem_dirs`` when given, else the folder it was started from, else wherever
    problems are installed. So a session started with ``--problems-dir`` needs it only once."""
    recorded = Path(record.problem_root) if record.problem_root else None
    searched = problems.discover(problem_dirs) if problem_dirs else []
    if recorded is not None and (recorded / "problem.yaml").is_file():
        searched.append(recorded)
    searched += problems.discover()
    for folder in searched:
        if folder.name == record.problem_id:
            return problems.load(folder, check_schema=False)
    raise OaSimError(
        f"The problem {record.problem_id!r} of this session is no longer installed.",
        ExitCode.PROBLEM_INVALID,
        hint=f"Reinstall it, or point {problems.PROBLEMS_ENV} at its folder.",
    )


def start(
    store: Store,
    problem: Problem,
    folder: Path,
    *,
    clock: Clock,
    time_limit: float | None = None,
    force: bool = False,
) -> SessionRecord:
    """Record a new session and lay out its workspace; the clock starts now.

    A problem whose files differ from its manifest is refused before anything is recorded.
    """
    folder = folder.resolve()
    workspace.check_can_create(folder, force=force)
    from oa_sim.problem import manifest  # only the commands that grade or start check the files

    taken = manifest.verify(problem)
    now = clock()
    live = store.live_session_in(folder)
    if live is not None and not force and now < live.deadline:
        raise OaSimError(
            f"Session {live.id} is still running in {folder}.",
            ExitCode.USAGE,
            hint="Finish it with `oa-sim finish`, or add --force to abandon it.",
        )
    if live is not None:
        with session_lock(store, live.id):  # not while a submit of it is being graded
            store.finish(live.id, max(now, live.started_at), ABANDONED if now < live.deadline else TIME_UP)
    record = store.create_session(
        problem_id=problem.id,
        problem_title=problem.title,
        problem_fingerprint=taken.fingerprint,
        workspace=folder,
        started_at=now,
        time_limit=time_limit or problem.time_limit,
        level_count=len(problem.levels),
        level_facts=json.dumps(level_facts(problem)),
        problem_root=problem.root.resolve(),
    )
    try:
        workspace.create(problem, folder, record.id, started_at=record.started_at, force=force)
    except (OaSimError, OSError):
        store.finish(record.id, record.started_at, ABANDONED)  # no live session without a workspace
        raise
    return record


def resume(store: Store, problem: Problem, session_id: int, folder: Path, *, clock: Clock, force: bool = False) -> Progress:
    """Rebuild the workspace of a running session (its folder was deleted, say) in ``folder``.

    The unlocked levels are laid out again and the last submitted code, if any, becomes the
    solution file; the clock is the session's own and keeps running.
    """
    folder = folder.resolve()
    record = store.session(session_id)
    if record.problem_id != problem.id:
        raise OaSimError(
            f"Session {session_id} is of {record.problem_id!r}, not {problem.id!r}.",
            ExitCode.USAGE,
            hint=f"`oa-sim start {record.problem_id} --resume {session_id}`.",
        )
    current = check_open(store, Located(record, Path(record.workspace), known_problem=problem), clock())
    workspace.check_can_create(folder, force=force)
    with session_lock(store, record.id):
        workspace.create(problem, folder, record.id, started_at=record.started_at, force=force)
        for level in range(2, current.current_level + 1):
            workspace.unlock(problem, folder, level)
        if current.submissions:
            workspace.write_solution(problem, folder, current.submissions[-1].source)
        store.move_workspace(record.id, folder)
    return progress(store, store.session(record.id), clock())


def grade_request(
    problem: Problem, source: str, levels: range, *, hidden: bool, checksums: dict[str, str] | None = None
) -> GradeRequest:
    """What to grade: the solution against each listed level's hidden (or visible) files.

    ``checksums`` (from ``check_unchanged``) make the grader refuse a file that differs from them.
    """
    suites = tuple(
        Suite(n, problem.level(n).hidden if hidden else problem.level(n).visible) for n in levels
    )
    return GradeRequest(
        source=source,
        source_name=problem.impl_filename,
        impl_module=problem.impl_module,
        impl_class=problem.impl_class,
        interface_module=problem.interface_module,
        interface_source=problem.interface_source(max(levels)),
        suites=suites,
        test_time_limit=problem.test_time_limit,
        run_time_limit=problem.run_time_limit,
        checksums=dict(checksums or {}),
    )


@dataclass(frozen=True)
class SubmitOutcome:
    submission: Submission
    before: Progress
    after: Progress

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


def check_open(store: Store, located: Located, now: float) -> Progress:
    """The session's progress, or TIME_UP when its clock has run out or it was finished."""
    current = progress(store, located.record, now)
    if current.is_over:
        if located.record.finished_at is None:
            store.finish(located.record.id, located.record.deadline, TIME_UP)
        raise OaSimError(
            "Time is up: this session is over." if current.now >= located.record.deadline else "This session is finished.",
            ExitCode.TIME_UP,
            hint="`oa-sim report` shows how it went; `oa-sim start` begins a new one.",
        )
    return current


def submit(
    store: Store,
    located: Located,
    *,
    clock: Clock,
    grader: Grader,
    on_result: Callable[[TestResult], None] | None = None,
) -> SubmitOutcome:
    """Grade every unlocked level's hidden suite, record the submission whole, unlock the next level.

    The submission is one transaction: a kill at any point records it whole or not at all. A kill
    after it is recorded but before the next level is laid out is mended by ``restore_workspace``.
    """
    before = check_open(store, located, clock())
    checksums = check_unchanged(located)
    source = workspace.read_solution(located.problem, located.folder)
    with session_lock(store, located.record.id):
        request = grade_request(
            located.problem, source, range(1, before.current_level + 1), hidden=True, checksums=checksums
        )
        results = grader(request, on_result)
        submission = store.add_submission(
            located.record.id, submitted_at=before.now, level=before.current_level, source=source, results=results
        )
    after = progress(store, located.record, clock())
    outcome = SubmitOutcome(submission, before, after)
    if outcome.unlocked:
        workspace.unlock(located.problem, located.folder, outcome.unlocked)
    return outcome


def run_samples(
    store: Store,
    located: Located,
    *,
    clock: Clock,
    grader: Grader,
    on_result: Callable[[TestResult], None] | None = None,
) -> tuple[Progress, RunResult]:
    """Run the visible sample tests of the unlocked levels; nothing is recorded."""
    current = progress(store, located.record, clock())
    checksums = check_unchanged(located)
    source = workspace.read_solution(located.problem, located.folder)
    request = grade_request(
        located.problem, source, range(1, current.current_level + 1), hidden=False, checksums=checksums
    )
    return current, grader(request, on_result)


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


def restore_workspace(located: Located, current: Progress) -> list[str]:
    """Lay out again what an interrupted command left missing (a level recorded as unlocked whose
    spec or sample tests never landed); return the files written. The solution file is never touched."""
    if located.interface_file and workspace.looks_complete(located.folder, current.current_level, located.interface_file):
        return []
    return workspace.restore(located.problem, located.folder, current.current_level)


@contextmanager
def session_lock(store: Store, session_id: int) -> Iterator[None]:
    """Hold the session for one grading run; a second submit at once is refused, not interleaved.

    Refused rather than queued: the second submit would grade the same code again and record it
    as a second submission, which the candidate did not mean. The lock is an ``flock``, so a
    killed holder releases it at once.
    """
    lock_path = store.path.parent / f"session-{session_id}.lock"
    handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
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
