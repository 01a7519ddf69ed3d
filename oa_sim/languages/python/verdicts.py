"""What the grading child says of a test that did not pass: its outcome, a one-line message naming
the line of the candidate's it failed at, and its detail (traceback and output) clipped to the
job's limit; and the exceptions that end a test early (the time limit, a solution that will not
load, a KeyboardInterrupt of the candidate's).

Part of the pytest plugin (``plugin.Grader`` takes ``Verdicts`` as a base), so it runs in the
grading child and imports nothing the plugin does not import already: that start-up is paid on
every submit.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Callable

import pytest

from oa_sim.grading.results import ERROR, FAILED, TIMEOUT
from oa_sim.languages.python.answers import output_too_large
from oa_sim.languages.python.modules import missing_module

MESSAGE_CHARS = 200  # a one-line message quoting the candidate's exception stays readable
MIB = 1024 * 1024


class TimeLimitExceeded(BaseException):
    """Raised by the SIGALRM handler; a BaseException so the candidate's ``except Exception`` cannot swallow it."""


class SolutionLoadError(Exception):
    """The solution could not be loaded for a test: it raised at import or lacks the class."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail


class CandidateInterrupt(Exception):
    """KeyboardInterrupt raised by the candidate's code.

    pytest takes a KeyboardInterrupt for the user's Ctrl-C and ends the session; the child runs in
    its own session, out of reach of the terminal, so any it sees comes from the candidate.
    """


class Verdicts:
    """The verdicts of ``plugin.Grader``, which this is a base of: they read its job's limits and
    names, the items it collected, and its message for a test that ran out of time."""

    source_name: str
    source_names: frozenset[str]
    rootdir: Path
    limit: float
    load_limit: float
    memory_mb: int
    file_size_limit: int
    output_limit: int
    _items: dict[str, pytest.Item]
    _timeout_message: Callable[[pytest.Item | None], str]

    def _judge(self, call: pytest.CallInfo[None], report: pytest.TestReport) -> tuple[str, str, str, bool]:
        """The verdict of a phase that did not pass: (outcome, message, detail, failed at import)."""
        if report.skipped or call.excinfo is None:
            return ERROR, "the test was skipped", "", False
        error = call.excinfo.value
        output = "".join(f"\n\n--- {title} ---\n{content}" for title, content in report.sections)
        if isinstance(error, TimeLimitExceeded) and call.when == "setup":
            message = f"still loading {self.source_name} after {self.load_limit:g} s"
            return TIMEOUT, message, self._detail(output), True
        if isinstance(error, TimeLimitExceeded):
            return TIMEOUT, self._timeout_message(self._items.get(report.nodeid)), self._detail(output), False
        if isinstance(error, SolutionLoadError):
            return ERROR, error.message, self._detail(error.detail + output), True
        detail = self._detail(str(report.longrepr) + output)
        tb = (error.__cause__ or error).__traceback__
        where = self._where(tb)
        # A failed assert or pytest.fail() in a hidden test is a wrong answer; anything else raised is an error.
        if isinstance(error, (AssertionError, pytest.fail.Exception)) and not self._raised_in_solution(tb):
            kind = type(error).__name__
            return FAILED, f"{kind} at {where}" if where else kind, detail, False
        return ERROR, self._phrase(error, with_text=True) + (f" at {where}" if where else ""), detail, False

    def _import_message(self, error: BaseException) -> str:
        """What stopped the solution loading, and where; a missing module is named, with where it was looked for."""
        where = self._where(error.__traceback__)
        if isinstance(error, ModuleNotFoundError) and error.name:
            return missing_module(error.name, where, self.source_name)
        # `from records import missing`: Python's own words name both the name and the module.
        phrase = self._phrase(error, with_text=isinstance(error, ImportError))
        return f"{phrase} at import" + (f": {where}" if where else "")

    def _phrase(self, error: BaseException, with_text: bool) -> str:
        if isinstance(error, MemoryError):
            return f"ran out of memory (limit {self.memory_mb} MiB)"
        if output_too_large(error):
            return f"your code wrote more output than the grader accepts ({self.file_size_limit // MIB} MiB)"
        if isinstance(error, SystemExit):
            return "your code called sys.exit()"
        if isinstance(error, (KeyboardInterrupt, CandidateInterrupt)):
            return "your code raised KeyboardInterrupt"
        return f"your code raised {exception_text(error) if with_text else type(error).__name__}"

    def _where(self, tb: types.TracebackType | None) -> str:
        """'impl.py line 12' for the deepest frame in the candidate's files, else the deepest in a test file."""
        in_solution = in_tests = None
        root = str(self.rootdir)
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename in self.source_names:
                in_solution = f"{filename} line {tb.tb_lineno}"
            elif filename.startswith(root):
                in_tests = f"{Path(filename).name} line {tb.tb_lineno}"
            tb = tb.tb_next
        return in_solution or in_tests or ""

    def _raised_in_solution(self, tb: types.TracebackType | None) -> bool:
        last = None
        while tb is not None:
            last, tb = tb, tb.tb_next
        return last is not None and last.tb_frame.f_code.co_filename in self.source_names

    def _detail(self, text: str) -> str:
        return clip(text.strip(), self.output_limit)


def exception_text(error: BaseException) -> str:
    """The exception's type and text on one line, cut to ``MESSAGE_CHARS``."""
    try:
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    except Exception:  # noqa: BLE001 - a candidate's __str__ may itself raise
        text = type(error).__name__
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 3] + "..."


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying how many bytes were left out."""
    if len(text) <= limit:
        return text
    hidden = len(text[limit:].encode("utf-8", "replace"))
    return f"{text[:limit]}\n[output clipped: {hidden} bytes]"


def clean(text: str) -> str:
    """``text`` with what UTF-8 cannot carry replaced."""
    # Lone surrogates (from odd bytes in output or exception text) would break JSON readers later.
    return text.encode("utf-8", "replace").decode("utf-8")
