// Reference solution: all four levels of the text editor.
package texteditor

import "sort"

const firstDocument = "main"

// span is a range [left, right) of the text; a selection always has left < right.
type span struct {
	left, right int
}

// state is what undo and redo bring back.
type state struct {
	text      string
	cursor    int
	selection *span // nil: no selection; never changed in place, so states may share it
}

// edit is one edit's states just before and just after it.
type edit struct {
	before, after state
}

// document is one document: its text, cursor, selection and edit history.
type document struct {
	state
	done   []edit // oldest first
	undone []edit // edits taken back, the latest last
}

func (d *document) clamp(position int) int {
	if position < 0 {
		return 0
	}
	if position > len(d.text) {
		return len(d.text)
	}
	return position
}

// target is what an edit replaces: the selection, or the empty range at the cursor.
func (d *document) target() span {
	if d.selection != nil {
		return *d.selection
	}
	return span{d.cursor, d.cursor}
}

// replace puts inserted in place of text[r.left:r.right]; an edit unless it removes and inserts nothing.
func (d *document) replace(r span, inserted string) {
	if r.left == r.right && inserted == "" {
		return
	}
	before := d.state
	d.text = d.text[:r.left] + inserted + d.text[r.right:]
	d.cursor = r.left + len(inserted)
	d.selection = nil
	d.done = append(d.done, edit{before: before, after: d.state})
	d.undone = nil // a new edit ends what there was to redo
}

// TextEditorImpl keeps documents by name in a map, so that a lookup does not grow with their number.
type TextEditorImpl struct {
	documents map[string]*document
	active    string
	clipboard string // shared by every document
}

// NewTextEditorImpl returns an editor holding one empty document, "main".
func NewTextEditorImpl() *TextEditorImpl {
	return &TextEditorImpl{
		documents: map[string]*document{firstDocument: {}},
		active:    firstDocument,
	}
}

func (t *TextEditorImpl) doc() *document {
	return t.documents[t.active]
}

// Level 1

func (t *TextEditorImpl) Insert(text string) string {
	d := t.doc()
	d.replace(d.target(), text)
	return d.text
}

func (t *TextEditorImpl) MoveCursor(position int) string {
	d := t.doc()
	d.cursor = d.clamp(position)
	d.selection = nil
	return d.text
}

func (t *TextEditorImpl) Backspace() string {
	d := t.doc()
	if d.selection != nil {
		d.replace(*d.selection, "")
	} else if d.cursor > 0 {
		d.replace(span{d.cursor - 1, d.cursor}, "")
	}
	return d.text
}

func (t *TextEditorImpl) Delete() string {
	d := t.doc()
	if d.selection != nil {
		d.replace(*d.selection, "")
	} else if d.cursor < len(d.text) {
		d.replace(span{d.cursor, d.cursor + 1}, "")
	}
	return d.text
}

// Level 2

func (t *TextEditorImpl) Select(left int, right int) string {
	d := t.doc()
	from, to := d.clamp(left), d.clamp(right)
	if from > to {
		from, to = to, from
	}
	if from == to {
		d.selection = nil
		d.cursor = from
		return ""
	}
	d.selection = &span{from, to}
	d.cursor = to
	return d.text[from:to]
}

func (t *TextEditorImpl) Copy() string {
	d := t.doc()
	if d.selection != nil {
		t.clipboard = d.text[d.selection.left:d.selection.right]
	}
	return t.clipboard
}

func (t *TextEditorImpl) Cut() string {
	d := t.doc()
	if d.selection != nil {
		t.clipboard = d.text[d.selection.left:d.selection.right]
		d.replace(*d.selection, "")
	}
	return d.text
}

func (t *TextEditorImpl) Paste() string {
	return t.Insert(t.clipboard)
}

// Level 3

func (t *TextEditorImpl) Undo() string {
	d := t.doc()
	if n := len(d.done); n > 0 {
		e := d.done[n-1]
		d.done = d.done[:n-1]
		d.undone = append(d.undone, e)
		d.state = e.before
	}
	return d.text
}

func (t *TextEditorImpl) Redo() string {
	d := t.doc()
	if n := len(d.undone); n > 0 {
		e := d.undone[n-1]
		d.undone = d.undone[:n-1]
		d.done = append(d.done, e)
		d.state = e.after
	}
	return d.text
}

// Level 4

func (t *TextEditorImpl) OpenDocument(name string) string {
	if _, ok := t.documents[name]; !ok {
		t.documents[name] = &document{}
	}
	t.active = name
	return t.doc().text
}

func (t *TextEditorImpl) CloseDocument(name string) bool {
	if _, ok := t.documents[name]; !ok || name == t.active {
		return false
	}
	delete(t.documents, name)
	return true
}

func (t *TextEditorImpl) ListDocuments() []string {
	names := make([]string, 0, len(t.documents))
	for name := range t.documents {
		names = append(names, name)
	}
	// sort.Strings compares bytes: for these ASCII names, by character code.
	sort.Strings(names)
	return names
}
