"""TypeScript: broken code gets the same clear accounts as broken JavaScript, through the real
installed ``oa-sim``; the workspace's own ``npm test`` runs the sample tests; a compile is done once."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from oa_sim import languages
from oa_sim.languages.typescript import compiler
from oa_sim.languages.typescript.review import review
from oa_sim.problem import catalog
from test_languages import FIXTURES, oa_sim, require

TYPESCRIPT = languages.get("typescript")
REFERENCE = (FIXTURES / "toy" / "solutions" / "typescript" / "reference.ts").read_text()
ADD = "add(name: string, amount: number): number {"
assert ADD in REFERENCE and REFERENCE.splitlines()[5].strip() == ADD  # the accounts below name line 6


def broken(replacement: str, old: str = ADD) -> str:
    return REFERENCE.replace(old, replacement, 1)


BROKEN_TS = {
    "type_error": (
        broken(f"{ADD} const total: number = 'many';"),
        "your code does not compile: counter-impl.ts(6,53): error TS2322: Type 'string' is not assignable to type 'number'.",
    ),
    "undefined_for_no_value": (
        broken("get(name: string): number | undefined {", "get(name: string): number | null {"),
        "counter-impl.ts(12,3): error TS2416: Property 'get' in type 'CounterImpl' is not assignable",
    ),
    "class_not_exported": (
        broken("class CounterImpl", "export class CounterImpl"),
        "counter-impl.ts: error TS2459: Module '\"./counter-impl\"' declares 'CounterImpl' locally, but it is not exported.",
    ),
    "syntax_error": (broken(f"{ADD} {{"), "your code does not compile: counter-impl.ts("),
    "infinite_loop": (broken(f"{ADD} for (;;) {{}}"), "timed out after 0.4 s"),
    "uncaught_at_import": (broken("throw new TypeError('boom');\nexport class CounterImpl", "export class CounterImpl"), "your code raised TypeError at import: counter-impl.ts line 3"),
    "process_exit": (broken(f"{ADD} process.exit(0);"), "your code called process.exit(0)"),
    "thrown_error": (broken(f"{ADD} throw new RangeError('no');"), "raised RangeError: no at counter-impl.ts line 6"),
    "huge_print": (broken(f"{ADD} for (;;) console.log('x'.repeat(1 << 20));"), "more output than the grader accepts"),
    "always_equal": (
        broken(f"{ADD} return {{ equals: () => true, valueOf: () => amount }} as unknown as number;"),
        "returned an Object, expected an integer",
    ),
}


@pytest.mark.parametrize("name", BROKEN_TS)
def test_broken_typescript_gets_a_clear_account_and_never_passes(tmp_path, oa_sim_home, name):
    require("typescript")
    source, account = BROKEN_TS[name]
    started = oa_sim("start", "toy", "--language", "typescript", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES)
    assert started.returncode == 0, started.stderr
    folder = tmp_path / "toy"
    (folder / "counter-impl.ts").write_text(source)
    submitted = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert submitted.returncode == 1, submitted.stdout
    assert "Traceback" not in submitted.stderr + submitted.stdout
    status = json.loads(oa_sim("status", "--json", cwd=folder, home=oa_sim_home, problems=FIXTURES).stdout)
    level_one = status["levels"][0]
    assert level_one["tests_passed"] < level_one["tests_total"]
    assert account in " ".join(submitted.stdout.replace("│", " ").split())  # a long account wraps in its panel


def test_the_workspace_runs_its_sample_tests_with_npm_test(tmp_path, oa_sim_home):
    require("typescript")
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    assert oa_sim("start", "toy", "--language", "typescript", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES).returncode == 0
    folder = tmp_path / "toy"
    assert {"tsconfig.json", "package.json", "node-globals.d.ts", "counter.ts", "counter-impl.ts"} <= {p.name for p in folder.iterdir()}

    starter = subprocess.run(["npm", "test"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert starter.returncode != 0 and "add is not implemented yet" in starter.stdout  # compiles, then fails
    (folder / "counter-impl.ts").write_text(REFERENCE)
    solved = subprocess.run(["npm", "test"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert solved.returncode == 0, solved.stdout + solved.stderr
    assert "# fail 0" in solved.stdout


def test_the_interface_speaks_typescript():
    problem = catalog.find("inmemory-db")
    text = TYPESCRIPT.interface_source(problem, 3)
    assert "export abstract class InMemoryDB {" in text
    assert "  // Level 3: Timestamps and time-to-live" in text and "Level 4" not in text
    assert "  get(key: string, field: string): string | null {" in text
    assert "  scanByPrefixAt(key: string, prefix: string, timestamp: number): string[] {" in text
    assert "None" not in text and "True" not in text  # the neutral docs' Python words are translated
    assert "Like setAt, but" in text and "set_at" not in text
    assert "null stands for \"no value\"" in text


def test_a_compile_is_kept_and_not_repeated(tmp_path, monkeypatch):
    require("typescript")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    problem = catalog.find("toy", [FIXTURES])
    from oa_sim.grading.layout import write_run_folder
    from oa_sim.session.actions import grade_request

    outcomes = []
    for run in ("first", "second"):
        request = grade_request(problem, TYPESCRIPT, REFERENCE, range(1, 3), hidden=True)
        workdir = tmp_path / run
        write_run_folder(workdir, TYPESCRIPT.child(request, {}, {}))
        stems = ("counter", "counter-impl", "oa-sim-check")
        outcomes.append(compiler.compile_folder(compiler.find(), workdir, _inputs(workdir), stems, ("counter-impl",)))
        assert not outcomes[-1].diagnostics
        assert (workdir / "counter-impl.js").is_file() and (workdir / "counter-impl.js.map").is_file()
        assert (workdir / "counter.js").is_file() and not (workdir / "counter.js.map").exists()  # Node would read it every test
        assert "sourceMappingURL" not in (workdir / "counter.js").read_text()
    assert [o.cached for o in outcomes] == [False, True]
    # the trace of an error names the file as the candidate's folder does
    assert json.loads((tmp_path / "second" / "counter-impl.js.map").read_text())["sources"] == ["counter-impl.ts"]


def _inputs(workdir) -> list[str]:
    return json.loads((workdir / "tsconfig.json").read_text())["files"]


def test_a_missing_compiler_names_what_to_install(monkeypatch):
    from oa_sim.languages import typescript

    monkeypatch.setattr(compiler.shutil, "which", lambda name: None)
    compiler.find.cache_clear()
    typescript._toolchain_problem.cache_clear()
    try:
        why = TYPESCRIPT.unavailable()
    finally:
        monkeypatch.undo()
        compiler.find.cache_clear()
        typescript._toolchain_problem.cache_clear()
    assert why is not None and "npm install -g typescript" in why and "not installed" in why


def test_the_review_reads_typed_methods():
    problem = catalog.find("inmemory-db")
    found = review(problem.solutions["typescript"].reference.read_text())
    names = {f.name for f in found.longest}
    assert "InMemoryDBImpl.backup" in names and "InMemoryDBImpl.restore" in names
    assert found.functions >= 18
