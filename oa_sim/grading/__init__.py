"""Run test suites against candidate code in a child process and hand back plain results.

Kept light to import: the runner (and pytest) load only when a grading run actually starts.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from oa_sim.grading.process import WarmChild
    from oa_sim.grading.results import GradeRequest, RunResult, TestResult

# The data classes load on first use: the entry point imports this package to start a grading
# child, and every millisecond before that start is a millisecond the candidate waits.
_RESULT_NAMES = ("GradeRequest", "RunResult", "Suite", "TestResult")


def __getattr__(name: str):
    if name in _RESULT_NAMES:
        from oa_sim.grading import results

        return getattr(results, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["GradeRequest", "RunResult", "Suite", "TestResult", "grade", "warm_grader"]

Grader = Callable[..., "RunResult"]


def grade(request: "GradeRequest", on_result: Callable[["TestResult"], None] | None = None) -> "RunResult":
    """Grade ``request.source`` against ``request.suites``; call ``on_result`` as each verdict lands."""
    from oa_sim.grading.runner import run

    return run(request, on_result)


@contextmanager
def warm_grader(warm: "WarmChild | None" = None, language: str | None = None) -> Iterator[Grader]:
    """A ``grade`` function whose first run uses a child started now for ``language`` (or ``warm``,
    started earlier), before the request is known.

    Enter it first thing in a command that will grade: the child loads its test framework while
    the command reads its record and problem. Leaving the block ends the child if it was not used.
    """
    from oa_sim import languages
    from oa_sim.grading.process import WarmChild
    from oa_sim.grading.runner import run

    if warm is None:
        chosen = languages.get(language or languages.DEFAULT)
        warm = WarmChild(chosen) if chosen.warm_start else None
    try:
        yield lambda request, on_result=None: run(request, on_result, warm)
    finally:
        if warm is not None:
            warm.close()
