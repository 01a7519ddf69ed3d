"""oa-sim's speed targets, measured as ratios against baselines taken in the same run.

Run by hand from a checkout with oa-sim installed (``.venv/bin/python bench/run.py``). Each figure
is the median of several runs of a real command in a fresh process; each target is a ratio, so a
slow or busy machine moves figure and baseline together. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import compiled  # bench/compiled.py: the Go, C++ and TypeScript submit figures
from oa_sim import languages
from oa_sim.problem import catalog as problems
from oa_sim.problem import manifest
from oa_sim.problem.cases import load_cases
from oa_sim.problem.model import CASE_SUFFIXES
from oa_sim.session.store import Store

PYTHON = languages.get("python")

BIN = Path(sys.executable).parent
OA_SIM = str(BIN / "oa-sim")


@dataclass(frozen=True)
class Figure:
    name: str
    seconds: float
    baseline_name: str
    baseline: float
    target: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline

    @property
    def met(self) -> bool:
        return self.ratio <= self.target


@dataclass(frozen=True)
class Command:
    argv: list[str]
    cwd: Path
    env: dict
    # A source file given a new last line before each run, as a candidate's next submit would be:
    # no cache of a compiled solution is reused, while caches of what does not change still are.
    touch: Path | None = None

    def run_once(self) -> float:
        """Wall time of one run in a fresh process; it must succeed or exit 1 (tests failed)."""
        if self.touch is not None:
            text = self.touch.read_text().split("\n// run ")[0]
            self.touch.write_text(f"{text}\n// run {time.perf_counter_ns()}\n")
        started = time.perf_counter()
        done = subprocess.run(self.argv, cwd=self.cwd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - started
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(self.argv)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
        return elapsed


def paired_medians(subject: Command, baseline: Command, runs: int, warmup: int = 1) -> tuple[float, float]:
    """Medians of the two commands, run in turn, so a busy spell of the machine slows both alike."""
    mine, theirs = [], []
    for index in range(warmup + runs):
        first, second = subject.run_once(), baseline.run_once()
        if index >= warmup:
            mine.append(first)
            theirs.append(second)
    return statistics.median(mine), statistics.median(theirs)


def figure(name: str, subject: Command, baseline_name: str, baseline: Command, target: float, runs: int) -> Figure:
    seconds, base = paired_medians(subject, baseline, runs)
    return Figure(name, seconds, baseline_name, base, target)


def bare_pytest_folder(problem: problems.Problem, levels: range, where: Path) -> Path:
    """The same hidden cases played by one plain parametrized pytest test beside the same solution:
    what a bare pytest run of this suite costs (a case of 30,000 steps as a loop, as one would write it)."""
    where.mkdir(parents=True)
    (where / PYTHON.interface_file(problem)).write_text(PYTHON.interface_source(problem, max(levels)))
    module = PYTHON.solution_file(problem).removesuffix(".py")
    (where / f"{module}.py").write_text(problem.solutions["python"].reference.read_text())
    cases = {
        f"level_{level}_{case.name}": [[step.method, list(step.args), step.expected] for step in case.steps]
        for level in levels
        for path in problem.level(level).hidden
        if path.suffix in CASE_SUFFIXES
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


def bare_node_folder(problem: problems.Problem, levels: range, where: Path) -> Path:
    """The same hidden cases played by a plain Node script on the same solution: JavaScript's floor."""
    language = languages.get("javascript")
    where.mkdir(parents=True)
    (where / language.interface_file(problem)).write_text(language.interface_source(problem, max(levels)))
    solution = language.solution_file(problem)
    (where / solution).write_text(problem.solutions["javascript"].reference.read_text())
    cases = [
        [[language.method_name(step.method), list(step.args), step.expected] for step in case.steps]
        for level in levels
        for path in problem.level(level).hidden
        if path.suffix in CASE_SUFFIXES
        for case in load_cases(path)
    ]
    (where / "cases.json").write_text(json.dumps(cases))
    (where / "bare.js").write_text(
        "const assert = require('node:assert/strict');\n"
        f"const {{ {problem.impl_class} }} = require('./{solution}');\n"
        "for (const steps of require('./cases.json')) {\n"
        f"  const solution = new {problem.impl_class}();\n"
        "  for (const [method, args, expected] of steps) {\n"
        "    const got = solution[method](...args);\n"
        "    if (expected !== null || got !== undefined) assert.deepEqual(got, expected);\n"
        "  }\n"
        "}\n"
    )
    return where


