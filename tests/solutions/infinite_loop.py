"""Loops forever when adding 7."""

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.total = 0

    def inc(self, n):
        while n == 7:
            pass
        self.total += n
        return self.total

    def get(self):
        return self.total
