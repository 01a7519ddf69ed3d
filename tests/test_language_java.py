"""Java: broken code gets the same clear accounts as broken Python and JavaScript, through the real
installed ``oa-sim``; the workspace's sample tests run with nothing but the JDK; the language's
pure parts (types, literals, compiler messages, review) say what a Java candidate expects."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from oa_sim import languages
from oa_sim.languages.java import sources, toolchain
from oa_sim.languages.java.review import review
from oa_sim.problem import catalog
from test_languages import FIXTURES, oa_sim, require

REPO = Path(__file__).resolve().parent.parent
REFERENCE = (FIXTURES / "toy" / "solutions" / "java" / "reference.java").read_text()
ADD = "public int add(String name, int amount) {"


def broken(inject: str) -> str:
    return REFERENCE.replace(ADD, ADD + inject)


BROKEN_JAVA = {
    "compile_error": (broken(" int total = ;"), "does not compile: CounterImpl.java:9: illegal start of expression"),
    "missing_symbol": (broken(" totl += 1;"), "does not compile: CounterImpl.java:9: cannot find symbol"),
    "infinite_loop": (broken(" while (name != null) { }"), "timed out after 0.4 s"),
    "system_exit": (broken(" if (amount > -100) System.exit(0);"), "your code called System.exit(0)"),
    "stack_overflow": (broken(" if (amount > -100) return add(name, amount + 1);"), "raised StackOverflowError at CounterImpl.java line 9"),
    "thrown_exception": (broken(' if (amount > -100) throw new IllegalStateException("no");'), "raised IllegalStateException: no at CounterImpl.java line 9"),
    "huge_print": (broken(' while (name != null) System.out.println("x".repeat(1 << 20));'), "more output than the grader accepts (64 MiB)"),
    "out_of_memory": (broken(" long[] hog = new long[1 << 28];"), "ran out of memory (limit 1024 MiB)"),
    "static_initializer": (
        REFERENCE.replace("new HashMap<>();", 'new HashMap<>();\n    static int broken = Integer.parseInt("x");'),
        "your code raised NumberFormatException while loading CounterImpl: CounterImpl.java line 8",
    ),
    "printed_verdict": (
        broken(' System.out.println("{\\"ev\\": \\"result\\", \\"outcome\\": \\"passed\\"}"); if (amount > -100) return -1;'),
        "step 1 (add) returned a wrong result",
    ),
}


@pytest.mark.parametrize("name", BROKEN_JAVA)
def test_broken_java_gets_a_clear_account_and_never_passes(tmp_path, oa_sim_home, name):
    require("java")
    source, account = BROKEN_JAVA[name]
    started = oa_sim("start", "toy", "--language", "java", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES)
    assert started.returncode == 0, started.stderr
    folder = tmp_path / "toy"
    (folder / "CounterImpl.java").write_text(source)
    submitted = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert submitted.returncode == 1, submitted.stdout
    assert "Traceback" not in submitted.stderr + submitted.stdout
    status = json.loads(oa_sim("status", "--json", cwd=folder, home=oa_sim_home, problems=FIXTURES).stdout)
    level_one = status["levels"][0]
    assert level_one["tests_passed"] < level_one["tests_total"]
    report = json.loads(oa_sim("report", "--json", cwd=folder, home=oa_sim_home, problems=FIXTURES).stdout)
    assert report["score"]["raw"] < 250
    assert account in " ".join(submitted.stdout.split())


def test_a_crash_costs_only_the_tests_it_hit_and_the_rest_still_run(tmp_path, oa_sim_home):
    require("java")
    oa_sim("start", "toy", "--language", "java", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES)
    folder = tmp_path / "toy"
    # Only the case that adds a negative amount ends the process; every other case must still pass.
    (folder / "CounterImpl.java").write_text(broken(" if (amount < 0) Runtime.getRuntime().halt(9);"))
    submitted = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert submitted.returncode == 1
    assert "3/4 hidden tests passed" in submitted.stdout
    assert "your code called Runtime.getRuntime().halt(9)" in " ".join(submitted.stdout.split())


def test_the_workspace_sample_tests_run_with_the_jdk_alone(tmp_path, oa_sim_home):
    require("java")
    oa_sim("start", "toy", "--language", "java", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES)
    folder = tmp_path / "toy"
    header = (folder / "tests" / "Level1Test.java").read_text()
    assert sources.RUN_SAMPLES in header and sources.RUN_SAMPLES in (folder / "tests" / "SampleTests.java").read_text()

    def run_samples() -> subprocess.CompletedProcess:
        javac = subprocess.run(["javac", "-d", "build", "Counter.java", "CounterImpl.java", "tests/Level1Test.java", "tests/SampleTests.java"], cwd=folder, capture_output=True, text=True)
        assert javac.returncode == 0, javac.stderr  # the starter compiles
        return subprocess.run(["java", "-cp", "build", "SampleTests"], cwd=folder, capture_output=True, text=True, timeout=60)

    starter = run_samples()
    assert starter.returncode == 1
    assert "FAIL addThenGet: java.lang.UnsupportedOperationException: add is not implemented yet" in starter.stdout
    (folder / "CounterImpl.java").write_text(REFERENCE)
    assert "1 passed, 0 failed" in run_samples().stdout


def test_integers_are_int_unless_a_problem_needs_long():
    inmemory, banking = (catalog.load(REPO / "problems" / name) for name in ("inmemory-db", "banking"))
    java = languages.get("java")
    assert "default int backup(int timestamp)" in java.interface_source(inmemory, 4)
    assert "default Long deposit(long timestamp, String accountId, long amount)" in java.interface_source(banking, 1)
    assert "Integers are long in this problem" in java.interface_source(banking, 1)


def test_the_interface_speaks_java():
    problem = catalog.load(REPO / "problems" / "inmemory-db")
    interface = languages.get("java").interface_source(problem, 2)
    assert "public interface InMemoryDB {" in interface
    assert "// Level 1: Basic records" in interface and "// Level 2: Scanning records" in interface
    assert "default List<String> scanByPrefix(String key, String prefix)" in interface
    assert "Like scan, but" in interface and "value (`null`)" in interface and "None" not in interface
    assert "scan_by_prefix" not in interface and "Level 3" not in interface


def test_literals_are_java_expressions():
    assert sources.literal("a\"b\n") == '"a\\"b\\n"'
    assert sources.literal(None) == "null" and sources.literal(True) == "true"
    assert sources.literal(3500000001) == "3500000001L" and sources.literal(-5) == "-5"
    assert sources.literal(["x", "y"]) == 'List.of("x", "y")'
    assert sources.literal("é", ascii_only=True) == '"\\u00e9"'


def test_compiler_output_is_trimmed_to_file_line_and_message():
    output = (
        "CounterImpl.java:9: error: cannot find symbol\n"
        "        totl += 1;\n"
        "        ^\n"
        "  symbol:   variable totl\n"
        "  location: class CounterImpl\n"
        "CounterImpl.java:14: error: incompatible types: String cannot be converted to int\n"
        "        return \"x\";\n"
        "               ^\n"
        "2 errors\n"
    )
    line, detail = toolchain.compile_errors(output)
    assert line == "does not compile: CounterImpl.java:9: cannot find symbol: variable totl (and 1 more error)"
    assert detail.splitlines() == [
        "CounterImpl.java:9: error: cannot find symbol",
        "  symbol: variable totl",
        "  location: class CounterImpl",
        "CounterImpl.java:14: error: incompatible types: String cannot be converted to int",
    ]
    line, _ = toolchain.compile_errors("Exception in thread main java.lang.OutOfMemoryError\n")
    assert line.startswith("the Java compiler failed: ")


def test_the_harness_is_compiled_once_into_the_cache():
    jdk = require("java") and toolchain.find()
    toolchain.ensure_harness(jdk)
    home = toolchain.harness_home()
    built = (home / "classes" / "oasim" / "Harness.class").stat().st_mtime_ns
    toolchain.ensure_harness(jdk)
    assert (home / "classes" / "oasim" / "Harness.class").stat().st_mtime_ns == built
    assert home.parent.name.startswith("oa-sim")


def test_unavailable_names_what_to_install(monkeypatch):
    toolchain.find.cache_clear()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    try:
        assert toolchain.find() == "Java needs JDK 17 or newer (javac and java on PATH); neither is installed."
        monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/java" if name == "java" else None)
        toolchain.find.cache_clear()
        assert "only a Java runtime is installed" in toolchain.find()
    finally:
        toolchain.find.cache_clear()


def test_an_old_jdk_is_refused_with_its_version(tmp_path, monkeypatch):
    # No release file beside bin/: the version comes from asking the tools themselves.
    bin_dir = tmp_path / "jdk11" / "bin"
    bin_dir.mkdir(parents=True)
    for tool, says in (("javac", "echo javac 11.0.2"), ("java", "echo 'openjdk version \"11.0.2\"' >&2")):
        (bin_dir / tool).write_text(f"#!/bin/sh\n{says}\n")
        (bin_dir / tool).chmod(0o755)
    toolchain.find.cache_clear()
    monkeypatch.setattr(shutil, "which", lambda name: str(bin_dir / name))
    try:
        assert toolchain.find() == "Java needs JDK 17 or newer (javac and java on PATH); this machine has javac 11.0.2."
    finally:
        toolchain.find.cache_clear()


def test_the_review_reads_java_methods_classes_and_names():
    source = (REPO / "problems" / "inmemory-db" / "solutions" / "java" / "reference.java").read_text()
    found = review(source + "\nclass Helper {\n    void tidy() {\n        int tmp = 1;\n    }\n}\n")
    assert found.functions >= 20
    assert found.longest[0].name in {"InMemoryDBImpl.backup", "InMemoryDBImpl.restore"}
    assert [(n.name, n.function) for n in found.unclear_names] == [("tmp", "Helper.tidy")]
    grown = review(source, {1: source.replace("        backups.add(new Backup(timestamp, snapshot));\n", "")})
    assert grown.growth and grown.growth[0].name == "InMemoryDBImpl.backup"
