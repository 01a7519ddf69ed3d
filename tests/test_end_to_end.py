"""Whole sessions on the shipped problems, graded for real: the candidate's story from start to report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from oa_sim import languages
from oa_sim.problem import catalog as problems
from oa_sim.problem.mutants import load as load_mutants
from oa_sim.cli import Env, cli

BIN = Path(sys.executable).parent
PYTHON = languages.get("python")


def reference(problem) -> str:
    return problem.solutions["python"].reference.read_text()


def oa_sim(*args: str, cwd: Path, clock=None):
    env = Env(cwd=cwd) if clock is None else Env(cwd=cwd, clock=clock)
    return CliRunner().invoke(cli, list(args), obj=env, catch_exceptions=False)


def _problem_variants() -> list:
    found = []
    for folder in problems.discover():
        problem = problems.load(folder)
        found += [pytest.param(problem.id, variant, id=f"{problem.id}-{variant}" if variant else problem.id)
                  for variant in problem.variants or (None,)]
    return found


@pytest.mark.parametrize("problem_id, variant", _problem_variants())
def test_all_four_levels_with_the_reference_solution(tmp_path, problem_id, variant):
    problem = problems.find(problem_id).with_variant(variant)
    started = oa_sim("start", problem_id, *(["--variant", variant] if variant else []), cwd=tmp_path)
    assert started.exit_code == 0, started.output
    folder = tmp_path / problem_id
    impl = folder / PYTHON.solution_file(problem)

    # the untouched starter fails level 1 and unlocks nothing
    assert oa_sim("submit", cwd=folder).exit_code == 1
    assert not (folder / "LEVEL_2.md").exists()

    impl.write_text(reference(problem))
    for level in range(1, 5):
        sample = oa_sim("test", cwd=folder)
        assert sample.exit_code == 0, sample.output
        submitted = oa_sim("submit", cwd=folder)
        assert submitted.exit_code == 0, submitted.output
        if level < 4:
            assert f"Level {level + 1} is unlocked" in submitted.output
            assert (folder / f"LEVEL_{level + 1}.md").exists()
            assert (folder / "tests" / f"test_level_{level + 1}.py").exists()
    assert "All 4 levels passed" in submitted.output

    assert oa_sim("finish", cwd=folder).exit_code == 0
    report = json.loads(oa_sim("report", "--json", cwd=folder).output)
    assert report["score"]["raw"] == 1000 and report["score"]["scaled"] == 600
    assert [level["status"] for level in report["levels"]] == ["passed"] * 4
    assert [level["submissions"] for level in report["levels"]] == [2, 1, 1, 1]
    for level, facts in zip(report["levels"], problem.levels):
        assert level["tests_passed"] == level["tests_total"] == facts.hidden_count(PYTHON.native_test_suffix)


def test_a_level_four_refactor_that_breaks_level_one_costs_its_points(tmp_path):
    problem = problems.find("inmemory-db")
    oa_sim("start", "inmemory-db", cwd=tmp_path)
    folder = tmp_path / "inmemory-db"
    impl = folder / PYTHON.solution_file(problem)
    impl.write_text(reference(problem))
    for _ in range(3):
        assert oa_sim("submit", cwd=folder).exit_code == 0
    broken = next(m for m in load_mutants(problem.solutions["python"]) if m.name == "l1_delete_missing_field_true")
    impl.write_text(broken.source())
    result = oa_sim("submit", cwd=folder)
    assert result.exit_code == 1
    assert "Level 1: 14/17 hidden tests passed" in result.output and "Level 4 (current)" in result.output
    report = json.loads(oa_sim("report", "--json", cwd=folder).output)
    level_1 = report["levels"][0]
    assert level_1["status"] == "passed"  # it passed once; the score still follows the last submission
    assert level_1["tests_passed"] < level_1["tests_total"]
    assert report["score"]["raw"] < 1000


def test_the_candidates_sample_tests_run_with_plain_pytest(tmp_path):
    problem = problems.find("inmemory-db")
    oa_sim("start", "inmemory-db", cwd=tmp_path)
    folder = tmp_path / "inmemory-db"
    (folder / PYTHON.solution_file(problem)).write_text(reference(problem))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=folder, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 passed" in run.stdout


@pytest.mark.skipif(not (BIN / "oa-sim").exists(), reason="oa-sim is not installed in this environment")
def test_installed_command_runs_a_session_and_refuses_a_late_submit(tmp_path, oa_sim_home):
    """Real processes and real time: a session of a few seconds, a submit in time, one too late."""
    env = {**os.environ, "OA_SIM_HOME": str(oa_sim_home), "COLUMNS": "100"}

    def run(*args, cwd=tmp_path):
        return subprocess.run([str(BIN / "oa-sim"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)

    assert "inmemory-db" in run("list").stdout
    started = run("start", "inmemory-db", "--time-limit", "4s")
    assert started.returncode == 0, started.stderr
    folder = tmp_path / "inmemory-db"
    shutil.copy(problems.find("inmemory-db").solutions["python"].reference, folder / "in_memory_db_impl.py")
    in_time = run("submit", cwd=folder)
    assert in_time.returncode == 0, in_time.stdout + in_time.stderr
    assert "Level 2 is unlocked" in in_time.stdout
    time.sleep(max(0.0, 4.2 - 0))  # let the session's clock run out
    late = run("submit", cwd=folder)
    assert late.returncode == 4
    assert "Time is up" in late.stderr and "Traceback" not in late.stderr
    status = json.loads(run("status", "--json", cwd=folder).stdout)
    assert status["over"] is True and status["score"]["raw"] == 250


def test_sample_tests_are_each_listed_and_one_can_be_run_alone(tmp_path):
    """`oa-sim test` marks every sample test, passed ones too; `oa-sim test NAME` runs the matching ones."""
    toy_dirs = ["--problems-dir", str(Path(__file__).parent / "fixtures" / "problems")]
    assert oa_sim(*toy_dirs, "start", "toy", cwd=tmp_path).exit_code == 0
    folder = tmp_path / "toy"
    (folder / "counter_impl.py").write_text((Path(__file__).parent / "fixtures" / "problems" / "toy" / "solutions" / "python" / "reference.py").read_text())
    assert oa_sim(*toy_dirs, "submit", cwd=folder).exit_code == 0  # level 2 unlocks: two sample files
    everything = oa_sim(*toy_dirs, "test", cwd=folder)
    assert everything.exit_code == 0, everything.output
    assert "✔ add_then_get" in everything.output and "✔ reset_existing" in everything.output
    alone = oa_sim(*toy_dirs, "test", "reset", cwd=folder)
    assert alone.exit_code == 0 and "reset_existing" in alone.output and "add_then_get" not in alone.output
    assert "add_then_get" in oa_sim(*toy_dirs, "test", "-k", "add_then", cwd=folder).output
    unknown = oa_sim(*toy_dirs, "test", "nothing_like_it", cwd=folder)
    assert unknown.exit_code == 2
    assert "No sample test of the unlocked levels or your sandbox is named like 'nothing_like_it'" in unknown.output
    assert "add_then_get, reset_existing" in unknown.output
