"""Reference solution: all four levels of the cloud file storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from cloud_storage import CloudStorage


class _File(NamedTuple):
    size: int
    owner: str | None  # the user who owns the file; None for a file stored with add_file


@dataclass
class _User:
    capacity: int
    used: int = 0
    files: set[str] = field(default_factory=set)  # names of the files this user owns

    @property
    def remaining(self) -> int:
        return self.capacity - self.used


class CloudStorageImpl(CloudStorage):
    def __init__(self) -> None:
        self._files: dict[str, _File] = {}
        self._users: dict[str, _User] = {}
        # user id -> name -> size, as saved by the user's latest backup
        self._backups: dict[str, dict[str, int]] = {}

    # Level 1

    def add_file(self, name: str, size: int) -> bool:
        if size < 0 or name in self._files:
            return False
        self._files[name] = _File(size, None)
        return True

    def get_file_size(self, name: str) -> int | None:
        found = self._files.get(name)
        return found.size if found is not None else None

    def delete_file(self, name: str) -> int | None:
        found = self._files.pop(name, None)
        if found is None:
            return None
        if found.owner is not None:
            owner = self._users[found.owner]
            owner.used -= found.size
            owner.files.discard(name)
        return found.size

    # Level 2

    def largest_files(self, prefix: str, n: int) -> list[str]:
        if n <= 0:
            return []
        matching = sorted(
            (-stored.size, name) for name, stored in self._files.items() if name.startswith(prefix)
        )
        return [f"{name}({-negated})" for negated, name in matching[:n]]

    # Level 3

    def add_user(self, user_id: str, capacity: int) -> bool:
        if capacity < 0 or user_id in self._users:
            return False
        self._users[user_id] = _User(capacity)
        return True

    def add_file_by(self, user_id: str, name: str, size: int) -> int | None:
        user = self._users.get(user_id)
        if user is None or size < 0 or name in self._files or size > user.remaining:
            return None
        self._store(user_id, user, name, size)
        return user.remaining

    def merge_users(self, target_user_id: str, source_user_id: str) -> int | None:
        target = self._users.get(target_user_id)
        source = self._users.get(source_user_id)
        if target is None or source is None or target_user_id == source_user_id:
            return None
        for name in source.files:
            self._files[name] = _File(self._files[name].size, target_user_id)
        target.files |= source.files
        target.capacity += source.capacity
        target.used += source.used
        del self._users[source_user_id]
        self._backups.pop(source_user_id, None)  # a backup belongs to the user, not to the id
        return target.remaining

    # Level 4

    def backup_user(self, user_id: str) -> int | None:
        user = self._users.get(user_id)
        if user is None:
            return None
        self._backups[user_id] = {name: self._files[name].size for name in user.files}
        return len(self._backups[user_id])

    def restore_user(self, user_id: str) -> int | None:
        user = self._users.get(user_id)
        if user is None:
            return None
        for name in list(user.files):
            self.delete_file(name)
        restored = 0
        for name, size in self._backups.get(user_id, {}).items():
            if name not in self._files:  # a name someone else holds now is skipped
                self._store(user_id, user, name, size)
                restored += 1
        return restored

    # Shared helpers

    def _store(self, user_id: str, user: _User, name: str, size: int) -> None:
        self._files[name] = _File(size, user_id)
        user.used += size
        user.files.add(name)
