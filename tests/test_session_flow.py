"""A candidate's session on the toy problem, through the CLI, with a scripted grader.

The grader is scripted here because these tests are about the session's rules (unlocking, the
clock, the score); grading itself is tested against real code in test_grading.py and end to end.
"""

from __future__ import annotations

import json

import pytest

from oa_sim.session.store import Store


def test_start_lays_out_level_one_and_prints_the_spec(run):
    result = run("start", "toy")
    assert result.exit_code == 0, result.output
    folder = run.cwd / "toy"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [".oa-sim", "LEVEL_1.md", "counter.py", "counter_impl.py", "pytest.ini", "sandbox.yaml", "tests"]
    )
    assert "def add(" in (folder / "counter.py").read_text()
    assert "def reset(" not in (folder / "counter.py").read_text()
    assert "class CounterImpl(Counter)" in (folder / "counter_impl.py").read_text()
    assert "def test_add_then_get" in (folder / "tests" / "test_level_1.py").read_text()
    assert "Counting" in result.output and "counter_impl.py" in result.output
    assert "10m" in result.output


def test_hidden_tests_never_enter_the_workspace(run):
    run("start", "toy")
    text = "".join(p.read_text() for p in (run.cwd / "toy").rglob("*") if p.is_file())
    assert "counters_are_separate" not in text and "reset_then_add" not in text


def test_start_refuses_a_non_empty_folder_unless_forced(run):
    (run.cwd / "toy").mkdir()
    (run.cwd / "toy" / "notes.txt").write_text("mine")
    refused = run("start", "toy")
    assert refused.exit_code == 2
    assert "not empty" in refused.output and "--force" in refused.output
    assert run("start", "toy", "--force").exit_code == 0


def test_start_honours_dir_and_time_limit(run):
    result = run("start", "toy", "--dir", "elsewhere", "--time-limit", "1h30m")
    assert result.exit_code == 0, result.output
    status = json.loads(run("status", "--json", cwd=run.cwd / "elsewhere").output)
    assert status["time_limit"] == 5400
    assert status["time_left"] == 5400


def test_bad_time_limit_is_a_usage_error(run):
    result = run("start", "toy", "--time-limit", "ninety")
    assert result.exit_code == 2
    assert "not a duration" in result.output


def test_a_bare_number_for_the_clock_means_minutes(run):
    assert run("start", "toy", "--time-limit", "45").exit_code == 0
    status = json.loads(run("status", "--json", cwd=run.cwd / "toy").output)
    assert status["time_limit"] == 45 * 60


@pytest.mark.parametrize("clock_length", ["0.5s", "25h", "2000"])
def test_a_clock_too_short_or_too_long_is_refused_with_the_range(run, clock_length):
    result = run("start", "toy", "--time-limit", clock_length)
    assert result.exit_code == 2
    assert "a session's clock runs from 1s to 24h" in result.output
    assert not (run.cwd / "toy").exists()


def test_passing_a_level_unlocks_the_next(run, grader, clock):
    run("start", "toy")
    folder = run.cwd / "toy"
    grader.passing = {1: 3}
    failed = run("submit", cwd=folder)
    assert failed.exit_code == 1
    assert "not passed yet" in failed.output
    assert not (folder / "LEVEL_2.md").exists()

    clock.advance(60)
    grader.passing = {1: 4}
    passed = run("submit", cwd=folder)
    assert passed.exit_code == 0, passed.output
    assert "Level 2 is unlocked" in passed.output
    assert (folder / "LEVEL_2.md").exists()
    assert "def reset(" in (folder / "counter.py").read_text()
    assert (folder / "tests" / "test_level_2.py").exists()
    # the next submit grades both levels, so a regression of level 1 would count
    run("submit", cwd=folder)
    assert [s.level for s in grader.requests[-1].suites] == [1, 2]


def test_failed_hidden_tests_show_name_and_description_not_expected_values(run, grader):
    run("start", "toy")
    grader.passing = {1: 2}
    result = run("submit", cwd=run.cwd / "toy")
    assert "case_3" in result.output and "case 3 of level 1" in result.output
    assert "expected" not in result.output


def test_every_workspace_command_starts_with_the_time_left(run, clock):
    run("start", "toy")
    clock.advance(61)
    for command in (["status"], ["spec"], ["submit"], ["test"]):
        first_line = run(*command, cwd=run.cwd / "toy").output.splitlines()[0]
        assert "08:59 left" in first_line, (command, first_line)


