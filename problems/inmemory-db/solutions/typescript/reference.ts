// Reference solution: all four levels of the in-memory database, level 4 in each of its variants
// (backup, transactions, compression): a session calls only its own variant's methods.

import { InMemoryDB } from './in-memory-db';

// Python's sorted() orders strings by code point; for the ASCII names of this problem the plain
// < / > comparison (UTF-16 code units) agrees with it. localeCompare would not: it depends on the
// locale and, for one, puts "a" before "B".
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const DIGIT = /[0-9]/;
const RUN = /([0-9]+)([^0-9])/g; // an encoded run: its length, then its character

// Run-length encoding: each maximal run of one character as its length, then the character.
function encode(value: string): string {
  let encoded = '';
  for (let start = 0; start < value.length; ) {
    let end = start + 1;
    while (end < value.length && value[end] === value[start]) {
      end += 1;
    }
    encoded += `${end - start}${value[start]}`;
    start = end;
  }
  return encoded;
}

function decode(stored: string): string {
  return [...stored.matchAll(RUN)].map(([, length, char]) => char.repeat(Number(length))).join('');
}

class Entry {
  constructor(
    readonly value: string, // as stored: run-length encoded when `encoded`
    readonly expiresAt: number | null = null, // first timestamp at which the field is gone; null = never
    readonly encoded: boolean = false,
  ) {}

  // `now === null` means "no clock": the untimestamped calls of levels 1-2 see every field.
  isAlive(now: number | null): boolean {
    return now === null || this.expiresAt === null || now < this.expiresAt;
  }

  // The value as it was written.
  plain(): string {
    return this.encoded ? decode(this.value) : this.value;
  }

  // The same field as a compressed or a plain record stores it. A value with a digit is never
  // encoded: its digits could not be told apart from the run lengths.
  stored(compressed: boolean): Entry {
    const plain = this.plain();
    if (compressed && !DIGIT.test(plain)) {
      return new Entry(encode(plain), this.expiresAt, true);
    }
    return new Entry(plain, this.expiresAt);
  }
}

type Records = Map<string, Map<string, Entry>>;

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
  private records: Records = new Map();
  // In increasing timestamp order, because call timestamps increase.
  private readonly backups: Backup[] = [];
  // Open transactions, innermost last: each is a copy of the records as they were when it began.
  private readonly open: Records[] = [];
  private readonly compressed = new Set<string>(); // the keys of compressed records

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
    this.write(key, field, new Entry(value), timestamp);
  }

  setAtWithTtl(key: string, field: string, value: string, timestamp: number, ttl: number): void {
    this.write(key, field, new Entry(value, timestamp + ttl), timestamp);
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

  // Level 4, backup variant (no compressed record ever meets a backup: they are different variants)

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

  // Level 4, transactions variant. Every call works on the live records, which hold the changes of
  // all open transactions. Entries are immutable and keep their expiry moments, so copying each
  // record's map is enough, and a rollback brings each field back with its lifetime.

  begin(timestamp: number): number {
    const copy: Records = new Map();
    for (const [key, fields] of this.records) {
      copy.set(key, new Map(fields));
    }
    this.open.push(copy);
    return this.open.length;
  }

  commit(timestamp: number): boolean {
    // The changes are in the live records already. The parent's copy predates them, so a rollback
    // of the parent undoes them too: they have merged into it.
    if (this.open.length === 0) {
      return false;
    }
    this.open.pop();
    return true;
  }

  rollback(timestamp: number): boolean {
    const began = this.open.pop();
    if (began === undefined) {
      return false;
    }
    this.records = began;
    return true;
  }

  // Level 4, compression variant

  compress(timestamp: number, key: string): boolean {
    return this.storeRecord(key, timestamp, true);
  }

  decompress(timestamp: number, key: string): boolean {
    return this.storeRecord(key, timestamp, false);
  }

  storedValue(timestamp: number, key: string, field: string): string | null {
    const fields = this.records.get(key);
    const entry = fields?.get(field);
    return entry !== undefined && entry.isAlive(timestamp) ? entry.value : null;
  }

  storedSize(timestamp: number, key: string): number | null {
    if (!this.exists(key, timestamp)) {
      return null;
    }
    let size = 0;
    for (const entry of this.records.get(key)?.values() ?? []) {
      if (entry.isAlive(timestamp)) {
        size += entry.value.length;
      }
    }
    return size;
  }

  private storeRecord(key: string, now: number, compressed: boolean): boolean {
    const fields = this.records.get(key);
    if (fields === undefined || !this.exists(key, now) || this.compressed.has(key) === compressed) {
      return false;
    }
    if (compressed) {
      this.compressed.add(key);
    } else {
      this.compressed.delete(key);
    }
    for (const [name, entry] of fields) {
      fields.set(name, entry.stored(compressed));
    }
    return true;
  }

  // Shared helpers

  // Whether the record at `key` holds a field that exists at `now`.
  private exists(key: string, now: number | null): boolean {
    return [...(this.records.get(key)?.values() ?? [])].some((entry) => entry.isAlive(now));
  }

  private write(key: string, field: string, entry: Entry, now: number | null = null): void {
    if (this.compressed.has(key) && !this.exists(key, now)) {
      this.compressed.delete(key); // the record is gone, and its compression with it
    }
    if (this.compressed.has(key)) {
      entry = entry.stored(true);
    }
    let fields = this.records.get(key);
    if (fields === undefined) {
      fields = new Map();
      this.records.set(key, fields);
    }
    fields.set(field, entry);
  }

  private read(key: string, field: string, now: number | null): string | null {
    const entry = this.records.get(key)?.get(field);
    return entry !== undefined && entry.isAlive(now) ? entry.plain() : null;
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
      .map(([name, entry]) => `${name}(${entry.plain()})`);
  }
}
