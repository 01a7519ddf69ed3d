"""What a session keeps of its problem's levels (title, budget, hidden-test count), read by status and reports."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Callable

from oa_sim.session.rules import Progress

if TYPE_CHECKING:
    from oa_sim.problem.model import Problem

def level_facts(problem: Problem, native_suffix: str | None = None) -> list[dict]:
    """What a session records of its problem's levels at start, for status and reports to read;
    ``native_suffix`` is the language's own test files' (they count only in that language)."""
    return [
        {"title": level.title, "budget": level.budget, "hidden_total": level.hidden_count(native_suffix)}
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
    from oa_sim import languages

    native_suffix = languages.get(record.language).native_test_suffix
    final = progress.final
    graded = {test.level for test in final.results.tests} if final else set()
    return [
        {
            "title": level.title,
            "budget": level.budget,
            "hidden_total": level.hidden_count(native_suffix)
            if level.number not in graded and (locked_too or level.number <= progress.current_level)
            else None,
        }
        for level in problem.levels
    ]