def test_submit_after_the_deadline_is_refused_and_the_last_in_time_counts(run, grader, clock):
    run("start", "toy", "--time-limit", "5s")
    folder = run.cwd / "toy"
    grader.passing = {1: 2}
    assert run("submit", cwd=folder).exit_code == 1
    clock.advance(6)
    grader.passing = {1: 4}
    late = run("submit", cwd=folder)
    assert late.exit_code == 4
    assert "Time is up" in late.output
    report = json.loads(run("report", "--json", cwd=folder).output)
    assert report["over"] is True
    assert report["score"] == {"raw": 125.0, "scaled": 250, "max": 500}
    assert report["levels"][0]["tests_passed"] == 2


def test_finish_ends_the_session_and_reveal_then_shows_details(run, grader):
    run("start", "toy")
    folder = run.cwd / "toy"
    grader.passing = {1: 3}
    run("submit", cwd=folder)
    early = run("report", "--reveal", cwd=folder)
    assert early.exit_code == 2 and "session is over" in early.output
    assert run("finish", cwd=folder).exit_code == 0
    assert run("submit", cwd=folder).exit_code == 4
    revealed = run("report", "--reveal", cwd=folder)
    assert revealed.exit_code == 0
    assert "expected 1, got 2" in revealed.output


def test_report_json_holds_the_documented_fields(run, grader, clock):
    run("start", "toy")
    folder = run.cwd / "toy"
    grader.passing = {1: 4}
    clock.advance(120)
    run("submit", cwd=folder)
    clock.advance(30)
    grader.passing = {1: 4, 2: 1}
    run("submit", cwd=folder)
    data = json.loads(run("report", "--json", cwd=folder).output)
    assert data["problem"] == "toy"
    assert data["score"]["raw"] == 250 + 250 / 4
    assert data["score"]["scaled"] == round(200 + 0.4 * 312.5)
    level_1, level_2 = data["levels"]
    assert level_1 == level_1 | {"level": 1, "status": "passed", "tests_passed": 4, "tests_total": 4, "submissions": 1}
    assert level_1["time_spent"] == 120 and level_1["passed_at"] == 120
    assert level_2 == level_2 | {"level": 2, "status": "in_progress", "tests_passed": 1, "tests_total": 4, "submissions": 1}
    assert level_2["unlocked_at"] == 120


def test_status_counts_submissions_and_levels(run, grader):
    run("start", "toy")
    folder = run.cwd / "toy"
    grader.passing = {1: 1}
    run("submit", cwd=folder)
    run("submit", cwd=folder)
    result = run("status", cwd=folder)
    assert result.exit_code == 0
    assert "Submissions: 2" in result.output
    assert "1/4" in result.output
    assert "locked" in result.output


def test_spec_shows_only_unlocked_levels(run):
    run("start", "toy")
    folder = run.cwd / "toy"
    assert "Counting" in run("spec", cwd=folder).output
    locked = run("spec", "--level", "2", cwd=folder)
    assert locked.exit_code == 2 and "not unlocked" in locked.output


def test_every_submission_is_recorded_with_its_source(run, grader, oa_sim_home):
    run("start", "toy")
    folder = run.cwd / "toy"
    (folder / "counter_impl.py").write_text("# version one\n")
    run("submit", cwd=folder)
    (folder / "counter_impl.py").write_text("# version two\n")
    run("submit", cwd=folder)
    store = Store.open(oa_sim_home)
    [session] = store.sessions()
    assert [s.source for s in store.submissions(session.id)] == ["# version one\n", "# version two\n"]


def test_a_submission_that_passes_its_level_but_breaks_an_earlier_one_says_so(run, grader):
    run("start", "toy")
    folder = run.cwd / "toy"
    grader.passing = {1: 4}
    run("submit", cwd=folder)
    grader.passing = {1: 3, 2: 4}  # level 2 green, but a refactor broke a level-1 test
    result = run("submit", cwd=folder)
    assert result.exit_code == 0  # the current level passed
    assert "breaks level 1, passed before (−62 points)" in result.output
    assert "All 2 levels passed" not in result.output
    grader.passing = {1: 4, 2: 4}
    mended = run("submit", cwd=folder)
    assert "breaks level" not in mended.output and "All 2 levels passed" in mended.output


