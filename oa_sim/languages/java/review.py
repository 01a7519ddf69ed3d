"""Java's code review: a light reading of the source (no parser), like JavaScript's. Pure.

Methods and constructors are found by their headers and matched braces, with comments, strings,
text blocks and character literals blanked first, so a brace inside a string never counts. A
method belongs to the innermost class whose braces hold it. That is enough for the findings that
matter after a timed session: long methods, deep nesting, vague names, and a method that
ballooned between levels.
"""

from __future__ import annotations

import re

from oa_sim.languages import light_review
from oa_sim.report.review import CONVENTIONAL, NUMBERED, VAGUE, FunctionFacts, Review, UnclearName

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
    return light_review.review(final, passed_at_level, _functions, _unclear_names)


def _blanked(source: str) -> str:
    return light_review.blanked(source, _BLANK)


def _functions(source: str) -> list[FunctionFacts]:
    lines = _blanked(source).splitlines()
    classes: list[tuple[str, int, int]] = []  # (name, first line, last line)
    found: list[FunctionFacts] = []
    for number, line in enumerate(lines, start=1):
        declared = _CLASS.match(line)
        if declared:
            classes.append((declared.group(1), number, light_review.brace_extent(lines, number)[0]))
            continue
        method = _METHOD.match(line)
        if method is None or method.group("name") in _NOT_A_NAME or method.group("type") in _NOT_A_NAME:
            continue
        end, depth, deepest = light_review.brace_extent(lines, number)
        owners = [name for name, first, last in classes if first <= number <= last]
        found.append(FunctionFacts(f"{owners[-1]}.{method.group('name')}" if owners else method.group("name"), number, end, depth, deepest))
    return found


def _unclear_names(source: str, functions: list[FunctionFacts]) -> tuple[UnclearName, ...]:
    found = []
    for number, line in enumerate(_blanked(source).splitlines(), start=1):
        for match in _DECLARED.finditer(line):
            name = match.group(1)
            if (len(name) == 1 and name not in CONVENTIONAL) or name.lower() in VAGUE or bool(NUMBERED.match(name)):
                owner = next((f.name for f in functions if f.line <= number <= f.end_line), "")
                found.append(UnclearName(name, number, owner))
    return tuple(found)
