"""Broken Go gets the same clear accounts as broken Python and JavaScript, through the real installed
``oa-sim``: a compile error, a loop without end, os.Exit, a panic in a call and in a goroutine,
a print without end, a crash at package initialization, a result that is no plain value."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from oa_sim import languages
from oa_sim.languages.go import source as go_source, toolchain
from oa_sim.problem import catalog
from test_languages import FIXTURES, oa_sim

REFERENCE = (FIXTURES / "toy" / "solutions" / "go" / "reference.go").read_text()
ADD = "func (c *CounterImpl) Add(name string, amount int) int {"


def importing(source: str, *packages: str) -> str:
    """``source`` with ``import`` lines for ``packages`` after its package clause."""
    imports = "".join(f'import "{name}"\n' for name in packages)
    return source.replace("package counter\n", f"package counter\n\n{imports}", 1)


def add_begins_with(code: str, *packages: str) -> str:
    return importing(REFERENCE.replace(ADD, f"{ADD}\n\t{code}"), *packages)


BROKEN_GO = {
    "compile_error": (add_begins_with("undefinedThing()"), "counter_impl.go line 16: compile error: undefined: undefinedThing"),
    "unused_variable": (add_begins_with("unused := 1"), "compile error: unused declared but not used"),
    "infinite_loop": (add_begins_with("for {}"), "timed out after 0.4 s"),
    "os_exit": (add_begins_with("os.Exit(3)", "os"), "the test process was ended by your code during add_accumulates (os.Exit(3), or log.Fatal)"),
    "panic": (add_begins_with('panic("no")'), "step 1 (Add) raised panic: no at counter_impl.go line 16"),
    "nil_map": (REFERENCE.replace("&CounterImpl{values: map[string]int{}}", "&CounterImpl{}"), "raised panic: assignment to entry in nil map at counter_impl.go line 15"),
    "goroutine_panic": (add_begins_with('go func() { panic("boom") }(); select {}'), "(panic in a goroutine, which no recover reaches: boom)"),
    "huge_print": (add_begins_with('for { fmt.Print(strings.Repeat("x", 1<<20)) }', "fmt", "strings"), "more output than the grader accepts"),
    "endless_recursion": (add_begins_with("return c.Add(name, amount+1)"), "(fatal error: stack overflow"),
    "panic_at_init": (REFERENCE + '\nfunc init() { panic("at init") }\n', "ended by your code while importing counter_impl.go"),
    "no_plain_value": (REFERENCE.replace(") Get(name string) *int {", ") Get(name string) (*int, bool) {").replace("return nil\n", "return nil, false\n").replace("return &value\n", "return &value, true\n"), "step 1 (Get) returned a (*int, bool), expected no value"),
}


def require_go() -> languages.Language:
    language = languages.get("go")
    why = language.unavailable()
    if why:
        pytest.skip(why)
    return language


@pytest.mark.parametrize("name", BROKEN_GO)
def test_broken_go_gets_a_clear_account_and_never_passes(tmp_path, oa_sim_home, name):
    require_go()
    code, account = BROKEN_GO[name]
    started = oa_sim("start", "toy", "--language", "go", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES)
    assert started.returncode == 0, started.stderr
    folder = tmp_path / "toy"
    (folder / "counter_impl.go").write_text(code)
    submitted = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert submitted.returncode == 1, submitted.stdout
    assert "Traceback" not in submitted.stderr + submitted.stdout
    status = json.loads(oa_sim("status", "--json", cwd=folder, home=oa_sim_home, problems=FIXTURES).stdout)
    level_one = status["levels"][0]
    assert level_one["tests_passed"] < level_one["tests_total"]
    assert account in " ".join(submitted.stdout.split())


def test_the_workspace_is_a_go_module_whose_samples_go_test_runs(tmp_path, oa_sim_home):
    """The candidate's own tool: the starter compiles and its samples fail; the reference passes them."""
    require_go()
    started = oa_sim("start", "toy", "--language", "go", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES)
    assert started.returncode == 0, started.stderr
    folder = tmp_path / "toy"
    assert {"go.mod", "counter.go", "counter_impl.go", "level1_test.go"} <= {p.name for p in folder.iterdir()}
    assert "type Counter interface" in (folder / "counter.go").read_text()
    assert "func NewCounterImpl() *CounterImpl" in (folder / "counter_impl.go").read_text()
    import subprocess

    env = toolchain.build_env()
    starter = subprocess.run(["go", "test", "./..."], cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert starter.returncode != 0 and "Add is not implemented yet" in starter.stdout + starter.stderr
    (folder / "counter_impl.go").write_text(REFERENCE)
    passing = subprocess.run(["go", "test", "./..."], cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_names_and_no_value_are_go_s_own():
    problem = catalog.load(Path(__file__).parent.parent / "problems" / "inmemory-db")
    language = languages.get("go")
    assert language.method_name("scan_by_prefix") == "ScanByPrefix"
    assert language.method_name("set_at_with_ttl") == "SetAtWithTTL"
    assert language.param_name("account_id_1") == "accountID1"
    interface = language.interface_source(problem, 2)
    assert "Get(key string, field string) *string" in interface
    assert "Scan(key string) []string" in interface
    assert "value (`nil`)" in interface and "null" not in interface and "None" not in interface  # the doc's `null`
    assert "Level 1: Basic records" in interface and "Level 2: Scanning records" in interface
    assert "Level 3" not in interface
    assert go_source.literal(None) == "nil" and go_source.literal(["a"]) == '[]string{"a"}'


def test_a_compile_error_is_trimmed_to_the_candidate_s_file():
    output = (
        "# oasimrun/solution\n"
        "solution/counter_impl.go:5:52: y declared but not used\n"
        "solution/counter_impl.go:7:17: cannot use (*CounterImpl)(nil) as Counter value:\n"
        "\t*CounterImpl does not implement Counter (missing method Reset)\n"
    )
    message, detail = toolchain.compile_account(output, "/tmp/run", "counter_impl.go", "CounterImpl", "counter")
    assert message == "counter_impl.go line 5: compile error: y declared but not used (and 1 more)"
    assert detail.splitlines() == [
        "counter_impl.go:5:52: y declared but not used",
        "counter_impl.go:7:17: cannot use (*CounterImpl)(nil) as Counter value:",
        "\t*CounterImpl does not implement Counter (missing method Reset)",
    ]
    glue, _ = toolchain.compile_account("main.go:9:36: undefined: counter.NewCounterImpl\n", "/tmp/run", "counter_impl.go", "CounterImpl", "counter")
    assert glue == "counter_impl.go: compile error: declare `func NewCounterImpl() *CounterImpl`: the grader creates each test's instance with it"


def test_the_go_review_reads_functions_and_methods_by_their_braces():
    reference = (Path(__file__).parent.parent / "problems" / "inmemory-db" / "solutions" / "go" / "reference.go").read_text()
    review = languages.get("go").review(reference, {})
    names = {f.name for f in review.longest}
    declared = len(re.findall(r"^func ", reference, re.M))  # every function and method, each found by its braces
    assert review.functions == declared and "InMemoryDBImpl.Backup" in names
    bloated = reference.replace("func (db *InMemoryDBImpl) Set(key string, field string, value string) {", "func (db *InMemoryDBImpl) Set(key string, field string, value string) {\n\ttmp := `}{`\n" + "\t_ = tmp\n" * 30)
    later = languages.get("go").review(bloated, {1: reference})
    assert later.growth[0].name == "InMemoryDBImpl.Set" and later.growth[0].added == 32
    assert any(u.name == "tmp" and u.function == "InMemoryDBImpl.Set" for u in later.unclear_names)
