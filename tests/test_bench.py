"""The benchmark's own parts: its registry of figures, and baselines that do grade the same cases.

No figure is timed here (the machines are noisy); these check that a baseline really plays the
hidden cases, so a ratio against it means what its name says.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO))

from bench import measure, run  # noqa: E402
from bench.submit import VARIANT, bare_pytest, bare_pytest_folder, floor_folder, hidden_case_files  # noqa: E402
from oa_sim.problem import catalog  # noqa: E402
from oa_sim.problem.cases import load_cases  # noqa: E402


def test_every_module_of_figures_is_found_and_names_its_figures_once():
    groups = run.load_groups()
    names = [name for group in groups for name in group.names]
    assert len(names) == len(set(names))
    for expected in ("submit, level 4 (all four hidden suites)", "submit, level 4, against the floor",
                     "watch, a run after a save", "history, 10,000 sessions", "submit, 10,000 hidden tests: peak memory"):
        assert expected in names
    assert [group.order for group in groups] == sorted(group.order for group in groups)


def test_a_figure_meets_its_target_by_ratio_and_shows_its_unit():
    fast = measure.Figure("f", 0.2, "base", 0.19, 1.10)
    assert fast.met and round(fast.ratio, 3) == 1.053 and fast.shown(fast.value).strip() == "200 ms"
    heavy = measure.Figure("m", 160 * measure.MIB, "base", 100 * measure.MIB, 1.5, unit="MiB")
    assert not heavy.met and heavy.shown(heavy.value).strip() == "160 MiB"


@pytest.fixture(scope="module")
def level_4():
    return catalog.find("inmemory-db").with_variant(VARIANT)


def wrong(folder):
    """Break the copy of the reference in a baseline folder: its answers to ``get`` go wrong."""
    solution = folder / "in_memory_db_impl.py"
    solution.write_text(solution.read_text() + "\nInMemoryDBImpl.get = lambda self, *args: 'wrong'\n")


def test_the_floor_plays_every_case_and_fails_a_wrong_solution(tmp_path, level_4):
    folder = floor_folder(level_4, range(1, 5), tmp_path / "floor")
    assert subprocess.run([sys.executable, "floor.py"], cwd=folder, capture_output=True).returncode == 0
    wrong(folder)
    failed = subprocess.run([sys.executable, "floor.py"], cwd=folder, capture_output=True, text=True)
    assert failed.returncode == 1 and "wrong answer" in failed.stderr


def test_bare_pytest_runs_every_hidden_case_and_fails_a_wrong_solution(tmp_path, level_4):
    cases = sum(len(load_cases(path)) for path in hidden_case_files(level_4, range(1, 5)))
    folder = bare_pytest_folder(level_4, range(1, 5), tmp_path / "bare")
    done = subprocess.run(bare_pytest(folder), cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0 and f"{cases} passed" in done.stdout, done.stdout[-500:]
    wrong(folder)
    assert subprocess.run(bare_pytest(folder), cwd=folder, capture_output=True).returncode == 1
