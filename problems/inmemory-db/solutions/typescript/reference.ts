// Reference solution: all four levels of the in-memory database.

import { InMemoryDB } from './in-memory-db';

// Python's sorted() orders strings by code point; for the ASCII names of this problem the plain
// < / > comparison (UTF-16 code units) agrees with it. localeCompare would not: it depends on the
// locale and, for one, puts "a" before "B".
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

class Entry {
  constructor(
    readonly value: string,
    readonly expiresAt: number | null = null, // first timestamp at which the field is gone; null = never
  ) {}

  // `now === null` means "no clock": the untimestamped calls of levels 1-2 see every field.
  isAlive(now: number | null): boolean {
    return now === null || this.expiresAt === null || now < this.expiresAt;
  }
}

// A field as a backup keeps it: its remaining lifetime rather than its expiry, because a restore
// counts the remaining lifetime from its own timestamp.
interface Saved {
  value: string;
  remaining: number | null;
}

interface Backup {
  timestamp: number;
  snapshot: Map<string, Map<string, Saved>>;
}

export class InMemoryDBImpl extends InMemoryDB {
  // key -> Map(field -> Entry). Maps give constant-time lookups on large records (the level 2
  // performance test) and, unlike plain objects, accept any string as a key, "__proto__" included.
  private records = new Map<string, Map<string, Entry>>();
  // In increasing timestamp order, because call timestamps increase.
  private readonly backups: Backup[] = [];

  // Level 1: the untimestamped calls are the timestamped ones without a clock.

  set(key: string, field: string, value: string): void {
    this.write(key, field, new Entry(value));
  }

  get(key: string, field: string): string | null {
    return this.read(key, field, null);
  }

  delete(key: string, field: string): boolean {
    return this.remove(key, field, null);
  }

  // Level 2

  scan(key: string): string[] {
    return this.list(key, '', null);
  }

  scanByPrefix(key: string, prefix: string): string[] {
    return this.list(key, prefix, null);
  }

  // Level 3

  setAt(key: string, field: string, value: string, timestamp: number): void {
    // A fresh entry without expiry: setting a field again drops whatever TTL it had.
    this.write(key, field, new Entry(value));
  }

  setAtWithTtl(key: string, field: string, value: string, timestamp: number, ttl: number): void {
    this.write(key, field, new Entry(value, timestamp + ttl));
  }

  deleteAt(key: string, field: string, timestamp: number): boolean {
    return this.remove(key, field, timestamp);
  }

  getAt(key: string, field: string, timestamp: number): string | null {
    return this.read(key, field, timestamp);
  }

  scanAt(key: string, timestamp: number): string[] {
    return this.list(key, '', timestamp);
  }

  scanByPrefixAt(key: string, prefix: string, timestamp: number): string[] {
    return this.list(key, prefix, timestamp);
  }

  // Level 4

  backup(timestamp: number): number {
    const snapshot = new Map<string, Map<string, Saved>>();
    for (const [key, fields] of this.records) {
      const saved = new Map<string, Saved>();
      for (const [name, entry] of fields) {
        if (entry.isAlive(timestamp)) {
          const remaining = entry.expiresAt === null ? null : entry.expiresAt - timestamp;
          saved.set(name, { value: entry.value, remaining });
        }
      }
      // A record whose fields have all expired no longer exists: it is neither saved nor counted.
      if (saved.size > 0) {
        snapshot.set(key, saved);
      }
    }
    this.backups.push({ timestamp, snapshot });
    return snapshot.size;
  }

  restore(timestamp: number, timestampToRestore: number): void {
    const chosen = this.backups.findLast((backup) => backup.timestamp <= timestampToRestore);
    if (chosen === undefined) {
      throw new Error(`no backup taken at or before ${timestampToRestore}`);
    }
    // Fresh maps and entries, so that later writes never reach into the backup, which may be
    // restored again.
    this.records = new Map();
    for (const [key, saved] of chosen.snapshot) {
      const fields = new Map<string, Entry>();
      for (const [name, { value, remaining }] of saved) {
        fields.set(name, new Entry(value, remaining === null ? null : timestamp + remaining));
      }
      this.records.set(key, fields);
    }
  }

  // Shared helpers

  private write(key: string, field: string, entry: Entry): void {
    let fields = this.records.get(key);
    if (fields === undefined) {
      fields = new Map();
      this.records.set(key, fields);
    }
    fields.set(field, entry);
  }

  private read(key: string, field: string, now: number | null): string | null {
    const entry = this.records.get(key)?.get(field);
    return entry !== undefined && entry.isAlive(now) ? entry.value : null;
  }

  private remove(key: string, field: string, now: number | null): boolean {
    const fields = this.records.get(key);
    const entry = fields?.get(field);
    // An expired field behaves as if it had never been set, so it cannot be deleted either.
    if (fields === undefined || entry === undefined || !entry.isAlive(now)) {
      return false;
    }
    fields.delete(field);
    // A record exists only while it holds at least one field.
    if (fields.size === 0) {
      this.records.delete(key);
    }
    return true;
  }

  private list(key: string, prefix: string, now: number | null): string[] {
    const fields = this.records.get(key) ?? new Map<string, Entry>();
    return [...fields]
      .filter(([name, entry]) => name.startsWith(prefix) && entry.isAlive(now))
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([name, entry]) => `${name}(${entry.value})`);
  }
}
