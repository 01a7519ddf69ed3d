"""JavaScript's code review: a light reading of the source (no parser), smaller than Python's. Pure.

Functions and methods are found by their headers and matched braces, with strings, template
literals and comments blanked first, so a brace inside a string never counts. That is enough for
the findings that matter after a timed session: long functions, deep nesting, vague names, and a
method that ballooned between levels.
"""

from __future__ import annotations

import re

from oa_sim.languages import light_review
from oa_sim.report.review import CONVENTIONAL, NUMBERED, VAGUE, FunctionFacts, Review, UnclearName

_KEYWORDS = frozenset({"if", "for", "while", "switch", "catch", "function", "return", "with", "else", "do", "try"})
_METHOD = re.compile(r"^\s*(?:static\s+)?(?:async\s+)?(?:get\s+|set\s+)?([A-Za-z_$][\w$]*)\s*\([^()]*\)\s*\{")
_FUNCTION = re.compile(r"\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(")
_ARROW = re.compile(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:\([^()]*\)|[A-Za-z_$][\w$]*)\s*=>\s*\{")
_CLASS = re.compile(r"^\s*class\s+([A-Za-z_$][\w$]*)")
_DECLARED = re.compile(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)")
_BLANK = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"|`(?:\\.|[^`\\])*`", re.S)


def review(final: str, passed_at_level: dict[int, str] | None = None) -> Review:
    """Review ``final``; ``passed_at_level`` maps a level to the source that first passed it."""
    return light_review.review(final, passed_at_level, _functions, _unclear_names)


def _blanked(source: str) -> str:
    return light_review.blanked(source, _BLANK)


def _functions(source: str) -> list[FunctionFacts]:
    code = _blanked(source)
    lines = code.splitlines()
    found: list[FunctionFacts] = []
    owner = ""
    for number, line in enumerate(lines, start=1):
        declared = _CLASS.match(line)
        if declared:
            owner = declared.group(1) + "."
        name = _header(line)
        if name is None:
            continue
        end, depth, deepest = light_review.brace_extent(lines, number)
        found.append(FunctionFacts(owner + name if _METHOD.match(line) else name, number, end, depth, deepest))
    return found


def _header(line: str) -> str | None:
    for pattern in (_FUNCTION, _ARROW, _METHOD):
        match = pattern.search(line) if pattern is not _METHOD else pattern.match(line)
        if match and match.group(1) not in _KEYWORDS:
            return match.group(1)
    return None


def _unclear_names(source: str, functions: list[FunctionFacts]) -> tuple[UnclearName, ...]:
    found = []
    for number, line in enumerate(_blanked(source).splitlines(), start=1):
        for match in _DECLARED.finditer(line):
            name = match.group(1)
            vague = (len(name) == 1 and name not in CONVENTIONAL) or name.lower() in VAGUE or bool(NUMBERED.match(name))
            if vague:
                owner = next((f.name for f in functions if f.line <= number <= f.end_line), "")
                found.append(UnclearName(name, number, owner))
    return tuple(found)
