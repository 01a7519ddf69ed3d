"""The Java workspace's text: the interface, the starter class, the sample tests. Pure.

Names are lowerCamelCase. "No value" is ``null``, so an optional result is a boxed type
(``String``, ``Integer``) and a plain ``int`` or ``boolean`` always has a value. Integers are
``int``, or ``long`` throughout a problem whose cases hold a number past ``int``'s range (banking's
amounts), so the candidate never meets an overflow the problem did not ask for.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oa_sim.languages import camel
from oa_sim.problem.model import CASE_SUFFIXES
from oa_sim.problem.types import Type

if TYPE_CHECKING:
    from oa_sim.problem.cases import Case
    from oa_sim.problem.model import Method, Problem

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
RUN_SAMPLES = "javac -d build *.java tests/*.java && java -cp build SampleTests"
_USES_LIST = re.compile(r"\bList(<|\.of\()")
_BIG_NUMBER = re.compile(r"(?<![\w.])-?\d{10,}(?![\w.])")
_KEYWORDS = frozenset(
    "abstract assert boolean break byte case catch char class const continue default do double else enum extends "
    "final finally float for goto if implements import instanceof int interface long native new package private "
    "protected public return short static strictfp super switch synchronized this throw throws transient try void "
    "volatile while var record yield".split()
)


@lru_cache(maxsize=16)
def _wide(root: Path, files: tuple[Path, ...]) -> bool:
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if any(not INT_MIN <= int(match) <= INT_MAX for match in _BIG_NUMBER.findall(text)):
            return True
    return False


def uses_long(problem: "Problem") -> bool:
    """Whether any case of the problem holds an integer past ``int``'s range; then integers are ``long``.

    A scan of the case files' text, not a parse (a few milliseconds, every command that writes the
    interface): a ten-digit number in a string can only make the choice ``long`` needlessly.
    """
    files = tuple(p for level in problem.levels for p in (*level.visible, *level.hidden) if p.suffix in CASE_SUFFIXES)
    return _wide(problem.root, files)


def java_type(type_: Type, wide: bool, *, boxed: bool = False) -> str:
    """A neutral type as Java writes it; ``boxed`` where it must hold null or sit in a generic."""
    kind = type_.kind
    if kind == "list":
        return f"List<{java_type(type_.item, wide, boxed=True)}>"
    if kind == "optional":
        return java_type(type_.item, wide, boxed=True)
    if kind == "integer":
        return ("Long" if boxed else "long") if wide else ("Integer" if boxed else "int")
    if kind == "boolean":
        return "Boolean" if boxed else "boolean"
    return {"string": "String", "void": "void"}[kind]


def literal(value: Any, *, ascii_only: bool = False) -> str:
    """A plain value as a Java expression: ``"a"``, ``3``, ``3500000001L``, ``null``, ``List.of(...)``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value}L" if not INT_MIN <= value <= INT_MAX else str(value)
    if isinstance(value, str):
        # JSON's escapes are Java's, and it never writes \u000a, which Java would read as a line break.
        return json.dumps(value, ensure_ascii=ascii_only)
    if isinstance(value, list):
        return f"List.of({', '.join(literal(item, ascii_only=ascii_only) for item in value)})"
    return repr(value)


def identifier(name: str) -> str:
    """A snake_case name as a lowerCamelCase Java identifier (a keyword gets a trailing underscore)."""
    word = camel(re.sub(r"\W", "_", name)) or "unnamed"
    if word[0].isdigit():
        word = "case" + word
    return word + "_" if word in _KEYWORDS else word


def doc_text(problem: "Problem", text: str) -> str:
    """A method's doc in Java's words: ``null`` for no value, snake_case names camel."""
    from oa_sim.languages import get
    from oa_sim.languages.spec_words import doc_in_language

    return doc_in_language(problem, text, get("java"))


