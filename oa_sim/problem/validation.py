"""Prove a problem folder sound: schema, files, and test suites that pass the reference and catch bugs.

``validate`` returns plain ``Check`` values; the CLI draws them. Grading goes through the same
child-process grader that candidates meet, so a problem that validates grades the same way.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from oa_sim import languages
from oa_sim.errors import OaSimError
from oa_sim.grading.results import NOT_RUN, GradeRequest, RunResult
from oa_sim.problem import catalog
from oa_sim.problem.cases import CaseFileError, load_cases
from oa_sim.problem.model import CASE_SUFFIXES, Problem
from oa_sim.problem.mutants import load as load_mutants
from oa_sim.problem import types
from oa_sim.session.actions import grade_request

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


def validate(
    folder: Path,
    grade: Grader,
    *,
    workers: int = 2,
    check_manifest: bool = True,
    only_languages: tuple[str, ...] = (),
    mutate: bool = False,
) -> Validation:
    """Every check of one problem folder, for each language it offers (or ``only_languages``);
    stops early only when the folder cannot be read at all.

    ``check_manifest=False`` leaves the manifest out, for a run that is about to rewrite it.
    ``mutate`` adds the mutation check of each language that makes mutants (``oa_sim.problem.mutation``).
    """
    try:
        problem = catalog.load(folder)
    except OaSimError as error:
        return Validation(folder, folder.name, (Check("schema and files", False, error.message),))
    wanted = [name for name in problem.languages if not only_languages or name in only_languages]
    variants = f", variants: {', '.join(problem.variants)}" if problem.variants else ""
    checks = [Check("schema and files", True, f"{len(problem.levels)} levels, languages: {', '.join(problem.languages) or 'none'}{variants}")]
    if not problem.languages:
        checks.append(Check("solutions", False, f"no solutions/<language>/reference.* in {folder}: the problem is offered in no language"))
    if check_manifest:
        checks.append(_check_manifest(problem))
    case_check = _check_case_files(problem)
    checks.append(case_check)
    if not case_check.ok:
        return Validation(folder, problem.id, tuple(checks))
    jobs: list[tuple[str, Callable[[RunResult], Check], GradeRequest]] = []
    for name in wanted:
        found, language_jobs = _language_jobs(problem, name)
        checks += found
        jobs += language_jobs
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(lambda job: _graded(grade, job[2]), jobs))
    for (name, judge, _), result in zip(jobs, results):
        check = judge(result) if isinstance(result, RunResult) else Check("", False, result)
        checks.append(Check(name, check.ok, check.detail))
    if mutate:
        # Mutants of a reference that fails prove nothing; a stale manifest does not matter to them.
        failed = [check.name for check in checks if not check.ok and check.name != "manifest"]
        if failed:
            makers = [name for name in wanted if languages.get(name).makes_mutants]
            checks += [Check(f"[{name}] mutation", False, f"not run: fix {failed[0]} first") for name in makers]
        else:
            checks += [_mutation_check(problem, name, grade, workers) for name in wanted]
    return Validation(folder, problem.id, tuple(c for c in checks if c is not None))


def _mutation_check(problem: Problem, name: str, grade: Grader, workers: int) -> "Check | None":
    from oa_sim.problem.mutation import mutate

    language = languages.get(name)
    every_level = lambda seen, source: grade_request(seen, language, source, range(1, len(seen.levels) + 1), hidden=True)  # noqa: E731
    try:
        report = mutate(problem, language, grade, every_level, workers=workers)
    except OaSimError as error:
        return Check(f"[{name}] mutation", False, error.message)
    if report is None:
        return None
    counts = f"{report.generated} generated, {report.killed} caught, {report.equivalent} recorded as equivalent"
    rate = f"kill rate {report.kill_rate:.0%}"
    lines = [f"{counts}; {rate}"]
    lines += [f"survived: {edit}" for edit in report.survivors]
    lines += [f"stale in equivalent.yaml: {entry}" for entry in report.stale]
    return Check(f"[{name}] mutation", report.ok, "\n".join(lines))


def _language_jobs(problem: Problem, name: str) -> tuple[list[Check], list[tuple[str, Callable[[RunResult], Check], GradeRequest]]]:
    """The checks that need no grading, and the grading jobs, of one language's solution."""
    language = languages.get(name)
    label = f"[{name}] "
    why = language.unavailable()
    if why:
        return [Check(f"{label}toolchain", False, why)], []
    solution = problem.solutions[name]
    try:
        mutants = load_mutants(solution)
        reference = solution.reference.read_text(encoding="utf-8")
    except OaSimError as error:
        return [Check(f"{label}mutants", False, error.message)], []
    except (OSError, UnicodeDecodeError) as error:
        return [Check(f"{label}reference", False, f"cannot read {solution.reference}: {error}")], []
    checks = [Check(f"{label}mutants", True, f"{len(mutants)} declared")]
    jobs: list[tuple[str, Callable[[RunResult], Check], GradeRequest]] = []
    for variant in problem.variants or (None,):
        seen = problem.with_variant(variant)
        tag = f"{label}[{variant}] " if variant else label
        every_level = range(1, len(seen.levels) + 1)
        for hidden in (True, False):
            kind = "hidden" if hidden else "visible"
            request = grade_request(seen, language, reference, every_level, hidden=hidden)
            jobs.append((f"{tag}reference passes every {kind} test", _all_pass, request))
    starter = language.starter_source(problem)
    jobs.append((f"{label}untouched starter fails level 1", _starter_fails, grade_request(problem, language, starter, range(1, 2), hidden=True)))
    for mutant in mutants:
        if mutant.variant is not None and mutant.variant not in problem.variants:
            known = ", ".join(problem.variants) or "none"
            checks.append(Check(f"{label}mutant {mutant.name}", False, f"names variant {mutant.variant!r}; the problem's variants: {known}"))
            continue
        seen = problem.with_variant(mutant.variant)
        if mutant.level > len(seen.levels):
            checks.append(Check(f"{label}mutant {mutant.name}", False, f"declares level {mutant.level}, the problem has {len(seen.levels)}"))
            continue
        # The first failing test decides the verdict (too early, or at its level), so the rest of the
        # run is not played: most of validate's time is mutants.
        request = replace(grade_request(seen, language, mutant.source(), range(1, mutant.level + 1), hidden=True), stop_at_first_failure=True)
        where = f" ({mutant.variant})" if mutant.variant else ""
        jobs.append((f"{label}mutant {mutant.name} caught at level {mutant.level}{where}", _caught_at(mutant.level), request))
    return checks, jobs


