"""JavaScript's and Java's submit against a plain program of their own playing the same cases."""

from __future__ import annotations

import json
from pathlib import Path

from bench.measure import OA_SIM, Bench, Command, figures, find_problem, timed
from bench.submit import VARIANT, hidden_case_files
from oa_sim import languages
from oa_sim.problem import catalog as problems
from oa_sim.problem.cases import load_cases

JAVASCRIPT = "submit, level 4, JavaScript"
JAVA = "submit, level 4, Java"


def bare_node_folder(problem: problems.Problem, levels: range, where: Path) -> Path:
    """The same hidden cases played by a plain Node script on the same solution: JavaScript's floor."""
    language = languages.get("javascript")
    where.mkdir(parents=True)
    (where / language.interface_file(problem)).write_text(language.interface_source(problem, max(levels)))
    solution = language.solution_file(problem)
    (where / solution).write_text(problem.solutions["javascript"].reference.read_text())
    cases = [
        [[language.method_name(step.method), list(step.args), step.expected] for step in case.steps]
        for path in hidden_case_files(problem, levels)
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
    for path in hidden_case_files(problem, levels):
        for case in load_cases(path):
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


@figures(JAVASCRIPT, order=60)
def javascript(bench: Bench):
    if languages.get("javascript").unavailable() is not None:
        return
    folder, env = bench.session_at_level("js", 4, language="javascript", variant=VARIANT)
    bare = bare_node_folder(find_problem("inmemory-db", env, VARIANT), range(1, 5), bench.scratch / "bare-js")
    yield timed(JAVASCRIPT, Command([OA_SIM, "submit"], folder, env), "bare node, same cases",
                Command(["node", "bare.js"], bare, env), 1.25, bench.runs)


@figures(JAVA, order=61)
def java(bench: Bench):
    language = languages.get("java")
    if language.unavailable() is not None:
        return
    folder, env = bench.session_at_level("java", 4, language="java", variant=VARIANT)
    problem = find_problem("inmemory-db", env, VARIANT)
    bare, command = bare_java_folder(problem, range(1, 5), bench.scratch / "bare-java")
    solution = language.solution_file(problem)
    yield timed(JAVA, Command([OA_SIM, "submit"], folder, env, folder / solution), "bare javac + java, same cases",
                Command(command, bare, env, bare / solution), 1.25, bench.runs)
