"""Which session a command means: the workspace's (found by its marker), and its problem and language."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from oa_sim import languages
from oa_sim.errors import ExitCode, OaSimError
from oa_sim.languages import Language
from oa_sim.session import workspace
from oa_sim.session.store import HOME_ENV, SessionRecord, Store

if TYPE_CHECKING:
    from oa_sim.problem.model import Problem
    from oa_sim.session.rules import Progress

@dataclass(frozen=True)
class Located:
    """A session found from a folder: its record and workspace, and (loaded when first asked for,
    since reading the record alone is all that status needs) its problem."""

    record: SessionRecord
    folder: Path
    problem_dirs: list[Path] | None = None
    known_problem: Problem | None = None
    interface_file: str | None = None  # from the workspace's marker, when it says
    sample_tests: str | None = None  # likewise: where sample tests go, with {level}
    cache_dir: Path | None = None  # the store's, where the problem's parsed files are kept

    @cached_property
    def problem(self) -> Problem:
        return self.known_problem or problem_for(self.record, self.problem_dirs, self.cache_dir)

    @cached_property
    def language(self) -> "Language":
        return languages.get(self.record.language)


def locate(store: Store, start: Path, *, problem_dirs: list[Path] | None = None) -> Located:
    """The session of the workspace at or above ``start``, or a clear error saying how to get one."""
    marker = workspace.find_marker(start)
    if marker is None:
        raise OaSimError(f"No oa-sim session in {start}.", ExitCode.NO_SESSION, hint=_no_session_hint(store))
    record = _marked_record(store, marker)
    if Path(record.workspace) != marker.folder:
        # The folder was moved or copied: follow the candidate, the record is about them.
        store.move_workspace(record.id, marker.folder)
        record = replace(record, workspace=str(marker.folder))
    return Located(
        record, marker.folder, problem_dirs, interface_file=marker.interface, sample_tests=marker.samples,
        cache_dir=store.cache_dir,
    )


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


def problem_for(record: SessionRecord, problem_dirs: list[Path] | None = None, cache_dir: Path | None = None) -> Problem:
    """The problem a session was started on (checked against the schema then, so not again):
    from ``problem_dirs`` when given, else the folder it was started from, else wherever
    problems are installed. So a session started with ``--problems-dir`` needs it only once."""
    recorded = Path(record.problem_root) if record.problem_root else None
    from oa_sim.problem import catalog as problems  # only a command that needs the problem's files pays

    searched = problems.discover(problem_dirs) if problem_dirs else []
    if recorded is not None and (recorded / "problem.yaml").is_file():
        searched.append(recorded)
    searched += problems.discover()
    for folder in searched:
        if folder.name == record.problem_id:
            problem = problems.load(folder, check_schema=False, cache_dir=cache_dir)
            try:
                return problem.with_variant(record.variant)
            except KeyError:
                raise OaSimError(
                    f"The problem {record.problem_id!r} no longer has this session's variant {record.variant!r}.",
                    ExitCode.PROBLEM_INVALID,
                    hint=f"Its variants now: {', '.join(problem.variants) or 'none'}. Start a new session.",
                ) from None
    raise OaSimError(
        f"The problem {record.problem_id!r} of this session is no longer installed.",
        ExitCode.PROBLEM_INVALID,
        hint=f"Reinstall it, or point {problems.PROBLEMS_ENV} at its folder.",
    )




def chosen_session(store: Store, here: Path, session_id: int | None) -> int:
    """Which session a command about one session means: SESSION if given, else the workspace's at
    or above ``here``, else the latest one recorded."""
    if session_id is None and (marker := workspace.find_marker(here)) is not None:
        session_id = marker.session_id
    if session_id is None:
        latest = store.sessions(limit=1)
        if not latest:
            raise OaSimError("No sessions recorded yet.", ExitCode.NO_SESSION, hint="Start one with `oa-sim start <problem>`.")
        session_id = latest[0].id
    return session_id


def workspace_session(here: Path) -> int:
    """The session of the workspace at or above ``here``, for a command that needs a workspace's."""
    marker = workspace.find_marker(here)
    if marker is None:
        raise OaSimError(
            f"No oa-sim session in {here}.",
            ExitCode.NO_SESSION,
            hint="Run this in a workspace, or pass --session ID (`oa-sim history` lists them).",
        )
    return marker.session_id


def restore_workspace(located: Located, current: "Progress") -> list[str]:
    """Lay out again what an interrupted command left missing (a level recorded as unlocked whose
    spec or sample tests never landed); return the files written. The solution file is never touched."""
    graded = located.record.graded_tests == "visible"
    if (
        located.interface_file
        and located.sample_tests
        and workspace.looks_complete(located.folder, current.current_level, located.interface_file, located.sample_tests, graded=graded)
    ):
        return []
    return workspace.restore(located.problem, located.language, located.folder, current.current_level, graded=graded)
