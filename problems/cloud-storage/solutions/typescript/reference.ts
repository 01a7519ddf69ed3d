// Reference solution: all four levels of the cloud file storage.

import { CloudStorage } from './cloud-storage';

// The spec orders names by plain string comparison; for this problem's ASCII names < and > (UTF-16
// code units) agree with it. localeCompare would not: it depends on the locale and puts "a" before "B".
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface StoredFile {
  size: number;
  owner: string | null; // the user who owns the file; null for a file stored with addFile
}

class User {
  used = 0;
  readonly files = new Set<string>(); // names of the files this user owns

  constructor(public capacity: number) {}

  get remaining(): number {
    return this.capacity - this.used;
  }
}

export class CloudStorageImpl extends CloudStorage {
  // Maps, unlike plain objects, take any string as a key ("__proto__" included).
  private readonly files = new Map<string, StoredFile>();
  private readonly users = new Map<string, User>();
  // user id -> name -> size, as saved by the user's latest backup
  private readonly backups = new Map<string, Map<string, number>>();

  // Level 1

  addFile(name: string, size: number): boolean {
    if (size < 0 || this.files.has(name)) {
      return false;
    }
    this.files.set(name, { size, owner: null });
    return true;
  }

  getFileSize(name: string): number | null {
    const found = this.files.get(name);
    return found === undefined ? null : found.size;
  }

  deleteFile(name: string): number | null {
    const found = this.files.get(name);
    if (found === undefined) {
      return null;
    }
    this.files.delete(name);
    if (found.owner !== null) {
      const owner = this.users.get(found.owner)!;
      owner.used -= found.size;
      owner.files.delete(name);
    }
    return found.size;
  }

  // Level 2

  largestFiles(prefix: string, n: number): string[] {
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

  addUser(userId: string, capacity: number): boolean {
    if (capacity < 0 || this.users.has(userId)) {
      return false;
    }
    this.users.set(userId, new User(capacity));
    return true;
  }

  addFileBy(userId: string, name: string, size: number): number | null {
    const user = this.users.get(userId);
    if (user === undefined || size < 0 || this.files.has(name) || size > user.remaining) {
      return null;
    }
    this.store(userId, user, name, size);
    return user.remaining;
  }

  mergeUsers(targetUserId: string, sourceUserId: string): number | null {
    const target = this.users.get(targetUserId);
    const source = this.users.get(sourceUserId);
    if (target === undefined || source === undefined || targetUserId === sourceUserId) {
      return null;
    }
    for (const name of source.files) {
      this.files.get(name)!.owner = targetUserId;
      target.files.add(name);
    }
    target.capacity += source.capacity;
    target.used += source.used;
    this.users.delete(sourceUserId);
    this.backups.delete(sourceUserId); // a backup belongs to the user, not to the id
    return target.remaining;
  }

  // Level 4

  backupUser(userId: string): number | null {
    const user = this.users.get(userId);
    if (user === undefined) {
      return null;
    }
    // A copy of names and sizes: later changes to the user's files must not reach the backup.
    const saved = new Map<string, number>();
    for (const name of user.files) {
      saved.set(name, this.files.get(name)!.size);
    }
    this.backups.set(userId, saved);
    return saved.size;
  }

  restoreUser(userId: string): number | null {
    const user = this.users.get(userId);
    if (user === undefined) {
      return null;
    }
    for (const name of [...user.files]) {
      this.deleteFile(name);
    }
    let restored = 0;
    for (const [name, size] of this.backups.get(userId) ?? new Map<string, number>()) {
      if (!this.files.has(name)) { // a name someone else holds now is skipped
        this.store(userId, user, name, size);
        restored += 1;
      }
    }
    return restored;
  }

  // Shared helpers

  private store(userId: string, user: User, name: string, size: number): void {
    this.files.set(name, { size, owner: userId });
    user.used += size;
    user.files.add(name);
  }
}
