"""The C++ text oa-sim writes: the workspace's interface, starter, sample tests and Makefile, and the
run folder's ``dispatch.cpp``. Pure: strings from a problem's neutral description.

Types: ``string`` is ``std::string`` (taken as ``const std::string&``), ``integer`` is ``long long``
(the banking tests hold amounts past 2^31), ``boolean`` is ``bool``, ``list<T>`` is
``std::vector<T>``, ``optional<T>`` is ``std::optional<T>`` with ``std::nullopt`` for no value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from oa_sim.problem.types import Type

if TYPE_CHECKING:
    from oa_sim.problem.cases import Case
    from oa_sim.problem.model import Method, Problem

TEST_RUNNER = Path(__file__).with_name("oa_test.hpp")
INTERFACE_HEADERS = ("optional", "stdexcept", "string", "vector")
NOT_IMPLEMENTED = 'throw std::logic_error("not implemented");'  # the starter's body of a method not written yet
_SCALARS = {"string": "std::string", "integer": "long long", "boolean": "bool", "void": "void"}
# Python's words in the problems' method docs, as a C++ reader says them.
MAKEFILE = """\
# oa-sim workspace: `make test` builds and runs the sample tests of the unlocked levels.
CXXFLAGS ?= -std=c++17 -O1 -Wall
TESTS := $(sort $(wildcard tests/level_*_test.cpp))
BINARIES := $(patsubst tests/%.cpp,build/%,$(TESTS))
SOURCES := $(wildcard *.cpp)

.PHONY: test clean
test: $(BINARIES)
\t@failed=0; for test in $(BINARIES); do ./$$test || failed=1; done; exit $$failed

build/%: tests/%.cpp tests/oa_test.hpp $(wildcard *.hpp *.h) $(SOURCES)
\t@mkdir -p build
\t$(CXX) $(CXXFLAGS) -I. -o $@ $< $(SOURCES)

clean:
\trm -rf build
"""


def cpp_type(type_: Type) -> str:
    """A neutral type as the C++ type of a result or a stored value."""
    if type_.kind == "list":
        return f"std::vector<{cpp_type(type_.item)}>"
    if type_.kind == "optional":
        return f"std::optional<{cpp_type(type_.item)}>"
    return _SCALARS[type_.kind]


def param_type(type_: Type) -> str:
    """How a parameter takes it: numbers and booleans by value, strings and containers by const reference."""
    text = cpp_type(type_)
    return text if type_.kind in ("integer", "boolean") else f"const {text}&"


def cpp_string(text: str) -> str:
    """A C++ string literal: UTF-8 kept as it is; control characters as three-digit octal escapes,
    which never swallow a following character as a hex escape would."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):03o}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def literal(value: Any) -> str:
    """A plain value as C++ writes it: ``std::nullopt``, ``true``, ``42``, ``"text"``, ``{"a", "b"}``."""
    if value is None:
        return "std::nullopt"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return cpp_string(value)
    if isinstance(value, list):
        return "{" + ", ".join(literal(item) for item in value) + "}"
    return repr(value)


def typed_literal(value: Any, type_: Type) -> str:
    """An expected value written so that ``==`` with the method's result compiles: lists get their type."""
    if value is None:
        return "std::nullopt"
    if type_.kind == "optional":
        return typed_literal(value, type_.item)
    if type_.kind == "list":
        return f"{cpp_type(type_)}{{{', '.join(typed_literal(item, type_.item) for item in value)}}}"
    return literal(value)


def _doc(method: "Method", problem: "Problem") -> list[str]:
    from oa_sim.languages import get
    from oa_sim.languages.spec_words import doc_in_language

    text = doc_in_language(problem, method.doc.strip(), get("cpp"))
    return ["    /**", *[f"     * {line}".rstrip() for line in text.splitlines()], "     */"]


def signature(method: "Method", name: Callable[[str], str]) -> str:
    """``std::optional<std::string> get(const std::string& key, ...)``: a declaration without ``virtual``."""
    params = ", ".join(f"{param_type(p.type)} {name(p.name)}" for p in method.params)
    return f"{cpp_type(method.returns)} {name(method.name)}({params})"


def _renamed(problem: "Problem", name: Callable[[str], str]) -> list[str]:
    return [m.name for level in problem.levels for m in level.methods if name(m.name) != m.name]


def interface_source(problem: "Problem", unlocked: int, name: Callable[[str], str], solution_file: str) -> str:
    """The abstract base class with the methods of levels 1..unlocked, each throwing until overridden."""
    levels = "level 1" if unlocked == 1 else f"levels 1-{unlocked}"
    lines = [
        f"// {problem.title}: the interface, {levels}.",
        "//",
        f"// oa-sim writes this file and adds methods as levels unlock; edit {solution_file} instead.",
        "// A method you have not written yet throws std::logic_error. \"No value\" is std::nullopt (an",
        "// empty std::optional); integers are long long; lists are std::vector.",
    ]
    for neutral in _renamed(problem, name):
        lines.append(f"// {neutral} is a C++ keyword, so that method is {name(neutral)}.")
    lines += ["#pragma once", ""]
    lines += [f"#include <{header}>" for header in INTERFACE_HEADERS]
    lines += [
        "",
        f"// Derive your {problem.impl_class} from this class and override its methods.",
        f"class {problem.interface_class} {{",
        "public:",
        f"    virtual ~{problem.interface_class}() = 0;  // abstract: only a derived class is ever made",
    ]
    for level in problem.levels[:unlocked]:
        lines += ["", f"    // Level {level.number}: {level.title}"]
        for method in level.methods:
            # One line per declaration: the run folder's dispatch.cpp is generated from these lines.
            lines += ["", *_doc(method, problem), f"    virtual {signature(method, name)} {{"]
            lines += [f'        throw std::logic_error("{name(method.name)} is not implemented yet");', "    }"]
    lines += ["};", "", f"inline {problem.interface_class}::~{problem.interface_class}() = default;"]
    return "\n".join(lines) + "\n"


