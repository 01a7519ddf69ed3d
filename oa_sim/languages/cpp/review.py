"""C++'s code review: a light reading of the source (no parser), like JavaScript's. Pure.

Comments, string and character literals are blanked first, so a brace inside them never counts.
Functions are found by a header (a name, its parameters, qualifiers, a constructor's initialiser
list) that opens a body; methods inside a class are named ``Class::method``, as are those defined
outside it. Nesting counts the blocks of statements (after ``)``, ``else``, ``do``, ``try``), not
the braces of an initialiser such as ``return {};``.
"""

from __future__ import annotations

import re

from oa_sim.languages import light_review
from oa_sim.report.review import CONVENTIONAL, NUMBERED, VAGUE, FunctionFacts, Review, UnclearName

_KEYWORDS = frozenset(
    {"if", "for", "while", "switch", "catch", "return", "sizeof", "decltype", "alignof", "static_assert", "noexcept", "throw", "new", "delete", "operator"}
)
_BLANK = re.compile(r'//[^\n]*|/\*.*?\*/|R"(?P<tag>[^(\s]*)\(.*?\)(?P=tag)"|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
_PARAMS = r"\((?:[^;{}()]|\([^;{}()]*\))*\)"
_HEADER = re.compile(
    r"(?P<name>(?:[A-Za-z_]\w*::)*~?[A-Za-z_]\w*)\s*" + _PARAMS + r"\s*"
    r"(?:(?:const|noexcept|override|final|volatile|&|&&)\b\s*)*(?:->\s*[^{;=]+?)?\s*(?::\s*[^{;]*?)?\{"
)
_CLASS = re.compile(r"\b(?:class|struct)\s+(?P<name>[A-Za-z_]\w*)[^;{()]*\{")
_DECLARED = re.compile(
    r"\b(?:auto|bool|char|double|float|int|long|short|unsigned|size_t|std::\w+(?:<[^;=(){}]*>)?|[A-Z]\w*(?:<[^;=(){}]*>)?)"
    r"\s*(?:const\s*)?[&*]*\s+(?P<name>[A-Za-z_]\w*)\s*(?==|;|\{|:(?!:))"
)
_BLOCK_OPENERS = ("else", "do", "try")


def review(final: str, passed_at_level: dict[int, str] | None = None) -> Review:
    """Review ``final``; ``passed_at_level`` maps a level to the source that first passed it."""
    return light_review.review(final, passed_at_level, _functions, _unclear_names)


def _blanked(source: str) -> str:
    return light_review.blanked(source, _BLANK)


def _matching(code: str, opening: int) -> int:
    """The index of the brace that closes the one at ``opening`` (the end of the text if none)."""
    level = 0
    for index in range(opening, len(code)):
        if code[index] == "{":
            level += 1
        elif code[index] == "}":
            level -= 1
            if level == 0:
                return index
    return len(code) - 1


def _functions(source: str) -> list[FunctionFacts]:
    code = _blanked(source)
    classes = []  # (start, end, name) of each class body
    for match in _CLASS.finditer(code):
        opening = match.end() - 1
        classes.append((opening, _matching(code, opening), match["name"]))
    found: list[FunctionFacts] = []
    taken_until = -1  # a function's body is not searched for more functions (lambdas, local classes)
    for match in _HEADER.finditer(code):
        name = match["name"]
        opening = match.end() - 1
        if opening <= taken_until or name.split("::")[-1] in _KEYWORDS or _is_call(code, match.start()):
            continue
        closing = _matching(code, opening)
        owner = next((cls for start, end, cls in reversed(classes) if start < match.start() < end), None)
        if owner and "::" not in name:
            name = f"{owner}::{name}"
        depth, deepest_line = _depth(code, opening, closing)
        line = code.count("\n", 0, match.start()) + 1
        found.append(FunctionFacts(name, line, code.count("\n", 0, closing) + 1, depth, deepest_line))
        taken_until = closing
    return found


def _is_call(code: str, start: int) -> bool:
    """Whether the name at ``start`` is used rather than declared: after ``.``, ``->``, ``=`` or ``(``."""
    before = code[:start].rstrip()
    return before.endswith((".", "->", "=", "(", ",", "return", "!", "&&", "||"))


def _depth(code: str, opening: int, closing: int) -> tuple[int, int]:
    """(deepest nesting of statement blocks inside the body, the line where the deepest opens)."""
    stack: list[bool] = []  # for each open brace inside: does it open a block of statements?
    deepest = deepest_line = 0
    for index in range(opening + 1, closing):
        char = code[index]
        if char == "{":
            before = code[opening + 1 : index].rstrip()
            block = before.endswith(")") or before.endswith(_BLOCK_OPENERS) or before.endswith((";", "{", "}"))
            stack.append(block)
            level = sum(stack)
            if block and level > deepest:
                deepest, deepest_line = level, code.count("\n", 0, index) + 1
        elif char == "}" and stack:
            stack.pop()
    return deepest, deepest_line


def _unclear_names(source: str, functions: list[FunctionFacts]) -> tuple[UnclearName, ...]:
    found = []
    for number, line in enumerate(_blanked(source).splitlines(), start=1):
        for match in _DECLARED.finditer(line):
            name = match["name"]
            vague = (len(name) == 1 and name not in CONVENTIONAL) or name.lower() in VAGUE or bool(NUMBERED.match(name))
            if vague:
                owner = next((f.name for f in functions if f.line <= number <= f.end_line), "")
                found.append(UnclearName(name, number, owner))
    return tuple(found)
