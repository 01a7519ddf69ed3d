"""The events a grading child writes, and what the parent makes of each line.

Every harness, whatever its language, writes these events as JSON lines to the file the job names:

- ``{"ev": "collected", "tests": [{"nodeid"}, ...]}``: the tests it will run, in order (its own
  test files' tests with ``level``, ``name`` and ``description`` too)
- ``{"ev": "collect_error", "nodeid", "text"}``: a test it cannot even collect
- ``{"ev": "start", "nodeid"}``: a test began (loading the solution is part of it)
- ``{"ev": "loaded"}``: the solution loaded; a crash before this one happened at import
- ``{"ev": "result", "nodeid", "outcome", "message", "detail", "duration", "import_error",
  "answers"}``: outcome ``answered`` with the case's answers, or what stopped it (``error``,
  ``timeout``), or a verdict for one of its own test files' tests
- ``{"ev": "finish"}``: every test ran

Each line is a line break, the job's ``token``, then the JSON: the candidate's code shares the
file's descriptor, and a line without the token (whatever it wrote there) is never read as an event.

"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

FOREIGN = object()  # what ``read_event`` says of a line the harness did not write


@dataclass
class Attempt:
    """What one child did before it ended or was stopped."""

    stopped_by: str | None = None  # "watchdog", "run limit", or None when the child ended by itself
    running: str | None = None  # id of a test started and not yet reported
    running_since: float = 0.0
    loaded: bool = False  # the running test got past importing the solution
    judged: int = 0
    finished_at: float | None = None
    collected: bool = False
    collect_errors: list[str] = field(default_factory=list)
    returncode: int | None = None


def read_event(line: bytes, token: str, attempt: Attempt) -> "dict | object | None":
    """Follow one line of the events file: an event about the child's progress updates ``attempt``;
    a ``result`` event is returned for the caller to judge; ``FOREIGN`` for a non-empty line
    without the token; None for anything else (an empty or torn line)."""
    mark = token.encode()
    if not line.startswith(mark):
        return FOREIGN if line.strip() else None
    try:
        event = json.loads(line[len(mark) :])
        kind = event["ev"]
    except (ValueError, KeyError, TypeError):
        return None  # only the harness writes here; a torn line is not worth failing the run over
    if not isinstance(event, dict):
        return None
    if kind == "collected":
        attempt.collected = True
    elif kind == "start":
        attempt.running, attempt.running_since, attempt.loaded = str(event.get("nodeid")), time.monotonic(), False
    elif kind == "loaded":  # the test's own limit starts now: loading had an allowance of its own
        attempt.loaded, attempt.running_since = True, time.monotonic()
    elif kind == "result":
        attempt.running = None
        attempt.judged += 1
        return event
    elif kind == "finish":
        attempt.finished_at = time.monotonic()
    elif kind == "collect_error":
        attempt.collect_errors.append(str(event.get("text")))
    return None
