"""Reference solution for the text editor, all four levels."""

from __future__ import annotations

from text_editor import TextEditor

# What undo and redo bring back: (text, cursor, selection), the selection a (left, right) pair or None.
State = tuple[str, int, "tuple[int, int] | None"]

FIRST_DOCUMENT = "main"


class _Document:
    """One document: its text, cursor, selection and edit history."""

    def __init__(self) -> None:
        self.text = ""
        self.cursor = 0
        self.selection: tuple[int, int] | None = None  # left < right, or None
        self.done: list[tuple[State, State]] = []  # (before, after) of each edit, oldest first
        self.undone: list[tuple[State, State]] = []  # edits taken back, the latest last

    def state(self) -> State:
        return (self.text, self.cursor, self.selection)

    def restore(self, state: State) -> None:
        self.text, self.cursor, self.selection = state

    def clamp(self, position: int) -> int:
        return max(0, min(position, len(self.text)))

    def span(self) -> tuple[int, int]:
        """What an edit replaces: the selection, or the empty range at the cursor."""
        return self.selection or (self.cursor, self.cursor)

    def replace(self, left: int, right: int, inserted: str) -> None:
        """Replace text[left:right] with ``inserted``; an edit unless it removes and inserts nothing."""
        if left == right and not inserted:
            return
        before = self.state()
        self.text = self.text[:left] + inserted + self.text[right:]
        self.cursor = left + len(inserted)
        self.selection = None
        self.done.append((before, self.state()))
        self.undone.clear()  # a new edit ends what there was to redo


class TextEditorImpl(TextEditor):
    def __init__(self) -> None:
        self._documents: dict[str, _Document] = {FIRST_DOCUMENT: _Document()}
        self._active = FIRST_DOCUMENT
        self._clipboard = ""  # shared by every document

    @property
    def _doc(self) -> _Document:
        return self._documents[self._active]

    # -- level 1 ---------------------------------------------------------------

    def insert(self, text: str) -> str:
        doc = self._doc
        doc.replace(*doc.span(), text)
        return doc.text

    def move_cursor(self, position: int) -> str:
        doc = self._doc
        doc.cursor = doc.clamp(position)
        doc.selection = None
        return doc.text

    def backspace(self) -> str:
        doc = self._doc
        if doc.selection is not None:
            doc.replace(*doc.selection, "")
        elif doc.cursor > 0:
            doc.replace(doc.cursor - 1, doc.cursor, "")
        return doc.text

    def delete(self) -> str:
        doc = self._doc
        if doc.selection is not None:
            doc.replace(*doc.selection, "")
        elif doc.cursor < len(doc.text):
            doc.replace(doc.cursor, doc.cursor + 1, "")
        return doc.text

    # -- level 2 ---------------------------------------------------------------

    def select(self, left: int, right: int) -> str:
        doc = self._doc
        left, right = sorted((doc.clamp(left), doc.clamp(right)))
        if left == right:
            doc.selection = None
            doc.cursor = left
            return ""
        doc.selection = (left, right)
        doc.cursor = right
        return doc.text[left:right]

    def copy(self) -> str:
        doc = self._doc
        if doc.selection is not None:
            left, right = doc.selection
            self._clipboard = doc.text[left:right]
        return self._clipboard

    def cut(self) -> str:
        doc = self._doc
        if doc.selection is not None:
            left, right = doc.selection
            self._clipboard = doc.text[left:right]
            doc.replace(left, right, "")
        return doc.text

    def paste(self) -> str:
        return self.insert(self._clipboard)

    # -- level 3 ---------------------------------------------------------------

    def undo(self) -> str:
        doc = self._doc
        if doc.done:
            edit = doc.done.pop()
            doc.undone.append(edit)
            doc.restore(edit[0])
        return doc.text

    def redo(self) -> str:
        doc = self._doc
        if doc.undone:
            edit = doc.undone.pop()
            doc.done.append(edit)
            doc.restore(edit[1])
        return doc.text

    # -- level 4 ---------------------------------------------------------------

    def open_document(self, name: str) -> str:
        if name not in self._documents:
            self._documents[name] = _Document()
        self._active = name
        return self._doc.text

    def close_document(self, name: str) -> bool:
        if name not in self._documents or name == self._active:
            return False
        del self._documents[name]
        return True

    def list_documents(self) -> list[str]:
        return sorted(self._documents)
