"""How long a test may run: its CPU-time limit is the problem's; these are the backstops around it."""

from __future__ import annotations

# The child's own limit stops ordinary loops at the limit. A loop that swallows every exception, or
# one long native call, ignores it; the parent kills the child after this margin, which covers the
# harness's own reporting and a busy machine without letting a hung test cost much more than the limit.
WATCHDOG_MARGIN = 1.5
# A test's limit is CPU time, measured by the harness, so that a busy machine cannot time out a
# fast solution; code that waits instead of computing is stopped by wall-clock time, this many
# times the limit (plus a little): the harness's own backstop, then the parent's watchdog.
WALL_FACTOR = 3.0


def wall_limit(test_time_limit: float) -> float:
    """The wall-clock backstop of a test whose limit is ``test_time_limit`` of CPU time."""
    return WALL_FACTOR * test_time_limit + 0.5
