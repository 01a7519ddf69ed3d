"""Prove a problem folder sound: schema, files, and test suites that pass the reference and catch bugs.

``validate`` returns plain ``Check`` values; the CLI draws them. Grading goes through the same
child-process grader that candidates meet, so a problem that validates grades the same way.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from oa_sim.problem import catalog as problems
from oa_sim.problem.cases import CaseFileError, load_cases
from oa_sim.errors import OaSimError
from oa_sim.grading.results import GradeRequest, RunResult
from oa_sim.problem.catalog import Problem
from oa_sim.session import grade_request

Grader = Callable[[GradeRequest], RunResult]


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class Validation:
    folder: Path
    problem_id: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


def validate(folder: Path, grade: Grader, *, workers: int = 2, check_manifest: bool = True) -> Validation:
    """Every check of one problem folder; stops early only when the folder cannot be read at all.

    ``check_manifest=False`` leaves the manifest out, for a run that is about to rewrite it.
    """
    try:
        problem = problems.load(folder)
    except OaSimError as error:
        return Validation(folder, folder.name, (Check("schema and files", False, error.message),))
    checks = [Check("schema and files", True, f"{len(problem.levels)} levels, {len(problem.mutants)} mutants")]
    if check_manifest:
        checks.append(_check_manifest(problem))
    case_check = _check_case_files(problem)
    checks.append(case_check)
    if not case_check.ok:
        return Validation(folder, problem.id, tuple(checks))

    jobs: list[tuple[str, Callable[[RunResult], Check], GradeRequest]] = []
    every_level = range(1, len(problem.levels) + 1)
    reference = problem.reference.read_text(encoding="utf-8")
    for hidden in (True, False):
        kind = "hidden" if hidden else "visible"
        jobs.append((f"reference passes every {kind} test", _all_pass, grade_request(problem, reference, every_level, hidden=hidden)))
    starter = problem.starter.read_text(encoding="utf-8")
    jobs.append(("untouched starter fails level 1", _starter_fails, grade_request(problem, starter, range(1, 2), hidden=True)))
    for mutant in problem.mutants:
        if mutant.level > len(problem.levels):
            checks.append(Check(f"mutant {mutant.name}", False, f"declares level {mutant.level}, the problem has {len(problem.levels)}"))
            continue
        request = grade_request(problem, mutant.source(), range(1, mutant.level + 1), hidden=True)
        jobs.append((f"mutant {mutant.name} caught at level {mutant.level}", _caught_at(mutant.level), request))

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(lambda job: grade(job[2]), jobs))
    for (name, judge, _), result in zip(jobs, results):
        check = judge(result)
        checks.append(Check(name, check.ok, check.detail))
    return Validation(folder, problem.id, tuple(checks))


def _check_manifest(problem: Problem) -> Check:
    from oa_sim.problem import manifest

    if manifest.read(problem) is None:
        return Check("manifest", True, f"none ({manifest.MANIFEST} is optional; --write-manifest writes it)")
    try:
        manifest.verify(problem)
    except OaSimError as error:
        return Check("manifest", False, error.message)
    return Check("manifest", True, f"every graded file matches {manifest.MANIFEST}")


def _check_case_files(problem: Problem) -> Check:
    count = 0
    try:
        for level in problem.levels:
            for path in (*level.visible, *level.hidden):
                if path.suffix in (".yaml", ".yml"):
                    count += len(load_cases(path))
    except CaseFileError as error:
        return Check("case files", False, str(error))
    return Check("case files", True, f"{count} cases read")


def _all_pass(result: RunResult) -> Check:
    failed = [t for t in result.tests if not t.passed]
    if not result.tests:
        return Check("", False, "no tests were run")
    if failed:
        shown = ", ".join(f"level {t.level} {t.name} ({t.message or t.outcome})" for t in failed[:3])
        return Check("", False, f"{len(failed)} failed: {shown}" + (" ..." if len(failed) > 3 else ""))
    return Check("", True, f"{len(result.tests)} passed")


def _starter_fails(result: RunResult) -> Check:
    failed = sum(1 for t in result.tests if not t.passed)
    return Check("", failed > 0, f"{failed} of {len(result.tests)} failed" if failed else "the starter passes level 1")


def _caught_at(level: int) -> Callable[[RunResult], Check]:
    def judge(result: RunResult) -> Check:
        early = [t for t in result.tests if t.level < level and not t.passed]
        if early:
            return Check("", False, f"caught too early: level {early[0].level} {early[0].name} fails")
        caught = [t.name for t in result.for_level(level) if not t.passed]
        if not caught:
            return Check("", False, f"not caught: every level {level} test passes")
        return Check("", True, f"caught by {len(caught)}: {', '.join(caught[:3])}" + (" ..." if len(caught) > 3 else ""))

    return judge
