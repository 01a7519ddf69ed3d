'use strict';

// Reference solution: all four levels of the in-memory database.

const { InMemoryDB } = require('./in-memory-db');

// Python's sorted() orders strings by code point; for the ASCII names of this problem the plain
// < / > comparison (UTF-16 code units) agrees with it. localeCompare would not: it depends on the
// locale and, for one, puts "a" before "B".
const compareStrings = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

class Entry {
  constructor(value, expiresAt = null) {
    this.value = value;
    this.expiresAt = expiresAt; // first timestamp at which the field is gone; null = never
  }

  // `now === null` means "no clock": the untimestamped calls of levels 1-2 see every field.
  isAlive(now) {
    return now === null || this.expiresAt === null || now < this.expiresAt;
  }
}

class InMemoryDBImpl extends InMemoryDB {
  constructor() {
    super();
    // key -> Map(field -> Entry). Maps give constant-time lookups on large records (the level 2
    // performance test) and, unlike plain objects, accept any string as a key, "__proto__" included.
    this.records = new Map();
    // { timestamp, snapshot }, in increasing timestamp order because call timestamps increase.
    this.backups = [];
  }

  // Level 1: the untimestamped calls are the timestamped ones without a clock.

  set(key, field, value) {
    this.#write(key, field, new Entry(value));
  }

  get(key, field) {
    return this.#read(key, field, null);
  }

  delete(key, field) {
    return this.#remove(key, field, null);
  }

  // Level 2

  scan(key) {
    return this.#scan(key, '', null);
  }

  scanByPrefix(key, prefix) {
    return this.#scan(key, prefix, null);
  }

  // Level 3

  setAt(key, field, value, timestamp) {
    // A fresh entry without expiry: setting a field again drops whatever TTL it had.
    this.#write(key, field, new Entry(value));
  }

  setAtWithTtl(key, field, value, timestamp, ttl) {
    this.#write(key, field, new Entry(value, timestamp + ttl));
  }

  deleteAt(key, field, timestamp) {
    return this.#remove(key, field, timestamp);
  }

  getAt(key, field, timestamp) {
    return this.#read(key, field, timestamp);
  }

  scanAt(key, timestamp) {
    return this.#scan(key, '', timestamp);
  }

  scanByPrefixAt(key, prefix, timestamp) {
    return this.#scan(key, prefix, timestamp);
  }

  // Level 4

  backup(timestamp) {
    // A backup keeps each field's remaining TTL rather than its expiry, because a restore
    // counts the remaining lifetime from its own timestamp.
    const snapshot = new Map();
    for (const [key, fields] of this.records) {
      const saved = new Map();
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

  restore(timestamp, timestampToRestore) {
    const chosen = this.backups.findLast((backup) => backup.timestamp <= timestampToRestore);
    if (chosen === undefined) {
      throw new Error(`no backup taken at or before ${timestampToRestore}`);
    }
    // Fresh maps and entries, so that later writes never reach into the backup, which may be
    // restored again.
    this.records = new Map();
    for (const [key, saved] of chosen.snapshot) {
      const fields = new Map();
      for (const [name, { value, remaining }] of saved) {
        fields.set(name, new Entry(value, remaining === null ? null : timestamp + remaining));
      }
      this.records.set(key, fields);
    }
  }

  // Shared helpers

  #write(key, field, entry) {
    let fields = this.records.get(key);
    if (fields === undefined) {
      fields = new Map();
      this.records.set(key, fields);
    }
    fields.set(field, entry);
  }

  #read(key, field, now) {
    const entry = this.records.get(key)?.get(field);
    return entry !== undefined && entry.isAlive(now) ? entry.value : null;
  }

  #remove(key, field, now) {
    const fields = this.records.get(key);
    // An expired field behaves as if it had never been set, so it cannot be deleted either.
    if (fields === undefined || !fields.has(field) || !fields.get(field).isAlive(now)) {
      return false;
    }
    fields.delete(field);
    // A record exists only while it holds at least one field.
    if (fields.size === 0) {
      this.records.delete(key);
    }
    return true;
  }

  #scan(key, prefix, now) {
    const fields = this.records.get(key) ?? new Map();
    return [...fields]
      .filter(([name, entry]) => name.startsWith(prefix) && entry.isAlive(now))
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([name, entry]) => `${name}(${entry.value})`);
  }
}

module.exports = { InMemoryDBImpl };
