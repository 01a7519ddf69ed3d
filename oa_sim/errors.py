"""The one exception type the core raises for anything the user can cause, and the exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every exit status oa-sim uses; docs/usage.md lists them for users."""

    OK = 0
    TESTS_FAILED = 1  # submit/test/validate ran and something failed
    USAGE = 2  # bad arguments, unknown problem, refused to overwrite
    NO_SESSION = 3  # no session here, or its record is unreadable
    TIME_UP = 4  # the session's clock has run out
    PROBLEM_INVALID = 5  # a problem folder is malformed
    BUSY = 6  # another oa-sim command holds this session
    GRADER = 7  # the grader itself could not run
    HOME_UNWRITABLE = 8  # oa-sim's data folder is read-only or full: nothing was recorded
    WORKSPACE_BEHIND = 9  # the submission was recorded, but the workspace's new files could not be written


class OaSimError(Exception):
    """A problem the user can fix: a one-line message, an exit code, and an optional hint."""

    def __init__(self, message: str, exit_code: ExitCode = ExitCode.USAGE, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"
