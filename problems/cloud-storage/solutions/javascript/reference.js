'use strict';

// Reference solution: all four levels of the cloud file storage.

const { CloudStorage } = require('./cloud-storage');

// The spec orders names by plain string comparison; for this problem's ASCII names < and > (UTF-16
// code units) agree with it. localeCompare would not: it depends on the locale and puts "a" before "B".
const compareStrings = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

class User {
  constructor(capacity) {
    this.capacity = capacity;
    this.used = 0;
    this.files = new Set(); // names of the files this user owns
  }

  get remaining() {
    return this.capacity - this.used;
  }
}

class CloudStorageImpl extends CloudStorage {
  constructor() {
    super();
    // name -> { size, owner }; owner is a user id, or null for a file stored with addFile. Maps,
    // unlike plain objects, take any string as a key ("__proto__" included).
    this.files = new Map();
    this.users = new Map();
    // user id -> Map(name -> size), as saved by the user's latest backup
    this.backups = new Map();
  }

  // Level 1

  addFile(name, size) {
    if (size < 0 || this.files.has(name)) {
      return false;
    }
    this.files.set(name, { size, owner: null });
    return true;
  }

  getFileSize(name) {
    const found = this.files.get(name);
    return found === undefined ? null : found.size;
  }

  deleteFile(name) {
    const found = this.files.get(name);
    if (found === undefined) {
      return null;
    }
    this.files.delete(name);
    if (found.owner !== null) {
      const owner = this.users.get(found.owner);
      owner.used -= found.size;
      owner.files.delete(name);
    }
    return found.size;
  }

  // Level 2

  largestFiles(prefix, n) {
    if (n <= 0) {
      return [];
    }
    return [...this.files]
      .filter(([name]) => name.startsWith(prefix))
      .sort(([nameA, a], [nameB, b]) => b.size - a.size || compareStrings(nameA, nameB))
      .slice(0, n)
      .map(([name, file]) => `${name}(${file.size})`);
  }

  // Level 3

  addUser(userId, capacity) {
    if (capacity < 0 || this.users.has(userId)) {
      return false;
    }
    this.users.set(userId, new User(capacity));
    return true;
  }

  addFileBy(userId, name, size) {
    const user = this.users.get(userId);
    if (user === undefined || size < 0 || this.files.has(name) || size > user.remaining) {
      return null;
    }
    this.#store(userId, user, name, size);
    return user.remaining;
  }

  mergeUsers(targetUserId, sourceUserId) {
    const target = this.users.get(targetUserId);
    const source = this.users.get(sourceUserId);
    if (target === undefined || source === undefined || targetUserId === sourceUserId) {
      return null;
    }
    for (const name of source.files) {
      this.files.get(name).owner = targetUserId;
      target.files.add(name);
    }
    target.capacity += source.capacity;
    target.used += source.used;
    this.users.delete(sourceUserId);
    this.backups.delete(sourceUserId); // a backup belongs to the user, not to the id
    return target.remaining;
  }

  // Level 4

  backupUser(userId) {
    const user = this.users.get(userId);
    if (user === undefined) {
      return null;
    }
    // A copy of names and sizes: later changes to the user's files must not reach the backup.
    const saved = new Map();
    for (const name of user.files) {
      saved.set(name, this.files.get(name).size);
    }
    this.backups.set(userId, saved);
    return saved.size;
  }

  restoreUser(userId) {
    const user = this.users.get(userId);
    if (user === undefined) {
      return null;
    }
    for (const name of [...user.files]) {
      this.deleteFile(name);
    }
    let restored = 0;
    for (const [name, size] of this.backups.get(userId) ?? new Map()) {
      if (!this.files.has(name)) { // a name someone else holds now is skipped
        this.#store(userId, user, name, size);
        restored += 1;
      }
    }
    return restored;
  }

  // Shared helpers

  #store(userId, user, name, size) {
    this.files.set(name, { size, owner: userId });
    user.used += size;
    user.files.add(name);
  }
}

module.exports = { CloudStorageImpl };
