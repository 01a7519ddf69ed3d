'use strict';

// Reference solution: all four levels of the in-memory database, level 4 in each of its variants
// (backup, transactions, compression): a session calls only its own variant's methods.

const { InMemoryDB } = require('./in-memory-db');

// Python's sorted() orders strings by code point; for the ASCII names of this problem the plain
// < / > comparison (UTF-16 code units) agrees with it. localeCompare would not: it depends on the
// locale and, for one, puts "a" before "B".
const compareStrings = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const DIGIT = /[0-9]/;
const RUN = /([0-9]+)([^0-9])/g; // an encoded run: its length, then its character

// Run-length encoding: each maximal run of one character as its length, then the character.
function encode(value) {
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

function decode(stored) {
  return [...stored.matchAll(RUN)].map(([, length, char]) => char.repeat(Number(length))).join('');
}

class Entry {
  constructor(value, expiresAt = null, encoded = false) {
    this.value = value; // as stored: run-length encoded when `encoded`
    this.expiresAt = expiresAt; // first timestamp at which the field is gone; null = never
    this.encoded = encoded;
  }

  // `now === null` means "no clock": the untimestamped calls of levels 1-2 see every field.
  isAlive(now) {
    return now === null || this.expiresAt === null || now < this.expiresAt;
  }

  // The value as it was written.
  plain() {
    return this.encoded ? decode(this.value) : this.value;
  }

  // The same field as a compressed or a plain record stores it. A value with a digit is never
  // encoded: its digits could not be told apart from the run lengths.
  stored(compressed) {
    const plain = this.plain();
    if (compressed && !DIGIT.test(plain)) {
      return new Entry(encode(plain), this.expiresAt, true);
    }
    return new Entry(plain, this.expiresAt);
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
    // Open transactions, innermost last: each is a copy of the records as they were when it began.
    this.open = [];
    this.compressed = new Set(); // the keys of compressed records
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
    this.#write(key, field, new Entry(value), timestamp);
  }

  setAtWithTtl(key, field, value, timestamp, ttl) {
    this.#write(key, field, new Entry(value, timestamp + ttl), timestamp);
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

  // Level 4, backup variant (no compressed record ever meets a backup: they are different variants)

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

  // Level 4, transactions variant. Every call works on the live records, which hold the changes of
  // all open transactions. Entries are never changed in place and keep their expiry moments, so
  // copying each record's map is enough, and a rollback brings each field back with its lifetime.

  begin(timestamp) {
    const copy = new Map();
    for (const [key, fields] of this.records) {
      copy.set(key, new Map(fields));
    }
    this.open.push(copy);
    return this.open.length;
  }

  commit(timestamp) {
    // The changes are in the live records already. The parent's copy predates them, so a rollback
    // of the parent undoes them too: they have merged into it.
    if (this.open.length === 0) {
      return false;
    }
    this.open.pop();
    return true;
  }

  rollback(timestamp) {
    if (this.open.length === 0) {
      return false;
    }
    this.records = this.open.pop();
    return true;
  }

  // Level 4, compression variant

  compress(timestamp, key) {
    return this.#storeRecord(key, timestamp, true);
  }

  decompress(timestamp, key) {
    return this.#storeRecord(key, timestamp, false);
  }

  storedValue(timestamp, key, field) {
    const fields = this.records.get(key);
    const entry = fields?.get(field);
    return entry !== undefined && entry.isAlive(timestamp) ? entry.value : null;
  }

  storedSize(timestamp, key) {
    if (!this.#exists(key, timestamp)) {
      return null;
    }
    let size = 0;
    for (const entry of this.records.get(key).values()) {
      if (entry.isAlive(timestamp)) {
        size += entry.value.length;
      }
    }
    return size;
  }

  #storeRecord(key, now, compressed) {
    if (!this.#exists(key, now) || this.compressed.has(key) === compressed) {
      return false;
    }
    if (compressed) {
      this.compressed.add(key);
    } else {
      this.compressed.delete(key);
    }
    const fields = this.records.get(key);
    for (const [name, entry] of fields) {
      fields.set(name, entry.stored(compressed));
    }
    return true;
  }

  // Shared helpers

  // Whether the record at `key` holds a field that exists at `now`.
  #exists(key, now) {
    return [...(this.records.get(key)?.values() ?? [])].some((entry) => entry.isAlive(now));
  }

  #write(key, field, entry, now = null) {
    if (this.compressed.has(key) && !this.#exists(key, now)) {
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

  #read(key, field, now) {
    const entry = this.records.get(key)?.get(field);
    return entry !== undefined && entry.isAlive(now) ? entry.plain() : null;
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
      .map(([name, entry]) => `${name}(${entry.plain()})`);
  }
}

module.exports = { InMemoryDBImpl };
