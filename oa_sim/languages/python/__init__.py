"""Python: the workspace of the real assessment's Python layout, graded by pytest in a child process.

The child (``child.py``) runs pytest with ``plugin.py``, one item per case: each item executes the
solution into a fresh module, plays the case's calls on a new instance, and sends back what each
call returned, converted by value. Hidden ``.py`` test files run as they are (Python-only checks).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oa_sim.languages import NAMES, CannotTakeOut, ChildFiles, Language
from oa_sim.languages.python.stubs import not_implemented

if TYPE_CHECKING:
    from oa_sim.problem.types import Type
    from oa_sim.problem.cases import Case
    from oa_sim.problem.model import Method, Problem

# Lets the candidate run the sample tests with plain `pytest` from the workspace.
PYTEST_INI = "[pytest]\npythonpath = .\ntestpaths = tests\naddopts = -p no:cacheprovider\n"
UNUSED_PYTEST_PLUGINS = (
    "doctest", "junitxml", "pastebin", "stepwise", "setuponly", "setupplan", "unraisableexception",
    "threadexception", "faulthandler", "legacypath", "logging", "warnings",
)  # fmt: skip
_SCALARS = {"string": "str", "integer": "int", "boolean": "bool", "void": "None"}
CALLS_SUFFIX = ".calls"  # a placeholder file per case file, for pytest to collect the cases from
MODULES_DIR = "modules"  # the candidate's other modules, in the run folder: read by the plugin, never imported from
# What the grading child imports besides the standard library: a module of the candidate's by one
# of these names would never be the one imported.
GRADER_MODULES = frozenset({"pytest", "_pytest", "pluggy", "iniconfig", "packaging", "oa_sim", "py", "exceptiongroup", "tomli"})


def annotation(type_: Type) -> str:
    """A neutral type as a Python annotation."""
    if type_.kind == "list":
        return f"list[{annotation(type_.item)}]"
    if type_.kind == "optional":
        return f"{annotation(type_.item)} | None"
    return _SCALARS[type_.kind]


class Python(Language):
    id = "python"
    name = NAMES["python"]
    native_test_suffix = ".py"
    minimum_version = "3.10"

    source_suffixes = (".py",)

    def is_test_file(self, name: str) -> bool:
        return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"

    def source_name_problem(self, name: str) -> str | None:
        module = name[: -len(".py")]
        if module in sys.stdlib_module_names or module in GRADER_MODULES:
            return f"a module named {module} would hide Python's own {module}, which the grader runs on"
        return None

    def literal(self, value: Any) -> str:
        return repr(value)

    def interface_file(self, problem: "Problem") -> str:
        return f"{problem.module}.py"

    def solution_file(self, problem: "Problem") -> str:
        return f"{problem.module}_impl.py"

    def sample_test_pattern(self, problem: "Problem") -> str:
        return "tests/test_level_{level}.py"

    def interface_source(self, problem: "Problem", unlocked: int) -> str:
        lines = [
            f'"""{problem.title}: the interface, {"level 1" if unlocked == 1 else f"levels 1-{unlocked}"}.',
            "",
            "oa-sim writes this file and adds methods as levels unlock; edit",
            f"{self.solution_file(problem)} instead. None stands for \"no value\".",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from abc import ABC",
            "",
            "",
            f"class {problem.interface_class}(ABC):",
        ]
        from oa_sim.languages.spec_words import doc_in_language

        for level in problem.levels[:unlocked]:
            lines += ["", f"    # Level {level.number}: {level.title}"]
            for method in level.methods:
                doc = _indent(doc_in_language(problem, method.doc.strip(), self), 8)
                lines += [
                    "",
                    f"    def {method.name}{signature(method)}:",
                    f'        """{doc.lstrip()}',
                    '        """',
                    f"        {not_implemented(method.name)}",
                ]
        return "\n".join(lines) + "\n"

    def starter_source(self, problem: "Problem") -> str:
        interface = problem.module
        return (
            f'"""Your solution. Implement the methods of {problem.interface_class} (see {interface}.py) in this class."""\n'
            "\n"
            f"from {interface} import {problem.interface_class}\n"
            "\n"
            "\n"
            f"class {problem.impl_class}({problem.interface_class}):\n"
            "    def __init__(self) -> None:\n"
            "        # TODO: set up the state your implementation needs.\n"
            "        pass\n"
        )

    def sample_tests_source(self, problem: "Problem", level: int, cases: "list[Case]") -> str:
        title = f"{problem.title}, level {level}: {problem.level(level).title}"
        module = self.solution_file(problem)[: -len(".py")]
        out = [
            f'"""{title}: sample tests. Run them with `oa-sim test`, or with `pytest` in this folder."""',
            "",
            f"from {module} import {problem.impl_class}",
            "",
        ]
        for case in cases:
            out += ["", f"def test_{case.name}():", f'    """{case.description}"""', f"    solution = {problem.impl_class}()"]
            for step in case.steps:
                call = f"solution.{step.method}({', '.join(repr(arg) for arg in step.args)})"
                out.append(f"    assert {call} is None" if step.expected is None else f"    assert {call} == {step.expected!r}")
        return "\n".join(out) + "\n"

    def support_files(self, problem: "Problem") -> dict[str, str]:
        return {"pytest.ini": PYTEST_INI}

    def run_samples_hint(self) -> str:
        return "or plain `pytest` in the workspace"

    def check_source(self, source: str, filename: str) -> str | None:
        try:
            compile(source, filename, "exec")
        except SyntaxError as error:
            where = f" line {error.lineno}" if error.lineno else ""  # a null byte has no line
            return f"{filename}{where}: {type(error).__name__}: {error.msg}"
        except (ValueError, RecursionError, MemoryError) as error:  # null bytes; nesting too deep for the compiler
            return f"{filename}: {type(error).__name__}: {error or 'the compiler gave up'}"
        return None

    def native_tests(self, relative: str, data: bytes) -> list[tuple[str, str, str]]:
        """The ``test*`` functions and ``Test*`` class methods of a pytest file, read without running it."""
        import ast

        found = []

        def add(prefix: str, node: ast.AST) -> None:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                doc = (ast.get_docstring(node) or "").strip()
                found.append((f"{relative}::{prefix}{node.name}", node.name, doc.splitlines()[0] if doc else ""))

        for node in ast.parse(data).body:
            add("", node)
            if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                for member in node.body:
                    add(f"{node.name}::", member)
        return found

    def child(self, request: Any, calls: dict[str, Any], native_files: dict[str, bytes]) -> ChildFiles:
        files: dict[str, bytes] = {
            "pytest.ini": b"[pytest]\n",
            "solution.src": request.source.encode("utf-8"),
            "interface.src": request.interface_source.encode("utf-8"),
        }
        modules = {}
        for name, text in request.extra_sources:
            if name[: -len(".py")].isidentifier():  # any other name cannot be imported, in the workspace either
                modules[name[: -len(".py")]] = f"{MODULES_DIR}/{name}"
                files[f"{MODULES_DIR}/{name}"] = text.encode("utf-8")
        collected = []
        for relative, data in native_files.items():
            files[relative] = data
            collected.append(relative)
        grouped: dict[str, list[dict[str, Any]]] = {}
        for case in calls.values():
            placeholder = case["file"] + CALLS_SUFFIX
            grouped.setdefault(placeholder, []).append(case)
        for placeholder in grouped:
            files[placeholder] = b""
            collected.append(placeholder)
        pytest_args = [
            *sorted(collected),
            "-c", "pytest.ini",
            "--rootdir", ".",
            "--noconftest",
            "--import-mode=importlib",  # levels may reuse a file name; nothing is put on sys.path
            "-p", "no:cacheprovider",
            "-p", "oa_sim.languages.python.plugin",
            "--tb=short",  # the detail a failing Python test shows
            "-q",
            # Built-in plugins a grading run has no use for; each costs start-up, and the
            # unraisable-exception one runs a full garbage collection at the end.
            *[arg for name in UNUSED_PYTEST_PLUGINS for arg in ("-p", f"no:{name}")],
        ]  # fmt: skip
        job = {
            "pytest_args": pytest_args,
            "source_file": "solution.src",
            "interface_file": "interface.src",
            "interface_module": request.interface_file[: -len(".py")],
            "impl_module": request.solution_file[: -len(".py")],
            "calls": grouped,
            "modules": modules,
        }
        return ChildFiles(files, job)

    def command(self, job_arg: str) -> list[str]:
        wait = [str(os.getpid())] if job_arg == "--wait" else []
        return [sys.executable, "-m", "oa_sim.languages.python.child", job_arg, *wait]

    def environment(self, env: dict[str, str]) -> dict[str, str]:
        env = {k: v for k, v in env.items() if not k.startswith(("PYTEST_", "PYTHON"))}
        import site

        env["PYTHONUSERBASE"] = site.getuserbase()  # HOME moved: a `pip install --user` oa-sim must still import
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        import sysconfig

        root = Path(__file__).resolve().parents[3]
        site_dirs = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
        if root not in site_dirs:  # a source checkout: installed copies are importable as they are
            env["PYTHONPATH"] = str(root)
        return env

    def without_methods(self, source: str, problem: "Problem", names: list[str]) -> str:
        from oa_sim.languages.python.stubs import without_methods

        stubbed = without_methods(source, problem.impl_class, names)
        why = self.check_source(stubbed, self.solution_file(problem))
        if why:  # never hand out code that does not load
            raise CannotTakeOut(f"the stubbed solution does not compile ({why})")
        return stubbed

    makes_mutants = True

    def generated_mutants(self, source: str) -> list[Any]:
        from oa_sim.languages.python.mutation import mutants

        return mutants(source)

    def review(self, final: str, passed_at_level: dict[int, str]):
        from oa_sim.languages.python.review import review

        return review(final, passed_at_level)


def signature(method: "Method") -> str:
    params = "".join(f", {p.name}: {annotation(p.type)}" for p in method.params)
    return f"(self{params}) -> {annotation(method.returns)}"


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


LANGUAGE = Python()
