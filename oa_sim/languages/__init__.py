"""The languages a candidate can rehearse in: one module (and its harness) each, the only place that
knows a language.

A ``Language`` turns a problem's neutral description into the files of a workspace (interface,
starter, sample tests) in that language's idiom, and says how the grader runs the candidate's code:
which files the child process gets and which command starts it. Every harness speaks the same
protocol (see ``oa_sim.grading.runner``): it receives calls, never expected values, and writes
answers as JSON lines. Adding a language is a new subpackage here and a line in ``LANGUAGES``.

Kept light to import: the console script reads a language before anything else loads.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oa_sim.errors import ExitCode, OaSimError

if TYPE_CHECKING:
    from oa_sim.problem.cases import Case
    from oa_sim.problem.model import Problem
    from oa_sim.report.review import Review

DEFAULT = "python"
# id -> the module holding its ``LANGUAGE``; imported only when that language is used.
LANGUAGES = {
    "python": "oa_sim.languages.python",
    "javascript": "oa_sim.languages.javascript",
    "typescript": "oa_sim.languages.typescript",
    "java": "oa_sim.languages.java",
    "go": "oa_sim.languages.go",
    "cpp": "oa_sim.languages.cpp",
}
# id -> how people write its name: what reports and history show, without importing the module.
NAMES = {"python": "Python", "javascript": "JavaScript", "typescript": "TypeScript", "java": "Java", "go": "Go", "cpp": "C++"}
# id -> the short name `oa-sim list` shows (and `start --language` takes, through ALIASES).
SHORT_NAMES = {"python": "py", "javascript": "js", "typescript": "ts", "cpp": "c++"}
ALIASES = {"py": "python", "js": "javascript", "node": "javascript", "ts": "typescript", "golang": "go", "c++": "cpp", "cxx": "cpp"}


class ChildFiles:
    """What a language's grading child gets in its private run folder: ``files`` maps a path inside
    the run folder to its bytes; ``job`` is the language's part of the job file.

    A plain class, not a dataclass: this module is imported first thing by every grading command.
    """

    __slots__ = ("files", "job")

    def __init__(self, files: dict[str, bytes], job: dict[str, Any]):
        self.files = files
        self.job = job


class CannotTakeOut(ValueError):
    """A model solution's methods cannot be taken out (one is not found, say): its message says why."""


