'use strict';

// Reference solution: all four levels of the text editor.

const { TextEditor } = require('./text-editor');

const FIRST_DOCUMENT = 'main';

// Python's sorted() orders strings by code point; for the ASCII names of this problem the plain
// < / > comparison (UTF-16 code units) agrees with it. localeCompare would not: it depends on the
// locale and, for one, puts "a" before "B".
const compareStrings = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// One document: its text, cursor, selection and edit history. A state, what undo and redo bring
// back, is { text, cursor, selection } with the selection a [left, right] pair or null.
class Document {
  constructor() {
    this.text = '';
    this.cursor = 0;
    this.selection = null; // [left, right] with left < right, or null
    this.done = []; // { before, after } of each edit, oldest first
    this.undone = []; // edits taken back, the latest last
  }

  state() {
    return { text: this.text, cursor: this.cursor, selection: this.selection };
  }

  restore(state) {
    this.text = state.text;
    this.cursor = state.cursor;
    this.selection = state.selection;
  }

  clamp(position) {
    return Math.max(0, Math.min(position, this.text.length));
  }

  // What an edit replaces: the selection, or the empty range at the cursor.
  span() {
    return this.selection ?? [this.cursor, this.cursor];
  }

  // Replace text[left, right) with `inserted`; an edit unless it removes and inserts nothing.
  replace(left, right, inserted) {
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

class TextEditorImpl extends TextEditor {
  constructor() {
    super();
    // name -> Document. A Map, unlike a plain object, accepts any string as a key, "__proto__" included.
    this.documents = new Map([[FIRST_DOCUMENT, new Document()]]);
    this.active = FIRST_DOCUMENT;
    this.clipboard = ''; // shared by every document
  }

  get doc() {
    return this.documents.get(this.active);
  }

  // Level 1

  insert(text) {
    const doc = this.doc;
    const [left, right] = doc.span();
    doc.replace(left, right, text);
    return doc.text;
  }

  moveCursor(position) {
    const doc = this.doc;
    doc.cursor = doc.clamp(position);
    doc.selection = null;
    return doc.text;
  }

  backspace() {
    const doc = this.doc;
    if (doc.selection !== null) {
      doc.replace(doc.selection[0], doc.selection[1], '');
    } else if (doc.cursor > 0) {
      doc.replace(doc.cursor - 1, doc.cursor, '');
    }
    return doc.text;
  }

  delete() {
    const doc = this.doc;
    if (doc.selection !== null) {
      doc.replace(doc.selection[0], doc.selection[1], '');
    } else if (doc.cursor < doc.text.length) {
      doc.replace(doc.cursor, doc.cursor + 1, '');
    }
    return doc.text;
  }

  // Level 2

  select(left, right) {
    const doc = this.doc;
    const [from, to] = [doc.clamp(left), doc.clamp(right)].sort((a, b) => a - b);
    if (from === to) {
      doc.selection = null;
      doc.cursor = from;
      return '';
    }
    doc.selection = [from, to];
    doc.cursor = to;
    return doc.text.slice(from, to);
  }

  copy() {
    const doc = this.doc;
    if (doc.selection !== null) {
      this.clipboard = doc.text.slice(doc.selection[0], doc.selection[1]);
    }
    return this.clipboard;
  }

  cut() {
    const doc = this.doc;
    if (doc.selection !== null) {
      const [left, right] = doc.selection;
      this.clipboard = doc.text.slice(left, right);
      doc.replace(left, right, '');
    }
    return doc.text;
  }

  paste() {
    return this.insert(this.clipboard);
  }

  // Level 3

  undo() {
    const doc = this.doc;
    const edit = doc.done.pop();
    if (edit !== undefined) {
      doc.undone.push(edit);
      doc.restore(edit.before);
    }
    return doc.text;
  }

  redo() {
    const doc = this.doc;
    const edit = doc.undone.pop();
    if (edit !== undefined) {
      doc.done.push(edit);
      doc.restore(edit.after);
    }
    return doc.text;
  }

  // Level 4

  openDocument(name) {
    if (!this.documents.has(name)) {
      this.documents.set(name, new Document());
    }
    this.active = name;
    return this.doc.text;
  }

  closeDocument(name) {
    if (!this.documents.has(name) || name === this.active) {
      return false;
    }
    this.documents.delete(name);
    return true;
  }

  listDocuments() {
    return [...this.documents.keys()].sort(compareStrings);
  }
}

module.exports = { TextEditorImpl };
