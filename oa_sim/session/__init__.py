"""The session layer: its rules (``rules``), which session a command means (``locate``), what it
does (``actions``), its record (``store``) and its folder (``workspace``).

The names commands use are gathered here, so ``session.submit(...)`` reads as what it does. What a
session does loads on first use: ``status`` reads the record and the rules, and never pays for
what a submit needs (the grading request, the problem's model, the languages' workspaces).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oa_sim.session.facts import facts_of_levels, level_facts
from oa_sim.session.locate import Located, chosen_session, locate, problem_for, restore_workspace, workspace_session
from oa_sim.session.rules import (
    ABANDONED, CLOCK_WARNING_SECONDS, FINISHED_EARLY, TIME_UP, Clock, Progress, check_open, check_reveal,
    choose_variant, progress, spec_level,
)  # fmt: skip

_ACTIONS = (
    "SampleRun", "Started", "SubmitOutcome", "check_unchanged", "finish", "grade_request", "resume", "run_samples", "session_lock", "start",
    "submit",
)  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _ACTIONS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from oa_sim.session import actions

    value = getattr(actions, name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


if TYPE_CHECKING:
    from oa_sim.session.actions import (  # noqa: F401
        SampleRun, Started, SubmitOutcome, check_unchanged, finish, grade_request, resume, run_samples, session_lock,
        start, submit,
    )  # fmt: skip

__all__ = [
    "ABANDONED", "CLOCK_WARNING_SECONDS", "FINISHED_EARLY", "TIME_UP", "Clock", "Located", "Progress",
    "SampleRun", "SubmitOutcome", "check_open", "check_reveal", "choose_variant", "chosen_session", "spec_level", "workspace_session", "check_unchanged", "facts_of_levels", "finish", "grade_request",
    "level_facts", "locate", "problem_for", "progress", "restore_workspace", "resume", "run_samples",
    "session_lock", "Started", "start", "submit",
]  # fmt: skip
