"""Hostile code through the real user path: `oa-sim submit` in a workspace, graded for real.

test_grading.py proves the grader on its own; these prove what the candidate sees, what the record
keeps, and that the session goes on after each. The solutions are in tests/solutions/toy/: each is
right except when adding to counter "b", which only the third of level 1's four hidden tests
(counters_are_separate) does.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
import yaml

from conftest import Cli, still_running
from oa_sim.problem import manifest
from oa_sim.problem import catalog as problems
from oa_sim.grading.results import CRASHED, ERROR, FAILED, NOT_RUN, PASSED, TIMEOUT
from oa_sim.session.store import DB_NAME, Store


TOY = Path(__file__).parent / "solutions" / "toy"
QUADRATIC = Path(__file__).parent / "solutions" / "inmemory_db_quadratic.py"
LEVEL_1 = ["add_accumulates", "get_missing", "counters_are_separate", "negative_amounts"]
CULPRIT = "counters_are_separate"


def said(output: str) -> str:
    """The output as one line: rich wraps long messages at the test terminal's width."""
    return " ".join(output.split())


@pytest.fixture
def real(tmp_path, clock, problems_dir) -> Cli:
    """oa-sim with the toy problem and the real grader (the shared `run` fixture scripts grading)."""
    work = tmp_path / "work"
    work.mkdir()
    return Cli(work, clock, None, problems_dir)


def set_limits(problems_dir: Path, **limits: str) -> None:
    """Change the toy problem's limits in the test's private copy, before the session starts."""
    path = problems_dir / "toy" / "problem.yaml"
    data = yaml.safe_load(path.read_text())
    data.update(limits)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


class Workspace:
    """A started toy session: put a solution in, submit it, read back what was recorded."""

    def __init__(self, real: Cli):
        self.real = real
        started = real("start", "toy")
        assert started.exit_code == 0, started.output
        self.folder = real.cwd / "toy"

    def submit(self, solution: str, **replace: str):
        """Submit tests/solutions/toy/<solution>.py, its placeholders (say PID_FILE) replaced."""
        text = (TOY / f"{solution}.py").read_text()
        for placeholder, value in replace.items():
            text = text.replace(f'"{placeholder}"', repr(value))
        (self.folder / "counter_impl.py").write_text(text)
        self.real.clock.advance(30)
        return self.real("submit", cwd=self.folder)

    def submissions(self):
        store = Store.open()
        [session] = store.sessions()
        return store.submissions(session.id)

    def outcomes(self, submission=None) -> dict[str, str]:
        submission = submission or self.submissions()[-1]
        return {test.name: test.outcome for test in submission.results.tests}

    def goes_on(self) -> None:
        """The session is intact: status reads it, and a right answer still passes and unlocks level 2."""
        assert self.real("status", cwd=self.folder).exit_code == 0
        passed = self.submit("correct")
        assert passed.exit_code == 0, passed.output
        assert "Level 2 is unlocked" in passed.output


@pytest.fixture
def workspace(real) -> Workspace:
    return Workspace(real)


# -- one test misbehaves; the others run and count ---------------------------------------------


@pytest.mark.parametrize(
    "solution, outcome, message",
    [
        ("infinite_loop", TIMEOUT, "timed out after 0.4 s"),
        ("sys_exit", ERROR, "your code called sys.exit() at counter_impl.py line 14"),
        ("raise_system_exit", ERROR, "your code called sys.exit() at counter_impl.py line 12"),
        ("os_exit_in_method", CRASHED, f"the test process was ended by your code during {CULPRIT}"),
        ("memory_hog", ERROR, "ran out of memory (limit 1024 MiB) at counter_impl.py line 12"),
        ("fake_results", FAILED, "step 2 (add) returned a wrong result"),
    ],
)
def test_one_misbehaving_test_costs_that_test_only(workspace, solution, outcome, message):
    started = time.monotonic()
    result = workspace.submit(solution)

    assert time.monotonic() - started < 6
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{CULPRIT} two names keep two counters {message}" in said(result.output)
    assert "Level 1 (current): 3/4 hidden tests passed" in said(result.output)
    [submission] = workspace.submissions()
    assert workspace.outcomes(submission) == {name: PASSED for name in LEVEL_1} | {CULPRIT: outcome}
    assert submission.results.passed_count(1) == 3  # the score counts real passes only
    assert not (workspace.folder / "LEVEL_2.md").exists()
    workspace.goes_on()


def test_printed_fake_results_reach_neither_the_verdict_nor_the_score(workspace):
    result = workspace.submit("fake_results")

    assert result.exit_code == 1
    assert "4 passed" not in result.output  # the candidate's prints are not shown as a verdict
    report = json.loads(workspace.real("report", "--json", cwd=workspace.folder).stdout)
    assert report["levels"][0]["tests_passed"] == 3
    [submission] = workspace.submissions()
    culprit = next(t for t in submission.results.tests if t.name == CULPRIT)
    assert "4 passed in 0.02s" in culprit.detail  # kept as the test's output, for --reveal, nothing more