def bare_java_folder(problem: problems.Problem, levels: range, where: Path) -> tuple[Path, list[str]]:
    """The same hidden cases played by a plain Java program on the same solution, compiled and run
    with the flags oa-sim's own compile and harness use: Java's floor. Its command compiles, then runs."""
    from oa_sim.languages.java import sources, toolchain

    language = languages.get("java")
    wide = sources.uses_long(problem)
    where.mkdir(parents=True)
    (where / language.interface_file(problem)).write_text(language.interface_source(problem, max(levels)))
    (where / language.solution_file(problem)).write_text(problem.solutions["java"].reference.read_text())
    parse = {"string": "{}", "integer": "Long.parseLong({})" if wide else "Integer.parseInt({})", "boolean": "Boolean.parseBoolean({})"}
    branches = []
    for method in (m for level in problem.levels[: max(levels)] for m in level.methods):
        args = ", ".join(parse[p.type.kind].format(f"a[{i + 1}]") for i, p in enumerate(method.params))
        call = f"solution.{language.method_name(method.name)}({args})"
        branches.append(f'                case "{method.name}": {call + "; got = null" if method.returns.is_void else "got = " + call}; break;')
    (where / "Bare.java").write_text(
        "import java.nio.file.*;\nimport java.util.*;\n\npublic class Bare {\n"
        "    static String render(Object v) {\n"
        "        if (v instanceof List) { List<String> items = new ArrayList<>(); for (Object i : (List<?>) v) items.add(render(i)); return \"[\" + String.join(\",\", items) + \"]\"; }\n"
        "        return String.valueOf(v);\n    }\n\n"
        "    public static void main(String[] args) throws Exception {\n"
        f"        {problem.interface_class} solution = null;\n"
        "        for (String line : Files.readAllLines(Path.of(\"cases.txt\"))) {\n"
        f"            if (line.equals(\"=\")) {{ solution = new {problem.impl_class}(); continue; }}\n"
        "            String[] a = line.split(\"\\u0001\", -1);\n            Object got;\n            switch (a[0]) {\n"
        + "\n".join(branches)
        + "\n                default: throw new IllegalStateException(a[0]);\n            }\n"
        "            if (!render(got).equals(a[a.length - 1])) throw new AssertionError(line);\n        }\n    }\n}\n"
    )

    def render(value) -> str:
        if isinstance(value, list):
            return "[" + ",".join(render(item) for item in value) + "]"
        return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)

    lines = []
    for level in levels:
        for path in problem.level(level).hidden:
            for case in load_cases(path) if path.suffix in CASE_SUFFIXES else []:
                lines.append("=")
                lines += ["\u0001".join([step.method, *map(render, step.args), render(step.expected)]) for step in case.steps]
    (where / "cases.txt").write_text("\n".join(lines) + "\n")
    jdk = toolchain.find()
    toolchain.ensure_harness(jdk)
    archive = toolchain.harness_home() / "javac.jsa"
    javac = [jdk.javac, *(f"-J{flag}" for flag in toolchain.JAVAC_JVM), f"-J-XX:SharedArchiveFile={archive}", *toolchain.JAVAC_OPTIONS]
    java = [jdk.java, "-Xmx1024m", *toolchain.JVM_FLAGS, "-cp", "classes", "Bare"]
    script = f"{' '.join(javac)} -d classes *.java && {' '.join(java)}"
    return where, ["sh", "-c", script]


def bare_pytest(folder: Path) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)]


def oa_sim_env(home: Path, problems_dir: Path | None = None) -> dict:
    env = {**os.environ, "OA_SIM_HOME": str(home), "COLUMNS": "100"}
    env.pop("PYTEST_ADDOPTS", None)
    # as on a user's machine, where pip compiled the package at install: cache bytecode
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if problems_dir:
        env["OA_SIM_PROBLEMS"] = str(problems_dir)
    return env


