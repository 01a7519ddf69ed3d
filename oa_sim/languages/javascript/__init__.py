"""JavaScript (Node.js, CommonJS): a workspace a Node candidate would expect, graded by ``harness.js``.

The workspace holds the interface as a base class with JSDoc, the class the candidate writes, the
sample tests for Node's built-in runner (``node --test``), and a ``package.json`` so ``npm test``
works too. Names are lowerCamelCase; "no value" is ``null``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oa_sim.languages import NAMES, ChildFiles, Language, camel, kebab, version_tuple

if TYPE_CHECKING:
    from oa_sim.problem.types import Type
    from oa_sim.problem.cases import Case
    from oa_sim.problem.model import Method, Problem

HARNESS = Path(__file__).with_name("harness.js")
MINIMUM_NODE = (18,)
_SCALARS = {"string": "string", "integer": "number", "boolean": "boolean", "void": "void"}
# Variables that would change how node starts, or let a candidate's code find the parent's settings.
HIDDEN_ENV = ("NODE_OPTIONS", "NODE_PATH", "NODE_REPL_EXTERNAL_MODULE", "NODE_EXTRA_CA_CERTS")


def jsdoc_type(type_: Type) -> str:
    """A neutral type as a JSDoc type."""
    if type_.kind == "list":
        inner = jsdoc_type(type_.item)
        return f"({inner})[]" if "|" in inner else f"{inner}[]"
    if type_.kind == "optional":
        return f"{jsdoc_type(type_.item)} | null"
    return _SCALARS[type_.kind]


class JavaScript(Language):
    id = "javascript"
    name = NAMES["javascript"]
    minimum_version = "Node.js 18"

    source_suffixes = (".js",)
    reserved_names = frozenset({"harness.js"})

    def is_test_file(self, name: str) -> bool:
        return name.endswith((".test.js", ".spec.js"))

    def method_name(self, neutral: str) -> str:
        return camel(neutral)

    def literal(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def interface_file(self, problem: "Problem") -> str:
        return f"{kebab(problem.module)}.js"

    def solution_file(self, problem: "Problem") -> str:
        return f"{kebab(problem.module)}-impl.js"

    def sample_test_pattern(self, problem: "Problem") -> str:
        return "tests/level-{level}.test.js"

    def interface_source(self, problem: "Problem", unlocked: int) -> str:
        levels = "level 1" if unlocked == 1 else f"levels 1-{unlocked}"
        lines = [
            "'use strict';",
            f"// {problem.title}: the interface, {levels}.",
            "//",
            f"// oa-sim writes this file and adds methods as levels unlock; edit {self.solution_file(problem)}",
            "// instead. null stands for \"no value\" (never undefined); integers are plain numbers.",
            "",
            f"class {problem.interface_class} {{",
        ]
        for level in problem.levels[:unlocked]:
            lines += [f"  // Level {level.number}: {level.title}", ""]
            for method in level.methods:
                lines += [*_jsdoc(self, method, problem), f"  {self.method_name(method.name)}({_params(self, method)}) {{"]
                lines += [f"    {not_implemented(self.method_name(method.name))}", "  }", ""]
        lines[-1:] = ["}", "", f"module.exports = {{ {problem.interface_class} }};"]
        return "\n".join(lines) + "\n"

    def starter_source(self, problem: "Problem") -> str:
        interface = self.interface_file(problem)[: -len(".js")]
        return (
            "'use strict';\n"
            f"// Your solution. Implement the methods of {problem.interface_class} (see {interface}.js) in this class.\n"
            "\n"
            f"const {{ {problem.interface_class} }} = require('./{interface}');\n"
            "\n"
            f"class {problem.impl_class} extends {problem.interface_class} {{\n"
            "  constructor() {\n"
            "    super();\n"
            "    // TODO: set up the state your implementation needs.\n"
            "  }\n"
            "}\n"
            "\n"
            f"module.exports = {{ {problem.impl_class} }};\n"
        )

    def sample_tests_source(self, problem: "Problem", level: int, cases: "list[Case]") -> str:
        title = f"{problem.title}, level {level}: {problem.level(level).title}"
        solution = self.solution_file(problem)[: -len(".js")]
        void = {m.name for lv in problem.levels for m in lv.methods if m.returns.is_void}
        out = [
            "'use strict';",
            f"// {title}: sample tests. Run them with `oa-sim test`, or `node --test` in the workspace.",
            "",
            "const { test } = require('node:test');",
            "const assert = require('node:assert/strict');",
            f"const {{ {problem.impl_class} }} = require('../{solution}');",
        ]
        for case in cases:
            out += ["", f"test({self.literal(case.name)}, () => {{", f"  // {case.description}", f"  const solution = new {problem.impl_class}();"]
            for step in case.steps:
                call = f"solution.{self.method_name(step.method)}({', '.join(self.literal(arg) for arg in step.args)})"
                if step.method in void:
                    out.append(f"  {call};")
                elif step.expected is None or not isinstance(step.expected, list):
                    out.append(f"  assert.equal({call}, {self.literal(step.expected)});")
                else:
                    out.append(f"  assert.deepEqual({call}, {self.literal(step.expected)});")
            out.append("});")
        return "\n".join(out) + "\n"

    def support_files(self, problem: "Problem") -> dict[str, str]:
        package = {
            "name": problem.id,
            "private": True,
            "description": f"oa-sim workspace: {problem.title}",
            "type": "commonjs",
            "scripts": {"test": "node --test"},
        }
        return {"package.json": json.dumps(package, indent=2) + "\n"}

    def run_samples_hint(self) -> str:
        return "or `node --test` in the workspace"

    def unavailable(self) -> str | None:
        return _node_problem()

    def check_source(self, source: str, filename: str) -> str | None:
        return None  # the harness loads it and says where a syntax error is, once, for every test

    def child(self, request: Any, calls: dict[str, Any], native_files: dict[str, bytes]) -> ChildFiles:
        files = {
            "harness.js": HARNESS.read_bytes(),
            request.solution_file: request.source.encode("utf-8"),
            request.interface_file: request.interface_source.encode("utf-8"),
            "package.json": b'{"type": "commonjs"}\n',  # whatever package.json lies above the run folder
            **{name: text.encode("utf-8") for name, text in request.extra_sources},  # beside it, as in the workspace
        }
        return ChildFiles(files, {"cases": job_cases(calls)})

    def command(self, job_arg: str) -> list[str]:
        import os

        node = shutil.which("node") or "node"
        wait = [str(os.getpid())] if job_arg == "--wait" else []
        # The harness is copied into every run folder; a warm child runs the installed copy.
        harness = str(HARNESS) if job_arg == "--wait" else "harness.js"
        return [node, "--max-old-space-size=512", "--stack-size=4000", harness, job_arg, *wait]

    def environment(self, env: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in env.items() if k not in HIDDEN_ENV}

    def without_methods(self, source: str, problem: "Problem", names: list[str]) -> str:
        from oa_sim.languages import braces

        def find(code: str, name: str) -> list[tuple[int, int]]:
            return braces.member_bodies(code, braces.class_body(code, problem.impl_class), name)

        own = {neutral: self.method_name(neutral) for neutral in names}
        return braces.stubbed(source, "js", own, lambda neutral: not_implemented(own[neutral]), find, "  ")

    def review(self, final: str, passed_at_level: dict[int, str]):
        from oa_sim.languages.javascript.review import review

        return review(final, passed_at_level)


def job_cases(calls: dict[str, Any]) -> list[dict[str, str]]:
    """Each case's id and its calls as JSON text inside a string. The harness's main thread hands
    that string to the worker unread, so a scale case's 30,000 calls are parsed once, by the worker,
    not parsed, re-encoded and parsed again (tens of milliseconds a submit)."""
    return [{"id": case["id"], "calls": case["calls"].text} for case in calls.values()]


def not_implemented(name: str) -> str:
    """The one statement of a method not written yet (the interface's body for it)."""
    return f"throw new Error('{name} is not implemented yet');"


def _jsdoc(language: JavaScript, method: "Method", problem: "Problem") -> list[str]:
    from oa_sim.languages.spec_words import doc_in_language

    lines = ["  /**"]
    lines += [f"   * {line}".rstrip() for line in doc_in_language(problem, method.doc.strip(), language).splitlines()]
    for param in method.params:
        lines.append(f"   * @param {{{jsdoc_type(param.type)}}} {language.param_name(param.name)}")
    lines.append(f"   * @returns {{{jsdoc_type(method.returns)}}}")
    lines.append("   */")
    return lines


def _params(language: JavaScript, method: "Method") -> str:
    return ", ".join(language.param_name(p.name) for p in method.params)


@lru_cache(maxsize=1)
def _node_problem() -> str | None:
    node = shutil.which("node")
    if node is None:
        return "JavaScript needs Node.js 18 or newer on PATH (`node`); it is not installed."
    try:
        found = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        return f"JavaScript needs Node.js 18 or newer; `node --version` failed ({error})."
    if version_tuple(found) < MINIMUM_NODE:
        return f"JavaScript needs Node.js 18 or newer; this machine has {found or 'an unknown version'}."
    return None


LANGUAGE = JavaScript()
