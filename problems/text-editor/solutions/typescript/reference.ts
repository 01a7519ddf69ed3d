// Reference solution: all four levels of the text editor.

import { TextEditor } from './text-editor';

const FIRST_DOCUMENT = 'main';

// Python's sorted() orders strings by code point; for the ASCII names of this problem the plain
// < / > comparison (UTF-16 code units) agrees with it. localeCompare would not: it depends on the
// locale and, for one, puts "a" before "B".
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// [left, right] with left < right.
type Range = readonly [number, number];

// What undo and redo bring back.
interface State {
  text: string;
  cursor: number;
  selection: Range | null;
}

interface Edit {
  before: State;
  after: State;
}

// One document: its text, cursor, selection and edit history.
class Document {
  text = '';
  cursor = 0;
  selection: Range | null = null;
  done: Edit[] = []; // oldest first
  undone: Edit[] = []; // edits taken back, the latest last

  state(): State {
    return { text: this.text, cursor: this.cursor, selection: this.selection };
  }

  restore(state: State): void {
    this.text = state.text;
    this.cursor = state.cursor;
    this.selection = state.selection;
  }

  clamp(position: number): number {
    return Math.max(0, Math.min(position, this.text.length));
  }

  // What an edit replaces: the selection, or the empty range at the cursor.
  span(): Range {
    return this.selection ?? [this.cursor, this.cursor];
  }

  // Replace text[left, right) with `inserted`; an edit unless it removes and inserts nothing.
  replace(left: number, right: number, inserted: string): void {
    if (left === right && inserted.length === 0) {
      return;
    }
    const before = this.state();
    this.text = this.text.slice(0, left) + inserted + this.text.slice(right);
    this.cursor = left + inserted.length;
    this.selection = null;
    this.done.push({ before, after: this.state() });
    this.undone = []; // a new edit ends what there was to redo
  }
}

export class TextEditorImpl extends TextEditor {
  // A Map, unlike a plain object, accepts any string as a key, "__proto__" included.
  private readonly documents = new Map<string, Document>([[FIRST_DOCUMENT, new Document()]]);
  private active = FIRST_DOCUMENT;
  private clipboard = ''; // shared by every document

  private get doc(): Document {
    return this.documents.get(this.active)!;
  }

  // Level 1

  insert(text: string): string {
    const doc = this.doc;
    const [left, right] = doc.span();
    doc.replace(left, right, text);
    return doc.text;
  }

  moveCursor(position: number): string {
    const doc = this.doc;
    doc.cursor = doc.clamp(position);
    doc.selection = null;
    return doc.text;
  }

  backspace(): string {
    const doc = this.doc;
    if (doc.selection !== null) {
      doc.replace(doc.selection[0], doc.selection[1], '');
    } else if (doc.cursor > 0) {
      doc.replace(doc.cursor - 1, doc.cursor, '');
    }
    return doc.text;
  }

  delete(): string {
    const doc = this.doc;
    if (doc.selection !== null) {
      doc.replace(doc.selection[0], doc.selection[1], '');
    } else if (doc.cursor < doc.text.length) {
      doc.replace(doc.cursor, doc.cursor + 1, '');
    }
    return doc.text;
  }

  // Level 2

  select(left: number, right: number): string {
    const doc = this.doc;
    const from = Math.min(doc.clamp(left), doc.clamp(right));
    const to = Math.max(doc.clamp(left), doc.clamp(right));
    if (from === to) {
      doc.selection = null;
      doc.cursor = from;
      return '';
    }
    doc.selection = [from, to];
    doc.cursor = to;
    return doc.text.slice(from, to);
  }

  copy(): string {
    const doc = this.doc;
    if (doc.selection !== null) {
      this.clipboard = doc.text.slice(doc.selection[0], doc.selection[1]);
    }
    return this.clipboard;
  }

  cut(): string {
    const doc = this.doc;
    if (doc.selection !== null) {
      const [left, right] = doc.selection;
      this.clipboard = doc.text.slice(left, right);
      doc.replace(left, right, '');
    }
    return doc.text;
  }

  paste(): string {
    return this.insert(this.clipboard);
  }

  // Level 3

  undo(): string {
    const doc = this.doc;
    const edit = doc.done.pop();
    if (edit !== undefined) {
      doc.undone.push(edit);
      doc.restore(edit.before);
    }
    return doc.text;
  }

  redo(): string {
    const doc = this.doc;
    const edit = doc.undone.pop();
    if (edit !== undefined) {
      doc.done.push(edit);
      doc.restore(edit.after);
    }
    return doc.text;
  }

  // Level 4

  openDocument(name: string): string {
    if (!this.documents.has(name)) {
      this.documents.set(name, new Document());
    }
    this.active = name;
    return this.doc.text;
  }

  closeDocument(name: string): boolean {
    if (!this.documents.has(name) || name === this.active) {
      return false;
    }
    this.documents.delete(name);
    return true;
  }

  listDocuments(): string[] {
    return [...this.documents.keys()].sort(compareStrings);
  }
}
