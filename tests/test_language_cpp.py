"""Broken C++ gets the same clear accounts as broken Python and JavaScript, through the real
installed ``oa-sim`` on the toy problem: a compile error, a loop, a crash, exit(), an exception, a
flood of output. Each submit exits 1 with no traceback and says what happened in one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from oa_sim import languages
from oa_sim.languages.cpp import review, sources, toolchain

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures" / "problems"
REFERENCE = (FIXTURES / "toy" / "solutions" / "cpp" / "reference.hpp").read_text()
ADD = "return values_[name] += amount;"


def oa_sim(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "OA_SIM_HOME": str(home), "OA_SIM_PROBLEMS": str(FIXTURES), "COLUMNS": "200"}
    return subprocess.run([str(BIN / "oa-sim"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def cpp():
    why = languages.get("cpp").unavailable()
    if why:
        pytest.skip(why)


@pytest.fixture
def workspace(tmp_path, oa_sim_home, cpp) -> Path:
    started = oa_sim("start", "toy", "--language", "cpp", cwd=tmp_path, home=oa_sim_home)
    assert started.returncode == 0, started.stderr
    return tmp_path / "toy"


def submitted(folder: Path, home: Path, source: str) -> str:
    """Submit ``source`` as the solution; the output as one line (rich wraps long messages)."""
    (folder / "counter_impl.hpp").write_text(source)
    done = oa_sim("submit", cwd=folder, home=home)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr + done.stdout
    status = json.loads(oa_sim("status", "--json", cwd=folder, home=home).stdout)
    assert status["levels"][0]["tests_passed"] < status["levels"][0]["tests_total"]
    return " ".join(done.stdout.split())


def body(code: str, *, headers: str = "") -> str:
    """The reference with ``add``'s body replaced by ``code``."""
    return REFERENCE.replace(ADD, code).replace("#include <unordered_map>", f"#include <unordered_map>\n{headers}")


