"""Every shipped problem in every language it offers, and broken code in each language, through the
real installed ``oa-sim`` in a subprocess: the story a candidate of that language lives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from oa_sim import languages
from oa_sim.problem import catalog

BIN = Path(sys.executable).parent
SHIPPED = [catalog.load(folder) for folder in catalog.discover()]
SESSIONS = [pytest.param(problem, name, id=f"{problem.id}-{name}") for problem in SHIPPED for name in problem.languages]
FIXTURES = Path(__file__).parent / "fixtures" / "problems"


def oa_sim(*args: str, cwd: Path, home: Path, problems: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "OA_SIM_HOME": str(home), "COLUMNS": "120"}
    if problems is not None:
        env["OA_SIM_PROBLEMS"] = str(problems)
    return subprocess.run([str(BIN / "oa-sim"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def require(language_id: str) -> languages.Language:
    language = languages.get(language_id)
    why = language.unavailable()
    if why:
        pytest.skip(why)
    return language


@pytest.mark.parametrize("problem, language_id", SESSIONS)
def test_a_whole_session_with_the_reference_reaches_a_full_score(tmp_path, oa_sim_home, problem, language_id):
    language = require(language_id)
    started = oa_sim("start", problem.id, "--language", language_id, cwd=tmp_path, home=oa_sim_home)
    assert started.returncode == 0, started.stderr
    folder = tmp_path / problem.id
    assert (folder / language.interface_file(problem)).is_file()
    assert (folder / language.sample_test_file(problem, 1)).is_file()

    # That the untouched starter fails and that the reference passes every sample test are proved
    # for each problem and language by validate (tests/test_validate.py); here the commands run once.
    (folder / language.solution_file(problem)).write_text(problem.solutions[language_id].reference.read_text())
    for level in range(1, len(problem.levels) + 1):
        if level == 1:
            assert oa_sim("test", cwd=folder, home=oa_sim_home).returncode == 0
        submitted = oa_sim("submit", cwd=folder, home=oa_sim_home)
        assert submitted.returncode == 0, submitted.stdout + submitted.stderr
        if level < len(problem.levels):
            assert (folder / language.sample_test_file(problem, level + 1)).is_file()

    status = json.loads(oa_sim("status", "--json", cwd=folder, home=oa_sim_home).stdout)
    assert status["language"] == language_id
    assert oa_sim("finish", cwd=folder, home=oa_sim_home).returncode == 0
    report = json.loads(oa_sim("report", "--json", cwd=folder, home=oa_sim_home).stdout)
    assert report["score"]["raw"] == 1000
    assert report["language"] == language_id
    history = oa_sim("history", cwd=folder, home=oa_sim_home)
    assert language.name in history.stdout


def test_list_says_which_languages_each_problem_offers(tmp_path, oa_sim_home):
    listed = oa_sim("list", cwd=tmp_path, home=oa_sim_home)
    assert listed.returncode == 0
    for problem in SHIPPED:
        row = next(line for line in listed.stdout.splitlines() if line.strip().startswith(problem.id))
        for name in problem.languages:
            assert languages.SHORT_NAMES.get(name, name) in row.split()
        for variant in problem.variants:
            assert variant in row


def test_a_language_the_problem_lacks_is_refused_before_anything_is_made(tmp_path, oa_sim_home):
    refused = oa_sim("start", "inmemory-db", "--language", "cobol", cwd=tmp_path, home=oa_sim_home)
    assert refused.returncode == 2
    assert "Unknown language 'cobol'" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "inmemory-db").exists()


# -- broken JavaScript gets the same clear accounts as broken Python ---------------------------------

REFERENCE = (FIXTURES / "toy" / "solutions" / "javascript" / "reference.js").read_text()
BROKEN_JS = {
    "syntax_error": (REFERENCE.replace("add(name, amount) {", "add(name, amount) {{"), "SyntaxError at import: counter-impl.js line"),
    "infinite_loop": (REFERENCE.replace("add(name, amount) {", "add(name, amount) { for (;;) {}"), "timed out after 0.4 s"),
    "process_exit": (REFERENCE.replace("add(name, amount) {", "add(name, amount) { process.exit(0);"), "your code called process.exit(0)"),
    "thrown_error": (REFERENCE.replace("add(name, amount) {", "add(name, amount) { throw new RangeError('no');"), "raised RangeError: no at counter-impl.js line"),
    "huge_print": (REFERENCE.replace("add(name, amount) {", "add(name, amount) { for (;;) console.log('x'.repeat(1 << 20));"), "more output than the grader accepts"),
    "always_equal": (REFERENCE.replace("add(name, amount) {", "add(name, amount) { return { equals: () => true, valueOf: () => amount };"), "returned an Object, expected an integer"),
}


@pytest.mark.parametrize("name", BROKEN_JS)
def test_broken_javascript_gets_a_clear_account_and_never_passes(tmp_path, oa_sim_home, name):
    require("javascript")
    source, account = BROKEN_JS[name]
    started = oa_sim("start", "toy", "--language", "javascript", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES)
    assert started.returncode == 0, started.stderr
    folder = tmp_path / "toy"
    (folder / "counter-impl.js").write_text(source)
    submitted = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert submitted.returncode == 1, submitted.stdout
    assert "Traceback" not in submitted.stderr
    status = json.loads(oa_sim("status", "--json", cwd=folder, home=oa_sim_home, problems=FIXTURES).stdout)
    level_one = status["levels"][0]
    assert level_one["tests_passed"] < level_one["tests_total"]
    report = json.loads(oa_sim("report", "--json", cwd=folder, home=oa_sim_home, problems=FIXTURES).stdout)
    assert report["score"]["raw"] < 250
    assert account in " ".join(submitted.stdout.split())


# Edits of the toy reference, (old, new) pairs applied in order ("" prepends).
SLOW_IMPORT = {
    "python": [("", "import time\ntime.sleep(0.7)  # a large library's import, say\n")],
    "javascript": [("", "const until = Date.now() + 700; while (Date.now() < until) {} // a large module's set-up, say\n")],
    "typescript": [("", "const until = Date.now() + 700; while (Date.now() < until) {} // a large module's set-up, say\n")],
    "java": [("public class CounterImpl implements Counter {", "public class CounterImpl implements Counter {\n"
              "    static { long until = System.nanoTime() + 700_000_000L; while (System.nanoTime() < until) {} }")],
    "go": [("package counter\n", "package counter\n\nimport \"time\"\n\nvar slowInit = func() int {\n"
            "\tuntil := time.Now().Add(700 * time.Millisecond)\n\tfor time.Now().Before(until) {\n\t}\n\treturn 0\n}()\n")],
    "cpp": [("#pragma once\n", "#pragma once\n#include <chrono>\nstatic const int slow_load = [] {\n"
             "    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(700);\n"
             "    while (std::chrono::steady_clock::now() < until) {}\n    return 0;\n}();\n")],
}


def edited(source: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new, 1)
    return source


@pytest.mark.parametrize("language_id", sorted(SLOW_IMPORT))
def test_loading_the_solution_is_not_counted_against_a_tests_limit(language_id):
    from oa_sim.grading import grade
    from oa_sim.session.actions import grade_request

    language = require(language_id)
    toy = catalog.load(FIXTURES / "toy")
    source = edited(toy.solutions[language_id].reference.read_text(), SLOW_IMPORT[language_id])
    result = grade(grade_request(toy, language, source, range(1, 2), hidden=True))
    assert toy.test_time_limit < 0.7
    assert [t.outcome for t in result.tests] == ["passed"] * len(result.tests), [t.message for t in result.tests]


WAITS = {
    "python": [("def get(self, name):", "def get(self, name):\n        import time\n        time.sleep(30)\n")],
    "javascript": [("get(name) {", "get(name) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30000);")],
    "java": [("public Integer get(String name) {",
              "public Integer get(String name) {\n        try { Thread.sleep(30_000); } catch (InterruptedException e) { }")],
    "go": [("package counter\n", "package counter\n\nimport \"time\"\n"),
           ("Get(name string) *int {", "Get(name string) *int {\n\ttime.Sleep(30 * time.Second)")],
    "cpp": [("#pragma once\n", "#pragma once\n#include <unistd.h>\n"),
            ("get(const std::string& name) {", "get(const std::string& name) {\n        ::sleep(30);")],
}


@pytest.mark.parametrize("language_id", sorted(WAITS))
def test_code_that_waits_instead_of_computing_is_stopped_by_the_wall_clock(language_id):
    import time

    from oa_sim.grading import grade
    from oa_sim.grading.limits import WATCHDOG_MARGIN, wall_limit
    from oa_sim.session.actions import grade_request

    language = require(language_id)
    toy = catalog.load(FIXTURES / "toy")
    source = edited(toy.solutions[language_id].reference.read_text(), WAITS[language_id])
    started = time.monotonic()
    result = grade(grade_request(toy, language, source, range(1, 2), hidden=True))
    waited = next(t for t in result.tests if t.name == "get_missing")
    assert waited.outcome == "timeout" and waited.message.startswith(f"timed out after {toy.test_time_limit:g} s")
    assert time.monotonic() - started < 2 * (wall_limit(toy.test_time_limit) + WATCHDOG_MARGIN) + 5


SPELLINGS = {  # language: (how it writes the toy's `get("b")`, and no value)
    "python": ('get("b")', "None"),
    "javascript": ('get("b")', "null"),
    "typescript": ('get("b")', "null"),
    "java": ('get("b")', "null"),
    "go": ('Get("b")', "nil"),
    "cpp": ('get("b")', "std::nullopt"),
}


@pytest.mark.parametrize("language_id", sorted(SPELLINGS))
def test_the_spec_names_methods_and_values_in_the_candidates_language(language_id):
    from oa_sim import languages
    from oa_sim.languages.spec_words import spec_in_language

    toy = catalog.load(FIXTURES / "toy")
    text = spec_in_language(toy, 1, languages.get(language_id))
    call, nothing = SPELLINGS[language_id]
    assert f"| `{call}` | `{nothing}` |" in text
    assert "Keep named counters." in text  # prose is left as written
    assert f"Each hidden test has {toy.test_time_limit:g} s of CPU time" in text
