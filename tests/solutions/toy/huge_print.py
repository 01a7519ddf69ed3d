"""Prints 100 MB of debugging output when adding to counter "b"."""

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.values = {}

    def add(self, name, amount):
        if name == "b":
            print("x" * 100_000_000)
        self.values[name] = self.values.get(name, 0) + amount
        return self.values[name]

    def get(self, name):
        return self.values.get(name)

    def reset(self, name):
        return self.values.pop(name, None) is not None
