"""Java's code review: a light reading of the source (no parser), like JavaScript's. Pure.

Methods and constructors are found by their headers and matched braces, with comments, strings,
text blocks and character literals blanked first, so a brace inside a string never counts. A
method belongs to the innermost class whose braces hold it. That is enough for the findings that
matter after a timed session: long methods, deep nesting, vague names, and a method that
ballooned between levels.
"""

from __future__ import annotations

import re
from dataclasses import replace

from oa_sim.report.review import CONVENTIONAL, NUMBERED, TOP, VAGUE, FunctionFacts, Growth, Review, UnclearName, notes

_NOT_A_NAME = frozenset({"if", "for", "while", "switch", "catch", "synchronized", "return", "new", "else", "throw", "try", "do"})
_MODIFIERS = r"(?:(?:public|protected|private|static|final|abstract|synchronized|native|default|strictfp)\s+)*"
_METHOD = re.compile(
    rf"^\s*(?:@\w+(?:\([^)]*\))?\s+)*{_MODIFIERS}(?:<[^>]*>\s+)?"
    r"(?:(?P<type>[\w$.]+(?:<[^;{}()]*>)?(?:\[\])*)\s+)?(?P<name>[A-Za-z_$][\w$]*)\s*\([^;{}]*\)\s*(?:throws\s+[\w$.,\s]+)?\{"
)
_CLASS = re.compile(rf"^\s*(?:@\w+(?:\([^)]*\))?\s+)*{_MODIFIERS}(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)")
_DECLARED = re.compile(
    r"\b(?:var|int|long|boolean|double|float|char|short|byte|[A-Z][\w$]*(?:<[^;=(){}]*>)?(?:\[\])*)\s+"
    r"([a-z_$][\w$]*)\s*(?=[=;:,)])"
)
_BLANK = re.compile(
    r'//[^\n]*|/\*.*?\*/|"""(?:\\.|[^\\])*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
    re.S,
)


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
    """The source with comments and string contents replaced by spaces, line breaks kept."""
    return _BLANK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)


def _functions(source: str) -> list[FunctionFacts]:
    lines = _blanked(source).splitlines()
    classes: list[tuple[str, int, int]] = []  # (name, first line, last line)
    found: list[FunctionFacts] = []
    for number, line in enumerate(lines, start=1):
        declared = _CLASS.match(line)
        if declared:
            classes.append((declared.group(1), number, _extent(lines, number)[0]))
            continue
        method = _METHOD.match(line)
        if method is None or method.group("name") in _NOT_A_NAME or method.group("type") in _NOT_A_NAME:
            continue
        end, depth, deepest = _extent(lines, number)
        owners = [name for name, first, last in classes if first <= number <= last]
        found.append(FunctionFacts(f"{owners[-1]}.{method.group('name')}" if owners else method.group("name"), number, end, depth, deepest))
    return found


def _extent(lines: list[str], start: int) -> tuple[int, int, int]:
    """(last line, deepest nesting of blocks inside, the line where it is) of the body opening on ``start``."""
    level = deepest = deepest_line = 0
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
            name = match.group(1)
            if (len(name) == 1 and name not in CONVENTIONAL) or name.lower() in VAGUE or bool(NUMBERED.match(name)):
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
