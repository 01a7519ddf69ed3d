"""Calls sys.exit() when adding 7."""

import sys

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.total = 0

    def inc(self, n):
        if n == 7:
            sys.exit("bad input")
        self.total += n
        return self.total

    def get(self):
        return self.total
