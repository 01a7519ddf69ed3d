"""Go, C++ and TypeScript: ``oa-sim submit`` at level 4 against a bare program in the language.

Each bare program reads the hidden cases as data (``cases.json``, written here from the parsed
problem, so a scale case of 10,000 steps stays data and never becomes code), plays every case's
steps on a new solution object, and compares each answer with the expected value. It is built
the way oa-sim's grading builds a solution: the same compiler found the same way, the same flags,
the same caches of what never changes (Go's build cache, so neither side compiles the standard
library; a precompiled header for C++, as oa-sim keeps one), and run the way oa-sim runs its
harness (TypeScript's Node flags). Before every run of either side the solution's source gets a
new last line, so no build of the solution is reused; the ratio is of the whole, compile and run.

Each figure also says where the time goes: the bare program's compile and run, and oa-sim's
compile as the submission recorded it (``RunResult.build_seconds``); that compile begins as the
command starts, so it runs beside oa-sim's own start-up rather than before it.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.compiled_bare import SIDES, Bare
from bench.measure import Figure, oa_sim_env
from bench.measure import figures as register
from oa_sim import languages
from oa_sim.problem import catalog as problems
from oa_sim.session.store import Store

OA_SIM = str(Path(sys.executable).parent / "oa-sim")
PROBLEM = "inmemory-db"
LEVEL = 4
TARGET = 1.25
BASELINES = {"go": "bare go build + run", "cpp": "bare g++ + run", "typescript": "bare tsc + node"}


@dataclass(frozen=True)
class CompiledFigure:
    """A submit figure whose both sides are a compile and a run; medians of each part and of the whole."""

    name: str
    seconds: float
    baseline_name: str
    baseline: float
    target: float
    compile_seconds: float
    baseline_compile_seconds: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline

    @property
    def met(self) -> bool:
        return self.ratio <= self.target

    @property
    def detail(self) -> str:
        """Where the time goes, one line: each side's compile and the rest (oa-sim's compile begins
        as the command starts, so oa-sim's start-up runs beside it, not after it)."""
        def ms(value: float) -> str:
            return f"{value * 1000:.0f} ms"

        return (f"oa-sim: compile {ms(self.compile_seconds)} (its start-up runs meanwhile) + {ms(self.seconds - self.compile_seconds)} else; "
                f"bare: compile {ms(self.baseline_compile_seconds)} + run {ms(self.baseline - self.baseline_compile_seconds)}")


def new_last_line(path: Path) -> None:
    """A changed source, as a candidate's next submit has: no cached build of it can be reused."""
    text = path.read_text().split("\n// run ")[0]
    path.write_text(f"{text}\n// run {time.perf_counter_ns()}\n")


def timed(argv: list[str], cwd: Path, env: dict) -> float:
    """Wall time of one command in a fresh process, which must succeed."""
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode(errors='replace')[-800:]}")
    return elapsed


@dataclass(frozen=True)
class Submitting:
    """A workspace at level 4 of the reference, and the store that records its submissions."""

    folder: Path
    source: Path
    home: Path
    env: dict

    def run_once(self) -> tuple[float, float]:
        """(whole, compile) of one ``oa-sim submit`` of a changed source."""
        new_last_line(self.source)
        whole = timed([OA_SIM, "submit"], self.folder, self.env)
        store = Store.open(self.home)
        try:
            [record] = store.sessions()
            last = store.submissions(record.id)[-1]
            if not last.results.level_passed(LEVEL):
                raise SystemExit(f"the reference did not pass level {LEVEL} in {self.folder}: {last.results.problem}")
            return whole, last.results.build_seconds
        finally:
            store.close()


def at_level(problem: problems.Problem, language_id: str, root: Path, env: dict) -> Submitting:
    """A session of the problem's own variant (the cases the bare program plays), submitted until
    level 4 is the current level."""
    root.mkdir(parents=True)
    home = root / "home"
    env = {**env, "OA_SIM_HOME": str(home)}
    start = [OA_SIM, "start", problem.id, "--dir", "ws", "--language", language_id]
    start += ["--variant", problem.variant] if problem.variant else []  # else a variant at random
    subprocess.run(start, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    folder = root / "ws"
    source = folder / languages.get(language_id).solution_file(problem)
    shutil.copy(problem.solutions[language_id].reference, source)
    for _ in range(LEVEL - 1):
        subprocess.run([OA_SIM, "submit"], cwd=folder, env=env, check=True, stdout=subprocess.DEVNULL)
    return Submitting(folder, source, home, env)


def measure(language_id: str, scratch: Path, env: dict, runs: int, warmup: int = 1) -> CompiledFigure:
    """The figure of one language: its runs taken in turn with its baseline's, after ``warmup``."""
    problem = problems.find(PROBLEM)
    subject = at_level(problem, language_id, scratch / language_id, env)
    bare: Bare = SIDES[language_id](problem, range(1, LEVEL + 1), scratch / f"bare-{language_id}", env)
    mine, mine_compile, theirs, theirs_compile = [], [], [], []
    for index in range(warmup + runs):
        whole, compiled = subject.run_once()
        new_last_line(bare.source)
        (bare.folder / bare.output).unlink(missing_ok=True)
        built = timed(bare.compile, bare.folder, bare.env)
        ran = timed(bare.run, bare.folder, bare.env)
        if index >= warmup:
            mine.append(whole)
            mine_compile.append(compiled)
            theirs.append(built + ran)
            theirs_compile.append(built)
    name = languages.display_name(language_id)
    return CompiledFigure(
        f"submit, level 4, {name}", statistics.median(mine), BASELINES[language_id], statistics.median(theirs),
        TARGET, statistics.median(mine_compile), statistics.median(theirs_compile),
    )


def figures(scratch: Path, env: dict, runs: int, wanted) -> list[CompiledFigure]:
    """The figures of the languages this machine can grade whose names ``wanted`` accepts."""
    found = []
    for language_id in SIDES:
        name = f"submit, level 4, {languages.display_name(language_id)}"
        if wanted(name) and languages.get(language_id).unavailable() is None:
            found.append(measure(language_id, scratch, env, runs))
    return found



NAMES = tuple(f"submit, level 4, {languages.display_name(language_id)}" for language_id in SIDES)


@register(*NAMES, order=60)
def _compiled(context) -> list[Figure]:
    """The compiled languages' submit figures, each with where its time goes beside it."""
    env = oa_sim_env(context.scratch / "compiled-home")
    found = []
    for f in figures(context.folder("compiled"), env, context.runs, context.wanted):
        shown = Figure(f.name, f.seconds, f.baseline_name, f.baseline, f.target)
        object.__setattr__(shown, "detail", f.detail)  # printed under the figure's line (a frozen Figure)
        found.append(shown)
    return found
