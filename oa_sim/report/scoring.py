"""Points from results, as the real assessment counts them. Pure: no I/O, no clock.

Each level is worth 250 points, split equally among its hidden tests (1000 in all). The 200-600
figure is only an approximation of the real scaled score: ``200 + 0.4 * raw``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oa_sim.grading.results import RunResult

POINTS_PER_LEVEL = 250
SCALE_BASE = 200
SCALE_FACTOR = 0.4


@dataclass(frozen=True)
class LevelScore:
    level: int
    passed: int
    total: int

    @property
    def points(self) -> float:
        return level_points(self.passed, self.total)


def level_points(passed: int, total: int) -> float:
    """A level's share of its 250 points: split equally among its hidden tests (none graded: 0)."""
    return POINTS_PER_LEVEL * passed / total if total else 0.0


def raw_points(tallies: dict[int, tuple[int, int]], level_count: int) -> float:
    """The raw score of a submission from its kept tallies (level -> passed, graded)."""
    return sum(level_points(*tallies.get(level, (0, 0))) for level in range(1, level_count + 1))


@dataclass(frozen=True)
class Score:
    levels: tuple[LevelScore, ...]

    @property
    def raw(self) -> float:
        return sum(level.points for level in self.levels)

    @property
    def scaled(self) -> int:
        return scaled(self.raw)

    @property
    def maximum(self) -> int:
        return POINTS_PER_LEVEL * len(self.levels)


def scaled(raw: float) -> int:
    """The approximate 200-600 figure for a raw score out of 1000."""
    return round(SCALE_BASE + SCALE_FACTOR * raw)


def score(results: RunResult | None, level_count: int) -> Score:
    """Score one submission's results; levels it did not grade earn nothing."""
    levels = []
    for level in range(1, level_count + 1):
        tests = results.for_level(level) if results else ()
        levels.append(LevelScore(level, sum(1 for t in tests if t.passed), len(tests)))
    return Score(tuple(levels))
