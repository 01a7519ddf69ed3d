"""Verdicts are made in oa-sim's own process, from answers: the candidate's code can neither talk its
way past a comparison nor find the expected values to copy. Graded for real, in the child process.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Cli
from oa_sim.grading import GradeRequest, grade
from oa_sim.grading.results import FAILED, PASSED, Suite
from oa_sim.session.store import Store

SOLUTIONS = Path(__file__).parent / "solutions"
ADDING_CASES = ("add_accumulates", "counters_are_separate", "negative_amounts")  # the toy's level 1 cases that call add


def said(output: str) -> str:
    return " ".join(output.split())


@pytest.fixture
def real(tmp_path, clock, problems_dir) -> Cli:
    """oa-sim with the toy problem and the real grader."""
    work = tmp_path / "work"
    work.mkdir()
    return Cli(work, clock, None, problems_dir)


@pytest.mark.parametrize(
    "liar, returned",
    [
        ("AlwaysEqual", "returned an AlwaysEqual, expected an integer"),  # its __eq__ says True to anything
        ("ClaimsToBeInt", "returned a ClaimsToBeInt that could not be read (TypeError), expected an integer"),
        ("LyingStr", "returned a string, expected an integer"),  # a str whose __eq__ says True: its characters count
        ("LyingInt", "returned a wrong result"),  # an int whose __eq__ says True: its value (-1) counts
    ],
)
def test_an_answer_that_claims_to_equal_anything_fails_and_says_what_it_was(real, liar, returned):
    assert real("start", "toy").exit_code == 0
    folder = real.cwd / "toy"
    source = (SOLUTIONS / "toy" / "returns_liars.py").read_text().replace('"LIAR"', repr(liar))
    (folder / "counter_impl.py").write_text(source)

    result = real("submit", cwd=folder)

    assert result.exit_code == 1
    assert f"3 tests failed with: step 1 (add) {returned}" in said(result.output)
    assert "Level 1 (current): 1/4 hidden tests passed" in said(result.output)
    store = Store.open()
    [submission] = store.submissions(store.sessions()[0].id)
    outcomes = {test.name: test.outcome for test in submission.results.tests}
    assert outcomes == {name: FAILED for name in ADDING_CASES} | {"get_missing": PASSED}
    assert submission.results.passed_count(1) == 1  # the score counts real passes only


ORACLE = '''\
class Oracle:
    def guess(self, clue: str) -> str:
        """The answer this clue stands for."""
        raise NotImplementedError
'''

# No expected answer is ever an argument: whatever the hunt finds of one, it found in the grader's data.
HIDDEN = """\
cases:
  - name: first_guess
    description: The first clue's answer.
    steps:
      - [guess, ["a first clue"], "expected-answer-5e1f0c2a"]
  - name: second_guess
    description: Another clue's answer.
    steps:
      - [guess, ["control-argument-4242"], "expected-answer-0b7d93e4"]
"""


def test_code_that_hunts_its_process_for_the_expected_values_finds_none(tmp_path):
    (tmp_path / "hidden.yaml").write_text(HIDDEN)
    report = tmp_path / "hunts.jsonl"
    source = (SOLUTIONS / "hunts_expected_values.py").read_text().replace('"REPORT_FILE"', repr(str(report)))
    request = GradeRequest(
        language="python",
        source=source,
        solution_file="oracle_impl.py",
        impl_class="OracleImpl",
        interface_file="oracle.py",
        interface_source=ORACLE,
        suites=(Suite(1, (tmp_path / "hidden.yaml",)),),
        test_time_limit=20.0,  # a hunt through every object takes its time
        run_time_limit=60.0,
    )

    result = grade(request)

    first, second = (json.loads(line) for line in report.read_text().splitlines())
    assert first["clue"] == "a first clue"
    assert first["visits"] > 10_000  # it searched the harness's whole process...
    assert first["control"] == ["control-argument-4242"]  # ...and reached its data: the next case's call
    assert first["expected"] == [] and second["expected"] == []  # but no expected value was there
    assert [(test.name, test.outcome) for test in result.tests] == [("first_guess", FAILED), ("second_guess", FAILED)]
    assert {test.message for test in result.tests} == {"step 1 (guess) returned a wrong result"}
    assert "guess('a first clue') -> expected 'expected-answer-5e1f0c2a', got 'no idea'" in result.tests[0].detail


def test_a_failed_case_keeps_its_whole_transcript_for_the_post_mortem():
    """Every step with its expected result, the failed one marked, the rest said to be not run."""
    from oa_sim.grading.judge import Words, judge
    from oa_sim.problem.cases import Case, Step

    case = Case("totals", "totals add up", tuple(Step("add", ("a", n), n * 2) for n in range(1, 5)))
    verdict = judge(case, [{"value": 2}, {"value": 5}], Words(str, repr))
    assert verdict.outcome == FAILED
    lines = verdict.detail.splitlines()
    assert lines[1] == "  1. add('a', 1) -> 2"
    assert lines[2].startswith("  2. add('a', 2) -> expected 4, got 5") and lines[2].endswith("<-- here")
    assert lines[3:] == ["  3. add('a', 3) -> 6   (not run)", "  4. add('a', 4) -> 8   (not run)"]
