"""The bare Go, C++ and TypeScript programs that oa-sim's compiled submits are measured against.

Each reads ``cases.json`` (every hidden case of the levels, as ``[method, args, expected]`` steps
in the language's spelling of the method), makes a new solution object for each case, plays its
steps and stops at the first answer that is not the expected one (exit status 1). What it is built
with comes from oa-sim's own toolchain modules, so a change of flags there changes both sides.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from oa_sim import languages
from oa_sim.problem import catalog as problems
from oa_sim.problem.cases import load_cases
from oa_sim.problem.model import CASE_SUFFIXES


@dataclass(frozen=True)
class Bare:
    """A bare program's folder, how it is compiled and run, the source changed before each run, and
    what the compile makes (removed before each, as oa-sim builds in a new run folder every time:
    ``go build`` would otherwise skip the link of a program it finds up to date)."""

    folder: Path
    compile: list[str]
    run: list[str]
    env: dict
    source: Path
    output: str


def write_cases(problem: problems.Problem, levels: range, language: languages.Language, where: Path) -> None:
    """The hidden cases of ``levels`` as JSON data, whatever their size."""
    cases = [
        [[language.method_name(step.method), list(step.args), step.expected] for step in case.steps]
        for level in levels
        for path in problem.level(level).hidden
        if path.suffix in CASE_SUFFIXES
        for case in load_cases(path)
    ]
    (where / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")


def _methods(problem: problems.Problem, levels: range):
    return [method for level in problem.levels[: max(levels)] for method in level.methods]


def _arguments(method, convert: dict[str, str]) -> str:
    kinds = [param.type.kind for param in method.params]
    if any(kind not in convert for kind in kinds):
        raise SystemExit(f"the bare programs take string, integer and boolean arguments; {method.name} takes {kinds}")
    return ", ".join(convert[kind].format(i) for i, kind in enumerate(kinds))


def _solution_files(problem: problems.Problem, levels: range, language_id: str, where: Path) -> Path:
    language = languages.get(language_id)
    where.mkdir(parents=True, exist_ok=True)
    (where / language.interface_file(problem)).write_text(language.interface_source(problem, max(levels)), encoding="utf-8")
    source = where / language.solution_file(problem)
    source.write_text(problem.solutions[language_id].reference.read_text(encoding="utf-8"), encoding="utf-8")
    return source


# -- Go -------------------------------------------------------------------------------------------

GO_MAIN = """\
// The hidden cases played on the solution, as one would write it: no harness, no limits.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"

	solution "bare/solution"
)

// plain is a returned value as encoding/json reads the expected one: nil, float64, string, bool, []any.
func plain(v reflect.Value) any {{
	switch v.Kind() {{
	case reflect.Invalid:
		return nil
	case reflect.Pointer:
		if v.IsNil() {{
			return nil
		}}
		return plain(v.Elem())
	case reflect.Slice:
		items := make([]any, v.Len())
		for i := range items {{
			items[i] = plain(v.Index(i))
		}}
		return items
	case reflect.Int, reflect.Int64:
		return float64(v.Int())
	}}
	return v.Interface()
}}

func main() {{
	data, err := os.ReadFile("cases.json")
	if err != nil {{
		panic(err)
	}}
	var cases [][][]any
	if err := json.Unmarshal(data, &cases); err != nil {{
		panic(err)
	}}
	for number, steps := range cases {{
		s := solution.New{impl}()
		for _, step := range steps {{
			a := step[1].([]any)
			var got any
			switch step[0].(string) {{
{branches}
			default:
				panic(step[0])
			}}
			if !reflect.DeepEqual(plain(reflect.ValueOf(got)), step[2]) {{
				fmt.Fprintf(os.Stderr, "case %d: %v%v gave %v, not %v\\n", number, step[0], a, got, step[2])
				os.Exit(1)
			}}
		}}
	}}
}}
"""


def bare_go(problem: problems.Problem, levels: range, where: Path, env: dict) -> Bare:
    """A Go module: the solution's package as the workspace has it, and a main that plays the cases;
    built by ``go build`` with oa-sim's flags and build cache (the standard library is compiled already)."""
    from oa_sim.languages.go import toolchain

    language = languages.get("go")
    source = _solution_files(problem, levels, "go", where / "solution")
    (where / "go.mod").write_text(f"module bare\n\ngo {toolchain.go_directive()}\n")
    convert = {"string": "a[{}].(string)", "integer": "int(a[{}].(float64))", "boolean": "a[{}].(bool)"}
    branches = []
    for method in _methods(problem, levels):
        name = language.method_name(method.name)
        call = f"s.{name}({_arguments(method, convert)})"
        branches.append(f'\t\t\tcase "{name}":\n\t\t\t\t{call if method.returns.is_void else "got = " + call}')
    (where / "main.go").write_text(GO_MAIN.format(impl=problem.impl_class, branches="\n".join(branches)))
    write_cases(problem, levels, language, where)
    build = toolchain.build_command(shutil.which("go") or "go", "bare")
    # The build environment (oa-sim's cache, no network) lacks the variables that change a Go run too.
    return Bare(where, build, ["./bare"], toolchain.build_env(), source, "bare")