# -- the run stops; what was not reached says so -----------------------------------------------


def test_os_exit_at_import_crashes_the_first_test_and_the_rest_are_not_run(workspace):
    result = workspace.submit("os_exit_at_import")

    assert result.exit_code == 1
    text = said(result.output)
    assert "the test process was ended by your code while importing counter_impl.py (during add_accumulates)" in text
    assert "your code ended the test process at import; 3 tests were not run" in text
    assert workspace.outcomes() == {"add_accumulates": CRASHED} | {name: NOT_RUN for name in LEVEL_1[1:]}
    workspace.goes_on()


def test_a_loop_that_swallows_every_signal_stops_at_the_run_limit(real, problems_dir):
    set_limits(problems_dir, run_time_limit="2s")
    workspace = Workspace(real)
    started = time.monotonic()

    result = workspace.submit("swallows_always")

    assert time.monotonic() - started < 5  # the 2 s run limit, the watchdog's margin, a restart
    assert result.exit_code == 1
    text = said(result.output)
    assert "the run stopped at the 2 s limit; 3 tests were not run" in text
    assert "add_accumulates adding twice sums the amounts still running when the whole run reached its 2 s limit" in text
    assert "3 tests failed with: the run stopped before this test" in text
    assert workspace.outcomes() == {"add_accumulates": TIMEOUT} | {name: NOT_RUN for name in LEVEL_1[1:]}
    workspace.goes_on()


# -- the code never loads: one clear line, nothing passes -------------------------------------


@pytest.mark.parametrize(
    "solution, line",
    [
        ("syntax_error", "counter_impl.py line 10: SyntaxError: expected ':'"),
        ("no_class", "counter_impl.py defines no class CounterImpl"),
        ("raises_at_import", "your code raised ValueError at import: counter_impl.py line 4"),
    ],
)
def test_code_that_does_not_load_is_one_clear_line_and_zero_passes(workspace, solution, line):
    result = workspace.submit(solution)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "╭" in result.output and said(result.output).count(line) == 1  # said once, in the panel
    assert "Level 1 (current): 0/4 hidden tests passed" in said(result.output)
    assert set(workspace.outcomes().values()) == {ERROR}
    workspace.goes_on()


# -- output, memory and leftovers --------------------------------------------------------------


def test_a_hundred_megabytes_of_prints_are_capped_and_the_record_stays_small(real, problems_dir, oa_sim_home):
    set_limits(problems_dir, test_time_limit="2s")  # writing 64 MiB must not race the 0.4 s limit on a busy machine
    workspace = Workspace(real)
    started = time.monotonic()

    result = workspace.submit("huge_print")

    assert time.monotonic() - started < 8
    assert "your code wrote more output than the grader accepts (64 MiB)" in said(result.output)
    [submission] = workspace.submissions()
    culprit = next(t for t in submission.results.tests if t.name == CULPRIT)
    assert "[output clipped:" in culprit.detail and len(culprit.detail) < 70_000
    record_bytes = sum(path.stat().st_size for path in oa_sim_home.glob(f"{DB_NAME}*"))
    assert record_bytes < 1_000_000
    workspace.goes_on()


def test_processes_and_threads_left_running_are_killed_when_the_run_ends(workspace, tmp_path):
    pid_file = tmp_path / "helper.pid"
    started = time.monotonic()

    result = workspace.submit("leaves_helpers", PID_FILE=str(pid_file))

    assert time.monotonic() - started < 5  # the non-daemon thread did not hold the run open
    assert result.exit_code == 0, result.output
    assert not still_running(int(pid_file.read_text()))


# -- the tests and the record are out of the code's reach ------------------------------------


def test_the_graders_environment_leads_nowhere_near_the_record(workspace, tmp_path, oa_sim_home):
    seen_file = tmp_path / "seen.json"

    result = workspace.submit("reads_environment", SEEN_FILE=str(seen_file))

    assert result.exit_code == 0, result.output
    seen = json.loads(seen_file.read_text())
    assert not any(name.startswith("OA_SIM") for name in seen["env"])
    assert str(oa_sim_home) not in json.dumps(seen)
    run_dir = Path(seen["cwd"])
    assert run_dir.name.startswith("oa-sim-grade-") and run_dir != workspace.folder
    assert Path(seen["env"]["HOME"]).parent == run_dir and Path(seen["env"]["TMPDIR"]).parent == run_dir
    assert not run_dir.exists()  # private to the run, and gone with it
    # what the code wrote where the environment led it (a default data folder) spoiled nothing
    assert seen["wrote"] and not Path(seen["wrote"]).exists()
    assert workspace.real("status", cwd=workspace.folder).exit_code == 0
    assert len(workspace.submissions()) == 1


@pytest.fixture
def with_manifest(problems_dir) -> Path:
    """The toy problem with a manifest, as a validated problem ships."""
    manifest.write(problems.load(problems_dir / "toy"))
    return problems_dir / "toy"


