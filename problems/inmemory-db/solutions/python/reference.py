"""Reference solution: all four levels of the in-memory database."""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from in_memory_db import InMemoryDB

# A backup maps key -> field -> (value, remaining TTL at backup time, or None for no TTL).
Snapshot = dict[str, dict[str, tuple[str, int | None]]]


class _Entry(NamedTuple):
    value: str
    expires_at: int | None = None  # first timestamp at which the field is gone; None = never

    def alive(self, now: int | None) -> bool:
        """Whether the field exists at ``now``; ``None`` means "no clock" (levels 1-2)."""
        return now is None or self.expires_at is None or now < self.expires_at


class InMemoryDBImpl(InMemoryDB):
    def __init__(self) -> None:
        self._records: dict[str, dict[str, _Entry]] = {}
        self._backups: list[tuple[int, Snapshot]] = []  # in increasing timestamp order

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
        self._write(key, field, _Entry(value))

    def set_at_with_ttl(self, key: str, field: str, value: str, timestamp: int, ttl: int) -> None:
        self._write(key, field, _Entry(value, timestamp + ttl))

    def delete_at(self, key: str, field: str, timestamp: int) -> bool:
        return self._remove(key, field, now=timestamp)

    def get_at(self, key: str, field: str, timestamp: int) -> str | None:
        return self._read(key, field, now=timestamp)

    def scan_at(self, key: str, timestamp: int) -> list[str]:
        return self._scan(key, "", now=timestamp)

    def scan_by_prefix_at(self, key: str, prefix: str, timestamp: int) -> list[str]:
        return self._scan(key, prefix, now=timestamp)

    # Level 4

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

    # Shared helpers

    def _write(self, key: str, field: str, entry: _Entry) -> None:
        self._records.setdefault(key, {})[field] = entry

    def _read(self, key: str, field: str, now: int | None) -> str | None:
        entry = self._records.get(key, {}).get(field)
        return entry.value if entry is not None and entry.alive(now) else None

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
            f"{name}({entry.value})"
            for name, entry in sorted(fields.items())
            if name.startswith(prefix) and entry.alive(now)
        ]
