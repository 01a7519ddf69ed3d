"""Go's code review: a light reading of the source (no parser), like JavaScript's. Pure.

Functions and methods are found by their ``func`` headers and matched braces, with strings, raw
strings, runes and comments blanked first, so a brace inside a string never counts. That is enough
for the findings that matter after a timed session: long functions, deep nesting, vague names, and
a method that ballooned between levels. Go favours short names in short scopes, so a one-letter
name is no finding here; a vague or numbered one still is.
"""

from __future__ import annotations

import re

from oa_sim.languages import light_review
from oa_sim.report.review import NUMBERED, VAGUE, FunctionFacts, Review, UnclearName

# func (db *InMemoryDBImpl) Set(   |   func helper[T any](   |   func NewX(
_FUNC = re.compile(r"^func\s*(?:\(\s*\w*\s*\*?\s*(?P<owner>\w+)(?:\[[^\]]*\])?\s*\)\s*)?(?P<name>\w+)\s*[\[(]")
_DECLARED = re.compile(r"(?:\bvar\s+(\w+)|\b(\w+(?:\s*,\s*\w+)*)\s*:=)")
_BLANK = re.compile(r"//[^\n]*|/\*.*?\*/|`[^`]*`|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S)


def review(final: str, passed_at_level: dict[int, str] | None = None) -> Review:
    """Review ``final``; ``passed_at_level`` maps a level to the source that first passed it."""
    return light_review.review(final, passed_at_level, _functions, _unclear_names)


def _blanked(source: str) -> str:
    return light_review.blanked(source, _BLANK)


def _functions(source: str) -> list[FunctionFacts]:
    lines = _blanked(source).splitlines()
    found: list[FunctionFacts] = []
    for number, line in enumerate(lines, start=1):
        header = _FUNC.match(line)
        if header is None:
            continue
        name = f"{header.group('owner')}.{header.group('name')}" if header.group("owner") else header.group("name")
        end, depth, deepest = light_review.brace_extent(lines, number)
        found.append(FunctionFacts(name, number, end, depth, deepest))
    return found


def _unclear_names(source: str, functions: list[FunctionFacts]) -> tuple[UnclearName, ...]:
    found = []
    for number, line in enumerate(_blanked(source).splitlines(), start=1):
        for match in _DECLARED.finditer(line):
            for name in re.split(r"\s*,\s*", match.group(1) or match.group(2)):
                if name.lower() in VAGUE or bool(NUMBERED.match(name)):
                    owner = next((f.name for f in functions if f.line <= number <= f.end_line), "")
                    found.append(UnclearName(name, number, owner))
    return tuple(found)
