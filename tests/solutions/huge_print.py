"""Prints 100 MB of debugging output when adding 7."""

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.total = 0

    def inc(self, n):
        if n == 7:
            print("x" * 100_000_000)
        self.total += n
        return self.total

    def get(self):
        return self.total
