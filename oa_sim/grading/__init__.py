"""Run test suites against candidate code in a child process and hand back plain results.

Kept light to import: the runner (and pytest) load only when a grading run actually starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from oa_sim.grading.results import GradeRequest, RunResult, Suite, TestResult

if TYPE_CHECKING:
    pass

__all__ = ["GradeRequest", "RunResult", "Suite", "TestResult", "grade"]


def grade(request: GradeRequest, on_result: Callable[[TestResult], None] | None = None) -> RunResult:
    """Grade ``request.source`` against ``request.suites``; call ``on_result`` as each verdict lands."""
    from oa_sim.grading.runner import run

    return run(request, on_result)
