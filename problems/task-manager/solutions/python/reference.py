"""Reference solution for the task manager, all four levels."""

from __future__ import annotations

import heapq
import itertools
from typing import NamedTuple

from task_manager import TaskManager


class _Task:
    """A task and its whole life: current values, its active assignment and its event log."""

    def __init__(self, number: int, name: str, priority: int) -> None:
        self.number = number  # creation order: ties are broken by it
        self.id = f"task{number}"
        self.name = name
        self.priority = priority
        self.removed = False
        self.assignment: _Assignment | None = None  # the active one, if any
        self.history: list[str] = []

    def describe(self) -> str:
        return f"{self.id}({self.name}, {self.priority})"


class _User:
    def __init__(self, user_id: str, quota: int) -> None:
        self.id = user_id
        self.quota = quota
        self.active: dict[str, _Assignment] = {}  # task id -> active assignment
        self.overdue: list[str] = []  # task ids, in the order their assignments expired


class _Assignment(NamedTuple):
    task: _Task
    user: _User
    deadline: int


class TaskManagerImpl(TaskManager):
    def __init__(self) -> None:
        self._tasks: dict[str, _Task] = {}  # every task ever added, removed ones included
        self._users: dict[str, _User] = {}
        self._deadlines: list[tuple[int, int, int, _Assignment]] = []  # (deadline, task number, seq, assignment)
        self._seq = itertools.count()

    def _expire(self, timestamp: int) -> None:
        """End every assignment due at or before ``timestamp``, in deadline order, before the call runs."""
        while self._deadlines and self._deadlines[0][0] <= timestamp:
            deadline, _, _, assignment = heapq.heappop(self._deadlines)
            task = assignment.task
            if task.assignment is not assignment:
                continue  # completed, or cancelled by a removal, before its deadline
            self._end(assignment)
            assignment.user.overdue.append(task.id)
            task.history.append(f"{deadline}: expired for {assignment.user.id}")

    def _end(self, assignment: _Assignment) -> None:
        assignment.task.assignment = None
        del assignment.user.active[assignment.task.id]

    def _live(self, timestamp: int, task_id: str) -> _Task | None:
        self._expire(timestamp)
        task = self._tasks.get(task_id)
        return None if task is None or task.removed else task

    # -- level 1 ---------------------------------------------------------------

    def add_task(self, timestamp: int, name: str, priority: int) -> str | None:
        self._expire(timestamp)
        if priority < 1:
            return None
        task = _Task(len(self._tasks) + 1, name, priority)
        self._tasks[task.id] = task
        task.history.append(f"{timestamp}: created with priority {priority}")
        return task.id

    def update_priority(self, timestamp: int, task_id: str, priority: int) -> bool:
        task = self._live(timestamp, task_id)
        if task is None or priority < 1:
            return False
        task.history.append(f"{timestamp}: priority changed from {task.priority} to {priority}")
        task.priority = priority
        return True

    def get_task(self, timestamp: int, task_id: str) -> str | None:
        task = self._live(timestamp, task_id)
        return None if task is None else task.describe()

    def remove_task(self, timestamp: int, task_id: str) -> bool:
        task = self._live(timestamp, task_id)
        if task is None:
            return False
        if task.assignment is not None:
            self._end(task.assignment)  # cancelled: frees the quota, never overdue
        task.removed = True
        task.history.append(f"{timestamp}: removed")
        return True

    # -- level 2 ---------------------------------------------------------------

    def top_tasks(self, timestamp: int, n: int) -> list[str]:
        return self.search_tasks(timestamp, "", n)

    def search_tasks(self, timestamp: int, query: str, n: int) -> list[str]:
        self._expire(timestamp)
        if n <= 0:
            return []
        found = [t for t in self._tasks.values() if not t.removed and query in t.name]
        found.sort(key=lambda t: (-t.priority, t.number))
        return [t.describe() for t in found[:n]]

    # -- level 3 ---------------------------------------------------------------

    def add_user(self, timestamp: int, user_id: str, quota: int) -> bool:
        self._expire(timestamp)
        if user_id in self._users or quota < 1:
            return False
        self._users[user_id] = _User(user_id, quota)
        return True

    def assign_task(self, timestamp: int, user_id: str, task_id: str, deadline: int) -> bool:
        task = self._live(timestamp, task_id)
        user = self._users.get(user_id)
        if task is None or user is None or deadline <= timestamp:
            return False
        if task.assignment is not None or len(user.active) >= user.quota:
            return False
        assignment = _Assignment(task, user, deadline)
        task.assignment = assignment
        user.active[task.id] = assignment
        heapq.heappush(self._deadlines, (deadline, task.number, next(self._seq), assignment))
        task.history.append(f"{timestamp}: assigned to {user_id} until {deadline}")
        return True

    def complete_task(self, timestamp: int, user_id: str, task_id: str) -> bool:
        task = self._live(timestamp, task_id)
        if task is None or task.assignment is None or task.assignment.user.id != user_id:
            return False
        self._end(task.assignment)
        task.history.append(f"{timestamp}: completed by {user_id}")
        return True

    def get_user_tasks(self, timestamp: int, user_id: str) -> list[str]:
        self._expire(timestamp)
        user = self._users.get(user_id)
        if user is None:
            return []
        active = sorted(user.active.values(), key=lambda a: (a.deadline, a.task.number))
        return [a.task.describe() for a in active]

    # -- level 4 ---------------------------------------------------------------

    def get_overdue_tasks(self, timestamp: int, user_id: str) -> list[str]:
        self._expire(timestamp)
        user = self._users.get(user_id)
        return [] if user is None else list(user.overdue)

    def get_task_history(self, timestamp: int, task_id: str) -> list[str]:
        self._expire(timestamp)
        task = self._tasks.get(task_id)
        return [] if task is None else list(task.history)
