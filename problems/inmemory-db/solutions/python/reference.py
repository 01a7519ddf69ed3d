"""Reference solution: all four levels of the in-memory database, level 4 in each of its variants
(backup, transactions, compression): a session calls only its own variant's methods."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import groupby
from typing import NamedTuple

from in_memory_db import InMemoryDB

# A backup maps key -> field -> (value, remaining TTL at backup time, or None for no TTL).
Snapshot = dict[str, dict[str, tuple[str, int | None]]]
Records = dict[str, dict[str, "_Entry"]]

_DIGIT = re.compile("[0-9]")
_RUN = re.compile("([0-9]+)([^0-9])")  # an encoded run: its length, then its character


def _encode(value: str) -> str:
    """Run-length encoding: each maximal run of one character as its length, then the character."""
    return "".join(f"{len(list(run))}{char}" for char, run in groupby(value))


def _decode(stored: str) -> str:
    return "".join(char * int(length) for length, char in _RUN.findall(stored))


class _Entry(NamedTuple):
    value: str  # as stored: run-length encoded when ``encoded``
    expires_at: int | None = None  # first timestamp at which the field is gone; None = never
    encoded: bool = False

    def alive(self, now: int | None) -> bool:
        """Whether the field exists at ``now``; ``None`` means "no clock" (levels 1-2)."""
        return now is None or self.expires_at is None or now < self.expires_at

    def plain(self) -> str:
        """The value as it was written."""
        return _decode(self.value) if self.encoded else self.value

    def stored(self, compressed: bool) -> "_Entry":
        """The same field as a compressed or a plain record stores it; a value with a digit is
        never encoded, since its digits could not be told apart from the run lengths."""
        plain = self.plain()
        if compressed and not _DIGIT.search(plain):
            return _Entry(_encode(plain), self.expires_at, encoded=True)
        return _Entry(plain, self.expires_at)


class InMemoryDBImpl(InMemoryDB):
    def __init__(self) -> None:
        self._records: Records = {}
        self._backups: list[tuple[int, Snapshot]] = []  # in increasing timestamp order
        self._open: list[Records] = []  # open transactions, innermost last: the records as each began
        self._compressed: set[str] = set()  # the keys of compressed records

    # Level 1: the untimestamped calls are the timestamped ones without a clock.

    def set(self, key: str, field: str, value: str) -> None:
        self._write(key, field, _Entry(value))

    def get(self, key: str, field: str) -> str | None:
        return self._read(key, field, now=None)

    def delete(self, key: str, field: str) -> bool:
        return self._remove(key, field, now=None)

    # Level 2

    def scan(self, key: str) -> list[str]:
        return self._scan(key, "", now=None)

    def scan_by_prefix(self, key: str, prefix: str) -> list[str]:
        return self._scan(key, prefix, now=None)

    # Level 3

    def set_at(self, key: str, field: str, value: str, timestamp: int) -> None:
        self._write(key, field, _Entry(value), timestamp)

    def set_at_with_ttl(self, key: str, field: str, value: str, timestamp: int, ttl: int) -> None:
        self._write(key, field, _Entry(value, timestamp + ttl), timestamp)

    def delete_at(self, key: str, field: str, timestamp: int) -> bool:
        return self._remove(key, field, now=timestamp)

    def get_at(self, key: str, field: str, timestamp: int) -> str | None:
        return self._read(key, field, now=timestamp)

    def scan_at(self, key: str, timestamp: int) -> list[str]:
        return self._scan(key, "", now=timestamp)

    def scan_by_prefix_at(self, key: str, prefix: str, timestamp: int) -> list[str]:
        return self._scan(key, prefix, now=timestamp)

    # Level 4, backup variant (no compressed record ever meets a backup: they are different variants)

    def backup(self, timestamp: int) -> int:
        snapshot: Snapshot = {}
        for key, fields in self._records.items():
            saved = {
                name: (entry.value, None if entry.expires_at is None else entry.expires_at - timestamp)
                for name, entry in fields.items()
                if entry.alive(timestamp)
            }
            if saved:
                snapshot[key] = saved
        self._backups.append((timestamp, snapshot))
        return len(snapshot)

    def restore(self, timestamp: int, timestamp_to_restore: int) -> None:
        index = bisect_right(self._backups, timestamp_to_restore, key=lambda backup: backup[0]) - 1
        if index < 0:
            raise ValueError(f"no backup taken at or before {timestamp_to_restore}")
        _, snapshot = self._backups[index]
        self._records = {
            key: {
                name: _Entry(value, None if remaining is None else timestamp + remaining)
                for name, (value, remaining) in fields.items()
            }
            for key, fields in snapshot.items()
        }

    # Level 4, transactions variant. Each open transaction keeps a copy of the records as they were
    # when it began; every call works on the live records, which hold the changes of all open
    # transactions. Entries are immutable and keep their expiry moments, so copying each record's
    # dict is enough, and a rollback brings each field back with the lifetime it had.

    def begin(self, timestamp: int) -> int:
        self._open.append({key: dict(fields) for key, fields in self._records.items()})
        return len(self._open)

    def commit(self, timestamp: int) -> bool:
        # The changes are in the live records already. The parent's copy predates them, so a
        # rollback of the parent undoes them too: they have merged into it.
        if not self._open:
            return False
        self._open.pop()
        return True

    def rollback(self, timestamp: int) -> bool:
        if not self._open:
            return False
        self._records = self._open.pop()
        return True

    # Level 4, compression variant

    def compress(self, timestamp: int, key: str) -> bool:
        return self._store_record(key, timestamp, compressed=True)

    def decompress(self, timestamp: int, key: str) -> bool:
        return self._store_record(key, timestamp, compressed=False)

    def stored_value(self, timestamp: int, key: str, field: str) -> str | None:
        entry = self._live_entry(key, field, timestamp)
        return None if entry is None else entry.value

    def stored_size(self, timestamp: int, key: str) -> int | None:
        if not self._exists(key, timestamp):
            return None
        return sum(len(entry.value) for entry in self._records[key].values() if entry.alive(timestamp))

    def _store_record(self, key: str, now: int, compressed: bool) -> bool:
        if not self._exists(key, now) or (key in self._compressed) == compressed:
            return False
        if compressed:
            self._compressed.add(key)
        else:
            self._compressed.discard(key)
        fields = self._records[key]
        for name, entry in fields.items():
            fields[name] = entry.stored(compressed)
        return True

    # Shared helpers

    def _exists(self, key: str, now: int | None) -> bool:
        """Whether the record at ``key`` holds a field that exists at ``now``."""
        return any(entry.alive(now) for entry in self._records.get(key, {}).values())

    def _write(self, key: str, field: str, entry: _Entry, now: int | None = None) -> None:
        if key in self._compressed and not self._exists(key, now):
            self._compressed.discard(key)  # the record is gone, and its compression with it
        if key in self._compressed:
            entry = entry.stored(compressed=True)
        self._records.setdefault(key, {})[field] = entry

    def _read(self, key: str, field: str, now: int | None) -> str | None:
        entry = self._live_entry(key, field, now)
        return None if entry is None else entry.plain()

    def _live_entry(self, key: str, field: str, now: int | None) -> _Entry | None:
        entry = self._records.get(key, {}).get(field)
        return entry if entry is not None and entry.alive(now) else None

    def _remove(self, key: str, field: str, now: int | None) -> bool:
        fields = self._records.get(key)
        if fields is None or field not in fields or not fields[field].alive(now):
            return False
        del fields[field]
        if not fields:
            del self._records[key]
        return True

    def _scan(self, key: str, prefix: str, now: int | None) -> list[str]:
        fields = self._records.get(key, {})
        return [
            f"{name}({entry.plain()})"
            for name, entry in sorted(fields.items())
            if name.startswith(prefix) and entry.alive(now)
        ]
