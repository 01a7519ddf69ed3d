"""The grader, on a toy problem: a Counter with ``inc(n)`` and ``get()``, over two levels of cases.

Each hostile solution in ``tests/solutions/`` behaves until it is asked to add 7, which only the
level 2 case ``add_seven`` does; ``add_several`` runs after it, so every story can check that one
misbehaving test costs that test and nothing else.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from conftest import still_running
from oa_sim.errors import ExitCode, OaSimError
from oa_sim.grading import GradeRequest, TestResult, grade
from oa_sim.grading import process as process_module
from oa_sim.grading.results import Suite
from oa_sim.grading import runner as runner_module
from oa_sim.grading.results import CRASHED, ERROR, FAILED, NOT_RUN, PASSED, TIMEOUT


SOLUTIONS = Path(__file__).parent / "solutions"

INTERFACE = '''\
class Counter:
    """Adds up numbers."""

    def inc(self, n: int) -> int:
        raise NotImplementedError

    def get(self) -> int:
        raise NotImplementedError
'''

LEVEL_1 = """\
cases:
  - name: starts_at_zero
    description: A new counter reads zero.
    steps:
      - [get, [], 0]
  - name: adds_up
    description: inc returns the running total.
    steps:
      - [inc, [2], 2]
      - [inc, [3], 5]
      - [get, [], 5]
"""

LEVEL_2 = """\
cases:
  - name: add_seven
    description: Adding seven works like any other number.
    steps:
      - [inc, [7], 7]
      - [get, [], 7]
  - name: add_several
    description: Many small additions.
    steps:
      - [inc, [1], 1]
      - [inc, [1], 2]
      - [inc, [40], 42]
