// Reference solution: all four levels of the file system.

import { FileSystem } from './file-system';

// Names and paths are ordered by character code. The plain < / > comparison (UTF-16 code units)
// does that for this problem's ASCII names; localeCompare would not: it depends on the locale
// and, for one, puts "a" before "B".
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// A file (it has a size) or a directory (children by name, perhaps a quota). `total` is a file's
// size or the sum of every file under a directory: kept up to date along the path above each
// change, it answers sizes and quota checks without walking a subtree.
class Node {
  total: number;
  name = '';
  parent: Node | null = null;
  // A Map, unlike a plain object, takes any string as a key, "__proto__" included.
  readonly children = new Map<string, Node>();
  quota: number | null = null;

  constructor(readonly size: number | null = null) {
    this.total = size ?? 0;
  }

  get isDir(): boolean {
    return this.size === null;
  }

  // The directories that hold this node: its parent, its parent's parent, up to the root.
  holders(): Node[] {
    const found: Node[] = [];
    for (let node = this.parent; node !== null; node = node.parent) {
      found.push(node);
    }
    return found;
  }
}

interface FoundFile {
  path: string;
  size: number;
}

export class FileSystemImpl extends FileSystem {
  private readonly root = new Node();

  // Level 1

  makeDir(path: string): boolean {
    return this.place(path, new Node());
  }

  createFile(path: string, size: number): boolean {
    return size >= 0 && this.place(path, new Node(size));
  }

  getFileSize(path: string): number | null {
    const node = this.find(path);
    return node === null ? null : node.size;
  }

  // Level 2

  listDir(path: string): string[] {
    const node = this.dir(path);
    if (node === null) {
      return [];
    }
    // Sorted by name: the "/" after a directory's name takes no part in the order.
    return [...node.children]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([name, child]) => (child.isDir ? `${name}/` : name));
  }

  largestFiles(path: string, n: number): string[] {
    const node = this.dir(path);
    if (node === null || n <= 0) {
      return [];
    }
    // Full paths are built from the tree as it is now, so they follow every move.
    const files: FoundFile[] = [];
    collectFiles(node, path.replace(/\/$/, ''), files);
    files.sort((a, b) => b.size - a.size || compareStrings(a.path, b.path));
    return files.slice(0, n).map((file) => `${file.path}(${file.size})`);
  }

  // Level 3

  getDirSize(path: string): number | null {
    const node = this.dir(path);
    return node === null ? null : node.total;
  }

  setQuota(path: string, quota: number): boolean {
    const node = this.dir(path);
    if (node === null || quota < 0 || node.total > quota) {
      return false;
    }
    node.quota = quota;
    return true;
  }

  removeQuota(path: string): boolean {
    const node = this.dir(path);
    if (node === null || node.quota === null) {
      return false;
    }
    node.quota = null;
    return true;
  }

  // Level 4

  move(source: string, target: string): boolean {
    const node = this.find(source);
    const [parent, name] = this.locate(target);
    if (node === null || parent === null || !parent.isDir || parent.children.has(name)) {
      return false;
    }
    if (node === parent || parent.holders().includes(node)) {
      return false; // into its own subtree (the root holds everything)
    }
    // The directories that hold the node before and after the move keep their totals; only the
    // target's other holders gain its size.
    if (!fits(parent, node.total, new Set(node.holders()))) {
      return false;
    }
    unlink(node);
    link(parent, name, node);
    return true;
  }

  delete(path: string): boolean {
    const node = this.find(path);
    if (node === null || node === this.root) {
      return false;
    }
    unlink(node);
    return true;
  }

  // Shared helpers

  private find(path: string): Node | null {
    let node: Node = this.root;
    for (const name of path.split('/')) {
      if (name === '') {
        continue; // "/" has no names, "/a/b" has "a" and "b"
      }
      const child = node.children.get(name); // a file has no children: a path through it ends here
      if (child === undefined) {
        return null;
      }
      node = child;
    }
    return node;
  }

  private dir(path: string): Node | null {
    const node = this.find(path);
    return node !== null && node.isDir ? node : null;
  }

  // The node that would hold path (null when missing, or for the root), and path's last name.
  private locate(path: string): [Node | null, string] {
    const cut = path.lastIndexOf('/');
    const name = path.slice(cut + 1);
    return [name === '' ? null : this.find(path.slice(0, cut)), name];
  }

  private place(path: string, node: Node): boolean {
    const [parent, name] = this.locate(path);
    if (parent === null || !parent.isDir || parent.children.has(name) || !fits(parent, node.total)) {
      return false;
    }
    link(parent, name, node);
    return true;
  }
}

// Whether parent and its holders (but those in keeps) stay within their quotas gaining amount.
function fits(parent: Node, amount: number, keeps: Set<Node> = new Set()): boolean {
  for (const holder of [parent, ...parent.holders()]) {
    if (!keeps.has(holder) && holder.quota !== null && holder.total + amount > holder.quota) {
      return false;
    }
  }
  return true;
}

function link(parent: Node, name: string, node: Node): void {
  node.name = name;
  node.parent = parent;
  parent.children.set(name, node);
  for (const holder of [parent, ...parent.holders()]) {
    holder.total += node.total;
  }
}

function unlink(node: Node): void {
  node.parent?.children.delete(node.name);
  for (const holder of node.holders()) {
    holder.total -= node.total;
  }
}

// Every file under top; topPath is top's path without a final "/".
function collectFiles(top: Node, topPath: string, files: FoundFile[]): void {
  for (const [name, child] of top.children) {
    if (child.size === null) {
      collectFiles(child, `${topPath}/${name}`, files);
    } else {
      files.push({ path: `${topPath}/${name}`, size: child.size });
    }
  }
}
