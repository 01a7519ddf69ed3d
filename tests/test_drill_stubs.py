"""A drill from the model solution: each language takes the drilled levels' methods out of the
reference, leaving the stub an unwritten method has, and keeps the rest of the text as written;
what it cannot find keeps the solution whole, saying why. (That the stubbed reference of every
shipped problem passes the given levels and fails the drilled one is `oa-sim author validate`'s
check, run for every problem by test_validate.py.)"""

from __future__ import annotations

from dataclasses import replace

import pytest

from oa_sim import languages
from oa_sim.languages import CannotTakeOut
from oa_sim.problem import catalog
from oa_sim.session import drill
from report_fixtures import candidate, quad  # noqa: F401  (fixtures)


@pytest.fixture
def toy(problems_dir):
    return catalog.load(problems_dir / "toy")


def stubbed(language_id: str, source: str, problem, names=("reset",)) -> str:
    return languages.get(language_id).without_methods(source, problem, list(names))


PYTHON = '''\
from counter import Counter


class CounterImpl(Counter):
    # Counters by name.
    def __init__(self):
        self.values = {}

    def add(self, name, amount):  # keeps its comment
        self.values[name] = self.values.get(name, 0) + amount
        return self.values[name]

    def reset(self, name):
        """Forget the counter."""
        # gone
        return self.values.pop(name, None) is not None

    # A trailing comment stays.
'''


def test_python_stubs_the_body_and_keeps_the_docstring_and_every_comment_outside_it(toy):
    assert stubbed("python", PYTHON, toy) == PYTHON.replace(
        "        # gone\n        return self.values.pop(name, None) is not None\n",
        '        raise NotImplementedError("reset is not implemented yet")\n',
    )


@pytest.mark.parametrize(
    "source, why",
    [
        (PYTHON.replace("def reset", "def forget"), "no method CounterImpl.reset"),
        ("class CounterImpl:\n    def reset(self, name): return True\n", "CounterImpl.reset is written on one line"),
        ("class Other:\n    def reset(self, name):\n        return True\n", "class CounterImpl is not in the model solution"),
        ("class CounterImpl(:\n", "does not parse"),
    ],
)
def test_python_refuses_what_it_cannot_stub_and_says_why(toy, source, why):
    with pytest.raises(CannotTakeOut, match=why):
        stubbed("python", source, toy)


JAVASCRIPT = """\
'use strict';
const BRACE = /[{]/; // a regular expression with a brace
class CounterImpl {
  constructor() { this.values = new Map(); }

  add(name, amount) {
    const shown = `${name}: ${ {a: '}'}.a }`; /* } in a comment */
    return 1 / 2 > 0 ? amount : '}';
  }

  reset(name) {
    if (name === "}") { return false; }
    return this.values.delete(name);
  }
}
module.exports = { CounterImpl };
"""


def test_javascript_matches_braces_past_strings_templates_regular_expressions_and_comments(toy):
    expected = JAVASCRIPT.replace(
        '    if (name === "}") { return false; }\n    return this.values.delete(name);\n',
        "    throw new Error('reset is not implemented yet');\n",
    )
    assert stubbed("javascript", JAVASCRIPT, toy) == expected
    assert stubbed("typescript", JAVASCRIPT, toy) == expected


JAVA = '''\
public class CounterImpl implements Counter {
    private static final String TEXT = """
        } a text block {
        """;
    private final char brace = '}';

    public int add(String name, int amount) { return amount; }

    public boolean reset(String name) {
        return values.remove(name) != null; // }
    }

    static class Helper {
        boolean reset(String name) {
            return true;
        }
    }
}
'''


def test_java_stubs_the_class_own_method_not_a_nested_class_one(toy):
    assert stubbed("java", JAVA, toy) == JAVA.replace(
        "        return values.remove(name) != null; // }\n",
        '        throw new UnsupportedOperationException("reset is not implemented yet");\n',
    )
    assert stubbed("java", JAVA, toy, ["add"]).count('throw new UnsupportedOperationException("add is') == 1