BROKEN = {
    "compile_error": (REFERENCE.replace(ADD, ADD.rstrip(";")), "compile error: counter_impl.hpp:15: error: expected ‘;’ before ‘}’ token"),
    "infinite_loop": (body("for (;;) {}"), "timed out after 0.4 s in step 1 (add)"),
    "segfault": (body("volatile long long* counter = nullptr; return *counter + amount;"), "your code crashed in step 1 (add): SIGSEGV, a segmentation fault"),
    "exit": (body("std::exit(3);", headers="#include <cstdlib>"), "your code called exit(3) in step 1 (add)"),
    "abort": (body("std::abort();", headers="#include <cstdlib>"), "your code crashed in step 1 (add): SIGABRT, abort() was called"),
    "thrown_exception": (body('throw std::out_of_range("no counter " + name);', headers="#include <stdexcept>"), "step 1 (add) raised std::out_of_range: no counter a"),
    "huge_print": (body("for (;;) std::cout << std::string(1 << 20, 'x') << std::endl;", headers="#include <iostream>"), "your code wrote more output than the grader accepts (64 MiB) in step 1 (add)"),
    "undefined_method": (body("return total(amount);").replace("private:", "private:\n    long long total(long long);"), "link error: undefined reference to `CounterImpl::total(long long)'"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_cpp_gets_a_clear_account_and_never_passes(workspace, oa_sim_home, name):
    source, account = BROKEN[name]
    assert account in submitted(workspace, oa_sim_home, source)


def test_a_static_object_that_throws_while_loading_is_an_import_error_for_every_test(workspace, oa_sim_home):
    source = body(ADD, headers='#include <stdexcept>\ninline const int broken = (throw std::runtime_error("bad start"), 1);')
    said = submitted(workspace, oa_sim_home, source)
    assert "raised std::runtime_error: bad start while loading counter_impl.hpp (in the constructor of a static object)" in said


def test_printed_fake_events_reach_neither_the_verdict_nor_the_score(workspace, oa_sim_home):
    forged = json.dumps({"ev": "result", "nodeid": "level_1/hidden.yaml::add_accumulates", "outcome": "passed"})
    source = body(f"std::cout << {sources.cpp_string(forged)} << std::endl; return -1;", headers="#include <iostream>")
    said = submitted(workspace, oa_sim_home, source)
    assert "1/4 hidden tests passed" in said  # get_missing never adds


def test_each_case_starts_from_freshly_loaded_statics(workspace, oa_sim_home):
    # A static counter that leaks between cases would make every case after the first one wrong.
    source = REFERENCE.replace("class CounterImpl", "inline int calls_so_far = 0;\n\nclass CounterImpl").replace(
        ADD, "if (++calls_so_far > 3) { return -1; } return values_[name] += amount;"
    )
    (workspace / "counter_impl.hpp").write_text(source)
    done = oa_sim("submit", cwd=workspace, home=oa_sim_home)
    assert done.returncode == 0, done.stdout
    assert "4/4 hidden tests passed" in done.stdout


def test_results_convert_by_value_whatever_the_signature(workspace, oa_sim_home):
    # By-value parameters hide the interface's add; the std::string it returns is judged as a string.
    source = REFERENCE.replace(
        "long long add(const std::string& name, long long amount) {\n        " + ADD,
        "std::string add(std::string name, int amount) {\n        return std::to_string(values_[name] += amount);",
    )
    assert "step 1 (add) returned a string, expected an integer" in submitted(workspace, oa_sim_home, source)


def test_the_sample_tests_run_with_make_in_the_workspace(workspace):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    failing = subprocess.run(["make", "test"], cwd=workspace, capture_output=True, text=True, timeout=300)
    assert failing.returncode != 0 and "threw std::logic_error: not implemented" in failing.stdout
    (workspace / "counter_impl.hpp").write_text(REFERENCE)
    passing = subprocess.run(["make", "test"], cwd=workspace, capture_output=True, text=True, timeout=300)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "level_1_test: 1 passed, 0 failed" in passing.stdout


def test_a_solution_that_includes_all_of_the_standard_library_is_graded_like_any_other(workspace, oa_sim_home):
    source = REFERENCE.replace("#include <optional>", "#include <bits/stdc++.h>\n#include <optional>")
    (workspace / "counter_impl.hpp").write_text(source)
    done = oa_sim("submit", cwd=workspace, home=oa_sim_home)
    assert done.returncode == 0, done.stdout
    assert "4/4 hidden tests passed" in done.stdout


def test_a_second_build_of_the_same_code_is_taken_from_the_cache(tmp_path, cpp):
    compiler, _ = toolchain.find()
    harness = toolchain.ensure_harness(compiler)
    names = {"solution_file": "counter_impl.hpp", "interface_file": "counter.hpp", "impl_class": "CounterImpl"}
    unique = REFERENCE.replace("CounterImpl", f"Counter{uuid.uuid4().hex}")  # never built before
    for run in ("first", "second"):
        folder = tmp_path / run
        folder.mkdir()
        (folder / "counter_impl.hpp").write_text(unique)
        (folder / "counter.hpp").write_text("struct Counter { virtual ~Counter() = default; };\n")
        (folder / "dispatch.cpp").write_text('#include "counter_impl.hpp"\nextern "C" int oa_abi_version() { return oa::ABI_VERSION; }\n')
        built = toolchain.build_solution(compiler, harness, folder, names)
        assert built.error is None
        assert built.cached == (run == "second")


def test_compiler_output_is_trimmed_to_the_candidates_lines():
    output = """In file included from dispatch.cpp:2:
counter_impl.hpp: In member function 'virtual long long int CounterImpl::add(const std::string&, long long int)':
counter_impl.hpp:15:5: error: expected ';' before '}' token
/usr/include/c++/12/bits/stl_function.h: In instantiation of 'constexpr bool std::less<_Tp>::operator()':
counter_impl.hpp:34:50:   required from here
/usr/include/c++/12/bits/stl_function.h:408:20: error: no match for 'operator<'
/usr/include/c++/12/optional:1240:5: note: candidate: 'template<class _Tp> bool std::operator<(...)'
dispatch.cpp:20:5: error: 'class CounterImpl' has no member named 'reset'
"""
    names = {"solution_file": "counter_impl.hpp", "interface_file": "counter.hpp", "impl_class": "CounterImpl"}
    line, detail = toolchain.trim(output, names, 1)
    assert line == "compile error: counter_impl.hpp:15: error: expected ';' before '}' token"
    assert detail.splitlines() == [
        "counter_impl.hpp:15: error: expected ';' before '}' token",
        "counter_impl.hpp:34: error: no match for 'operator<'",
        "oa-sim's call of CounterImpl: error: 'class CounterImpl' has no member named 'reset'",
    ]


def test_the_review_reads_methods_by_class_and_counts_blocks_not_initialisers():
    found = review.review(
        "class Db {\npublic:\n    std::vector<int> scan(int limit) {\n        std::vector<int> tmp = {};\n"
        "        for (int i = 0; i < limit; ++i) {\n            if (i % 2) {\n                tmp.push_back(i);\n"
        "            }\n        }\n        return {};\n    }\n};\n"
    )
    [scan] = found.longest
    assert (scan.name, scan.line, scan.end_line, scan.depth) == ("Db::scan", 3, 11, 2)
    assert [name.name for name in found.unclear_names] == ["tmp"]


def test_a_missing_compiler_is_named_with_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("CXX", raising=False)
    toolchain.find.cache_clear()
    try:
        compiler, why = toolchain.find()
        assert compiler is None
        assert why.startswith("C++ needs g++ 8 or newer (or clang++ 7 or newer) on PATH") and "apt-get install g++" in why
        monkeypatch.setenv("CXX", "my-g++")
        toolchain.find.cache_clear()
        assert "CXX names 'my-g++', which is not on PATH" in toolchain.find()[1]
    finally:
        toolchain.find.cache_clear()


def test_the_interface_grows_by_level_in_cpp_names_and_types():
    from oa_sim.problem import catalog

    problem = catalog.find("inmemory-db")
    cpp = languages.get("cpp")
    first = cpp.interface_source(problem, 1)
    assert "// Level 1: Basic records" in first and "Level 2" not in first
    assert "virtual bool delete_(const std::string& key, const std::string& field) {" in first
    assert "// delete is a C++ keyword, so that method is delete_." in first
    assert "value (`std::nullopt`) when the record or the field does not exist." in " ".join(first.replace("*", " ").split())  # the doc's `null`, in C++
    every = cpp.interface_source(problem, 4)
    assert "virtual long long backup(long long timestamp) {" in every
    assert sources.interface_methods(every) == ("InMemoryDB", [cpp.method_name(m.name) for level in problem.levels for m in level.methods])
    assert cpp.literal(["a\"b", None, True, 3]) == '{"a\\"b", std::nullopt, true, 3}'


SPRAY = r'''
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <fcntl.h>
// Junk and forged results to every descriptor it can find, and to the events file by its path
// (in the job that the harness's command line names).
inline void spray() {
    const char* junk[] = {
        "{\"ev\":\"result\",\"nodeid\":\"level_1/hidden.yaml::counters_are_separate\",\"outcome\":\"passed\"}\n",
        "A[{\"value\":1},{\"value\":10},{\"value\":1}]", "T", "\xff junk without a line break", "{\"ev\":\"finish\"}\n"};
    std::ifstream cmdline("/proc/self/cmdline");
    std::string words((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
    std::string job = words.substr(words.find('\0') + 1);
    std::ifstream job_file(job.c_str());
    std::string text((std::istreambuf_iterator<char>(job_file)), std::istreambuf_iterator<char>());
    std::size_t at = text.find("\"events\":\"");
    int events = -1;
    if (at != std::string::npos) {
        at += 10;
        events = open(text.substr(at, text.find('"', at) - at).c_str(), O_WRONLY | O_APPEND);
    }
    for (int fd = 3; fd < 256; ++fd)
        for (const char* line : junk)
            if (write(fd, line, std::strlen(line)) < 0) break;
    if (events < 0) throw 1;  // the test must reach the events file, or it proves nothing of it
    close(events);
}
'''


@pytest.mark.parametrize("wrong", [True, False], ids=["wrong", "right"])
def test_junk_on_every_descriptor_never_makes_a_pass_nor_breaks_a_right_answer(workspace, oa_sim_home, wrong):
    culprit = "if (name == \"b\") return -1; " if wrong else ""
    (workspace / "counter_impl.hpp").write_text(body(f"spray(); {culprit}{ADD}", headers=SPRAY))

    done = oa_sim("submit", cwd=workspace, home=oa_sim_home)

    said = " ".join(done.stdout.split())
    assert "Traceback" not in done.stderr + done.stdout
    if wrong:
        assert done.returncode == 1 and "Level 1 (current): 3/4 hidden tests passed" in said, said
        assert "counters_are_separate two names keep two counters step 2 (add) returned a wrong result" in said
    else:
        assert done.returncode == 0 and "Level 1 (current): 4/4 hidden tests passed" in said, said
