"""``validate --mutate``: grade machine-made mutants of a reference and report every one the hidden
tests let through, so a suite proves it catches the slips a candidate makes, line by line.

A survivor is a gap in the hidden tests, unless it behaves like the reference (an equivalent
mutant): those are recorded in ``solutions/<language>/equivalent.yaml`` with the reason, as the line
as written, the line as mutated, and why no test can tell them apart.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from oa_sim.errors import OaSimError
from oa_sim.grading.results import GradeRequest, RunResult
from oa_sim.problem import catalog
from oa_sim.problem.model import Problem
from oa_sim.problem.yaml_text import read_yaml

EQUIVALENT_FILE = "equivalent.yaml"


@dataclass(frozen=True)
class Equivalent:
    """A mutant recorded as behaving like the reference: its line as written and as mutated, and why."""

    line: str
    mutant: str
    reason: str
    within: str = ""  # ``in:``: only the copies of the line in this method ("Class.method" or "method")

    def matches(self, mutant) -> bool:
        if (self.line, self.mutant) != (mutant.original.strip(), mutant.mutated.strip()):
            return False
        return not self.within or mutant.function == self.within or mutant.function.endswith(f".{self.within}")


@dataclass(frozen=True)
class MutationReport:
    """What grading every generated mutant found: how many, how many a hidden test caught, the
    equivalents recorded, and each survivor's edit."""

    language: str
    generated: int
    killed: int
    equivalent: int
    survivors: tuple[str, ...]
    stale: tuple[str, ...] = ()  # recorded equivalents that match no mutant any more

    @property
    def kill_rate(self) -> float:
        """Caught among those that can be caught (equivalents left out)."""
        counted = self.generated - self.equivalent
        return self.killed / counted if counted else 1.0

    @property
    def ok(self) -> bool:
        return not self.survivors and not self.stale


def equivalents(folder: Path) -> tuple[Equivalent, ...]:
    """The equivalent mutants recorded in ``folder`` (a ``solutions/<language>/`` folder)."""
    path = folder / EQUIVALENT_FILE
    if not path.is_file():
        return ()
    _, data = read_yaml(path, lambda message: catalog.invalid(path, message))
    if not isinstance(data, list):
        raise catalog.invalid(path, "must be a list of {line, mutant, reason}")
    found = []
    for index, entry in enumerate(data):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) and entry[key].strip() for key in ("line", "mutant", "reason")):
            raise catalog.invalid(path, f"entry {index}: needs line, mutant and reason, each a non-empty string")
        within = entry.get("in", "")
        if not isinstance(within, str):
            raise catalog.invalid(path, f"entry {index}: 'in' names a method, as a string")
        found.append(Equivalent(entry["line"].strip(), entry["mutant"].strip(), entry["reason"].strip(), within.strip()))
    return tuple(found)


def mutate(
    problem: Problem,
    language: Any,
    grade: Callable[[GradeRequest], RunResult],
    request_for: Callable[[Problem, str], GradeRequest],
    *,
    workers: int = 2,
) -> MutationReport | None:
    """Grade each mutant ``language`` makes of its reference against every hidden test (of each
    variant, until one catches it); None for a language that makes none."""
    solution = problem.solutions[language.id]
    made = language.generated_mutants(solution.reference.read_text(encoding="utf-8"))
    if not made:
        return None
    recorded = equivalents(solution.reference.parent)
    paths = [problem.with_variant(name) for name in problem.variants] or [problem]

    def caught(mutant) -> bool:
        for seen in paths:
            request = replace(request_for(seen, mutant.source), stop_at_first_failure=True)
            try:
                result = grade(request)
            except OaSimError:
                return True  # the grader refused it outright (it does not even load): caught
            if not result.tests or any(not test.passed for test in result.tests):
                return True
        return False

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        verdicts = list(pool.map(caught, made))
    # A record names a line, and a line may occur several times: it stands for every mutant that
    # reads so, and is stale only when no such mutant is left or the tests catch every one.
    survivors, equivalent = [], 0
    matched: dict[Equivalent, list[bool]] = {record: [] for record in recorded}
    for mutant, killed in zip(made, verdicts):
        match = next((e for e in recorded if e.matches(mutant)), None)
        if match is not None:
            matched[match].append(killed)
            equivalent += not killed
        elif not killed:
            survivors.append(mutant.edit)
    stale = tuple(
        f"{record.line}  =>  {record.mutant} "
        + ("(no such mutant now)" if not verdicts_of else "(recorded as equivalent, yet a test catches it)")
        for record, verdicts_of in matched.items()
        if not verdicts_of or all(verdicts_of)
    )
    killed = sum(verdicts)
    return MutationReport(language.id, len(made), killed, equivalent, tuple(survivors), stale)
