"""What every lighter code review shares: a language without Python's ``ast`` is read by its
function headers and matched braces, once its comments and literals are blanked. Pure.

Each language's ``review`` module finds its own functions and declared names; this module assembles
the findings, compares them across levels, and measures a brace-delimited body.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from oa_sim.report.review import TOP, FunctionFacts, Review, UnclearName, growth, notes

Functions = Callable[[str], list[FunctionFacts]]
UnclearNames = Callable[[str, list[FunctionFacts]], tuple[UnclearName, ...]]


def review(final: str, passed_at_level: dict[int, str] | None, functions_of: Functions, unclear_of: UnclearNames) -> Review:
    """The review of ``final``; growth is measured from the sources that first passed each level."""
    functions = functions_of(final)
    longest = tuple(sorted(functions, key=lambda f: (-f.length, f.line))[:TOP])
    deepest = tuple(sorted((f for f in functions if f.depth), key=lambda f: (-f.depth, f.line))[:TOP])
    snapshots = passed_at_level or {}
    stages = [(level, {f.name: f.length for f in functions_of(snapshots[level])}) for level in sorted(snapshots)]
    stages.append((None, {f.name: f.length for f in functions}))
    unclear = unclear_of(final, functions)
    found = Review(True, None, len(final.splitlines()), len(functions), longest, deepest, (), unclear, growth(stages)[:TOP], ())
    return replace(found, notes=notes(found))


def blanked(source: str, literals: re.Pattern[str]) -> str:
    """The source with what ``literals`` matches (comments, strings) replaced by spaces, line breaks kept."""
    return literals.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)


def brace_extent(lines: list[str], start: int) -> tuple[int, int, int]:
    """(last line, deepest nesting of blocks inside, the line where it is) of the body opening on ``start``."""
    level = deepest = 0
    deepest_line = 0
    opened = False
    for number in range(start, len(lines) + 1):
        for char in lines[number - 1]:
            if char == "{":
                level += 1
                opened = True
                if level - 1 > deepest:
                    deepest, deepest_line = level - 1, number
            elif char == "}":
                level -= 1
                if opened and level == 0:
                    return number, deepest, deepest_line
    return len(lines), deepest, deepest_line
