"""C++ (C++17, g++ or clang++): a header-only workspace a C++ candidate would expect, graded by a
compiled harness (``harness.cpp``).

The workspace holds the interface (``in_memory_db.hpp``: an abstract base class whose methods throw
``std::logic_error`` until overridden, the spec in doc comments), the class the candidate writes
(``in_memory_db_impl.hpp``, one header), sample tests in ``tests/level_N_test.cpp`` for a tiny
header-only runner, and a ``Makefile`` (``make test``). Names are snake_case, as in the standard
library, and a C++ keyword gets a trailing underscore (``delete`` is ``delete_``); "no value" is
``std::nullopt``; integers are ``long long``.

Grading compiles the candidate's header with a generated ``dispatch.cpp`` into ``solution.so``
before any test runs (outside every time limit); the cached harness loads it and plays each case
in a fork of itself (see ``harness.cpp``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oa_sim.languages import NAMES, ChildFiles, Language
from oa_sim.languages.cpp import sources

if TYPE_CHECKING:
    from oa_sim.problem.cases import Case
    from oa_sim.problem.model import Problem

# The words C++ reserves; a neutral name that is one gets a trailing underscore.
KEYWORDS = frozenset(
    "alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class "
    "compl concept const consteval constexpr constinit const_cast continue co_await co_return co_yield decltype "
    "default delete do double dynamic_cast else enum explicit export extern false float for friend goto if inline "
    "int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public register "
    "reinterpret_cast requires return short signed sizeof static static_assert static_cast struct switch template "
    "this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t "
    "while xor xor_eq".split()
)
BUILD_NAMES = "build.json"  # the run folder's file names, for the build step that gets only the folder


class Cpp(Language):
    """C++17: the workspace's headers, sample tests and Makefile; a compiled, cached harness."""

    id = "cpp"
    name = NAMES["cpp"]
    minimum_version = "g++ 8 or clang++ 7"
    warm_start = False  # the child is the program built from the job's files
    early_build = True

    # More headers beside the solution's (``#include "records.hpp"``), and .cpp files compiled
    # and linked with it, as the workspace's Makefile does.
    source_suffixes = (".hpp", ".h", ".cpp")
    reserved_names = frozenset({"dispatch.cpp"})

    def method_name(self, neutral: str) -> str:
        return f"{neutral}_" if neutral in KEYWORDS else neutral

    def literal(self, value: Any) -> str:
        return sources.literal(value)

    def interface_file(self, problem: "Problem") -> str:
        return f"{problem.module}.hpp"

    def solution_file(self, problem: "Problem") -> str:
        return f"{problem.module}_impl.hpp"

    def sample_test_pattern(self, problem: "Problem") -> str:
        return "tests/level_{level}_test.cpp"

    # -- workspace text ---------------------------------------------------------------------------

    def interface_source(self, problem: "Problem", unlocked: int) -> str:
        return sources.interface_source(problem, unlocked, self.method_name, self.solution_file(problem))

    def starter_source(self, problem: "Problem") -> str:
        return sources.starter_source(problem, self.method_name, self.interface_file(problem))

    def sample_tests_source(self, problem: "Problem", level: int, cases: "list[Case]") -> str:
        return sources.sample_tests_source(problem, level, cases, self.method_name, self.solution_file(problem))

    def support_files(self, problem: "Problem") -> dict[str, str]:
        return sources.support_files()

    def run_samples_hint(self) -> str:
        return "or `make test` in the workspace"

    # -- grading ----------------------------------------------------------------------------------

    def unavailable(self) -> str | None:
        from oa_sim.languages.cpp import toolchain

        return toolchain.find()[1]

    def child(self, request: Any, calls: dict[str, Any], native_files: dict[str, bytes]) -> ChildFiles:
        names = {
            "solution_file": request.solution_file,
            "interface_file": request.interface_file,
            "impl_class": request.impl_class,
            "extra_files": [name for name, _ in request.extra_sources],
        }
        dispatch = sources.dispatch_source(request.interface_source, request.solution_file, request.impl_class)
        files = {
            request.solution_file: request.source.encode("utf-8"),
            request.interface_file: request.interface_source.encode("utf-8"),
            "dispatch.cpp": dispatch.encode("utf-8"),
            **{name: text.encode("utf-8") for name, text in request.extra_sources},  # beside it, as in the workspace
            BUILD_NAMES: json.dumps(names).encode("utf-8"),
        }
        cases = [{"id": case["id"], "calls": case["calls"]} for case in calls.values()]
        return ChildFiles(files, {"cases": cases})

    def build(self, workdir: Path) -> tuple[str, str] | None:
        """The harness from the cache (built the first time), then the candidate's solution.so."""
        import subprocess

        from oa_sim.languages.cpp import toolchain

        # grader_error is imported only on a fault: its module imports the problem model, and the
        # early build's compiler would start that much later.
        compiler, why = toolchain.find()
        if compiler is None:  # it went missing since the session started: not the candidate's doing
            from oa_sim.grading.layout import grader_error

            raise grader_error(f"Cannot grade C++: {why}")
        names = json.loads((workdir / BUILD_NAMES).read_text(encoding="utf-8"))
        try:
            harness = toolchain.ensure_harness(compiler)
            built = toolchain.build_solution(compiler, harness, workdir, names)
        except (OSError, subprocess.SubprocessError) as error:  # this installation, not the candidate's code
            from oa_sim.grading.layout import grader_error

            raise grader_error(f"Cannot build the C++ harness or solution: {error}") from None
        if built.error is not None:
            return built.error
        (workdir / "harness").symlink_to(harness / "harness")
        return None

    def command(self, job_arg: str) -> list[str]:
        return [str(Path(job_arg).parent / "harness"), job_arg]

    # -- drills ---------------------------------------------------------------------------------

    def without_methods(self, source: str, problem: "Problem", names: list[str]) -> str:
        from oa_sim.languages import braces

        def find(code: str, name: str) -> list[tuple[int, int]]:
            inside = braces.member_bodies(code, braces.class_body(code, problem.impl_class), name)
            # A method declared in the class may be defined after it, as Impl::name(...) { ... }.
            return inside or braces.qualified_bodies(code, problem.impl_class, name)

        own = {neutral: self.method_name(neutral) for neutral in names}
        return braces.stubbed(source, "cpp", own, lambda neutral: sources.NOT_IMPLEMENTED, find, "    ")

    # -- after the session ------------------------------------------------------------------------

    def review(self, final: str, passed_at_level: dict[int, str]):
        from oa_sim.languages.cpp.review import review

        return review(final, passed_at_level)


LANGUAGE = Cpp()
