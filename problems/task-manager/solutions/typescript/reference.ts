// Reference solution: all four levels of the task manager.

import { TaskManager } from './task-manager';

// A task and its whole life: current values, its active assignment and its event log.
class Task {
  readonly id: string;
  removed = false;
  assignment: Assignment | null = null; // the active one, if any
  readonly history: string[] = [];

  constructor(
    readonly number: number, // creation order: ties are broken by it
    readonly name: string,
    public priority: number,
  ) {
    this.id = `task${number}`;
  }

  describe(): string {
    return `${this.id}(${this.name}, ${this.priority})`;
  }
}

interface User {
  id: string;
  quota: number;
  active: Map<string, Assignment>; // task id -> active assignment
  overdue: string[]; // task ids, in the order their assignments expired
}

interface Assignment {
  task: Task;
  user: User;
  deadline: number;
  seq: number;
}

const before = (a: Assignment, b: Assignment): boolean =>
  a.deadline !== b.deadline ? a.deadline < b.deadline : a.task.number !== b.task.number ? a.task.number < b.task.number : a.seq < b.seq;

// Assignments in order of (deadline, task number, sequence): a binary min-heap, since the
// language has none of its own.
class DeadlineHeap {
  private readonly items: Assignment[] = [];

  peek(): Assignment | null {
    return this.items.length > 0 ? this.items[0] : null;
  }

  push(item: Assignment): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): Assignment {
    const items = this.items;
    const top = items[0];
    const last = items.pop() as Assignment;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && before(items[left], items[smallest])) smallest = left;
        if (right < items.length && before(items[right], items[smallest])) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}

const byRank = (a: Task, b: Task): number => b.priority - a.priority || a.number - b.number;

export class TaskManagerImpl extends TaskManager {
  private readonly tasks = new Map<string, Task>(); // every task ever added, removed ones included
  private readonly users = new Map<string, User>();
  private readonly deadlines = new DeadlineHeap();
  private seq = 0;

  // Helpers

  // End every assignment due at or before timestamp, in deadline order, before the call runs.
  private expire(timestamp: number): void {
    for (let next = this.deadlines.peek(); next !== null && next.deadline <= timestamp; next = this.deadlines.peek()) {
      const assignment = this.deadlines.pop();
      const task = assignment.task;
      if (task.assignment !== assignment) continue; // completed, or cancelled by a removal
      this.end(assignment);
      assignment.user.overdue.push(task.id);
      task.history.push(`${assignment.deadline}: expired for ${assignment.user.id}`);
    }
  }

  private end(assignment: Assignment): void {
    assignment.task.assignment = null;
    assignment.user.active.delete(assignment.task.id);
  }

  private live(timestamp: number, taskId: string): Task | null {
    this.expire(timestamp);
    const task = this.tasks.get(taskId);
    return task === undefined || task.removed ? null : task;
  }

  // Level 1

  addTask(timestamp: number, name: string, priority: number): string | null {
    this.expire(timestamp);
    if (priority < 1) {
      return null;
    }
    const task = new Task(this.tasks.size + 1, name, priority);
    this.tasks.set(task.id, task);
    task.history.push(`${timestamp}: created with priority ${priority}`);
    return task.id;
  }

  updatePriority(timestamp: number, taskId: string, priority: number): boolean {
    const task = this.live(timestamp, taskId);
    if (task === null || priority < 1) {
      return false;
    }
    task.history.push(`${timestamp}: priority changed from ${task.priority} to ${priority}`);
    task.priority = priority;
    return true;
  }

  getTask(timestamp: number, taskId: string): string | null {
    const task = this.live(timestamp, taskId);
    return task === null ? null : task.describe();
  }

  removeTask(timestamp: number, taskId: string): boolean {
    const task = this.live(timestamp, taskId);
    if (task === null) {
      return false;
    }
    if (task.assignment !== null) {
      this.end(task.assignment); // cancelled: frees the quota, never overdue
    }
    task.removed = true;
    task.history.push(`${timestamp}: removed`);
    return true;
  }

  // Level 2

  topTasks(timestamp: number, n: number): string[] {
    return this.searchTasks(timestamp, '', n);
  }

  searchTasks(timestamp: number, query: string, n: number): string[] {
    this.expire(timestamp);
    if (n <= 0) {
      return [];
    }
    return [...this.tasks.values()]
      .filter((task) => !task.removed && task.name.includes(query))
      .sort(byRank)
      .slice(0, n)
      .map((task) => task.describe());
  }

  // Level 3

  addUser(timestamp: number, userId: string, quota: number): boolean {
    this.expire(timestamp);
    if (this.users.has(userId) || quota < 1) {
      return false;
    }
    this.users.set(userId, { id: userId, quota, active: new Map(), overdue: [] });
    return true;
  }

  assignTask(timestamp: number, userId: string, taskId: string, deadline: number): boolean {
    const task = this.live(timestamp, taskId);
    const user = this.users.get(userId);
    if (task === null || user === undefined || deadline <= timestamp) {
      return false;
    }
    if (task.assignment !== null || user.active.size >= user.quota) {
      return false;
    }
    const assignment: Assignment = { task, user, deadline, seq: this.seq++ };
    task.assignment = assignment;
    user.active.set(task.id, assignment);
    this.deadlines.push(assignment);
    task.history.push(`${timestamp}: assigned to ${userId} until ${deadline}`);
    return true;
  }

  completeTask(timestamp: number, userId: string, taskId: string): boolean {
    const task = this.live(timestamp, taskId);
    if (task === null || task.assignment === null || task.assignment.user.id !== userId) {
      return false;
    }
    this.end(task.assignment);
    task.history.push(`${timestamp}: completed by ${userId}`);
    return true;
  }

  getUserTasks(timestamp: number, userId: string): string[] {
    this.expire(timestamp);
    const user = this.users.get(userId);
    if (user === undefined) {
      return [];
    }
    return [...user.active.values()]
      .sort((a, b) => a.deadline - b.deadline || a.task.number - b.task.number)
      .map((assignment) => assignment.task.describe());
  }

  // Level 4

  getOverdueTasks(timestamp: number, userId: string): string[] {
    this.expire(timestamp);
    const user = this.users.get(userId);
    return user === undefined ? [] : [...user.overdue];
  }

  getTaskHistory(timestamp: number, taskId: string): string[] {
    this.expire(timestamp);
    const task = this.tasks.get(taskId);
    return task === undefined ? [] : [...task.history];
  }
}