# -- C++ ------------------------------------------------------------------------------------------

CPP_PRELUDE = """\
// What the bare program and the interface include, precompiled once as oa-sim's grading does.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
"""

CPP_MAIN = """\
// The hidden cases played on the solution, as one would write it: no harness, no limits.
#include "{solution}"

namespace {{

struct Json {{
    enum Kind {{ Null, Bool, Int, Str, List }} kind = Null;
    bool b = false;
    long long i = 0;
    std::string s;
    std::vector<Json> list;
}};

// Just enough JSON for cases.json: arrays, strings, integers, true, false and null.
struct Reader {{
    const std::string& text;
    size_t at = 0;

    void space() {{
        while (at < text.size() && (text[at] == ' ' || text[at] == '\\n' || text[at] == '\\t' || text[at] == '\\r')) ++at;
    }}
    Json value() {{
        space();
        Json v;
        char c = text.at(at);
        if (c == '[') {{
            v.kind = Json::List;
            ++at;
            space();
            if (text.at(at) == ']') return ++at, v;
            for (;;) {{
                v.list.push_back(value());
                space();
                if (text.at(at++) == ']') return v;
            }}
        }}
        if (c == '"') return v.kind = Json::Str, v.s = string(), v;
        if (c == 'n') return at += 4, v;
        if (c == 't' || c == 'f') return v.kind = Json::Bool, v.b = c == 't', at += v.b ? 4 : 5, v;
        size_t used = 0;
        v.kind = Json::Int;
        v.i = std::stoll(text.substr(at, 24), &used);
        return at += used, v;
    }}
    std::string string() {{
        std::string out;
        for (++at; text.at(at) != '"'; ++at) {{
            if (text[at] != '\\\\') {{ out += text[at]; continue; }}
            char e = text.at(++at);
            if (e != 'u') {{ out += e == 'n' ? '\\n' : e == 't' ? '\\t' : e == 'r' ? '\\r' : e == 'b' ? '\\b' : e == 'f' ? '\\f' : e; continue; }}
            unsigned long code = std::stoul(text.substr(at + 1, 4), nullptr, 16);
            at += 4;
            if (code >= 0xD800 && code < 0xDC00) {{  // a surrogate pair: \\uD83D\\uDE00
                code = 0x10000 + ((code - 0xD800) << 10) + (std::stoul(text.substr(at + 3, 4), nullptr, 16) - 0xDC00);
                at += 6;
            }}
            if (code < 0x80) out += char(code);
            else if (code < 0x800) out += char(0xC0 | code >> 6), out += char(0x80 | (code & 0x3F));
            else if (code < 0x10000) out += char(0xE0 | code >> 12), out += char(0x80 | (code >> 6 & 0x3F)), out += char(0x80 | (code & 0x3F));
            else out += char(0xF0 | code >> 18), out += char(0x80 | (code >> 12 & 0x3F)), out += char(0x80 | (code >> 6 & 0x3F)), out += char(0x80 | (code & 0x3F));
        }}
        ++at;
        return out;
    }}
}};

bool same(const std::string& got, const Json& want) {{ return want.kind == Json::Str && want.s == got; }}
bool same(long long got, const Json& want) {{ return want.kind == Json::Int && want.i == got; }}
bool same(bool got, const Json& want) {{ return want.kind == Json::Bool && want.b == got; }}
template <class T>
bool same(const std::optional<T>& got, const Json& want) {{ return got ? same(*got, want) : want.kind == Json::Null; }}
template <class T>
bool same(const std::vector<T>& got, const Json& want) {{
    if (want.kind != Json::List || want.list.size() != got.size()) return false;
    for (size_t k = 0; k < got.size(); ++k)
        if (!same(got[k], want.list[k])) return false;
    return true;
}}

}}  // namespace

int main() {{
    std::ifstream file("cases.json");
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const Json cases = Reader{{text}}.value();
    for (size_t number = 0; number < cases.list.size(); ++number) {{
        {impl} s;
        for (const Json& step : cases.list[number].list) {{
            const std::string& m = step.list[0].s;
            const std::vector<Json>& a = step.list[1].list;
            const Json& want = step.list[2];
            bool ok;
{branches}
            else throw std::invalid_argument(m);
            if (!ok) {{
                std::cerr << "case " << number << ": " << m << " gave an unexpected answer\\n";
                return 1;
            }}
        }}
    }}
}}
"""


