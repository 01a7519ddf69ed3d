"""Every test gets its own oa-sim home, a controllable clock, and the toy problem."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from oa_sim.cli import Env, cli
from oa_sim.grading.results import PASSED, FAILED, RunResult, TestResult

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


def still_running(pid: int, wait: float = 2.0) -> bool:
    """Whether ``pid`` still runs after ``wait`` seconds; a zombie awaiting its reaper counts as ended."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists() and stat.read_text().rpartition(")")[2].split()[0] == "Z":
            return False
        time.sleep(0.05)
    return True


@pytest.fixture(autouse=True)
def oa_sim_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("oa-sim-home")
    monkeypatch.setenv("OA_SIM_HOME", str(home))
    monkeypatch.delenv("OA_SIM_PROBLEMS", raising=False)
    monkeypatch.setenv("COLUMNS", "200")  # assertions read whole lines, not lines wrapped at 80
    return home


@pytest.fixture
def problems_dir(tmp_path) -> Path:
    """A private copy of the fixture problems, safe to damage."""
    target = tmp_path / "problems"
    shutil.copytree(FIXTURES / "problems", target)
    return target


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@dataclass
class ScriptedGrader:
    """Grades by a script instead of running code: ``passing[level]`` says how many tests pass.

    Used where a test is about the session rules, not about grading (which has its own tests).
    """

    passing: dict[int, int] = field(default_factory=dict)
    tests_per_level: int = 4
    requests: list = field(default_factory=list)

    def __call__(self, request, on_result=None) -> RunResult:
        self.requests.append(request)
        tests = []
        for suite in request.suites:
            for index in range(self.tests_per_level):
                ok = index < self.passing.get(suite.level, 0)
                result = TestResult(
                    id=f"{suite.level}/case_{index}",
                    level=suite.level,
                    name=f"case_{index}",
                    description=f"case {index} of level {suite.level}",
                    outcome=PASSED if ok else FAILED,
                    message="" if ok else "step 1 (get) returned a wrong result",
                    detail="" if ok else "case_{index}: ...\n  1. get('a') -> expected 1, got 2",
                )
                tests.append(result)
                if on_result:
                    on_result(result)
        return RunResult(tuple(tests))


@pytest.fixture
def grader() -> ScriptedGrader:
    return ScriptedGrader()


@dataclass
class Cli:
    """Runs oa-sim commands in-process, in a folder of the test's, with the injected clock and grader."""

    cwd: Path
    clock: FakeClock
    grader: object | None
    problems_dir: Path | None

    def __call__(self, *args: str, cwd: Path | None = None):
        env = Env(clock=self.clock, sleep=self.clock.sleep, cwd=cwd or self.cwd, grader=self.grader)
        extra = ["--problems-dir", str(self.problems_dir)] if self.problems_dir else []
        return CliRunner().invoke(cli, [*extra, *args], obj=env, catch_exceptions=False)


@pytest.fixture
def run(tmp_path, clock, grader, problems_dir) -> Cli:
    """oa-sim with the toy problem available and a scripted grader."""
    work = tmp_path / "work"
    work.mkdir()
    return Cli(work, clock, grader, problems_dir)
