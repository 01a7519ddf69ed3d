"""The Go text of a workspace: names, the interface, the starter, the sample tests. Pure.

A Go candidate gets a package (``package inmemorydb`` for the module ``in_memory_db``): the
interface ``InMemoryDB`` in ``in_memory_db.go``, the type ``InMemoryDBImpl`` with its constructor
``NewInMemoryDBImpl`` in ``in_memory_db_impl.go``, and ``levelN_test.go`` files that ``go test``
runs. Names follow Go: exported PascalCase methods, camelCase parameters, initialisms in capitals
(``SetAtWithTTL``, ``accountID``); "no value" is a nil pointer (``*string``, ``*int``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from oa_sim.problem.types import Type

if TYPE_CHECKING:
    from oa_sim.problem.cases import Case, Step
    from oa_sim.problem.model import Method, Problem

# Words Go writes in capitals inside a name (Effective Go, "MixedCaps"; the Go wiki's initialisms).
INITIALISMS = frozenset({"id", "ttl", "url", "uri", "http", "json", "xml", "api", "uuid", "ip", "sql", "html", "utc"})
KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import interface "
    "map package range return select struct switch type var".split()
)
_SCALARS = {"string": "string", "integer": "int", "boolean": "bool"}


def _words(neutral: str) -> list[str]:
    return [word for word in neutral.split("_") if word]


@lru_cache(maxsize=1024)  # a scale case names the same few methods tens of thousands of times
def pascal(neutral: str) -> str:
    """``scan_by_prefix`` -> ``ScanByPrefix``; ``set_at_with_ttl`` -> ``SetAtWithTTL``."""
    return "".join(word.upper() if word in INITIALISMS else word[:1].upper() + word[1:] for word in _words(neutral))


@lru_cache(maxsize=1024)
def lower_camel(neutral: str) -> str:
    """``account_id_1`` -> ``accountID1``; a Go keyword gets a trailing underscore (``type_``)."""
    first, *rest = _words(neutral) or [neutral]
    name = first + pascal("_".join(rest))
    return f"{name}_" if name in KEYWORDS else name


def package_name(problem: "Problem") -> str:
    """The Go package of the workspace: ``in_memory_db`` -> ``inmemorydb`` (lower case, no underscores)."""
    name = re.sub(r"[^a-z0-9]", "", problem.module.lower())
    return name if name and not name[0].isdigit() and name not in KEYWORDS else f"pkg{name}"


def go_type(type_: Type) -> str:
    """A neutral type as Go writes it; ``void`` is no result at all."""
    if type_.kind == "list":
        return f"[]{go_type(type_.item)}"
    if type_.kind == "optional":
        return f"*{go_type(type_.item)}"
    return _SCALARS.get(type_.kind, "")


def literal(value: Any) -> str:
    """A plain value as a Go literal: ``"a"``, ``3``, ``true``, ``nil``, ``[]string{"a"}``."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are all valid in a Go string
    if isinstance(value, list):
        if not value:
            return "[]"
        kinds = {type(item) for item in value}
        element = {str: "string", int: "int", bool: "bool"}.get(next(iter(kinds))) if len(kinds) == 1 else None
        return f"[]{element or 'any'}{{{', '.join(literal(item) for item in value)}}}"
    return repr(value)


