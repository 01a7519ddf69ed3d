"""A problem as plain data: levels, methods with neutral types, and per-language solutions.

Nothing here knows a language. Method and parameter names are snake_case words that each
language turns into its own case convention; types are ``oa_sim.problem.types`` types.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from oa_sim.problem.types import Type

SOLUTIONS_DIR = "solutions"
REFERENCE_STEM = "reference"
MUTANTS_FILE = "mutants.yaml"
CASE_SUFFIXES = (".yaml", ".yml")  # a case file; any other hidden file is a language's own test file


@dataclass(frozen=True)
class Param:
    name: str
    type: Type


@dataclass(frozen=True)
class Method:
    """One method of the interface: snake_case name, typed parameters and result, the spec in brief."""

    name: str
    params: tuple[Param, ...]
    returns: Type
    doc: str


@dataclass(frozen=True)
class Level:
    number: int
    title: str
    budget: float
    spec: Path
    methods: tuple[Method, ...]
    visible: tuple[Path, ...]
    hidden: tuple[Path, ...]

    def spec_text(self) -> str:
        return self.spec.read_text(encoding="utf-8")

    def hidden_files(self, native_suffix: str | None) -> tuple[Path, ...]:
        """The hidden files a language runs: every case file, and its own test files (``.py``)."""
        return tuple(p for p in self.hidden if p.suffix in CASE_SUFFIXES or p.suffix == native_suffix)

    def hidden_count(self, native_suffix: str | None = None) -> int:
        """How many hidden tests a language meets at this level (case files read, test files counted)."""
        from oa_sim.problem.cases import load_cases

        count = 0
        for path in self.hidden_files(native_suffix):
            count += len(load_cases(path)) if path.suffix in CASE_SUFFIXES else _python_test_count(path)
        return count


@dataclass(frozen=True)
class Edit:
    """Replace ``old``, text that occurs exactly once where the edit applies, with ``new``."""

    old: str
    new: str


@dataclass(frozen=True)
class Mutant:
    """A buggy solution whose bug ``level``'s hidden tests must catch: a whole ``file``, or ``edits`` of the reference."""

    name: str
    level: int
    bug: str
    reference: Path
    file: Path | None = None
    edits: tuple[Edit, ...] = ()
    variant: str | None = None  # the variant it is graded on (None: the levels as written)

    def source(self) -> str:
        """The mutant's code: the file's text, or the reference with each edit applied in order."""
        if self.file is not None:
            return self.file.read_text(encoding="utf-8")
        return apply_edits(self.reference.read_text(encoding="utf-8"), self.edits)


@dataclass(frozen=True)
class Solution:
    """A language's reference solution, and where its mutants are declared (read by ``validate``)."""

    language: str
    reference: Path

    @property
    def mutants_file(self) -> Path:
        return self.reference.parent / MUTANTS_FILE


class EditError(ValueError):
    """An edit whose ``old`` text is missing, or occurs more than once, where it applies."""

    def __init__(self, number: int, edit: Edit, missing: bool):
        super().__init__(f"edit {number}: old text {excerpt(edit.old)} {'is missing' if missing else 'occurs more than once'}")
        self.number = number
        self.edit = edit
        self.missing = missing


def apply_edits(text: str, edits: tuple[Edit, ...]) -> str:
    """``text`` with each edit applied in order; raise ``EditError`` for an ``old`` not found exactly once."""
    for number, edit in enumerate(edits, start=1):
        first = text.find(edit.old)
        if first < 0 or text.find(edit.old, first + 1) >= 0:
            raise EditError(number, edit, missing=first < 0)
        text = text[:first] + edit.new + text[first + len(edit.old) :]
    return text


def excerpt(text: str, width: int = 50) -> str:
    """The first non-blank line of ``text``, shortened, for a one-line message."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), text)
    return repr(line if len(line) <= width else line[: width - 3] + "...")


@dataclass(frozen=True)
class Problem:
    """One problem folder, loaded. ``module`` is the snake_case base of the workspace's file names."""

    id: str
    title: str
    summary: str
    root: Path
    time_limit: float
    test_time_limit: float
    run_time_limit: float
    interface_class: str
    impl_class: str
    module: str
    levels: tuple[Level, ...]
    solutions: dict[str, Solution]
    # With variants: the name of these levels, and every variant's levels and summary (the levels
    # as written first). A session has one variant; ``with_variant`` gives the problem it sees.
    variant: str | None = None
    alternatives: dict[str, tuple[Level, ...]] = field(default_factory=dict, compare=False, repr=False)
    variant_summaries: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def level(self, number: int) -> Level:
        return self.levels[number - 1]

    @property
    def variants(self) -> tuple[str, ...]:
        """The variants' names, the levels as written first; empty for a problem without variants."""
        return tuple(self.alternatives)

    def with_variant(self, name: str | None) -> "Problem":
        """The problem as a session of variant ``name`` sees it (``None``: the levels as written)."""
        if name is None or name == self.variant or not self.alternatives:
            return self
        if name not in self.alternatives:
            raise KeyError(name)
        return replace(self, variant=name, levels=self.alternatives[name])

    def every_level(self) -> tuple[Level, ...]:
        """Each distinct level of every variant: what a check of the whole folder reads."""
        seen: dict[int, Level] = {}  # by identity: variants share the levels they do not replace
        for levels in self.alternatives.values() or (self.levels,):
            for level in levels:
                seen.setdefault(id(level), level)
        return tuple(seen.values())

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this problem offers: those with a reference solution in its folder."""
        return tuple(sorted(self.solutions))

    def method(self, name: str) -> Method | None:
        return next((m for level in self.levels for m in level.methods if m.name == name), None)


def _python_test_count(path: Path) -> int:
    """The ``test*`` functions and ``Test*`` class methods of a pytest file, read without running it."""
    import ast

    def is_test(node: ast.AST) -> bool:
        return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test")

    count = 0
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        count += is_test(node)
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            count += sum(is_test(member) for member in node.body)
    return count
