"""TypeScript: a workspace a TypeScript candidate would expect, compiled by ``tsc``, graded by the
JavaScript harness on the JavaScript it emits.

The workspace holds the interface as an abstract class whose methods throw (so a solution that
lacks some still compiles, and fails only those tests), the spec in TSDoc comments with the types
in the signatures; the class the candidate writes; the sample tests for Node's built-in runner;
and ``tsconfig.json`` plus ``package.json``, so ``npm test`` compiles with the grader's strict
settings and runs them. Names are lowerCamelCase; "no value" is ``null``.

Grading compiles the solution with the interface in the parent (``build``), before any test and
outside every limit: a type error fails the submit with the compiler's own words, trimmed to file,
line and message. The run folder keeps the sources in ``src/``; the emitted CommonJS lands beside
``harness.js``, under a shim named like the solution, and Node runs with source maps, so the
harness's messages and traces name the ``.ts`` file and its lines.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oa_sim.errors import ExitCode, OaSimError
from oa_sim.languages import NAMES, ChildFiles, kebab
from oa_sim.languages.javascript import HARNESS, JavaScript, _node_problem, job_cases, not_implemented
from oa_sim.languages.javascript import jsdoc_type as ts_type  # TypeScript writes its types as JSDoc does
from oa_sim.languages.typescript import files
from oa_sim.languages.typescript.compiler import CompilerFailed, Diagnostic, compile_folder, find

if TYPE_CHECKING:
    from oa_sim.problem.cases import Case
    from oa_sim.problem.model import Method, Problem

_INTERFACE_CLASS = re.compile(r"^export abstract class (\w+)", re.M)
BUILD_FACTS = "build.json"  # which emitted files keep a source map, for ``build`` (given the folder only)
SHOWN_DIAGNOSTICS = 10  # a detail past this many errors helps nobody; the first ones are the cause


class TypeScript(JavaScript):
    """TypeScript on Node.js: the JavaScript language's harness, names and review, plus ``tsc``."""

    id = "typescript"
    name = NAMES["typescript"]
    minimum_version = "TypeScript 5 and Node.js 18"
    early_build = True
    source_suffixes = (".ts",)
    # Each .ts file is emitted as .js beside the harness: these would overwrite the grader's own.
    reserved_names = frozenset({"harness.ts", f"{files.CHECK_STEM}.ts", files.GLOBALS_FILE})

    def is_test_file(self, name: str) -> bool:
        return name.endswith((".test.ts", ".spec.ts"))

    def interface_file(self, problem: "Problem") -> str:
        return f"{kebab(problem.module)}.ts"

    def solution_file(self, problem: "Problem") -> str:
        return f"{kebab(problem.module)}-impl.ts"

    def sample_test_pattern(self, problem: "Problem") -> str:
        return "tests/level-{level}.test.ts"

    # -- workspace text ---------------------------------------------------------------------------

    def interface_source(self, problem: "Problem", unlocked: int) -> str:
        levels = "level 1" if unlocked == 1 else f"levels 1-{unlocked}"
        lines = [
            f"// {problem.title}: the interface, {levels}.",
            "//",
            f"// oa-sim writes this file and adds methods as levels unlock; edit {self.solution_file(problem)}",
            f"// instead: `export class {problem.impl_class} extends {problem.interface_class}` there overrides these methods.",
            "// null stands for \"no value\": a method typed `... | null` returns null when there is none (never",
            "// undefined). Integers are plain numbers.",
            "",
            f"export abstract class {problem.interface_class} {{",
        ]
        for level in problem.levels[:unlocked]:
            lines += [f"  // Level {level.number}: {level.title}", ""]
            for method in level.methods:
                name = self.method_name(method.name)
                lines += [*self._tsdoc(problem, method), f"  {name}({self._params(method)}): {ts_type(method.returns)} {{"]
                lines += [f"    {not_implemented(name)}", "  }", ""]
        lines[-1:] = ["}"]
        return "\n".join(lines) + "\n"

    def starter_source(self, problem: "Problem") -> str:
        interface = self.interface_file(problem)[: -len(".ts")]
        return (
            f"// Your solution. Implement the methods of {problem.interface_class} (see {interface}.ts) in this class.\n"
            "\n"
            f"import {{ {problem.interface_class} }} from './{interface}';\n"
            "\n"
            f"export class {problem.impl_class} extends {problem.interface_class} {{\n"
            "  constructor() {\n"
            "    super();\n"
            "    // TODO: set up the state your implementation needs.\n"
            "  }\n"
            "}\n"
        )

    def sample_tests_source(self, problem: "Problem", level: int, cases: "list[Case]") -> str:
        title = f"{problem.title}, level {level}: {problem.level(level).title}"
        solution = self.solution_file(problem)[: -len(".ts")]
        void = {m.name for lv in problem.levels for m in lv.methods if m.returns.is_void}
        out = [
            f"// {title}: sample tests. Run them with `oa-sim test`, or `npm test` in the workspace.",
            "",
            "import { test } from 'node:test';",
            "import { strict as assert } from 'node:assert';",
            f"import {{ {problem.impl_class} }} from '../{solution}';",
        ]
        for case in cases:
            out += ["", f"test({self.literal(case.name)}, () => {{", f"  // {case.description}", f"  const solution = new {problem.impl_class}();"]
            for step in case.steps:
                call = f"solution.{self.method_name(step.method)}({', '.join(self.literal(arg) for arg in step.args)})"
                if step.method in void:
                    out.append(f"  {call};")
                elif isinstance(step.expected, list):
                    out.append(f"  assert.deepEqual({call}, {self.literal(step.expected)});")
                else:
                    out.append(f"  assert.equal({call}, {self.literal(step.expected)});")
            out.append("});")
        return "\n".join(out) + "\n"

    def support_files(self, problem: "Problem") -> dict[str, str]:
        return {
            "package.json": files.workspace_package(problem.id, problem.title),
            "tsconfig.json": files.workspace_tsconfig(),
            files.GLOBALS_FILE: files.NODE_GLOBALS,
        }

    def run_samples_hint(self) -> str:
        return "or `npm test` in the workspace"

    def _tsdoc(self, problem: "Problem", method: "Method") -> list[str]:
        lines = ["  /**"]
        lines += [f"   * {line}".rstrip() for line in self._doc_words(problem, method.doc).strip().splitlines()]
        lines.append("   */")
        return lines

    def _doc_words(self, problem: "Problem", text: str) -> str:
        """A neutral doc in this language's words: ``null`` for no value, ``set_at`` is ``setAt``."""
        from oa_sim.languages.spec_words import doc_in_language

        return doc_in_language(problem, text, self)

    def _params(self, method: "Method") -> str:
        return ", ".join(f"{self.param_name(p.name)}: {ts_type(p.type)}" for p in method.params)

    # -- grading ----------------------------------------------------------------------------------

    def unavailable(self) -> str | None:
        return _toolchain_problem()

    def child(self, request: Any, calls: dict[str, Any], native_files: dict[str, bytes]) -> ChildFiles:
        interface_module = request.interface_file[: -len(".ts")]
        solution_module = request.solution_file[: -len(".ts")]
        found = _INTERFACE_CLASS.search(request.interface_source)
        interface_class = found.group(1) if found else request.impl_class.removesuffix("Impl")
        check = files.check_source(interface_module, interface_class, solution_module, request.impl_class)
        sources = {
            f"src/{files.GLOBALS_FILE}": files.NODE_GLOBALS,
            f"src/{request.interface_file}": request.interface_source,
            f"src/{request.solution_file}": request.source,
            f"src/{files.CHECK_STEM}.ts": check,
            **{f"src/{name}": text for name, text in request.extra_sources},  # emitted beside the solution's
        }
        # The candidate's own files keep a source map: an error's trace names the .ts file and line.
        mapped = [name[: -len(".ts")] for name, _ in request.sources if not name.endswith(".d.ts")]
        run_files = {
            "harness.js": HARNESS.read_bytes(),
            "package.json": b'{"type": "commonjs"}\n',  # whatever package.json lies above the run folder
            "tsconfig.json": files.grading_tsconfig(list(sources)),
            BUILD_FACTS: json.dumps({"mapped": mapped}).encode("utf-8"),
            request.solution_file: files.shim_source(solution_module).encode("utf-8"),
            **{name: text.encode("utf-8") for name, text in sources.items()},
        }
        return ChildFiles(run_files, {"cases": job_cases(calls)})

    def build(self, workdir: Path) -> tuple[str, str] | None:
        compiler = find()
        if isinstance(compiler, str):
            raise _grader_error(f"Cannot compile TypeScript: {_toolchain_problem() or compiler}")
        inputs = json.loads((workdir / "tsconfig.json").read_text(encoding="utf-8"))["files"]
        stems = [Path(name).name[: -len(".ts")] for name in inputs if not name.endswith(".d.ts")]
        solution = next(workdir.glob("*.ts")).name  # the shim the harness loads is named like the solution
        mapped = tuple(json.loads((workdir / BUILD_FACTS).read_text(encoding="utf-8"))["mapped"])
        try:
            # Only the candidate's files keep a source map: the interface's frames only ever say "not implemented".
            outcome = compile_folder(compiler, workdir, inputs, tuple(stems), mapped)
        except CompilerFailed as error:
            return f"your code could not be compiled: {error}", ""
        if not outcome.diagnostics:
            return None
        return _account(outcome.diagnostics, solution)

    def command(self, job_arg: str) -> list[str]:
        node, *rest = super().command(job_arg)
        return [node, "--enable-source-maps", *rest]

    def review(self, final: str, passed_at_level: dict[int, str]):
        from oa_sim.languages.typescript.review import review

        return review(final, passed_at_level)


