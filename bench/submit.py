"""Python's submit against bare pytest and against the floor, at level 4 and on a 10,000-case suite."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

from bench.measure import OA_SIM, Bench, Command, figures, find_problem, memory, timed
from oa_sim import languages
from oa_sim.problem import catalog as problems
from oa_sim.problem.cases import load_cases
from oa_sim.problem.model import CASE_SUFFIXES

PYTHON = languages.get("python")
LEVEL_4 = "submit, level 4 (all four hidden suites)"
FLOOR = "submit, level 4, against the floor"
BIG = "submit, 10,000 hidden tests at one level"
BIG_MEMORY = "submit, 10,000 hidden tests: peak memory"
VARIANT = "transactions"  # the session's variant and its baselines' are one and the same


def hidden_case_files(problem: problems.Problem, levels: range) -> list[Path]:
    return [path for level in levels for path in problem.level(level).hidden if path.suffix in CASE_SUFFIXES]


def _solution_beside(problem: problems.Problem, levels: range, where: Path) -> str:
    """Write the interface and the reference solution into ``where``; return the solution's module."""
    where.mkdir(parents=True)
    (where / PYTHON.interface_file(problem)).write_text(PYTHON.interface_source(problem, max(levels)))
    module = PYTHON.solution_file(problem).removesuffix(".py")
    (where / f"{module}.py").write_text(problem.solutions["python"].reference.read_text())
    return module


def bare_pytest_folder(problem: problems.Problem, levels: range, where: Path) -> Path:
    """The same hidden cases played by one plain parametrized pytest test beside the same solution:
    what a bare pytest run of this suite costs (a case of 30,000 steps as a loop, as one would write it)."""
    module = _solution_beside(problem, levels, where)
    cases = {
        f"{path.parent.name}_{case.name}": [[step.method, list(step.args), step.expected] for step in case.steps]
        for path in hidden_case_files(problem, levels)
        for case in load_cases(path)
    }
    (where / "cases.json").write_text(json.dumps(cases))
    (where / "test_hidden.py").write_text(
        "import json, pathlib\n\nimport pytest\n\n"
        f"from {module} import {problem.impl_class}\n\n"
        "CASES = json.loads((pathlib.Path(__file__).parent / 'cases.json').read_text())\n\n\n"
        "@pytest.mark.parametrize('name', CASES)\n"
        "def test_case(name):\n"
        f"    solution = {problem.impl_class}()\n"
        "    for method, args, expected in CASES[name]:\n"
        "        assert getattr(solution, method)(*args) == expected\n"
    )
    return where


def floor_folder(problem: problems.Problem, levels: range, where: Path) -> Path:
    """The least any grader of these cases can do: a plain script that parses the same case files
    (with oa-sim's own parser, the format's one reader) and plays every step on the same solution."""
    module = _solution_beside(problem, levels, where)
    files = [str(path) for path in hidden_case_files(problem, levels)]
    (where / "floor.py").write_text(
        "import sys\n\n"
        "from oa_sim.problem.cases import load_cases\n\n"
        f"from {module} import {problem.impl_class}\n\n"
        f"for path in {files!r}:\n"
        "    for case in load_cases(path):\n"
        f"        solution = {problem.impl_class}()\n"
        "        for method, args, expected in case.steps:\n"
        "            if getattr(solution, method)(*args) != expected:\n"
        "                sys.exit(f'{case.name}: {method} gave a wrong answer')\n"
    )
    return where


def bare_pytest(folder: Path) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)]


@figures(LEVEL_4, FLOOR, order=10)
def level_4(bench: Bench):
    folder, env = bench.session_at_level("a", 4, variant=VARIANT)
    problem = find_problem("inmemory-db", env, VARIANT)
    submit = Command([OA_SIM, "submit"], folder, env)
    if bench.wanted(LEVEL_4):
        bare = bare_pytest_folder(problem, range(1, 5), bench.scratch / "bare-4")
        yield timed(LEVEL_4, submit, "bare pytest, same tests", Command(bare_pytest(bare), bare, env), 1.10, bench.runs)
    if bench.wanted(FLOOR):
        floor = floor_folder(problem, range(1, 5), bench.scratch / "floor-4")
        script = Command([sys.executable, "floor.py"], floor, env)
        yield timed(FLOOR, submit, "a script playing the cases", script, 2.5, bench.runs)


def synthetic_problem(root: Path, cases: int) -> Path:
    """A one-level copy of the toy problem whose hidden suite holds ``cases`` cases."""
    fixtures = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "problems" / "toy"
    folder = root / "toy"
    shutil.copytree(fixtures, folder)
    lines = ["cases:"]
    for index in range(cases):
        lines += [
            f"  - name: case_{index}",
            f"    description: counter {index} adds up",
            "    steps:",
            f'      - [add, ["c{index}", {index}], {index}]',
            f'      - [add, ["c{index}", 1], {index + 1}]',
            f'      - [get, ["c{index}"], {index + 1}]',
        ]
    (folder / "tests" / "level_1" / "hidden.yaml").write_text("\n".join(lines) + "\n")
    # A whole run of ten thousand tests takes seconds: its limit must not be what the figure measures.
    spec = folder / "problem.yaml"
    spec.write_text(re.sub(r"(?m)^run_time_limit: .*$", "run_time_limit: 10m", spec.read_text()))
    (folder / "manifest.sha256").unlink(missing_ok=True)  # the suite is not the one the manifest lists
    return root


@figures(BIG, BIG_MEMORY, order=20)
def big_suite(bench: Bench):
    big = synthetic_problem(bench.scratch / "big-problems", 10_000)
    folder, env = bench.session_at_level("big", 1, problems_dir=big, problem_id="toy", variant=None)
    bare = bare_pytest_folder(problems.find("toy", [big]), range(1, 2), bench.scratch / "bare-10000")
    submit, baseline = Command([OA_SIM, "submit"], folder, env), Command(bare_pytest(bare), bare, env)
    if bench.wanted(BIG):
        yield timed(BIG, submit, "bare pytest, same tests", baseline, 1.10, bench.runs)
    if bench.wanted(BIG_MEMORY):
        yield memory(BIG_MEMORY, submit, "bare pytest, same tests", baseline, 1.5)
