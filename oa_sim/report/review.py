"""A short code review of submitted source: the findings model and the notes drawn from it. Pure.

Each language measures its own source (``oa_sim.languages.<lang>.review``); this module says what
the findings mean.

The point is a few concrete notes a candidate can act on next time (a function that grew too long,
nesting that got deep, a block pasted twice, a name that says nothing, a method that ballooned
between levels), not a lint dump: every finding is ranked and only the strongest few are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Thresholds for a timed solution of a few hundred lines, not for production code: under them
# a note would be noise.
LONG_FUNCTION = 25  # lines
DEEP_NESTING = 4  # compound statements inside one another, within one function
DUPLICATE_LINES = 4  # a repeated block shorter than this is usually idiom, not copy-paste
BIG_GROWTH = 15  # lines a method gained between two levels
MAX_RUN = 40  # statements in one compared run: bounds the work on a long module body
TOP = 3  # how many of each finding the model keeps
MAX_NOTES = 5

# One-letter names that read as idiom in Python (loop indices, key/value, an exception).
CONVENTIONAL = frozenset({"i", "j", "k", "v", "n", "x", "y", "_", "e"})
VAGUE = frozenset(
    {"tmp", "temp", "data", "res", "ret", "obj", "foo", "bar", "baz", "thing", "stuff",
     "lst", "arr", "dct", "dic", "mydict", "mylist", "var", "helper", "func"}
)
NUMBERED = re.compile(r"^[a-z]{1,8}\d+$")  # d2, temp1, res2: a copy that never got a name


@dataclass(frozen=True)
class FunctionFacts:
    """One function or method: where it is, how long, how deeply nested."""

    name: str  # qualified: ``Class.method`` for methods
    line: int
    end_line: int
    depth: int
    deepest_line: int = 0  # where the innermost block starts

    @property
    def length(self) -> int:
        return self.end_line - self.line + 1


@dataclass(frozen=True)
class Duplicate:
    """A block of statements that appears more than once, identical up to positions."""

    lines: int  # length of one copy
    places: tuple[tuple[int, int], ...]  # (first line, last line) of each copy
    where: tuple[str, ...]  # the function holding each copy ("" at module level)


@dataclass(frozen=True)
class UnclearName:
    name: str
    line: int
    function: str


@dataclass(frozen=True)
class Growth:
    """How a method's length changed between the snapshots that passed two levels."""

    name: str
    from_level: int
    to_level: int | None  # None: the final submission
    before: int
    after: int

    @property
    def added(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Review:
    """The findings on the final source, strongest first, and the notes drawn from them."""

    parsed: bool
    error: str | None
    lines: int
    functions: int
    longest: tuple[FunctionFacts, ...]
    deepest: tuple[FunctionFacts, ...]
    duplicates: tuple[Duplicate, ...]
    unclear_names: tuple[UnclearName, ...]
    growth: tuple[Growth, ...]
    notes: tuple[str, ...]
    clear_names: tuple[str, ...] = ()  # names the candidate chose well, to hold up as examples
    # The final submission's other source files, (name, lines): submitted with it, not reviewed.
    other_files: tuple[tuple[str, int], ...] = ()


# -- what is said ----------------------------------------------------------------------------------


def growth(stages: list[tuple[int | None, dict[str, int]]]) -> tuple[Growth, ...]:
    """Each method's largest gain between consecutive stages: (level passed, or None for the final
    submission; method name -> lines), in order. Every language measures, this compares."""
    best: dict[str, Growth] = {}
    for (level, before), (next_level, after) in zip(stages, stages[1:]):
        for name, length in after.items():
            if name in before and length > before[name]:
                change = Growth(name, level, next_level, before[name], length)
                if name not in best or change.added > best[name].added:
                    best[name] = change
    return tuple(sorted(best.values(), key=lambda g: (-g.added, g.name)))


def notes(found: Review) -> tuple[str, ...]:
    """The few findings worth a sentence, most useful first."""
    notes: list[str] = []
    long = [f for f in found.longest if f.length > LONG_FUNCTION]
    if long:
        top = long[0]
        others = "".join(f", {f.name} ({f.length})" for f in long[1:])
        notes.append(
            f"{top.name} is {top.length} lines (lines {top.line}-{top.end_line}){others}: split out the parts "
            "the next level will change, so a new rule touches one small helper."
        )
    deep = [f for f in found.deepest if f.depth >= DEEP_NESTING]
    if deep:
        top = deep[0]
        notes.append(
            f"{top.name} nests {top.depth} blocks deep (line {top.deepest_line}): return early on the simple cases, "
            "or move the inner loop into a helper."
        )
    if found.duplicates:
        copy = found.duplicates[0]
        spots = ", ".join(f"{a}-{b}" for a, b in copy.places[:3])
        if len(copy.places) > 3:
            spots += f" and {len(copy.places) - 3} more"
        owners = sorted({owner for owner in copy.where if owner})
        inside = f" (in {', '.join(owners)})" if owners else ""
        notes.append(
            f"The same {copy.lines}-line block appears {len(copy.places)} times, lines {spots}{inside}: "
            "one helper means one place to fix when a level changes the rule."
        )
    for change in found.growth[:1]:
        if change.added >= BIG_GROWTH:
            to = f"level {change.to_level}" if change.to_level else "the final submission"
            notes.append(
                f"{change.name} grew from {change.before} to {change.after} lines between passing level "
                f"{change.from_level} and {to}: when a level adds a rule, add a helper rather than a branch."
            )
    if found.unclear_names:
        shown = ", ".join(f"{n.name} (line {n.line})" for n in found.unclear_names[:3])
        more = len(found.unclear_names) - 3
        tail = f" and {more} more" if more > 0 else ""
        notes.append(f"Names that say nothing: {shown}{tail}; {_naming_advice(found.clear_names)}")
    if not notes and found.functions <= 1 and found.other_files:  # the code lives in the other files
        names = ", ".join(name for name, _ in found.other_files[:3]) + (" and more" if len(found.other_files) > 3 else "")
        notes.append(f"The review reads the solution file only, which defines no methods of its own: the code in {names} is not reviewed.")
    if not notes and found.functions <= 1:  # the starter's constructor at most: nothing written yet
        notes.append("The final submission defines no methods of its own yet, so there is no code to review.")
    if not notes:
        notes.append(
            f"No function over {LONG_FUNCTION} lines, nesting under {DEEP_NESTING} deep, no repeated blocks, "
            "no vague names: the code kept its shape across the levels."
        )
    return tuple(notes[:MAX_NOTES])


def _naming_advice(examples: tuple[str, ...]) -> str:
    """Name what a value holds; the examples are the candidate's own good names, when there are any."""
    if not examples:
        return "name what a value holds, not its type or a letter."
    quoted = " and ".join(examples)
    verb = "does" if len(examples) == 1 else "do"
    return f"name what a value holds, as {quoted} already {verb}."