"""

LEVEL_2_PYTHON = '''\
def test_add_seven(solution):
    """Adding seven works like any other number."""
    assert solution.inc(7) == 7
    assert solution.get() == 7


def test_class_is_fresh(solution_class):
    """Every test gets a fresh class."""
    solution_class.shared = getattr(solution_class, "shared", 0) + 1
    assert solution_class.shared == 1
'''

@pytest.fixture
def suites(tmp_path: Path) -> tuple[Suite, ...]:
    (tmp_path / "level_1.yaml").write_text(LEVEL_1)
    (tmp_path / "level_2.yaml").write_text(LEVEL_2)
    return (Suite(1, (tmp_path / "level_1.yaml",)), Suite(2, (tmp_path / "level_2.yaml",)))


def request_for(source: str, suites: tuple[Suite, ...], **limits: float) -> GradeRequest:
    return GradeRequest(
        language="python",
        source=source,
        solution_file="counter_impl.py",
        impl_class="CounterImpl",
        interface_file="counter.py",
        interface_source=INTERFACE,
        suites=suites,
        test_time_limit=limits.get("test_time_limit", 0.4),
        run_time_limit=limits.get("run_time_limit", 8.0),
    )


def grade_solution(name: str, suites: tuple[Suite, ...], **limits: float):
    return grade(request_for((SOLUTIONS / f"{name}.py").read_text(), suites, **limits))


def outcomes(result) -> dict[str, str]:
    return {test.id: test.outcome for test in result.tests}


def by_id(result, test_id: str) -> TestResult:
    return next(test for test in result.tests if test.id == test_id)


def test_a_correct_solution_passes_every_level(suites):
    seen = []
    result = grade(request_for((SOLUTIONS / "correct.py").read_text(), suites), seen.append)

    assert outcomes(result) == {
        "1/starts_at_zero": PASSED,
        "1/adds_up": PASSED,
        "2/add_seven": PASSED,
        "2/add_several": PASSED,
    }
    assert result.problem is None
    assert result.level_passed(1) and result.level_passed(2)
    assert by_id(result, "1/adds_up").description == "inc returns the running total."
    assert sorted(t.id for t in seen) == sorted(outcomes(result))


def test_a_wrong_answer_fails_without_giving_away_the_expected_value(suites):
    result = grade_solution("wrong_answer", suites)

    seven = by_id(result, "2/add_seven")
    assert seven.outcome == FAILED
    assert seven.message == "step 1 (inc) returned a wrong result"
    assert "7" not in seven.message
    assert "inc(7) -> expected 7, got 8" in seven.detail
    assert by_id(result, "2/add_several").outcome == PASSED


def test_a_syntax_error_is_one_clear_error_and_starts_no_child(suites, monkeypatch):
    def no_child(*args, **kwargs):
        raise AssertionError("a child process was started")

    monkeypatch.setattr(process_module.subprocess, "Popen", no_child)
    seen = []
    source = "from counter import Counter\n\nclass CounterImpl(Counter):\n    def inc(self, n)\n        return n\n"

    result = grade(request_for(source, suites), seen.append)

    assert set(outcomes(result).values()) == {ERROR}
    assert len(result.tests) == 4
    assert result.problem.startswith("counter_impl.py line 4: SyntaxError:")
    assert all(test.message == result.problem for test in result.tests)
    assert len(seen) == 4


def test_a_missing_class_is_named(suites):
    result = grade_solution("no_class", suites)

    assert set(outcomes(result).values()) == {ERROR}
    assert by_id(result, "1/starts_at_zero").message == "counter_impl.py defines no class CounterImpl"


def test_an_exception_at_import_names_the_line(suites):
    result = grade_solution("raises_at_import", suites)

    assert set(outcomes(result).values()) == {ERROR}
    message = "your code raised ValueError at import: counter_impl.py line 4"
    assert by_id(result, "1/starts_at_zero").message == message
    assert result.problem == message
    assert 'File "counter_impl.py", line 4' in by_id(result, "1/starts_at_zero").detail


def test_sys_exit_in_a_method_is_an_error_and_the_run_goes_on(suites):
    result = grade_solution("sys_exit_in_method", suites)

    seven = by_id(result, "2/add_seven")
    assert seven.outcome == ERROR
    assert seven.message.startswith("your code called sys.exit()")
    assert "counter_impl.py line 14" in seven.message
    assert by_id(result, "2/add_several").outcome == PASSED


def test_keyboard_interrupt_from_the_code_is_an_error_not_an_abort(suites):
    result = grade_solution("keyboard_interrupt", suites)

    assert by_id(result, "2/add_seven").outcome == ERROR
    assert "KeyboardInterrupt" in by_id(result, "2/add_seven").message
    assert by_id(result, "2/add_several").outcome == PASSED


def test_os_exit_at_import_crashes_the_first_test_and_stops(suites):
    started = time.monotonic()
    result = grade_solution("os_exit_at_import", suites)

    first = by_id(result, "1/starts_at_zero")
    assert first.outcome == CRASHED
    assert "while importing counter_impl.py" in first.message
    assert set(outcomes(result).values()) == {CRASHED, NOT_RUN}
    assert "at import; 3 tests were not run" in result.problem
    assert time.monotonic() - started < 3  # not one restart per test


def test_os_exit_in_a_method_names_the_culprit_and_keeps_the_rest(suites):
    seen = []
    result = grade(request_for((SOLUTIONS / "os_exit_in_method.py").read_text(), suites), seen.append)

    seven = by_id(result, "2/add_seven")
    assert seven.outcome == CRASHED
    assert seven.message == "the test process was ended by your code during add_seven"
    assert by_id(result, "1/starts_at_zero").outcome == PASSED
    assert by_id(result, "1/adds_up").outcome == PASSED
    assert by_id(result, "2/add_several").outcome == PASSED  # graded by a restarted child
    assert sorted(t.id for t in seen) == sorted(outcomes(result))  # once each, the crash included


def test_an_infinite_loop_times_out_and_the_others_still_pass(suites):
    result = grade_solution("infinite_loop", suites)

    seven = by_id(result, "2/add_seven")
    assert seven.outcome == TIMEOUT
    assert seven.message == "timed out after 0.4 s in step 1 (inc)"  # the step under way when it struck
    assert [t.outcome for t in result.tests if t.id != "2/add_seven"] == [PASSED] * 3


def test_a_loop_that_swallows_the_time_limit_is_stopped_by_the_watchdog(suites):
    started = time.monotonic()
    result = grade_solution("swallows_everything", suites)
    elapsed = time.monotonic() - started

    seven = by_id(result, "2/add_seven")
    assert seven.outcome == TIMEOUT
    assert "test process was ended" in seven.detail
    assert by_id(result, "2/add_several").outcome == PASSED
    assert elapsed < runner_module.wall_limit(0.4) + runner_module.WATCHDOG_MARGIN + 2.5


def test_the_run_limit_stops_a_slow_solution(tmp_path):
    cases = "cases:\n" + "".join(
        f"  - name: read_{i}\n    description: Read it.\n    steps:\n      - [get, [], 0]\n" for i in range(12)
    )
    (tmp_path / "many.yaml").write_text(cases)
    started = time.monotonic()

    result = grade_solution("slow", (Suite(1, (tmp_path / "many.yaml",)),), run_time_limit=2.0)

    assert time.monotonic() - started < 3.5
    counts = list(outcomes(result).values())
    assert PASSED in counts and NOT_RUN in counts
    not_run = counts.count(NOT_RUN)
    assert result.problem == f"the run stopped at the 2 s limit; {not_run} tests were not run"


def test_a_memory_blow_up_is_reported_as_such(suites):
    result = grade_solution("memory_hog", suites)

    seven = by_id(result, "2/add_seven")
    assert seven.outcome == ERROR
    assert seven.message.startswith("ran out of memory (limit 1024 MiB)")
    assert by_id(result, "2/add_several").outcome == PASSED


def test_a_huge_print_is_clipped_and_does_not_stall(suites):
    started = time.monotonic()
    result = grade_solution("huge_print", suites, test_time_limit=3.0)

    assert time.monotonic() - started < 6
    seven = by_id(result, "2/add_seven")
    assert seven.outcome == ERROR
    assert "more output than the grader accepts" in seven.message
    assert "[output clipped:" in seven.detail
    assert len(seven.detail) < 2 * 64 * 1024
    assert by_id(result, "2/add_several").outcome == PASSED


def test_printed_fake_results_change_nothing(suites):
    result = grade_solution("fake_results", suites)

    assert by_id(result, "2/add_seven").outcome == FAILED
    assert len(result.tests) == 4
    assert "1 passed in 0.01s" in by_id(result, "2/add_seven").detail  # shown as output, nothing more


def test_processes_and_threads_left_running_are_ended(tmp_path, suites):
    pid_file = tmp_path / "helper.pid"
    (tmp_path / "helpers.yaml").write_text(
        "cases:\n  - name: helpers\n    description: Starts helpers.\n    steps:\n"
        f"      - [start_helpers, [{str(pid_file)!r}], null]\n"
    )
    started = time.monotonic()

    result = grade_solution("leaves_helpers", (*suites, Suite(3, (tmp_path / "helpers.yaml",))))

    assert time.monotonic() - started < 4  # the non-daemon thread did not hold the child open
    assert set(outcomes(result).values()) == {PASSED}
    assert not still_running(int(pid_file.read_text()))


def test_python_test_files_use_the_solution_fixtures(tmp_path, suites):
    (tmp_path / "test_level_2.py").write_text(LEVEL_2_PYTHON)
    python_suites = (suites[0], Suite(2, (tmp_path / "test_level_2.py",)))

    right = grade_solution("correct", python_suites)
    wrong = grade_solution("wrong_answer", python_suites)

    assert set(outcomes(right).values()) == {PASSED}
    assert by_id(right, "2/test_add_seven").description == "Adding seven works like any other number."
    failed = by_id(wrong, "2/test_add_seven")
    assert failed.outcome == FAILED
    assert failed.message == "AssertionError at test_level_2.py line 3"
    assert "assert 8 == 7" in failed.detail


def test_unreadable_hidden_tests_are_a_grader_error(tmp_path):
    (tmp_path / "broken.yaml").write_text("cases:\n  - name: no steps\n")

    with pytest.raises(OaSimError) as raised:
        grade_solution("correct", (Suite(1, (tmp_path / "broken.yaml",)),))

    assert raised.value.exit_code == ExitCode.GRADER
    assert "broken.yaml" in raised.value.message


def test_a_grader_that_cannot_start_is_a_grader_error(suites, monkeypatch):
    monkeypatch.setattr(sys, "executable", "/bin/false")  # the command the Python child is started with

    with pytest.raises(OaSimError) as raised:
        grade_solution("correct", suites)

    assert raised.value.exit_code == ExitCode.GRADER
    assert "failed to start" in raised.value.message


def test_a_harness_binary_busy_for_a_moment_is_started_on_a_later_try(tmp_path, monkeypatch):
    """ETXTBSY: another thread's fork still held the just-written binary open; it frees in milliseconds."""
    import errno
    import subprocess

    from oa_sim.grading import process

    real_popen, tries = subprocess.Popen, []

    def busy_twice(*args, **kwargs):
        tries.append(1)
        if len(tries) <= 2:
            raise OSError(errno.ETXTBSY, "Text file busy", "./oasim-harness")
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(process.subprocess, "Popen", busy_twice)
    child = process.spawn(tmp_path, {"PATH": "/usr/bin:/bin"}, ["true"])
    assert child.wait() == 0 and len(tries) == 3
