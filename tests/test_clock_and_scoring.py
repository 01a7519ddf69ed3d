"""The countdown pane and the score arithmetic, as the candidate meets them."""

from __future__ import annotations

import pytest

from oa_sim.report import scoring
from oa_sim.grading.results import FAILED, PASSED, RunResult, TestResult


def test_the_countdown_warns_at_ten_and_five_minutes_then_says_time_is_up(run):
    run("start", "toy", "--time-limit", "10m30s")
    result = run("clock", cwd=run.cwd / "toy")
    assert result.exit_code == 0
    out = result.output
    assert "⚠ 30 minutes left" not in out  # never had 30 minutes to warn about
    assert out.index("⚠ 10 minutes left") < out.index("⚠ 5 minutes left") < out.index("Time is up.")
    assert out.count("Time is up.") == 1  # the last line once, not again after the live display


def test_the_countdown_once_prints_one_line(run, clock):
    run("start", "toy")
    clock.advance(75)
    result = run("clock", "--once", cwd=run.cwd / "toy")
    assert result.output.strip().splitlines() == ["⏱ 08:45 left  ·  Toy counter  ·  level 1 of 2  ·  0 submissions"]


def _results(passed_by_level: dict[int, tuple[int, int]]) -> RunResult:
    tests = []
    for level, (passed, total) in passed_by_level.items():
        for index in range(total):
            outcome = PASSED if index < passed else FAILED
            tests.append(TestResult(f"{level}/t{index}", level, f"t{index}", "", outcome))
    return RunResult(tuple(tests))


def test_each_level_is_250_points_split_equally_among_its_hidden_tests():
    score = scoring.score(_results({1: (17, 17), 2: (14, 19), 3: (0, 20)}), level_count=4)
    assert [round(level.points, 2) for level in score.levels] == [250.0, 184.21, 0.0, 0.0]
    assert score.raw == pytest.approx(250 + 250 * 14 / 19)
    assert score.scaled == round(200 + 0.4 * score.raw) == 374


def test_no_submission_scores_zero_and_the_scale_starts_at_200():
    score = scoring.score(None, level_count=4)
    assert score.raw == 0 and score.scaled == 200
    assert scoring.scaled(1000) == 600