GO = """\
package counter

import (
\t"fmt"
\t"strings"
)

type CounterImpl struct{ values map[string]int }

func (c *CounterImpl) Add(name string, amount int) int {
\treturn len(fmt.Sprint(`}`, amount))
}

func (c *CounterImpl) Reset(name string) bool {
\treturn strings.HasPrefix(name, "}")
}
"""


def test_go_stubs_with_the_starter_panic_and_drops_an_import_only_the_stub_used(toy):
    assert stubbed("go", GO, toy) == GO.replace('\t"strings"\n', "").replace(
        '\treturn strings.HasPrefix(name, "}")\n', '\tpanic("Reset is not implemented yet")\n'
    )
    both = stubbed("go", GO, toy, ["add", "reset"])
    assert "import (\n)" in both and "panic(\"Add is not implemented yet\")" in both
    single = GO.replace('import (\n\t"fmt"\n\t"strings"\n)', 'import "strings" // for Reset')
    assert 'import "strings"' not in stubbed("go", single, toy) and "package counter\n\n\n" in stubbed("go", single, toy)


CPP = """\
#pragma once
#include "counter.hpp"

class CounterImpl : public Counter {
public:
    long long add(const std::string& name, long long amount) {
        const char* raw = R"x(})x";
        return amount + 1'000 + (name == "}" ? '}' : 0);
    }

    bool reset(const std::string& name);
};

inline bool CounterImpl::reset(const std::string& name) {
    return values_.erase(name) > 0;
}
"""


def test_cpp_stubs_a_method_defined_outside_its_class_past_raw_strings_and_digit_separators(toy):
    assert stubbed("cpp", CPP, toy) == CPP.replace(
        "    return values_.erase(name) > 0;\n", '    throw std::logic_error("not implemented");\n'
    )
    assert stubbed("cpp", CPP, toy, ["add"]).count('throw std::logic_error("not implemented");') == 1


@pytest.mark.parametrize(
    "language_id, source, why",
    [
        ("javascript", JAVASCRIPT.replace("reset(name)", "forget(name)"), "no method reset"),
        ("javascript", JAVASCRIPT.replace("`${name}", "`${name"), "never closed"),
        ("java", JAVA.replace("class CounterImpl", "class Other"), "class CounterImpl is not"),
        ("go", GO.replace("func (c *CounterImpl) Reset", "func (c *Other) Reset"), "no method Reset"),
        ("cpp", CPP.replace("return values_.erase(name) > 0;\n}", "return values_.erase(name) > 0;\n"), "never closed"),
    ],
)
def test_a_brace_language_refuses_what_it_cannot_stub_and_says_why(toy, language_id, source, why):
    with pytest.raises(CannotTakeOut, match=why):
        stubbed(language_id, source, toy)


def test_a_model_solution_that_cannot_be_stubbed_is_given_whole_with_the_reason(toy):
    class Refusing(type(languages.get("python"))):
        def without_methods(self, source, problem, names):
            raise CannotTakeOut("no method reset in the model solution")

    code = drill.model_start(toy, Refusing(), 2)
    assert code.source == (toy.solutions["python"].reference).read_text()
    assert code.whole == "no method reset in the model solution"
    assert drill.model_start(toy, languages.get("python"), 2).whole is None


def test_start_says_in_one_line_when_a_drill_starts_from_the_whole_model_solution(candidate, problems_dir):
    reference = problems_dir / "quad" / "solutions" / "python" / "reference.py"
    text = reference.read_text()
    one_line = text.replace("    def top(self, n):\n        return", "    def top(self, n): return")
    reference.write_text(one_line)
    started = candidate.start("--level", "4")
    assert "Code       the whole model solution: none of yours passed level 3 yet" in started.output
    assert "CounterImpl.top is written on one line" in " ".join(started.output.split())
    assert (candidate.folder / "counter_impl.py").read_text() == one_line
