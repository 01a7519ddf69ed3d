"""TypeScript's code review: JavaScript's light reading (no parser), with headers that may carry
types and modifiers. Pure.

``get(key: string): string | null {``, ``private static helper<T>(items: T[]): T {`` and
``const byName = (a: Item, b: Item): number => {`` are headers here; strings and comments are
blanked and bodies found by matched braces exactly as for JavaScript, whose helpers these reuse.
"""

from __future__ import annotations

import re

from oa_sim.languages.javascript.review import _blanked
from oa_sim.languages import light_review
from oa_sim.report.review import CONVENTIONAL, NUMBERED, VAGUE, FunctionFacts, Review, UnclearName

_KEYWORDS = frozenset({"if", "for", "while", "switch", "catch", "function", "return", "with", "else", "do", "try", "new", "typeof"})
_MODIFIERS = r"(?:(?:public|private|protected|static|readonly|override|async|abstract)\s+)*"
_PARAMS = r"\((?:[^()]|\([^()]*\))*\)"  # one level of nested parentheses: a parameter typed as a function
_RETURNS = r"(?::\s*[^{;=]+?)?"
_METHOD = re.compile(rf"^\s*{_MODIFIERS}(?:get\s+|set\s+)?(#?[A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*{_PARAMS}\s*{_RETURNS}\s*\{{")
_FUNCTION = re.compile(r"\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)\s*[<(]")
_ARROW = re.compile(
    rf"^\s*(?:export\s+)?(?:(?:const|let|var)\s+|{_MODIFIERS})(#?[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s*)?"
    rf"(?:<[^>]*>\s*)?(?:{_PARAMS}|[A-Za-z_$][\w$]*)\s*{_RETURNS}\s*=>\s*\{{"
)
_CLASS = re.compile(r"^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)")
_DECLARED = re.compile(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)")


def review(final: str, passed_at_level: dict[int, str] | None = None) -> Review:
    """Review ``final``; ``passed_at_level`` maps a level to the source that first passed it."""
    return light_review.review(final, passed_at_level, _functions, _unclear_names)


def _functions(source: str) -> list[FunctionFacts]:
    lines = _blanked(source).splitlines()
    found: list[FunctionFacts] = []
    owner = ""
    for number, line in enumerate(lines, start=1):
        declared = _CLASS.match(line)
        if declared:
            owner = declared.group(1) + "."
            continue
        header = _header(line)
        if header is None:
            continue
        name, is_member = header
        end, depth, deepest_line = light_review.brace_extent(lines, number)
        found.append(FunctionFacts(owner + name if is_member else name, number, end, depth, deepest_line))
    return found


def _header(line: str) -> tuple[str, bool] | None:
    """(name, whether it is a class member) of a function whose body opens on ``line``."""
    function = _FUNCTION.search(line)
    if function and function.group(1) not in _KEYWORDS:
        return function.group(1), False
    arrow = _ARROW.match(line)
    if arrow and arrow.group(1) not in _KEYWORDS:
        return arrow.group(1), not re.match(r"^\s*(?:export\s+)?(?:const|let|var)\s", line)
    method = _METHOD.match(line)
    if method and method.group(1) not in _KEYWORDS:
        return method.group(1), True
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