def test_code_that_rewrites_the_hidden_tests_is_refused_from_then_on(real, with_manifest):
    workspace = Workspace(real)
    hidden = with_manifest / "tests" / "level_1" / "hidden.yaml"

    first = workspace.submit("rewrites_hidden_tests", HIDDEN_FILE=str(hidden))

    # this run graded the copy verified before the code ran: its verdicts stand
    assert first.exit_code == 0, first.output
    assert "expected: anything" in hidden.read_text()
    refused = workspace.real("submit", cwd=workspace.folder)
    assert refused.exit_code == 5
    assert "tests/level_1/hidden.yaml does not match manifest.sha256" in said(refused.output)
    assert len(workspace.submissions()) == 1  # refused, not run
    assert workspace.real("test", cwd=workspace.folder).exit_code == 5
    again = workspace.real("start", "toy", "--dir", "another")
    assert again.exit_code == 5 and "does not match manifest.sha256" in said(again.output)


def test_code_that_rewrites_the_graders_private_copy_gets_the_run_refused(workspace):
    result = workspace.submit("rewrites_private_copy")

    assert result.exit_code == 5
    assert "the grader's private copy of the tests (level_1/hidden.yaml" in said(result.output)
    assert "was changed during the run" in said(result.output)
    assert "Traceback" not in result.output
    assert workspace.submissions() == []  # nothing recorded
    workspace.goes_on()


# -- a correct but slow solution ---------------------------------------------------------------


def test_a_quadratic_solution_fails_only_the_performance_test_by_name(tmp_path, clock):
    real = Cli(tmp_path, clock, None, None)  # the shipped in-memory database
    assert real("start", "inmemory-db").exit_code == 0
    folder = tmp_path / "inmemory-db"
    shutil.copy(QUADRATIC, folder / "in_memory_db_impl.py")
    level_1 = real("submit", cwd=folder)
    assert level_1.exit_code == 0, level_1.output  # right answers: level 1 passes, level 2 unlocks

    level_2 = real("submit", cwd=folder)

    assert level_2.exit_code == 1
    text = said(level_2.output)
    assert "large_record_is_fast 10,000 fields set on one record" in text
    assert "timed out after 0.4 s in step " in text  # names the step under way, and its method
    store = Store.open()
    results = store.submissions(store.sessions()[0].id)[-1].results
    assert [t.name for t in results.tests if not t.passed] == ["large_record_is_fast"]


def test_the_reference_passes_the_performance_test_with_a_wide_margin():
    from oa_sim import languages
    from oa_sim.grading import grade
    from oa_sim.session import grade_request

    problem = problems.find("inmemory-db")
    reference = problem.solutions["python"].reference.read_text()
    request = grade_request(problem, languages.get("python"), reference, range(2, 3), hidden=True)
    durations = []
    for _ in range(3):
        [perf] = [t for t in grade(request).tests if t.name == "large_record_is_fast"]
        assert perf.passed, perf.message
        durations.append(perf.duration)
    # measured at about 30 ms of the 0.4 s (30,001 calls played and answered); a quarter of the limit
    # leaves room for a busy machine
    assert min(durations) < problem.test_time_limit / 4


def test_a_byte_order_mark_is_accepted_as_python_accepts_it_and_a_null_byte_is_one_clear_line(workspace):
    correct = (TOY / "correct.py").read_text()
    (workspace.folder / "counter_impl.py").write_bytes(b"\xef\xbb\xbf" + correct.encode())
    workspace.real.clock.advance(30)
    marked = workspace.real("submit", cwd=workspace.folder)
    assert marked.exit_code == 0, marked.output
    (workspace.folder / "counter_impl.py").write_text(correct.replace("return", "return\x00", 1))
    workspace.real.clock.advance(30)
    nulled = workspace.real("submit", cwd=workspace.folder)
    assert nulled.exit_code == 1
    assert "counter_impl.py: SyntaxError: source code string cannot contain null bytes" in said(nulled.output)
    assert "line None" not in nulled.output


def test_the_report_points_a_timeout_at_the_speed_of_the_method_it_struck_in(tmp_path, clock):
    real = Cli(tmp_path, clock, None, None)
    assert real("start", "inmemory-db").exit_code == 0
    folder = tmp_path / "inmemory-db"
    shutil.copy(QUADRATIC, folder / "in_memory_db_impl.py")
    assert real("submit", cwd=folder).exit_code == 0
    assert real("submit", cwd=folder).exit_code == 1  # level 2: the performance test times out
    assert real("finish", cwd=folder).exit_code == 0

    report = json.loads(real("report", "--format", "json", cwd=folder).output)

    [advice] = [line for line in report["practise"] if "large_record_is_fast" in line]
    assert advice.startswith("Level 2's large_record_is_fast ran out of time (timed out after 0.4 s in step ")
    assert "work that grows with the data in every call" in advice
    assert not any("sample tests" in line for line in report["practise"])  # speed, not a missed test run
