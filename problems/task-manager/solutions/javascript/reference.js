'use strict';

// Reference solution: all four levels of the task manager.

const { TaskManager } = require('./task-manager');

// A task and its whole life: current values, its active assignment and its event log.
class Task {
  constructor(number, name, priority) {
    this.number = number; // creation order: ties are broken by it
    this.id = `task${number}`;
    this.name = name;
    this.priority = priority;
    this.removed = false;
    this.assignment = null; // the active one, if any
    this.history = [];
  }

  describe() {
    return `${this.id}(${this.name}, ${this.priority})`;
  }
}

// Assignments in order of (deadline, task number, sequence): a binary min-heap, since JavaScript
// has none of its own.
class DeadlineHeap {
  constructor() {
    this.items = [];
  }

  static before(a, b) {
    if (a.deadline !== b.deadline) return a.deadline < b.deadline;
    if (a.task.number !== b.task.number) return a.task.number < b.task.number;
    return a.seq < b.seq;
  }

  peek() {
    return this.items.length > 0 ? this.items[0] : null;
  }

  push(item) {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!DeadlineHeap.before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && DeadlineHeap.before(items[left], items[smallest])) smallest = left;
        if (right < items.length && DeadlineHeap.before(items[right], items[smallest])) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}

const byRank = (a, b) => b.priority - a.priority || a.number - b.number;

class TaskManagerImpl extends TaskManager {
  constructor() {
    super();
    this.tasks = new Map(); // every task ever added, removed ones included
    this.users = new Map(); // user id -> { id, quota, active: Map(task id -> assignment), overdue: [task ids] }
    this.deadlines = new DeadlineHeap();
    this.seq = 0;
  }

  // Helpers

  // End every assignment due at or before timestamp, in deadline order, before the call runs.
  expire(timestamp) {
    while (this.deadlines.peek() !== null && this.deadlines.peek().deadline <= timestamp) {
      const assignment = this.deadlines.pop();
      const task = assignment.task;
      if (task.assignment !== assignment) continue; // completed, or cancelled by a removal
      this.end(assignment);
      assignment.user.overdue.push(task.id);
      task.history.push(`${assignment.deadline}: expired for ${assignment.user.id}`);
    }
  }

  end(assignment) {
    assignment.task.assignment = null;
    assignment.user.active.delete(assignment.task.id);
  }

  live(timestamp, taskId) {
    this.expire(timestamp);
    const task = this.tasks.get(taskId);
    return task === undefined || task.removed ? null : task;
  }

  // Level 1

  addTask(timestamp, name, priority) {
    this.expire(timestamp);
    if (priority < 1) {
      return null;
    }
    const task = new Task(this.tasks.size + 1, name, priority);
    this.tasks.set(task.id, task);
    task.history.push(`${timestamp}: created with priority ${priority}`);
    return task.id;
  }

  updatePriority(timestamp, taskId, priority) {
    const task = this.live(timestamp, taskId);
    if (task === null || priority < 1) {
      return false;
    }
    task.history.push(`${timestamp}: priority changed from ${task.priority} to ${priority}`);
    task.priority = priority;
    return true;
  }

  getTask(timestamp, taskId) {
    const task = this.live(timestamp, taskId);
    return task === null ? null : task.describe();
  }

  removeTask(timestamp, taskId) {
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

  topTasks(timestamp, n) {
    return this.searchTasks(timestamp, '', n);
  }

  searchTasks(timestamp, query, n) {
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

  addUser(timestamp, userId, quota) {
    this.expire(timestamp);
    if (this.users.has(userId) || quota < 1) {
      return false;
    }
    this.users.set(userId, { id: userId, quota, active: new Map(), overdue: [] });
    return true;
  }

  assignTask(timestamp, userId, taskId, deadline) {
    const task = this.live(timestamp, taskId);
    const user = this.users.get(userId);
    if (task === null || user === undefined || deadline <= timestamp) {
      return false;
    }
    if (task.assignment !== null || user.active.size >= user.quota) {
      return false;
    }
    const assignment = { task, user, deadline, seq: this.seq++ };
    task.assignment = assignment;
    user.active.set(task.id, assignment);
    this.deadlines.push(assignment);
    task.history.push(`${timestamp}: assigned to ${userId} until ${deadline}`);
    return true;
  }

  completeTask(timestamp, userId, taskId) {
    const task = this.live(timestamp, taskId);
    if (task === null || task.assignment === null || task.assignment.user.id !== userId) {
      return false;
    }
    this.end(task.assignment);
    task.history.push(`${timestamp}: completed by ${userId}`);
    return true;
  }

  getUserTasks(timestamp, userId) {
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

  getOverdueTasks(timestamp, userId) {
    this.expire(timestamp);
    const user = this.users.get(userId);
    return user === undefined ? [] : [...user.overdue];
  }

  getTaskHistory(timestamp, taskId) {
    this.expire(timestamp);
    const task = this.tasks.get(taskId);
    return task === undefined ? [] : [...task.history];
  }
}

module.exports = { TaskManagerImpl };
