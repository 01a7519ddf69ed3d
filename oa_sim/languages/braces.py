"""Methods in the text of a brace language (JavaScript, TypeScript, Java, Go, C++), for taking their
bodies out of a model solution: a drill's candidate gets the solution with the methods of the
drilled levels stubbed (``Language.without_methods``).

The text is read, not compiled: strings, characters, template literals, regular expressions and
comments are blanked out first (``masked``), so that only the code's own braces and parentheses
count. That is enough for well-formed code; anything else (a method not found, a brace left open)
raises ``CannotTakeOut``, and the caller keeps the solution whole rather than hand out broken code.
"""

from __future__ import annotations

import re
from typing import Callable

from oa_sim.languages import CannotTakeOut

# What may stand before a ``/`` that opens a JavaScript regular expression rather than divides.
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {""}
_REGEX_KEYWORDS = ("return", "typeof", "case", "do", "else", "in", "of", "void", "yield", "await")
_CPP_CHAR_PREFIXES = ("L", "u", "U", "u8")


def masked(source: str, dialect: str) -> str:
    """``source`` with every string, character literal and comment blanked to spaces (line breaks
    kept, so positions and lines stay): ``dialect`` is ``js``, ``java``, ``go`` or ``cpp``."""
    out = list(source)
    _scan(source, 0, dialect, out, stop_at_brace=False)
    return "".join(out)


def _scan(source: str, start: int, dialect: str, out: list[str], *, stop_at_brace: bool) -> int:
    """Blank the literals and comments of the code from ``start``; with ``stop_at_brace``, stop at
    the ``}`` that closes a template literal's ``${`` and return the index after it."""
    i, depth, previous = start, 0, ""
    n = len(source)
    while i < n:
        end = _literal_end(source, i, dialect, previous, out)
        if end is not None:
            for k in range(i, end):
                if out[k] != "\n":
                    out[k] = " "
            i = end
            continue
        char = source[i]
        if stop_at_brace:
            if char == "{":
                depth += 1
            elif char == "}":
                if depth == 0:
                    return i + 1
                depth -= 1
        if not char.isspace():
            previous = _word_before(source, i + 1) if char.isalnum() or char == "_" else char
        i += 1
    if stop_at_brace:
        raise CannotTakeOut("a template literal is never closed")
    return n


def _word_before(source: str, end: int) -> str:
    start = end
    while start > 0 and (source[start - 1].isalnum() or source[start - 1] in "_$"):
        start -= 1
    return source[start:end]


def _literal_end(source: str, i: int, dialect: str, previous: str, out: list[str]) -> int | None:
    """The index just past the comment or literal that starts at ``i``, or None if code starts there."""
    char, two = source[i], source[i : i + 2]
    if two == "//":
        end = source.find("\n", i)
        return len(source) if end < 0 else end
    if two == "/*":
        end = source.find("*/", i + 2)
        if end < 0:
            raise CannotTakeOut("a comment is never closed")
        return end + 2
    if dialect == "java" and source.startswith('"""', i):
        return _quoted_end(source, i + 3, '"""')
    if dialect == "cpp" and char == '"' and _word_before(source, i) in ("R", "u8R", "LR", "uR", "UR"):
        opening = source.find("(", i)
        if opening < 0:
            raise CannotTakeOut("a raw string is never closed")
        closing = source.find(")" + source[i + 1 : opening] + '"', opening)
        if closing < 0:
            raise CannotTakeOut("a raw string is never closed")
        return closing + opening - i + 1
    if char == '"':
        return _quoted_end(source, i + 1, '"')
    if char == "'":
        if dialect == "cpp" and i > 0 and (source[i - 1].isalnum() or source[i - 1] == "_"):
            if _word_before(source, i) not in _CPP_CHAR_PREFIXES:
                return None  # a digit separator: 1'000'000
        return _quoted_end(source, i + 1, "'")
    if char == "`" and dialect == "go":
        end = source.find("`", i + 1)
        if end < 0:
            raise CannotTakeOut("a raw string is never closed")
        return end + 1
    if char == "`" and dialect == "js":
        return _template_end(source, i + 1, out)
    if char == "/" and dialect == "js" and (previous in _REGEX_AFTER or previous in _REGEX_KEYWORDS):
        return _regex_end(source, i + 1)
    return None


def _quoted_end(source: str, i: int, quote: str) -> int:
    n = len(source)
    while i < n:
        if source[i] == "\\":
            i += 2
            continue
        if source.startswith(quote, i):
            return i + len(quote)
        if source[i] == "\n" and len(quote) == 1:
            break
        i += 1
    raise CannotTakeOut("a string is never closed")


def _template_end(source: str, i: int, out: list[str]) -> int:
    """Past a JavaScript template literal; the code in its ``${...}`` holes may hold literals too."""
    n = len(source)
    while i < n:
        if source[i] == "\\":
            i += 2
        elif source[i] == "`":
            return i + 1
        elif source.startswith("${", i):
            i = _scan(source, i + 2, "js", out, stop_at_brace=True)
        else:
            i += 1
    raise CannotTakeOut("a template literal is never closed")


def _regex_end(source: str, i: int) -> int:
    in_class = False
    n = len(source)
    while i < n and source[i] != "\n":
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "/" and not in_class:
            i += 1
            while i < n and (source[i].isalnum() or source[i] == "_"):  # its flags
                i += 1
            return i
        i += 1
    raise CannotTakeOut("a regular expression is never closed")


