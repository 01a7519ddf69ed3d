"""Workers kept in a list and searched from the start on every call."""

from __future__ import annotations

from bisect import bisect_right

from time_tracker import TimeTracker


class _Worker:
    """One worker: what they hold now, a promotion waiting for their entry, and every session."""

    def __init__(self, worker_id: str, position: str, compensation: int) -> None:
        self.id = worker_id
        self.position = position
        self.compensation = compensation
        self.pending: tuple[str, int] | None = None  # (position, compensation) from the next entry on
        self.entered_at: int | None = None  # set while the worker is inside
        # Completed sessions as (entry, exit, compensation): level 4's double pay can reach back
        # into any of them, so a running salary total would not do.
        self.sessions: list[tuple[int, int, int]] = []
        self.time_worked = 0


class TimeTrackerImpl(TimeTracker):
    def __init__(self) -> None:
        self._workers: list[_Worker] = []
        # Double-pay periods merged into disjoint [start, end) intervals, sorted by start.
        self._double_starts: list[int] = []
        self._double_ends: list[int] = []

    def _find(self, worker_id: str) -> _Worker | None:
        for worker in self._workers:
            if worker.id == worker_id:
                return worker
        return None

    # -- level 1 ---------------------------------------------------------------

    def add_worker(self, worker_id: str, position: str, compensation: int) -> bool:
        if self._find(worker_id) is not None or compensation <= 0:
            return False
        self._workers.append(_Worker(worker_id, position, compensation))
        return True

    def register(self, worker_id: str, timestamp: int) -> bool:
        worker = self._find(worker_id)
        if worker is None:
            return False
        if worker.entered_at is None:
            if worker.pending is not None:  # a promotion takes effect as the worker comes in
                worker.position, worker.compensation = worker.pending
                worker.pending = None
            worker.entered_at = timestamp
        else:
            worker.sessions.append((worker.entered_at, timestamp, worker.compensation))
            worker.time_worked += timestamp - worker.entered_at
            worker.entered_at = None
        return True

    def get_time_worked(self, worker_id: str) -> int | None:
        worker = self._find(worker_id)
        return None if worker is None else worker.time_worked

    # -- level 2 ---------------------------------------------------------------

    def top_workers(self, n: int, position: str) -> list[str]:
        if n <= 0:
            return []
        holders = [worker for worker in self._workers if worker.position == position]
        holders.sort(key=lambda worker: (-worker.time_worked, worker.id))
        return [f"{worker.id}({worker.time_worked})" for worker in holders[:n]]

    # -- level 3 ---------------------------------------------------------------

    def promote(self, worker_id: str, new_position: str, new_compensation: int) -> bool:
        worker = self._find(worker_id)
        if worker is None or worker.pending is not None or new_compensation <= 0:
            return False
        worker.pending = (new_position, new_compensation)
        return True

    def get_salary(self, worker_id: str, start: int, end: int) -> int | None:
        worker = self._find(worker_id)
        if worker is None:
            return None
        salary = 0
        for entry, exit_, compensation in worker.sessions:
            low, high = max(entry, start), min(exit_, end)
            if low < high:
                # Every moment is paid once, and once more when it falls in a double-pay period.
                salary += compensation * (high - low + self._double_time(low, high))
        return salary

    # -- level 4 ---------------------------------------------------------------

    def add_double_pay(self, start: int, end: int) -> bool:
        if start >= end:
            return False
        starts, ends = [], []
        for period_start, period_end in zip(self._double_starts, self._double_ends):
            if period_end < start or end < period_start:  # apart: keep as it is
                starts.append(period_start)
                ends.append(period_end)
            else:  # overlapping or touching: swallow it into the new period
                start, end = min(start, period_start), max(end, period_end)
        index = bisect_right(starts, start)
        starts.insert(index, start)
        ends.insert(index, end)
        self._double_starts, self._double_ends = starts, ends
        return True

    def _double_time(self, start: int, end: int) -> int:
        """How much of [start, end) lies inside double-pay periods."""
        covered = 0
        # The periods are disjoint and sorted: begin at the last one starting at or before start.
        index = max(bisect_right(self._double_starts, start) - 1, 0)
        while index < len(self._double_starts) and self._double_starts[index] < end:
            overlap = min(end, self._double_ends[index]) - max(start, self._double_starts[index])
            covered += max(overlap, 0)
            index += 1
        return covered
