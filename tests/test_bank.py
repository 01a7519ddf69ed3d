"""docs/bank.md lists the problem bank as it is: every problem and variant, each level's title,
budget and hidden tests, so the list cannot drift from the folders."""

from __future__ import annotations

from pathlib import Path

from oa_sim.durations import format_duration
from oa_sim.problem import catalog
from oa_sim.problem.cases import load_cases

BANK = Path(__file__).resolve().parent.parent / "docs" / "bank.md"


def bank_rows() -> list[tuple[str, str, list[str]]]:
    """(problem id, variant or "-", a cell a level) for each problem and variant, as bank.md writes them."""
    rows = []
    for folder in catalog.discover():
        problem = catalog.load(folder)
        for variant in problem.variants or (None,):
            seen = problem.with_variant(variant)
            cells = [f"{level.title} · {format_duration(level.budget)} · {level.hidden_count()}" for level in seen.levels]
            rows.append((problem.id, variant or "-", cells))
    return rows


def test_every_problem_and_variant_is_listed_with_its_levels():
    text = BANK.read_text()
    missing = []
    for problem_id, variant, cells in bank_rows():
        row = f"| `{problem_id}` | {variant} | " + " | ".join(cells) + " |"
        if row not in text:
            missing.append(row)
    assert not missing, "docs/bank.md lacks (or differs on) these rows:\n" + "\n".join(missing)


def test_the_bank_has_at_least_eight_problems_of_four_levels_each_sized_like_the_real_thing():
    problems = [catalog.load(folder) for folder in catalog.discover()]
    assert len(problems) >= 8
    for problem in problems:
        for variant in problem.variants or (None,):
            seen = problem.with_variant(variant)
            assert len(seen.levels) == 4, problem.id
            assert all(10 <= level.hidden_count() for level in seen.levels), (problem.id, variant)
            visible = [sum(len(load_cases(path)) for path in level.visible) for level in seen.levels]
            assert all(2 <= count <= 4 for count in visible), (problem.id, variant, visible)
            assert sum(level.budget for level in seen.levels) > problem.time_limit, problem.id  # more than the clock, on purpose
            minutes = [level.budget / 60 for level in seen.levels]
            ranges = [(10, 15), (20, 30), (30, 60), (30, 60)]  # the effort the real assessment publishes
            assert all(low <= spent <= high for spent, (low, high) in zip(minutes, ranges)), (problem.id, variant, minutes)