def interface_source(problem: "Problem", unlocked: int, solution_file: str) -> str:
    wide = uses_long(problem)
    levels = "level 1" if unlocked == 1 else f"levels 1-{unlocked}"
    integers = "Integers are long in this problem: its numbers go past int's range." if wide else "Integers are int."
    lines = [
        f"// {problem.title}: the interface, {levels}.",
        "//",
        f"// oa-sim writes this file and adds methods as levels unlock; edit {solution_file} instead.",
        '// null stands for "no value": only a boxed result (String, Integer, Long, List) is ever null,',
        "// and only where its doc says so.",
        f"// {integers}",
        "// Each method throws UnsupportedOperationException until your class overrides it, so your",
        "// class compiles at every level.",
        "",
        f"public interface {problem.interface_class} {{",
    ]
    for level in problem.levels[:unlocked]:
        lines += ["", f"    // Level {level.number}: {level.title}"]
        for method in level.methods:
            lines += ["", *_javadoc(problem, method), f"    default {signature(method, wide)} {{"]
            lines += [f"        {not_implemented(camel(method.name))}", "    }"]
    lines.append("}")
    return _with_list_import(lines, header=9)


def not_implemented(name: str) -> str:
    """The one statement of a method not written yet (the interface's default body for it)."""
    return f'throw new UnsupportedOperationException("{name} is not implemented yet");'


def _with_list_import(lines: list[str], header: int) -> str:
    """The file's text, importing ``java.util.List`` after its ``header`` comment lines if it uses it."""
    if any(_USES_LIST.search(line) for line in lines[header:] if not line.lstrip().startswith(("//", "*", "/**"))):
        lines[header:header] = ["import java.util.List;", ""]
    return "\n".join(lines) + "\n"


def signature(method: "Method", wide: bool) -> str:
    params = ", ".join(f"{java_type(p.type, wide)} {identifier(p.name)}" for p in method.params)
    return f"{java_type(method.returns, wide)} {identifier(method.name)}({params})"


def _javadoc(problem: "Problem", method: "Method") -> list[str]:
    lines = ["    /**"]
    lines += [f"     * {line}".rstrip() for line in doc_text(problem, method.doc.strip()).splitlines()]
    lines.append("     */")
    return lines


def starter_source(problem: "Problem", interface_file: str) -> str:
    return (
        f"// Your solution. Implement the methods of {problem.interface_class} (see {interface_file}) in this class.\n"
        "\n"
        "import java.util.*;\n"
        "\n"
        f"public class {problem.impl_class} implements {problem.interface_class} {{\n"
        f"    public {problem.impl_class}() {{\n"
        "        // TODO: set up the state your implementation needs.\n"
        "    }\n"
        "}\n"
    )


def sample_tests_source(problem: "Problem", level: int, cases: "list[Case]") -> str:
    """A level's visible cases as a ``LevelNTest`` class for the workspace's ``SampleTests`` runner."""
    title = f"{problem.title}, level {level}: {problem.level(level).title}"
    void = {m.name for lv in problem.levels for m in lv.methods if m.returns.is_void}
    instance = identifier(problem.interface_class[:1].lower() + problem.interface_class[1:])
    out = [
        f"// {title}: sample tests.",
        "// Run them with `oa-sim test`, or in the workspace folder (plain JDK, no JUnit):",
        f"//   {RUN_SAMPLES}",
        "",
        f"public class Level{level}Test extends SampleTests {{",
    ]
    for case in cases:
        out += ["", "    @Test", f"    void {identifier(case.name)}() {{", f"        // {case.description}"]
        out.append(f"        {problem.interface_class} {instance} = new {problem.impl_class}();")
        for step in case.steps:
            args = ", ".join(literal(arg, ascii_only=True) for arg in step.args)
            call = f"{instance}.{identifier(step.method)}({args})"
            if step.method in void:
                out.append(f"        {call};")
            elif step.expected is None:
                out.append(f"        assertNull({call});")
            elif isinstance(step.expected, bool):
                out.append(f"        assert{'True' if step.expected else 'False'}({call});")
            else:
                out.append(f"        assertEquals({literal(step.expected, ascii_only=True)}, {call});")
        out.append("    }")
    out.append("}")
    return _with_list_import(out, header=4)