def _graded(grade: Grader, request: GradeRequest) -> "RunResult | str":
    """The run's result, or the grader's own error as one line (one broken job must not hide the rest)."""
    try:
        return grade(request)
    except OaSimError as error:
        return error.message


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
    """Every case file reads, and every step calls a method of its level or an earlier one with
    arguments and an expected result of the declared types: what every language relies on."""
    counted: set[Path] = set()
    count = 0
    try:
        for path_levels in problem.alternatives.values() or (problem.levels,):
            for level in path_levels:
                known = {m.name: m for earlier in path_levels[: level.number] for m in earlier.methods}
                for path in (*level.visible, *level.hidden):
                    if path.suffix not in CASE_SUFFIXES:
                        continue
                    cases = load_cases(path)
                    count += 0 if path in counted else len(cases)
                    counted.add(path)
                    for case in cases:
                        problem_found = _step_problem(case, known)
                        if problem_found:
                            return Check("case files", False, f"{path}: case {case.name}, {problem_found}")
    except CaseFileError as error:
        return Check("case files", False, str(error))
    return Check("case files", True, f"{count} cases read, every step of its declared types")


def _step_problem(case, known: dict) -> str | None:
    for number, step in enumerate(case.steps, start=1):
        method = known.get(step.method)
        if method is None:
            return f"step {number}: no method {step.method!r} at this level or before"
        if len(step.args) != len(method.params):
            return f"step {number}: {step.method} takes {len(method.params)} argument(s), the step gives {len(step.args)}"
        for param, arg in zip(method.params, step.args):
            if not types.conforms(arg, param.type):
                return f"step {number}: {step.method}'s {param.name} is {types.describe(param.type)}, got {arg!r}"
        if not types.conforms(step.expected, method.returns):
            return f"step {number}: {step.method} returns {types.describe(method.returns)}, the step expects {step.expected!r}"
    return None


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
            why = f" ({early[0].message})" if early[0].message else ""
            return Check("", False, f"caught too early: level {early[0].level} {early[0].name} fails{why}")
        caught = [t.name for t in result.for_level(level) if not t.passed and t.outcome != NOT_RUN]
        if not caught:
            return Check("", False, f"not caught: every level {level} test passes")
        return Check("", True, f"caught by {len(caught)}: {', '.join(caught[:3])}" + (" ..." if len(caught) > 3 else ""))

    return judge