class Language:
    """One language: names, workspace files, and how its child runs. Subclasses fill these in."""

    id: str = ""
    name: str = ""
    native_test_suffix: str | None = None  # a hidden test file this language runs as it is (.py)
    minimum_version: str = ""
    # Whether a child may start before its job is known (``command("--wait")``): a compiled
    # language's child is the program built from the job's files, so it cannot.
    warm_start: bool = True
    # Whether the console script may start ``build`` on the workspace's files as the command starts
    # (``oa_sim.grading.early``): worth it where the compile is most of a submit's wait.
    early_build: bool = False

    # -- names ------------------------------------------------------------------------------------

    def method_name(self, neutral: str) -> str:
        """A neutral snake_case method name as this language writes it."""
        return neutral

    def param_name(self, neutral: str) -> str:
        return self.method_name(neutral)

    def literal(self, value: Any) -> str:
        """A plain value (string, integer, boolean, null, list) as a literal of this language."""
        raise NotImplementedError

    def interface_file(self, problem: "Problem") -> str:
        raise NotImplementedError

    def solution_file(self, problem: "Problem") -> str:
        raise NotImplementedError

    def sample_test_pattern(self, problem: "Problem") -> str:
        """Where a level's sample tests go in the workspace, with ``{level}`` for its number."""
        raise NotImplementedError

    def sample_test_file(self, problem: "Problem", level: int) -> str:
        return self.sample_test_pattern(problem).format(level=level)

    # -- the candidate's files --------------------------------------------------------------------

    # The endings of the candidate's source files: the solution file and the modules, classes or
    # headers beside it that are graded (and recorded) with it.
    source_suffixes: tuple[str, ...] = ()
    # Names the grader's run folder gives its own files: a source file of one of them would take
    # their place, so it is refused.
    reserved_names: frozenset[str] = frozenset()

    def is_source(self, problem: "Problem", name: str) -> bool:
        """Whether a file in the workspace's own folder (not a subfolder) is one of the candidate's
        source files: the language's endings, and neither the interface, a file oa-sim writes, a
        test, nor a hidden or editor's file."""
        if name.startswith((".", "#")) or not name.endswith(self.source_suffixes):
            return False
        if name == self.interface_file(problem) or name in self.support_files(problem):
            return False
        return not self.is_test_file(name)

    def is_test_file(self, name: str) -> bool:
        """Whether a source-like file is a test of the language's own runner, never graded."""
        return False

    def source_name_problem(self, name: str) -> str | None:
        """Why a source file of this name cannot be graded with the solution, or None."""
        if name in self.reserved_names:
            return f"{name} is the name of one of oa-sim's own grading files"
        return None

    # -- workspace text ---------------------------------------------------------------------------

    def interface_source(self, problem: "Problem", unlocked: int) -> str:
        """The interface with the methods of levels 1..unlocked. It says ``Level N: <title>`` in a
        comment for each level, which is how a workspace is seen to have reached a level."""
        raise NotImplementedError

    def starter_source(self, problem: "Problem") -> str:
        raise NotImplementedError

    def sample_tests_source(self, problem: "Problem", level: int, cases: "list[Case]") -> str:
        """The visible cases of ``level`` as tests for the language's own runner."""
        raise NotImplementedError

    def support_files(self, problem: "Problem") -> dict[str, str]:
        """Files that let the candidate run the sample tests with the language's own tools."""
        return {}

    def run_samples_hint(self) -> str:
        """How to run the sample tests without oa-sim, for the start screen."""
        return ""

    # -- grading ----------------------------------------------------------------------------------

    def unavailable(self) -> str | None:
        """Why this language cannot be graded on this machine (a missing toolchain), or None."""
        return None

    def check_source(self, source: str, filename: str) -> str | None:
        """A one-line account of why the source cannot even be loaded (a syntax error), or None."""
        return None

    def native_tests(self, relative: str, data: bytes) -> list[tuple[str, str, str]]:
        """(id, name, description) of each test in one of the language's own test files."""
        return []

    def child(self, request: Any, calls: dict[str, Any], native_files: dict[str, bytes]) -> ChildFiles:
        """The run folder's files and the job's language part: ``calls`` maps a case id to
        ``{id, file, level, name, calls}``; ``native_files`` are the language's own test files."""
        raise NotImplementedError

    def build(self, workdir: Path) -> tuple[str, str] | None:
        """Compile the run folder's files, for a compiled language; ``(one line, the compiler's
        output trimmed to file, line and message)`` when the candidate's code does not compile.

        Runs before any test, so compile time never counts against a test's limit. A language may
        keep what does not change between runs (the harness's objects) in a cache of its own."""
        return None

    def command(self, job_arg: str) -> list[str]:
        """The child's command line; ``job_arg`` is the job file's path or ``--wait``."""
        raise NotImplementedError

    def environment(self, env: dict[str, str]) -> dict[str, str]:
        """The child's environment, from the cleaned-up one the grader built."""
        return env

    def crash_note(self, workdir: Path, returncode: int | None) -> str:
        """What a child that died during a test left to say about why, as `` (...)`` after the
        account (a runtime's last words in a file of the run folder, say), or ``""``."""
        return ""

    makes_mutants: bool = False  # whether ``generated_mutants`` makes any (``validate --mutate``)

    def generated_mutants(self, source: str) -> list[Any]:
        """Machine-made mutants of a reference, for ``validate --mutate`` (each with ``source``,
        ``original`` and ``mutated`` lines and an ``edit`` to show); none by default."""
        return []

    # -- drills ---------------------------------------------------------------------------------

    def without_methods(self, source: str, problem: "Problem", names: list[str]) -> str:
        """A solution's ``source`` with each method of ``names`` (neutral names) given the body the
        starter or the interface gives an unwritten method, so that its tests fail until it is
        written again; the rest of the text as it was. Raises ``CannotTakeOut`` (never returns
        broken code) when a method cannot be found or the text cannot be read."""
        raise CannotTakeOut(f"{self.name} cannot take methods out of a solution")

    # -- after the session ------------------------------------------------------------------------

    def review(self, final: str, passed_at_level: dict[int, str]) -> "Review | None":
        return None


def display_name(language_id: str) -> str:
    """``javascript`` -> ``JavaScript``; an id this oa-sim does not know is shown as it is."""
    return NAMES.get(language_id, language_id)


def camel(neutral: str) -> str:
    """``scan_by_prefix`` -> ``scanByPrefix``."""
    first, *rest = neutral.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


def kebab(neutral: str) -> str:
    return neutral.replace("_", "-")


def resolve(name: str | None) -> str:
    """A language id from what the user typed (``js`` -> ``javascript``); refuse an unknown one."""
    wanted = (name or DEFAULT).strip().lower()
    wanted = ALIASES.get(wanted, wanted)
    if wanted not in LANGUAGES:
        raise OaSimError(
            f"Unknown language {name!r}.",
            ExitCode.USAGE,
            hint=f"Languages: {', '.join(LANGUAGES)}.",
        )
    return wanted


def get(language_id: str) -> Language:
    """The language with this id (its module is imported on first use)."""
    module = LANGUAGES.get(language_id)
    if module is None:
        raise OaSimError(
            f"This record names the language {language_id!r}, which this oa-sim does not know.",
            ExitCode.NO_SESSION,
            hint="Upgrade oa-sim, or start a new session.",
        )
    return importlib.import_module(module).LANGUAGE


def require_available(language: Language) -> None:
    """Refuse to start (or grade) a language whose toolchain is missing, saying what to install."""
    why = language.unavailable()
    if why:
        raise OaSimError(why, ExitCode.USAGE, hint="Install it, or rehearse in another language (`oa-sim list` shows them).")


def version_tuple(text: str) -> tuple[int, ...]:
    """``v18.19.1`` -> (18, 19, 1), for comparing a toolchain's version with a minimum."""
    import re

    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


HARNESS_DIR = Path(__file__).parent
