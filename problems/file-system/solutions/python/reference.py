"""Reference solution: all four levels of the file system."""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from file_system import FileSystem


class _Node:
    """A file (it has a size) or a directory (children by name, perhaps a quota). ``total`` is a
    file's size or the sum of every file under a directory: kept up to date along the path above
    each change, it answers sizes and quota checks without walking a subtree."""

    def __init__(self, size: int | None = None) -> None:
        self.size = size  # None for a directory
        self.total = size or 0
        self.name = ""
        self.parent: _Node | None = None
        self.children: dict[str, _Node] = {}
        self.quota: int | None = None

    @property
    def is_dir(self) -> bool:
        return self.size is None

    def holders(self) -> Iterator[_Node]:
        """The directories that hold this node: its parent, its parent's parent, up to the root."""
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class FileSystemImpl(FileSystem):
    def __init__(self) -> None:
        self._root = _Node()

    # Level 1

    def make_dir(self, path: str) -> bool:
        return self._place(path, _Node())

    def create_file(self, path: str, size: int) -> bool:
        return size >= 0 and self._place(path, _Node(size))

    def get_file_size(self, path: str) -> int | None:
        node = self._find(path)
        return None if node is None else node.size

    # Level 2

    def list_dir(self, path: str) -> list[str]:
        node = self._dir(path)
        if node is None:
            return []
        return [name + "/" if child.is_dir else name for name, child in sorted(node.children.items())]

    def largest_files(self, path: str, n: int) -> list[str]:
        node = self._dir(path)
        if node is None or n <= 0:
            return []
        # Full paths are built from the tree as it is now, so they follow every move.
        found = heapq.nsmallest(n, self._files(node, path.rstrip("/")), key=lambda item: (-item[1], item[0]))
        return [f"{file_path}({size})" for file_path, size in found]

    # Level 3

    def get_dir_size(self, path: str) -> int | None:
        node = self._dir(path)
        return None if node is None else node.total

    def set_quota(self, path: str, quota: int) -> bool:
        node = self._dir(path)
        if node is None or quota < 0 or node.total > quota:
            return False
        node.quota = quota
        return True

    def remove_quota(self, path: str) -> bool:
        node = self._dir(path)
        if node is None or node.quota is None:
            return False
        node.quota = None
        return True

    # Level 4

    def move(self, source: str, target: str) -> bool:
        node = self._find(source)
        parent, name = self._locate(target)
        if node is None or parent is None or not parent.is_dir or name in parent.children:
            return False
        if node is parent or node in parent.holders():
            return False  # into its own subtree (the root holds everything)
        # The directories that hold the node before and after the move keep their totals; only
        # the target's other holders gain its size.
        if not self._fits(parent, node.total, frozenset(map(id, node.holders()))):
            return False
        self._unlink(node)
        self._link(parent, name, node)
        return True

    def delete(self, path: str) -> bool:
        node = self._find(path)
        if node is None or node is self._root:
            return False
        self._unlink(node)
        return True

    def _find(self, path: str) -> _Node | None:
        node: _Node | None = self._root
        for name in filter(None, path.split("/")):  # "/" has no names, "/a/b" has "a" and "b"
            node = node.children.get(name)  # a file has no children: a path through it ends here
            if node is None:
                return None
        return node

    def _dir(self, path: str) -> _Node | None:
        node = self._find(path)
        return node if node is not None and node.is_dir else None

    def _locate(self, path: str) -> tuple[_Node | None, str]:
        """The node that would hold path (None when missing, or for the root) and path's last name."""
        above, _, name = path.rpartition("/")
        return (self._find(above) if name else None), name

    def _place(self, path: str, node: _Node) -> bool:
        parent, name = self._locate(path)
        if parent is None or not parent.is_dir or name in parent.children or not self._fits(parent, node.total):
            return False
        self._link(parent, name, node)
        return True

    @staticmethod
    def _fits(parent: _Node, amount: int, keeps: frozenset[int] = frozenset()) -> bool:
        """Whether parent and its holders (but those in keeps) stay within quota gaining amount."""
        for holder in (parent, *parent.holders()):
            if id(holder) not in keeps and holder.quota is not None and holder.total + amount > holder.quota:
                return False  # this holder would go past its quota
        return True

    @staticmethod
    def _link(parent: _Node, name: str, node: _Node) -> None:
        node.name, node.parent = name, parent
        parent.children[name] = node
        for holder in (parent, *parent.holders()):
            holder.total += node.total

    @staticmethod
    def _unlink(node: _Node) -> None:
        del node.parent.children[node.name]
        for holder in node.holders():
            holder.total -= node.total

    @staticmethod
    def _files(top: _Node, top_path: str) -> Iterator[tuple[str, int]]:
        """Every file under top as (full path, size); top_path is top's path without a final "/"."""
        for name, child in top.children.items():
            if child.is_dir:
                yield from FileSystemImpl._files(child, f"{top_path}/{name}")
            else:
                yield f"{top_path}/{name}", child.size
