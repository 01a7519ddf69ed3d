"""Java (JDK 17+): a workspace a Java candidate would expect, graded by the harness in ``harness/``.

The workspace holds the interface (``InMemoryDB.java``, default methods that throw, the spec in
Javadoc), the class the candidate writes (``InMemoryDBImpl.java``, in the default package), and the
unlocked levels' sample tests (``tests/LevelNTest.java``) with a small runner
(``tests/SampleTests.java``) that needs nothing but the JDK. Names are lowerCamelCase; "no value"
is ``null``.

Grading compiles the interface and the solution once per run, in the parent and outside every time
limit (``build``); the harness's own classes come from a cache. The child is one JVM that plays
every case on a thread of its own, in a class loader of its own.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oa_sim.languages import NAMES, ChildFiles, Language, camel
from oa_sim.languages.java import sources, toolchain

if TYPE_CHECKING:
    from oa_sim.problem.cases import Case
    from oa_sim.problem.model import Problem

RUNNER = Path(__file__).with_name("SampleTests.java")
JVM_ARGS_FILE = "jvm.args"  # the run's own JVM flags (its heap), read by `java @jvm.args`
# Backstops for what the harness cannot stop itself: files the candidate's code writes (events and
# clipped output stay far below), and CPU time if every other limit failed.
FILE_SIZE_BACKSTOP = 128 * 1024 * 1024
CPU_SECONDS_BACKSTOP = 600


class Java(Language):
    id = "java"
    name = NAMES["java"]
    minimum_version = f"JDK {toolchain.MINIMUM_MAJOR}"
    # The harness is compiled ahead (it is cached) and loads the candidate's classes when a job
    # names them, so a JVM can start, and warm up, while the parent still compiles the solution.
    warm_start = True

    source_suffixes = (".java",)  # more classes of the default package, beside the solution's

    def method_name(self, neutral: str) -> str:
        return sources.identifier(neutral)

    def literal(self, value: Any) -> str:
        return sources.literal(value)

    def interface_file(self, problem: "Problem") -> str:
        return f"{problem.interface_class}.java"

    def solution_file(self, problem: "Problem") -> str:
        return f"{problem.impl_class}.java"

    def sample_test_pattern(self, problem: "Problem") -> str:
        return "tests/Level{level}Test.java"

    # -- workspace text ---------------------------------------------------------------------------

    def interface_source(self, problem: "Problem", unlocked: int) -> str:
        return sources.interface_source(problem, unlocked, self.solution_file(problem))

    def starter_source(self, problem: "Problem") -> str:
        return sources.starter_source(problem, self.interface_file(problem))

    def sample_tests_source(self, problem: "Problem", level: int, cases: "list[Case]") -> str:
        return sources.sample_tests_source(problem, level, cases)

    def support_files(self, problem: "Problem") -> dict[str, str]:
        return {"tests/SampleTests.java": RUNNER.read_text(encoding="utf-8")}

    def run_samples_hint(self) -> str:
        return f"or `{sources.RUN_SAMPLES}` in the workspace"

    # -- grading ----------------------------------------------------------------------------------

    def unavailable(self) -> str | None:
        found = toolchain.find()
        return found if isinstance(found, str) else None

    def child(self, request: Any, calls: dict[str, Any], native_files: dict[str, bytes]) -> ChildFiles:
        source_dir = toolchain.SOURCE_DIR
        files = {
            f"{source_dir}/{request.solution_file}": request.source.encode("utf-8"),
            f"{source_dir}/{request.interface_file}": request.interface_source.encode("utf-8"),
            **{f"{source_dir}/{name}": text.encode("utf-8") for name, text in request.extra_sources},
            # The heap is the run's memory limit; the JVM's own code and stacks live outside it.
            JVM_ARGS_FILE: f"-Xmx{int(request.memory_limit_mb)}m\n".encode(),
        }
        cases = [{"id": case["id"], "calls": case["calls"]} for case in calls.values()]
        return ChildFiles(files, {"cases": cases})

    def build(self, workdir: Path) -> tuple[str, str] | None:
        jdk = toolchain.find()
        if isinstance(jdk, str):
            return jdk, ""
        try:
            return toolchain.compile_run(jdk, workdir)
        except OSError as error:  # the cache or the harness: this installation, not the candidate
            from oa_sim.grading.layout import grader_error

            raise grader_error(f"Cannot prepare the Java harness: {error}") from None

    def command(self, job_arg: str) -> list[str]:
        jdk = toolchain.find()
        java = jdk.java if isinstance(jdk, toolchain.Jdk) else "java"
        if job_arg == "--wait":
            # Started before its job (and run folder) exist: the heap is the default memory limit.
            from oa_sim.grading.results import GradeRequest

            if isinstance(jdk, toolchain.Jdk):
                toolchain.ensure_harness(jdk)  # once per harness version: the first run pays for it anyway
            heap, job = f"-Xmx{GradeRequest.memory_limit_mb}m", ["--wait", str(os.getpid())]
        else:
            heap, job = f"@{JVM_ARGS_FILE}", [job_arg]
        command = [
            java, heap, *toolchain.JVM_FLAGS,
            "-XX:-CreateCoredumpOnCrash", "-Dfile.encoding=UTF-8",
            "-Djava.security.manager=allow",  # lets the harness turn System.exit into a test's error
            "-cp", str(toolchain.harness_classes()), toolchain.HARNESS_MAIN, *job,
        ]  # fmt: skip
        prlimit = shutil.which("prlimit")
        if prlimit is None:
            return command
        # No --as: a JVM reserves far more address space than it uses; -Xmx bounds the heap instead.
        return [prlimit, f"--fsize={FILE_SIZE_BACKSTOP}", f"--cpu={CPU_SECONDS_BACKSTOP}", "--core=0", *command]

    def environment(self, env: dict[str, str]) -> dict[str, str]:
        return toolchain.clean_env(env)

    # -- drills ---------------------------------------------------------------------------------

    def without_methods(self, source: str, problem: "Problem", names: list[str]) -> str:
        from oa_sim.languages import braces

        def find(code: str, name: str) -> list[tuple[int, int]]:
            return braces.member_bodies(code, braces.class_body(code, problem.impl_class), name)

        own = {neutral: self.method_name(neutral) for neutral in names}
        # The interface names the method camelCase, whatever keyword escape the class needs.
        statement = lambda neutral: sources.not_implemented(camel(neutral))  # noqa: E731
        return braces.stubbed(source, "java", own, statement, find, "    ")

    # -- after the session ------------------------------------------------------------------------

    def review(self, final: str, passed_at_level: dict[int, str]):
        from oa_sim.languages.java.review import review

        return review(final, passed_at_level)


LANGUAGE = Java()