def _account(diagnostics: tuple[Diagnostic, ...], solution: str) -> tuple[str, str]:
    """(one line, the compiler's output trimmed to what the candidate needs) for a failed compile.

    Errors in the grader's check file say the solution does not export or fit the interface; they
    are shown as the solution's, and only when the solution has no errors of its own (they repeat them).
    """
    check = f"src/{files.CHECK_STEM}.ts"
    own = [d for d in diagnostics if d.file != check]
    shown = own or list(diagnostics)
    if not any(d.file.startswith("src/") for d in shown):
        text = "; ".join(f"error {d.code}: {d.text}" for d in shown[:3])
        raise _grader_error(f"The TypeScript compiler refused oa-sim's settings: {text}")
    lines = [_line(d, solution, check) for d in shown[:SHOWN_DIAGNOSTICS]]
    if len(shown) > SHOWN_DIAGNOSTICS:
        lines.append(f"... and {len(shown) - SHOWN_DIAGNOSTICS} more errors")
    first = lines[0].splitlines()[0]
    more = f" (and {len(shown) - 1} more error{'s' if len(shown) > 2 else ''})" if len(shown) > 1 else ""
    return f"your code does not compile: {first}{more}", "\n".join(lines)


def _line(diagnostic: Diagnostic, solution: str, check: str) -> str:
    if diagnostic.file == check:
        head = f"{solution}: error {diagnostic.code}: {diagnostic.text} (oa-sim imports the class by name and uses it as the interface)"
    else:
        where = diagnostic.file.removeprefix("src/")
        head = f"{where}({diagnostic.line},{diagnostic.column}): error {diagnostic.code}: {diagnostic.text}"
    return "\n".join([head, *diagnostic.more])


def _grader_error(message: str) -> OaSimError:
    return OaSimError(message, ExitCode.GRADER, hint="Nothing was recorded. `oa-sim list` marks a language this machine cannot run.")


@lru_cache(maxsize=1)
def _toolchain_problem() -> str | None:
    """Why TypeScript cannot be graded here, naming what to install; None when it can."""
    compiler = find()
    if isinstance(compiler, str):
        return f"TypeScript needs the TypeScript compiler 5 or newer on PATH (`tsc`, from `npm install -g typescript`); {compiler}."
    node = _node_problem()
    if node:
        reason = node.partition("; ")[2] or node  # JavaScript's words, after its own name
        return f"TypeScript needs Node.js 18 or newer on PATH (`node`) to run the compiled code; {reason}"
    return None


LANGUAGE = TypeScript()
