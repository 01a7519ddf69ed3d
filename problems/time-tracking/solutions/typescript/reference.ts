// Reference solution for working hours, all four levels.

import { TimeTracker } from './time-tracker';

// Python's sorted() orders strings by code point; for the ASCII ids of this problem the plain
// < / > comparison (UTF-16 code units) agrees with it, whereas localeCompare depends on the locale.
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// A completed session, from entry (included) to exit (excluded).
interface Session {
  entry: number;
  exit: number;
  compensation: number; // what the worker was paid when the session started
}

// One worker: what they hold now, a promotion waiting for their entry, and every session.
class Worker {
  pending: { position: string; compensation: number } | null = null; // from the next entry on
  enteredAt: number | null = null; // set while the worker is inside
  // Completed sessions: level 4's double pay can reach back into any of them, so a running
  // salary total would not do.
  readonly sessions: Session[] = [];
  timeWorked = 0;

  constructor(
    readonly id: string,
    public position: string,
    public compensation: number,
  ) {}
}

// The index of the first element of the sorted `values` greater than `value`.
const upperBound = (values: number[], value: number): number => {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle] <= value) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
};

export class TimeTrackerImpl extends TimeTracker {
  private readonly workers = new Map<string, Worker>();
  // Double-pay periods merged into disjoint [start, end) intervals, sorted by start.
  private doubleStarts: number[] = [];
  private doubleEnds: number[] = [];

  // Level 1

  addWorker(workerId: string, position: string, compensation: number): boolean {
    if (this.workers.has(workerId) || compensation <= 0) {
      return false;
    }
    this.workers.set(workerId, new Worker(workerId, position, compensation));
    return true;
  }

  register(workerId: string, timestamp: number): boolean {
    const worker = this.workers.get(workerId);
    if (worker === undefined) {
      return false;
    }
    if (worker.enteredAt === null) {
      if (worker.pending !== null) {
        // A promotion takes effect as the worker comes in.
        worker.position = worker.pending.position;
        worker.compensation = worker.pending.compensation;
        worker.pending = null;
      }
      worker.enteredAt = timestamp;
    } else {
      worker.sessions.push({ entry: worker.enteredAt, exit: timestamp, compensation: worker.compensation });
      worker.timeWorked += timestamp - worker.enteredAt;
      worker.enteredAt = null;
    }
    return true;
  }

  getTimeWorked(workerId: string): number | null {
    const worker = this.workers.get(workerId);
    return worker === undefined ? null : worker.timeWorked;
  }

  // Level 2

  topWorkers(n: number, position: string): string[] {
    if (n <= 0) {
      return [];
    }
    return [...this.workers.values()]
      .filter((worker) => worker.position === position)
      .sort((a, b) => b.timeWorked - a.timeWorked || compareStrings(a.id, b.id))
      .slice(0, n)
      .map((worker) => `${worker.id}(${worker.timeWorked})`);
  }

  // Level 3

  promote(workerId: string, newPosition: string, newCompensation: number): boolean {
    const worker = this.workers.get(workerId);
    if (worker === undefined || worker.pending !== null || newCompensation <= 0) {
      return false;
    }
    worker.pending = { position: newPosition, compensation: newCompensation };
    return true;
  }

  getSalary(workerId: string, start: number, end: number): number | null {
    const worker = this.workers.get(workerId);
    if (worker === undefined) {
      return null;
    }
    let salary = 0;
    for (const session of worker.sessions) {
      const low = Math.max(session.entry, start);
      const high = Math.min(session.exit, end);
      if (low < high) {
        // Every moment is paid once, and once more when it falls in a double-pay period.
        salary += session.compensation * (high - low + this.doubleTime(low, high));
      }
    }
    return salary;
  }

  // Level 4

  addDoublePay(start: number, end: number): boolean {
    if (start >= end) {
      return false;
    }
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < this.doubleStarts.length; i += 1) {
      const periodStart = this.doubleStarts[i];
      const periodEnd = this.doubleEnds[i];
      if (periodEnd < start || end < periodStart) {
        // Apart: keep as it is.
        starts.push(periodStart);
        ends.push(periodEnd);
      } else {
        // Overlapping or touching: swallow it into the new period.
        start = Math.min(start, periodStart);
        end = Math.max(end, periodEnd);
      }
    }
    const index = upperBound(starts, start);
    starts.splice(index, 0, start);
    ends.splice(index, 0, end);
    this.doubleStarts = starts;
    this.doubleEnds = ends;
    return true;
  }

  // How much of [start, end) lies inside double-pay periods.
  private doubleTime(start: number, end: number): number {
    let covered = 0;
    // The periods are disjoint and sorted: begin at the last one starting at or before start.
    let index = Math.max(upperBound(this.doubleStarts, start) - 1, 0);
    while (index < this.doubleStarts.length && this.doubleStarts[index] < end) {
      const overlap = Math.min(end, this.doubleEnds[index]) - Math.max(start, this.doubleStarts[index]);
      covered += Math.max(overlap, 0);
      index += 1;
    }
    return covered;
  }
}