def test_a_syntax_error_is_told_once_not_under_every_test(run, problems_dir):
    run.grader = None  # the real grader
    run("start", "toy")
    folder = run.cwd / "toy"
    (folder / "counter_impl.py").write_text("class CounterImpl(\n")
    for command in ("test", "submit"):
        result = run(command, cwd=folder)
        assert result.exit_code == 1
        assert result.output.count("SyntaxError") == 1, result.output
        assert "counter_impl.py line 1" in result.output


def test_a_print_storm_in_a_sample_test_is_cut_to_its_tail(run):
    run.grader = None
    run("start", "toy")
    folder = run.cwd / "toy"
    (folder / "counter_impl.py").write_text(
        "from counter import Counter\n\n\nclass CounterImpl(Counter):\n"
        "    def add(self, name, amount):\n        for i in range(5000):\n            print('noise', i)\n        return -1\n"
    )
    result = run("test", cwd=folder)
    assert result.exit_code == 1
    assert "earlier lines not shown" in result.output
    assert len(result.output.splitlines()) < 80


def test_a_session_started_from_a_problems_folder_finds_it_again_without_the_option(run, problems_dir, monkeypatch):
    run("start", "toy")
    run.problems_dir = None  # later commands are typed without --problems-dir
    result = run("spec", cwd=run.cwd / "toy")
    assert result.exit_code == 0, result.output
    assert "Counting" in result.output


def test_the_score_sentence_names_the_levels_the_scored_submission_graded(run, grader):
    run("start", "toy")
    grader.passing = {1: 4}
    run("submit", cwd=run.cwd / "toy")  # passes level 1 and unlocks level 2, which it did not grade
    report = run("report", cwd=run.cwd / "toy").output
    assert "graded level 1 (level 2, unlocked since, not yet)" in " ".join(report.split())


def test_tests_that_fail_the_same_way_are_named_once_in_their_group(run, grader):
    grader.passing = {1: 0}
    run("start", "toy")
    result = run("submit", cwd=run.cwd / "toy")
    lines = result.output.splitlines()
    assert sum("4 tests" in line and "failed with: step 1 (get) returned a wrong result" in line for line in lines) == 1
    assert all(result.output.count(f"case_{index}") == 1 for index in range(4))


def test_start_inside_a_workspace_refuses_to_nest_one(run):
    run("start", "toy")
    refused = run("start", "toy", cwd=run.cwd / "toy")
    assert refused.exit_code == 2
    assert "inside the workspace" in refused.output and "--dir" in refused.output
    assert not (run.cwd / "toy" / "toy").exists()


def test_bare_oa_sim_shows_its_help(run):
    result = run()
    assert result.exit_code == 0
    assert "oa-sim start" in result.output and "Commands:" in result.output


def test_budgets_shown_at_start_and_in_the_spec_scale_to_the_sessions_clock(run):
    started = run("start", "toy", "--time-limit", "5m")  # half the toy's 10m: level 1's 4m becomes 2m
    assert "budget 2m of the 5m clock" in started.output
    assert "Counting" in started.output and "Resetting" in started.output  # every level's title up front
    again = run("spec", cwd=run.cwd / "toy")
    assert "budget 2m of the 5m clock" in again.output


def test_the_model_solution_waits_for_the_end_of_the_session_then_shows_the_reference(run, problems_dir):
    run("start", "toy")
    folder = run.cwd / "toy"
    early = run("solution", cwd=folder)
    assert early.exit_code == 2
    assert "a model solution gives the levels away, so it waits until the session is over" in early.output
    assert run("finish", cwd=folder).exit_code == 0
    shown = run("solution", cwd=folder)
    assert shown.exit_code == 0, shown.output
    reference = (problems_dir / "toy" / "solutions" / "python" / "reference.py").read_text()
    assert reference.strip() in shown.output
    assert "you reached level 1 of 2" in shown.output
    written = run("solution", "-o", str(run.cwd / "model.py"), cwd=folder)
    assert written.exit_code == 0 and (run.cwd / "model.py").read_text() == reference


