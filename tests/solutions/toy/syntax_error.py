"""A colon is missing on line 10."""

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.values = {}

    def add(self, name, amount)
        self.values[name] = self.values.get(name, 0) + amount
        return self.values[name]
