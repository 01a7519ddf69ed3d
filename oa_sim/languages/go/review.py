"""Go's code review: a light reading of the source (no parser), like JavaScript's. Pure.

Functions and methods are found by their ``func`` headers and matched braces, with strings, raw
strings, runes and comments blanked first, so a brace inside a string never counts. That is enough
for the findings that matter after a timed session: long functions, deep nesting, vague names, and
a method that ballooned between levels. Go favours short names in short scopes, so a one-letter
name is no finding here; a vague or numbered one still is.
"""

from __future__ import annotations

import re
from dataclasses import replace

from oa_sim.report.review import NUMBERED, TOP, VAGUE, FunctionFacts, Growth, Review, UnclearName, notes

# func (db *InMemoryDBImpl) Set(   |   func helper[T any](   |   func NewX(
_FUNC = re.compile(r"^func\s*(?:\(\s*\w*\s*\*?\s*(?P<owner>\w+)(?:\[[^\]]*\])?\s*\)\s*)?(?P<name>\w+)\s*[\[(]")
_DECLARED = re.compile(r"(?:\bvar\s+(\w+)|\b(\w+(?:\s*,\s*\w+)*)\s*:=)")
_BLANK = re.compile(r"//[^\n]*|/\*.*?\*/|`[^`]*`|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S)


def review(final: str, passed_at_level: dict[int, str] | None = None) -> Review:
    """Review ``final``; ``passed_at_level`` maps a level to the source that first passed it."""
    functions = _functions(final)
    longest = tuple(sorted(functions, key=lambda f: (-f.length, f.line))[:TOP])
    deepest = tuple(sorted((f for f in functions if f.depth), key=lambda f: (-f.depth, f.line))[:TOP])
    growth = _growth(passed_at_level or {}, functions)[:TOP]
    unclear = _unclear_names(final, functions)
    found = Review(True, None, len(final.splitlines()), len(functions), longest, deepest, (), unclear, growth, ())
    return replace(found, notes=notes(found))


def _blanked(source: str) -> str:
    """The source with comments and literals replaced by spaces, line breaks kept."""
    return _BLANK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)


def _functions(source: str) -> list[FunctionFacts]:
    lines = _blanked(source).splitlines()
    found: list[FunctionFacts] = []
    for number, line in enumerate(lines, start=1):
        header = _FUNC.match(line)
        if header is None:
            continue
        name = f"{header.group('owner')}.{header.group('name')}" if header.group("owner") else header.group("name")
        end, depth, deepest = _extent(lines, number)
        found.append(FunctionFacts(name, number, end, depth, deepest))
    return found


def _extent(lines: list[str], start: int) -> tuple[int, int, int]:
    """(last line, deepest nesting of blocks inside, the line where it is) of the body opening on ``start``.

    Braces of composite literals count as blocks too; a light reading accepts that."""
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


def _unclear_names(source: str, functions: list[FunctionFacts]) -> tuple[UnclearName, ...]:
    found = []
    for number, line in enumerate(_blanked(source).splitlines(), start=1):
        for match in _DECLARED.finditer(line):
            for name in re.split(r"\s*,\s*", match.group(1) or match.group(2)):
                if name.lower() in VAGUE or bool(NUMBERED.match(name)):
                    owner = next((f.name for f in functions if f.line <= number <= f.end_line), "")
                    found.append(UnclearName(name, number, owner))
    return tuple(found)


def _growth(snapshots: dict[int, str], final_functions: list[FunctionFacts]) -> tuple[Growth, ...]:
    stages = [(level, {f.name: f.length for f in _functions(snapshots[level])}) for level in sorted(snapshots)]
    stages.append((None, {f.name: f.length for f in final_functions}))
    best: dict[str, Growth] = {}
    for (level, before), (next_level, after) in zip(stages, stages[1:]):
        for name, length in after.items():
            if name in before and length > before[name]:
                change = Growth(name, level, next_level, before[name], length)
                if name not in best or change.added > best[name].added:
                    best[name] = change
    return tuple(sorted(best.values(), key=lambda g: (-g.added, g.name)))