@pytest.mark.parametrize("feedback, shown, hidden_away", [
    ("full", ["Level 1 (current): 2/4 hidden tests passed", "case_2", "returned a wrong result"], []),
    ("names", ["Level 1 (current): 2/4 hidden tests passed", "case_2, case_3"], ["returned a wrong result"]),
    ("counts", ["Level 1 (current): 2/4 hidden tests passed"], ["case_2", "returned a wrong result"]),
])
def test_feedback_modes_say_more_or_less_of_the_hidden_tests(run, grader, feedback, shown, hidden_away):
    run("start", "toy", "--feedback", feedback)
    folder = run.cwd / "toy"
    grader.passing[1] = 2
    out = run("submit", cwd=folder).output
    for words in shown:
        assert words in out, out
    for words in hidden_away:
        assert words not in out, out
    assert json.loads(run("status", "--json", cwd=folder).output)["feedback"] == feedback


def test_an_interrupt_after_a_submission_was_recorded_says_so(run, grader, monkeypatch):
    from oa_sim.render import results_terminal

    run("start", "toy")
    folder = run.cwd / "toy"

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    original = results_terminal.results
    monkeypatch.setattr(results_terminal, "results", interrupted)  # Ctrl-C once the submission is in the record
    stopped = run("submit", cwd=folder)
    assert stopped.exit_code == 130
    assert "interrupted; submission 1 of session 1 was recorded before it stopped." in stopped.output
    monkeypatch.setattr(results_terminal, "results", original)
    after = run("status", "--json", cwd=folder)
    assert after.exit_code == 0, after.output
    assert len(json.loads(after.output)["submissions"]) == 1


def test_an_interrupt_before_anything_was_written_says_nothing_was_recorded(run, grader, monkeypatch):
    from oa_sim.session import actions

    run("start", "toy")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(actions, "check_unchanged", interrupted)
    stopped = run("submit", cwd=run.cwd / "toy")
    assert stopped.exit_code == 130 and "interrupted; nothing was recorded." in stopped.output


def test_visible_graded_tests_are_written_read_only_as_each_level_unlocks(run, grader):
    run("start", "toy", "--tests", "visible")
    folder = run.cwd / "toy"
    graded = folder / "GRADED_LEVEL_1.md"
    text = graded.read_text()
    assert "## get_missing" in text and "get('nope') -> None" in text  # calls and expected results, in Python
    assert not graded.stat().st_mode & 0o222  # read-only
    grader.passing[1] = 4
    assert run("submit", cwd=folder).exit_code == 0
    assert "## reset_missing" in (folder / "GRADED_LEVEL_2.md").read_text()
    hidden = run("start", "toy", "--dir", "other")
    assert hidden.exit_code == 0 and not (run.cwd / "other" / "GRADED_LEVEL_1.md").exists()


def test_watch_runs_the_samples_now_and_again_after_each_save(run, grader):
    import io
    from contextlib import nullcontext

    from rich.console import Console

    from oa_sim import session
    from oa_sim.render.watch import run_watch
    from oa_sim.session.store import Store

    run("start", "toy")
    folder = run.cwd / "toy"
    store = Store.open()
    located = session.locate(store, folder, problem_dirs=[run.problems_dir])
    runs = []

    def run_samples(grade):
        runs.append(len(runs))
        return session.run_samples(store, located, clock=run.clock, grader=grade)[1]

    saves = iter(range(100))

    def sleep(seconds):  # the candidate saves while the pane waits
        (folder / "counter_impl.py").write_text(f"# save {next(saves)}\n")

    console = Console(file=io.StringIO(), width=100)
    run_watch(console, lambda: session.progress(store, located.record, run.clock()), run_samples,
              lambda: nullcontext(grader), folder, clock=run.clock, sleep=sleep, rounds=3)
    assert len(runs) == 3  # at once, then after each of two saves
    shown = console.file.getvalue()
    assert "Level 1 (current): 0/4 sample tests passed" in shown and "watching for a save" in shown


def test_while_the_session_runs_the_report_tells_no_more_than_the_feedback_mode(run, grader):
    run("start", "toy", "--feedback", "counts")
    folder = run.cwd / "toy"
    grader.passing[1] = 2
    run("submit", cwd=folder)
    during = json.loads(run("report", "--json", cwd=folder).output)
    assert during["levels"][0]["tests_passed"] == 2 and during["levels"][0]["failed_tests"] == []
    assert "case_2" not in run("report", cwd=folder).output
    run("finish", cwd=folder)
    after = json.loads(run("report", "--json", cwd=folder).output)
    assert [t["name"] for t in after["levels"][0]["failed_tests"]] == ["case_2", "case_3"]
