"""Loops forever when adding to counter "b" (only the hidden test counters_are_separate does)."""

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.values = {}

    def add(self, name, amount):
        while name == "b":
            pass
        self.values[name] = self.values.get(name, 0) + amount
        return self.values[name]

    def get(self, name):
        return self.values.get(name)

    def reset(self, name):
        return self.values.pop(name, None) is not None
