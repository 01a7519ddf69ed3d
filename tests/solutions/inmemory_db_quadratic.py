"""In-memory database, levels 1-2, right in every answer but slow: a record is a list of
[field, value] pairs searched from the start on every call, so n sets on one record cost O(n^2).

The hidden level-2 performance test must fail it by name, and nothing else may.
"""

from in_memory_db import InMemoryDB


class InMemoryDBImpl(InMemoryDB):
    def __init__(self):
        self.records = {}  # key -> [[field, value], ...] in insertion order

    def _find(self, key, field):
        for pair in self.records.get(key, []):
            if pair[0] == field:
                return pair
        return None

    def set(self, key, field, value):
        pair = self._find(key, field)
        if pair is None:
            self.records.setdefault(key, []).append([field, value])
        else:
            pair[1] = value

    def get(self, key, field):
        pair = self._find(key, field)
        return None if pair is None else pair[1]

    def delete(self, key, field):
        pair = self._find(key, field)
        if pair is None:
            return False
        self.records[key].remove(pair)
        if not self.records[key]:
            del self.records[key]
        return True

    def scan(self, key):
        return [f"{field}({value})" for field, value in sorted(self.records.get(key, []))]

    def scan_by_prefix(self, key, prefix):
        return [item for item in self.scan(key) if item.startswith(prefix)]