def starter_source(problem: "Problem", name: Callable[[str], str], interface_file: str) -> str:
    """The candidate's class: the level 1 methods declared, each throwing, so it compiles and fails level 1."""
    first = problem.levels[0]
    lines = [
        f"// Your solution. Implement the methods of {problem.interface_class} (see {interface_file}) in this class;",
        "// as levels unlock, override their methods here too.",
        "#pragma once",
        "",
        f'#include "{interface_file}"',
        "",
        f"class {problem.impl_class} : public {problem.interface_class} {{",
        "public:",
        f"    {problem.impl_class}() {{",
        "        // TODO: set up the state your implementation needs.",
        "    }",
        "",
        f"    // Level {first.number}: {first.title}",
    ]
    for method in first.methods:
        lines += ["", f"    {signature(method, name)} override {{", f"        {NOT_IMPLEMENTED}", "    }"]
    lines += ["", "private:", "    // TODO: your data members.", "};"]
    return "\n".join(lines) + "\n"


def sample_tests_source(problem: "Problem", level: int, cases: "list[Case]", name: Callable[[str], str], solution_file: str) -> str:
    """A level's visible cases as ``TEST_CASE``s of ``tests/oa_test.hpp``: calls, then ``CHECK_EQ`` on results."""
    title = f"{problem.title}, level {level}: {problem.level(level).title}"
    out = [
        f"// {title}: sample tests.",
        "// Run them with `oa-sim test`, or `make test` in the workspace.",
        f'#include "../{solution_file}"',
        '#include "oa_test.hpp"',
    ]
    for case in cases:
        out += ["", f"TEST_CASE(test_{case.name}, {cpp_string(case.description)}) {{", f"    {problem.impl_class} solution;"]
        for step in case.steps:
            method = problem.method(step.method)
            call = f"solution.{name(step.method)}({', '.join(literal(arg) for arg in step.args)})"
            if method is None or method.returns.is_void:
                out.append(f"    {call};")
            else:
                out.append(f"    CHECK_EQ({call}, {typed_literal(step.expected, method.returns)});")
        out.append("}")
    out += ["", "OA_TEST_MAIN()"]
    return "\n".join(out) + "\n"


def support_files() -> dict[str, str]:
    """The Makefile (``make test``), the test runner, and compile flags for editors."""
    return {
        "Makefile": MAKEFILE,
        "tests/oa_test.hpp": TEST_RUNNER.read_text(encoding="utf-8"),
        "compile_flags.txt": "-std=c++17\n-Wall\n-I.\n",  # clangd and other editors read this
    }


_DECLARATION = re.compile(r"^    virtual .*?\b([A-Za-z_]\w*)\(")
_CLASS = re.compile(r"^class ([A-Za-z_]\w*) \{", re.M)


def interface_methods(interface: str) -> tuple[str, list[str]]:
    """The interface's class name and its methods' names, read back from ``interface_source``'s lines."""
    found = _CLASS.search(interface)
    names = [m.group(1) for line in interface.splitlines() if (m := _DECLARATION.match(line)) and "~" not in line]
    return (found.group(1) if found else ""), names


def dispatch_source(interface: str, solution_file: str, impl_class: str) -> str:
    """The run folder's dispatch.cpp: the harness's one entry into the candidate's class.

    Each method is called by name on the candidate's own class, with its arguments converted to the
    interface's parameter types: a by-value parameter or an overload there works as it would for a
    C++ caller, and a method the class does not override runs the interface's (which throws)."""
    base, names = interface_methods(interface)
    cases = "\n".join(
        f"        case {index}: *result = oa::invoke(&{base}::{method}, *args, "
        f"[&](auto&... a) -> decltype(auto) {{ return self.{method}(a...); }}); return;"
        for index, method in enumerate(names)
    )
    quoted = ", ".join(f'"{method}"' for method in names) or "nullptr"
    return f"""// oa-sim's calls into {impl_class}, generated for this run: the harness loads it with your code.
#include "{solution_file}"

namespace {{
const char* const method_names[] = {{{quoted}}};
}}

extern "C" {{
int oa_abi_version() {{ return oa::ABI_VERSION; }}
int oa_method_count() {{ return {len(names)}; }}
const char* oa_method_name(int index) {{ return method_names[index]; }}
void* oa_create() {{ return new {impl_class}(); }}

void oa_call(void* instance, int method, const std::vector<oa::Json>* args, oa::Json* result) {{
    {impl_class}& self = *static_cast<{impl_class}*>(instance);
    switch (method) {{
{cases}
    }}
    throw std::invalid_argument("no such method");
}}
}}
"""