def bare_cpp(problem: problems.Problem, levels: range, where: Path, env: dict) -> Bare:
    """One C++ file including the solution's header, compiled with oa-sim's compiler, flags and
    nice level, starting from a prelude precompiled here once (as oa-sim precompiles its own)."""
    from oa_sim.languages.cpp import toolchain

    compiler, why = toolchain.find()
    if compiler is None:
        raise SystemExit(why)
    language = languages.get("cpp")
    source = _solution_files(problem, levels, "cpp", where)
    convert = {"string": "a[{}].s", "integer": "a[{}].i", "boolean": "a[{}].b"}
    branches = []
    for number, method in enumerate(_methods(problem, levels)):
        name = language.method_name(method.name)
        call = f"s.{name}({_arguments(method, convert)})"
        body = f"{call}, ok = want.kind == Json::Null;" if method.returns.is_void else f"ok = same({call}, want);"
        branches.append(f'            {"else " if number else ""}if (m == "{name}") {body}')
    main = CPP_MAIN.format(solution=language.solution_file(problem), impl=problem.impl_class, branches="\n".join(branches))
    (where / "bare.cpp").write_text(main)
    write_cases(problem, levels, language, where)
    (where / "prelude.hpp").write_text(CPP_PRELUDE)
    if compiler.family == "gcc":  # as oa-sim does: clang reads the prelude as text
        header = [compiler.path, *toolchain.FLAGS, "-x", "c++-header", "-o", "prelude.hpp.gch", "prelude.hpp"]
        subprocess.run(header, cwd=where, check=True)
    build = toolchain.niced([compiler.path, *toolchain.FLAGS, *compiler.diagnostics(), "-include", "prelude.hpp", "-o", "bare", "bare.cpp"])
    return Bare(where, build, ["./bare"], env, source, "bare")


# -- TypeScript -----------------------------------------------------------------------------------

TS_MAIN = """\
// The hidden cases played on the solution, as one would write it: no harness, no limits.
import {{ {impl} }} from './{solution}';

declare function require(id: string): any;

const assert = require('node:assert/strict');
const cases: [string, unknown[], unknown][][] = require('./cases.json');
for (const steps of cases) {{
  const solution = new {impl}() as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [method, args, expected] of steps) {{
    const got = solution[method](...args);
    if (expected !== null || got !== undefined) assert.deepEqual(got, expected);
  }}
}}
"""


def bare_typescript(problem: problems.Problem, levels: range, where: Path, env: dict) -> Bare:
    """The interface, the solution and a script that plays the cases, compiled by oa-sim's ``tsc``
    with the grading settings, then run by Node with the flags oa-sim's harness runs with."""
    from oa_sim.languages.typescript import files
    from oa_sim.languages.typescript.compiler import find

    compiler = find()
    if isinstance(compiler, str):
        raise SystemExit(f"TypeScript: {compiler}")
    language = languages.get("typescript")
    source = _solution_files(problem, levels, "typescript", where / "src")
    (where / "src" / files.GLOBALS_FILE).write_text(files.NODE_GLOBALS)
    solution = language.solution_file(problem).removesuffix(".ts")
    (where / "src" / "bare.ts").write_text(TS_MAIN.format(impl=problem.impl_class, solution=solution))
    write_cases(problem, levels, language, where)
    inputs = [f"src/{path.name}" for path in sorted((where / "src").iterdir())]
    (where / "tsconfig.json").write_bytes(files.grading_tsconfig(inputs))
    node, *flags = language.command("job.json")[:-2]  # the harness's Node and its flags, without its script
    compile_env = {k: v for k, v in env.items() if k not in ("NODE_OPTIONS", "NODE_PATH")}
    return Bare(where, [*compiler.command, "-p", "tsconfig.json"], [node, *flags, "bare.js"], language.environment(compile_env), source, "bare.js")


SIDES = {"go": bare_go, "cpp": bare_cpp, "typescript": bare_typescript}
