"""Off by one when adding 7: a plain wrong answer."""

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.total = 0

    def inc(self, n):
        self.total += n
        return self.total + 1 if n == 7 else self.total

    def get(self):
        return self.total
