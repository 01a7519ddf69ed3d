"""How a figure is measured, and the registry the figure modules add themselves to.

A figure is the median of several runs of a real command in a fresh process, each run taken in
turn with a run of its baseline, so a busy spell of the machine slows both alike. A module of
figures registers a group with ``@figures("name", ...)``: the names say which ``--only`` words
select it, so a group whose figures are not wanted costs nothing, not even its set-up.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from oa_sim import languages
from oa_sim.problem import catalog as problems

BIN = Path(sys.executable).parent
OA_SIM = str(BIN / "oa-sim")
MIB = 1024 * 1024


@dataclass(frozen=True)
class Figure:
    """A measured value, its baseline's, and the largest ratio between them the target allows."""

    name: str
    value: float  # seconds, or bytes when ``unit`` is MiB
    baseline_name: str
    baseline: float
    target: float
    unit: str = "ms"

    @property
    def ratio(self) -> float:
        return self.value / self.baseline

    @property
    def met(self) -> bool:
        return self.ratio <= self.target

    def shown(self, value: float) -> str:
        return f"{value * 1000:7.0f} ms" if self.unit == "ms" else f"{value / MIB:7.0f} MiB"


@dataclass(frozen=True)
class Command:
    """One command line, run in a fresh process each time."""

    argv: list[str]
    cwd: Path
    env: dict
    # A source file given a new last line before each run, as a candidate's next submit would be:
    # no cache of a compiled solution is reused, while caches of what does not change still are.
    touch: Path | None = None

    def prepare(self) -> None:
        if self.touch is not None:
            text = self.touch.read_text().split("\n// run ")[0]
            self.touch.write_text(f"{text}\n// run {time.perf_counter_ns()}\n")

    def run_once(self) -> float:
        """Wall time of one run; it must succeed or exit 1 (tests failed)."""
        self.prepare()
        started = time.perf_counter()
        done = subprocess.run(self.argv, cwd=self.cwd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - started
        _check(self.argv, done.returncode, done.stderr)
        return elapsed

    def peak_memory(self) -> float:
        """The peak resident memory of one run, in bytes: the sum of each process's peak (oa-sim's
        parent and its grading child run side by side), read from /proc while it runs, and never
        less than what the kernel reports for the largest of them once they are waited for."""
        self.prepare()
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(self.argv, cwd=self.cwd, env=self.env, stdout=subprocess.DEVNULL, stderr=errors)
            peaks: dict[int, int] = {}
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                for member in _tree(process.pid):
                    peaks[member] = max(peaks.get(member, 0), _high_water(member))
                time.sleep(0.002)
            process.returncode = os.waitstatus_to_exitcode(status)
            errors.seek(0)
            _check(self.argv, process.returncode, errors.read())
        return float(max(sum(peaks.values()), usage.ru_maxrss * 1024))


def _check(argv: list[str], returncode: int, stderr: bytes) -> None:
    if returncode not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, argv))} failed ({returncode}): {stderr.decode(errors='replace')[-500:]}")


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it, from /proc's children lists."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as listed:
                    queue += [int(child) for child in listed.read().split()]
        except OSError:
            continue
    return found


def _high_water(pid: int) -> int:
    """A process's peak resident memory so far (VmHWM), in bytes; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def paired_medians(subject: Command, baseline: Command, runs: int, warmup: int = 1) -> tuple[float, float]:
    """Medians of the two commands, run in turn, so a busy spell of the machine slows both alike."""
    mine, theirs = [], []
    for index in range(warmup + runs):
        first, second = subject.run_once(), baseline.run_once()
        if index >= warmup:
            mine.append(first)
            theirs.append(second)
    return statistics.median(mine), statistics.median(theirs)


def timed(name: str, subject: Command, baseline_name: str, baseline: Command, target: float, runs: int) -> Figure:
    """A figure of wall time: the subject's median against the baseline's."""
    seconds, base = paired_medians(subject, baseline, runs)
    return Figure(name, seconds, baseline_name, base, target)


def memory(name: str, subject: Command, baseline_name: str, baseline: Command, target: float, runs: int = 3) -> Figure:
    """A figure of peak resident memory (the median of a few runs each, taken in turn)."""
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(subject.peak_memory())
        theirs.append(baseline.peak_memory())
    return Figure(name, statistics.median(mine), baseline_name, statistics.median(theirs), target, unit="MiB")


# -- what every group shares ---------------------------------------------------------------------


@dataclass
class Bench:
    """What a group of figures is handed: the scratch folder, the runs a figure, the ``--only``
    words, and set-ups shared between groups (a session at level 4, say), made once."""

    scratch: Path
    runs: int
    only: str = ""
    _made: dict[str, Any] = field(default_factory=dict)

    def wanted(self, name: str) -> bool:
        return self.only.lower() in name.lower()

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    def folder(self, name: str) -> Path:
        """A new empty folder in the scratch space."""
        path = self.scratch / name
        path.mkdir(parents=True)
        return path

    def session_at_level(self, name: str, level: int, *, language: str = "python", variant: str | None = "transactions",
                         problems_dir: Path | None = None, problem_id: str = "inmemory-db") -> tuple[Path, dict]:
        """A workspace (and its environment, with a home of its own) whose session is at ``level``,
        reached by submitting the reference solution; made once a name."""

        def make() -> tuple[Path, dict]:
            env = oa_sim_env(self.scratch / f"{name}-home", problems_dir)
            return workspace_at_level(problem_id, level, self.folder(name), env, language, variant), env

        return self.once(f"session:{name}", make)


@dataclass(frozen=True)
class Group:
    names: tuple[str, ...]
    run: Callable[[Bench], Iterable[Figure]]
    order: int


REGISTRY: list[Group] = []


def figures(*names: str, order: int = 50) -> Callable:
    """Register a group of figures under their names (lower ``order`` runs first)."""

    def register(run: Callable[[Bench], Iterable[Figure]]) -> Callable[[Bench], Iterable[Figure]]:
        REGISTRY.append(Group(names, run, order))
        return run

    return register


# -- sessions and environments ------------------------------------------------------------------


def oa_sim_env(home: Path, problems_dir: Path | None = None) -> dict:
    env = {**os.environ, "OA_SIM_HOME": str(home), "COLUMNS": "100"}
    env.pop("PYTEST_ADDOPTS", None)
    # as on a user's machine, where pip compiled the package at install: cache bytecode
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if problems_dir:
        env["OA_SIM_PROBLEMS"] = str(problems_dir)
    return env


def find_problem(problem_id: str, env: dict, variant: str | None = None) -> problems.Problem:
    dirs = [Path(env["OA_SIM_PROBLEMS"])] if "OA_SIM_PROBLEMS" in env else None
    problem = problems.find(problem_id, dirs)
    return problem.with_variant(variant) if variant and problem.variants else problem


def workspace_at_level(problem_id: str, level: int, root: Path, env: dict, language_id: str = "python",
                       variant: str | None = None) -> Path:
    """Start a session and submit the reference until ``level`` is the current level."""
    problem = find_problem(problem_id, env, variant)
    start = [OA_SIM, "start", problem_id, "--dir", "ws", "--language", language_id]
    if variant and problem.variants:
        start += ["--variant", variant]
    subprocess.run(start, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    folder = root / "ws"
    language = languages.get(language_id)
    shutil.copy(problem.solutions[language_id].reference, folder / language.solution_file(problem))
    for _ in range(level - 1):
        subprocess.run([OA_SIM, "submit"], cwd=folder, env=env, check=True, stdout=subprocess.DEVNULL)
    return folder
