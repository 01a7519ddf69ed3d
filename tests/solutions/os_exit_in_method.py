"""Ends the whole process, with status 0, when adding 7."""

import os

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.total = 0

    def inc(self, n):
        if n == 7:
            os._exit(0)
        self.total += n
        return self.total

    def get(self):
        return self.total
