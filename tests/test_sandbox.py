"""The candidate's sandbox.yaml: cases of their own that `oa-sim test` runs after the sample tests,
through the real grader, marks under their own heading, and that nothing ever scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oa_sim import languages
from oa_sim.problem import catalog
from oa_sim.problem.cases import load_cases
from oa_sim.session import sandbox
from oa_sim.session.store import Store
from test_languages import FIXTURES, oa_sim

TOY = Path(__file__).parent / "fixtures" / "problems" / "toy"
REFERENCE = (TOY / "solutions" / "python" / "reference.py").read_text()
SHIPPED = [catalog.load(folder) for folder in catalog.discover()]


def case(name: str, *steps: str, description: str = "a case of my own") -> str:
    lines = [f"  - name: {name}", f"    description: {description}", "    steps:"]
    return "\n".join([*lines, *(f"      - {step}" for step in steps)]) + "\n"


@pytest.fixture
def workspace(run) -> Path:
    """A started toy session (Python) with the reference as the solution, graded for real."""
    run.grader = None
    assert run("start", "toy").exit_code == 0
    folder = run.cwd / "toy"
    (folder / "counter_impl.py").write_text(REFERENCE)
    return folder


def write_sandbox(folder: Path, *cases: str) -> None:
    (folder / sandbox.FILE).write_text("cases:\n" + "".join(cases))


def test_start_writes_a_sandbox_whose_example_runs_under_its_own_heading(workspace, run):
    text = (workspace / sandbox.FILE).read_text()
    assert text.startswith("# Your own tests.") and "- name: example" in text
    assert '- [add, ["a", 2], 2]' in text  # the start of level 1's first sample test
    result = run("test", cwd=workspace)
    assert result.exit_code == 0, result.output
    assert "Level 1 (current): 1/1 sample tests passed" in result.output
    assert "Sandbox (your cases, not scored): 1/1 tests passed" in result.output and "✔ example" in result.output
    assert result.output.index("Level 1") < result.output.index("Sandbox")
    assert "All sample and sandbox tests pass." in result.output


def test_start_points_at_the_sandbox(run):
    started = run("start", "toy")
    assert "Sandbox    toy/sandbox.yaml (your own cases; oa-sim test runs them)" in started.output


def test_an_edited_case_that_passes_and_one_that_fails_with_its_message(workspace, run):
    write_sandbox(
        workspace,
        case("sums_up", '[add, ["x", 2], 2]', '[add, ["x", 5], 7]', '[get, ["x"], 7]'),
        case("wrong_hope", '[add, ["y", 1], 1]', '[get, ["y"], 3]', description="I expect too much"),
    )
    result = run("test", cwd=workspace)
    assert result.exit_code == 1, result.output
    assert "Level 1 (current): 1/1 sample tests passed" in result.output
    assert "Sandbox (your cases, not scored): 1/2 tests passed" in result.output
    assert "✔ sums_up" in result.output
    assert "wrong_hope" in result.output and "I expect too much" in result.output
    assert "step 2 (get) returned a wrong result" in result.output
    assert "get('y') -> expected 3, got 1" in result.output  # the transcript, as a sample test shows it
    assert "a sandbox test does not" in result.output


def test_a_crash_in_a_sandbox_case_is_its_own_failure(workspace, run):
    (workspace / "counter_impl.py").write_text(REFERENCE.replace("return self.values.get(name)", "raise KeyError(name)"))
    write_sandbox(workspace, case("reads_back", '[add, ["x", 2], 2]', '[get, ["x"], 2]'))
    result = run("test", cwd=workspace)
    assert result.exit_code == 1
    assert "Sandbox (your cases, not scored): 0/1 tests passed" in result.output
    assert "step 2 (get) raised KeyError" in result.output


@pytest.mark.parametrize(
    "cases, line",
    [
        pytest.param([case("typo", '[add, ["x", 2], 2]', '[ad, ["x", 1], 3]')],
                     "sandbox.yaml line 6: case typo, step 2: no method 'ad' in the unlocked levels (they have: add, get)",
                     id="unknown-method"),
        pytest.param([case("short", '[add, ["x"], 2]')],
                     "sandbox.yaml line 5: case short, step 1: add takes 2 argument(s), the step gives 1", id="argument-count"),
        pytest.param([case("quoted", '[add, ["x", "2"], 2]')],
                     "sandbox.yaml line 5: case quoted, step 1: add's amount is an integer, got '2'", id="argument-type"),
        pytest.param([case("hope", '[get, ["x"], "nothing"]')],
                     "sandbox.yaml line 5: case hope, step 1: get returns an integer or no value, the step expects 'nothing'",
                     id="expected-type"),
        pytest.param([case("early", '[reset, ["x"], false]')],
                     "case early, step 1: no method 'reset' in the unlocked levels", id="locked-level-method"),
        pytest.param(["  - name: nameless steps\n    description: d\n    steps: []\n"],
                     "sandbox.yaml line 2: case 1: 'name' must be an identifier", id="bad-name"),
        pytest.param([case("open", '[add, ["x", 2], 2'), case("next", '[get, ["x"], null]')],
                     "sandbox.yaml line 6: not valid YAML", id="yaml-syntax"),
        pytest.param([case("twice", '[get, ["x"], null]'), case("twice", '[get, ["y"], null]')],
                     "sandbox.yaml line 6: case 2: duplicate case name 'twice'", id="duplicate"),
        pytest.param([case("many", '{repeat: 200000, step: [add, ["x", 1], 1]}')],
                     "sandbox.yaml: its cases play 200,000 steps; the sandbox runs up to 100,000 in all", id="too-many-steps"),
        pytest.param([case(f"c{n}", '[get, ["x"], null]') for n in range(101)],
                     "sandbox.yaml has 101 cases; the sandbox runs up to 100", id="too-many-cases"),
        pytest.param([case("deep", '[get, [' + "[" * 900 + "]" * 900 + '], null]')],
                     "sandbox.yaml: its values are nested too deeply to read", id="nested-too-deeply"),
    ],
)
def test_a_malformed_sandbox_is_one_line_and_the_sample_tests_still_run(workspace, run, cases, line):
    write_sandbox(workspace, *cases)
    result = run("test", cwd=workspace)
    assert result.exit_code == 2, result.output
    assert "Level 1 (current): 1/1 sample tests passed" in result.output
    shown = [text for text in result.output.splitlines() if "sandbox.yaml" in text]
    assert len(shown) == 1 and line in shown[0], result.output
    assert "Sandbox (your cases" not in result.output and "Traceback" not in result.output


def test_a_sandbox_that_is_not_text_or_too_large_or_a_folder_is_one_line(workspace, run):
    target = workspace / sandbox.FILE
    target.write_bytes(b"cases:\n  - name: \xff\n")
    assert "sandbox.yaml line 2: not UTF-8 text" in run("test", cwd=workspace).output
    target.write_text("# " + "x" * sandbox.MAX_BYTES)
    big = run("test", cwd=workspace)
    assert big.exit_code == 2 and "the sandbox is read up to 256 KiB" in big.output
    target.unlink()
    target.mkdir()
    assert "sandbox.yaml is a folder" in run("test", cwd=workspace).output


@pytest.mark.parametrize("text", ["", "# only a comment\n", "cases:\n", "cases: []\n"])
def test_an_empty_or_comment_only_sandbox_is_fine(workspace, run, text):
    (workspace / sandbox.FILE).write_text(text)
    result = run("test", cwd=workspace)
    assert result.exit_code == 0, result.output
    assert "Sandbox (your cases" not in result.output
    assert "sandbox.yaml has no cases yet" in result.output
    assert "All sample tests pass." in result.output


def test_no_sandbox_file_at_all_says_nothing(workspace, run):
    (workspace / sandbox.FILE).unlink()
    result = run("test", cwd=workspace)
    assert result.exit_code == 0 and "sandbox" not in result.output.lower()


def test_a_name_or_k_selects_among_sandbox_tests_too(workspace, run):
    write_sandbox(workspace, case("mine_first", '[get, ["x"], null]'), case("mine_second", '[get, ["y"], null]'))
    alone = run("test", "second", cwd=workspace)
    assert alone.exit_code == 0, alone.output
    assert "✔ mine_second" in alone.output and "mine_first" not in alone.output and "Level 1" not in alone.output
    both = run("test", "-k", "mine", cwd=workspace)
    assert "2/2 tests passed" in both.output
    samples_only = run("test", "add_then", cwd=workspace)
    assert "add_then_get" in samples_only.output and "Sandbox" not in samples_only.output
    unknown = run("test", "nothing_like_it", cwd=workspace)
    assert unknown.exit_code == 2 and "mine_first, mine_second" in unknown.output


def test_submit_ignores_the_sandbox_and_its_score_is_the_same(workspace, run, oa_sim_home):
    assert run("submit", cwd=workspace).exit_code == 0  # level 2 unlocks: the later ones grade both
    write_sandbox(workspace, case("wrong_hope", '[get, ["y"], 3]'))
    failing = run("submit", cwd=workspace)
    (workspace / sandbox.FILE).write_text("cases: [not, even, cases\n")
    malformed = run("submit", cwd=workspace)
    (workspace / sandbox.FILE).unlink()
    without = run("submit", cwd=workspace)
    for result in (failing, malformed, without):
        assert "sandbox" not in result.output.lower()
    store = Store.open()
    record = store.sessions()[0]
    submissions = store.submissions(record.id)[1:]
    assert len(submissions) == 3
    graded = [[(t.level, t.name, t.outcome) for t in s.results.tests] for s in submissions]
    assert graded[0] == graded[1] == graded[2]
    assert {level for level, _, _ in graded[0]} == {1, 2} and "wrong_hope" not in str(graded[0])
    report = json.loads(run("report", "--json", cwd=workspace).output)
    assert report["score"]["raw"] == 500  # both levels, every hidden test: a failing sandbox case costs nothing


def test_the_sandbox_survives_unlocks_and_resume_but_a_new_start_writes_it_afresh(workspace, run):
    mine = "cases:\n" + case("kept", '[get, ["x"], null]')
    (workspace / sandbox.FILE).write_text(mine)
    assert run("submit", cwd=workspace).exit_code == 0  # level 2 unlocks
    assert (workspace / sandbox.FILE).read_text() == mine
    session_id = Store.open().sessions()[0].id
    resumed = run("start", "toy", "--resume", str(session_id), "--force")
    assert resumed.exit_code == 0, resumed.output
    assert (workspace / sandbox.FILE).read_text() == mine
    write_sandbox(workspace, case("level_two", '[add, ["x", 1], 1]', '[reset, ["x"], true]'))  # unlocked now
    assert "✔ level_two" in run("test", cwd=workspace).output
    run("finish", cwd=workspace)
    assert run("start", "toy", "--force").exit_code == 0
    assert "- name: example" in (workspace / sandbox.FILE).read_text()


def test_watch_runs_the_sandbox_again_when_it_is_saved(workspace, run):
    import io
    from contextlib import nullcontext

    from rich.console import Console

    from oa_sim import session
    from oa_sim.grading import grade
    from oa_sim.render.watch import run_watch

    store = Store.open()
    located = session.locate(store, workspace, problem_dirs=[run.problems_dir])
    saves = iter([case("saved_later", '[get, ["x"], null]')])
    shown = []

    def run_samples(grader):
        result = session.run_samples(store, located, clock=run.clock, grader=grader)[1]
        shown.append([t.name for t in result.sandbox.tests])
        return result

    def sleep(seconds):  # the candidate saves the sandbox while the pane waits
        write_sandbox(workspace, next(saves))

    console = Console(file=io.StringIO(), width=120)
    run_watch(console, lambda: session.progress(store, located.record, run.clock()), run_samples,
              lambda: nullcontext(grade), workspace, clock=run.clock, sleep=sleep, rounds=2)
    assert shown == [["example"], ["saved_later"]]
    assert "Sandbox (your cases, not scored): 1/1 tests passed" in console.file.getvalue()


@pytest.mark.parametrize("problem", SHIPPED, ids=[p.id for p in SHIPPED])
def test_every_languages_sandbox_reads_back_as_its_example(tmp_path, problem):
    for name in problem.languages:
        language = languages.get(name)
        (tmp_path / sandbox.FILE).write_text(sandbox.template(problem, language))
        read = sandbox.read(problem, language, tmp_path, 1)
        assert not read.broken, (name, read.note)
        assert [c.name for c in read.cases] == ["example"]
        first = next(c for path in problem.level(1).visible for c in load_cases(path))
        assert read.cases[0].steps == first.steps[: sandbox.EXAMPLE_STEPS]  # back in neutral names, values intact


def test_go_sandbox_cases_run_in_the_real_harness_with_either_spelling(tmp_path, oa_sim_home):
    language = languages.get("go")
    if language.unavailable():
        pytest.skip(language.unavailable())
    started = oa_sim("start", "toy", "--language", "go", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES)
    assert started.returncode == 0, started.stderr
    folder = tmp_path / "toy"
    text = (folder / sandbox.FILE).read_text()
    assert "(Add); their snake_case form (add) works too" in text and '- [Add, ["a", 2], 2]' in text
    (folder / "counter_impl.go").write_text((FIXTURES / "toy" / "solutions" / "go" / "reference.go").read_text())
    write_sandbox(
        folder,
        case("spelled_as_in_go", '[Add, ["x", 2], 2]', '[Get, ["x"], 2]'),
        case("neutral_names", '[add, ["x", 2], 2]', '[get, ["missing"], null]'),
        case("wrong_hope", '[Add, ["y", 1], 1]', '[Get, ["y"], 4]'),
    )
    tested = oa_sim("test", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert tested.returncode == 1, tested.stdout + tested.stderr
    assert "Level 1 (current): 1/1 sample tests passed" in tested.stdout
    assert "Sandbox (your cases, not scored): 2/3 tests passed" in tested.stdout
    assert "✔ spelled_as_in_go, neutral_names" in tested.stdout
    assert "step 2 (Get) returned a wrong result" in tested.stdout
    assert "Get(\"y\") -> expected 4, got 1" in tested.stdout
    submitted = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert submitted.returncode == 0 and "Sandbox" not in submitted.stdout
