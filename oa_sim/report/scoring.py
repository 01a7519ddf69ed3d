"""Points from results, as the real assessment counts them. Pure: no I/O, no clock.

Each level is worth 250 points, split equally among its hidden tests (1000 in all). The 200-600
figure is only an approximation of the real scaled score: ``200 + 0.4 * raw``. A drill scores only
the levels it drills (``Score.first`` on), out of 250 each, and shows no 200-600 figure.
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


def raw_points(tallies: dict[int, tuple[int, int]], level_count: int, first: int = 1) -> float:
    """The raw score of a submission from its kept tallies (level -> passed, graded), counting
    levels from ``first`` on (a drill's earlier levels are given, not earned), as ``Score.raw`` does."""
    return sum(level_points(*tallies.get(level, (0, 0))) for level in range(first, level_count + 1))


@dataclass(frozen=True)
class Score:
    """A submission's points. ``first`` is the first level scored: 1, or a drill's level, whose
    earlier levels were given rather than earned and so count for nothing (though still graded)."""

    levels: tuple[LevelScore, ...]
    first: int = 1

    @property
    def scored(self) -> tuple[LevelScore, ...]:
        return tuple(level for level in self.levels if level.level >= self.first)

    @property
    def raw(self) -> float:
        return sum(level.points for level in self.scored)

    @property
    def scaled(self) -> int:
        """The 200-600 figure. For a drill it is the same sum of its raw points, which estimates
        nothing (that scale is for a whole session), so the reports do not show it."""
        return scaled(self.raw)

    @property
    def maximum(self) -> int:
        return POINTS_PER_LEVEL * len(self.scored)


def scaled(raw: float) -> int:
    """The approximate 200-600 figure for a raw score out of 1000."""
    return round(SCALE_BASE + SCALE_FACTOR * raw)


def score(results: RunResult | None, level_count: int, first: int = 1) -> Score:
    """Score one submission's results from level ``first`` on; levels it did not grade earn nothing."""
    levels = []
    for level in range(1, level_count + 1):
        tests = results.for_level(level) if results else ()
        levels.append(LevelScore(level, sum(1 for t in tests if t.passed), len(tests)))
    return Score(tuple(levels), first)