def receiver(problem: "Problem") -> str:
    """The receiver's name, short as Go favours: ``InMemoryDB`` -> ``db``, ``BankingSystem`` -> ``b``."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*", problem.interface_class) or ["x"]
    name = words[-1].lower() if len(words[-1]) > 1 and words[-1].isupper() else words[0][0].lower()
    params = {lower_camel(p.name) for level in problem.levels for m in level.methods for p in m.params}
    return name if name not in params and name not in KEYWORDS else "impl"


def go_doc(text: str, problem: "Problem") -> str:
    """A method's neutral doc in Go's words: method and parameter names as Go spells them, nil for no value."""
    from oa_sim.languages import get
    from oa_sim.languages.spec_words import doc_in_language

    return doc_in_language(problem, text, get("go"))


def signature(method: "Method") -> str:
    params = ", ".join(f"{lower_camel(p.name)} {go_type(p.type)}" for p in method.params)
    result = "" if method.returns.is_void else f" {go_type(method.returns)}"
    return f"{pascal(method.name)}({params}){result}"


def interface_source(problem: "Problem", unlocked: int, solution_file: str) -> str:
    levels = "level 1" if unlocked == 1 else f"levels 1-{unlocked}"
    lines = [
        f"// {problem.title}: the interface, {levels}.",
        "//",
        f"// oa-sim writes this file and adds methods as levels unlock; edit {solution_file} instead.",
        '// "No value" is nil: an optional string is a *string and an optional integer a *int, nil',
        "// when there is none. A list is a slice (a nil slice is the empty list). Integers are int.",
        f"package {package_name(problem)}",
        "",
        f"// {problem.interface_class} is what {problem.impl_class} implements (in {solution_file}).",
        f"type {problem.interface_class} interface {{",
    ]
    for level in problem.levels[:unlocked]:
        lines += [f"\t// Level {level.number}: {level.title}", ""]
        for method in level.methods:
            lines += [f"\t// {line}".rstrip() for line in go_doc(method.doc.strip(), problem).splitlines()]
            lines += [f"\t{signature(method)}", ""]
    lines[-1:] = ["}"]
    return "\n".join(lines) + "\n"


def starter_source(problem: "Problem", interface_file: str) -> str:
    impl, me = problem.impl_class, receiver(problem)
    lines = [
        f"// Your solution: {impl} implements {problem.interface_class} (see {interface_file}).",
        "// It is graded with the interface file and any other .go file of the package beside it.",
        f"package {package_name(problem)}",
        "",
        f"// {impl} holds the state of one instance. Add each level's methods as it unlocks.",
        f"type {impl} struct {{",
        "\t// TODO: the state your implementation needs.",
        "}",
        "",
        f"// New{impl} returns a new, empty {impl}. The grader makes each test's instance",
        "// with it, so keep its name and signature.",
        f"func New{impl}() *{impl} {{",
        f"\treturn &{impl}{{}}",
        "}",
    ]
    lines += ["", f"// Level 1: {problem.levels[0].title} (see {interface_file})"]
    for method in problem.levels[0].methods:
        lines += ["", f"func ({me} *{impl}) {signature(method)} {{", f"\t{not_implemented(method.name)}", "}"]
    return "\n".join(lines) + "\n"


def not_implemented(neutral: str) -> str:
    """The one statement of a method not written yet (the starter's body for it)."""
    return f'panic("{pascal(neutral)} is not implemented yet")'


def sample_tests_source(problem: "Problem", level: int, cases: "list[Case]", run_hint: str) -> str:
    title = f"{problem.title}, level {level}: {problem.level(level).title}"
    returns = {m.name: m.returns for lv in problem.levels for m in lv.methods}
    out = [f"// {title}: sample tests. {run_hint}", f"package {package_name(problem)}", ""]
    if level == 1:  # the helpers live here: level 1 is always unlocked, and restored when deleted
        out += ["import (", '\t"fmt"', '\t"reflect"', '\t"testing"', ")", *_helpers(problem)]
    else:
        out.append('import "testing"')
    seen: set[str] = set()
    for case in cases:
        name = f"TestLevel{level}{pascal(case.name)}"
        while name in seen:
            name += "Again"
        seen.add(name)
        out += ["", f"// {case.description}", f"func {name}(t *testing.T) {{", f"\tsolution := New{problem.impl_class}()"]
        for number, step in enumerate(case.steps, start=1):
            out.append(_step(step, number, returns[step.method]))
        out.append("}")
    return "\n".join(out) + "\n"


def _step(step: "Step", number: int, returns: Type) -> str:
    args = ", ".join(literal(arg) for arg in step.args)
    call = f"solution.{pascal(step.method)}({args})"
    shown = f"`{call}`" if "`" not in call and "\n" not in call else json.dumps(call, ensure_ascii=False)
    if returns.is_void:
        return f"\t{call}"
    if step.expected is None:
        return f"\texpectNil(t, {number}, {shown}, {call})"
    if returns.kind in _SCALARS:
        helper = "expect"
    elif returns.is_optional and returns.item.kind in _SCALARS:
        helper, returns = "expectValue", returns.item
    elif returns.kind == "list" and returns.item.kind in _SCALARS:
        helper = "expectSlice"
    else:
        helper = "expectDeep"  # nested lists, an optional list: rare, compared as printed
    return f"\t{helper}(t, {number}, {shown}, {call}, {_typed(step.expected, returns)})"


def _typed(value: Any, type_: Type) -> str:
    """``value`` as a Go literal of ``type_`` (so an empty list still says its element type)."""
    if type_.kind == "optional":
        return f"&{_typed(value, type_.item)}" if type_.item.kind == "list" else _typed(value, type_.item)
    if type_.kind == "list":
        return f"{go_type(type_)}{{{', '.join(_typed(item, type_.item) for item in value)}}}"
    return literal(value)


def _helpers(problem: "Problem") -> list[str]:
    return [
        "",
        f"// Every level's tests use these helpers; {problem.impl_class} must have every method of {problem.interface_class}.",
        f"var _ {problem.interface_class} = (*{problem.impl_class})(nil)",
        "",
        "func expect[T comparable](t *testing.T, step int, call string, got, want T) {",
        "\tt.Helper()",
        "\tif got != want {",
        '\t\tt.Fatalf("step %d: %s returned %#v, want %#v", step, call, got, want)',
        "\t}",
        "}",
        "",
        "func expectValue[T comparable](t *testing.T, step int, call string, got *T, want T) {",
        "\tt.Helper()",
        "\tif got == nil || *got != want {",
        '\t\tt.Fatalf("step %d: %s returned %s, want %#v", step, call, show(got), want)',
        "\t}",
        "}",
        "",
        "func expectNil[T any](t *testing.T, step int, call string, got T) {",
        "\tt.Helper()",
        "\tif any(got) != nil && !isNil(got) {",
        '\t\tt.Fatalf("step %d: %s returned %#v, want nil", step, call, got)',
        "\t}",
        "}",
        "",
        "func expectSlice[T comparable](t *testing.T, step int, call string, got, want []T) {",
        "\tt.Helper()",
        "\tsame := len(got) == len(want) // nil and an empty slice both mean the empty list",
        "\tfor i := 0; same && i < len(got); i++ {",
        "\t\tsame = got[i] == want[i]",
        "\t}",
        "\tif !same {",
        '\t\tt.Fatalf("step %d: %s returned %#v, want %#v", step, call, got, want)',
        "\t}",
        "}",
        "",
        "func expectDeep[T any](t *testing.T, step int, call string, got, want T) {",
        "\tt.Helper()",
        '\tif fmt.Sprintf("%v", got) != fmt.Sprintf("%v", want) {',
        '\t\tt.Fatalf("step %d: %s returned %v, want %v", step, call, got, want)',
        "\t}",
        "}",
        "",
        "func isNil(value any) bool {",
        "\tv := reflect.ValueOf(value)",
        "\tswitch v.Kind() {",
        "\tcase reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:",
        "\t\treturn v.IsNil()",
        "\t}",
        "\treturn false",
        "}",
        "",
        "func show[T any](got *T) string {",
        "\tif got == nil {",
        '\t\treturn "nil"',
        "\t}",
        '\treturn fmt.Sprintf("&%#v", *got)',
        "}",
    ]
