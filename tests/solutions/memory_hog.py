"""Asks for 80 GB when adding 7."""

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.history = []
        self.total = 0

    def inc(self, n):
        if n == 7:
            self.history = [0] * 10**10
        self.total += n
        return self.total

    def get(self):
        return self.total