def closing(code: str, opening: int) -> int:
    """The index of the bracket that closes the one at ``opening`` in masked ``code``."""
    pair = {"{": "}", "(": ")", "[": "]"}[code[opening]]
    depth = 0
    for index in range(opening, len(code)):
        if code[index] == code[opening]:
            depth += 1
        elif code[index] == pair:
            depth -= 1
            if depth == 0:
                return index
    raise CannotTakeOut(f"a {code[opening]!r} is never closed")


def class_body(code: str, name: str) -> tuple[int, int]:
    """The braces of class (or struct) ``name``'s body in masked ``code``."""
    for found in re.finditer(rf"\b(?:class|struct)\s+{re.escape(name)}\b", code):
        brace, semicolon = code.find("{", found.end()), code.find(";", found.end())
        if brace >= 0 and not 0 <= semicolon < brace:  # not a forward declaration
            return brace, closing(code, brace)
    raise CannotTakeOut(f"class {name} is not in the model solution")


def member_bodies(code: str, body: tuple[int, int], name: str) -> list[tuple[int, int]]:
    """The body braces of each definition of method ``name`` directly in the class body ``body``
    (a call or a field initializer there is no definition: no ``{`` follows its parentheses)."""
    start, end = body
    depth, depths = 0, {}
    wanted = re.compile(rf"(?<![\w.$]){re.escape(name)}\s*\(")
    found = []
    marks = [m.start() for m in wanted.finditer(code, start + 1, end)]
    position = start + 1
    for mark in marks:
        for char in code[position:mark]:
            depth += {"{": 1, "}": -1}.get(char, 0)
        position = mark
        depths[mark] = depth
    for mark in marks:
        if depths[mark] != 0:
            continue
        opened = closing(code, code.index("(", mark))
        brace = _body_opening(code, opened + 1, end)
        if brace is not None:
            found.append((brace, closing(code, brace)))
    return found


def qualified_bodies(code: str, class_name: str, name: str) -> list[tuple[int, int]]:
    """The body braces of each C++ definition of ``class_name::name`` outside the class."""
    found = []
    for match in re.finditer(rf"(?<![\w:]){re.escape(class_name)}\s*::\s*{re.escape(name)}\s*\(", code):
        brace = _body_opening(code, closing(code, match.end() - 1) + 1, len(code))
        if brace is not None:
            found.append((brace, closing(code, brace)))
    return found


def go_method_bodies(code: str, receiver_type: str, name: str) -> list[tuple[int, int]]:
    """The body braces of Go method ``name`` on ``receiver_type`` (a value or a pointer receiver)."""
    pattern = rf"^func\s*\(\s*(?:\w+\s+)?\*?\s*{re.escape(receiver_type)}\s*\)\s*{re.escape(name)}\s*\("
    found = []
    for match in re.finditer(pattern, code, re.M):
        opened = closing(code, match.end() - 1)
        brace = _body_opening(code, opened + 1, len(code))
        if brace is not None:
            found.append((brace, closing(code, brace)))
    return found


def _body_opening(code: str, index: int, end: int) -> int | None:
    """The ``{`` that opens a body after a signature's parameters (past a return type, ``const``,
    ``throws``, ``override``...), or None when ``;``, ``=`` or ``,`` shows it is no definition."""
    while index < end:
        char = code[index]
        if char in ";=,})":
            return None
        if char in "([":
            index = closing(code, index) + 1
            continue
        if char == "{":
            if re.search(r"\b(?:struct|interface)\s*$", code[max(0, index - 12) : index]):  # a Go result type
                index = closing(code, index) + 1
                continue
            return index
        index += 1
    return None


def with_stubs(source: str, bodies: list[tuple[int, int, str]], indent_unit: str) -> str:
    """``source`` with each body (its braces' indexes and the statement to put in) replaced by that
    one statement, indented as the body was."""
    out, position = [], 0
    for opening, closing_at, statement in sorted(bodies):
        out += [source[position : opening + 1], _stub(source, opening, closing_at, statement, indent_unit)]
        position = closing_at
    out.append(source[position:])
    return "".join(out)


def _stub(source: str, opening: int, closing_at: int, statement: str, indent_unit: str) -> str:
    line_start = source.rfind("\n", 0, opening) + 1
    outer = re.match(r"[ \t]*", source[line_start:]).group()
    if "\n" not in source[opening:closing_at]:
        return f" {statement} "  # a one-line body stays on one line
    lines = source[opening + 1 : closing_at].split("\n")[1:]
    inner = next((re.match(r"[ \t]*", line).group() for line in lines if line.strip()), outer + indent_unit)
    before_close = source[source.rfind("\n", 0, closing_at) + 1 : closing_at]
    close_indent = before_close if not before_close.strip() else outer
    return f"\n{inner}{statement}\n{close_indent}"


def stubbed(
    source: str,
    dialect: str,
    names: dict[str, str],
    statement: Callable[[str], str],
    find: Callable[[str, str], list[tuple[int, int]]],
    indent_unit: str,
) -> str:
    """``source`` with every method of ``names`` (neutral name -> the language's) stubbed with
    ``statement(neutral)``; ``find(masked, name)`` gives a method's bodies. Refuses a method it
    cannot find, naming it."""
    code = masked(source, dialect)
    bodies = []
    for neutral, name in names.items():
        found = find(code, name)
        if not found:
            raise CannotTakeOut(f"no method {name} in the model solution")
        bodies += [(opening, closing_at, statement(neutral)) for opening, closing_at in found]
    return with_stubs(source, bodies, indent_unit)
