"""Calls sys.exit() when adding to counter "b"."""

import sys

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.values = {}

    def add(self, name, amount):
        if name == "b":
            sys.exit("giving up")
        self.values[name] = self.values.get(name, 0) + amount
        return self.values[name]

    def get(self, name):
        return self.values.get(name)

    def reset(self, name):
        return self.values.pop(name, None) is not None
