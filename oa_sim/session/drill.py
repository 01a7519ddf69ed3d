"""A drill: a session that starts at level N with levels 1..N-1 given, from code that passes them.

The code is the candidate's own when the record holds some (the newest submission of the same
problem, language and variant that passed every level before N), else the problem's model solution.
Which levels a drill scores is ``scoring``'s rule; which levels are open at its start is ``rules``'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from oa_sim.errors import ExitCode, OaSimError
from oa_sim.grading.results import level_passed
from oa_sim.session.records import _parse_tallies

if TYPE_CHECKING:
    from oa_sim.languages import Language
    from oa_sim.problem.model import Problem
    from oa_sim.session.store import SessionRecord, Store


@dataclass(frozen=True)
class StartingCode:
    """The source a drill's workspace starts from, and whose it is."""

    source: str
    session: int | None = None  # None: the problem's model solution
    number: int | None = None

    @property
    def own(self) -> bool:
        return self.session is not None


def drill_level(problem: "Problem", wanted: int | None) -> int | None:
    """The level a session starts at when ``--level`` asks for ``wanted``: None for an ordinary
    session (no ``--level``, or ``--level 1``, where every session starts); refused outside the
    problem's levels (those of its variant)."""
    if wanted is None or wanted == 1:
        return None
    count = len(problem.levels)
    if not 1 <= wanted <= count:
        drills = f"2-{count} drill one, 1 is an ordinary start" if count > 2 else "2 drills it, 1 is an ordinary start"
        raise OaSimError(  # one line: the range is the whole of the fix
            f"--level {wanted} is out of range: {problem.title} has levels 1-{count} ({drills})."
            if count > 1 else f"--level {wanted} is out of range: {problem.title} has one level (leave out --level).",
            ExitCode.USAGE,
        )
    return wanted


def passes_through(tallies: dict[int, tuple[int, int]], level: int) -> bool:
    """Whether a submission's tallies show every hidden test of levels 1..``level`` passed."""
    return all(level_passed(*tallies.get(number, (0, 0))) for number in range(1, level + 1))


def starting_code(store: "Store", problem: "Problem", language: "Language", level: int) -> StartingCode:
    """The code a drill at ``level`` starts from: the newest recorded submission of this problem,
    language and variant that passed every level before ``level``, else the model solution."""
    variant = problem.variant if problem.variants else None
    for session_id, number, kept in store.passing_candidates(problem.id, language.id, variant):
        tallies = _parse_tallies(kept)
        if tallies is not None and passes_through(tallies, level - 1):
            return StartingCode(store.submission(session_id, number).source, session_id, number)
    return StartingCode(model_solution(problem, language))


def model_solution(problem: "Problem", language: "Language") -> str:
    """The problem's reference solution in ``language``, as the workspace's solution file holds it."""
    reference = problem.solutions[language.id].reference
    try:
        return reference.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OaSimError(
            f"Cannot read the model solution {reference} ({error}).",
            ExitCode.PROBLEM_INVALID,
            hint="Reinstall oa-sim, or drill without --level.",
        ) from None


def recorded_start(store: "Store", problem: "Problem", language: "Language", record: "SessionRecord") -> str:
    """The code a drill started from, read again (to rebuild its workspace before any submission)."""
    if record.drill_code_session is not None and record.drill_code_number is not None:
        return store.submission(record.drill_code_session, record.drill_code_number).source
    return model_solution(problem, language)


def given_levels(record: "SessionRecord") -> range:
    """The levels a session was given rather than earned: 1..N-1 for a drill at N, none otherwise."""
    return range(1, record.first_level)
