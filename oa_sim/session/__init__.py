"""The session layer: its rules (``rules``), which session a command means (``locate``), what it
does (``actions``), its record (``store``) and its folder (``workspace``).

The names commands use are gathered here, so ``session.submit(...)`` reads as what it does.
"""

from oa_sim.session.actions import (
    SampleRun, SubmitOutcome, check_unchanged, finish, grade_request, restore_workspace, resume, run_samples,
    session_lock, Started, start, submit,
)  # fmt: skip
from oa_sim.session.facts import facts_of_levels, level_facts
from oa_sim.session.locate import Located, chosen_session, locate, problem_for, workspace_session
from oa_sim.session.rules import (
    ABANDONED, CLOCK_WARNING_SECONDS, FINISHED_EARLY, TIME_UP, Clock, Progress, check_open, check_reveal,
    choose_variant, progress, spec_level,
)  # fmt: skip

__all__ = [
    "ABANDONED", "CLOCK_WARNING_SECONDS", "FINISHED_EARLY", "TIME_UP", "Clock", "Located", "Progress",
    "SampleRun", "SubmitOutcome", "check_open", "check_reveal", "choose_variant", "chosen_session", "spec_level", "workspace_session", "check_unchanged", "facts_of_levels", "finish", "grade_request",
    "level_facts", "locate", "problem_for", "progress", "restore_workspace", "resume", "run_samples",
    "session_lock", "Started", "start", "submit",
]  # fmt: skip
