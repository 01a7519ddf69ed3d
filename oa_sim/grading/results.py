"""What a grading run hands back: one ``TestResult`` a test, gathered in a ``RunResult``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from oa_sim.problem.cases import Case

PASSED = "passed"
FAILED = "failed"  # wrong answer
ERROR = "error"  # the candidate's code raised, exited, or could not be loaded
TIMEOUT = "timeout"  # over the per-test limit
CRASHED = "crashed"  # the test process died during this test
NOT_RUN = "not_run"  # the run stopped before reaching it
OUTCOMES = (PASSED, FAILED, ERROR, TIMEOUT, CRASHED, NOT_RUN)
# Said by a harness, never recorded: the case's calls were played and its answers come with the
# event, for the parent to judge. A harness never says "passed" for a case.
ANSWERED = "answered"
# The level of a sandbox test: the candidate's own case, of no level, never scored nor recorded.
SANDBOX_LEVEL = 0


def level_passed(passed: int, total: int) -> bool:
    """The rule of "level passed": every one of its hidden tests passed, and it has at least one.

    The one home of the rule: results, the record's tallies and the history all ask it.
    """
    return total > 0 and passed == total


def tallies_of(tests: Any) -> dict[int, tuple[int, int]]:
    """Level -> (tests passed, tests graded), from ``TestResult``s or their recorded dicts."""
    counts: dict[int, list[int]] = {}
    for test in tests:
        level, outcome = (test.level, test.outcome) if isinstance(test, TestResult) else (test["level"], test["outcome"])
        entry = counts.setdefault(int(level), [0, 0])
        entry[0] += outcome == PASSED
        entry[1] += 1
    return {level: (passed, total) for level, (passed, total) in sorted(counts.items())}


@dataclass(frozen=True)
class TestResult:
    """One test's verdict.

    ``message`` is one line that is safe to show for a hidden test (what went wrong, never the
    expected values nor the test's code); ``detail`` is the full account (a transcript of the calls,
    expected and got, or a traceback) that only ``report --reveal`` shows, after the session.
    """

    __test__ = False  # not a pytest test class, despite the name

    id: str
    level: int
    name: str
    description: str
    outcome: str
    message: str = ""
    detail: str = ""
    duration: float = 0.0

    @property
    def passed(self) -> bool:
        return self.outcome == PASSED


@dataclass(frozen=True)
class RunResult:
    """All verdicts of one run, plus ``problem``: one line on what stopped or spoiled the run, if anything."""

    tests: tuple[TestResult, ...]
    problem: str | None = None
    duration: float = 0.0
    build_seconds: float = 0.0  # of ``duration``, the compile of a compiled language (none for the others)

    def for_level(self, level: int) -> tuple[TestResult, ...]:
        return tuple(t for t in self.tests if t.level == level)

    def passed_count(self, level: int) -> int:
        return sum(1 for t in self.for_level(level) if t.passed)

    def level_passed(self, level: int) -> bool:
        return level_passed(self.passed_count(level), len(self.for_level(level)))

    def split_sandbox(self) -> tuple["RunResult", "RunResult"]:
        """(the levels' tests, the sandbox's), each with what spoiled the run: they ran as one."""
        levels = tuple(t for t in self.tests if t.level != SANDBOX_LEVEL)
        sandbox = tuple(t for t in self.tests if t.level == SANDBOX_LEVEL)
        return RunResult(levels, self.problem, self.duration), RunResult(sandbox, self.problem, self.duration)

    def to_dict(self) -> dict[str, Any]:
        # Field by field rather than ``asdict``, whose deep copy of every value costs a second on a
        # suite of ten thousand tests; every field is a plain string or number already.
        return {
            "tests": [dict(vars(test)) for test in self.tests], "problem": self.problem, "duration": self.duration,
            "build_seconds": self.build_seconds,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunResult":
        return cls(
            tests=tuple(TestResult(**t) for t in data.get("tests", [])),
            problem=data.get("problem"),
            duration=data.get("duration", 0.0),
            build_seconds=data.get("build_seconds", 0.0),
        )


@dataclass(frozen=True)
class Suite:
    """The test files of one level."""

    level: int
    files: tuple[Path, ...]


@dataclass(frozen=True)
class GradeRequest:
    """Everything a grading run needs; nothing about sessions or stores.

    The solution travels as source text (read once by the caller, with the candidate's other source
    files) so the grader never imports from, runs in, or puts on ``sys.path`` the candidate's folder. ``language`` is an id of
    ``oa_sim.languages``; the file names are the workspace's, as that language names them.
    """

    language: str
    source: str
    solution_file: str
    impl_class: str
    interface_file: str
    interface_source: str
    suites: tuple[Suite, ...]
    test_time_limit: float
    run_time_limit: float
    # Loading the solution (its imports, module-level set-up) has its own allowance: the per-test
    # limit starts once it is loaded, so a solution that imports a large library is not timed out.
    load_time_limit: float = 5.0
    memory_limit_mb: int = 1024
    output_limit_bytes: int = 64 * 1024
    file_size_limit_bytes: int = 64 * 1024 * 1024  # a huge print fails instead of stalling for seconds
    # sha256 of each test file (by str(path)) as verified by the caller; the grader refuses a file
    # whose bytes differ, and a run whose private copy of the files changes while it goes on.
    checksums: dict[str, str] = field(default_factory=dict)
    # Neutral names of the methods whose result is no value: a language without one null (JavaScript's
    # undefined) passes such a step with either.
    void_methods: tuple[str, ...] = ()
    # Stop once a test does not pass (the rest "not run"): all a mutation run needs to know.
    stop_at_first_failure: bool = False
    only: str | None = None  # run just the cases whose name holds this (`oa-sim test NAME`)
    # The candidate's own cases (the workspace's sandbox file), already checked against the
    # unlocked methods: judged like the others, reported at SANDBOX_LEVEL, after the suites.
    sandbox: "tuple[Case, ...]" = ()
    # The candidate's other source files, (name, text) by name: modules, classes or headers beside
    # the solution file, graded with it. Which files they are is the language's rule.
    extra_sources: tuple[tuple[str, str], ...] = ()

    @property
    def sources(self) -> tuple[tuple[str, str], ...]:
        """Every source file of the candidate's, (name, text), the solution file first."""
        return ((self.solution_file, self.source), *self.extra_sources)
    # Where parsed case files are kept between runs (see oa_sim.problem.parse_cache); None parses each time.
    cache_dir: str | None = None