def workspace_at_level(problem_id: str, level: int, root: Path, env: dict, language_id: str = "python") -> Path:
    """Start a session and submit the reference until ``level`` is the current level."""
    start = [OA_SIM, "start", problem_id, "--dir", "ws", "--language", language_id]
    subprocess.run(start, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    folder = root / "ws"
    problem = problems.find(problem_id, [Path(env["OA_SIM_PROBLEMS"])] if "OA_SIM_PROBLEMS" in env else None)
    language = languages.get(language_id)
    shutil.copy(problem.solutions[language_id].reference, folder / language.solution_file(problem))
    for _ in range(level - 1):
        subprocess.run([OA_SIM, "submit"], cwd=folder, env=env, check=True, stdout=subprocess.DEVNULL)
    return folder


def fill_history(home: Path, sessions: int) -> None:
    """A store with ``sessions`` finished sessions, each with a few real-shaped submissions."""
    problem = problems.find("inmemory-db")
    from oa_sim import session as rules
    from oa_sim.grading import grade

    reference = problem.solutions["python"].reference.read_text()
    results = grade(rules.grade_request(problem, PYTHON, reference, range(1, 5), hidden=True))
    store = Store.open(home)
    start = time.time() - sessions * 7200
    for index in range(sessions):
        record = store.create_session(
            problem_id=problem.id,
            problem_title=problem.title,
            problem_fingerprint=manifest.snapshot(problem).fingerprint,
            workspace=home / f"ws-{index}",
            started_at=start + index * 7200,
            time_limit=problem.time_limit,
            level_count=4,
        )
        for number, level in enumerate((1, 2, 3, 4), start=1):
            store.add_submission(record.id, submitted_at=record.started_at + number * 600, level=level, source=reference, results=results)
        store.finish(record.id, record.started_at + 3000, "finished")
    store.close()


def pad_submissions(home: Path, count: int) -> None:
    """Bring the store's one session to ``count`` submissions, each a copy of its last: a long session."""
    store = Store.open(home)
    [record] = store.sessions()
    last = store.submissions(record.id)[-1]
    for index in range(count - len(store.submissions(record.id))):
        store.add_submission(record.id, submitted_at=last.submitted_at + 0.001 * (index + 1), level=last.level,
                             source=last.source, results=last.results)
    store.close()


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
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per figure (the median is reported)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--only", metavar="WORDS", default="", help="only the figures whose name holds these words (say, Go)")
    args = parser.parse_args()

    def wanted(name: str) -> bool:
        return args.only.lower() in name.lower()

    runs = max(7, args.runs)
    figures: list[Figure] = []
    scratch = Path(tempfile.mkdtemp(prefix="oa-sim-bench-"))
    try:
        env = oa_sim_env(scratch / "home")
        (scratch / "a").mkdir()
        folder = workspace_at_level("inmemory-db", 4, scratch / "a", env)
        problem = problems.find("inmemory-db")
        bare = bare_pytest_folder(problem, range(1, 5), scratch / "bare-4")
        if wanted("submit, level 4 (all four hidden suites)"):
            figures.append(figure(
                "submit, level 4 (all four hidden suites)", Command([OA_SIM, "submit"], folder, env),
                "bare pytest, same tests", Command(bare_pytest(bare), bare, env), 1.25, runs))

        if wanted("JavaScript") and languages.get("javascript").unavailable() is None:
            (scratch / "js").mkdir()
            js_folder = workspace_at_level("inmemory-db", 4, scratch / "js", env, "javascript")
            bare_js = bare_node_folder(problem, range(1, 5), scratch / "bare-js")
            figures.append(figure(
                "submit, level 4, JavaScript", Command([OA_SIM, "submit"], js_folder, env),
                "bare node, same cases", Command(["node", "bare.js"], bare_js, env), 1.25, runs))

        if wanted("Java") and languages.get("java").unavailable() is None:
            java = languages.get("java")
            (scratch / "java").mkdir()
            java_folder = workspace_at_level("inmemory-db", 4, scratch / "java", env, "java")
            bare_java, bare_java_command = bare_java_folder(problem, range(1, 5), scratch / "bare-java")
            figures.append(figure(
                "submit, level 4, Java", Command([OA_SIM, "submit"], java_folder, env, java_folder / java.solution_file(problem)),
                "bare javac + java, same cases",
                Command(bare_java_command, bare_java, env, bare_java / java.solution_file(problem)), 1.25, runs))

        figures += compiled.figures(scratch, env, runs, wanted)

        if not wanted("oa-sim status, --help, spec, report, history, 500, 300 submissions"):
            return _print(figures, runs, args.json)
        click_import = Command([sys.executable, "-c", "import click"], scratch, env)
        status = Command([OA_SIM, "status"], folder, env)
        for name, command in [("oa-sim status", status), ("oa-sim --help", Command([OA_SIM, "--help"], folder, env)),
                              ("oa-sim spec", Command([OA_SIM, "spec"], folder, env))]:
            figures.append(figure(name, command, 'python -c "import click"', click_import, 4.0, runs))

        if wanted("300 submissions"):
            few_env, many_env = oa_sim_env(scratch / "few-home"), oa_sim_env(scratch / "long-home")
            (scratch / "few").mkdir()
            (scratch / "long").mkdir()
            few = workspace_at_level("inmemory-db", 4, scratch / "few", few_env)  # 3 submissions
            long = workspace_at_level("inmemory-db", 4, scratch / "long", many_env)
            pad_submissions(scratch / "long-home", 300)
            figures.append(figure(
                "status, session of 300 submissions", Command([OA_SIM, "status"], long, many_env),
                "status, session of 3", Command([OA_SIM, "status"], few, few_env), 1.10, runs))
            figures.append(figure(
                "report, session of 300 submissions", Command([OA_SIM, "report"], long, many_env),
                "report, session of 3", Command([OA_SIM, "report"], few, few_env), 1.50, runs))

        one_home, many_home = scratch / "one", scratch / "many"
        fill_history(one_home, 1)
        fill_history(many_home, 1000)
        figures.append(figure(
            "report, store of 1,000 sessions", Command([OA_SIM, "report", "1000"], scratch, oa_sim_env(many_home)),
            "report, store of 1 session", Command([OA_SIM, "report", "1"], scratch, oa_sim_env(one_home)), 2.0, runs))
        figures.append(figure(
            "history, 1,000 sessions", Command([OA_SIM, "history"], scratch, oa_sim_env(many_home)),
            "oa-sim status", status, 3.0, runs))

        big = synthetic_problem(scratch / "big-problems", 500)
        big_env = oa_sim_env(scratch / "big-home", big)
        (scratch / "b").mkdir()
        big_folder = workspace_at_level("toy", 1, scratch / "b", big_env)
        big_bare = bare_pytest_folder(problems.find("toy", [big]), range(1, 2), scratch / "bare-500")
        figures.append(figure(
            "submit, 500 hidden tests at one level", Command([OA_SIM, "submit"], big_folder, big_env),
            "bare pytest, same tests", Command(bare_pytest(big_bare), big_bare, big_env), 1.25, runs))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return _print(figures, runs, args.json)


def _print(figures: list[Figure], runs: int, as_json: bool) -> int:
    if as_json:
        print(json.dumps([{**f.__dict__, "ratio": f.ratio, "met": f.met} for f in figures], indent=2))
    else:
        print(f"oa-sim benchmark · {platform.node()} · {platform.processor() or platform.machine()} · "
              f"{os.cpu_count()} cores · Python {platform.python_version()} · median of {runs} runs, each figure's runs taken in turn with its baseline's")
        width = max(len(f.name) for f in figures)
        for f in figures:
            verdict = "ok" if f.met else "MISSED"
            print(f"{f.name:<{width}}  {f.seconds * 1000:7.0f} ms  vs {f.baseline_name:<28} {f.baseline * 1000:7.0f} ms"
                  f"  = {f.ratio:4.2f}x  (target ≤ {f.target:.2f}x)  {verdict}")
            if getattr(f, "detail", ""):  # where a compiled language's time goes
                print(f"{'':<{width}}    {f.detail}")
    return 0 if all(f.met for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
