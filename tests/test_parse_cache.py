"""Parsed case files kept in the cache folder: used only under their own key, never needed."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from oa_sim.grading import grade
from oa_sim.problem import parse_cache
from oa_sim.problem.cases import parse_cases
from test_grading import LEVEL_1, LEVEL_2, SOLUTIONS, outcomes, request_for

SCALE = """\
cases:
  - name: many
    description: Many calls.
    steps:
      - {repeat: 500, step: [inc, [1], {from: 1}]}
"""


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "cases").glob("*.json"))


def test_a_second_read_comes_from_the_cache_and_gives_the_same_cases(tmp_path):
    digest = hashlib.sha256(SCALE.encode()).hexdigest()
    first = parse_cache.cases(SCALE, "scale.yaml", digest, tmp_path)
    assert [entry.name for entry in entries(tmp_path)] == [f"{digest}.json"]
    second = parse_cache.cases(SCALE, "scale.yaml", digest, tmp_path)
    assert second == first == parse_cases(SCALE, "scale.yaml")
    assert second[0].steps[-1] == ("inc", (1,), 500)


def test_an_entry_under_another_key_is_never_used(tmp_path):
    """An entry whose key is not the checksum of the bytes graded (renamed, or from an older
    oa-sim) is parsed afresh and replaced, so no edit of a case file ever meets a stale parse."""
    digest = hashlib.sha256(LEVEL_1.encode()).hexdigest()
    parse_cache.cases(LEVEL_1, "level_1.yaml", digest, tmp_path)
    [entry] = entries(tmp_path)
    kept = json.loads(entry.read_text())
    kept["body"][0][2][0][2] = 99  # an expected value changed...
    kept["key"] = "0" * 64 + kept["key"][64:]  # ...under a key that is not this file's
    entry.write_text(json.dumps(kept))
    cases = parse_cache.cases(LEVEL_1, "level_1.yaml", digest, tmp_path)
    assert cases[0].steps[0].expected == 0
    assert json.loads(entry.read_text())["key"].startswith(digest)


@pytest.mark.parametrize("damage", ["{not json", '{"key": 1}', "[]", ""])
def test_a_damaged_entry_is_parsed_afresh(tmp_path, damage):
    digest = hashlib.sha256(LEVEL_1.encode()).hexdigest()
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / f"{digest}.json").write_text(damage)
    assert parse_cache.cases(LEVEL_1, "level_1.yaml", digest, tmp_path) == parse_cases(LEVEL_1, "level_1.yaml")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_cache_folder_that_cannot_be_written_only_costs_speed(tmp_path, suites_and_cache):
    suites, cache = suites_and_cache
    cache.mkdir()
    cache.chmod(0o500)
    try:
        result = grade(replace(request_for((SOLUTIONS / "correct.py").read_text(), suites), cache_dir=str(cache)))
    finally:
        cache.chmod(0o700)
    assert set(outcomes(result).values()) == {"passed"}
    assert entries(cache) == []


def test_a_cache_path_that_is_a_file_only_costs_speed(suites_and_cache):
    suites, cache = suites_and_cache
    cache.write_text("not a folder")
    result = grade(replace(request_for((SOLUTIONS / "correct.py").read_text(), suites), cache_dir=str(cache)))
    assert set(outcomes(result).values()) == {"passed"}


def test_grading_twice_with_a_cache_gives_the_same_verdicts(suites_and_cache):
    suites, cache = suites_and_cache
    request = replace(request_for((SOLUTIONS / "wrong_answer.py").read_text(), suites), cache_dir=str(cache))
    first = grade(request)
    assert len(entries(cache)) == 2
    second = grade(request)
    assert outcomes(second) == outcomes(first) and "failed" in outcomes(first).values()
    assert [t.message for t in second.tests] == [t.message for t in first.tests]


@pytest.fixture
def suites_and_cache(tmp_path):
    from oa_sim.grading.results import Suite

    (tmp_path / "level_1.yaml").write_text(LEVEL_1)
    (tmp_path / "level_2.yaml").write_text(LEVEL_2)
    return (Suite(1, (tmp_path / "level_1.yaml",)), Suite(2, (tmp_path / "level_2.yaml",))), tmp_path / "cache"


def test_a_yaml_files_data_is_kept_only_when_json_carries_it_exactly(tmp_path):
    from oa_sim.problem.yaml_text import load_yaml

    plain = "id: toy\nlevels:\n  - title: Counting\n    budget: 15m\n"
    assert parse_cache.data(plain, tmp_path, load_yaml) == load_yaml(plain)
    assert len(list((tmp_path / "data").glob("*.json"))) == 1
    calls = []
    assert parse_cache.data(plain, tmp_path, lambda text: calls.append(text)) == load_yaml(plain)
    assert calls == []  # read back, not parsed again
    numbered = "budgets:\n  1: 15m\n  2: 20m\n"  # integer keys: JSON would turn them into strings
    assert parse_cache.data(numbered, tmp_path, load_yaml) == {"budgets": {1: "15m", 2: "20m"}}
    assert parse_cache.data(numbered, tmp_path, load_yaml) == {"budgets": {1: "15m", 2: "20m"}}
    assert len(list((tmp_path / "data").glob("*.json"))) == 1


def test_an_edited_problem_file_is_read_afresh(run, oa_sim_home, problems_dir):
    run("start", "toy")
    assert "Level 1 of 2: Counting" in run("spec", cwd=run.cwd / "toy").output
    spec = problems_dir / "toy" / "problem.yaml"
    spec.write_text(spec.read_text().replace("title: Counting", "title: Tallying"))
    shown = run("spec", cwd=run.cwd / "toy").output
    assert "Level 1 of 2: Tallying" in shown and "Level 1 of 2: Counting" not in shown
